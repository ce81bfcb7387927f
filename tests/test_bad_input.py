"""The bad-input suite: broken and hostile files of every kind we read.

Each case asserts the exact entry a user reads in the import report. The same cases
are then uploaded into the running app, which must show the report and keep the graph
it had (nothing already loaded is lost).
"""

from __future__ import annotations

import io
import json
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import graph
from graph.export import export_view
from graph.readers import max_upload_bytes, read_upload
from graph.view import PRESETS
from tests.conftest import CLAIMS, ENTITIES, SOURCES

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TYPES = "state, alliance, framework, body, person, event, place, publication, organization, other"


def tables(entities: str | bytes = ENTITIES, claims: str | bytes = CLAIMS, sources: str | bytes = SOURCES):
    encode = lambda value: value if isinstance(value, bytes) else value.encode()  # noqa: E731
    return [
        ("entities.csv", encode(entities)),
        ("claims.csv", encode(claims)),
        ("sources.csv", encode(sources)),
    ]


def zipped(files) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()


def graphml(body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        f'<graph edgedefault="directed">{body}</graph></graphml>'
    ).encode()


def snapshot(change) -> bytes:
    bundle = json.loads(export_view(graph.load_graph(), PRESETS["members"].spec, "snapshot"))
    change(bundle)
    return json.dumps(bundle).encode()


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE g [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        f'<!ENTITY a{i} "{"&a;" * 10 if i == 1 else f"&a{i - 1};" * 10}">'.encode() for i in range(1, 10)
    )
    + b']><graphml><graph><node id="&a9;"/></graph></graphml>'
)
QUADRATIC = (
    b'<?xml version="1.0"?><!DOCTYPE g [<!ENTITY big "'
    + b"x" * 50_000
    + b'">]><graphml>'
    + b"&big;" * 5_000
    + b"</graphml>"
)
EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE g [<!ENTITY x SYSTEM "http://127.0.0.1:9/leak">]><graphml>&x;</graphml>'
)
DTD_ONLY = b'<?xml version="1.0"?><!DOCTYPE graphml SYSTEM "http://127.0.0.1:9/graphml.dtd"><graphml/>'
DTD_REFUSED = (
    "the XML declares a DTD or entities ({}), which we refuse for safety. "
    "Fix: export the graph again without a DOCTYPE or entity declarations."
)

