"""Hostile input and a hostile network: nothing executes, foreign hosts and origins are refused."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import urlparse

import pytest

from bench.local_app import websocket_handshake

pytestmark = pytest.mark.e2e

XSS = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(2)</script>"
ENTITIES = (
    "id,type,label,aliases,description\n"
    f'x:<svg/onload=alert(3)>,state,"{XSS}","[click](javascript:alert(4))","{SCRIPT}"\n'
    'x:b,state,"**bold** $x$ [link](javascript:alert(5))",,"<b onmouseover=alert(6)>hover</b>"\n'
    "x:c,alliance,Alliance,,\n"
)
CLAIMS = (
    "subject,relation,object,start,end,source,locator,note,role\n"
    f'x:<svg/onload=alert(3)>,member_of,x:c,2001,,s:<i>,"{XSS}","javascript:alert(7) {SCRIPT}","{XSS}"\n'
    'x:b,excluded_from,x:c,,,s:<i>,para 1,"[x](javascript:alert(8))",\n'
    f'x:b,rank,"{XSS}",,,s:<i>,para 2,note,\n'
)
SOURCES = (
    "id,title,publisher,author,published,url,kind\n"
    f's:<i>,"{XSS} {SCRIPT}","<script>alert(9)</script>",,2021-07-14,"https://example.org/?q=<script>alert(10)</script>",press\n'
)


def hostile_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in (("entities.csv", ENTITIES), ("claims.csv", CLAIMS), ("sources.csv", SOURCES)):
            archive.writestr(name, content)
    return buffer.getvalue()


def test_hostile_dataset_is_shown_as_text_everywhere(app, tmp_path) -> None:
    app.open()
    page = app.page
    page.get_by_role("tab", name="Import").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": f"evil{XSS}.zip", "mimeType": "application/zip", "buffer": hostile_zip()}]
    )
    app.wait_for_nodes(3)
    page.get_by_text("Imported").first.wait_for(timeout=20_000)

    # The details panel of every entity, by clicking each node on the canvas.
    for node in ("x:<svg/onload=alert(3)>", "x:b", "x:c"):
        app.click_node(node)
        page.wait_for_function(
            "id => new URLSearchParams(location.search).get('selected') === id", arg=node, timeout=20_000
        )
    app.click_node("x:<svg/onload=alert(3)>")
    page.get_by_role("heading", name=XSS).wait_for(timeout=20_000)
    # Hover for the tooltip.
    point = app.graph.evaluate("el => el.network.canvasToDOM(el.network.getPositions(['x:b'])['x:b'])")
    box = app.graph.bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.locator("div.vis-tooltip").wait_for(state="visible", timeout=10_000)
    # Tables, path finder, export of every format, and the standalone page.
    page.get_by_role("tab", name="Tables").click()
    page.get_by_role("tab", name="Paths").click()
    page.get_by_role("tab", name="Export").click()
    html_path = tmp_path / "hostile.html"
    for typed, name in (
        ("Standalone", "html"),
        ("Picture (PNG)", "png"),
        ("Vector", "svg"),
        ("GEXF", "gexf"),
        ("GraphML", "graphml"),
        ("Node-link", "json"),
        ("Gephi and", "csv"),
        ("neo4j", "csv-neo4j"),
        ("Our three", "tables"),
        ("Snapshot", "snapshot"),
    ):
        download = app.download_export(typed, name)
        if name == "html":
            download.save_as(html_path)
    links = page.locator("a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert not [href for href in links if href.lower().startswith("javascript")]
    page.wait_for_timeout(1000)
    assert app.dialogs == [], f"script ran in the app: {app.dialogs}"
    assert app.console_errors == [] or all("alert" not in error for error in app.console_errors)

    # The exported page, opened and clicked through.
    exported = app.context.new_page()
    dialogs: list[str] = []
    exported.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    exported.goto(html_path.as_uri())
    graph = exported.locator("#graph")
    graph.evaluate(
        "el => new Promise(r => { (function w() {"
        " el.dataset.ready === 'true' ? r() : setTimeout(w, 50); })(); })"
    )
    for node in ("x:<svg/onload=alert(3)>", "x:b"):
        graph.evaluate("(el, id) => el.network.focus(id, {scale: 1.5, animation: false})", node)
        point = graph.evaluate("(el, id) => el.network.canvasToDOM(el.network.getPositions([id])[id])", node)
        frame = graph.bounding_box()
        exported.mouse.click(frame["x"] + point["x"], frame["y"] + point["y"])
        exported.locator("#details h2").wait_for()
    assert exported.locator("#details h2").first.inner_text() in (
        XSS,
        "**bold** $x$ [link](javascript:alert(5))",
    )
    hrefs = exported.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
    assert all(urlparse(href).scheme in ("http", "https") for href in hrefs)
    exported.wait_for_timeout(500)
    assert dialogs == [], f"script ran in the exported page: {dialogs}"


def upgrade(url: str, host: str, origin: str | None) -> str:
    """The status line the server answers to a WebSocket handshake."""
    return websocket_handshake(urlparse(url).port, host, origin)


def test_websocket_refuses_foreign_hosts_and_origins(app_url) -> None:
    own = urlparse(app_url).netloc
    assert upgrade(app_url, own, f"http://{own}").startswith("HTTP/1.1 101"), "the app's own page may connect"
    assert upgrade(app_url, "evil.example", "http://evil.example").startswith("HTTP/1.1 403"), "DNS rebinding"
    assert upgrade(app_url, own, "http://evil.example").startswith("HTTP/1.1 403"), "cross-origin WebSocket"


def test_server_listens_on_loopback_only() -> None:
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    server = config["server"]
    assert server["address"] == "127.0.0.1"
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert server["allowedHosts"] == ["127.0.0.1", "localhost"]
    assert config["browser"]["gatherUsageStats"] is False
