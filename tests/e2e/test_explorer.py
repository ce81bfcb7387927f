"""What a person does in the explorer, in real Chromium."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def test_page_loads_offline_without_console_errors(app) -> None:
    app.open()
    assert len(app.node_ids()) == 104
    assert app.page.get_by_text("Legend").first.is_visible()
    app.page.wait_for_timeout(1500)  # late requests and errors would show up here
    assert app.console_errors == []
    assert app.foreign_requests == [], "nothing may be fetched from outside 127.0.0.1"


def test_clicking_russia_shows_its_exclusion_and_its_source(app) -> None:
    app.open()
    position = "el => el.network.getPositions(['state:FRA'])['state:FRA']"
    before = app.graph.evaluate(position)
    app.click_node("state:RUS")
    app.page.get_by_role("heading", name="Russia", exact=True).wait_for(timeout=20_000)
    assert app.selected() == "state:RUS"
    details = app.page.locator('[data-testid="stMain"]')
    details.get_by_text(
        "Russia was excluded from NATO partners' military representatives meeting (July 2021)"
    ).first.wait_for()
    source = details.get_by_role("link", name=re.compile("Not Invited: Targeted")).first
    assert source.get_attribute("href").startswith("https://news.antiwar.com/2021/07/14/")
    assert "selected=state%3ARUS" in app.page.url
    assert app.graph.evaluate(position) == before, "selecting must not move or re-layout the graph"


def test_search_finds_a_name_typed_without_its_accents(app) -> None:
    app.open()
    box = app.page.locator(".st-key-w_search")  # the header's search box
    box.locator("input").click()
    box.locator("input").fill("turkiye")
    app.page.get_by_role("option", name="Türkiye — Turkey, Turkiye (state)").click()
    app.page.get_by_role("heading", name="Türkiye", exact=True).wait_for(timeout=20_000)
    assert app.selected() == "state:TUR"


def test_selecting_a_neighbour_row_moves_the_selection(app) -> None:
    app.open("?selected=state%3ABLR")
    app.page.get_by_role("heading", name="Belarus", exact=True).wait_for(timeout=20_000)
    table = app.page.locator('[data-testid="stDataFrame"]').last
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    # The first row of the neighbour table (sorted by relation): the meeting Belarus was excluded from.
    app.page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    app.page.get_by_role(
        "heading", name="NATO partners' military representatives meeting (July 2021)"
    ).wait_for(timeout=20_000)
    app.page.wait_for_function("() => location.search.includes('partners-meeting-2021-07')")


def test_excluded_preset_shows_exactly_the_excluded_states(app) -> None:
    app.open()
    app.page.locator(".st-key-w_preset").get_by_role("radio", name="Excluded in July 2021").click()
    app.wait_for_nodes(47)
    states = [app.node(node) for node in app.node_ids()]
    emphasised = sorted(node["id"] for node in states if node["type"] == "state" and not node["faded"])
    assert emphasised == ["state:BLR", "state:RUS"]
    assert "preset=excluded" in app.page.url
    app.page.get_by_text("was excluded from (negative)").first.wait_for()


def test_double_click_focuses_on_a_node(app) -> None:
    app.open()
    app.click_node("person:wiermann", double=True)
    app.wait_for_nodes(8)
    assert "focus=person%3Awiermann" in app.page.url


def test_shared_link_restores_the_view(app) -> None:
    app.open(
        "?preset=members&types=state,alliance&relations=member_of&as_of=2021-07-14&hide_isolated=1"
        "&selected=state%3AMKD"
    )
    app.wait_for_nodes(31)
    app.page.get_by_role("heading", name="North Macedonia", exact=True).wait_for(timeout=20_000)
    assert app.selected() == "state:MKD"


def test_screenshot(app, tmp_path) -> None:
    """The README's screenshot; rewritten when AGX_UPDATE_SCREENSHOT=1."""
    app.open("?preset=excluded&selected=state%3ARUS")
    app.page.get_by_role("heading", name="Russia", exact=True).wait_for(timeout=20_000)
    app.page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=30_000)
    app.page.wait_for_timeout(1500)  # the page as a person sees it once it has settled: no zooming
    target = (
        ROOT / "docs" / "screenshot.png" if os.environ.get("AGX_UPDATE_SCREENSHOT") else tmp_path / "shot.png"
    )
    target.parent.mkdir(exist_ok=True)
    app.page.screenshot(path=str(target))
    assert target.stat().st_size > 50_000, "a blank page compresses to almost nothing"


def test_clicking_an_edge_shows_its_relation_and_sources(app) -> None:
    app.open("?focus=person%3Awiermann&depth=1")
    app.wait_for_nodes(8)
    edge = "person:wiermann\u241fstate:DEU\u241fnational_of"
    app.graph.evaluate("el => el.network.fit({animation: false})")
    # A point on the edge that no node covers, as a person would aim for the line: its middle
    # first, then further out (near a node, a click may take the node).
    point = app.graph.evaluate(
        "(el, id) => { const n = el.network; const [a, b] = n.getConnectedNodes(id);"
        " const p = n.getPositions([a, b]);"
        " for (const t of [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8]) {"
        "   const x = p[a].x + (p[b].x - p[a].x) * t, y = p[a].y + (p[b].y - p[a].y) * t;"
        "   const dom = n.canvasToDOM({x: x, y: y});"
        "   if (n.getNodeAt(dom) === undefined && n.getEdgeAt(dom) === id) return dom; }"
        " return null; }",
        edge,
    )
    assert point is not None, "the edge is hidden under nodes"
    box = app.graph.bounding_box()
    app.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    app.page.get_by_role("heading", name="Relation", exact=True).wait_for(timeout=20_000)
    main = app.page.locator('[data-testid="stMain"]')
    main.get_by_text("national_of").first.wait_for()
    assert main.get_by_role("link", name=re.compile("elect Lieutenant General Wiermann")).count() == 1
    assert main.get_by_role("link", name=re.compile("Not Invited: Targeted")).count() == 1


def test_hover_shows_a_plain_text_tooltip(app) -> None:
    app.open()
    app.graph.evaluate("el => el.network.focus('state:BLR', {scale: 1.4, animation: false})")
    point = app.graph.evaluate(
        "el => el.network.canvasToDOM(el.network.getPositions(['state:BLR'])['state:BLR'])"
    )
    box = app.graph.bounding_box()
    app.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = app.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    assert tooltip.inner_text().startswith("Belarus (state)")
