"""Edit by hand, with sources (issue 23), in real Chromium: a relation added in the Details panel with
a new source (Enter saves the form, Escape cancels it) is drawn after a reload with its citation in
Details; retracted, it leaves the view and is listed under "Show retracted"; undoing the retraction
in the History tab brings it back."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import Page

pytestmark = pytest.mark.e2e

SUBJECT, TARGET = "state:AUT", "alliance:nato"
HAS_EDGE = (
    "(el, [from, to]) => el.network.body.data.edges.get()"
    ".some(edge => edge.from === from && edge.to === to && edge.relation === 'member_of')"
)


def has_edge(app: Page) -> bool:
    return app.graph.evaluate(HAS_EDGE, [SUBJECT, TARGET])


def wait_edge(app: Page, drawn: bool) -> None:
    """Wait until the relation is drawn (or gone), as the graph component holds it."""
    app.page.wait_for_function(
        "([from, to, drawn]) => { const el = [...document.querySelectorAll('*')].map(e => e.shadowRoot)"
        ".filter(Boolean).map(r => r.querySelector('[data-testid=graph-view]')).find(Boolean);"
        " return el && el.network && el.network.body.data.edges.get().some(edge => edge.from === from"
        " && edge.to === to && edge.relation === 'member_of') === drawn; }",
        arg=[SUBJECT, TARGET, drawn],
        timeout=30_000,
    )


def details(app: Page):
    return app.page.locator(".st-key-agx_side")


def saved(app: Page) -> None:
    details(app).get_by_text("Saved to the workspace NATO as write").wait_for(timeout=30_000)


def test_add_a_relation_with_a_new_source_reload_retract_and_undo(app) -> None:
    app.open("?selected=state%3AAUT")
    side = details(app)
    side.get_by_role("heading", name="Austria", exact=True).wait_for(timeout=30_000)
    assert not has_edge(app)

    # Escape cancels an open form.
    side.get_by_role("button", name="Add relation").click()
    start = side.get_by_label("Start", exact=True)
    start.wait_for(timeout=20_000)
    start.click()
    start.press("Escape")
    side.get_by_role("button", name="Save the relation").wait_for(state="detached", timeout=20_000)

    side.get_by_role("button", name="Add relation").click()
    picker = side.locator(".st-key-w_edit_object input")
    picker.wait_for(timeout=20_000)
    picker.click()
    picker.fill("NATO")
    app.page.get_by_role("option", name=re.compile(r"^NATO — ")).first.click()
    side.get_by_text("Austria is a member of NATO", exact=True).wait_for(timeout=20_000)
    form = app.page.locator(".st-key-agx_edit_box")
    form.get_by_label("Start", exact=True).fill("2030-01")
    form.get_by_label("New source: URL").fill("https://example.org/austria-joins")
    form.get_by_label("New source: title").fill("Austria joins (example)")
    form.get_by_label("Publisher").fill("Example Press")
    form.get_by_label("Published").fill("2030-01-02")
    locator = form.get_by_label("Locator")
    locator.fill("para 1")
    locator.press("Enter")  # Enter in a field saves the form
    saved(app)
    wait_edge(app, True)

    app.open("?selected=state%3AAUT")
    side = details(app)
    side.get_by_role("heading", name="Austria", exact=True).wait_for(timeout=30_000)
    assert has_edge(app), "the relation is drawn after a reload"
    citation = side.get_by_role("link", name="Austria joins (example)").first
    citation.wait_for(timeout=20_000)
    assert citation.get_attribute("href") == "https://example.org/austria-joins"

    side.get_by_role("button", name="Correct or retract").click()
    claim = side.locator(".st-key-w_edit_claim input")
    claim.wait_for(timeout=20_000)
    claim.click()
    claim.fill("member of NATO")
    app.page.get_by_role("option", name=re.compile("Austria is a member of NATO")).first.click()
    reason = side.get_by_label("Reason (required): why the claim is wrong")
    reason.fill("an example, not a fact")
    reason.press("Enter")
    saved(app)
    wait_edge(app, False)
    side.get_by_text(re.compile(r"Show retracted \(1\)")).click()
    side.get_by_text(re.compile("Retracted: an example, not a fact")).wait_for(timeout=20_000)
    assert side.locator("del", has_text="Austria is a member of NATO").count() == 1

    app.page.get_by_role("tab", name="History").click()
    undo = app.page.get_by_role("button", name=re.compile(r"^Undo the last write \(\d+: edit, by "))
    undo.wait_for(timeout=20_000)
    undo.click()
    app.page.get_by_text(re.compile(r"Write \d+ was undone")).wait_for(timeout=30_000)
    wait_edge(app, True)
    assert app.console_errors == [] and app.foreign_requests == []
