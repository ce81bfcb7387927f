"""Time: the reported-by axis, diffs between two dates, timeline steps, the per-step index, series."""

from __future__ import annotations

import datetime as dt
import doctest
import importlib
import itertools
import shlex

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graph
from graph.build import build_graph
from graph.cli import main
from graph.dates import holds_on, parse_date
from graph.errors import InputError
from graph.load.dataset import BUNDLED_DATASET
from graph.model import Claim, Dataset, Entity, Source
from graph.query import filter_graph, members
from graph.temporal.changes import placement
from graph.temporal.reported import known_sources, published_on_or_before
from graph.timeline import (
    RECORD_RELATIONS,
    TimelineIndex,
    changed_entities,
    date_range,
    diff,
    diff_view,
    edge_changes,
    grouped,
    histogram,
    membership_series,
    relation_counts,
    span,
    steps,
    undated_sources,
)
from graph.timeline.report import WRITERS, diff_command, to_markdown
from graph.view import ViewSpec, apply_view
from graph.vocabulary import RELATIONS

FIN, SWE, RUS = "state:FIN", "state:SWE", "state:RUS"
NATO, PFP, EAPC = "alliance:nato", "framework:pfp", "framework:eapc"


def claims_of(changes, relation: str | None = None) -> list[tuple[str, str, str]]:
    return [
        (change.subject, change.object, change.date or "")
        for change in changes
        if relation is None or change.relation == relation
    ]


def tiny(claims: list[Claim], sources: list[Source] | None = None) -> nx.MultiDiGraph:
    """A graph of a few states, NATO, PfP and a meeting, with the given claims."""
    entities = (
        Entity(FIN, "state", "Finland"),
        Entity(SWE, "state", "Sweden"),
        Entity(RUS, "state", "Russia"),
        Entity(NATO, "alliance", "NATO"),
        Entity(PFP, "framework", "Partnership for Peace"),
        Entity("event:meeting", "event", "Partner meeting"),
    )
    sources = sources or [Source("s", "A page", "NATO", "", "2024-01-01", "https://www.nato.int/")]
    return build_graph(Dataset(entities, tuple(claims), tuple(sources)))


# ---- diff on the bundled data ------------------------------------------------


def test_2021_to_2024_lists_finland_and_sweden_joining_nato_and_leaving_their_frameworks(nato) -> None:
    result = diff(nato, "2021-07-14", "2024-07-14")
    assert claims_of(result.began, "member_of") == [(FIN, NATO, "2023-04-04"), (SWE, NATO, "2024-03-07")]
    left = claims_of(result.ended, "partner_in")
    assert sorted(left) == sorted(
        [
            (FIN, EAPC, "2023-04-04"),
            (FIN, PFP, "2023-04-04"),
            (SWE, EAPC, "2024-03-07"),
            (SWE, PFP, "2024-03-07"),
        ]
    )
    for change in (*result.began, *result.ended):
        assert change.citations, change
        assert set(change.dated_by) <= set(change.citations)
        assert all(source in nato.graph["sources"] for source in change.citations)
    joined = next(
        change for change in result.began if change.subject == FIN and change.relation == "member_of"
    )
    assert joined.citations == ("nato-enlargement",)
    assert (joined.subject_label, joined.object_label, joined.precision, joined.placement) == (
        "Finland",
        "NATO",
        "day",
        "inside",
    )
    headings = {group.heading: [c.subject_label for c in group.changes] for group in grouped(result.began)}
    assert headings["became member of NATO"] == ["Finland", "Sweden"]
    ended = {group.heading: [c.subject_label for c in group.changes] for group in grouped(result.ended)}
    assert ended["left Partnership for Peace"] == ["Finland", "Sweden"]
    assert ended["left Euro-Atlantic Partnership Council"] == ["Finland", "Sweden"]


