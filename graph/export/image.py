"""PNG and SVG drawn on the server from the same positions, colours and sizes as the screen.

Both come from one scene description (:func:`scene`), so the two pictures agree: edges
(negative ones dashed red), nodes in their type's colour and shape, labels, the legend.
"""

from __future__ import annotations

import io
import math
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from graph.draw.items import Legend, NodeItem
from graph.export.registry import ExportContext, Exporter, register

MARGIN = 60
NODE_STROKE = 'stroke="#333333" stroke-width="0.8"'
LEGEND_WIDTH = 230


def _rgba(colour: str) -> tuple[int, int, int, int]:
    value = colour.lstrip("#")
    red, green, blue = (int(value[index : index + 2], 16) for index in (0, 2, 4))
    alpha = int(value[6:8], 16) if len(value) >= 8 else 255
    return red, green, blue, alpha


def scene(context: ExportContext, width: int) -> dict[str, Any]:
    """Nodes and edges in image pixels, fitted into ``width`` (height follows the layout)."""
    nodes = context.nodes
    placed = {node_id: node for node_id, node in nodes.items() if "x" in node}
    if placed:
        xs = [node["x"] for node in placed.values()]
        ys = [node["y"] for node in placed.values()]
        span_x = max(max(xs) - min(xs), 1.0)
        span_y = max(max(ys) - min(ys), 1.0)
        drawable = width - 2 * MARGIN - LEGEND_WIDTH
        factor = drawable / span_x
        height = int(min(max(span_y * factor + 2 * MARGIN, 400), width * 1.5))
        factor = min(factor, (height - 2 * MARGIN) / span_y)
        origin_x = MARGIN + LEGEND_WIDTH - min(xs) * factor
        origin_y = MARGIN - min(ys) * factor
    else:
        height, factor, origin_x, origin_y = 400, 1.0, width / 2, 200
    scale = max(0.6, min(factor, 1.5))

    def point(node: NodeItem) -> tuple[float, float]:
        return (origin_x + node.get("x", 0.0) * factor, origin_y + node.get("y", 0.0) * factor)

    drawn_nodes = [
        {
            "id": node_id,
            "xy": point(node),
            "r": max(3.0, node["size"] * scale),
            "fill": node["color"]["background"],
            "border": node["color"]["border"],
            "shape": node["shape"],
            "label": node["label"],
            "faded": node.get("faded", False) or node.get("dim", False),
        }
        for node_id, node in nodes.items()
    ]
    drawn_edges = [
        {
            "from": point(nodes[edge["from"]]),
            "to": point(nodes[edge["to"]]),
            "colour": edge["color"]["color"],
            "dashed": bool(edge.get("dashes")),
            "width": edge.get("width", 1) * scale,
        }
        for edge in context.edges
        if edge["from"] in nodes and edge["to"] in nodes
    ]
    return {
        "width": width,
        "height": height,
        "nodes": drawn_nodes,
        "edges": drawn_edges,
        "legend": context.payload["legend"],
        "font": max(10, int(13 * scale)),
    }


