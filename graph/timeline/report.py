"""A diff as a report: Markdown (grouped by relation, sources as footnotes), JSON or CSV.

>>> import graph
>>> G = graph.load_graph()
>>> text = to_markdown(G, diff(G, "2013-12-31", "2014-12-31"))
>>> "### suspended from cooperation with NATO" in text
True
"""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from collections.abc import Callable
from typing import Any

import networkx as nx

from graph.temporal.reported import undated_sources
from graph.text import neutralise_formula
from graph.timeline.control import timeline_scope
from graph.timeline.diff import ChangeGroup, ClaimChange, Diff, diff, grouped
from graph.view import ViewSpec, view_settings

FORMATS: tuple[str, ...] = ("md", "json", "csv")
CSV_COLUMNS: tuple[str, ...] = (
    "status",
    "subject",
    "subject_label",
    "relation",
    "object",
    "object_label",
    "role",
    "start",
    "end",
    "precision",
    "placement",
    "citations",
    "dated_by",
    "conflict",
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!])")


def to_json(result: Diff) -> bytes:
    """``{"from", "to", "began", "ended", "undated"}`` as strict JSON (UTF-8)."""
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")


def to_csv(result: Diff) -> bytes:
    """One row per claim with its status; cells a spreadsheet would run as a formula are neutralised."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for change in (*result.began, *result.ended, *result.undated):
        row = {
            **change.to_dict(),
            "status": change.status,
            "citations": ";".join(change.citations),
            "dated_by": ";".join(change.dated_by),
        }
        writer.writerow(
            {
                column: neutralise_formula("" if row[column] is None else str(row[column]))
                for column in CSV_COLUMNS
            }
        )
    return buffer.getvalue().encode("utf-8")


def markdown_text(text: str) -> str:
    """User text made inert in Markdown (no links, emphasis, HTML or headings).

    >>> markdown_text("<script>*x*")
    '\\\\<script\\\\>\\\\*x\\\\*'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