def test_2014_lists_russias_suspension_with_both_sources_that_date_it(nato) -> None:
    result = diff(nato, "2013-12-31", "2014-12-31")
    suspensions = [change for change in result.began if change.relation == "suspended_from"]
    assert [(change.subject, change.start) for change in suspensions] == [(RUS, "2014-04-01")]
    russia = suspensions[0]
    # One source gives the day, the other (NATO's page, 2023) only the month; a third supports
    # the suspension without a date.
    assert set(russia.dated_by) == {"nbc-russia-2014", "nato-russia-2023"}
    assert {"nbc-russia-2014", "nato-russia-2023"} <= set(russia.citations)
    assert russia.role == "all practical civilian and military cooperation"
    assert [group.heading for group in grouped(result.began)] == ["suspended from cooperation with NATO"]


def test_undated_relations_are_listed_apart_and_only_there(nato) -> None:
    result = diff(nato, "2021-07-14", "2024-07-14")
    undated = {change.edge for change in result.undated}
    assert ("state:RUS", "event:partners-meeting-2021-07", "excluded_from") in undated
    assert all(change.start is None and change.end is None for change in result.undated)
    assert undated.isdisjoint({change.edge for change in (*result.began, *result.ended)})
    expected = sum(
        1
        for *_, data in nato.edges(data=True)
        if not data["start"] and not data["end"] and data["relation"] not in RECORD_RELATIONS
    )
    assert len(undated) == expected


def test_diff_follows_the_view_and_ignores_its_as_of_date(nato) -> None:
    spec = ViewSpec(relations=("member_of",), as_of="1950-01-01")
    result = diff(nato, "2021-07-14", "2024-07-14", spec)
    assert {change.relation for change in (*result.began, *result.ended, *result.undated)} == {"member_of"}
    assert len(result.began) == 2


def test_diff_refuses_reversed_dates_and_accepts_today(nato) -> None:
    with pytest.raises(InputError, match="after the second"):
        diff(nato, "2024-07-14", "2021-07-14")
    with pytest.raises(InputError, match="from: 'soon' is not an ISO date"):
        diff(nato, "soon", "today")
    assert diff(nato, "2021-07-14", "today").to_date == dt.date.today()


def test_diff_to_dict_has_the_documented_shape(nato) -> None:
    data = diff(nato, "2021-07-14", "2024-07-14").to_dict()
    assert list(data) == ["from", "to", "began", "ended", "undated"]
    assert (data["from"], data["to"]) == ("2021-07-14", "2024-07-14")
    claim = data["began"][0]
    for name in (
        "subject",
        "relation",
        "object",
        "start",
        "end",
        "citations",
        "subject_label",
        "object_label",
    ):
        assert name in claim


# ---- precision ------------------------------------------------------------------


def test_a_month_is_inside_its_own_month_and_overlaps_an_interval_that_cuts_it() -> None:
    G = tiny([Claim(RUS, "suspended_from", NATO, "s", start="2014-04")])
    inside = diff(G, "2014-03-31", "2014-04-30").began
    assert [(c.precision, c.placement) for c in inside] == [("month", "inside")]
    for first, second in (("2014-04-15", "2014-12-31"), ("2014-01-01", "2014-04-15")):
        assert [(c.precision, c.placement) for c in diff(G, first, second).began] == [("month", "overlaps")]
    assert diff(G, "2014-04-30", "2014-12-31").began == ()
    assert diff(G, "2013-01-01", "2014-03-31").began == ()
    assert diff(G, "2014-04-10", "2014-04-10").began == (), "an empty interval holds no change"


def test_a_year_and_an_end_are_placed_by_their_precision() -> None:
    G = tiny([Claim(FIN, "partner_in", PFP, "s", start="1994", end="2023-04")])
    began = diff(G, "1993-12-31", "1994-12-31").began
    assert [(c.precision, c.placement) for c in began] == [("year", "inside")]
    assert [(c.precision, c.placement) for c in diff(G, "1994-06-30", "1995-06-30").began] == [
        ("year", "overlaps")
    ]
    ended = diff(G, "2023-03-31", "2023-04-30").ended
    assert [(c.date, c.precision, c.placement) for c in ended] == [("2023-04", "month", "inside")]


iso_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@st.composite
def partial_dates(draw) -> str:
    when = draw(iso_dates)
    return draw(st.sampled_from([when.isoformat(), when.isoformat()[:7], when.isoformat()[:4]]))


