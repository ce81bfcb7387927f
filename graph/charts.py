"""Step charts of membership over time (:func:`graph.timeline.membership_series`) as SVG or PNG.

Both pictures come from one :func:`chart_scene` (pixel coordinates of every line, step
marker, tick and legend row), so they agree. Each step of a series is one marker; in the
SVG the marker's ``<title>`` (a hover tooltip in browsers) names the date, the count, who
joined or left and the sources, and its ``data-*`` attributes carry the same for scripts.
The picture has a title, a description, axis labels and a legend; lines differ by colour
(Okabe–Ito, safe for colour-blind readers) and by dash pattern.

>>> import graph
>>> from graph.timeline import membership_series
>>> svg = chart_svg(membership_series(graph.load_graph()), until="2025-01-01")
>>> svg[:5]
b'<?xml'
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from graph.assets import image_font
from graph.temporal.periods import day
from graph.timeline.series import Series, SeriesStep

WIDTH = 1120
HEIGHT = 560
LEFT, RIGHT, TOP, BOTTOM = 70, 380, 60, 70
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442")
DASHES: tuple[tuple[int, ...], ...] = (
    (),
    (8, 4),
    (2, 3),
    (10, 3, 2, 3),
    (5, 5),
    (1, 2),
    (12, 6),
    (4, 2, 1, 2),
)
TITLE = "Members of each alliance and partners of each framework over time"


@dataclass
class Line:
    """One series in pixels: its polyline, its step markers and its legend row."""

    target: str
    label: str
    colour: str
    dash: tuple[int, ...]
    paths: list[list[tuple[float, float]]]  # one polyline per stretch with members
    markers: list[tuple[float, float, SeriesStep]]
    final_count: int
    undated: int


@dataclass
class Scene:
    """Everything a writer draws, in pixels."""

    width: int
    height: int
    title: str
    description: str
    plot: tuple[float, float, float, float]  # left, top, right, bottom
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    lines: list[Line] = field(default_factory=list)
    x_label: str = "Date"
    y_label: str = "Members or partners"


def _nice_step(span: float, wanted: int) -> int:
    raw = max(span / max(wanted, 1), 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return int(factor * magnitude)
    return int(10 * magnitude)


def _count_before(series: Series, when: dt.date) -> int:
    return len(series.members_on(when - dt.timedelta(days=1)))


@dataclass(frozen=True)
class Axes:
    """Dates and counts to pixels: time from ``start`` to ``end``, counts from 0 to ``y_max``."""

    start: dt.date
    end: dt.date
    y_max: int
    plot: tuple[float, float, float, float]  # left, top, right, bottom

    def x(self, when: dt.date) -> float:
        left, _, right, _ = self.plot
        return left + (when.toordinal() - self.start.toordinal()) / (
            self.end.toordinal() - self.start.toordinal()
        ) * (right - left)

    def y(self, count: int) -> float:
        _, top, _, bottom = self.plot
        return bottom - count / self.y_max * (bottom - top)


def _time_span(
    series: Sequence[Series], since: str | dt.date | None, until: str | dt.date | None
) -> tuple[dt.date, dt.date]:
    """From ``since`` (default: 1 January of the first step's year) to ``until`` (default: the
    last step), at least a day apart (a year when they are not)."""
    all_days = [step.day for item in series for step in item.steps]
    first_day = min(all_days, default=dt.date.today())
    start = day(since, "since") if since is not None else dt.date(first_day.year, 1, 1)
    end = day(until, "until") if until is not None else max(all_days, default=start)
    if end <= start:
        end = start + dt.timedelta(days=365)
    return start, end


def _series_line(item: Series, index: int, axes: Axes) -> Line:
    """One series as a line that runs while the entity has members: it starts at its first step
    (or at the left edge when it already has some) and stops where the count falls to zero."""
    start, end = axes.start, axes.end
    count = _count_before(item, start)
    paths: list[list[tuple[float, float]]] = [[(axes.x(start), axes.y(count))]] if count else []
    markers = []
    for step in item.steps:
        if step.day < start or step.day > end:
            continue
        x = axes.x(step.day)
        if count:
            paths[-1] += [(x, axes.y(count)), (x, axes.y(step.count))]
        else:
            paths.append([(x, axes.y(step.count))])
        markers.append((x, axes.y(step.count), step))
        count = step.count
    if count:
        paths[-1].append((axes.x(end), axes.y(count)))
    return Line(
        item.target,
        item.label,
        COLOURS[index % len(COLOURS)],
        DASHES[index % len(DASHES)],
        paths,
        markers,
        count,
        len(item.undated),
    )


def chart_scene(
    series: Sequence[Series],
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    title: str = TITLE,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Scene:
    """Lay out the chart: time from ``since`` (default: 1 January of the first step's year) to
    ``until`` (default: the last step). Steps on either day are drawn."""
    start, end = _time_span(series, since, until)
    plot = (LEFT, TOP, width - RIGHT, height - BOTTOM)
    counts = [_count_before(item, start) for item in series] + [
        step.count for item in series for step in item.steps if start <= step.day <= end
    ]
    top_count = max([*counts, 1])
    y_step = _nice_step(top_count, 6)
    axes = Axes(start, end, math.ceil(top_count / y_step) * y_step, plot)
    year_step = _nice_step(end.year - start.year, 8)
    first_year = -(-start.year // year_step) * year_step  # the first multiple of the step
    x_ticks = [
        (axes.x(dt.date(year, 1, 1)), str(year))
        for year in range(first_year, end.year + 1, year_step)
        if start <= dt.date(year, 1, 1) <= end
    ]
    y_ticks = [(axes.y(value), str(value)) for value in range(0, axes.y_max + 1, y_step)]
    lines = [_series_line(item, index, axes) for index, item in enumerate(series)]
    description = (
        f"Step chart from {start.isoformat()} to {end.isoformat()}: "
        + "; ".join(
            f"{line.label}: {line.final_count}"
            + (f" (+{line.undated} with no start date, not drawn)" if line.undated else "")
            for line in lines
        )
        + ". Each marker is a date on which the count changed."
    )
    return Scene(width, height, title, description, plot, x_ticks, y_ticks, lines)


def step_text(step: SeriesStep, label: str, sources: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """What a step's tooltip says: date, count, who joined or left (with precision) and the sources."""
    sources = sources or {}
    lines = [f"{label}, {step.day.isoformat()}: {step.count}"]
    for change in step.changes:
        verb = "joined" if change.joined else "left"
        note = f" ({change.precision} only)" if change.precision != "day" else ""
        lines.append(f"{change.label} {verb} {change.date}{note}")
    for source in step.citations:
        row = sources.get(source) or {}
        details = ", ".join(str(row[name]) for name in ("title", "publisher", "published") if row.get(name))
        lines.append(f"[{source}] {details}".rstrip())
    return "\n".join(lines)


UNDATED_NOTE = "undated: no start date in the sources; not drawn"


def _legend_text(line: Line) -> str:
    extra = f" (+{line.undated} undated)" if line.undated else ""
    return f"{line.label}: {line.final_count}{extra}"


def chart_svg(
    series: Sequence[Series],
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    title: str = TITLE,
    sources: Mapping[str, Mapping[str, Any]] | None = None,
) -> bytes:
    """The chart as a standalone SVG document (UTF-8); ``sources`` (``G.graph["sources"]``) names them."""
    scene = chart_scene(series, since, until, title)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{scene.width}" height="{scene.height}" '
        f'viewBox="0 0 {scene.width} {scene.height}" role="img" aria-labelledby="chart-title chart-desc" '
        'font-family="DejaVu Sans, sans-serif">',
        f'<title id="chart-title">{escape(scene.title)}</title>',
        f'<desc id="chart-desc">{escape(scene.description)}</desc>',
        f'<rect width="{scene.width}" height="{scene.height}" fill="#ffffff"/>',
        f'<text x="{scene.width / 2:.0f}" y="30" font-size="18" font-weight="bold" text-anchor="middle">'
        f"{escape(scene.title)}</text>",
        *_svg_axes(scene),
    ]
    for line in scene.lines:
        out += _svg_line(line, sources)
    out += _svg_legend(scene)
    out.append("</svg>")
    return ("\n".join(out) + "\n").encode("utf-8")


