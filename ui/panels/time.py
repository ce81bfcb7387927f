"""The Time tab: play the timeline, see what changed between two dates, membership over time.

* **Timeline**: a histogram of the relations that began and ended in each year (or month) —
  click a bar to jump to the end of that period, drag across bars to compare its two ends —
  and a time control over the view's dates: a slider, step back and forward, play and pause,
  by month or by year, keeping the day (2021-07-14 → 2022-07-14). Each step sets the view's
  as-of date (so the URL holds it); positions do not depend on the date
  (graph.draw.layout_scope), so nodes keep their places. After a step, a short list says who
  joined or left on the way, and the graph rings and names them (:func:`time_marks`, drawn by
  ui/graph_view.js).
* **What changed between two dates**: the view's ``changed_from`` and ``changed_to`` (their
  widgets are generated from the settings table), and the changes grouped by relation, each
  with its sources, which one may narrow to some relations and download as CSV or Markdown
  (what ``python -m graph diff`` writes); the graph then shows the union with the changes in
  colour, and rings and names every entity that changed.
* **Members and partners over time**: a step chart (Vega-Lite, bundled with Streamlit; its spec
  is graph.charts.vega_lite_spec) with the sources of each step on hover, and the same chart
  as SVG or PNG (graph.charts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

from graph.charts import DAY_AXIS, chart_png, chart_svg, vega_lite_spec
from graph.dates import parse_date
from graph.details import source_citations
from graph.draw import CHANGE_STYLE
from graph.settings import limit
from graph.temporal.periods import last_day
from graph.timeline import (
    ChangeGroup,
    Diff,
    Timeline,
    changed_entities,
    grouped,
    relation_counts,
    step_from,
    timeline_scope,
)
from graph.timeline.report import WRITERS, diff_command, records_note, when_text
from graph.view import comparison, today
from graph.vocabulary import phrase as relation_phrase
from ui import cache, sidebar, state, store_mode
from ui.state import LoadedGraph
from ui.text import citation_lines, md
from ui.ticker import ticker

ANY_DATE = "any date"  # the slider's last stop: no as-of date, every relation whatever its dates
BY_LABELS = {"year": "By year", "month": "By month"}
# The pause between two steps while playing, counted from a step's arrival. A view of up to
# label_view entities is redrawn in a few milliseconds; on the dated 10,000-node upload Chromium
# (software rendering, 2 shared cores) took 0.8–2.4 s per step, so steps came every 3–5 s
# (bench/timeline.py --app measures the server's part).
PLAY_INTERVAL_MS = 900
PLAY_INTERVAL_LARGE_MS = 1500
HISTOGRAM_KEY = "w_time_histogram"
STEP_HELP = "A year (or a month) %s, on the same day of the month"


# ---- Timeline --------------------------------------------------------------------------------------


def current_timeline() -> Timeline | None:
    """The timeline of the view on screen, by the chosen step (year by default)."""
    loaded = store_mode.shown()
    scope = timeline_scope(state.spec())
    return cache.timeline_for(loaded.G, loaded.token, scope, state.widget("w_time_by") or "year")


def on_step(direction: int) -> None:
    """Step back (-1) or forward (1) from the as-of date (or from the second date of a comparison,
    which the step ends) by a year or a month, keeping the day; a step past the last one stops
    playing."""
    data = current_timeline()
    spec = state.spec()
    dates = comparison(spec)
    current = dates[1] if dates else spec.as_of
    target = step_from(data.first, data.last, current, direction, data.by) if data else None
    if target is None:
        state.pause()
        return
    state.set_as_of(target)


def on_play() -> None:
    """Play from the current step, or from the first when there is none or the last is shown."""
    data = current_timeline()
    if data is None:
        return
    as_of = state.spec().as_of
    if as_of is None or step_from(data.first, data.last, as_of, 1, data.by) is None:
        state.set_as_of(data.days[0])
    state.play()


def on_tick() -> None:
    if state.playing():
        on_step(1)


def on_slider() -> None:
    chosen = state.widget("w_time_as_of")
    state.set_as_of(None if chosen in (None, ANY_DATE) else chosen)


def selected_period(selection: Mapping[str, Any]) -> str | None:
    """The period of a clicked bar (``'2023'`` or ``'2023-04'``), from the chart's selection state."""
    points = selection.get("bar") or []
    return str(points[0]["period"]) if points and points[0].get("period") else None


