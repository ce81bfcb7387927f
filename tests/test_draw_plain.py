"""The vis-network payload: what the browser draws, computed in Python."""

from __future__ import annotations

import dataclasses
import json

import pytest

from graph.draw import view_payload
from graph.draw.items import EDGE_ID_SEPARATOR, edge_id, split_edge_id
from graph.draw.styles import MUTED_ALPHA
from graph.view import PRESETS, ViewSpec, apply_view

DEFAULT = ViewSpec()


def payload(G, positions, spec=DEFAULT):
    return view_payload(G, spec, None, lambda _nodes: positions, screen=False)


def test_payload_is_strict_json(nato, positions) -> None:
    data = payload(nato, positions)
    json.dumps(data, allow_nan=False)
    assert {node["id"] for node in data["nodes"]} == set(nato)
    assert len(data["edges"]) == nato.number_of_edges()
    assert data["options"]["physics"]["enabled"] is False


def test_nodes_carry_server_positions(nato, positions) -> None:
    data = payload(nato, positions, ViewSpec(types=("state",)))
    for node in data["nodes"]:
        assert (node["x"], node["y"]) == positions[node["id"]], "a filter must not move a node"


def test_edge_ids_round_trip(nato, positions) -> None:
    data = payload(nato, positions)
    ids = [edge["id"] for edge in data["edges"]]
    assert len(set(ids)) == len(ids)
    subject, target, key = split_edge_id(ids[0])
    assert nato.has_edge(subject, target, key)
    assert split_edge_id(edge_id("a", "b", "c")) == ("a", "b", "c")
    assert EDGE_ID_SEPARATOR not in "".join(nato)


def test_negative_relations_are_drawn_distinctly(nato, positions) -> None:
    data = payload(nato, positions)
    negative = [edge for edge in data["edges"] if edge["relation"] in ("excluded_from", "suspended_from")]
    positive = [edge for edge in data["edges"] if edge["relation"] == "member_of"]
    assert negative and all(edge["dashes"] and edge["negative"] for edge in negative)
    assert all(not edge.get("dashes") for edge in positive)
    assert {edge["color"]["color"] for edge in negative} != {edge["color"]["color"] for edge in positive}
    legend = {item["relation"]: item for item in data["legend"]["edges"]}
    assert legend["excluded_from"]["label"] == "was excluded from"
    assert legend["excluded_from"]["negative"] and legend["excluded_from"]["dashed"]


def test_tooltips_are_plain_text_with_sources(nato, positions) -> None:
    data = payload(nato, positions, ViewSpec(focus="state:RUS", depth=1))
    russia = next(node for node in data["nodes"] if node["id"] == "state:RUS")
    assert russia["title"].startswith("Russia (state)\nstate:RUS")
    excluded = next(edge for edge in data["edges"] if edge["relation"] == "excluded_from")
    assert "Not Invited: Targeted" in excluded["title"]


def test_selection_highlights_neighbours_and_dims_others(nato, positions) -> None:
    spec = ViewSpec(selected="state:RUS")
    data = payload(nato, positions, spec)
    nodes = {node["id"]: node for node in data["nodes"]}
    assert data["selected"] == "state:RUS"
    assert nodes["state:RUS"]["borderWidth"] >= 4
    assert not nodes["event:partners-meeting-2021-07"].get("dim")
    assert nodes["state:FRA"]["dim"] and nodes["state:FRA"]["color"]["background"].endswith(MUTED_ALPHA)


def test_selection_outside_the_view_is_ignored(nato, positions) -> None:
    data = payload(nato, positions, ViewSpec(types=("person",), selected="state:RUS"))
    assert data["selected"] is None


def test_conflicted_nodes_are_marked(nato, positions) -> None:
    nodes = {node["id"]: node for node in payload(nato, positions)["nodes"]}
    assert nodes["event:partners-meeting-2021-07"]["conflict"] is True
    assert "shapeProperties" in nodes["event:partners-meeting-2021-07"]
    assert nodes["state:FRA"]["conflict"] is False


@pytest.mark.parametrize("mode", ["type", "framework", "community"])
def test_colour_modes_and_legend(nato, positions, mode: str) -> None:
    data = payload(nato, positions, ViewSpec(color_by=mode))
    colours = {node["color"]["background"] for node in data["nodes"]}
    assert len(colours) > 2
    assert data["legend"]["nodes"]


def test_framework_colouring_follows_the_date(nato, positions) -> None:
    before = payload(nato, positions, ViewSpec(color_by="framework", as_of="2021-07-14"))
    after = payload(nato, positions, ViewSpec(color_by="framework", as_of="2024-06-01"))
    group = lambda data: next(node for node in data["nodes"] if node["id"] == "state:FIN")["group_name"]  # noqa: E731
    assert group(before) in ("framework:eapc", "framework:pfp")
    assert group(after) == "alliance:nato"


@pytest.mark.parametrize("mode", ["uniform", "degree", "betweenness"])
def test_size_modes(nato, positions, mode: str) -> None:
    sizes = {node["id"]: node["size"] for node in payload(nato, positions, ViewSpec(size_by=mode))["nodes"]}
    assert all(8 <= size <= 26 for size in sizes.values())
    if mode != "uniform":
        assert sizes["alliance:nato"] > sizes["state:ISL"]


def test_faded_nodes_in_the_excluded_preset(nato, positions) -> None:
    spec = PRESETS["excluded"].spec
    data = payload(nato, positions, spec)
    emphasised_states = {
        node["id"] for node in data["nodes"] if node["type"] == "state" and not node["faded"]
    }
    assert emphasised_states == {"state:RUS", "state:BLR"}
    assert "faded: linked only as 'was invited to'" in data["legend"]["notes"]


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_edges_listed_once_give_the_same_style_and_legend(nato, preset: str) -> None:
    """A payload lists the view's edges once and hands the list on; the result must be what
    each function computes on its own."""
    from graph.draw.plain import legend
    from graph.draw.styles import view_edges, view_style

    spec = dataclasses.replace(PRESETS[preset].spec, size_by="degree", selected="state:RUS")
    view = apply_view(nato, spec)
    rows = view_edges(view)
    assert len(rows) == view.number_of_edges()
    listed, computed = view_style(nato, view, spec, rows), view_style(nato, view, spec)
    assert listed == computed
    assert legend(view, spec, listed["groups"], listed["colours"], rows) == legend(
        view, spec, computed["groups"], computed["colours"]
    )
