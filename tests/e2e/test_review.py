"""Reviewing an article's proposals with the keyboard, in real Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.conftest import HANDOVER

PASSAGE = HANDOVER + " Sweden has long worked closely with the Partnership for Peace, and Ukraine too."
SECOND_TEXT = (
    "Lieutenant General Marta Kowalska took over from Lieutenant General Karel Novak as Director "
    "General of the International Military Staff."
)

pytestmark = pytest.mark.e2e


def merge_count(page) -> int:
    label = page.get_by_role("button", name=re.compile(r"^Merge \d+ accepted claims$")).inner_text()
    return int(re.search(r"\d+", label).group())


def idle(app) -> None:
    """Wait until the app has finished its run (Streamlit's "running" sign is gone)."""
    app.page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=30_000)


def propose(app, text: str, url: str, title: str = "") -> None:
    """Paste ``text`` in the Build tab with its address (and title), propose, wait for the table.
    The review an earlier test left is kept in the module's workspace (ui/panels/review_draft.py):
    it is cleared first, as a person starting another article would."""
    app.page.get_by_role("tab", name="Build").click()
    app.page.get_by_label("Article text").wait_for(timeout=30_000)
    idle(app)  # the review kept is put back on the page's second run (app.py: first_paint)
    clear = app.page.get_by_role("button", name="Clear the article")
    if clear.is_visible():
        clear.click()  # then wait until the form is empty and the run is over, as a person sees it
        app.page.get_by_role("button", name=re.compile(r"^Merge \d+ accepted claims$")).wait_for(
            state="detached", timeout=30_000
        )
        app.page.get_by_role("button", name="Clear the article").wait_for(state="detached", timeout=30_000)
        assert app.page.get_by_label("Article text").input_value() == ""
        idle(app)
    app.page.get_by_label("Article text").fill(text)
    if title:
        app.page.get_by_label("Title").fill(title)
    app.page.get_by_label("Address (URL)").fill(url)
    app.page.get_by_role("button", name="Propose claims").click()
    app.page.get_by_role("button", name=re.compile(r"^Merge \d+ accepted claims$")).wait_for(timeout=30_000)


def click_row(app, row: int) -> None:
    """Click the "accept" cell (the first column) of the review table's row ``row`` (from 1)."""
    grid = app.page.locator('[data-testid="stDataFrame"], [data-testid="stDataFrameResizable"]').last
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    app.page.mouse.click(box["x"] + 30, box["y"] + 35 + 17 + 35 * (row - 1))


def untick_the_first(app) -> None:
    """Untick the first of three proposals (a click on its row, then Space), as a reviewer does."""
    click_row(app, 1)
    app.page.keyboard.press("Space")
    app.page.get_by_role("button", name="Merge 2 accepted claims", exact=True).wait_for(timeout=20_000)


def edit_role(app, row: int):
    """Open the role cell of the review table's row ``row`` for editing; its editor."""
    click_row(app, row)
    for _ in range(6):  # accept, proposed, evidence, relation, object, start: to the role
        app.page.keyboard.press("ArrowRight")
    app.page.keyboard.press("Enter")
    return app.page.locator("textarea.gdg-input")


def novak_is_shown_as(app, role: str) -> None:
    """Karel Novak's details say he holds his office in the IMS as ``role``."""
    app.open("?selected=person%3Anovak")
    side = app.page.locator(".st-key-agx_side")
    side.get_by_role("heading", name="Karel Novak", exact=True).wait_for(timeout=30_000)
    side.get_by_text(f"Karel Novak holds an office in International Military Staff as {role}").wait_for(
        timeout=20_000
    )


def test_many_proposals_are_accepted_or_rejected_with_the_keyboard(app) -> None:
    app.open()
    propose(app, HANDOVER, "https://example.org/handover")
    assert merge_count(app.page) == 3
    click_row(app, 1)  # then Space and Down, as a reviewer would
    for _ in range(3):
        app.page.keyboard.press("Space")
        app.page.keyboard.press("ArrowDown")
    app.page.get_by_role("button", name="Merge 0 accepted claims", exact=True).wait_for(timeout=20_000)