def brushed_dates(selection: Mapping[str, Any], by: str = "year") -> tuple[str, str] | None:
    """The two dates a brush over the histogram compares: the day before the first period it
    touches and the last day of the last one, so that every bar under it is counted (Vega-Lite
    gives the brush's ends in milliseconds since 1970)."""
    brush = selection.get("brush") or {}
    ends = brush.get("day") or []
    if len(ends) != 2:
        return None
    first, last = sorted(_as_day(value) for value in ends)
    period = 4 if by == "year" else 7  # the characters of an ISO date that name its year or month
    return day_before(first, by).isoformat(), last_day(last.isoformat()[:period]).isoformat()


def day_before(when: dt.date, by: str) -> dt.date:
    """The last day before the year (or month) that holds ``when``."""
    start = dt.date(when.year, 1, 1) if by == "year" else dt.date(when.year, when.month, 1)
    return start - dt.timedelta(days=1)


def _as_day(value: Any) -> dt.date:
    if isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC).date()
    return parse_date(str(value)[:10])  # a link may give a month or a year: its first day


def on_histogram() -> None:
    """A click on a bar shows the view at the end of that period; a brush compares its two ends."""
    event = state.widget(HISTOGRAM_KEY)
    selection = (event or {}).get("selection") or {}
    if dates := brushed_dates(selection, state.widget("w_time_by") or "year"):
        state.compare(*dates)
    elif period := selected_period(selection):
        state.set_as_of(last_day(period).isoformat())


def histogram_spec(data: Timeline, as_of: str | None) -> dict[str, Any]:
    """A Vega-Lite bar chart: relations that began (up) and ended (down) in each period."""
    began, ended = CHANGE_STYLE["began"][0], CHANGE_STYLE["ended"][0]
    rows = []
    bins = data.histogram.bins
    for index, item in enumerate(bins):
        following = (
            bins[index + 1].first_day if index + 1 < len(bins) else _next_period(item.first_day, data.by)
        )
        for kind, count in (("began", item.starts), ("ended", -item.ends)):
            if count:
                rows.append(
                    {
                        "period": item.period,
                        "day": item.first_day.isoformat(),
                        "until": following.isoformat(),
                        "kind": kind,
                        "count": count,
                        "relations": abs(count),
                    }
                )
    bars: dict[str, Any] = {
        "data": {"values": rows},
        "params": [
            {
                "name": "bar",
                "select": {"type": "point", "fields": ["period"], "on": "click", "clear": "dblclick"},
            },
            {"name": "brush", "select": {"type": "interval", "encodings": ["x"]}},
        ],
        "mark": {"type": "bar"},
        "encoding": {
            "x": {
                "field": "day",
                "type": "temporal",
                "title": "year" if data.by == "year" else "month",
                "scale": {"type": "utc"},
                "axis": {**DAY_AXIS, "format": "%Y" if data.by == "year" else "%b %Y"},
            },
            "x2": {"field": "until"},
            "y": {
                "field": "count",
                "type": "quantitative",
                "title": "relations: began ↑ ended ↓",
                "axis": {"tickCount": 3, "titleFontSize": 10},
            },
            "y2": {"datum": 0},  # each bar from zero, up for starts and down for ends
            "color": {
                "field": "kind",
                "type": "nominal",
                "scale": {"domain": ["began", "ended"], "range": [began, ended]},
                "legend": None,
            },
            "tooltip": [
                {"field": "period", "title": "period"},
                {"field": "kind", "title": "relations that"},
                {"field": "relations", "title": "how many"},
            ],
        },
    }
    layers: list[dict[str, Any]] = [bars]
    if as_of:
        layers.append(
            {
                "data": {"values": [{"day": as_of}]},
                "mark": {"type": "rule", "color": "#222222", "strokeWidth": 1.5},
                "encoding": {"x": {"field": "day", "type": "temporal", "scale": {"type": "utc"}}},
            }
        )
    return {"layer": layers}


