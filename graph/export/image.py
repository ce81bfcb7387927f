"""PNG and SVG drawn on the server from the same positions, colours and sizes as the screen.

Both writers translate one scene (graph/export/picture.py), mark by mark in its order, so the two
pictures agree: arrowheads on directed edges, labels above the edges, a wrapped legend, a title,
the view's dates and a line naming its sources. The PNG is set in the bundled DejaVu Sans; the
SVG names that font and fixes each line's length to its width in it (``textLength``), so a viewer
that lacks the font still keeps every line inside its frame.
"""

from __future__ import annotations

import io
import math
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from graph.assets import FONT_FAMILY, image_font, text_width
from graph.export.picture import Line, Mark, Picture, Text, ascent, scene
from graph.export.registry import ExportContext, Exporter, register


def _rgba(colour: str) -> tuple[int, int, int, int]:
    value = colour.lstrip("#")
    red, green, blue = (int(value[index : index + 2], 16) for index in (0, 2, 4))
    alpha = int(value[6:8], 16) if len(value) >= 8 else 255
    return red, green, blue, alpha


def _svg_paint(attribute: str, colour: str) -> str:
    """``fill="#rrggbb"`` (the colour as the legend names it), with its opacity if it has one."""
    alpha = _rgba(colour)[3]
    opacity = f' {attribute}-opacity="{alpha / 255:.2f}"' if alpha < 255 else ""
    return f"{attribute}={quoteattr(colour[:7])}{opacity}"


def _svg_mark(mark: Mark) -> str:
    if isinstance(mark, Line):
        (x1, y1), (x2, y2) = mark.start, mark.end
        dash = (
            f' stroke-dasharray="{mark.width * 2 + 4:.0f} {mark.width * 1.5 + 3:.0f}"' if mark.dashed else ""
        )
        return (
            f'<line class="{mark.role}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'{_svg_paint("stroke", mark.colour)} stroke-width="{mark.width:.1f}"{dash}/>'
        )
    if isinstance(mark, Text):
        anchor = ' text-anchor="middle"' if mark.anchor == "middle" else ""
        length = mark.width or text_width(mark.text, mark.size)
        return (
            f'<text class="{mark.role}" x="{mark.x:.1f}" y="{mark.top + ascent(mark.size):.1f}" '
            f'font-size="{mark.size}"{anchor} {_svg_paint("fill", mark.colour)} '
            f'textLength="{length:.1f}" lengthAdjust="spacingAndGlyphs">'
            f"{escape(mark.text)}{f'<title>{escape(mark.whole)}</title>' if mark.whole else ''}</text>"
        )
    paint = _svg_paint("fill", mark.fill)
    if mark.outline:
        paint += f' stroke={quoteattr(mark.outline)} stroke-width="0.8"'
    title = f"<title>{escape(mark.title)}</title>" if mark.title else ""
    if mark.kind == "circle":
        (x, y), radius = mark.points[0], mark.radius
        return (
            f'<circle class="{mark.role}" cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" {paint}>{title}</circle>'
        )
    if mark.kind == "box":
        (x1, y1), (x2, y2) = mark.points
        return (
            f'<rect class="{mark.role}" x="{x1:.1f}" y="{y1:.1f}" width="{x2 - x1:.1f}" '
            f'height="{y2 - y1:.1f}" rx="{mark.radius:.1f}" {paint}/>'
        )
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in mark.points)
    return f'<polygon class="{mark.role}" points="{points}" {paint}>{title}</polygon>'


def write_svg(context: ExportContext) -> bytes:
    picture = scene(context, int(context.options.get("width", 1600)))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{picture.width}" height="{picture.height}" '
        f'viewBox="0 0 {picture.width} {picture.height}" '
        f'font-family="{FONT_FAMILY}, Verdana, sans-serif">',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        *(_svg_mark(mark) for mark in picture.marks),
        "</svg>",
    ]
    return "\n".join(parts).encode("utf-8")


def _png_line(draw: Any, mark: Line) -> None:
    (x1, y1), (x2, y2) = mark.start, mark.end
    width = max(1, round(mark.width))
    if not mark.dashed:
        draw.line([(x1, y1), (x2, y2)], fill=_rgba(mark.colour), width=width)
        return
    dash, gap = mark.width * 2 + 4, mark.width * 1.5 + 3
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    for step in range(int(length // (dash + gap)) + 1):
        a = step * (dash + gap) / length
        b = min((step * (dash + gap) + dash) / length, 1.0)
        draw.line(
            [(x1 + (x2 - x1) * a, y1 + (y2 - y1) * a), (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)],
            fill=_rgba(mark.colour),
            width=width,
        )


def _png_mark(draw: Any, mark: Mark) -> None:
    if isinstance(mark, Line):
        _png_line(draw, mark)
    elif isinstance(mark, Text):
        anchor = "ma" if mark.anchor == "middle" else "la"
        # Pillow draws text opaque whatever its alpha: the colour is mixed with the white it sits on.
        *rgb, alpha = _rgba(mark.colour)
        ink = tuple(round(255 - (255 - value) * alpha / 255) for value in rgb)
        draw.text((mark.x, mark.top), mark.text, fill=ink, font=image_font(mark.size), anchor=anchor)
    elif mark.kind == "circle":
        (x, y), radius = mark.points[0], mark.radius
        outline = _rgba(mark.outline) if mark.outline else None
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=_rgba(mark.fill), outline=outline)
    elif mark.kind == "box":
        outline = _rgba(mark.outline) if mark.outline else None
        draw.rounded_rectangle(list(mark.points), radius=mark.radius, fill=_rgba(mark.fill), outline=outline)
    else:
        outline = _rgba(mark.outline) if mark.outline else None
        draw.polygon(list(mark.points), fill=_rgba(mark.fill), outline=outline)


def render_png(picture: Picture) -> bytes:
    """The picture as PNG bytes; each mark is blended over those drawn before it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (picture.width, picture.height), (255, 255, 255))
    draw = ImageDraw.Draw(image, "RGBA")
    for mark in picture.marks:
        _png_mark(draw, mark)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def write_png(context: ExportContext) -> bytes:
    resolution = float(context.options.get("scale", 1.0))
    width = int(int(context.options.get("width", 1600)) * resolution)
    return render_png(scene(context, width, resolution))


register(
    Exporter(
        "png", "png", "image/png", "Picture (PNG) drawn on the server; option scale", write_png, "Pillow"
    )
)
register(Exporter("svg", "svg", "image/svg+xml", "Vector picture (SVG)", write_svg, "ElementTree (XML)"))