def test_an_article_pasted_and_ticks_made_are_kept_while_another_tab_is_open(app) -> None:
    """What was pasted, and the review's ticks, are still there when the person comes back from
    another tab (tabs are drawn only while open, Build's article form always: ui/side_panel.py)."""
    app.open()
    app.page.get_by_role("tab", name="Build").click()
    app.page.get_by_label("Article text").fill(HANDOVER)
    app.page.get_by_label("Title").fill("A handover")
    app.page.get_by_label("Title").press("Tab")
    app.page.get_by_role("tab", name="Paths").click()
    app.page.get_by_text("Choose two entities to see how they are connected").wait_for(timeout=20_000)
    app.page.get_by_role("tab", name="Build").click()
    assert app.page.get_by_label("Article text").input_value(timeout=20_000) == HANDOVER
    assert app.page.get_by_label("Title").input_value() == "A handover"

    propose(app, HANDOVER, "https://example.org/handover")
    untick_the_first(app)
    app.page.get_by_role("tab", name="Details").click()
    app.page.wait_for_timeout(1000)
    app.page.get_by_role("tab", name="Build").click()
    app.page.get_by_role("button", name="Merge 2 accepted claims", exact=True).wait_for(timeout=20_000)
    assert app.console_errors == []


def pick(app, key: str, typed: str, option: str) -> None:
    """Choose ``option`` in the select box of widget ``key`` by typing, as a person does."""
    box = app.page.locator(f".st-key-{key} input")
    wanted = app.page.get_by_role("option", name=option, exact=True).first
    for attempt in range(3):  # a rerun that lands while the list opens closes it: open it again
        box.scroll_into_view_if_needed()  # below the fold of the side panel
        box.click()
        box.fill(typed)
        try:
            wanted.click(timeout=5_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            app.page.keyboard.press("Escape")
    for _ in range(50):  # the choice reaches the box once the app has run
        if box.input_value() == option:
            return
        app.page.wait_for_timeout(200)
    assert box.input_value() == option


def test_a_claim_the_rules_missed_is_added_from_its_sentence_merged_and_cited(app) -> None:
    """The reviewer reads the sentence the rules gave nothing for, adds the claim it states, and
    finds it in Sweden's details with the article as its source; an unticked row stays unticked."""
    app.open()
    propose(app, PASSAGE, "https://example.org/handover", title="A handover (example)")
    assert merge_count(app.page) == 3
    untick_the_first(app)

    app.page.get_by_text("Add what the rules missed").click()
    quiet = app.page.get_by_text("1 sentence names two or more entities but gave no claim")
    quiet.wait_for(timeout=20_000)
    pick(app, "w_missed_subject", "Swed", "Sweden (state)")
    pick(app, "w_missed_relation", "partner", "is a partner in")
    pick(app, "w_missed_object", "Partner", "Partnership for Peace (framework)")
    app.page.get_by_label("Start (optional)").fill("1994-05-09")
    app.page.get_by_label("Start (optional)").press("Tab")
    app.page.get_by_role("button", name="Add the claim").click()
    app.page.get_by_text("Added as row 4, ticked").wait_for(timeout=20_000)
    app.page.get_by_role("button", name="Merge 3 accepted claims", exact=True).wait_for(timeout=20_000)
    app.page.get_by_role("button", name="Merge 3 accepted claims", exact=True).click()
    app.page.get_by_text("Written to the workspace").first.wait_for(timeout=30_000)

    app.open("?selected=state%3ASWE")
    side = app.page.locator(".st-key-agx_side")
    side.get_by_role("heading", name="Sweden", exact=True).wait_for(timeout=30_000)
    side.get_by_text("A handover (example)").first.wait_for(timeout=20_000)
    assert app.console_errors == []


def test_an_edit_in_the_table_survives_accept_none_and_accept_all(app) -> None:
    """A role typed in the review table is kept when every row is unticked and ticked again, and
    is what is merged (before, "Accept all" started the table again and dropped the edit)."""
    app.open()
    propose(app, HANDOVER, "https://example.org/handover-edited")
    assert merge_count(app.page) == 3
    editor = edit_role(app, 2)  # Novak's office
    assert editor.input_value(timeout=10_000) == "Director General"
    editor.fill("Acting Director General")
    editor.press("Enter")
    app.page.wait_for_timeout(1000)
    app.page.get_by_role("button", name="Accept none").click()
    app.page.get_by_role("button", name="Merge 0 accepted claims", exact=True).wait_for(timeout=20_000)
    app.page.get_by_role("button", name="Accept all").click()
    app.page.get_by_role("button", name="Merge 3 accepted claims", exact=True).click()
    app.page.get_by_text("Written to the workspace").first.wait_for(timeout=30_000)

    novak_is_shown_as(app, "Acting Director General")
    assert app.console_errors == []


def test_a_review_under_way_is_found_as_it_was_left_after_a_reload(app) -> None:
    """A reviewer unticks a proposal and types a role into the table, then the page is reloaded
    (a crash, a closed laptop): the article, the tick and the role are back, and merge as they are."""
    app.open()
    propose(app, HANDOVER, "https://example.org/handover-reloaded", title="A handover, reloaded")
    assert merge_count(app.page) == 3
    untick_the_first(app)
    editor = edit_role(app, 2)  # Novak's office
    editor.fill("Acting Director General")
    editor.press("Enter")
    app.page.wait_for_timeout(1500)  # the edit reaches the app, which saves the review

    app.open()  # the page again, a new session
    app.page.get_by_role("tab", name="Build").click()
    app.page.get_by_text("Your review of A handover, reloaded, saved").wait_for(timeout=30_000)
    # The page settles a moment after the message: the form is read once it has (and must not
    # stay empty: a value set in session state was lost that way, hence the form's new keys).
    expect(app.page.get_by_label("Article text")).to_have_value(HANDOVER, timeout=20_000)
    expect(app.page.get_by_label("Address (URL)")).to_have_value("https://example.org/handover-reloaded")
    app.page.get_by_role("button", name="Merge 2 accepted claims", exact=True).wait_for(timeout=20_000)
    assert edit_role(app, 2).input_value(timeout=10_000) == "Acting Director General"
    app.page.keyboard.press("Escape")
    app.page.get_by_role("button", name="Merge 2 accepted claims", exact=True).click()
    app.page.get_by_text("Written to the workspace").first.wait_for(timeout=30_000)

    novak_is_shown_as(app, "Acting Director General")
    assert app.console_errors == []


def test_a_merge_undone_by_mistake_is_redone_from_the_history_tab(app) -> None:
    """An article merged, then undone in the History tab (a click too many): Redo writes it again,
    and the claim is back in the person's details."""
    app.open()
    propose(app, SECOND_TEXT, "https://example.org/redo", title="A visit (redo)")
    app.page.get_by_role("button", name=re.compile(r"^Merge \d+ accepted claims$")).click()
    app.page.get_by_text("Written to the workspace").first.wait_for(timeout=30_000)
    app.page.get_by_role("tab", name="History").click()
    app.page.get_by_role("button", name=re.compile(r"^Undo the last write \(\d+: article merge")).click()
    app.page.get_by_text(re.compile(r"Write \d+ was undone")).wait_for(timeout=30_000)
    app.page.get_by_role("button", name="Redo it").click()
    app.page.get_by_text(re.compile(r"Write \d+ was written again as write \d+")).wait_for(timeout=30_000)

    app.open("?selected=person%3Akowalska")
    side = app.page.locator(".st-key-agx_side")
    side.get_by_role("heading", name="Marta Kowalska", exact=True).wait_for(timeout=30_000)
    side.get_by_text("A visit (redo)").first.wait_for(timeout=20_000)
    assert app.console_errors == []