class _Footnotes:
    """Numbers sources in the order they are first cited."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.sources: dict[str, dict[str, Any]] = G.graph.get("sources", {})
        self.numbers: dict[str, int] = {}

    def cite(self, sources: tuple[str, ...]) -> str:
        marks = []
        for source in sources:
            number = self.numbers.setdefault(source, len(self.numbers) + 1)
            marks.append(f"[^{number}]")
        return "".join(marks)

    def lines(self) -> list[str]:
        result = []
        for source, number in self.numbers.items():
            row = self.sources.get(source)
            if row is None:
                result.append(
                    f"[^{number}]: {markdown_text(source)} (a source the dataset does not describe)"
                )
                continue
            parts = [f"*{markdown_text(row.get('title') or source)}*"]
            parts += [markdown_text(row[name]) for name in ("publisher",) if row.get(name)]
            parts.append(markdown_text(row["published"]) if row.get("published") else "no publication date")
            url = row.get("url") or ""
            link = f" <{url.replace('>', '%3E').replace(' ', '%20')}>" if url else ""
            result.append(f"[^{number}]: {', '.join(parts)}.{link}")
        return result


def when_text(change: ClaimChange) -> str:
    """The date that placed a change, with its precision and caveats: ``2014-04 (month only)``."""
    notes = []
    if change.precision in ("month", "year"):
        notes.append(f"{change.precision} only")
    if change.placement == "overlaps":
        notes.append("may lie outside the interval")
    if change.status == "began" and change.end:
        notes.append(f"until {change.end}")
    if change.status == "ended" and change.start:
        notes.append(f"from {change.start}")
    if change.conflict:
        notes.append("sources disagree on the period")
    return (change.date or "") + (f" ({'; '.join(notes)})" if notes else "")


def _row(change: ClaimChange, footnotes: _Footnotes) -> str:
    role = f" — {markdown_text(change.role)}" if change.role else ""
    dated = change.dated_by or change.citations
    also = tuple(source for source in change.citations if source not in dated)
    also_text = f"; also cited: {footnotes.cite(also)}" if also else ""
    subject = markdown_text(change.subject_label)
    return f"- {subject}, {when_text(change)}{role} {footnotes.cite(dated)}{also_text}"


def _undated_group(group: ChangeGroup, footnotes: _Footnotes) -> str:
    entries = ", ".join(
        f"{markdown_text(change.subject_label)}"
        + (f" ({markdown_text(change.role)})" if change.role else "")
        + f" {footnotes.cite(change.citations)}"
        for change in group.changes
    )
    return f"- **{markdown_text(group.heading)}** ({len(group.changes)}): {entries}"


def records_note(count: int) -> str:
    """Why the publication relations of a view are not in its list of changes.

    >>> records_note(1)[:60]
    'Left out: 1 relation about the sources (who wrote a text, wh'
    """
    return (
        f"Left out: {count} relation{'s' if count != 1 else ''} about the sources (who wrote a text, "
        "where it was published): their date is when a text appeared, not a change in what the graph "
        "describes."
    )


def to_markdown(G: nx.MultiDiGraph, result: Diff, title: str | None = None) -> str:
    """A readable report: changes grouped by relation, undated ones apart, footnoted sources."""
    footnotes = _Footnotes(G)
    first, second = result.from_date.isoformat(), result.to_date.isoformat()
    lines = [
        f"# {markdown_text(title or f'What changed between {first} and {second}')}",
        "",
        f"Relations in *{markdown_text(str(G.graph.get('name') or 'the dataset'))}* that began or ended "
        f"after {first} and on or before {second}"
        + (f", as reported by {result.reported_by}" if result.reported_by else "")
        + f": {len(result.began)} began, {len(result.ended)} ended; {len(result.undated)} have no dates. "
        "A date known only to the month or the year says so; *may lie outside the interval* "
        "means that month or year reaches past one of the two dates. Each row cites the sources "
        "that give its date (others that support the relation follow as *also cited*).",
    ]
    if result.records_left_out:
        lines += ["", records_note(result.records_left_out)]
    if result.reported_by:
        unplaced = undated_sources(G)
        if unplaced:
            lines += [
                "",
                f"As reported by {result.reported_by}: only sources published by then count; "
                f"{len(unplaced)} source(s) with no publication date never do.",
            ]
    for name, changes in (("Began", result.began), ("Ended", result.ended)):
        lines += ["", f"## {name} ({len(changes)})"]
        if not changes:
            lines += ["", "Nothing."]
        for group in grouped(changes):
            lines += ["", f"### {markdown_text(group.heading)}", ""]
            lines += [_row(change, footnotes) for change in group.changes]
    if result.undated:
        lines += [
            "",
            f"## Undated ({len(result.undated)})",
            "",
            "Relations whose sources give neither a start nor an end: no interval can include or "
            "exclude them.",
            "",
        ]
        lines += [_undated_group(group, footnotes) for group in grouped(result.undated)]
    if footnotes.numbers:
        lines += ["", "## Sources", "", *footnotes.lines()]
    return "\n".join(lines) + "\n"


WRITERS: dict[str, Callable[[nx.MultiDiGraph, Diff], bytes]] = {
    "md": lambda G, result: to_markdown(G, result).encode("utf-8"),
    "json": lambda G, result: to_json(result),
    "csv": lambda G, result: to_csv(result),
}

# The view fields ``python -m graph diff`` does not take: it brings its own dates, and styling
# does not change a list of changes.
NOT_DIFF_OPTIONS = frozenset({"as_of", "changed_from", "changed_to", "color_by", "size_by", "selected"})


def diff_command(spec: ViewSpec, first: str, second: str, fmt: str = "md") -> str:
    """The command that writes the same report as the app's download for the view ``spec``.

    >>> from graph.view import PRESETS
    >>> diff_command(PRESETS["members"].spec, "2014-01-01", "2024-01-01", "csv")[55:]
    '--format csv --types state,alliance --relations member_of --hide-isolated'
    """
    words = ["python", "-m", "graph", "diff", "--from", first, "--to", second, "--format", fmt]
    settings = view_settings()
    for name, value in timeline_scope(spec).with_changes(preset=None).to_query_params().items():
        setting = settings.get(name)
        if setting is None or setting.option is None or name in NOT_DIFF_OPTIONS:
            continue
        if setting.kind == "flag":
            words += [setting.option] if value == "1" else []
        else:
            words += [setting.option, value]
    return shlex.join(words)


__all__ = [
    "FORMATS",
    "WRITERS",
    "diff",
    "diff_command",
    "markdown_text",
    "records_note",
    "to_csv",
    "to_json",
    "to_markdown",
]
