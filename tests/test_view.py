"""The view spec: validation, URL round trips, presets and the subgraph each selects."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import graph
from graph.errors import InputError
from graph.view import MEETING, PRESETS, ViewSpec, apply_view, faded_nodes
from graph.vocabulary import ENTITY_TYPES, RELATIONS


def test_spec_is_frozen_and_hashable() -> None:
    spec = ViewSpec(types=("state",), as_of="2021-07-14")
    assert hash(spec) == hash(ViewSpec(types=("state",), as_of="2021-07-14"))
    with pytest.raises(AttributeError):
        spec.as_of = "2020-01-01"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"types": ("planet",)}, "Unknown entity type"),
        ({"relations": ("likes",)}, "Unknown relation"),
        ({"as_of": "14/07/2021"}, "as_of"),
        ({"depth": 9}, "depth must be between"),
        ({"color_by": "mood"}, "color_by"),
        ({"size_by": "weight"}, "size_by"),
    ],
)
def test_spec_rejects_bad_values(changes: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        ViewSpec(**changes)


specs = st.builds(
    ViewSpec,
    types=st.none() | st.lists(st.sampled_from(sorted(ENTITY_TYPES)), min_size=1, unique=True).map(tuple),
    relations=st.none() | st.lists(st.sampled_from(sorted(RELATIONS)), min_size=1, unique=True).map(tuple),
    as_of=st.none() | st.dates().map(lambda day: day.isoformat()),
    framework=st.none() | st.sampled_from(["framework:pfp", "framework:md"]),
    focus=st.none() | st.sampled_from(["state:RUS", "person:wiermann", "event:partners-meeting-2021-07"]),
    depth=st.integers(0, 4),
    hide_isolated=st.booleans(),
    fade_relations=st.lists(st.sampled_from(sorted(RELATIONS)), max_size=2, unique=True).map(tuple),
    color_by=st.sampled_from(["type", "framework", "community"]),
    size_by=st.sampled_from(["uniform", "degree", "betweenness"]),
    selected=st.none() | st.sampled_from(["state:RUS", "state:FIN"]),
)


@given(specs)
def test_query_params_round_trip(spec: ViewSpec) -> None:
    params = spec.to_query_params()
    assert all(isinstance(value, str) for value in params.values())
    assert ViewSpec.from_query_params(params) == spec


def test_default_spec_has_no_query_params() -> None:
    assert ViewSpec().to_query_params() == {}


def test_bad_query_params_name_the_parameter() -> None:
    with pytest.raises(InputError, match="depth='deep'"):
        ViewSpec.from_query_params({"depth": "deep"})
    with pytest.raises(InputError, match="Unknown relation"):
        ViewSpec.from_query_params({"relations": "member_of,likes"})


def test_with_changes_leaves_the_preset() -> None:
    spec = PRESETS["members"].spec
    assert spec.preset == "members"
    assert spec.with_changes(as_of="2024-01-01").preset is None


def test_default_view_is_the_whole_graph(nato: nx.MultiDiGraph) -> None:
    view = apply_view(nato, ViewSpec())
    assert view.number_of_nodes() == nato.number_of_nodes()
    assert view.number_of_edges() == nato.number_of_edges()


def test_excluded_preset_emphasises_exactly_the_excluded(nato: nx.MultiDiGraph) -> None:
    spec = PRESETS["excluded"].spec
    view = apply_view(nato, spec)
    faded = faded_nodes(view, spec)
    states = {node for node in view if view.nodes[node]["type"] == "state"}
    assert states - faded == set(graph.excluded_from(nato, MEETING))
    assert len(states & faded) == 38, "the invited partners are shown faded"
    assert {"framework:eapc", "framework:pfp"} <= set(view) - faded, "Russia's frameworks stay visible"
    assert "person:wiermann" in view and "person:wiermann" not in faded


def test_members_preset_on_two_dates(nato: nx.MultiDiGraph) -> None:
    spec = PRESETS["members"].spec
    states = [node for node in apply_view(nato, spec) if nato.nodes[node]["type"] == "state"]
    assert len(states) == 30
    later = spec.with_changes(as_of="2024-03-07")
    assert len([node for node in apply_view(nato, later) if nato.nodes[node]["type"] == "state"]) == 32


def test_partners_preset(nato: nx.MultiDiGraph) -> None:
    view = apply_view(nato, PRESETS["partners"].spec)
    states = {node for node in view if nato.nodes[node]["type"] == "state"}
    assert len(states) == 40
    assert {data["relation"] for _, _, data in view.edges(data=True)} == {"partner_in"}


def test_attendance_preset(nato: nx.MultiDiGraph) -> None:
    view = apply_view(nato, PRESETS["attendance"].spec)
    assert {"person:wiermann", "person:bauer", "place:nato-hq", "event:brussels-summit-2021"} <= set(view)
    assert not any(nato.nodes[node]["type"] == "state" for node in view)


def test_framework_filter_keeps_the_framework_and_its_partners(nato: nx.MultiDiGraph) -> None:
    view = apply_view(nato, ViewSpec(framework="framework:ici", as_of="2021-07-14"))
    assert set(view) == {"framework:ici", "state:BHR", "state:KWT", "state:QAT", "state:ARE"}


def test_focus_and_depth(nato: nx.MultiDiGraph) -> None:
    view = apply_view(nato, ViewSpec(focus="person:wiermann", depth=1))
    assert "body:ims" in view and "state:DEU" in view
    assert "state:FRA" not in view


def test_apply_view_does_not_change_the_graph(nato: nx.MultiDiGraph) -> None:
    view = apply_view(nato, PRESETS["excluded"].spec)
    view.add_node("scratch")
    assert "scratch" not in nato


def test_a_short_link_naming_a_preset_opens_the_presets_view() -> None:
    spec = ViewSpec.from_query_params({"preset": "excluded", "selected": "state:RUS"})
    assert spec == PRESETS["excluded"].spec.with_changes(selected="state:RUS")
    assert spec.preset == "excluded"
    assert ViewSpec.from_query_params({"preset": "members"}) == PRESETS["members"].spec


def test_the_apps_links_keep_their_own_fields_beside_a_preset() -> None:
    """The app writes every field of a view; a preset kept beside a changed date stays as written."""
    members = PRESETS["members"].spec.with_changes(as_of=None, preset="members")
    read = ViewSpec.from_query_params(members.to_query_params())
    assert read == members and read.as_of is None and read.preset == "members"
    for preset in PRESETS.values():
        linked = preset.spec.with_changes(selected="state:FIN", preset=preset.name)
        read = ViewSpec.from_query_params(linked.to_query_params())
        assert read == linked and read.preset == preset.name


def test_an_unknown_preset_in_a_link_is_named() -> None:
    with pytest.raises(InputError, match="Unknown preset 'bogus'; known: excluded"):
        ViewSpec.from_query_params({"preset": "bogus"})


def test_the_manual_lists_the_settings_as_declared() -> None:
    """The manual's tables of view fields and limits are the generated ones (one declaration)."""
    from pathlib import Path

    from graph.settings import limits_markdown
    from graph.view import settings_markdown

    manual = (Path(__file__).resolve().parents[1] / "docs" / "settings.md").read_text(encoding="utf-8")
    assert settings_markdown() in manual
    assert limits_markdown() in manual


def test_a_filter_is_one_declaration_and_one_function(nato: nx.MultiDiGraph) -> None:
    """Every field with a sidebar section or a CLI option is read from text the same way (the URL,
    the command line), and each filter step names only declared fields."""
    from graph.view import FILTERS, parse_field, view_settings

    declared = set(view_settings())
    assert all(set(step.fields) <= declared for step in FILTERS)
    for name in declared:
        value = getattr(ViewSpec(), name)
        from graph.view import field_text

        assert parse_field(name, field_text(name, value)) == value


def test_a_preset_link_with_a_date_opens_the_preset_on_that_date(nato: nx.MultiDiGraph) -> None:
    spec = ViewSpec.from_query_params({"preset": "members", "as_of": "2024-06-01"})
    assert spec.preset == "members" and spec.as_of == "2024-06-01"
    states = [node for node in apply_view(nato, spec) if nato.nodes[node]["type"] == "state"]
    assert len(states) == 32
    assert ViewSpec.from_query_params(spec.to_query_params()) == spec
