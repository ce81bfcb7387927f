"""A large upload in real Chromium: groups drawn as circles, a double-click shows a group's members.

The server runs with AGX_LOD_NODES=500 so that a 3,000-entity upload (quick to build)
is aggregated the way a 50,000-entity one is with the default budget of 10,000.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.local_app import serve
from bench.synthetic import ba_graph, tables, zipped
from tests.e2e.conftest import Page

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def lod_url(tmp_path_factory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("streamlit-lod") / "server.log", {"AGX_LOD_NODES": "500"}) as url:
        yield url


def drawn(page: Page, entities: int) -> None:
    page.graph.evaluate(
        "(el, n) => new Promise((resolve, reject) => { const start = Date.now();"
        " (function wait() { if (el.dataset.drawnEntities === String(n)) resolve();"
        " else if (Date.now() - start > 60000) reject(new Error('not drawn: ' + el.dataset.drawnEntities));"
        " else setTimeout(wait, 50); })(); })",
        entities,
    )


def test_double_clicking_a_group_draws_its_members(browser, lod_url, tmp_path) -> None:
    upload = tmp_path / "ba-3000.zip"
    upload.write_bytes(zipped(tables(ba_graph(3000))))
    page = Page(browser, lod_url).open()
    try:
        page.page.get_by_role("tab", name="Import").click()
        page.page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        drawn(page, 3000)
        ids = page.node_ids()
        assert ids and all(node.startswith("group ") for node in ids)
        status = page.page.locator(".agx-status").first.text_content()
        assert status.startswith("Level of detail: 3,000 entities are in view")

        page.click_node("group 1", double=True)
        page.page.wait_for_function(
            "() => [...document.querySelectorAll('*')].map(e => e.shadowRoot).filter(Boolean)"
            ".map(r => r.querySelector('[data-testid=graph-view]')).concat([document.querySelector("
            "'[data-testid=graph-view]')]).filter(Boolean).some(el => el.network"
            " && el.network.body.data.nodes.get('group 1') === null && el.dataset.drawnEntities === '3000')",
            timeout=60_000,
        )
        after = page.node_ids()
        members = [node for node in after if not node.startswith("group ")]
        assert members and len(after) == len(ids) - 1 + len(members)
        assert "expanded=1" in page.page.url

        page.click_node(members[0])  # members may touch: whichever is under the pointer is selected
        page.page.wait_for_function(
            "() => [...document.querySelectorAll('*')].map(e => e.shadowRoot).filter(Boolean)"
            ".map(r => r.querySelector('[data-testid=graph-view]')).filter(Boolean)"
            ".some(el => el.dataset.selected && !el.dataset.selected.startsWith('group '))",
            timeout=30_000,
        )
        label = page.node(page.selected())["agxLabel"]
        page.page.get_by_role("heading", name=label, exact=True).wait_for(timeout=30_000)
        assert page.console_errors == []
        assert page.foreign_requests == []
    finally:
        page.close()
