"""Paths: the ends in the view (and URL), the path's marks in the view, the path drawn on the graph."""

from __future__ import annotations

import pytest

from graph.draw import view_payload
from graph.errors import InputError
from graph.query import path_marks
from graph.view import ViewSpec, apply_view, unknown_entities

ENDS = ("person:wiermann", "state:BLR")


def test_the_path_round_trips_through_the_url() -> None:
    spec = ViewSpec(path=ENDS)
    assert spec.to_query_params() == {"path": "person:wiermann,state:BLR"}
    assert ViewSpec.from_query_params({"path": "person:wiermann,state:BLR"}) == spec


def test_a_path_names_two_entities() -> None:
    with pytest.raises(InputError, match="two entities"):
        ViewSpec.from_query_params({"path": "person:wiermann"})


def test_a_path_naming_an_unknown_entity_is_dropped_with_a_message(nato) -> None:
    spec, problems = unknown_entities(nato, ViewSpec(path=("person:wiermann", "state:XXX")))
    assert spec.path == () and "state:XXX" in problems[0]


def test_the_marks_are_the_shortest_paths_in_the_view(nato) -> None:
    nodes, edges = path_marks(nato, nato, ENDS)
    assert {"person:wiermann", "state:BLR", "event:partners-meeting-2021-07"} <= nodes
    assert all(nato.edges[edge]["relation"] in ("hosted", "spoke_at", "excluded_from") for edge in edges)
    view = apply_view(nato, ViewSpec(types=("state", "event")))
    nodes, edges = path_marks(nato, view, ENDS)
    assert "person:wiermann" not in nodes and all(subject != "person:wiermann" for subject, _, _ in edges)


def test_the_path_is_drawn_as_the_most_salient_marks(nato, positions) -> None:
    spec = ViewSpec(path=ENDS, selected="person:wiermann")
    data = view_payload(nato, spec, None, lambda _nodes: positions, screen=False)
    nodes = {node["id"]: node for node in data["nodes"]}
    on_path = {node for node, item in nodes.items() if item.get("emphasis")}
    assert on_path == set(path_marks(nato, nato, ENDS)[0])
    assert not nodes["state:BLR"].get("dim"), "a path's far end is not dimmed by the selection"
    assert nodes["state:RUS"].get("dim"), "what is off the path is muted"
    wide = [edge for edge in data["edges"] if edge.get("width") == 4.5]
    assert {(edge["from"], edge["to"]) for edge in wide} == {
        (subject, target) for subject, target, _ in path_marks(nato, nato, ENDS)[1]
    }
