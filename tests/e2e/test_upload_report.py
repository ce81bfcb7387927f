"""An upload shown as a new workspace is saved once the browser reports it drawn, or after a timer
(ui/panels/import_data.py). When the report is lost, the timer's save must still reach the page:
the timer runs outside any run of the page, and the page said "Saving it as the new workspace …"
until the person clicked something (seen once in CI, on a loaded machine).

The report is dropped on its way to the server: the page's websocket passes every message but
the ones that carry the upload's token (the graph view's "drawn" trigger, ``upload:<hex>``).
"""

from __future__ import annotations

import time

from bench.synthetic import node_link_bytes
from tests.e2e.conftest import Page
from tests.e2e.test_cancel import server_process, upload


def drop_upload_reports(page: Page, dropped: list[int], sent: list[float]) -> None:
    def handler(ws) -> None:
        server = ws.connect_to_server()

        def to_server(message) -> None:
            if isinstance(message, bytes) and b'"upload:' in message:
                dropped.append(len(message))
            else:
                sent.append(time.monotonic())
                server.send(message)

        ws.on_message(to_server)
        server.on_message(ws.send)

    page.page.route_web_socket("**/_stcore/stream", handler)


def test_a_lost_drawn_report_still_opens_the_saved_upload(browser, tmp_path, agx_home) -> None:
    path = tmp_path / "small.json"
    path.write_bytes(node_link_bytes(200))
    with server_process(tmp_path) as (_server, url):
        page = Page(browser, url)
        dropped: list[int] = []
        sent: list[float] = []
        drop_upload_reports(page, dropped, sent)
        page.open()
        upload(page, path)
        page.page.get_by_text("Saving it as the new workspace small").first.wait_for(timeout=60_000)
        started = time.monotonic()
        # The timer saves after 8 s (FALLBACK_SECONDS); the page opens it within a second or two.
        page.page.get_by_text("Imported small.json as the new workspace small").first.wait_for(timeout=30_000)
        waited = time.monotonic() - started
        assert dropped, "no report was dropped: the test did not test the timer"
        assert waited > 5, f"saved after {waited:.1f} s: the report was not the one dropped"
        # The page polls only while it waits (a fragment run each second): once opened, it is quiet.
        page.page.wait_for_timeout(1500)
        quiet_from = time.monotonic()
        page.page.wait_for_timeout(4000)
        assert [at for at in sent if at > quiet_from] == [], "the page went on asking the server to run"
        assert page.console_errors == []
        page.close()
    made = sorted(path.name for path in (agx_home / "workspaces").glob("*.sqlite"))
    assert made == ["NATO.sqlite", "small.sqlite"], made
