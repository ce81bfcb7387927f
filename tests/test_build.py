"""The builder: provenance on every edge, merged citations, literal facts and kept conflicts."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

import graph
from graph.build import build_graph, graph_to_dataset
from graph.model import Claim, Dataset, Entity, Source
from graph.vocabulary import ATTRIBUTES, ENTITY_TYPES, RELATIONS


def test_nodes_carry_type_label_and_aliases(tiny_graph: nx.MultiDiGraph) -> None:
    nato = tiny_graph.nodes["alliance:nato"]
    assert nato["type"] == "alliance"
    assert nato["label"] == "NATO"
    assert nato["aliases"] == ["North Atlantic Treaty Organization", "the Alliance"]
    assert nato["description"] == "A military alliance"


def test_edge_has_relation_period_and_citations(tiny_graph: nx.MultiDiGraph) -> None:
    edge = tiny_graph.edges["state:FIN", "alliance:nato", "member_of"]
    assert edge["relation"] == "member_of"
    assert edge["start"] == "2023-04-04"
    assert edge["end"] is None
    assert edge["citations"] == ["s-nato"]
    assert edge["evidence"] == [
        {
            "source": "s-nato",
            "locator": "para 1",
            "note": "Finland joined",
            "start": "2023-04-04",
            "end": None,
        }
    ]


def test_several_sources_merge_into_one_edge(tiny_graph: nx.MultiDiGraph) -> None:
    edges = tiny_graph.get_edge_data("state:RUS", "event:meeting")
    assert list(edges) == ["excluded_from"]
    assert edges["excluded_from"]["citations"] == ["s-article", "s-nato"]
    assert edges["excluded_from"]["negative"] is True


def test_literal_claims_become_facts_with_citations(tiny_graph: nx.MultiDiGraph) -> None:
    facts = tiny_graph.nodes["event:meeting"]["facts"]["date"]
    assert [(item["value"], item["citations"]) for item in facts] == [
        ("2021-07-13", ["s-nato"]),
        ("2021-07-14", ["s-article"]),
    ]


def test_conflicting_values_are_kept_and_the_node_marked(tiny_graph: nx.MultiDiGraph) -> None:
    meeting = tiny_graph.nodes["event:meeting"]
    assert meeting["conflict"] is True
    assert meeting["conflicts"] == ["date"]
    assert "date" not in meeting, "a disputed value must not be silently resolved"
    assert graph.conflicts(tiny_graph) == [("event:meeting", ["date"])]


def _tiny(claims: tuple[Claim, ...]) -> Dataset:
    return Dataset(
        (Entity("p", "person", "P"), Entity("b", "body", "B"), Entity("e", "event", "E")),
        claims,
        (Source("s1", "One", url="https://a.example"), Source("s2", "Two", url="https://b.example")),
    )


def test_agreeing_values_set_a_plain_attribute() -> None:
    G = build_graph(_tiny((Claim("e", "date", "2021-07-13", "s1"), Claim("e", "date", "2021-07-13", "s2"))))
    assert G.nodes["e"]["date"] == "2021-07-13"
    assert G.nodes["e"]["facts"]["date"][0]["citations"] == ["s1", "s2"]
    assert G.nodes["e"]["conflict"] is False


def test_values_in_separate_periods_do_not_conflict() -> None:
    G = build_graph(
        _tiny(
            (
                Claim("p", "rank", "Major General", "s1", start="2010", end="2015"),
                Claim("p", "rank", "Lieutenant General", "s1", start="2015"),
            )
        )
    )
    assert G.nodes["p"]["conflict"] is False
    assert len(G.nodes["p"]["facts"]["rank"]) == 2


def test_overlapping_dated_periods_for_one_relation_conflict() -> None:
    G = build_graph(
        _tiny(
            (
                Claim("p", "holds_office", "b", "s1", start="2019-07-11"),
                Claim("p", "holds_office", "b", "s2", start="2019-09-01"),
            )
        )
    )
    edges = G.get_edge_data("p", "b")
    assert len(edges) == 2, "one edge per period"
    assert all(edge["conflict"] for edge in edges.values())
    assert G.nodes["p"]["conflicts"] == ["holds_office → b"]


def test_separate_periods_are_separate_edges_without_conflict() -> None:
    G = build_graph(
        _tiny(
            (
                Claim("p", "holds_office", "b", "s1", start="1995-04", end="1996-10"),
                Claim("p", "holds_office", "b", "s1", start="2008-04"),
            )
        )
    )
    edges = G.get_edge_data("p", "b")
    assert sorted(edges) == ["holds_office@1995-04..1996-10", "holds_office@2008-04.."]
    assert not any(edge["conflict"] for edge in edges.values())
    assert G.nodes["p"]["conflict"] is False


def test_a_coarser_or_missing_date_merges_into_the_precise_edge() -> None:
    G = build_graph(
        _tiny(
            (
                Claim("p", "holds_office", "b", "s1", start="2019-07-11", end="2022-07-14"),
                Claim("p", "holds_office", "b", "s2", start="2019"),
                Claim("p", "holds_office", "b", "s2", locator="para 9"),
            )
        )
    )
    edges = G.get_edge_data("p", "b")
    assert list(edges) == ["holds_office"]
    edge = edges["holds_office"]
    assert (edge["start"], edge["end"], edge["conflict"]) == ("2019-07-11", "2022-07-14", False)
    assert [(item["source"], item["start"]) for item in edge["evidence"]] == [
        ("s1", "2019-07-11"),
        ("s2", "2019"),
        ("s2", None),
    ]
    assert G.nodes["p"]["conflict"] is False


def test_a_claim_that_fits_two_periods_qualifies_both() -> None:
    G = build_graph(
        _tiny(
            (
                Claim("p", "holds_office", "b", "s1", start="1992"),
                Claim("p", "holds_office", "b", "s2", start="1991-12-20"),
                Claim("p", "holds_office", "b", "s3", end="1997-05-30"),
                Claim("p", "holds_office", "b", "s3", locator="undated"),
            )
        )
    )
    edges = sorted(G.get_edge_data("p", "b").values(), key=lambda edge: edge["start"])
    assert [(edge["start"], edge["end"]) for edge in edges] == [
        ("1991-12-20", "1997-05-30"),
        ("1992", "1997-05-30"),
    ]
    assert all(edge["citations"][1:] == ["s3"] for edge in edges)
    assert all(edge["conflict"] for edge in edges), "the two starts disagree"
    assert len(graph_to_dataset(G).claims) == 4, "a shared claim is still one claim"


def test_separate_periods_each_take_an_undated_claim() -> None:
    G = build_graph(
        _tiny(
            (
                Claim("p", "holds_office", "b", "s1", start="1995-04", end="1996-10"),
                Claim("p", "holds_office", "b", "s1", start="2008-04"),
                Claim("p", "holds_office", "b", "s2"),
            )
        )
    )
    edges = G.get_edge_data("p", "b")
    assert len(edges) == 2
    assert all(edge["citations"] == ["s1", "s2"] for edge in edges.values())
    assert G.nodes["p"]["conflict"] is False


def test_dates_of_different_precision_do_not_conflict() -> None:
    G = build_graph(_tiny((Claim("e", "date", "2021-07", "s1"), Claim("e", "date", "2021-07-13", "s2"))))
    assert G.nodes["e"]["conflict"] is False
    assert G.nodes["e"]["date"] == "2021-07-13"


def test_roles_keep_edges_apart() -> None:
    G = build_graph(
        _tiny(
            (
                Claim("p", "holds_office", "b", "s1", start="2019", role="Director General"),
                Claim("p", "holds_office", "b", "s1", start="2015", role="Representative"),
            )
        )
    )
    assert {edge["role"] for edge in G.get_edge_data("p", "b").values()} == {
        "Director General",
        "Representative",
    }


def test_building_does_not_change_the_dataset(tiny_folder) -> None:
    dataset = graph.load_dataset(tiny_folder)
    before = (dataset.entities, dataset.claims, dataset.sources)
    G = build_graph(dataset)
    G.nodes["state:FIN"]["aliases"].append("changed")
    assert (dataset.entities, dataset.claims, dataset.sources) == before


# ---- Hypothesis: tables → graph → tables gives the same tables ----

slugs = st.text(alphabet="abcdefghij0123456789:-_", min_size=1, max_size=8)
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
dates = st.dates().map(lambda day: day.isoformat()) | st.sampled_from(["1994", "2021-07"])


@st.composite
def datasets(draw) -> Dataset:
    ids = draw(st.lists(slugs, min_size=1, max_size=6, unique=True))
    entities = tuple(
        Entity(
            entity_id,
            draw(st.sampled_from(sorted(ENTITY_TYPES))),
            draw(texts) or entity_id,
            tuple(draw(st.lists(texts.filter(lambda t: t.strip() == t and t and "|" not in t), max_size=2))),
            draw(texts),
        )
        for entity_id in ids
    )
    source_ids = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    sources = tuple(
        Source(source_id, draw(texts), url="https://example.org/" + source_id) for source_id in source_ids
    )
    claims = set()
    for _ in range(draw(st.integers(0, 12))):
        relation = draw(st.sampled_from([*sorted(RELATIONS), "rank", "date"]))
        subject = draw(st.sampled_from(ids))
        if relation in ATTRIBUTES:
            target = draw(dates) if ATTRIBUTES[relation] == "date" else draw(texts.filter(bool))
        else:
            target = draw(st.sampled_from(ids))
        start = draw(st.none() | dates)
        end = draw(st.none() | dates)
        if start and end and end < start:
            start, end = end, start
        claims.add(
            Claim(
                subject,
                relation,
                target,
                draw(st.sampled_from(source_ids)),
                start,
                end,
                draw(texts),
                draw(texts),
                draw(st.sampled_from(["", "Chair"])) if relation not in ATTRIBUTES else "",
            )
        )
    return Dataset(entities, tuple(claims), sources)


@settings(max_examples=150, deadline=None)
@given(datasets())
def test_tables_graph_tables_round_trip(dataset: Dataset) -> None:
    back = graph_to_dataset(build_graph(dataset))
    assert set(back.entities) == set(dataset.entities)
    assert set(back.claims) == set(dataset.claims)
    assert set(back.sources) == set(dataset.sources)


@settings(max_examples=60, deadline=None)
@given(datasets())
def test_every_edge_is_cited(dataset: Dataset) -> None:
    G = build_graph(dataset)
    for _, _, data in G.edges(data=True):
        assert data["citations"]
        assert set(data["citations"]) <= set(G.graph["sources"])