def _polygon(shape: str, x: float, y: float, r: float) -> list[tuple[float, float]] | None:
    corners: dict[str, list[tuple[float, float]]] = {
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
    return [(x + dx * r, y + dy * r) for dx, dy in corners[shape]]


def _legend_rows(legend: Legend) -> list[tuple[str, str, str]]:
    rows = [("node", item["color"], item["label"]) for item in legend["nodes"]]
    rows += [("edge", item["color"], item["label"]) for item in legend["edges"] if item.get("change")]
    rows.append(("edge", "#8A8A8A", "relation (arrow: subject → object)"))
    rows += [
        ("negative", item["color"], f"{item['label']} (negative)")
        for item in legend["edges"]
        if item.get("negative")
    ]
    rows += [("note", "#555555", note) for note in legend["notes"]]
    return rows


def write_svg(context: ExportContext) -> bytes:
    picture = scene(context, int(context.options.get("width", 1600)))
    font = picture["font"]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{picture["width"]}" height="{picture["height"]}" '
        f'viewBox="0 0 {picture["width"]} {picture["height"]}" font-family="DejaVu Sans, sans-serif">',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
    for edge in picture["edges"]:
        (x1, y1), (x2, y2) = edge["from"], edge["to"]
        red, green, blue, alpha = _rgba(edge["colour"])
        dash = ' stroke-dasharray="8 6"' if edge["dashed"] else ""
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="rgb({red},{green},{blue})" '
            f'stroke-opacity="{alpha / 255:.2f}" stroke-width="{edge["width"]:.1f}"{dash}/>'
        )
    for node in picture["nodes"]:
        x, y = node["xy"]
        red, green, blue, alpha = _rgba(node["fill"])
        style = f'fill="rgb({red},{green},{blue})" fill-opacity="{alpha / 255:.2f}" ' + NODE_STROKE
        polygon = _polygon(node["shape"], x, y, node["r"])
        if polygon:
            points = " ".join(f"{px:.1f},{py:.1f}" for px, py in polygon)
            parts.append(
                f'<polygon points="{points}" {style}><title>{escape(node["label"])}</title></polygon>'
            )
        else:
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{node["r"]:.1f}" {style}>'
                f"<title>{escape(node['label'])}</title></circle>"
            )
        opacity = "0.45" if node["faded"] else "1"
        parts.append(
            f'<text x="{x:.1f}" y="{y + node["r"] + font:.1f}" font-size="{font}" text-anchor="middle" '
            f'fill="#222222" fill-opacity="{opacity}">{escape(node["label"])}</text>'
        )
    rows = _legend_rows(picture["legend"])
    parts.append(
        f'<rect x="10" y="10" width="{LEGEND_WIDTH - 20}" height="{24 + 18 * len(rows)}" fill="#ffffff" '
        'fill-opacity="0.92" stroke="#cccccc" rx="6"/>'
    )
    parts.append('<text x="20" y="28" font-size="13" font-weight="bold">Legend</text>')
    for index, (kind, colour, label) in enumerate(rows):
        y = 46 + 18 * index
        if kind == "node":
            parts.append(f'<circle cx="26" cy="{y - 4}" r="5" fill={quoteattr(colour)}/>')
        elif kind in ("edge", "negative"):
            dash = ' stroke-dasharray="5 3"' if kind == "negative" else ""
            parts.append(
                f'<line x1="18" y1="{y - 4}" x2="36" y2="{y - 4}" '
                f'stroke={quoteattr(colour)} stroke-width="2"{dash}/>'
            )
        parts.append(f'<text x="42" y="{y}" font-size="11" fill="#222222">{escape(label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts).encode("utf-8")


def write_png(context: ExportContext) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    resolution = float(context.options.get("scale", 1.0))
    picture = scene(context, int(int(context.options.get("width", 1600)) * resolution))
    image = Image.new("RGBA", (picture["width"], picture["height"]), (255, 255, 255, 255))
    layer = Image.new("RGBA", image.size, (255, 255, 255, 0))
    draw = ImageDraw.Draw(layer)
    font = ImageFont.load_default(size=picture["font"])
    small = ImageFont.load_default(size=max(11, int(11 * resolution)))
    for edge in picture["edges"]:
        (x1, y1), (x2, y2) = edge["from"], edge["to"]
        width = max(1, round(edge["width"]))
        if edge["dashed"]:
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            steps = int(length // 14) + 1
            for step in range(steps):
                a, b = step * 14 / length, min((step * 14 + 8) / length, 1.0)
                draw.line(
                    [(x1 + (x2 - x1) * a, y1 + (y2 - y1) * a), (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)],
                    fill=_rgba(edge["colour"]),
                    width=width,
                )
        else:
            draw.line([(x1, y1), (x2, y2)], fill=_rgba(edge["colour"]), width=width)
    for node in picture["nodes"]:
        x, y = node["xy"]
        r = node["r"]
        polygon = _polygon(node["shape"], x, y, r)
        if polygon:
            draw.polygon(polygon, fill=_rgba(node["fill"]), outline=(51, 51, 51, 255))
        else:
            draw.ellipse([x - r, y - r, x + r, y + r], fill=_rgba(node["fill"]), outline=(51, 51, 51, 255))
        draw.text(
            (x, y + r + 2),
            node["label"],
            fill=(34, 34, 34, 110 if node["faded"] else 255),
            font=font,
            anchor="ma",
        )
    rows = _legend_rows(picture["legend"])
    draw.rounded_rectangle(
        [10, 10, LEGEND_WIDTH - 10, 34 + 18 * len(rows)],
        radius=6,
        fill=(255, 255, 255, 235),
        outline=(204, 204, 204, 255),
    )
    draw.text((20, 16), "Legend", fill=(0, 0, 0, 255), font=small)
    for index, (kind, colour, label) in enumerate(rows):
        y = 46 + 18 * index
        if kind == "node":
            draw.ellipse([21, y - 9, 31, y + 1], fill=_rgba(colour))
        elif kind in ("edge", "negative"):
            draw.line([(18, y - 4), (36, y - 4)], fill=_rgba(colour), width=2)
        draw.text((42, y - 11), label.replace("→", "->"), fill=(34, 34, 34, 255), font=small)
    image.alpha_composite(layer)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


register(
    Exporter(
        "png", "png", "image/png", "Picture (PNG) drawn on the server; option scale", write_png, "Pillow"
    )
)
register(Exporter("svg", "svg", "image/svg+xml", "Vector picture (SVG)", write_svg, "ElementTree (XML)"))
