"""The Time tab as a person uses it (issue 27): dates typed and applied with Enter, Tab or a click
elsewhere; the chart's tooltip read by hovering; a step that says and rings who joined; the
list of changes filtered and downloaded."""

from __future__ import annotations

import re

import pytest

import graph
from graph.timeline import diff, timeline_scope
from graph.timeline.report import WRITERS
from graph.view import ViewSpec, apply_view
from tests.e2e.conftest import Page

pytestmark = pytest.mark.e2e

SMALL = {"width": 1280, "height": 720}
MKD = "state:MKD"
LABELS_DRAWN = "el => (el.labelsDrawn || []).map(item => [item.id, item.mark])"


def query(page: Page, name: str) -> str | None:
    return page.page.evaluate("name => new URLSearchParams(location.search).get(name)", name)


def wait_for_query(page: Page, name: str, value: str) -> None:
    page.page.wait_for_function(
        "([name, value]) => new URLSearchParams(location.search).get(name) === value",
        arg=[name, value],
        timeout=20_000,
    )


def open_time_tab(page: Page, link: str) -> None:
    page.open(link)
    page.page.get_by_role("tab", name="Time").click()
    page.page.get_by_role("heading", name="What changed between two dates").wait_for(timeout=20_000)
    # The tab is drawn when opened (ui/side_panel.py), its fields after its heading: wait for them.
    page.page.get_by_role("textbox", name="Changes up to").wait_for(timeout=20_000)


def date_field(page: Page, label: str):
    field = page.page.get_by_role("textbox", name=label)
    if not field.count():  # As of and Reported by: in the closed sidebar, hidden until it opens
        page.page.get_by_test_id("stExpandSidebarButton").click()
        page.page.wait_for_function(
            "label => { const box = document.querySelector(`input[aria-label='${label}']`)"
            ".getBoundingClientRect(); return box.left >= 0; }",
            arg=label,
            timeout=10_000,
        )
    return field


def type_date(page: Page, label: str, text: str, finish: str) -> None:
    """Type a date as a person does, then press Enter or Tab, or click elsewhere ("blur")."""
    field = date_field(page, label)
    field.click()
    page.page.keyboard.press("ControlOrMeta+a")
    page.page.keyboard.type(text, delay=20)
    if finish == "blur":
        page.page.get_by_role("heading", name="What changed between two dates").click()
    else:
        page.page.keyboard.press(finish)


@pytest.mark.parametrize("finish", ["Enter", "Tab", "blur"])
def test_the_second_compared_date_applies_as_typed(app, finish: str) -> None:
    """It stayed at today until a click elsewhere: Streamlit's date field commits only when the
    focus leaves the whole widget, and Tab went to its own calendar button."""
    open_time_tab(app, "?changed_from=2014-01-01")
    type_date(app, "Changes up to", "2024-01-01", finish)
    wait_for_query(app, "changed_to", "2024-01-01")
    app.page.get_by_text(re.compile("2014-01-01 → 2024-01-01")).first.wait_for(timeout=20_000)
    compared = ViewSpec(changed_from="2014-01-01", changed_to="2024-01-01")
    app.wait_for_nodes(len(apply_view(graph.load_graph(), compared)))
    assert app.console_errors == []


@pytest.mark.parametrize(
    ("label", "name", "finish"),
    [
        ("Changes after", "changed_from", "Tab"),
        ("As of", "as_of", "Enter"),
        ("Reported by", "reported_by", "blur"),
    ],
)
def test_every_date_field_applies_as_typed(app, label: str, name: str, finish: str) -> None:
    open_time_tab(app, "")
    type_date(app, label, "2020-06-30", finish)
    wait_for_query(app, name, "2020-06-30")
    assert app.console_errors == []


def test_a_wrong_date_is_said_and_not_applied(app) -> None:
    open_time_tab(app, "?changed_from=2014-01-01")
    type_date(app, "Changes up to", "24-1-1", "Enter")
    app.page.get_by_text("Write a date as YYYY-MM-DD, YYYY-MM or YYYY.").wait_for(timeout=10_000)
    type_date(app, "Changes up to", "2024-31-01", "Enter")
    app.page.get_by_text(re.compile("'2024-31-01' is not a real date")).wait_for(timeout=20_000)
    assert query(app, "changed_to") is None
    assert query(app, "changed_from") == "2014-01-01"


