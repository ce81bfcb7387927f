"""Membership step charts: valid SVG with one marker per change, a PNG that shows something."""

from __future__ import annotations

import datetime as dt
import io

import defusedxml.ElementTree as ET
import pytest
from PIL import Image

from graph.build import build_graph
from graph.charts import chart_png, chart_scene, chart_svg, step_text, vega_lite_spec
from graph.model import Claim, Dataset, Entity, Source
from graph.timeline import membership_series

SVG = "{http://www.w3.org/2000/svg}"
UNTIL = "2025-01-01"


@pytest.fixture(scope="module")
def series(nato):
    return membership_series(nato)


def test_svg_is_valid_xml_with_one_step_marker_per_change(nato, series) -> None:
    root = ET.fromstring(chart_svg(series, until=UNTIL, sources=nato.graph["sources"]))
    groups = root.findall(f"{SVG}g")
    assert [group.attrib["data-target"] for group in groups] == [item.target for item in series]
    for group, item in zip(groups, series, strict=True):
        markers = [circle for circle in group.findall(f"{SVG}circle") if circle.attrib.get("class") == "step"]
        assert [marker.attrib["data-date"] for marker in markers] == [
            step.day.isoformat() for step in item.steps
        ]
        assert [int(marker.attrib["data-count"]) for marker in markers] == [step.count for step in item.steps]
    nato_markers = groups[0].findall(f"{SVG}circle")
    sweden = next(marker for marker in nato_markers if marker.attrib["data-date"] == "2024-03-07")
    assert sweden.attrib["data-sources"] == "nato-enlargement"
    tooltip = sweden.find(f"{SVG}title").text
    assert "Sweden joined 2024-03-07" in tooltip and "NATO, 2024-03-07: 32" in tooltip
    assert "[nato-enlargement] Enlargement and Article 10, NATO, 2024-03-08" in tooltip


def test_svg_is_accessible(series) -> None:
    root = ET.fromstring(chart_svg(series, until=UNTIL))
    assert root.attrib["role"] == "img" and root.attrib["aria-labelledby"] == "chart-title chart-desc"
    assert (
        root.find(f"{SVG}title").text == "Members of each alliance and partners of each framework over time"
    )
    description = root.find(f"{SVG}desc").text
    assert "NATO: 32" in description and "with no start date" in description
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert "Date" in texts and "Members or partners" in texts and "Legend" in texts
    assert "NATO: 32" in texts
    assert "2000" in texts, "the time axis has year ticks"


def test_a_window_draws_only_its_steps(series) -> None:
    root = ET.fromstring(chart_svg(series, since="2000-01-01", until="2010-12-31"))
    dates = [
        marker.attrib["data-date"] for marker in root.iter(f"{SVG}circle") if "data-date" in marker.attrib
    ]
    assert dates and all("2000-01-01" <= date <= "2010-12-31" for date in dates)
    nato = next(
        line for line in chart_scene(series, "2000-01-01", "2010-12-31").lines if line.label == "NATO"
    )
    assert nato.final_count == 28 and len(nato.markers) == 2  # 2004 and 2009


def test_hostile_labels_stay_text() -> None:
    G = build_graph(
        Dataset(
            (
                Entity("a:x", "alliance", '<script>alert(1)</script> & "Co"'),
                Entity("s:y", "state", "<img src=x onerror=alert(1)>"),
            ),
            (Claim("s:y", "member_of", "a:x", "s", start="2001-02-03"),),
            (Source("s", "<b>title</b>", "NATO", "", "2002-01-01", "https://www.nato.int/"),),
        )
    )
    data = chart_svg(membership_series(G), until="2003-01-01", sources=G.graph["sources"])
    assert b"<script>" not in data and b"<img" not in data and b"<b>" not in data
    root = ET.fromstring(data)
    assert any(text.text == '<script>alert(1)</script> & "Co": 1' for text in root.iter(f"{SVG}text"))
    assert chart_png(membership_series(G), until="2003-01-01")[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_png_decodes_at_its_scale_and_is_not_blank(series, scale: float) -> None:
    image = Image.open(io.BytesIO(chart_png(series, until=UNTIL, scale=scale)))
    assert image.format == "PNG"
    assert image.size == (round(1120 * scale), round(560 * scale))
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 20
    assert max(colours)[0] / (image.width * image.height) < 0.97, "mostly white: nothing was drawn"
    # Each series' colour is on the picture (its line, markers and legend row).
    present = {colour for _, colour in colours}
    for line in chart_scene(series, until=UNTIL).lines:
        rgb = tuple(int(line.colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in present, line.label


def test_step_text_names_precision_and_sources(nato, series) -> None:
    pfp = next(item for item in series if item.target == "framework:pfp")
    first = pfp.steps[0]
    assert first.day == dt.date(1994, 1, 1)
    text = step_text(first, pfp.label, nato.graph["sources"])
    assert "(year only)" in text
    assert all(f"[{source}]" in text for source in first.citations)


def test_an_empty_series_list_still_draws_axes() -> None:
    root = ET.fromstring(chart_svg([], since="2000-01-01", until="2001-01-01"))
    assert root.find(f"{SVG}title") is not None
    assert Image.open(io.BytesIO(chart_png([], since="2000-01-01", until="2001-01-01"))).size == (1120, 560)


def test_the_app_chart_shows_dates_as_dates(nato, series) -> None:
    """The tooltip said ``date 796694400000``: a temporal field shown as a number of milliseconds."""
    spec = vega_lite_spec(series, nato.graph["sources"], UNTIL)
    lines, points = spec["layer"]
    tooltip = {item["title"]: item for item in points["encoding"]["tooltip"]}
    assert tooltip["date"] == {"field": "date", "type": "nominal", "title": "date"}
    assert all(item.get("type") for item in tooltip.values()), "every tooltip field says its type"
    rows = points["data"]["values"]
    sweden = next(row for row in rows if row["series"] == "NATO" and row["date"] == "2024-03-07")
    assert sweden["count"] == 32 and "Sweden joined 2024-03-07" in sweden["changes"]
    assert "nato-enlargement" in sweden["sources"]
    for layer in (lines, points):
        x = layer["encoding"]["x"]
        assert x["type"] == "temporal" and x["scale"] == {"type": "utc"}, "a day is a UTC day everywhere"
        assert x["title"] == "date" and x["axis"]["format"] == "%Y"
    assert points["encoding"]["y"]["title"] == "members or partners"
    assert lines["data"]["values"][-1]["day"] <= UNTIL