def _next_period(first_day: dt.date, by: str) -> dt.date:
    if by == "year":
        return dt.date(first_day.year + 1, 1, 1)
    return dt.date(first_day.year + (first_day.month == 12), first_day.month % 12 + 1, 1)


def play_interval(entities: int) -> int:
    """Milliseconds between two steps while playing: more when the browser redraws many entities."""
    return PLAY_INTERVAL_MS if entities <= limit("label_view") else PLAY_INTERVAL_LARGE_MS


def timeline_section(loaded: LoadedGraph, data: Timeline) -> None:
    spec = state.spec()
    compared = comparison(spec)
    st.markdown("##### Timeline")
    st.vega_lite_chart(
        histogram_spec(data, spec.as_of if compared is None else None),
        key=HISTOGRAM_KEY,
        on_select=on_histogram,
        selection_mode=["bar", "brush"],
        width="stretch",
        height=150,
    )
    coarse = sum(item.starts + item.ends for item in data.histogram.coarse)
    st.caption(
        "Relations that :green[began] (up) and :orange[ended] (down). Click a bar to see the view at the "
        "end of that period; drag across bars to compare the two ends."
        + (f" {coarse} dates known only to the year are counted by year, not here." if coarse else "")
    )
    options = list(data.days)
    current = spec.as_of if compared is None else None
    shown = current if current is None or current in options else _as_day(current).isoformat()
    if shown is not None and shown not in options:
        options = sorted({*options, shown})
    state.set_widgets(w_time_as_of=shown or ANY_DATE)
    st.select_slider(
        "As of",
        [*options, ANY_DATE],
        key="w_time_as_of",
        on_change=on_slider,
        help="The view on this day: relations that held then (start ≤ day < end). The last stop is any "
        "date: every relation whatever its dates.",
    )
    back, play, forward = st.columns(3)
    back.button(
        "◀ Back", on_click=on_step, args=(-1,), width="stretch", key="w_time_back", help=STEP_HELP % "back"
    )
    if state.playing():
        play.button("❚❚ Pause", on_click=state.pause, width="stretch", key="w_time_pause", type="primary")
    else:
        play.button("▶ Play", on_click=on_play, width="stretch", key="w_time_play", type="primary")
    forward.button(
        "Next ▶", on_click=on_step, args=(1,), width="stretch", key="w_time_next", help=STEP_HELP % "on"
    )
    st.segmented_control(
        "Steps",
        list(BY_LABELS),
        default="year",
        required=True,
        key="w_time_by",
        persist_state="page",  # kept while the tab is closed (ui/side_panel.py)
        format_func=lambda name: BY_LABELS[name],
        label_visibility="collapsed",
        help="Play and step by month or by year (and count the histogram's bars the same way).",
    )
    position = f"{current} · " if current else ""
    st.caption(
        f"{position}{len(data.days)} steps from {data.first} to {data.last}"
        + (". A comparison of two dates is on: a step ends it." if compared else ".")
    )
    step_section(loaded)
    entities, _ = cache.view_size_for(loaded.G, loaded.token, spec)
    ticker(state.playing(), spec.as_of or "", play_interval(entities), on_tick)


# ---- Who joined or left at a step -------------------------------------------------------------------

STEP_GROUPS = 6  # kinds of change listed beside the timeline after a step; the rest are counted
STEP_NAMES = 5  # names listed in each


def step_changes(loaded: LoadedGraph) -> tuple[str, str, Diff] | None:
    """The last step's two days, earlier first, and what began or ended between them in the
    view's scope; None when the view has changed since the step (or there was none)."""
    step = state.last_step()
    if step is None:
        return None
    first, second = sorted(step, key=parse_date)
    scope = timeline_scope(state.spec())
    return first, second, cache.changes_for(loaded.G, loaded.token, scope, first, second)


# The colours of the rings around who joined or left: the legend's colours of a comparison.
MARK_COLOURS = {status: CHANGE_STYLE[status][0] for status in ("began", "ended")}