# (case id, files, exact report entry, loaded?)
CASES = [
    (
        "csv: empty file",
        tables(sources=""),
        "ERROR sources.csv: the file is empty. Fix: it needs a header row: "
        "id,title,publisher,author,published,url,kind.",
        False,
    ),
    (
        "csv: truncated inside a quoted cell",
        tables(claims=CLAIMS + 'state:AUT,member_of,alliance:nato,,,s-nato,"para'),
        "ERROR claims.csv:14: the CSV cannot be parsed (unexpected end of data); a quote is probably not closed. "
        'Fix: close the quote, or double quotes inside a quoted cell ("").',
        False,
    ),
    (
        "csv: UTF-8 BOM",
        tables(entities=b"\xef\xbb\xbf" + ENTITIES.encode()),
        "INFO entities.csv:1: a UTF-8 byte order mark was found and ignored.",
        True,
    ),
    (
        "csv: Latin-1",
        tables(entities=ENTITIES.encode("latin-1")),
        "ERROR entities.csv:6: the file is not valid UTF-8 (byte 0xD6 at line 6); it looks like Latin-1 or "
        "Windows-1252. Fix: save the file as UTF-8.",
        False,
    ),
    (
        "csv: UTF-16",
        tables(claims=CLAIMS.encode("utf-16")),
        "ERROR claims.csv: the file is encoded as UTF-16. Fix: save it as UTF-8 (in Excel: 'CSV UTF-8'; in "
        "LibreOffice: character set 'Unicode (UTF-8)').",
        False,
    ),
    (
        "csv: NUL bytes",
        tables(sources=SOURCES.encode() + b"x,\x00,,,,,\n"),
        "ERROR sources.csv:4: the file contains NUL bytes, so it is binary or not UTF-8 text. Fix: check that this is "
        "the right file and save it as UTF-8 CSV.",
        False,
    ),
    (
        "csv: semicolons",
        tables(entities=ENTITIES.replace(",", ";")),
        "ERROR entities.csv:1: the header has one column that contains ';': the file is separated by semicolons. "
        "Fix: save it with commas as separators.",
        False,
    ),
    (
        "csv: extra field on the first row",
        tables(sources=SOURCES.replace("primary\n", "primary,extra\n", 1)),
        "ERROR sources.csv:2: the row has 8 fields but the header has 7. Fix: check for a missing or extra comma, "
        "or quote cells that contain commas.",
        False,
    ),
    (
        "csv: missing header",
        tables(claims=CLAIMS.replace("subject,", "", 1)),
        "ERROR claims.csv:1 [subject]: the required column 'subject' is missing. Fix: the header must contain "
        "subject,relation,object,start,end,source,locator,note.",
        False,
    ),
    (
        "csv: duplicate header",
        tables(entities=ENTITIES.replace("label,", "label,label,", 1)),
        "ERROR entities.csv:1 [label]: the column 'label' appears twice. Fix: keep one of them.",
        False,
    ),
    (
        "csv: empty id",
        tables(entities=ENTITIES + ",state,Nameless,,\n"),
        "ERROR entities.csv:11 [id]: the id is empty. Fix: give every row an id.",
        False,
    ),
    (
        "csv: ids 007, NA, null, 1 and 1.0 stay distinct strings",
        tables(
            entities=ENTITIES
            + "007,person,Bond,,\nNA,place,NA,,\nnull,place,Null,,\n1,place,One,,\n1.0,place,1.0,,\n",
            claims=CLAIMS + "007,national_of,1.0,,,s-nato,,\n",
        ),
        None,
        True,
    ),
    (
        "csv: duplicate id",
        tables(entities=ENTITIES + "state:RUS,state,Russia again,,\n"),
        "WARNING entities.csv:11 [id]: duplicate entity id 'state:RUS' (first defined on line 4); this row is "
        "skipped. Fix: merge the two rows or give one a new id.",
        True,
    ),
    (
        "csv: edge to an unknown node",
        tables(claims=CLAIMS + "state:RUS,member_of,alliance:warsaw,,,s-nato,,\n"),
        "ERROR claims.csv:14 [object]: unknown entity 'alliance:warsaw'. Fix: add it to entities.csv or correct the id.",
        False,
    ),
    (
        "csv: self-loop",
        tables(claims=CLAIMS + "state:RUS,partner_in,state:RUS,,,s-nato,,\n"),
        "WARNING claims.csv:14 [object]: 'state:RUS' partner_in itself (a self-loop). Fix: check the subject and "
        "object.",
        True,
    ),
    (
        "csv: unknown type",
        tables(entities=ENTITIES + "x:1,country,X,,\n"),
        f"ERROR entities.csv:11 [type]: unknown entity type 'country'. Fix: use one of: {TYPES}.",
        False,
    ),
    (
        "csv: impossible date",
        tables(claims=CLAIMS + "state:AUT,member_of,alliance:nato,2021-02-30,,s-nato,,\n"),
        "ERROR claims.csv:14 [start]: '2021-02-30' is not a real date (day is out of range for month). "
        "Fix: write dates as YYYY-MM-DD (or YYYY-MM, YYYY).",
        False,
    ),
    (
        "csv: a table missing from the upload",
        tables()[:2],
        "ERROR sources.csv: this table is missing from the upload. Fix: upload entities.csv, claims.csv and "
        "sources.csv together.",
        False,
    ),
    (
        "zip: not a zip",
        [("data.zip", b"PK\x03\x04 this is not a zip")],
        "ERROR data.zip: the file is not a valid zip archive. Fix: zip entities.csv, claims.csv and sources.csv again.",
        False,
    ),
    (
        "zip: a table missing",
        [("data.zip", zipped(tables()[:2]))],
        "ERROR data.zip: the archive has no sources.csv. Fix: a dataset zip holds entities.csv, claims.csv and "
        "sources.csv.",
        False,
    ),
    (  # the content decides, not the suffix (issue 12), and the report says so
        "zip: renamed .graphml",
        [("graph.graphml", zipped(tables()))],
        "WARNING graph.graphml: the file is a zip archive, not a .graphml file; it is read as a zip of our tables. "
        "Fix: rename it to .zip.",
        True,
    ),
    (
        "graphml: empty",
        [("graph.graphml", b"")],
        "ERROR graph.graphml: the file is empty. Fix: choose the file that holds the graph.",
        False,
    ),
    (
        "graphml: truncated",
        [("graph.graphml", graphml('<node id="a"/>')[:70])],
        "ERROR graph.graphml:1: the file is not well-formed XML (unclosed token: line 1, column 38). Fix: check that "
        "the file is complete and is GraphML or GEXF.",
        False,
    ),
    (
        "graphml: billion laughs",
        [("laughs.graphml", BILLION_LAUGHS)],
        "ERROR laughs.graphml: " + DTD_REFUSED.format("DTDForbidden"),
        False,
    ),
    (
        "graphml: quadratic blow-up",
        [("quadratic.graphml", QUADRATIC)],
        "ERROR quadratic.graphml: " + DTD_REFUSED.format("DTDForbidden"),
        False,
    ),
    (
        "graphml: external entity",
        [("external.graphml", EXTERNAL)],
        "ERROR external.graphml: " + DTD_REFUSED.format("DTDForbidden"),
        False,
    ),
    (
        "graphml: external DTD",
        [("dtd.graphml", DTD_ONLY)],
        "ERROR dtd.graphml: " + DTD_REFUSED.format("DTDForbidden"),
        False,
    ),
    (
        "graphml: edge to an undeclared node",
        [("g.graphml", graphml('<node id="a"/><edge source="a" target="zz"/>'))],
        "WARNING g.graphml [edge]: 1 edge(s) point to nodes the file does not declare (e.g. 'zz'); they are skipped. "
        "Fix: declare every node an edge uses, or remove those edges.",
        True,
    ),
    (
        "graphml: duplicate node id",
        [("g.graphml", graphml('<node id="a"/><node id="a"/>'))],
        "WARNING g.graphml [id]: the node id 'a' repeats an earlier node; they are merged. Fix: give every node a "
        "distinct id.",
        True,
    ),
    (
        "graphml: self-loop and parallel edges",
        [
            (
                "g.graphml",
                graphml(
                    '<node id="a"/><node id="b"/><edge source="a" target="a"/>'
                    '<edge source="a" target="b"/><edge source="a" target="b"/>'
                ),
            )
        ],
        "INFO g.graphml [edge]: 1 pair(s) of nodes are linked more than once; every link is kept.",
        True,
    ),
    (
        "gexf: billion laughs",
        [("laughs.gexf", BILLION_LAUGHS)],
        "ERROR laughs.gexf: " + DTD_REFUSED.format("DTDForbidden"),
        False,
    ),
    (
        "json: links instead of edges",
        [("g.json", b'{"nodes":[{"id":"a"},{"id":"b"}],"links":[{"source":"a","target":"b"}]}')],
        "INFO g.json [links]: the file uses 'links' (older node-link JSON); read as edges.",
        True,
    ),
    (
        "json: NaN",
        [("g.json", b'{"nodes":[{"id":"a","w":NaN}],"edges":[]}')],
        "ERROR g.json: the file is not valid JSON (NaN is not valid JSON). Fix: check the file; NaN and Infinity are "
        "not JSON.",
        False,
    ),
    (
        "json: deep nesting",
        [("g.json", b'{"nodes":[{"id":"a","x":' + b"[" * 100 + b"]" * 100 + b'}],"edges":[]}')],
        "ERROR g.json: the JSON is nested more than 64 levels deep. Fix: flatten the attributes.",
        False,
    ),
    (
        "json: ids 1 and 1.0",
        [("g.json", b'{"nodes":[{"id":1},{"id":1.0}],"edges":[]}')],
        "WARNING g.json [id]: the node id 1.0 equals 1, so it repeats an earlier node; they are merged. Fix: give every "
        "node a distinct id.",
        True,
    ),
    (
        "json: edge to an unknown node",
        [("g.json", b'{"nodes":[{"id":"a"}],"edges":[{"source":"a","target":"b"}]}')],
        "WARNING g.json [edge]: 1 edge(s) point to nodes the file does not declare (e.g. 'b'); they are skipped. "
        "Fix: declare every node an edge uses, or remove those edges.",
        True,
    ),
    (
        "json: not a graph",
        [("g.json", b"[1, 2, 3]")],
        "ERROR g.json [nodes]: the JSON has no 'nodes' list, so it is not a node-link graph. Fix: export node-link JSON "
        "(networkx node_link_data, D3).",
        False,
    ),
    (
        "json: unknown relation",
        [
            (
                "g.json",
                b'{"nodes":[{"id":"a","type":"state"},{"id":"b","type":"state"}],'
                b'"edges":[{"source":"a","target":"b","relation":"hates"}]}',
            )
        ],
        "WARNING g.json [relation]: 1 edge(s) have no relation of ours (e.g. 'hates'); they are shown as 'related_to'. "
        "Fix: give edges a 'relation' attribute: one of member_of, partner_in, invited_to, excluded_from, attended, "
        "hosted, spoke_at, holds_office, national_of, held_in, reviews, part_of, authored, published_in, "
        "suspended_from, located_in, led_by, contributed_to, discussed, republished_from, manages, lives_in, "
        "adopted_at, related_to, successor_of.",
        True,
    ),
    (
        "json: javascript: source URL",
        [
            (
                "g.json",
                b'{"graph":{"sources":{"s":{"title":"x","url":"javascript:alert(1)"}}},'
                b'"nodes":[{"id":"a"}],"edges":[]}',
            )
        ],
        "WARNING g.json [url]: the URL of source 's' is not an http(s) address and was removed. Fix: use addresses "
        "that start with https:// or http://.",
        True,
    ),
    (
        "snapshot: newer format",
        [("new.agx.json", snapshot(lambda b: b.update(version=99)))],
        "ERROR new.agx.json [version]: the snapshot was made by a newer version of Alliance Graph Explorer (format 99); "
        "this version reads format 1 and older. Fix: update Alliance Graph Explorer, or export the view again with "
        "this version.",
        False,
    ),
    (
        "snapshot: tables missing",
        [("cut.agx.json", snapshot(lambda b: b.pop("tables")))],
        "ERROR cut.agx.json [tables]: the snapshot has no entities, claims and sources tables. Fix: export the view "
        "again; the file may be truncated.",
        False,
    ),
    (
        "snapshot: corrupted claim",
        [("bad.agx.json", snapshot(lambda b: b["tables"]["claims"][0].update(relation="x")))],
        "ERROR bad.agx.json:claims.csv:2 [relation]: unknown relation 'x'.",
        False,
    ),
    (
        "upload: unknown kind of file",
        [("graph.xlsx", b"PK")],
        "ERROR graph.xlsx: files ending in '.xlsx' cannot be imported. Fix: use our CSV tables (three .csv files or a "
        ".zip), .graphml, .gexf or node-link .json.",
        False,
    ),
    (
        "upload: over the size limit",
        [("huge.json", b"{" + b" " * max_upload_bytes() + b"}")],
        f"ERROR huge.json: the file is {max_upload_bytes() + 2:,} bytes; the limit is {max_upload_bytes():,}. Fix: import "
        "a smaller file or split the dataset.",
        False,
    ),
]