def _svg_axes(scene: Scene) -> list[str]:
    """Grid lines and tick labels, the axes and their labels."""
    left, top, right, bottom = scene.plot
    out = []
    for y, text in scene.y_ticks:
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        out.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" font-size="12" text-anchor="end">{escape(text)}</text>'
        )
    for x, text in scene.x_ticks:
        out.append(f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 5}" stroke="#333333"/>')
        out.append(
            f'<text x="{x:.1f}" y="{bottom + 20}" font-size="12" text-anchor="middle">{escape(text)}</text>'
        )
    out.append(
        f'<path d="M{left},{top} V{bottom} H{right}" fill="none" stroke="#333333" stroke-width="1"/>'
        f'<text x="{(left + right) / 2:.0f}" y="{scene.height - 22}" font-size="13" text-anchor="middle">'
        f"{escape(scene.x_label)}</text>"
        f'<text x="20" y="{(top + bottom) / 2:.0f}" font-size="13" text-anchor="middle" '
        f'transform="rotate(-90 20 {(top + bottom) / 2:.0f})">{escape(scene.y_label)}</text>'
    )
    return out


def _svg_line(line: Line, sources: Mapping[str, Mapping[str, Any]] | None) -> list[str]:
    """One series: its path and a marker per step, each with its tooltip and data attributes."""
    path = " ".join("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points) for points in line.paths)
    dash = f' stroke-dasharray="{",".join(map(str, line.dash))}"' if line.dash else ""
    out = [
        f'<g class="series" data-target={quoteattr(line.target)}>',
        f"<title>{escape(_legend_text(line))}</title>",
        f'<path d="{path}" fill="none" stroke="{line.colour}" stroke-width="2.2"{dash}/>',
    ]
    for x, y, step in line.markers:
        out.append(
            f'<circle class="step" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{line.colour}" '
            f'stroke="#ffffff" stroke-width="1" data-date="{step.day.isoformat()}" '
            f'data-count="{step.count}" data-sources={quoteattr(" ".join(step.citations))}>'
            f"<title>{escape(step_text(step, line.label, sources))}</title></circle>"
        )
    out.append("</g>")
    return out


def _svg_legend(scene: Scene) -> list[str]:
    """A row per series (its line, dash and marker), and a note when some are undated."""
    _, top, right, _ = scene.plot
    legend_x = right + 24
    out = [f'<text x="{legend_x}" y="{top + 4}" font-size="13" font-weight="bold">Legend</text>']
    for index, line in enumerate(scene.lines):
        y = top + 28 + index * 24
        dash = f' stroke-dasharray="{",".join(map(str, line.dash))}"' if line.dash else ""
        out.append(
            f'<line x1="{legend_x}" y1="{y}" x2="{legend_x + 30}" y2="{y}" stroke="{line.colour}" '
            f'stroke-width="2.2"{dash}/><circle cx="{legend_x + 15}" cy="{y}" r="3.5" fill="{line.colour}"/>'
            f'<text x="{legend_x + 38}" y="{y + 4}" font-size="12">{escape(_legend_text(line))}</text>'
        )
    if any(line.undated for line in scene.lines):
        y = top + 28 + len(scene.lines) * 24
        out.append(f'<text x="{legend_x}" y="{y + 4}" font-size="11" fill="#444444">{UNDATED_NOTE}</text>')
    return out


def _dashed(
    draw: Any, points: list[tuple[float, float]], colour: str, width: int, dash: tuple[int, ...], scale: float
) -> None:
    """A polyline with a dash pattern (Pillow draws only solid lines)."""
    if not dash:
        draw.line(points, fill=colour, width=width, joint="curve")
        return
    pattern = [length * scale for length in dash]
    index, left_in_dash, on = 0, pattern[0], True
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        length = math.hypot(x2 - x1, y2 - y1)
        done = 0.0
        while done < length:
            piece = min(left_in_dash, length - done)
            if on:
                a, b = done / length, (done + piece) / length
                draw.line(
                    [(x1 + (x2 - x1) * a, y1 + (y2 - y1) * a), (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)],
                    fill=colour,
                    width=width,
                )
            done += piece
            left_in_dash -= piece
            if left_in_dash <= 1e-9:
                index = (index + 1) % len(pattern)
                left_in_dash, on = pattern[index], not on


@dataclass(frozen=True)
class _Canvas:
    """A Pillow image and its drawing context, with the scene's pixels scaled by ``scale``."""

    image: Any
    draw: Any
    scale: float

    def font(self, size: int) -> Any:
        return image_font(max(8, round(size * self.scale)))

    def at(self, x: float, y: float) -> tuple[float, float]:
        return (x * self.scale, y * self.scale)


def chart_png(
    series: Sequence[Series],
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    title: str = TITLE,
    scale: float = 1.0,
) -> bytes:
    """The chart as a PNG; ``scale`` sets the resolution (2.0 doubles it)."""
    from PIL import Image, ImageDraw

    scene = chart_scene(series, since, until, title)
    image = Image.new("RGB", (round(scene.width * scale), round(scene.height * scale)), "white")
    canvas = _Canvas(image, ImageDraw.Draw(image), scale)
    title_at = canvas.at(scene.width / 2, 30)
    canvas.draw.text(title_at, scene.title, fill="black", font=canvas.font(18), anchor="mm")
    _png_axes(canvas, scene)
    _png_lines(canvas, scene)
    _png_legend(canvas, scene)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _png_axes(canvas: _Canvas, scene: Scene) -> None:
    """Grid lines and tick labels, the axes and their labels (the y label turned upright)."""
    from PIL import Image, ImageDraw

    draw, at, font, scale = canvas.draw, canvas.at, canvas.font, canvas.scale
    left, top, right, bottom = scene.plot
    for y, text in scene.y_ticks:
        draw.line([at(left, y), at(right, y)], fill="#e5e5e5", width=max(1, round(scale)))
        draw.text(at(left - 8, y), text, fill="black", font=font(12), anchor="rm")
    for x, text in scene.x_ticks:
        draw.line([at(x, bottom), at(x, bottom + 5)], fill="#333333", width=max(1, round(scale)))
        draw.text(at(x, bottom + 14), text, fill="black", font=font(12), anchor="mm")
    draw.line(
        [at(left, top), at(left, bottom), at(right, bottom)], fill="#333333", width=max(1, round(scale))
    )
    draw.text(
        at((left + right) / 2, scene.height - 22), scene.x_label, fill="black", font=font(13), anchor="mm"
    )
    label_font = font(13)
    box = draw.textbbox((0, 0), scene.y_label, font=label_font)
    label = Image.new("RGBA", (round(box[2] - box[0]) + 4, round(box[3] - box[1]) + 6), (255, 255, 255, 0))
    ImageDraw.Draw(label).text((2, -box[1] + 2), scene.y_label, fill="black", font=label_font)
    label = label.rotate(90, expand=True)
    corner = (round(14 * scale), round((top + bottom) / 2 * scale - label.height / 2))
    canvas.image.paste(label, corner, label)


def _png_lines(canvas: _Canvas, scene: Scene) -> None:
    """Each series' line (dashed as in the SVG) and its step markers."""
    draw, at, scale = canvas.draw, canvas.at, canvas.scale
    line_width = max(2, round(2.2 * scale))
    for line in scene.lines:
        for points in line.paths:
            _dashed(draw, [at(x, y) for x, y in points], line.colour, line_width, line.dash, scale)
        for x, y, _ in line.markers:
            cx, cy = at(x, y)
            radius = 4 * scale
            draw.ellipse(
                [cx - radius, cy - radius, cx + radius, cy + radius], fill=line.colour, outline="white"
            )


def _png_legend(canvas: _Canvas, scene: Scene) -> None:
    """A row per series (its line, dash and marker), and a note when some are undated."""
    draw, at, font, scale = canvas.draw, canvas.at, canvas.font, canvas.scale
    _, top, right, _ = scene.plot
    line_width = max(2, round(2.2 * scale))
    legend_x = right + 24
    draw.text(at(legend_x, top + 4), "Legend", fill="black", font=font(13), anchor="ls")
    for index, line in enumerate(scene.lines):
        y = top + 28 + index * 24
        _dashed(draw, [at(legend_x, y), at(legend_x + 30, y)], line.colour, line_width, line.dash, scale)
        cx, cy = at(legend_x + 15, y)
        draw.ellipse(
            [cx - 3.5 * scale, cy - 3.5 * scale, cx + 3.5 * scale, cy + 3.5 * scale], fill=line.colour
        )
        draw.text(at(legend_x + 38, y), _legend_text(line), fill="black", font=font(12), anchor="lm")
    if any(line.undated for line in scene.lines):
        y = top + 28 + len(scene.lines) * 24
        draw.text(at(legend_x, y), UNDATED_NOTE, fill="#444444", font=font(11), anchor="lm")


FORMATS: dict[str, str] = {"svg": "image/svg+xml", "png": "image/png"}


# ---- The same chart for the app (Vega-Lite, drawn by Streamlit) ----------------------------------

# Dates travel as ISO text and are read as UTC days, so no browser shifts a step to the day
# before (a date-only ISO string is midnight UTC; a local time zone west of it would show
# the 26th for the 27th). Tooltips show the text as the sources give it, never milliseconds.
DAY_AXIS: dict[str, Any] = {"format": "%Y", "labelOverlap": True, "grid": True}


def vega_lite_spec(
    series: Sequence[Series], sources: Mapping[str, Mapping[str, Any]], until: str
) -> dict[str, Any]:
    """A Vega-Lite step chart of the series, one point per step whose tooltip says the date, the
    count, who joined or left, and the sources.

    >>> import graph
    >>> from graph.timeline import membership_series
    >>> spec = vega_lite_spec(membership_series(graph.load_graph()), {}, "2025-01-01")
    >>> [item for item in spec["layer"][1]["encoding"]["tooltip"] if item["title"] == "date"]
    [{'field': 'date', 'type': 'nominal', 'title': 'date'}]
    """
    lines, points = [], []
    for item in series:
        for step in item.steps:
            row = {"series": item.label, "day": step.day.isoformat(), "count": step.count}
            lines.append(row)
            text = step_text(step, item.label, sources).splitlines()
            points.append(
                {
                    **row,
                    "date": step.day.isoformat(),
                    "changes": "; ".join(line for line in text[1:] if not line.startswith("[")),
                    "sources": "; ".join(line for line in text[1:] if line.startswith("[")),
                }
            )
        if item.steps and item.steps[-1].day.isoformat() < until:
            lines.append({"series": item.label, "day": until, "count": item.steps[-1].count})
    labels = [item.label for item in series]
    colour = {
        "field": "series",
        "type": "nominal",
        "scale": {"domain": labels, "range": [COLOURS[index % len(COLOURS)] for index in range(len(labels))]},
        "legend": {"orient": "bottom", "title": None, "columns": 2, "labelLimit": 160},
    }
    x = {"field": "day", "type": "temporal", "title": "date", "scale": {"type": "utc"}, "axis": DAY_AXIS}
    y = {"field": "count", "type": "quantitative", "title": "members or partners"}
    return {
        "layer": [
            {
                "data": {"values": lines},
                "mark": {"type": "line", "interpolate": "step-after", "strokeWidth": 2},
                "encoding": {"x": x, "y": y, "color": colour},
            },
            {
                "data": {"values": points},
                "mark": {"type": "point", "filled": True, "size": 40},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": colour,
                    "tooltip": [
                        {"field": "series", "type": "nominal", "title": "of"},
                        {"field": "date", "type": "nominal", "title": "date"},
                        {"field": "count", "type": "quantitative", "title": "count"},
                        {"field": "changes", "type": "nominal", "title": "changes"},
                        {"field": "sources", "type": "nominal", "title": "sources"},
                    ],
                },
            },
        ],
    }
