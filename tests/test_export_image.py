"""The server's PNG and SVG as a report needs them (issue 27, item 7): arrowheads, labels above the
edges, the legend inside its frame, a title, the view's dates, the sources, and no missing glyph."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image, ImageFont

import graph
from graph.assets import image_font
from graph.export import build_context, export_view
from graph.export.caption import view_caption
from graph.export.picture import LEGEND_WIDTH, Line, Picture, Shape, Text, line_height, scene
from graph.view import PRESETS, ViewSpec, apply_view
from tests.conftest import SOURCES, write_dataset

SVG = "{http://www.w3.org/2000/svg}"
EXCLUDED = PRESETS["excluded"].spec
TWO = (
    "id,type,label,aliases,description\nstate:FIN,state,Finland,,\nalliance:nato,alliance,NATO,,\n",
    "subject,relation,object,start,end,source,locator,note\nstate:FIN,member_of,alliance:nato,2023,,s-nato,,\n",
)
# Russia's negative edge to a second event runs straight through the label under the meeting.
CROSSING = (
    "id,type,label,aliases,description\nstate:RUS,state,Russia,,\n"
    "event:meeting,event,Partner meeting of the year,,\nevent:other,event,Other event,,\n",
    "subject,relation,object,start,end,source,locator,note\nstate:RUS,excluded_from,event:other,,,s-nato,,\n",
)


def load(tmp_path, tables: tuple[str, str]):
    return graph.load_graph(write_dataset(tmp_path / "data", tables[0], tables[1], SOURCES))


def png(G, spec, positions=None, **options) -> Image.Image:
    return Image.open(io.BytesIO(export_view(G, spec, "png", positions, options))).convert("RGB")


def marks(picture: Picture, role: str) -> list:
    return [mark for mark in picture.marks if getattr(mark, "role", "") == role]


def glyph_missing(font: ImageFont.FreeTypeFont, character: str) -> bool:
    """True when ``font`` draws ``character`` as its .notdef box: FreeType maps a character the
    font lacks to glyph 0, so its bitmap is that of a code point no font has (U+10FFFD)."""
    notdef, drawn = font.getmask("\U0010fffd"), font.getmask(character)
    return drawn.size == notdef.size and bytes(drawn) == bytes(notdef)


def test_the_missing_glyph_check_finds_the_box_the_old_font_drew() -> None:
    old = ImageFont.load_default(size=12)  # what the PNG was set in before: it has no dash
    assert glyph_missing(old, "—") and glyph_missing(old, "→")
    assert glyph_missing(image_font(12), "中"), "DejaVu Sans has no CJK: the check must say so"
    assert not glyph_missing(image_font(12), "a")


def test_the_bundled_font_has_every_character_of_labels_legends_and_captions(nato) -> None:
    texts = [str(data.get("label") or node) for node, data in nato.nodes(data=True)]
    for preset in PRESETS.values():
        context = build_context(nato, preset.spec, {})
        texts += [text.text for text in scene(context, 1500).marks if isinstance(text, Text)]
    characters = {character for text in texts for character in text if not character.isspace()}
    assert {"—", "→", "·"} <= characters, "the dash, the arrow and the dot are among them"
    font = image_font(12)
    assert sorted(character for character in characters if glyph_missing(font, character)) == []


def test_svg_draws_an_arrowhead_at_every_directed_edge(nato, positions) -> None:
    root = ET.fromstring(export_view(nato, EXCLUDED, "svg", positions))
    edges = [line for line in root.iter(f"{SVG}line") if line.get("class") == "edge"]
    arrows = [shape for shape in root.iter(f"{SVG}polygon") if shape.get("class") == "arrow"]
    assert len(edges) > 50 and len(arrows) == len(edges)
    negative = [arrow for arrow in arrows if arrow.get("fill") == "#C00000"]
    assert len(negative) == 2, "Russia's and Belarus's exclusions point at the meeting"


def test_an_undirected_graph_has_no_arrowheads(tmp_path) -> None:
    G = load(tmp_path, TWO)
    G.graph["properties"] = {"edgedefault": "undirected"}
    root = ET.fromstring(
        export_view(G, ViewSpec(), "svg", {"state:FIN": (-100, 0), "alliance:nato": (100, 0)})
    )
    assert [shape for shape in root.iter(f"{SVG}polygon") if shape.get("class") == "arrow"] == []
    assert "arrow" not in "".join(root.itertext())


def test_png_draws_the_arrowhead_at_the_object_end_of_an_edge(tmp_path) -> None:
    G = load(tmp_path, TWO)
    positions = {"state:FIN": (-200.0, 0.0), "alliance:nato": (200.0, 0.0)}
    picture = scene(build_context(G, ViewSpec(), positions), 1600)
    (arrow,) = marks(picture, "arrow")
    (line,) = marks(picture, "edge")
    tip, left, right = arrow.points
    assert tip[0] > line.start[0], "the arrow points from Finland (subject) to NATO (object)"
    image = png(G, ViewSpec(), positions)
    half = abs(left[1] - right[1]) / 2
    # Across the arrow, a little before its tip: coloured off the line's axis; the same place
    # near the subject's end shows only the thin line.
    x_end, x_start, y = round(tip[0] - half * 1.5), round(line.start[0] + half * 1.5), round(tip[1])
    for offset in (round(half * 0.5), -round(half * 0.5)):
        assert max(image.getpixel((x_end, y + offset))) < 200, "the arrowhead is drawn"
        assert min(image.getpixel((x_start, y + offset))) > 240, "no arrowhead at the subject"


def test_labels_are_drawn_above_edges_on_boxes_no_edge_crosses(tmp_path) -> None:
    G = load(tmp_path, CROSSING)
    positions = {"state:RUS": (-300.0, 12.0), "event:meeting": (0.0, 0.0), "event:other": (300.0, 12.0)}
    picture = scene(build_context(G, ViewSpec(), positions), 1600)
    order = [getattr(mark, "role", "") for mark in picture.marks]
    last = {role: max(i for i, name in enumerate(order) if name == role) for role in set(order)}
    first = {role: order.index(role) for role in set(order)}
    assert last["edge"] < first["label-box"] and last["node"] < first["label-box"]
    # Arrowheads lie on the boxes (none is hidden) and under the text.
    assert last["label-box"] < first["arrow"] and last["arrow"] < first["label"]
    box = next(
        mark.points
        for mark, text in zip(marks(picture, "label-box"), marks(picture, "label"), strict=True)
        if text.text == "Partner meeting of the year"
    )
    (line,) = marks(picture, "edge")
    y_at_middle = line.start[1] + (line.end[1] - line.start[1]) * (
        (box[0][0] + box[1][0]) / 2 - line.start[0]
    ) / (line.end[0] - line.start[0])
    assert box[0][1] + 3 < y_at_middle < box[1][1] - 3, "the edge does run under the label"
    image = png(G, ViewSpec(), positions)

    def reddish(x: int, y: int) -> bool:
        red, green, _ = image.getpixel((x, y))
        return red - green > 60

    (x1, y1), (x2, y2) = (round(value) for value in box[0]), (round(value) for value in box[1])
    inside = [(x, y) for x in range(x1, x2) for y in range(y1, y2) if reddish(x, y)]
    assert inside == [], "the red edge shows through the label"
    band = range(round(y_at_middle) - 3, round(y_at_middle) + 4)
    assert any(reddish(x, y) for x in range(x1 - 60, x1 - 5) for y in band), "the edge is drawn beside it"


@pytest.mark.parametrize("unit", [1.0, 2.0])
def test_legend_text_stays_inside_its_frame(nato, positions, unit: float) -> None:
    picture = scene(build_context(nato, EXCLUDED, positions), int(1500 * unit), unit)
    (frame,) = marks(picture, "legend-frame")
    (left, top), (right, bottom) = frame.points
    texts = marks(picture, "legend-text") + marks(picture, "legend-title")
    assert any(text.text.startswith("emphasised:") for text in texts), "the long note is there, wrapped"
    for text in texts:
        x1, y1, x2, y2 = image_font(text.size).getbbox(text.text, anchor="la")
        assert left < text.x + x1 and text.x + x2 < right, text.text
        assert top < text.top + y1 and text.top + max(y2, line_height(text.size)) < bottom, text.text
    image = Image.open(
        io.BytesIO(export_view(nato, EXCLUDED, "png", positions, {"width": 1500, "scale": unit}))
    )
    outside = image.convert("L").crop(
        (round(right) + 2, round(top), round(LEGEND_WIDTH * unit), round(bottom))
    )
    assert outside.getextrema()[0] > 240, "nothing of the legend spills to the right of its frame"


def test_the_picture_has_a_title_the_views_dates_and_its_sources(nato, positions) -> None:
    caption = view_caption(nato, apply_view(nato, EXCLUDED), EXCLUDED)
    root = ET.fromstring(export_view(nato, EXCLUDED, "svg", positions))

    def lines(role: str) -> str:
        return " ".join(text.text or "" for text in root.iter(f"{SVG}text") if text.get("class") == role)

    assert lines("title") == "Excluded from the July 2021 partner meeting"
    assert lines("dates").startswith("As of 2021-07-14 · everything reported · 47 entities")
    sources = lines("sources")
    assert sources.startswith("Sources of the ") and "Not Invited: Targeted." in sources
    assert sources == caption.sources
    compared = ViewSpec(changed_from="2014-01-01", changed_to="2024-01-01", reported_by="2024-06-30")
    dates = view_caption(nato, apply_view(nato, compared), compared).dates
    assert dates.startswith("Changes from 2014-01-01 to 2024-01-01 · reported by 2024-06-30")


def test_png_prints_the_title_dates_and_sources_where_the_scene_puts_them(nato, positions) -> None:
    picture = scene(build_context(nato, EXCLUDED, positions), 1600)
    image = png(nato, EXCLUDED, positions).convert("L")
    assert image.size == (picture.width, picture.height)
    for role in ("title", "dates", "sources"):
        (text, *_) = marks(picture, role)
        x1, y1, x2, y2 = image_font(text.size).getbbox(text.text, anchor="la")
        region = image.crop(
            (round(text.x + x1), round(text.top + y1), round(text.x + x2), round(text.top + y2))
        )
        assert region.getextrema()[0] < 100, f"the {role} line is printed"
    assert isinstance(marks(picture, "legend-frame")[0], Shape)
    assert all(isinstance(mark, Line) for mark in marks(picture, "edge"))


def test_labels_stay_inside_the_picture_and_right_of_the_legend(nato, positions) -> None:
    spec = PRESETS["attendance"].spec
    for width in (900, 1500):
        picture = scene(build_context(nato, spec, positions), width)
        for box in marks(picture, "label-box"):
            (left, _), (right, _) = box.points
            assert left >= LEGEND_WIDTH and right <= width, box
