"""Reviewing an article's proposals with the keyboard, in real Chromium."""

from __future__ import annotations

import re

import pytest

from tests.conftest import HANDOVER

pytestmark = pytest.mark.e2e


def merge_count(page) -> int:
    label = page.get_by_role("button", name=re.compile(r"^Merge \d+ accepted claims$")).inner_text()
    return int(re.search(r"\d+", label).group())


def test_many_proposals_are_accepted_or_rejected_with_the_keyboard(app) -> None:
    app.open()
    app.page.get_by_role("tab", name="Build").click()
    app.page.get_by_label("Article text").fill(HANDOVER)
    app.page.get_by_label("Address (URL)").fill("https://example.org/handover")
    app.page.get_by_role("button", name="Propose claims").click()
    app.page.get_by_role("button", name=re.compile(r"^Merge \d+ accepted claims$")).wait_for(timeout=30_000)
    assert merge_count(app.page) == 3
    grid = app.page.locator('[data-testid="stDataFrame"], [data-testid="stDataFrameResizable"]').last
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # The first row's "accept" cell (the first column), then Space and Down, as a reviewer would.
    app.page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)
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

    app.page.get_by_label("Address (URL)").fill("https://example.org/handover")
    app.page.get_by_role("button", name="Propose claims").click()
    app.page.get_by_role("button", name=re.compile(r"^Merge \d+ accepted claims$")).wait_for(timeout=30_000)
    grid = app.page.locator('[data-testid="stDataFrame"], [data-testid="stDataFrameResizable"]').last
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    app.page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)
    app.page.keyboard.press("Space")  # the first proposal unticked
    app.page.get_by_role("button", name="Merge 2 accepted claims", exact=True).wait_for(timeout=20_000)
    app.page.get_by_role("tab", name="Details").click()
    app.page.wait_for_timeout(1000)
    app.page.get_by_role("tab", name="Build").click()
    app.page.get_by_role("button", name="Merge 2 accepted claims", exact=True).wait_for(timeout=20_000)
    assert app.console_errors == []
