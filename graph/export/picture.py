"""The scene the server's PNG and SVG are drawn from: marks in drawing order, in image pixels.

One scene, two writers (graph/export/image.py), so the two pictures agree. From back to front:
the edges (negative ones dashed red), each with an arrowhead where it meets its object; the nodes
in their type's colour and shape; the labels, each on a light box so no edge crosses it out; the
legend, wrapped inside its frame; the title and the view's dates above; the sources line below.
Text is measured and wrapped with the bundled font (graph/assets.py), the one the PNG is set in.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache

from graph.assets import image_font, text_width, wrap_text
from graph.draw.items import Legend, NodeItem
from graph.export.caption import view_caption
from graph.export.registry import ExportContext
from graph.export.visual import undirected

Point = tuple[float, float]
MARGIN = 60  # around the drawn graph, at resolution 1
LEGEND_WIDTH = 260
PAD = 10
TEXT = "#222222"
FADED_TEXT = "#2222226e"
LABEL_BOX = "#ffffffd9"  # 85 % white: an edge under a label shows as a faint trace at most
NODE_OUTLINE = "#333333"


@dataclass(frozen=True)
class Line:
    start: Point
    end: Point
    colour: str  # #rrggbb or #rrggbbaa
    width: float
    dashed: bool = False
    role: str = "edge"


@dataclass(frozen=True)
class Shape:
    """A ``circle`` (points: its centre), a ``polygon`` or a ``box`` (points: two corners)."""

    kind: str
    points: tuple[Point, ...]
    fill: str
    outline: str | None = None
    radius: float = 0.0  # a circle's radius, a box's rounded corners
    role: str = ""
    title: str = ""


@dataclass(frozen=True)
class Text:
    """One line of text; ``top`` is the top of the font's ascender (Pillow's anchor "a")."""

    x: float
    top: float
    text: str
    size: int
    colour: str = TEXT
    anchor: str = "start"  # or "middle"
    role: str = ""
    whole: str = ""  # on the first line of a wrapped text: all of it (the SVG's tooltip)
    width: float = 0.0  # in the bundled font, measured once (the SVG's textLength)


Mark = Line | Shape | Text


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    marks: list[Mark]


def line_height(size: int) -> int:
    return round(size * 1.3)


@cache
def ascent(size: int) -> int:
    """From the top of a line of text to its baseline, in the bundled font."""
    return int(image_font(size).getmetrics()[0])


def text_lines(lines: Iterable[str], x: float, top: float, size: int, role: str, **style: str) -> list[Text]:
    return [
        Text(x, top + index * line_height(size), line, size, role=role, width=text_width(line, size), **style)
        for index, line in enumerate(lines)
    ]


def polygon_corners(shape: str, x: float, y: float, r: float) -> tuple[Point, ...] | None:
    """The corners of a vis-network node shape, or None for a circle (dot, ellipse, …)."""
    corners: dict[str, list[Point]] = {
        "square": [(-1, -1), (1, -1), (1, 1), (-1, 1)],
        "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        "triangle": [(0, -1.2), (1.1, 0.8), (-1.1, 0.8)],
        "triangleDown": [(0, 1.2), (1.1, -0.8), (-1.1, -0.8)],
        "hexagon": [(math.cos(a), math.sin(a)) for a in (k * math.pi / 3 for k in range(6))],
        "star": [
            (
                (1 if k % 2 == 0 else 0.45) * math.cos(-math.pi / 2 + k * math.pi / 5),
                (1 if k % 2 == 0 else 0.45) * math.sin(-math.pi / 2 + k * math.pi / 5),
            )
            for k in range(10)
        ],
    }
    if shape not in corners:
        return None
    return tuple((x + dx * r, y + dy * r) for dx, dy in corners[shape])


def arrowhead(tip: Point, towards: Point, length: float, colour: str, role: str = "arrow") -> Shape:
    """A filled triangle whose point is ``tip``, pointing away from ``towards``."""
    dx, dy = tip[0] - towards[0], tip[1] - towards[1]
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    base = (tip[0] - ux * length, tip[1] - uy * length)
    half = length * 0.45
    return Shape(
        "polygon",
        (tip, (base[0] - uy * half, base[1] + ux * half), (base[0] + uy * half, base[1] - ux * half)),
        colour,
        role=role,
    )


def legend_rows(legend: Legend, directed: bool) -> list[tuple[str, str, str]]:
    """(kind, colour, text) for each legend row: node types (the kind is ``node:SHAPE``),
    relations, notes."""
    rows = [
        (f"node:{item.get('shape', 'dot')}", item.get("color", "#b0b0b0"), item.get("label", ""))
        for item in legend["nodes"]
    ]
    rows += [("edge", item["color"], item["label"]) for item in legend["edges"] if item.get("change")]
    rows.append(("edge", "#8A8A8A", "relation (arrow: subject → object)" if directed else "relation"))
    rows += [
        ("negative", item["color"], f"{item['label']} (negative)")
        for item in legend["edges"]
        if item.get("negative")
    ]
    rows += [("note", "#555555", note) for note in legend["notes"]]
    return rows


def _legend_mark(kind: str, colour: str, middle: float, unit: float, directed: bool) -> list[Mark]:
    """The shape drawn before a legend row: the node's shape, or a short edge with its arrowhead."""
    if kind.startswith("node:"):
        corners = polygon_corners(kind.removeprefix("node:"), 26 * unit, middle, 5 * unit)
        if corners:
            return [Shape("polygon", corners, colour, NODE_OUTLINE, role="legend-mark")]
        return [Shape("circle", ((26 * unit, middle),), colour, NODE_OUTLINE, 5 * unit, "legend-mark")]
    if kind not in ("edge", "negative"):
        return []
    start, end = (16 * unit, middle), (36 * unit, middle)
    marks: list[Mark] = [Line(start, end, colour, 2 * unit, kind == "negative", "legend-mark")]
    if directed:
        marks.append(arrowhead(end, start, 7 * unit, colour, "legend-mark"))
    return marks


