"""Issue 17 in the running app (AppTest): every hostile or broken file of the issue goes through
the upload; the app shows the import report, never a traceback, and keeps the graph it had when
the file is refused. A reader that fails, a download that fails, an upload over the budget or
over the time limit say so; a replaced upload's graph is let go.
"""

from __future__ import annotations

import gc
import io
import json
import logging
import weakref
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.panels.import_data
from bench.synthetic import node_link_bytes
from graph.export import EXPORTERS
from tests.conftest import CLAIMS, ENTITIES, SOURCES

APP = str(Path(__file__).resolve().parents[1] / "app.py")
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


def start() -> AppTest:
    return AppTest.from_file(APP, default_timeout=120).run()


def errors(at: AppTest) -> str:
    """The error messages shown, without markdown's backslash escapes: what a person reads."""
    return "\n".join(item.value.replace("\\", "") for item in at.error)


def caption(at: AppTest) -> str:
    return next(item.value for item in at.markdown if "in view, as of" in item.value)


def shown(at: AppTest):
    """The graph the session shows: its workspace, whole (an upload opens as a new workspace)."""
    from ui import cache

    source = at.session_state["source"]
    return cache.whole(source.url, source.version, source.name)


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    return at.file_uploader(key="w_upload").set_value([(name, content, "application/octet-stream")]).run()


