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