@given(partial_dates(), iso_dates, iso_dates)
def test_placement_is_the_overlap_of_the_span_with_the_interval(
    text: str, one: dt.date, two: dt.date
) -> None:
    first, second = sorted((one, two))
    low, high = span(text)
    days_in = {low + dt.timedelta(days=n) for n in range((high - low).days + 1)}
    inside = {day for day in days_in if first < day <= second}
    expected = None if not inside else ("inside" if inside == days_in else "overlaps")
    assert placement(text, first, second) == expected


@given(iso_dates, iso_dates, iso_dates)
def test_a_dated_start_is_a_change_exactly_when_the_as_of_views_differ(
    start: dt.date, one: dt.date, two: dt.date
) -> None:
    first, second = sorted((one, two))
    G = tiny([Claim(FIN, "member_of", NATO, "s", start=start.isoformat())])
    began = bool(diff(G, first, second).began)
    assert began == (
        holds_on(start.isoformat(), None, second) and not holds_on(start.isoformat(), None, first)
    )


# ---- reported by ------------------------------------------------------------------


def test_a_claim_only_a_2023_page_gives_disappears_before_that_page(nato) -> None:
    # Cavo Dragone succeeding Bauer is sourced by one NATO release of 2023-09-16 only.
    edge = ("person:cavo-dragone", "person:bauer", "successor_of")
    assert nato.edges[edge]["citations"] == ["nato-cavo-dragone-elected-2023"]
    assert edge in apply_view(nato, ViewSpec(reported_by="2023-09-16")).edges(keys=True)
    for before in ("2023-09-15", "2022-12-31"):
        assert edge not in apply_view(nato, ViewSpec(reported_by=before)).edges(keys=True)
    assert edge in apply_view(nato, ViewSpec()).edges(keys=True)


def test_reported_by_keeps_only_the_known_citations_and_the_dates_they_give() -> None:
    sources = [
        Source("press", "A report", "Press", "", "2014-04-01", "https://news.example.org/a"),
        Source("review", "A later page", "NATO", "", "2023-08-03", "https://www.nato.int/b"),
        Source("undated", "A page with no date", "NATO", "", None, "https://www.nato.int/c"),
    ]
    G = tiny(
        [
            Claim(RUS, "suspended_from", NATO, "review", start="2014-04-01"),
            Claim(RUS, "suspended_from", NATO, "press", start="2014-04"),
            Claim(FIN, "partner_in", PFP, "undated", start="1994"),
            Claim(SWE, "partner_in", PFP, "undated"),
            Claim(SWE, "partner_in", PFP, "press", end="2024-03-07"),
        ],
        sources,
    )
    assert G.edges[RUS, NATO, "suspended_from"]["start"] == "2014-04-01"
    early = filter_graph(G, reported_by="2020-01-01")
    suspended = early.edges[RUS, NATO, "suspended_from"]
    assert suspended["citations"] == ["press"]
    assert suspended["start"] == "2014-04", "the day came from the 2023 page, not yet published"
    assert [item["source"] for item in suspended["evidence"]] == ["press"]
    assert not early.has_edge(FIN, PFP), "only an undated source gives it: never reported"
    assert early.edges[SWE, PFP, "partner_in"]["citations"] == ["press"]
    assert filter_graph(G, reported_by="2014-03-31").number_of_edges() == 0
    assert G.edges[RUS, NATO, "suspended_from"]["citations"] == ["review", "press"], "G is unchanged"
    assert undated_sources(G) == ["undated"]
    assert filter_graph(G, reported_by="2100-01-01").has_edge(FIN, PFP) is False


def test_a_source_dated_to_a_year_or_month_counts_from_its_last_day() -> None:
    assert not published_on_or_before("2015", dt.date(2015, 12, 30))
    assert published_on_or_before("2015", dt.date(2015, 12, 31))
    assert not published_on_or_before("2024-02", dt.date(2024, 2, 28))
    assert published_on_or_before("2024-02", dt.date(2024, 2, 29))
    assert not published_on_or_before(None, dt.date.max)
    assert not published_on_or_before("not a date", dt.date.max)