def legend_marks(rows: list[tuple[str, str, str]], top: float, unit: float, directed: bool) -> list[Mark]:
    """The legend in a frame at the left, every line of text wrapped inside it."""
    left, right = PAD * unit, (LEGEND_WIDTH - PAD) * unit
    text_x = 42 * unit
    size, heading = round(12 * unit), round(13 * unit)
    marks: list[Mark] = [Text(20 * unit, top + 8 * unit, "Legend", heading, role="legend-title")]
    y = top + 8 * unit + line_height(heading) + 4 * unit
    for kind, colour, label in rows:
        marks += _legend_mark(kind, colour, y + line_height(size) / 2, unit, directed)
        lines = wrap_text(label, size, right - 8 * unit - text_x)
        row = text_lines(lines, text_x, y, size, "legend-text")
        if len(row) > 1:
            row[0] = replace(row[0], whole=label)
        marks += row
        y += len(lines) * line_height(size) + 3 * unit
    frame = Shape(
        "box", ((left, top), (right, y + 6 * unit)), "#ffffffeb", "#cccccc", 6 * unit, "legend-frame"
    )
    return [frame, *marks]


def _placement(
    nodes: dict[str, NodeItem], box: tuple[float, float, float], height_cap: float
) -> tuple[Callable[[NodeItem], Point], float, float]:
    """Where each node goes in the area (left, top, right), the zoom factor and the area's height."""
    left, top, right = box
    placed = [node for node in nodes.values() if "x" in node]
    if not placed:
        return (lambda _node: ((left + right) / 2, top + 150.0)), 1.0, 300.0
    xs, ys = [node["x"] for node in placed], [node["y"] for node in placed]
    span_x, span_y = max(max(xs) - min(xs), 1.0), max(max(ys) - min(ys), 1.0)
    factor = (right - left) / span_x
    height = min(span_y * factor, height_cap)
    factor = min(factor, height / span_y)
    offset_x = left + ((right - left) - span_x * factor) / 2 - min(xs) * factor
    offset_y = top - min(ys) * factor

    def point(node: NodeItem) -> Point:
        return (offset_x + node.get("x", 0.0) * factor, offset_y + node.get("y", 0.0) * factor)

    return point, factor, height


def border_distance(
    outline: tuple[Point, ...] | None, radius: float, centre: Point, direction: Point
) -> float:
    """How far from ``centre`` the node's outline is, going along the unit vector ``direction``.

    >>> border_distance(None, 5.0, (0.0, 0.0), (1.0, 0.0))
    5.0
    >>> round(border_distance(((-1, -1), (1, -1), (1, 1), (-1, 1)), 1.0, (0.0, 0.0), (0.6, 0.8)), 2)
    1.25
    """
    if outline is None:
        return radius
    (cx, cy), (ux, uy) = centre, direction
    nearest = math.inf
    for (ax, ay), (bx, by) in zip(outline, outline[1:] + outline[:1], strict=True):
        ex, ey = bx - ax, by - ay
        denominator = ux * ey - uy * ex
        if abs(denominator) < 1e-12:
            continue
        along = ((ax - cx) * ey - (ay - cy) * ex) / denominator  # along the ray
        side = ((ax - cx) * uy - (ay - cy) * ux) / denominator  # along the polygon's side
        if along > 0 and -1e-9 <= side <= 1 + 1e-9:
            nearest = min(nearest, along)
    return nearest if math.isfinite(nearest) else radius


