"""Queries: filters, neighbourhoods, paths, search and participants, each on a tiny graph."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import graph
from graph.query import fold, neighbourhood


def test_filter_by_type_keeps_only_those_nodes(tiny_graph: nx.MultiDiGraph) -> None:
    view = graph.filter_graph(tiny_graph, types=["state", "alliance"])
    assert {data["type"] for _, data in view.nodes(data=True)} == {"state", "alliance"}
    assert set(view.edges()) == {("state:FIN", "alliance:nato")}


def test_filter_by_relation(tiny_graph: nx.MultiDiGraph) -> None:
    view = graph.filter_graph(tiny_graph, relations=["excluded_from"])
    assert {(s, t) for s, t in view.edges()} == {
        ("state:RUS", "event:meeting"),
        ("state:BLR", "event:meeting"),
    }
    assert view.number_of_nodes() == tiny_graph.number_of_nodes()


def test_filter_as_of_uses_half_open_periods(tiny_graph: nx.MultiDiGraph) -> None:
    before = graph.filter_graph(tiny_graph, relations=["member_of", "partner_in"], as_of="2023-04-03")
    on_the_day = graph.filter_graph(tiny_graph, relations=["member_of", "partner_in"], as_of="2023-04-04")
    assert before.has_edge("state:FIN", "framework:pfp")
    assert not before.has_edge("state:FIN", "alliance:nato")
    assert on_the_day.has_edge("state:FIN", "alliance:nato")
    assert not on_the_day.has_edge("state:FIN", "framework:pfp"), "the end date is exclusive"


def test_filter_hide_isolated(tiny_graph: nx.MultiDiGraph) -> None:
    view = graph.filter_graph(tiny_graph, relations=["member_of"], hide_isolated=True)
    assert set(view) == {"state:FIN", "alliance:nato"}


def test_filter_returns_a_new_graph(tiny_graph: nx.MultiDiGraph) -> None:
    frozen = nx.freeze(tiny_graph)
    view = graph.filter_graph(frozen, types=["state"])
    view.add_node("new")  # the view is ours to change
    assert "new" not in tiny_graph


def test_filter_rejects_unknown_names(tiny_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(graph.InputError, match="Unknown relation"):
        graph.filter_graph(tiny_graph, relations=["friend_of"])
    with pytest.raises(graph.InputError, match="Unknown entity type"):
        graph.filter_graph(tiny_graph, types=["planet"])


def test_neighbourhood_depth(tiny_graph: nx.MultiDiGraph) -> None:
    assert set(neighbourhood(tiny_graph, "person:host", 0)) == {"person:host"}
    assert set(neighbourhood(tiny_graph, "person:host", 1)) == {"person:host", "event:meeting", "body:ims"}
    two = set(neighbourhood(tiny_graph, "person:host", 2))
    assert {"state:RUS", "state:BLR", "state:AUT"} <= two
    assert "alliance:nato" not in two


def test_neighbourhood_of_unknown_entity_suggests(tiny_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(graph.UnknownEntityError, match="Did you mean state:FIN"):
        neighbourhood(tiny_graph, "finland", 1)


def test_shortest_path_steps_have_relation_and_citations(tiny_graph: nx.MultiDiGraph) -> None:
    paths = graph.shortest_paths(tiny_graph, "person:host", "state:RUS")
    assert len(paths) == 1
    first, second = paths[0]
    assert (first.subject, first.relation, first.object, first.forward) == (
        "person:host",
        "hosted",
        "event:meeting",
        True,
    )
    assert (second.subject, second.relation, second.object, second.forward) == (
        "state:RUS",
        "excluded_from",
        "event:meeting",
        False,
    )
    assert second.citations == ("s-article", "s-nato")


def test_shortest_paths_none_and_same(tiny_graph: nx.MultiDiGraph) -> None:
    G = nx.MultiDiGraph(tiny_graph)
    G.add_node("island", type="place", label="Island")
    assert graph.shortest_paths(G, "island", "state:RUS") == []
    assert graph.shortest_paths(G, "state:RUS", "state:RUS") == [[]]


def test_parallel_edges_give_one_path_each() -> None:
    G = nx.MultiDiGraph()
    G.add_node("a", label="A")
    G.add_node("b", label="B")
    G.add_edge("a", "b", key="member_of", relation="member_of", citations=["s1"])
    G.add_edge("a", "b", key="partner_in", relation="partner_in", citations=["s2"])
    paths = graph.shortest_paths(G, "a", "b")
    assert sorted(path[0].relation for path in paths) == ["member_of", "partner_in"]


def test_fold_strips_case_and_accents() -> None:
    assert fold("ÖSTERREICH") == "osterreich"
    assert fold("Brüssel") == "brussel"


def test_search_is_case_and_accent_insensitive(tiny_graph: nx.MultiDiGraph) -> None:
    hits = graph.search(tiny_graph, "osterreich")
    assert [hit.id for hit in hits] == ["state:AUT"]
    assert hits[0].matched == "Österreich"


def test_search_ranks_exact_before_prefix_before_substring(tiny_graph: nx.MultiDiGraph) -> None:
    G = nx.MultiDiGraph(tiny_graph)
    G.add_node("x:1", label="Russian Federation Navy", type="body")
    G.add_node("x:2", label="Belarus and Russia", type="event")
    ranked = [hit.id for hit in graph.search(G, "russia")]
    assert ranked[0] == "state:RUS"
    assert ranked.index("x:1") < ranked.index("x:2")


def test_search_finds_aliases_and_ids(tiny_graph: nx.MultiDiGraph) -> None:
    assert graph.search(tiny_graph, "the alliance")[0].id == "alliance:nato"
    assert graph.search(tiny_graph, "pfp")[0].id == "framework:pfp"
    assert graph.search(tiny_graph, "   ") == []


def test_excluded_and_invited(tiny_graph: nx.MultiDiGraph) -> None:
    assert graph.excluded_from(tiny_graph, "event:meeting") == ["state:BLR", "state:RUS"]
    assert graph.invited_to(tiny_graph, "event:meeting") == ["state:AUT"]


def test_members_and_partners_as_of(tiny_graph: nx.MultiDiGraph) -> None:
    assert graph.members(tiny_graph, "alliance:nato", "2021-07-14") == []
    assert graph.members(tiny_graph, "alliance:nato", "today") == ["state:FIN"]
    assert graph.partners(tiny_graph, "framework:pfp", "2021-07-14") == [
        "state:AUT",
        "state:FIN",
        "state:RUS",
    ]
    assert graph.partners(tiny_graph, "framework:pfp", "1994-06-01") == ["state:FIN"]


def test_objects_of(tiny_graph: nx.MultiDiGraph) -> None:
    assert graph.objects_of(tiny_graph, "person:host", "holds_office", "2021-07-13") == ["body:ims"]
    assert graph.objects_of(tiny_graph, "person:host", "holds_office", "2023-01-01") == []


def test_picker_labels_spell_accented_names_in_plain_letters_too(nato: nx.MultiDiGraph) -> None:
    from graph.query import choice_label

    assert choice_label(nato, "state:TUR") == "Türkiye — Turkey, Turkiye (state)"
    assert choice_label(nato, "state:AUT") == "Austria — Österreich, Osterreich (state)"
    communique = next(node for node in nato if "Communiqué" in str(nato.nodes[node].get("label")))
    assert choice_label(nato, communique).count("Communique") == 1, "an alias already in plain letters"
    assert choice_label(nato, "state:FIN") == "Finland — Suomi (state)"


# Latin letters (with their accented forms) and the combining accents, but not U+0345,
# which case folding turns into a Greek letter before accents are stripped.
LATIN = st.characters(min_codepoint=0x20, max_codepoint=0x36F, exclude_characters="\u0345")


@given(st.text(alphabet=LATIN, max_size=30))
def test_plain_letters_keep_what_search_folds(text: str) -> None:
    """What a picker shows in plain letters is what the search box folds the name to."""
    import unicodedata

    from graph.query import plain_letters

    plain = plain_letters(text)
    assert not any(unicodedata.combining(char) for char in plain)
    assert fold(plain) == fold(text)