def test_reported_by_drops_facts_no_known_source_gives() -> None:
    sources = [
        Source("early", "Agenda", "NATO", "", "2021-07-01", "https://www.nato.int/a"),
        Source("late", "Report", "Press", "", "2021-07-20", "https://news.example.org/b"),
    ]
    G = tiny(
        [
            Claim("event:meeting", "date", "2021-07", "early"),
            Claim("event:meeting", "date", "2021-07-14", "late"),
            Claim("event:meeting", "participating_nations", "38", "late"),
        ],
        sources,
    )
    assert G.nodes["event:meeting"]["date"] == "2021-07-14"
    early = filter_graph(G, reported_by="2021-07-10").nodes["event:meeting"]
    assert early["date"] == "2021-07"
    assert "participating_nations" not in early and "participating_nations" not in early["facts"]
    assert [item["citations"] for item in early["facts"]["date"]] == [["early"]]
    assert G.nodes["event:meeting"]["participating_nations"] == "38", "G is unchanged"


def test_finlands_membership_is_unknown_until_a_source_reports_it(nato) -> None:
    """The data's one source for Finland joining NATO was published on 2024-03-08."""
    assert FIN not in members(filter_graph(nato, reported_by="2023-12-31"), NATO, as_of="2023-12-31")
    assert FIN in members(filter_graph(nato, reported_by="2024-03-08"), NATO, as_of="2023-12-31")
    known = filter_graph(nato, reported_by="2024-03-10").edges[FIN, PFP, "partner_in"]
    assert (known["start"], known["end"], known["citations"]) == (None, "2023-04-04", ["nato-enlargement"])


def test_reported_by_is_part_of_the_view_spec_and_its_link() -> None:
    spec = ViewSpec(reported_by="2023-01-01", as_of="2021-07-14")
    assert spec.to_query_params() == {"as_of": "2021-07-14", "reported_by": "2023-01-01"}
    assert ViewSpec.from_query_params(spec.to_query_params()) == spec
    with pytest.raises(InputError, match="reported_by: 'yesterday' is not an ISO date"):
        ViewSpec(reported_by="yesterday")
    with pytest.raises(InputError, match="reported_by"):
        ViewSpec.from_query_params({"reported_by": "2023-02-30"})


@given(st.none() | partial_dates(), st.none() | partial_dates(), st.booleans())
def test_reported_by_round_trips_through_a_link(reported_by, as_of, hide_isolated: bool) -> None:
    spec = ViewSpec(reported_by=reported_by, as_of=as_of, hide_isolated=hide_isolated)
    assert ViewSpec.from_query_params(spec.to_query_params()) == spec


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2026, 1, 1)))
def test_reported_by_only_ever_cites_sources_published_by_then(nato, when: dt.date) -> None:
    view = apply_view(nato, ViewSpec(reported_by=when.isoformat()))
    known = known_sources(nato, when)
    for *_, data in view.edges(data=True):
        assert data["citations"] and set(data["citations"]) <= known
        assert {item["source"] for item in data["evidence"]} <= known
    expected = sum(1 for *_, data in nato.edges(data=True) if set(data["citations"]) & known)
    assert view.number_of_edges() == expected


# ---- diff view ---------------------------------------------------------------------


def test_diff_view_marks_each_edge_once(nato) -> None:
    union, statuses = diff_view(nato, "2021-07-14", "2024-07-14")
    assert statuses.status((FIN, NATO, "member_of")) == "began"
    assert statuses.status((FIN, PFP, "partner_in")) == "ended"
    assert statuses.status(("state:DEU", NATO, "member_of")) == "unchanged"
    assert statuses.status((RUS, "event:partners-meeting-2021-07", "excluded_from")) == "undated"
    sets = [statuses.began, statuses.ended, statuses.began_and_ended, statuses.unchanged, statuses.undated]
    assert sum(len(item) for item in sets) == union.number_of_edges()
    assert set().union(*sets) == set(union.edges(keys=True))
    on_dates = [apply_view(nato, ViewSpec(as_of=day)) for day in ("2021-07-14", "2024-07-14")]
    assert set(union) >= set(on_dates[0]) | set(on_dates[1])
    assert edge_changes(nato, "2021-07-14", "2024-07-14") == statuses