def _edge_marks(
    context: ExportContext,
    centres: dict[str, Point],
    outlines: dict[str, tuple[tuple[Point, ...] | None, float]],
    scale: float,
    directed: bool,
) -> tuple[list[Mark], list[Mark]]:
    """Each edge from border to border, and an arrowhead at its object unless the graph is undirected."""
    lines: list[Mark] = []
    heads: list[Mark] = []
    for edge in context.edges:
        if edge["from"] not in centres or edge["to"] not in centres:
            continue
        (x1, y1), (x2, y2) = centres[edge["from"]], centres[edge["to"]]
        colour, width = edge["color"]["color"], edge.get("width", 1) * scale
        length = math.hypot(x2 - x1, y2 - y1)
        if length < 1e-6:
            continue
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        leave = border_distance(*outlines[edge["from"]], (x1, y1), (ux, uy))
        reach = border_distance(*outlines[edge["to"]], (x2, y2), (-ux, -uy))
        gap = leave + reach
        if length <= gap + 2:  # a loop or overlapping nodes: no room for a line
            continue
        start = (x1 + ux * leave, y1 + uy * leave)
        tip = (x2 - ux * reach, y2 - uy * reach)
        end = tip
        if directed and edge.get("arrows", "to") != "":
            head = min(6 * scale + 3 * width, (length - gap) * 0.6)
            heads.append(arrowhead(tip, start, head, colour))
            end = (tip[0] - ux * head * 0.8, tip[1] - uy * head * 0.8)
        lines.append(Line(start, end, colour, width, bool(edge.get("dashes"))))
    return lines, heads


def _node_marks(
    nodes: dict[str, NodeItem],
    centres: dict[str, Point],
    outlines: dict[str, tuple[tuple[Point, ...] | None, float]],
    label_size: int,
    room: tuple[float, float],
) -> tuple[list[Mark], list[Mark], list[Mark]]:
    """The nodes, the light boxes under their labels and the labels, each kept within ``room``
    (from the legend's right to the picture's right)."""
    shapes: list[Mark] = []
    boxes: list[Mark] = []
    labels: list[Mark] = []
    for node_id, node in nodes.items():
        (x, y), (corners, r) = centres[node_id], outlines[node_id]
        fill, label = node["color"]["background"], node["label"]
        if corners:
            shapes.append(Shape("polygon", corners, fill, NODE_OUTLINE, role="node", title=label))
        else:
            shapes.append(Shape("circle", ((x, y),), fill, NODE_OUTLINE, r, "node", label))
        if not label:
            continue
        top = max([y + r, *(corner[1] for corner in corners or ())]) + 2
        width = text_width(label, label_size)
        half = width / 2 + 3
        x = min(max(x, room[0] + half), room[1] - half)
        box = ((x - half, top - 1), (x + half, top + line_height(label_size)))
        boxes.append(Shape("box", box, LABEL_BOX, radius=3, role="label-box"))
        faded = node.get("faded", False) or node.get("dim", False)
        colour = FADED_TEXT if faded else TEXT
        labels.append(Text(x, top, label, label_size, colour, "middle", "label", width=width))
    return shapes, boxes, labels


def scene(context: ExportContext, width: int, unit: float = 1.0) -> Picture:
    """The picture of the view, ``width`` pixels wide (the height follows the layout); ``unit``
    scales margins and text for a higher resolution."""
    caption = view_caption(context.G, context.view, context.spec)
    directed = not undirected(context)
    title_size, dates_size, sources_size = round(22 * unit), round(13 * unit), round(12 * unit)
    text_width_room = width - 2 * PAD * unit
    header = text_lines(
        wrap_text(caption.title, title_size, text_width_room), PAD * unit, PAD * unit, title_size, "title"
    )
    top = header[-1].top + line_height(title_size)
    header += text_lines(
        wrap_text(caption.dates, dates_size, text_width_room), PAD * unit, top, dates_size, "dates"
    )
    header_bottom = header[-1].top + line_height(dates_size) + 6 * unit
    legend = legend_marks(legend_rows(context.payload["legend"], directed), header_bottom, unit, directed)
    margin, nodes = MARGIN * unit, context.nodes
    area = (LEGEND_WIDTH * unit + margin, header_bottom + margin / 2, width - margin)
    point, factor, area_height = _placement(nodes, area, width * 1.5 - 2 * margin)
    scale = max(0.6, min(factor / unit, 1.5)) * unit
    centres = {node_id: point(node) for node_id, node in nodes.items()}
    outlines = {}
    for node_id, node in nodes.items():
        radius = max(3.0 * unit, node["size"] * scale)
        outlines[node_id] = (polygon_corners(node["shape"], *centres[node_id], radius), radius)
    label_size = round(max(10, 10 * scale / unit) * unit)
    shapes, boxes, labels = _node_marks(
        nodes, centres, outlines, label_size, (LEGEND_WIDTH * unit, width - PAD)
    )
    legend_frame = legend[0]
    assert isinstance(legend_frame, Shape)
    bottom = max(area[1] + area_height + margin, legend_frame.points[1][1] + PAD * unit, area[1] + 300 * unit)
    sources = text_lines(
        wrap_text(caption.sources, sources_size, text_width_room), PAD * unit, bottom, sources_size, "sources"
    )
    height = round(sources[-1].top + line_height(sources_size) + PAD * unit)
    lines, heads = _edge_marks(context, centres, outlines, scale, directed)
    # Boxes hide the edges under a label; arrowheads come after them so none is hidden (the
    # text, last, stays readable over an arrowhead's tip).
    marks = [*lines, *shapes, *boxes, *heads, *labels, *legend, *header, *sources]
    return Picture(width, height, marks)
