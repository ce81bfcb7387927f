"""The explorer on a claims store in real Chromium: started as `scripts/run.sh -- --store URL`
on a store over the in-memory budget, it shows nothing until asked, a search fetches the match
and its neighbours, a double-click fetches more."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import graph
from bench.local_app import serve
from graph.build import graph_to_dataset
from graph.store import open_store
from tests.e2e.conftest import Page

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def store_app_url(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("store-app")
    url = f"duckdb:///{folder / 'nato.duckdb'}"
    store = open_store(url, create=True)
    store.write(graph_to_dataset(graph.load_graph()), author="tests")
    store.close()
    # Over the budget (the bundled data is 318 entities and relations): explored by search and expand.
    with serve(folder / "server.log", {"AGX_MAX_ELEMENTS": "100"}, ["--store", url]) as app_url:
        yield app_url


def drawn_count(page: Page) -> int:
    return page.graph.evaluate("el => el.network ? el.network.body.data.nodes.length : 0")


def test_search_then_double_click_fetch_from_the_store(browser, store_app_url) -> None:
    page = Page(browser, store_app_url).open()
    try:
        assert drawn_count(page) == 0, "nothing is read before it is asked for"
        page.page.get_by_text("Claims store duckdb:").first.wait_for(timeout=20_000)
        box = page.page.locator(".st-key-w_store_search input")
        box.fill("Belarus")
        box.press("Enter")
        page.page.get_by_role("heading", name="Belarus", exact=True).wait_for(timeout=30_000)
        page.page.wait_for_function(
            "() => new URLSearchParams(location.search).get('selected') === 'state:BLR'", timeout=30_000
        )
        first = drawn_count(page)
        assert first > 1
        page.click_node("framework:pfp", double=True)  # Belarus' partnership: its partners come
        page.page.wait_for_function(
            "n => [...document.querySelectorAll('*')].map(e => e.shadowRoot).filter(Boolean)"
            ".map(r => r.querySelector('[data-testid=graph-view]')).filter(Boolean)"
            ".some(el => el.network && el.network.body.data.nodes.length > n)",
            arg=first,
            timeout=30_000,
        )
        assert page.console_errors == [] and page.foreign_requests == []
    finally:
        page.close()