def test_a_relation_that_came_and_went_inside_the_interval_is_in_the_union() -> None:
    G = tiny(
        [
            Claim(FIN, "partner_in", PFP, "s", start="1994", end="2023-04-04"),
            Claim(SWE, "member_of", NATO, "s", start="2024-03-07"),
            Claim(RUS, "partner_in", PFP, "s", start="2000-01-01", end="2001-01-01"),
        ]
    )
    union, statuses = diff_view(G, "1999-01-01", "2002-01-01")
    assert statuses.began_and_ended == {(RUS, PFP, "partner_in")}
    assert statuses.unchanged == {(FIN, PFP, "partner_in")}
    assert not union.has_edge(SWE, NATO), "it began after the interval"
    result = diff(G, "1999-01-01", "2002-01-01")
    assert claims_of(result.began) == [(RUS, PFP, "2000-01-01")]
    assert claims_of(result.ended) == [(RUS, PFP, "2001-01-01")]


# ---- timeline data ---------------------------------------------------------------


def test_date_range_on_both_axes(nato) -> None:
    held = date_range(nato)
    assert held is not None and held[0] == dt.date(1949, 4, 4)
    latest = max(
        parse_date(d[name]) for *_, d in nato.edges(data=True) for name in ("start", "end") if d[name]
    )
    assert held[1] == latest
    reported = date_range(nato, "reported")
    assert reported is not None and reported[0] == dt.date(1994, 1, 10)
    assert date_range(tiny([Claim(FIN, "member_of", NATO, "s")])) is None
    with pytest.raises(InputError, match="axis"):
        date_range(nato, "sideways")  # type: ignore[arg-type]


@given(iso_dates, iso_dates, st.sampled_from(["month", "year"]))
def test_steps_run_from_first_to_last_on_first_days(one: dt.date, two: dt.date, by: str) -> None:
    first, last = sorted((one, two))
    result = steps(first, last, by)  # type: ignore[arg-type]
    months = range(1, 13) if by == "month" else (1,)
    first_days = [
        dt.date(year, month, 1)
        for year in range(first.year, last.year + 1)
        for month in months
        if first < dt.date(year, month, 1) <= last
    ]
    assert result == [first, *first_days] + ([] if last in (first, *first_days) else [last])


def test_steps_refuse_bad_input() -> None:
    with pytest.raises(InputError, match="after the last"):
        steps("2024-01-01", "2023-01-01")
    with pytest.raises(InputError, match="'month' or 'year'"):
        steps("2023-01-01", "2024-01-01", "week")  # type: ignore[arg-type]


def test_histogram_counts_every_start_and_end_once(nato) -> None:
    starts = [d["start"] for *_, d in nato.edges(data=True) if d["start"]]
    ends = [d["end"] for *_, d in nato.edges(data=True) if d["end"]]
    yearly = histogram(nato, "year")
    assert sum(b.starts for b in yearly.bins) == len(starts)
    assert sum(b.ends for b in yearly.bins) == len(ends)
    assert [b.period for b in yearly.bins] == [str(y) for y in range(1949, int(yearly.bins[-1].period) + 1)]
    monthly = histogram(nato, "month")
    year_only = [text for text in starts if len(text) == 4]
    assert year_only, "the data has starts known only to the year"
    assert sum(b.starts for b in monthly.coarse) == len(year_only)
    assert sum(b.starts for b in monthly.bins) == len(starts) - len(year_only)
    april_2023 = next(b for b in monthly.bins if b.period == "2023-04")
    assert april_2023.starts >= 1 and april_2023.ends >= 2, "Finland joined NATO and left two frameworks"
    assert april_2023.first_day == dt.date(2023, 4, 1)


# ---- the per-step index agrees with apply_view --------------------------------------


def same_view(first: nx.MultiDiGraph, second: nx.MultiDiGraph) -> None:
    # Node order is not compared: apply_view's subgraphs follow a set's order.
    assert set(first) == set(second)
    assert set(first.edges(keys=True)) == set(second.edges(keys=True))
    for node in first:
        assert first.nodes[node] == second.nodes[node]
    for edge in first.edges(keys=True):
        assert first.edges[edge] == second.edges[edge]
    assert first.graph == second.graph


