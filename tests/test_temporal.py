"""The time rules below the view (graph.temporal): which edges changed between two dates in a
graph already filtered, and the union a comparison draws."""

from __future__ import annotations

import calendar
import datetime as dt

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.dates import holds_on
from graph.errors import InputError
from graph.temporal.changes import dates_in_order, edge_statuses, union_of_changes
from graph.temporal.periods import shift


def dated_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(name="tiny")
    G.add_nodes_from((node, {"label": node.upper()}) for node in "abcdefz")
    periods = {
        "a": ("held", "2000", None),
        "b": ("began", "2022-05", None),
        "c": ("ended", "2000", "2023"),
        "d": ("both", "2021-09-01", "2022-01-01"),
        "e": ("before", "1990", "1995"),
        "f": ("undated", None, None),
    }
    for subject, (key, start, end) in periods.items():
        G.add_edge(subject, "z", key, relation="member_of", start=start, end=end)
    return G


def held_on(G: nx.MultiDiGraph, day: str) -> nx.MultiDiGraph:
    """The view on one day (what graph.view's as-of filter keeps), built here without a view."""
    return G.edge_subgraph(
        (subject, target, key)
        for subject, target, key, data in G.edges(keys=True, data=True)
        if holds_on(data["start"], data["end"], day)
    )


def test_the_union_holds_the_edges_of_both_dates_and_every_change_between_them() -> None:
    G = dated_graph()
    on_dates = [held_on(G, "2021-07-14"), held_on(G, "2024-07-14")]
    union = union_of_changes(G, on_dates, "2021-07-14", "2024-07-14")
    # An undated edge holds on every day (the as-of rule), so it is in both views.
    assert sorted(key for *_, key in union.edges(keys=True)) == ["began", "both", "ended", "held", "undated"]
    assert set(union) == {"a", "b", "c", "d", "f", "z"}
    assert union.nodes["b"] == {"label": "B"} and union.graph == {"name": "tiny"}
    assert set(G.edges(keys=True)) >= set(union.edges(keys=True)), "G is not changed"


def test_each_edge_has_one_status_read_from_its_own_dates() -> None:
    statuses = edge_statuses(dated_graph(), "2021-07-14", "2024-07-14")
    assert {
        name: sorted(key for *_, key in getattr(statuses, name))
        for name in ("began", "ended", "began_and_ended", "unchanged", "undated")
    } == {
        "began": ["began"],
        "ended": ["ended"],
        "began_and_ended": ["both"],
        "unchanged": ["before", "held"],
        "undated": ["undated"],
    }
    assert statuses.status(("d", "z", "both")) == "began_and_ended"


def test_dates_must_come_in_order() -> None:
    with pytest.raises(InputError, match="give the earlier one first"):
        dates_in_order("2024", "2021")


# ---- stepping a date by months or years keeps its day -------------------------------------------


@given(
    when=st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(3000, 12, 31)),
    by=st.sampled_from(["month", "year"]),
    count=st.integers(min_value=-240, max_value=240),
)
def test_a_step_there_and_back_returns_the_day_unless_the_month_was_shorter(when, by, count) -> None:
    there = shift(when, by, count)
    back = shift(there, by, -count)
    months = count * 12 if by == "year" else count
    assert (there.year * 12 + there.month) - (when.year * 12 + when.month) == months
    assert there.day == min(when.day, calendar.monthrange(there.year, there.month)[1])
    if there.day == when.day:
        assert back == when
    else:  # the day did not exist there (31 → 30, 29 February → 28): the month's last day is kept
        assert back == when.replace(day=there.day)


def test_shift_keeps_the_day_and_clamps_month_ends() -> None:
    assert shift(dt.date(2021, 7, 14), "year") == dt.date(2022, 7, 14)
    assert shift(dt.date(2024, 2, 29), "year") == dt.date(2025, 2, 28)
    assert shift(dt.date(2024, 2, 29), "year", 4) == dt.date(2028, 2, 29)
    assert shift(dt.date(2023, 12, 31), "month") == dt.date(2024, 1, 31)
    assert shift(dt.date(2023, 3, 31), "month", -1) == dt.date(2023, 2, 28)
    with pytest.raises(InputError, match="month' or 'year"):
        shift(dt.date(2023, 1, 1), "week")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="leaves the calendar"):
        shift(dt.date(9999, 6, 1), "year")