def test_the_membership_tooltip_shows_a_date(app) -> None:
    """It showed ``date 796694400000``."""
    open_time_tab(app, "")
    app.page.get_by_text("Members and partners over time").click()
    chart = app.page.get_by_test_id("stVegaLiteChart").nth(1)
    points = chart.locator(".mark-symbol.role-mark path")  # the steps, not the legend's symbols
    points.first.wait_for(timeout=20_000)
    points.last.scroll_into_view_if_needed()
    box = points.last.bounding_box()
    assert box is not None
    app.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = app.page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=10_000)
    text = tooltip.inner_text()
    assert re.search(r"date\s+2024-03-07", text), text  # Sweden, the last step
    assert not re.search(r"\d{10,}", text), text
    axis = chart.locator(".role-axis-label text").evaluate_all("texts => texts.map(t => t.textContent)")
    assert "2000" in axis or "2020" in axis, f"years on the time axis, not milliseconds: {axis}"
    titles = chart.locator(".role-axis-title text").evaluate_all("texts => texts.map(t => t.textContent)")
    assert "date" in titles and "members or partners" in titles, titles


@pytest.mark.parametrize("viewport", [None, SMALL], ids=["1500x1000", "1280x720"])
def test_a_step_names_and_rings_who_joined(browser, app_url, viewport) -> None:
    page = Page(browser, app_url, viewport)
    try:
        open_time_tab(page, "?preset=members&as_of=2020-01-01")
        page.page.get_by_role("button", name="Next ▶").click()
        wait_for_query(page, "as_of", "2021-01-01")
        changes = page.page.locator(".st-key-agx_step_changes")
        changes.get_by_text("North Macedonia").wait_for(timeout=20_000)
        assert "became member of NATO" in changes.inner_text()
        box, width = changes.bounding_box(), page.page.viewport_size["width"]
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, "the list fits beside the graph"
        page.page.wait_for_function(
            "id => { const el = [...document.querySelectorAll('*')].map(e => e.shadowRoot).filter(Boolean)"
            ".map(r => r.querySelector('[data-testid=graph-view]')).find(Boolean)"
            " || document.querySelector('[data-testid=graph-view]');"
            " return el && (el.labelsDrawn || []).some(item => item.id === id && item.mark); }",
            arg=MKD,
            timeout=20_000,
        )
        marked = dict(page.graph.evaluate(LABELS_DRAWN))
        assert marked[MKD], "North Macedonia is named, ringed in the colour of what began"
        assert page.console_errors == []
    finally:
        page.close()


def test_a_comparison_always_names_what_changed(app) -> None:
    open_time_tab(app, "?changed_from=2014-01-01&changed_to=2024-01-01")
    app.page.wait_for_timeout(1000)
    drawn = dict(app.graph.evaluate(LABELS_DRAWN))
    for entity in (MKD, "state:MNE", "state:FIN", "state:COL"):
        assert drawn.get(entity), f"{entity} changed between 2014 and 2024 and is named"


def test_the_compare_list_filters_and_downloads_what_the_cli_writes(app) -> None:
    G = graph.load_graph()
    open_time_tab(app, "?changed_from=2014-01-01&changed_to=2024-01-01")
    assert app.page.locator(".st-key-agx_side").get_by_text("was published in").count() == 0
    relations = app.page.get_by_role("combobox", name="Only these relations")
    relations.click()
    relations.fill("member")
    app.page.get_by_role("option", name="is a member of (3)").click()
    app.page.keyboard.press("Escape")  # close the list of options
    app.page.get_by_text("--relations member_of").wait_for(timeout=20_000)
    spec = ViewSpec(changed_from="2014-01-01", changed_to="2024-01-01", relations=("member_of",))
    expected = diff(G, "2014-01-01", "2024-01-01", timeline_scope(spec))
    for button, writer in (("Download CSV", "csv"), ("Download Markdown", "md")):
        with app.page.expect_download(timeout=30_000) as download:
            app.page.get_by_role("button", name=button).click()
        assert download.value.path().read_bytes() == WRITERS[writer](G, expected), button
    assert download.value.suggested_filename == "changes-2014-01-01-2024-01-01.md"
    assert app.console_errors == []


@pytest.mark.parametrize("viewport", [None, SMALL], ids=["1500x1000", "1280x720"])
def test_the_timeline_strip_has_labelled_axes(browser, app_url, viewport) -> None:
    """It was tiny squares with no labels: bars now rise from zero, with years and titles."""
    page = Page(browser, app_url, viewport)
    try:
        open_time_tab(page, "")
        strip = page.page.get_by_test_id("stVegaLiteChart").first
        strip.locator(".role-axis-title text").first.wait_for(state="attached", timeout=20_000)
        titles = strip.locator(".role-axis-title text").evaluate_all("texts => texts.map(t => t.textContent)")
        assert "year" in titles and any(title.startswith("relations") for title in titles), titles
        years = strip.locator(".role-axis-label text").evaluate_all("texts => texts.map(t => t.textContent)")
        assert "1950" in years and "2000" in years, years
        heights = strip.locator(".mark-rect.role-mark path").evaluate_all(
            "bars => bars.map(bar => bar.getBoundingClientRect().height)"
        )
        assert max(heights) > 20, f"bars from zero, not small squares: {heights}"
    finally:
        page.close()
