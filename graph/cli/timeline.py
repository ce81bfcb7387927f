"""The commands about time: diff (what began or ended between two dates) and chart (membership
over time)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import networkx as nx

from graph.charts import chart_png, chart_svg
from graph.cli.common import (
    Commands,
    add_view_options,
    check_output_option,
    data_store,
    view_spec,
    write_output,
)
from graph.errors import InputError
from graph.load import resolve_path
from graph.store import MemoryStore, whole_view
from graph.temporal.periods import day
from graph.timeline import diff, membership_series, undated_sources
from graph.timeline.report import WRITERS
from graph.view import ViewSpec

# diff and chart take the filtering view options (not as-of or a comparison, which they
# replace, nor styling).
NOT_TIMELINE_OPTIONS = ("as_of", "changed_from", "changed_to", "color_by", "size_by", "selected")


def date_option(text: str) -> str:
    """An ISO date option; ``today`` becomes today's date."""
    return day(text).isoformat() if text.strip().lower() == "today" else text


def _reported_by_note(G: nx.MultiDiGraph, spec: ViewSpec) -> None:
    if spec.reported_by and (undated := undated_sources(G)):
        print(
            f"note: as reported by {spec.reported_by}, the {len(undated)} source(s) with no publication "
            f"date count as not yet published ({', '.join(undated[:5])}{', …' if len(undated) > 5 else ''}).",
            file=sys.stderr,
        )


def _timeline_graph(arguments: argparse.Namespace) -> tuple[nx.MultiDiGraph, ViewSpec]:
    """The graph and view ``diff`` and ``chart`` read: in memory the whole graph; on a store, all
    the view holds at every date, uncut (graph.store.whole_view)."""
    store, _ = data_store(arguments)
    spec = view_spec(store, arguments, ViewSpec())
    G = store.graph if isinstance(store, MemoryStore) else whole_view(store, spec)
    return G, spec


def command_diff(arguments: argparse.Namespace) -> int:
    check_output_option(arguments.output, resolve_path(arguments.data))
    G, spec = _timeline_graph(arguments)
    result = diff(G, arguments.from_date, arguments.to_date, spec)
    _reported_by_note(G, spec)
    if write_output(arguments.output, WRITERS[arguments.format](G, result)):
        print(
            f"Wrote {arguments.output} ({arguments.format}): from {result.from_date} to {result.to_date}, "
            f"{len(result.began)} began, {len(result.ended)} ended, {len(result.undated)} undated."
        )
    return 0


def command_chart(arguments: argparse.Namespace) -> int:
    check_output_option(arguments.output, resolve_path(arguments.data))
    G, spec = _timeline_graph(arguments)
    chart_format = arguments.format or ("png" if arguments.output.suffix.lower() == ".png" else "svg")
    series = membership_series(G, spec)
    if not series:
        raise InputError(
            "The view has no member_of relation into an alliance and no partner_in into a framework."
        )
    until = arguments.to_date or "today"
    if chart_format == "png":
        data = chart_png(series, arguments.from_date, until, scale=arguments.scale)
    else:
        data = chart_svg(series, arguments.from_date, until, sources=G.graph.get("sources"))
    _reported_by_note(G, spec)
    if write_output(arguments.output, data):
        print(
            f"Wrote {arguments.output} ({chart_format}, {len(data):,} bytes): "
            + ", ".join(f"{item.label} ({len(item.steps)} steps)" for item in series)
        )
    return 0


def add_commands(commands: Commands) -> None:
    """diff and chart."""
    changes = commands.add(
        "diff", command_diff, "What began, ended or has no dates between two dates, with sources."
    )
    changes.add_argument("--from", dest="from_date", required=True, type=date_option, help="D1 (YYYY-MM-DD)")
    changes.add_argument("--to", dest="to_date", required=True, type=date_option, help="D2 (or today)")
    changes.add_argument("--format", choices=("md", "json", "csv"), default="md", help="default md")
    changes.add_argument("-o", "--output", type=Path, default=Path("-"), help="the file (default: stdout)")
    add_view_options(changes, exclude=NOT_TIMELINE_OPTIONS)
    chart = commands.add(
        "chart", command_chart, "Members of each alliance and partners of each framework over time."
    )
    chart.add_argument(
        "-o", "--output", type=Path, required=True, help="the .svg or .png file ('-' for stdout)"
    )
    chart.add_argument("--format", choices=("svg", "png"), help="default: from the file name, else svg")
    chart.add_argument(
        "--from", dest="from_date", type=date_option, help="first day drawn (default: first change)"
    )
    chart.add_argument("--to", dest="to_date", type=date_option, help="last day drawn (default: today)")
    chart.add_argument("--scale", type=float, default=1.0, help="PNG resolution factor (default 1.0)")
    add_view_options(chart, exclude=NOT_TIMELINE_OPTIONS)
