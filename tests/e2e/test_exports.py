"""Exports as a person uses them: the standalone page offline, downloads from the app."""

from __future__ import annotations

import base64
import io
import json
import zipfile

import networkx as nx
import numpy as np
import pytest
from PIL import Image

import graph
from graph.export import export_view
from graph.view import PRESETS

pytestmark = pytest.mark.e2e


def test_standalone_html_works_offline_and_shows_sources(browser, tmp_path) -> None:
    G = graph.load_graph()
    page_file = tmp_path / "excluded.html"
    page_file.write_bytes(export_view(G, PRESETS["excluded"].spec, "html"))
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    blocked: list[str] = []
    errors: list[str] = []

    def route(request_route) -> None:
        if request_route.request.url.startswith(("file:", "data:", "blob:")):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(page_file.as_uri())
    view = page.locator("#graph")
    view.evaluate(
        "el => new Promise((resolve) => { (function wait() { if (el.dataset.ready === 'true') resolve();"
        " else setTimeout(wait, 50); })(); })"
    )
    drawn = set(view.evaluate("el => el.network.body.data.nodes.getIds()"))
    assert drawn == set(graph.filter_graph(G).nodes) & drawn and len(drawn) == 47
    view.evaluate("el => el.network.focus('state:RUS', {scale: 1.4, animation: false})")
    point = view.evaluate("el => el.network.canvasToDOM(el.network.getPositions(['state:RUS'])['state:RUS'])")
    box = view.bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    details = page.locator("#details")
    details.get_by_role("heading", name="Russia").wait_for(timeout=10_000)
    link = details.get_by_role(
        "link", name="Not Invited: Targeted. NATO Excluded Belarus, Russia from 32-Nation Partnership Meeting"
    ).first
    assert link.get_attribute("href").startswith("https://news.antiwar.com/")
    assert page.get_by_text("was excluded from (negative)").first.is_visible()
    # Relations read as the app and the command line write them (graph.vocabulary.relation_sentence).
    from graph.dates import period_text
    from graph.vocabulary import relation_sentence

    edge = G.edges["state:RUS", "framework:pfp", "partner_in"]
    expected = relation_sentence(
        "Russia",
        "partner_in",
        G.nodes["framework:pfp"]["label"],
        period=period_text(edge["start"], edge["end"]),
    )
    details.get_by_text(expected, exact=True).wait_for(timeout=10_000)
    assert blocked == [] and errors == []
    context.close()


def test_download_from_the_export_panel(app) -> None:
    app.open(
        "?preset=excluded&types=state,framework,event,person&relations=excluded_from,invited_to,partner_in,hosted"
        "&as_of=2021-07-14&focus=event%3Apartners-meeting-2021-07&depth=2&fade_relations=invited_to"
    )
    app.page.get_by_role("tab", name="Export").click()
    download = app.download_export("GEXF 1.3", "gexf")
    assert download.suggested_filename == "nato-excluded.gexf"
    H = nx.read_gexf(download.path())
    assert H.number_of_nodes() == 47
    on_screen = app.graph.evaluate("el => el.network.body.data.nodes.get('state:RUS')")
    assert H.nodes["state:RUS"]["viz"]["position"]["x"] == pytest.approx(on_screen["x"])


def test_download_snapshot_and_tables(app) -> None:
    app.open("?preset=members&types=state,alliance&relations=member_of&as_of=2021-07-14&hide_isolated=1")
    app.page.get_by_role("tab", name="Export").click()
    bundle = json.loads(app.download_export("Snapshot bundle", "snapshot").path().read_text(encoding="utf-8"))
    assert bundle["spec"]["preset"] == "members" and len(bundle["tables"]["entities"]) == 31
    with zipfile.ZipFile(app.download_export("Our three CSV tables", "tables").path()) as archive:
        assert sorted(archive.namelist()) == ["claims.csv", "entities.csv", "sources.csv"]


def _canvas_on_white(app) -> Image.Image:
    data_url = app.graph.evaluate("el => el.querySelector('canvas').toDataURL('image/png')")
    shown = Image.open(io.BytesIO(base64.b64decode(data_url.split(",", 1)[1]))).convert("RGBA")
    white = Image.new("RGBA", shown.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, shown).convert("RGB")


def test_save_png_frames_the_canvas_with_title_dates_legend_and_sources(app) -> None:
    app.open("?preset=excluded")
    app.wait_for_nodes(47)
    with app.page.expect_download(timeout=30_000) as download_info:
        app.page.locator(".agx-save").click()
    download = download_info.value
    assert download.suggested_filename == "graph-view.png"
    image = Image.open(io.BytesIO(download.path().read_bytes())).convert("RGB")
    shown = _canvas_on_white(app)
    report = app.graph.evaluate("el => el.report")
    assert report["caption"]["title"] == "Excluded from the July 2021 partner meeting"
    assert report["caption"]["dates"].startswith("As of 2021-07-14")
    assert report["caption"]["sources"].startswith("Sources of the ")
    assert image.width == shown.width and image.height > shown.height + 100
    pixels, canvas = np.asarray(image, dtype=np.int16), np.asarray(shown, dtype=np.int16)
    # The canvas is in the picture, whole and unchanged, below a band of text.
    differences = [
        np.abs(pixels[top : top + shown.height] - canvas).mean()
        for top in range(image.height - shown.height + 1)
    ]
    head = int(np.argmin(differences))
    assert differences[head] < 1.0 and head > 30
    header, footer = pixels[:head], pixels[head + shown.height :]
    dark_rows = np.flatnonzero(header.min(axis=(1, 2)) < 100)
    assert len(dark_rows) > 10 and dark_rows[0] < 20, "the title and the dates are printed above"
    assert footer.min() < 100, "the legend and sources are printed below"
    for colour in {item["color"] for item in report["legend"]["nodes"]}:
        rgb = np.array([int(colour[index : index + 2], 16) for index in (1, 3, 5)])
        assert (np.abs(footer - rgb).sum(axis=2) < 30).any(), f"the legend's {colour} mark is below"
    # The legend's frame (light grey) holds every mark and line of text: outside it, white.
    frame = np.argwhere(np.abs(footer - 204).sum(axis=2) < 12)
    left, right = frame[:, 1].min(), frame[:, 1].max()
    frame_bottom = frame[:, 0].max()
    assert (footer[: frame_bottom + 1, : left - 1] >= 250).all()
    assert (footer[: frame_bottom + 1, right + 2 :] >= 250).all()