def time_marks(loaded: LoadedGraph) -> Mapping[str, str]:
    """The entities the graph rings and names: those that changed between two compared dates,
    else those that joined (began) or left (ended) at the last step."""
    spec = state.spec()
    if (dates := comparison(spec)) is not None:
        return changed_entities(cache.changes_for(loaded.G, loaded.token, timeline_scope(spec), *dates))
    found = step_changes(loaded)
    return changed_entities(found[2]) if found else {}


def step_lines(result: Diff) -> list[str]:
    """What began and ended at a step, short: a line per kind of change, a few names each."""
    lines = []
    for changes, colour in ((result.began, "green"), (result.ended, "orange")):
        for group in grouped(changes):
            names = list(dict.fromkeys(change.subject_label for change in group.changes))
            more = f" and {len(names) - STEP_NAMES} more" if len(names) > STEP_NAMES else ""
            lines.append(f"- :{colour}[{md(group.heading)}]: {md(', '.join(names[:STEP_NAMES]))}{more}")
    if len(lines) > STEP_GROUPS:
        lines = [*lines[:STEP_GROUPS], f"- and {len(lines) - STEP_GROUPS} more kinds of change"]
    return lines


def step_section(loaded: LoadedGraph) -> None:
    """After a step: who joined or left on the way, ringed on the graph in the same colours."""
    found = step_changes(loaded)
    if found is None:
        return
    first, second, result = found
    with st.container(key="agx_step_changes"):
        if not result.began and not result.ended:
            st.caption(f"Nothing began or ended after {first}, up to {second}.")
            return
        st.markdown(
            f"**After {md(first)}, up to {md(second)}:** :green[{len(result.began)} began], "
            f":orange[{len(result.ended)} ended] (ringed on the graph)\n\n" + "\n".join(step_lines(result))
        )
        st.button(
            "List them with their sources",
            on_click=state.compare,
            args=(first, second),
            key="w_time_step_compare",
            help="Compare the two days of this step below.",
        )


# ---- What changed between two dates ---------------------------------------------------------------


def change_lines(G: Any, group: ChangeGroup) -> list[str]:
    """A group of changes as markdown: its heading, then each change with its sources."""
    lines = [f"**{md(group.heading)}**"]
    for change in group.changes:
        role = f" — {md(change.role)}" if change.role else ""
        when = f", {md(when_text(change))}" if change.date else ""
        lines.append(f"- {md(change.subject_label)}{when}{role}")
        dated = tuple(change.dated_by) + tuple(
            source for source in change.citations if source not in change.dated_by
        )
        sources = citation_lines(source_citations(G, dated))
        lines += ["  " + line for line in sources.splitlines()]
    return lines


def groups_markdown(G: Any, groups: Iterable[ChangeGroup]) -> str:
    return "\n\n".join("\n".join(change_lines(G, group)) for group in groups)


def relation_filter(counts: Mapping[str, int]) -> tuple[str, ...] | None:
    """The relations the list keeps, picked by the person (None: none picked, all of them)."""
    chosen = st.multiselect(
        "Only these relations",
        list(counts),
        default=[],
        key="w_time_relations",
        persist_state="page",
        placeholder="All relations",
        format_func=lambda name: f"{relation_phrase(name)} ({counts[name]})",
        help="Pick relations to keep only them in the list and its downloads; none picked: all. The "
        "graph keeps them all.",
    )
    return tuple(sorted(chosen)) if chosen and set(chosen) < set(counts) else None


def download_changes(loaded: LoadedGraph, result: Diff, spec: Any, dates: tuple[str, str]) -> None:
    """The list as the command line's ``diff`` writes it, CSV or Markdown, and that command."""
    name = f"changes-{dates[0]}-{dates[1]}"
    csv, markdown = st.columns(2)
    csv.download_button(
        "Download CSV",
        data=lambda: WRITERS["csv"](loaded.G, result),
        file_name=f"{name}.csv",
        mime="text/csv",
        key="w_time_changes_csv",
        on_click="ignore",
        width="stretch",
    )
    markdown.download_button(
        "Download Markdown",
        data=lambda: WRITERS["md"](loaded.G, result),
        file_name=f"{name}.md",
        mime="text/markdown",
        key="w_time_changes_md",
        on_click="ignore",
        width="stretch",
    )
    st.caption(f"The same as `{diff_command(spec, *dates, 'csv')}` on this dataset (or `--format md`).")


