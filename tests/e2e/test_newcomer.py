"""A newcomer's first hour (issue 27), in real Chromium at 1500 × 1000 and, where it concerns
layout, at 1280 × 720: the header of an upload, paths, table rows, relations as phrases, upload
labels, and a layout that never cuts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Page
from tests.test_app_ux import LESMIS

pytestmark = pytest.mark.e2e

SMALL = {"width": 1280, "height": 720}


@pytest.fixture
def small(browser, app_url):
    page = Page(browser, app_url, viewport=SMALL)
    yield page
    page.close()


def upload(app: Page, path) -> None:
    app.page.get_by_role("tab", name="Import").click()
    app.page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    app.page.get_by_text("Imported", exact=False).first.wait_for(timeout=30_000)


def test_an_upload_shows_its_own_name_and_no_nato_presets(app, tmp_path) -> None:
    lesmis = tmp_path / "lesmis.gexf"
    lesmis.write_bytes(LESMIS)
    app.open()
    header = app.page.locator(".st-key-agx_header")
    presets = app.page.locator(".st-key-w_preset")
    presets.get_by_role("radio", name="Excluded in July 2021").wait_for(timeout=10_000)
    upload(app, lesmis)
    app.wait_for_nodes(4)
    header.get_by_text("lesmis.gexf").wait_for(timeout=10_000)
    expect(presets).to_have_count(0)  # once the run that replaced the header has ended
    assert "NATO" not in app.page.locator(".st-key-agx_lead").inner_text()
    search = header.locator("input").first
    assert "Russia" not in (search.get_attribute("placeholder") or header.inner_text())
    assert not app.console_errors


def pick(app: Page, key: str, typed: str, option: str) -> None:
    box = app.page.locator(f".st-key-{key}")
    box.locator("input").click()
    box.locator("input").fill(typed)
    app.page.get_by_role("option", name=option).click()


def test_a_path_is_numbered_drawn_and_kept_in_the_link(app) -> None:
    app.open()
    app.page.get_by_role("tab", name="Paths").click()
    pick(
        app,
        "w_path_from",
        "wiermann",
        "Hans-Werner Wiermann — Wiermann, Hans-W. Wiermann, Lieutenant General Wiermann (person)",
    )
    pick(app, "w_path_to", "belarus", "Belarus — Byelorussia (state)")
    app.page.wait_for_function("() => location.search.includes('path=person')")
    panel = app.page.locator(".st-key-agx_side")
    panel.get_by_text("Path 1").wait_for(timeout=20_000)
    numbers = panel.locator("ol").evaluate_all("lists => lists.map(list => list.start)")
    assert numbers[:2] == [1, 2], numbers
    app.page.wait_for_function(
        "() => { const el = [...document.querySelectorAll('*')].map(e => e.shadowRoot).filter(Boolean)"
        ".map(r => r.querySelector('[data-testid=graph-view]')).find(Boolean);"
        " const node = el && el.network && el.network.body.data.nodes.get('state:BLR');"
        " return node && node.emphasis; }",
        timeout=20_000,
    )
    assert app.node("person:wiermann").get("emphasis")
    assert app.node("state:RUS").get("dim"), "what is off the path is muted"
    # The link opens the same path: pickers filled in, the path drawn.
    url = app.page.url
    app.page.goto("about:blank")
    app.open(url[len(app.url) :])
    assert app.node("state:BLR").get("emphasis")
    app.page.get_by_role("tab", name="Paths").click()
    expect(app.page.locator(".st-key-agx_side")).to_contain_text("Path 1")
    assert "Belarus" in app.page.locator(".st-key-w_path_to").evaluate(
        "el => el.innerText + ' ' + [...el.querySelectorAll('input')].map(i => i.value).join(' ')"
    )


def test_a_click_on_a_table_row_selects_it(app) -> None:
    app.open("?preset=members")
    app.page.get_by_role("tab", name="Tables").click()
    table = app.page.locator(".st-key-w_nodes_table")
    table.wait_for(timeout=20_000)
    label = table.locator('[data-testid="stDataFrame"]').first
    box = label.bounding_box()
    app.page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the first row's selection cell
    app.page.wait_for_function("() => location.search.includes('selected=')", timeout=20_000)
    selected = app.page.evaluate("() => new URLSearchParams(location.search).get('selected')")
    assert app.page.get_by_role("tab", name="Details").get_attribute("aria-selected") == "true"
    assert app.selected() == selected
    # A relation's row selects the relation: its sources show.
    app.page.get_by_role("tab", name="Tables").click()
    app.page.get_by_role("tab", name="Edges").click()
    edges = app.page.locator(".st-key-w_edges_table [data-testid='stDataFrame']").first
    edges.wait_for(timeout=20_000)
    box = edges.bounding_box()
    app.page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    app.page.locator(".st-key-agx_side").get_by_text("member_of").first.wait_for(timeout=20_000)
    assert app.page.get_by_role("tab", name="Details").get_attribute("aria-selected") == "true"


def test_relations_read_as_phrases_with_the_id_small_beside(app) -> None:
    app.open("?selected=state%3ARUS")
    side = app.page.locator(".st-key-agx_side")
    side.get_by_text(
        "Russia was excluded from NATO partners' military representatives meeting"
    ).first.wait_for(timeout=20_000)
    size = side.get_by_text("excluded_from", exact=True).first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    body = side.get_by_text("was excluded from", exact=True).first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    assert size < body, "the relation's id is shown small beside its phrase"
    legend = app.graph.locator("xpath=..").locator(".agx-legend")
    assert "was excluded from (negative)" in legend.inner_text()


def test_an_upload_without_labels_shows_its_best_field_and_says_which(app, tmp_path) -> None:
    from tests.test_reader_labels import AIRPORTS

    airports = tmp_path / "airports.graphml"
    airports.write_bytes(AIRPORTS)
    app.open()
    upload(app, airports)
    app.wait_for_nodes(3)
    assert app.node("0")["agxLabel"] == "LIT"  # the label the page draws (drawLabels)
    side = app.page.locator(".st-key-agx_side")
    side.get_by_text("labels are taken from the field 'tooltip'", exact=False).first.wait_for(timeout=10_000)