index_specs = st.builds(
    ViewSpec,
    types=st.none() | st.sampled_from([("state", "alliance", "framework"), ("state", "framework", "person")]),
    relations=st.none() | st.sampled_from([("member_of", "partner_in"), ("partner_in",), ("holds_office",)]),
    reported_by=st.none() | st.sampled_from(["2014-06-01", "2021-07-14", "2024-12-31"]),
    framework=st.none() | st.sampled_from([PFP, "framework:md"]),
    focus=st.none() | st.sampled_from([RUS, "person:wiermann", FIN]),
    depth=st.integers(0, 3),
    hide_isolated=st.booleans(),
    changed_from=st.none() | st.none() | st.sampled_from(["2014-01-01"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    index_specs, st.lists(st.dates(min_value=dt.date(1948, 1, 1), max_value=dt.date(2026, 1, 1)), max_size=4)
)
def test_index_views_equal_apply_view(nato, spec: ViewSpec, days: list[dt.date]) -> None:
    index = TimelineIndex(nato, spec)
    for day in days:
        expected = apply_view(nato, spec.with_changes(as_of=day.isoformat()))
        same_view(index.view(day), expected)
        nodes, edges = index.visible(day)
        assert nodes == set(expected) and edges == set(expected.edges(keys=True))


def test_the_index_knows_which_fields_filter() -> None:
    """Fields no filter step reads are style; every filtered field of today is indexed (a filter
    added later falls back to apply_view: see the next test)."""
    from graph.timeline.control import INDEXED_FIELDS, STYLE_FIELDS
    from graph.view import FILTERS

    filtered = {name for step in FILTERS for name in step.fields}
    assert filtered <= INDEXED_FIELDS
    assert {"color_by", "size_by", "selected", "emphasis", "preset"} <= STYLE_FIELDS
    assert TimelineIndex(graph.load_graph(), ViewSpec(focus=RUS, color_by="framework")).exact


def test_a_field_the_index_does_not_know_falls_back_to_apply_view(nato, monkeypatch) -> None:
    from graph.timeline import control

    monkeypatch.setattr(control, "INDEXED_FIELDS", control.INDEXED_FIELDS - {"hide_isolated"})
    spec = ViewSpec(relations=("member_of",), hide_isolated=True)
    index = TimelineIndex(nato, spec)
    assert not index.exact
    expected = apply_view(nato, spec.with_changes(as_of="1990-01-01"))
    same_view(index.view("1990-01-01"), expected)
    assert index.visible("1990-01-01") == (set(expected), set(expected.edges(keys=True)))


def test_index_on_a_dated_synthetic_graph() -> None:
    from bench.synthetic import ba_graph, tables, zipped
    from graph.readers import read_upload

    G, report = read_upload([("dated.zip", zipped(tables(ba_graph(300), dated=True)))])
    assert G is not None, report.format()
    for spec in (ViewSpec(), ViewSpec(reported_by="1989-12-31", hide_isolated=True)):
        index = TimelineIndex(G, spec)
        for day in steps("1950-01-01", "2030-01-01", "year")[::7]:
            same_view(index.view(day), apply_view(G, spec.with_changes(as_of=day.isoformat())))


# ---- membership series -----------------------------------------------------------------


def test_nato_members_over_time(nato) -> None:
    series = {item.target: item for item in membership_series(nato)}
    alliance = series[NATO]
    assert (alliance.steps[0].day, alliance.steps[0].count) == (dt.date(1949, 4, 4), 12)
    last = alliance.steps[-1]
    assert (last.day, last.count) == (dt.date(2024, 3, 7), 32)
    assert [(c.subject, c.joined) for c in last.changes] == [(SWE, True)]
    assert last.citations == ("nato-enlargement",)
    finland = next(step for step in alliance.steps if step.day == dt.date(2023, 4, 4))
    assert (finland.count, [c.label for c in finland.changes]) == (31, ["Finland"])
    pfp = series[PFP]
    left = next(step for step in pfp.steps if step.day == dt.date(2023, 4, 4))
    assert [(c.subject, c.joined) for c in left.changes] == [(FIN, False)]
    assert set(left.citations) >= {"nato-enlargement"}


def test_every_step_count_is_the_as_of_count_of_the_dated_members(nato) -> None:
    for item in membership_series(nato):
        dated = {
            subject
            for subject, _, data in nato.in_edges(item.target, data=True)
            if data["relation"] == item.relation and data["start"]
        }
        for step in item.steps:
            expected = set(graph.subjects_of(nato, item.relation, item.target, as_of=step.day)) & dated
            assert set(step.members) == expected, (item.label, step.day)
            assert step.count == len(expected)
        counts = [step.members for step in item.steps]
        assert all(a != b for a, b in itertools.pairwise(counts)), "one step per change"


def test_series_follow_the_reported_by_date(nato) -> None:
    reported = {item.target: item for item in membership_series(nato, ViewSpec(reported_by="2023-12-31"))}
    assert reported[NATO].steps[-1].count == 30, "Finland's and Sweden's accessions not yet in a source"
    assert {item.target for item in membership_series(nato)} >= set(reported)


# ---- docstring examples -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "graph.timeline",
        "graph.temporal.periods",
        "graph.temporal.reported",
        "graph.temporal.changes",
        "graph.timeline.diff",
        "graph.timeline.control",
        "graph.timeline.series",
        "graph.timeline.report",
        "graph.charts",
    ],
)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0 and result.attempted > 0