def changes_section(loaded: LoadedGraph) -> None:
    st.markdown("##### What changed between two dates")
    sidebar.section_widgets(st, "Time", loaded)
    spec = state.spec()
    dates = comparison(spec)
    if dates is None:
        st.caption(
            "Type the first date (the second may stay empty: today) and press Enter, or drag across the "
            "histogram. The graph then shows both dates at once: relations that began in between in green, "
            "those that ended in orange, the rest faded; the entities that changed are ringed and named."
        )
        return
    result: Diff = cache.changes_for(loaded.G, loaded.token, timeline_scope(spec), *dates)
    chosen = relation_filter(relation_counts(result)) if relation_counts(result) else None
    if chosen is not None:
        spec = spec.with_changes(relations=chosen, preset=spec.preset)
        result = cache.changes_for(loaded.G, loaded.token, timeline_scope(spec), *dates)
    st.markdown(
        f"After {md(dates[0])}, up to {md(dates[1])}: :green[**{len(result.began)} began**], "
        f":orange[**{len(result.ended)} ended**]; {len(result.undated)} have no dates."
        + (f" As reported by {md(spec.reported_by)}." if spec.reported_by else "")
    )
    st.caption(
        "A date known only to the month or the year says so; “may lie outside the interval” means that "
        "month or year reaches past one of the two dates."
        + (f" {records_note(result.records_left_out)}" if result.records_left_out else "")
    )
    download_changes(loaded, result, spec, dates)
    for title, changes, colour in (("Began", result.began, "green"), ("Ended", result.ended, "orange")):
        if changes:
            st.markdown(f":{colour}[**{title}**]")
            st.markdown(groups_markdown(loaded.G, grouped(changes)))
    if result.undated:
        with st.expander(f"Undated ({len(result.undated)}): the sources give no start or end"):
            st.markdown(groups_markdown(loaded.G, grouped(result.undated)))
    st.button("End the comparison", on_click=state.compare, args=(None, None), key="w_time_compare_off")


# ---- Members and partners over time -----------------------------------------------------------------


def chart_section(loaded: LoadedGraph) -> None:
    scope = timeline_scope(state.spec())
    with st.expander("Members and partners over time"):
        series = cache.membership_for(loaded.G, loaded.token, scope)
        if not series:
            st.caption("No alliance with members and no framework with partners in this view.")
            return
        sources = loaded.G.graph.get("sources", {})
        until = today()
        st.vega_lite_chart(
            vega_lite_spec(series, sources, until), width="stretch", height=320, key="w_time_chart"
        )
        undated = [f"{md(item.label)} {len(item.undated)}" for item in series if item.undated]
        st.caption(
            "Each point is a day on which the count changed; hover it for who joined or left and the sources."
            + (f" Not drawn, no start date in the sources: {', '.join(undated)}." if undated else "")
        )
        svg, png = st.columns(2)
        svg.download_button(
            "Download SVG",
            data=lambda: chart_svg(series, until=until, sources=sources),
            file_name="membership.svg",
            mime="image/svg+xml",
            key="w_time_chart_svg",
            on_click="ignore",
            width="stretch",
        )
        png.download_button(
            "Download PNG",
            data=lambda: chart_png(series, until=until, scale=2.0),
            file_name="membership.png",
            mime="image/png",
            key="w_time_chart_png",
            on_click="ignore",
            width="stretch",
        )


def time_panel(loaded: LoadedGraph) -> None:
    if note := store_mode.fetched_note(loaded):  # a claims store: say what is not counted
        st.info(md(note))
    data = current_timeline()
    if data is None:
        st.info("No relation in this view has a date: there is no timeline to play.")
    else:
        timeline_section(loaded, data)
    changes_section(loaded)
    chart_section(loaded)
