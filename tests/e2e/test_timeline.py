"""Playing the timeline in Chromium: each step draws the view of its day, and no node moves."""

from __future__ import annotations

import pytest

import graph
from graph.timeline import step_from, timeline
from graph.view import PRESETS, apply_view

pytestmark = pytest.mark.e2e

POSITIONS = "el => el.network.getPositions()"


def test_playing_three_steps_draws_each_day_and_moves_no_node(app) -> None:
    G = graph.load_graph()
    spec = PRESETS["members"].spec
    line = timeline(G, spec, "year")
    start = "2003-06-01"
    expected_days = [step_from(line.first, line.last, start, 1)]
    for _ in range(2):
        expected_days.append(step_from(line.first, line.last, expected_days[-1], 1))
    assert expected_days == ["2004-06-01", "2005-06-01", "2006-06-01"], "a year on each step, same day"
    app.open(f"?preset=members&as_of={start}")
    app.page.get_by_role("tab", name="Time").click()
    placed = app.graph.evaluate(POSITIONS)
    assert set(placed) == set(apply_view(G, spec.with_changes(as_of=start)))
    app.page.get_by_role("button", name="▶ Play").click()
    seen = []
    for day in expected_days:
        app.page.wait_for_function(
            "day => new URLSearchParams(location.search).get('as_of') === day", arg=day, timeout=30_000
        )
        wanted = set(apply_view(G, spec.with_changes(as_of=day)))
        app.wait_for_nodes(len(wanted))
        assert set(app.node_ids()) == wanted, day
        positions = app.graph.evaluate(POSITIONS)
        for node, where in positions.items():
            if node in placed:
                assert where == placed[node], f"{node} moved at {day}"
            placed[node] = where
        seen.append(day)
    app.page.get_by_role("button", name="❚❚ Pause").click()
    assert seen == expected_days
    assert len(set(app.node_ids())) > len(set(apply_view(G, spec.with_changes(as_of=start)))), (
        "the members who joined in 2004 appeared on the way"
    )
    assert "preset=members" in app.page.url
    assert app.console_errors == []
