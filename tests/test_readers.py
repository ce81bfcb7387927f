"""Uploads: our CSV tables (files or zip), GraphML, GEXF, node-link JSON, and the bad ones."""

from __future__ import annotations

import io
import json
import time
import zipfile

import networkx as nx
import pytest

from graph.readers import max_upload_bytes, read_upload
from tests.conftest import CLAIMS, ENTITIES, SOURCES


def tables() -> list[tuple[str, bytes]]:
    return [
        ("entities.csv", ENTITIES.encode()),
        ("claims.csv", CLAIMS.encode()),
        ("sources.csv", SOURCES.encode()),
    ]


def zipped(files: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()


def foreign_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("a", label="Alpha", type="state")
    G.add_node("b", label="Beta")
    G.add_edge("a", "b", relation="member_of", start="2001-01-01")
    G.add_edge("a", "b", label="knows")
    return G


def test_three_csv_tables() -> None:
    G, report = read_upload(tables())
    assert report.ok, report.format()
    assert G.number_of_nodes() == 9
    assert G.edges["state:RUS", "event:meeting", "excluded_from"]["citations"] == ["s-article", "s-nato"]


def test_csv_tables_in_a_zip_folder() -> None:
    G, report = read_upload(
        [("mydata.zip", zipped([(f"mydata/{name}", content) for name, content in tables()]))]
    )
    assert report.ok, report.format()
    assert G.graph["name"] == "mydata"


def test_a_broken_table_is_reported_with_its_line() -> None:
    files = tables()
    files[1] = ("claims.csv", (CLAIMS + "state:FIN,memberof,alliance:nato,,,s-nato,,\n").encode())
    G, report = read_upload(files)
    assert G is None
    assert (
        report.errors[0].format().startswith("ERROR claims.csv:14 [relation]: unknown relation 'memberof'.")
    )


def test_missing_table() -> None:
    G, report = read_upload(tables()[:2])
    assert G is None
    assert report.errors[0].message == "this table is missing from the upload."
    assert report.errors[0].file == "sources.csv"


def test_graphml_round_trip() -> None:
    buffer = io.BytesIO()
    nx.write_graphml(foreign_graph(), buffer)
    G, report = read_upload([("net.graphml", buffer.getvalue())])
    assert G is not None, report.format()
    assert G.nodes["a"]["type"] == "state" and G.nodes["b"]["type"] == "other"
    relations = sorted(data["relation"] for _, _, data in G.edges(data=True))
    assert relations == ["member_of", "related_to"]
    assert all(data["citations"] == ["upload"] for _, _, data in G.edges(data=True))
    messages = [issue.message for issue in report.warnings]
    assert any("shown as 'other'" in message for message in messages)
    assert any("shown as 'related_to'" in message for message in messages)


def test_gexf() -> None:
    buffer = io.BytesIO()
    nx.write_gexf(nx.DiGraph([("x", "y")]), buffer)
    G, report = read_upload([("net.gexf", buffer.getvalue())])
    assert G is not None, report.format()
    assert set(G) == {"x", "y"}


def test_node_link_json_with_links() -> None:
    data = nx.node_link_data(foreign_graph(), edges="links")
    G, report = read_upload([("net.json", json.dumps(data).encode())])
    assert G is not None, report.format()
    assert G.number_of_edges() == 2
    assert any(issue.column == "links" for issue in report.issues)


def test_json_with_nan_is_refused() -> None:
    G, report = read_upload([("net.json", b'{"nodes": [{"id": "a", "size": NaN}], "edges": []}')])
    assert G is None
    assert "NaN is not valid JSON" in report.errors[0].message


def test_deeply_nested_json_is_refused() -> None:
    G, report = read_upload([("net.json", b'{"nodes": ' + b"[" * 200 + b"]" * 200 + b', "edges": []}')])
    assert G is None
    assert "nested more than" in report.errors[0].message


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<graphml><graph edgedefault="directed"><node id="&lol4;"/></graph></graphml>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE graphml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<graphml><graph edgedefault="directed"><node id="&xxe;"/></graph></graphml>"""


@pytest.mark.parametrize(
    "content", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"]
)
@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_dtds_and_entities_are_refused_quickly(content: bytes, suffix: str) -> None:
    started = time.perf_counter()
    G, report = read_upload([("evil" + suffix, content)])
    assert time.perf_counter() - started < 1.0
    assert G is None
    assert "we refuse for safety" in report.errors[0].message


def test_malformed_xml_names_the_line() -> None:
    G, report = read_upload([("net.graphml", b"<graphml>\n<graph>\n<node id='a'>\n</graphml>")])
    assert G is None
    assert report.errors[0].line == 4
    assert "not well-formed XML" in report.errors[0].message


def test_zip_renamed_graphml_is_read_by_its_content() -> None:
    G, report = read_upload([("net.graphml", zipped(tables()))])
    assert G is not None and G.number_of_nodes() == 9, report.format()
    assert report.warnings[0].message == (
        "the file is a zip archive, not a .graphml file; it is read as a zip of our tables."
    )


def test_unknown_suffix() -> None:
    G, report = read_upload([("net.xlsx", b"whatever")])
    assert G is None
    assert report.errors[0].message == "files ending in '.xlsx' cannot be imported."


def test_oversized_upload() -> None:
    G, report = read_upload([("big.json", b" " * (max_upload_bytes() + 1))])
    assert G is None
    assert "the limit is" in report.errors[0].message


def test_zip_bomb_is_stopped() -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("entities.csv", b"a" * (max_upload_bytes() + 10))
    G, report = read_upload([("bomb.zip", bomb.getvalue())])
    assert G is None
    assert "unpacks to more than" in report.errors[0].message


def test_nothing_uploaded() -> None:
    G, report = read_upload([])
    assert G is None and report.errors[0].message == "no file was given."
