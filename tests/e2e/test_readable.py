"""The first screen reads at a glance (issue: canvas first, readable labels, clear emphasis,
links that always match the screen), measured in real Chromium through the page's vis-network
instance with the same code as bench/screen.py."""

from __future__ import annotations

import pytest

from bench.screen import VIEWPORTS, VIEWS, measure, open_view

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module", params=sorted(VIEWPORTS))
def sized_page(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    page = context.new_page()
    yield request.param, page
    context.close()


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_the_first_frame_reads(sized_page, app_url, view: str) -> None:
    size, page = sized_page
    open_view(page, app_url + VIEWS[view])
    figures = measure(page.locator('[data-testid="graph-view"]'))
    where = f"{view} at {size}"
    assert figures["canvas_share"] >= 0.55, f"{where}: the graph gets {figures['canvas_share']:.1%}"
    assert figures["readable_labels"] >= 0.9, f"{where}: {figures['readable_labels']:.0%} of labels ≥ 11 px"
    assert figures["min_node_px"] >= 6, f"{where}: a node is drawn {figures['min_node_px']:.1f} px wide"
    assert figures["overlaps"] == 0, f"{where}: labels cover one another"
    assert figures["legend_covers"] == [], f"{where}: the legend covers {figures['legend_covers']}"


def test_the_excluded_preset_makes_its_subjects_the_most_salient_marks(sized_page, app_url) -> None:
    _size, page = sized_page
    open_view(page, app_url + "?preset=excluded")
    nodes = measure(page.locator('[data-testid="graph-view"]'))["raw"]["nodes"]
    emphasised = {node["id"] for node in nodes if node["emphasis"]}
    assert {"state:RUS", "state:BLR"} <= emphasised
    rest = [node for node in nodes if not node["emphasis"]]
    assert rest and all(node["dim"] for node in rest), "everything else is faded"
    for node in rest:  # at most 35 % opacity: the colour's alpha byte, #RRGGBBAA
        assert len(node["background"]) == 9 and int(node["background"][7:], 16) / 255 <= 0.35, node
    smallest_emphasised = min(node["radius"] for node in nodes if node["emphasis"])
    assert smallest_emphasised > max(node["radius"] for node in rest), "and drawn larger"
    legend = page.locator(".agx-legend").inner_text()
    assert "emphasised: was excluded from" in legend and "Russia" in legend and "Belarus" in legend


def test_a_click_at_the_earliest_moment_is_in_the_link(browser, app_url) -> None:
    """Click Russia as soon as the canvas has nodes (before the panels have arrived)."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    try:
        page.goto(app_url)
        graph = page.locator('[data-testid="graph-view"]')
        graph.wait_for(timeout=60_000)
        page.wait_for_function(
            "() => [...document.querySelectorAll('*')].map(e => e.shadowRoot).filter(Boolean)"
            ".map(r => r.querySelector('[data-testid=graph-view]'))"
            ".some(e => e && e.dataset.ready === 'true')",  # drawn and fitted: what a person sees first
            timeout=60_000,
        )
        point = graph.evaluate(
            "el => el.network.canvasToDOM(el.network.getPositions(['state:RUS'])['state:RUS'])"
        )
        box = graph.bounding_box()
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        page.wait_for_function(
            "() => new URLSearchParams(location.search).get('selected') === 'state:RUS'", timeout=20_000
        )
        page.get_by_role("heading", name="Russia", exact=True).wait_for(timeout=20_000)
    finally:
        context.close()


def test_a_preset_with_a_date_opens_the_preset_on_that_date(app) -> None:
    app.open("?preset=members&as_of=2024-06-01")
    app.wait_for_nodes(33)  # NATO and its 32 members on 1 June 2024
    assert app.node("state:SWE") and app.node("state:FIN")
    assert "preset=members" in app.page.url and "as_of=2024-06-01" in app.page.url


def test_the_keyboard_moves_through_the_neighbours(app) -> None:
    app.open("?selected=state%3ABLR")
    app.graph.focus()
    app.page.keyboard.press("ArrowRight")
    candidate = app.graph.evaluate("el => el.candidate")
    assert candidate and candidate != "state:BLR"
    app.page.keyboard.press("Enter")
    app.page.wait_for_function(
        "id => new URLSearchParams(location.search).get('selected') === id", arg=candidate, timeout=20_000
    )
    app.page.keyboard.press("Escape")
    app.page.wait_for_function("() => !new URLSearchParams(location.search).get('selected')", timeout=20_000)
    app.page.keyboard.press("/")
    focused = app.page.evaluate("() => document.activeElement && document.activeElement.tagName")
    assert focused == "INPUT", "/ puts the cursor in the search box"


def test_above_the_readable_size_the_important_names_come_first_and_more_appear_as_one_zooms(
    app, tmp_path
) -> None:
    """A 600-entity upload: every drawn label is full size and none covers another; the best
    linked entities are named at the first frame; zooming in names a larger share of what is
    in sight (label density, as sigma.js and Gephi Lite do)."""
    from bench.synthetic import ba_graph, tables, zipped
    from tests.e2e.test_large import drawn

    upload = tmp_path / "ba-600.zip"
    upload.write_bytes(zipped(tables(ba_graph(600))))
    app.open()
    app.page.get_by_role("tab", name="Import").click()
    app.page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
    drawn(app, 600)
    app.page.wait_for_timeout(500)
    first = measure(app.graph)
    assert first["overlaps"] == 0 and all(item["px"] >= 11 for item in first["raw"]["labels"])
    named = {item["id"] for item in first["raw"]["labels"]}
    assert 0 < len(named) < 600
    hubs = sorted(first["raw"]["nodes"], key=lambda node: -node["radius"])[:5]
    assert {node["id"] for node in hubs} <= named, "the largest (best linked) entities are named first"

    def named_share() -> float:
        figures = measure(app.graph)["raw"]
        box = figures["canvas"]
        inside = [n for n in figures["nodes"] if 0 <= n["x"] <= box["width"] and 0 <= n["y"] <= box["height"]]
        return len({item["id"] for item in figures["labels"]}) / max(len(inside), 1)

    before = named_share()
    app.graph.evaluate("el => el.network.moveTo({scale: el.network.getScale() * 4, animation: false})")
    app.page.wait_for_timeout(300)
    assert named_share() > before