def table_zip(method: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, text in (("entities.csv", ENTITIES), ("claims.csv", CLAIMS), ("sources.csv", SOURCES)):
            archive.writestr(name, text)
    return buffer.getvalue()


def with_header_bytes(content: bytes, changes: dict[bytes, tuple[int, int]]) -> bytes:
    """Set a byte at an offset of each local and central header (``|=`` 1 for a flag, else ``=``)."""
    data = bytearray(content)
    for marker, (offset, value) in changes.items():
        start = 0
        while (start := data.find(marker, start)) >= 0:
            data[start + offset] = data[start + offset] | value if value == 1 else value
            start += 4
    return bytes(data)


def graphml(body: str, namespace: bool = True, encoding: str = "UTF-8") -> bytes:
    xmlns = f' xmlns="{GRAPHML_NS}"' if namespace else ""
    return f'<?xml version="1.0" encoding="{encoding}"?><graphml{xmlns}>{body}</graphml>'.encode()


def node_link(data: dict) -> bytes:
    return json.dumps(data).encode()


SURROGATE = (
    b'{"nodes":[{"id":"a","label":"lone \\udfff surrogate"},{"id":"b"}],'
    b'"edges":[{"source":"a","target":"b"}]}'
)
CHAIN = {"nodes": [{"id": "a"}, {"id": "b"}], "edges": [{"source": "a", "target": "b"}]}

# (case, file name, content, loads): the twelve kinds of broken file of issue 17, and the rest.
REFUSED_OR_READ = [
    (
        "zip: encrypted",
        "data.zip",
        with_header_bytes(table_zip(), {b"PK\x03\x04": (6, 1), b"PK\x01\x02": (8, 1)}),
        False,
    ),
    (
        "zip: bad CRC",
        "data.zip",
        table_zip().replace(b"alliance:nato,alliance", b"alliance:natO,alliance", 1),
        False,
    ),
    (
        "zip: unknown method",
        "data.zip",
        with_header_bytes(table_zip(), {b"PK\x03\x04": (8, 99), b"PK\x01\x02": (10, 99)}),
        False,
    ),
    (
        "graphml: no xmlns",
        "g.graphml",
        graphml(
            '<graph edgedefault="directed"><node id="a"/><node id="b"/><edge source="a" target="b"/></graph>',
            namespace=False,
        ),
        True,
    ),
    ("graphml: no <graph>", "g.graphml", graphml('<key id="d0" for="node" attr.name="x"/>'), False),
    (
        "graphml: unknown encoding",
        "g.graphml",
        graphml('<graph><node id="a"/></graph>', encoding="x-no-such-encoding"),
        False,
    ),
    (
        "gexf: viz:color with hex",
        "g.gexf",
        b'<?xml version="1.0" encoding="UTF-8"?><gexf xmlns="http://gexf.net/1.3" '
        b'xmlns:viz="http://gexf.net/1.3/viz" version="1.3"><graph><nodes><node id="a">'
        b'<viz:color hex="#00ff00"/></node></nodes></graph></gexf>',
        True,
    ),
    ("json: nodes are strings", "g.json", node_link({"nodes": ["a", "b"], "edges": []}), None),
    (
        "json: ids are lists or null",
        "g.json",
        node_link({"nodes": [{"id": ["a"]}, {"id": None}, {"id": "c"}], "edges": []}),
        None,
    ),
    ("json: graph attribute is a list", "g.json", node_link({"graph": [1, 2], **CHAIN}), True),
    (
        "json: list and dict dates in facts",
        "g.json",
        node_link(
            {
                "nodes": [
                    {"id": "a", "facts": {"date": [{"value": "x", "start": ["2020"], "end": {"y": 1}}]}},
                    {"id": "b"},
                ],
                "edges": [{"source": "a", "target": "b"}],
            }
        ),
        True,
    ),
    (
        "json: list and dict dates in evidence",
        "g.json",
        node_link(
            {
                "graph": {"sources": {"s": {"title": "S"}}},
                "nodes": [{"id": "a"}, {"id": "b"}],
                "edges": [
                    {
                        "source": "a",
                        "target": "b",
                        "evidence": [{"source": "s", "start": {"a": 1}, "end": [1]}],
                    }
                ],
            }
        ),
        True,
    ),
    (
        "json: lone surrogate in a label",
        "s.json",
        SURROGATE,
        True,
    ),
    (
        "json: look-alike ids",
        "look.json",
        node_link(
            {
                "nodes": [
                    {"id": "state:RUS"},
                    {"id": "state:RU\u0405"},
                    {"id": "state:\u200dRUS"},
                    {"id": "state:\u202eRUS"},
                ],
                "edges": [],
            }
        ),
        True,
    ),
    (
        "json: ids with spaces, controls, the separator, empty",
        "ids.json",
        node_link(
            {
                "nodes": [
                    {"id": "two words"},
                    {"id": "a\u0007b"},
                    {"id": "x\u241fy"},
                    {"id": ""},
                    {"id": "ok"},
                ],
                "edges": [],
            }
        ),
        True,
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "loads"),
    [case[1:] for case in REFUSED_OR_READ],
    ids=[case[0] for case in REFUSED_OR_READ],
)
def test_each_case_of_the_issue_through_the_upload(name: str, content: bytes, loads: bool | None) -> None:
    at = start()
    at.pills(key="w_preset").set_value("partners").run()
    before = caption(at)
    upload(at, name, content)
    assert not at.exception, at.exception
    refused = any("was refused" in item.value for item in at.error)
    imported = any("Imported" in item.value for item in at.success)
    assert refused != imported, [item.value for item in at.error]
    if loads is not None:
        assert imported == loads, [item.value for item in at.code]
    if refused:
        assert caption(at) == before, "nothing already loaded is lost"
        assert at.code and at.code[0].value.startswith(("ERROR", "WARNING", "INFO")), "the report is shown"
    else:
        # The loaded graph works everywhere: every tab, the search, every export.
        for tab in ("Details", "Paths", "Tables", "Export", "Import", "Article"):
            at.session_state["w_tab"] = tab
            at.run()
            assert not at.exception and not [
                item.value for item in at.error if "could not be shown" in item.value
            ]
        exports_work(at)


def exports_work(at: AppTest) -> None:
    from ui.panels.export import export_later

    loaded = shown(at)
    spec = at.session_state["spec"]
    for name in EXPORTERS:
        data = export_later(loaded, spec, name, {})()
        assert data, name


def test_the_surrogate_upload_leaves_search_and_exports_working() -> None:
    """Before, every run stopped in the header's search with UnicodeEncodeError."""
    at = start()
    upload(at, "s.json", SURROGATE)
    assert any("invalid Unicode" in item.value for item in at.code)
    at.selectbox(key="w_search").set_value("a").run()
    assert not at.exception
    assert any(item.value == "lone \ufffd surrogate" for item in at.subheader), [
        i.value for i in at.subheader
    ]
    exports_work(at)


def test_a_wide_zip_makes_a_short_report() -> None:
    header = ",".join(["id", "type", "label", "aliases", "description"] + [f"c{i}" for i in range(1_000_000)])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("entities.csv", header + "\n")
        archive.writestr("claims.csv", CLAIMS)
        archive.writestr("sources.csv", SOURCES)
    at = start()
    upload(at, "wide.zip", buffer.getvalue())
    assert not at.exception
    assert sum(len(item.value) for item in at.code) < 100_000


def test_an_upload_over_the_budget_is_refused_with_what_to_do(monkeypatch) -> None:
    monkeypatch.setenv("AGX_MAX_ELEMENTS", "1000")  # the app reads its limits when each run starts
    at = start()
    before = caption(at)
    upload(at, "big.json", node_link_bytes(2000))
    assert not at.exception
    assert any("was refused" in item.value for item in at.error)
    report = at.code[0].value
    assert "holds about 2,000 entities and relations; a graph held in memory may have at most 1,000" in report
    assert "AGX_MAX_ELEMENTS" in report and "python -m graph store load" in report
    assert caption(at) == before


def test_an_upload_over_the_time_limit_stops_and_says_so(monkeypatch) -> None:
    monkeypatch.setenv("AGX_READ_SECONDS", "1")
    at = start()
    before = caption(at)
    upload(at, "slow.json", node_link_bytes(300_000, 300_000))  # several seconds of reading here
    assert not at.exception
    assert any("took longer than the time limit of 1 s (read_seconds)" in item.value for item in at.code)
    assert caption(at) == before


def test_a_failing_reader_is_a_message_and_changes_nothing(monkeypatch, caplog) -> None:
    def broken(files):
        raise RuntimeError("a bug in a reader")

    at = start()
    before = caption(at)
    monkeypatch.setattr(ui.panels.import_data, "read_upload", broken)
    with caplog.at_level(logging.ERROR, logger="alliance_graph_explorer"):
        upload(at, "g.json", node_link(CHAIN))
    assert not at.exception
    message = errors(at)
    assert "could not be read (RuntimeError: a bug in a reader)" in message and "is unchanged" in message
    assert caption(at) == before
    assert "a bug in a reader" in caplog.text and "Traceback" in caplog.text


def test_a_failing_download_explains_itself(caplog) -> None:
    from ui.panels.export import guarded_download

    def broken() -> bytes:
        raise MemoryError("no room for this export")

    at = start()
    at.session_state["w_tab"] = "Export"
    at.run()
    failures = at.session_state["download_failures"]
    with caplog.at_level(logging.ERROR, logger="alliance_graph_explorer"):
        data = guarded_download(broken, "PNG", failures)()
    text = data.decode("utf-8")
    assert "could not export this view as PNG" in text and "MemoryError: no room for this export" in text
    assert "Traceback" in caplog.text
    at.run()  # the next run of the page says what happened
    assert "The last PNG download failed (MemoryError: no room for this export)" in errors(at)
    at.run()
    assert "download failed" not in errors(at), "said once"


def test_a_replaced_upload_is_let_go() -> None:
    from ui import cache

    at = start()
    upload(at, "one.json", node_link_bytes(3000, 3000, seed=1))
    first = shown(at)
    graph, token = weakref.ref(first.G), first.token
    assert token in cache._entries
    del first
    upload(at, "two.json", node_link_bytes(3000, 3000, seed=2))
    at.run()  # AppTest keeps widgets' format functions one run longer than a browser session does
    # The first upload is a workspace of its own, kept as its whole graph (primed, then in the
    # whole-graph cache) until newer graphs push it out; once out, nothing else may hold it.
    cache._primed.clear()
    cache.whole_graph.clear()
    gc.collect()
    current = shown(at)
    at.run()  # settles: the entries of the graph let go are cleared
    gc.collect()
    assert graph() is None, "nothing holds the first upload's graph"
    assert token not in cache._entries
    # A download button made before the replacement no longer holds the graph either.
    from ui.panels.export import export_later

    assert export_later(current, at.session_state["spec"], "json", {})()