def test_every_relation_reads_as_a_heading() -> None:
    from graph.timeline.diff import heading

    for relation in RELATIONS:
        for status in ("began", "ended", "undated"):
            text = heading(status, relation, "X")  # type: ignore[arg-type]
            assert "X" in text and "(" not in text


# ---- what a comparison lists and marks (issue 27) ----------------------------------------------


def test_publication_relations_are_left_out_of_a_diff_and_counted(nato) -> None:
    """ "began: was published in Antiwar.com" is when a text appeared, not a change in the world."""
    result = diff(nato, "2014-01-01", "2024-01-01")
    listed = {change.relation for change in (*result.began, *result.ended, *result.undated)}
    assert listed.isdisjoint(RECORD_RELATIONS)
    records = sum(1 for *_, data in nato.edges(data=True) if data["relation"] in RECORD_RELATIONS)
    assert records > 0 and result.records_left_out == records
    union, statuses = diff_view(nato, "2014-01-01", "2024-01-01")
    published = [edge for edge in union.edges(keys=True) if edge[2] == "published_in"]
    assert published and all(statuses.status(edge) == "unchanged" for edge in published)
    text = to_markdown(nato, result)
    assert "was published in" not in text and f"Left out: {records} relations about the sources" in text


def test_the_entities_a_comparison_changed_are_its_subjects(nato) -> None:
    changes = changed_entities(diff(nato, "2014-01-01", "2024-01-01"))
    assert changes["state:MKD"] == "began", "North Macedonia joined NATO in 2020"
    assert changes["state:MNE"] == "began" and changes[RUS] == "began"
    assert changes[FIN] == "began", "joining NATO wins over leaving the PfP on the same day"
    assert NATO not in changes, "the object of a change is not what changed"
    step = changed_entities(diff(nato, "2023-01-01", "2024-01-01", ViewSpec(relations=("partner_in",))))
    assert step[FIN] == "ended", "within partnerships alone, Finland left"


def test_relation_counts_match_the_lists(nato) -> None:
    result = diff(nato, "2014-01-01", "2024-01-01")
    counts = relation_counts(result)
    assert sum(counts.values()) == len(result.began) + len(result.ended) + len(result.undated)
    assert list(counts.values()) == sorted(counts.values(), reverse=True)


def test_the_diff_command_writes_what_the_app_downloads(nato, tmp_path) -> None:
    """The app shows the command behind its download; running it gives the same bytes."""
    spec = ViewSpec(relations=("member_of", "partner_in"), types=("state", "alliance", "framework"))
    command = shlex.split(diff_command(spec, "2014-01-01", "2024-01-01", "csv"))
    assert command[:4] == ["python", "-m", "graph", "diff"]
    output = tmp_path / "changes.csv"
    assert main([*command[3:], "--data", str(BUNDLED_DATASET), "-o", str(output)]) == 0
    assert output.read_bytes() == WRITERS["csv"](nato, diff(nato, "2014-01-01", "2024-01-01", spec))