def test_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize(
    ("files", "expected", "loads"), [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
def test_report_entry(files, expected: str | None, loads: bool) -> None:
    started = time.perf_counter()
    tracemalloc.start()
    G, report = read_upload(files)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.perf_counter() - started < 2.0
    assert peak < 400 * 1024 * 1024, "memory stays bounded"
    assert (G is not None) == loads, report.format()
    if expected is not None:
        lines = [issue.format() for issue in report.issues]
        assert any(line.startswith(expected) for line in lines), "\n".join(lines)


def test_ids_stay_distinct_strings() -> None:
    G, _ = read_upload(CASES[11][1])
    assert {"007", "NA", "null", "1", "1.0"} <= set(G)
    assert G.has_edge("007", "1.0")


def test_xml_attacks_are_refused_quickly_without_requests() -> None:
    import socket

    original = socket.socket.connect
    attempts: list[object] = []

    def spy(self, address):  # pragma: no cover - must never run
        attempts.append(address)
        return original(self, address)

    socket.socket.connect = spy
    try:
        for data in (BILLION_LAUGHS, QUADRATIC, EXTERNAL, DTD_ONLY):
            started = time.perf_counter()
            G, _ = read_upload([("x.graphml", data)])
            assert G is None and time.perf_counter() - started < 1.0
    finally:
        socket.socket.connect = original
    assert attempts == []


def caption(at: AppTest) -> str:
    """The header's line of counts: what is in view."""
    return next(item.value for item in at.markdown if "in view, as of" in item.value)


# The uploader itself refuses other file types before our reader sees them.
APP_CASES = [case for case in CASES if not case[3] and not case[1][0][0].endswith(".xlsx")]


@pytest.mark.parametrize(
    ("files", "expected", "loads"),
    [case[1:] for case in APP_CASES],
    ids=[c[0] for c in APP_CASES],
)
def test_refused_upload_keeps_the_graph_in_the_app(files, expected: str, loads: bool) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.pills(key="w_preset").set_value("partners").run()
    before = caption(at)
    at.file_uploader(key="w_upload").set_value(
        [(name, content, "application/octet-stream") for name, content in files]
    ).run()
    assert not at.exception
    assert any("was refused" in item.value for item in at.error)
    assert any(expected.split(" Fix:")[0] in item.value for item in at.code)
    assert caption(at) == before
    assert at.query_params["preset"] == "partners"
