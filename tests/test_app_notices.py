"""A warning above the graph does not move it, and a stale widget state is not a choice (AppTest).

Seen in a browser on a loaded machine after an upload: the rerun the graph's "drawn" report caused
carried the relations list of the page before (another graph's options, with their counts), the
view refused it ("Unknown relation(s) …"), the warning was inserted above the graph, and the
graph, one place further down, was mounted again and drawn from nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import ui.graph_view
from graph.query import Catalogue
from graph.view import view_settings
from ui.sidebar import relation_choice, stale_choice

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def graph_place(monkeypatch: pytest.MonkeyPatch, **query: str) -> tuple[tuple[int, ...], AppTest]:
    places: list[tuple[int, ...]] = []

    def graph_view(*arguments, **keywords):
        cursor = st._main._active_dg._cursor  # where the graph goes (private API)
        assert cursor is not None
        places.append(tuple(cursor.delta_path))
        return real(*arguments, **keywords)

    real = ui.graph_view.graph_view
    monkeypatch.setattr(ui.graph_view, "graph_view", graph_view)
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return places[-1], at


def test_a_warning_does_not_move_the_graph(monkeypatch: pytest.MonkeyPatch) -> None:
    plain, at = graph_place(monkeypatch)
    assert not at.warning
    warned, at = graph_place(monkeypatch, preset="bogus")
    assert any("Unknown preset" in item.value for item in at.warning)
    assert warned == plain


def test_another_graph_s_relations_are_a_stale_state_not_a_choice() -> None:
    listing = Catalogue({"state": 4}, {"member_of": 3, "partner_in": 2}, (), {}, 5, ())
    relations, types = view_settings()["relations"], view_settings()["types"]
    assert not stale_choice(relations, ["member_of"], listing)
    assert not stale_choice(relations, [], listing)
    assert stale_choice(relations, ["member_of", relation_choice("attended", 1)], listing)
    assert stale_choice(types, ["state", "alliance"], listing)
    assert not stale_choice(view_settings()["depth"], 2, listing)
