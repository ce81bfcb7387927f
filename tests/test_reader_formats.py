"""Each quirk of the files other tools write, reproduced in a small fixture of our own.

The corpus test (tests/test_corpus.py) runs the real files when ../shared/corpus is
present; these fixtures prove the same behaviour on a fresh clone.
"""

from __future__ import annotations

import io
import json
import unicodedata
import zipfile
import zlib

import pytest

import graph
from graph.draw.styles import colors_by, describe_attributes, file_colors, file_positions, sizes_by
from graph.export import export_view
from graph.readers import READERS, check_dataset, read_file, read_upload
from graph.view import ViewSpec
from tests.conftest import CLAIMS, ENTITIES, SOURCES


def messages(report) -> str:
    return report.format()


def gexf(namespace: str, viz_namespace: str, body: str, graph_attributes: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><gexf xmlns="{namespace}" xmlns:viz="{viz_namespace}">'
        f"<graph {graph_attributes}>{body}</graph></gexf>"
    ).encode()


TWO_NODES = (
    '<nodes><node id="a" label="Alpha"><viz:color r="255" g="0" b="0"/><viz:position x="10.5" y="-2" z="0"/>'
    '<viz:size value="4"/></node><node id="b" label="Beta"/></nodes>'
    '<edges><edge id="0" source="a" target="b" weight="2.5"/></edges>'
)


@pytest.mark.parametrize(
    ("namespace", "viz"),
    [
        ("http://www.gephi.org/gexf", "http://www.gephi.org/gexf/viz"),  # GEXF 1.0
        ("http://gexf.net/1.1draft", "http://gexf.net/1.1draft/viz"),  # 1.1, no www.
        ("http://www.gexf.net/1.2draft", "http://www.gexf.net/1.2draft/viz"),
        ("http://www.gexf.net/1.3", "http://www.gexf.net/1.3/viz"),  # Gephi 0.9 (with www.)
        ("http://gexf.net/1.3", "http:///www.gexf.net/1.1draft/viz"),  # a malformed viz namespace
    ],
)
def test_gexf_of_every_version_keeps_its_picture(namespace: str, viz: str) -> None:
    G, report = read_upload([("g.gexf", gexf(namespace, viz, TWO_NODES))])
    assert G is not None, messages(report)
    assert G.nodes["a"]["label"] == "Alpha"
    assert file_positions(G) == {"a": (10.5, 2.0)}, "Gephi's y axis points up, the screen's down"
    assert file_colors(G) == {"a": "#ff0000"}
    assert G.nodes["a"]["viz:size"] == 4.0
    (edge,) = G.edges(data=True)
    assert edge[2]["weight"] == 2.5


def test_gexf_1_0_attvalues_by_id_and_typed_columns() -> None:
    body = (
        '<attributes class="node"><attribute id="0" title="occurrences" type="integer"/>'
        '<attribute id="1" title="valid" type="boolean"><default>true</default></attribute></attributes>'
        '<nodes><node id="0" label="x"><attvalues><attvalue id="0" value=" 12 "/></attvalues></node></nodes>'
    )
    G, report = read_upload([("old.gexf", gexf("http://www.gephi.org/gexf", "v", body))])
    assert G is not None, messages(report)
    assert G.nodes["0"]["occurrences"] == 12
    assert G.nodes["0"]["valid"] is True, "a column with only a default gets it"
    assert G.graph["attribute_types"]["node"] == {"occurrences": "integer", "valid": "boolean"}


def test_gexf_viz_colour_in_hex_is_read() -> None:
    body = '<nodes><node id="a"><viz:color hex="#00ff00" a="0.5"/></node></nodes>'
    G, report = read_upload([("hex.gexf", gexf("http://gexf.net/1.3", "http://gexf.net/1.3/viz", body))])
    assert G is not None, messages(report)
    assert file_colors(G) == {"a": "#00ff0080"}


def test_dynamic_gexf_spells_become_claim_periods() -> None:
    body = (
        '<nodes><node id="a"/><node id="b"><spells><spell start="2001-01-01" end="2002-01-01"/>'
        '<spell start="2005-01-01"/></spells></node></nodes>'
        '<edges><edge source="a" target="b"><spells><spell start="2001-01-01" end="2002-01-01"/>'
        '<spell start="2005-01-01"/></spells></edge></edges>'
    )
    G, report = read_upload(
        [("dyn.gexf", gexf("http://gexf.net/1.3", "v", body, 'mode="dynamic" timeformat="date"'))]
    )
    assert G is not None, messages(report)
    periods = sorted((data["start"], data["end"]) for _, _, data in G.edges(data=True))
    assert periods == [("2001-01-01", "2002-01-01"), ("2005-01-01", None)]
    assert G.nodes["b"]["periods"] == "2001-01-01..2002-01-01;2005-01-01.."
    assert "dates relations, not entities" in messages(report)


def test_gexf_times_that_are_numbers_are_kept_and_said() -> None:
    body = (
        '<nodes><node id="a"/><node id="b"/></nodes><edges><edge source="a" target="b" start="2.5"/></edges>'
    )
    G, report = read_upload(
        [("num.gexf", gexf("http://gexf.net/1.3", "v", body, 'mode="dynamic" timeformat="double"'))]
    )
    assert G is not None, messages(report)
    (edge,) = G.edges(data=True)
    assert edge[2]["start"] is None and edge[2]["start (file)"] == "2.5"
    assert "timeformat 'double'" in messages(report)


def test_gexf_nested_nodes_are_flattened_and_said() -> None:
    body = '<nodes><node id="a"><nodes><node id="a1"/><node id="a2"/></nodes></node></nodes>'
    G, report = read_upload([("tree.gexf", gexf("http://gexf.net/1.3", "v", body))])
    assert G is not None and set(G) == {"a", "a1", "a2"}
    assert G.nodes["a1"]["parent"] == "a"
    assert "hierarchy" in messages(report)


def graphml(
    body: str, namespace: bool = True, declaration: str = '<?xml version="1.0" encoding="UTF-8"?>'
) -> bytes:
    xmlns = ' xmlns="http://graphml.graphdrawing.org/xmlns"' if namespace else ""
    return f"{declaration}<graphml{xmlns}>{body}</graphml>".encode()


def test_graphml_without_namespace_keys_inside_graph_shared_key_and_padded_booleans() -> None:
    body = (
        '<graph edgedefault="undirected">'
        '<key id="lbl" for="node" attr.name="label" attr.type="string"/>'
        '<key id="lbl" for="edge" attr.name="label" attr.type="string"/>'
        '<key id="ok" for="all" attr.name="ok" attr.type="boolean"/>'
        '<node id="n0"><data key="lbl"><![CDATA[foo]]></data><data key="ok">  true   </data></node>'
        '<node id="n1"><data key="lbl">bar</data></node>'
        '<edge source="n0" target="n1"><data key="lbl">foobar</data></edge></graph>'
    )
    G, report = read_upload([("bare.graphml", graphml(body, namespace=False))])
    assert G is not None, messages(report)
    assert G.nodes["n0"]["label"] == "foo" and G.nodes["n0"]["ok"] is True
    (edge,) = G.edges(data=True)
    assert edge[2]["label"] == "foobar"
    assert G.graph["properties"]["edgedefault"] == "undirected"


def test_yed_labels_geometry_and_fill() -> None:
    body = (
        '<key for="node" id="d3" yfiles.type="nodegraphics"/><graph edgedefault="directed">'
        '<node id="n0"><data key="d3"><y:ShapeNode xmlns:y="http://www.yworks.com/xml/graphml">'
        '<y:Geometry height="30.0" width="40.0" x="100.0" y="200.0"/>'
        '<y:Fill color="#FFCC00" transparent="false"/>'
        "<y:NodeLabel>Label one</y:NodeLabel></y:ShapeNode></data></node></graph>"
    )
    G, report = read_upload([("yed.graphml", graphml(body))])
    assert G is not None, messages(report)
    assert G.nodes["n0"]["label"] == "Label one"
    assert file_positions(G) == {"n0": (120.0, 215.0)}, "the centre of the box, in screen axes"
    assert file_colors(G) == {"n0": "#ffcc00"}


def test_yfiles_3_label_lists_and_boxes() -> None:
    body = (
        '<key id="d1" for="node" attr.name="NodeLabels" y:attr.uri="http://www.yworks.com/xml/yfiles-common/2.0/'
        'NodeLabels" xmlns:y="http://www.yworks.com/xml/yfiles-common/3.0"/>'
        '<key id="d2" for="node" attr.name="NodeGeometry" y:attr.uri="http://www.yworks.com/xml/yfiles-common/2.0/'
        'NodeGeometry" xmlns:y="http://www.yworks.com/xml/yfiles-common/3.0"/>'
        '<graph><node id="n0"><data key="d1"><x:List xmlns:x="urn:x"><y:Label xmlns:y="urn:y">'
        "<y:Label.Text>A</y:Label.Text></y:Label></x:List></data>"
        '<data key="d2"><y:RectD xmlns:y="urn:y" X="10" Y="20" Width="4" Height="2"/></data>'
        '<port name="p0"/></node></graph>'
    )
    G, report = read_upload([("yfiles.graphml", graphml(body))])
    assert G is not None, messages(report)
    assert G.nodes["n0"]["label"] == "A"
    assert file_positions(G) == {"n0": (12.0, 21.0)}
    assert "port(s)" in messages(report)


def test_hyperedges_are_dropped_with_a_clear_line_and_the_rest_loads() -> None:
    body = (
        '<graph edgedefault="directed"><node id="n0"/><node id="n1"/><node id="n2"/>'
        '<edge source="n0" target="n1"/><hyperedge id="h"><endpoint node="n0"/><endpoint node="n1"/>'
        '<endpoint node="n2"/></hyperedge></graph>'
    )
    G, report = read_upload([("hyper.graphml", graphml(body))])
    assert G is not None and G.number_of_nodes() == 3 and G.number_of_edges() == 1
    assert "1 hyperedge(s) join several nodes at once (e.g. 'h')" in messages(report)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (graphml('<key id="k" for="node"/>'), "has no <graph> element"),
        (graphml("<graph/>", declaration='<?xml version="1.0" encoding="x-no-such-encoding"?>'), "ERROR"),
        (gexf("http://gexf.net/1.3", "v", "").replace(b"<graph >", b"").replace(b"</graph>", b""), "<graph>"),
    ],
    ids=["graphml without graph", "unknown XML encoding", "gexf without graph"],
)
def test_broken_xml_is_a_report_line(content: bytes, expected: str) -> None:
    name = "x.gexf" if b"<gexf" in content else "x.graphml"
    G, report = read_upload([(name, content)])
    assert G is None and not report.ok
    assert expected in messages(report)


def test_node_link_d3_with_indexes_and_networkx_links() -> None:
    data = {"nodes": [{"name": "a"}, {"name": "b"}], "links": [{"source": 0, "target": 1, "value": 3}]}
    G, report = read_upload([("d3.json", json.dumps(data).encode())])
    assert G is not None, messages(report)
    assert set(G) == {"0", "1"} and G.nodes["0"]["name"] == "a"
    (edge,) = G.edges(data=True)
    assert edge[2]["value"] == 3
    assert "numbered from 0" in messages(report) and "'links'" in messages(report)


@pytest.mark.parametrize(
    ("data", "expected", "loads"),
    [
        ({"nodes": ["a", "b"], "edges": []}, "2 node entries are not JSON objects", False),
        (
            {"nodes": [{"id": ["x"]}, {"id": None}, {"id": "ok"}], "edges": []},
            "2 node(s) have no usable id",
            True,
        ),
        ({"graph": ["a", "list"], "nodes": [{"id": "a"}], "edges": []}, "graph attributes are a list", True),
        (
            {
                "nodes": [
                    {"id": "a", "facts": {"date": [{"value": "2021", "start": ["x"], "evidence": []}]}}
                ],
                "edges": [],
            },
            "fact date(s) are not ISO dates",
            True,
        ),
        (
            {
                "graph": {"sources": {"s": {"title": "S"}}},
                "nodes": [{"id": "a"}, {"id": "b"}],
                "edges": [{"source": "a", "target": "b", "evidence": [{"source": "s", "start": {"y": 1}}]}],
            },
            "citation date(s) are not ISO dates",
            True,
        ),
        ({"nodes": [{"id": "a"}], "edges": [{"source": ["a"], "target": "a"}]}, "does not declare", True),
    ],
    ids=[
        "nodes are strings",
        "ids that are lists or null",
        "graph attribute is a list",
        "list date in facts",
        "dict date in evidence",
        "edge end is a list",
    ],
)
def test_broken_json_is_a_report_line(data, expected: str, loads: bool) -> None:
    G, report = read_upload([("g.json", json.dumps(data).encode())])
    assert (G is not None) == loads, messages(report)
    assert expected in messages(report)


def test_graphology_and_gephi_json_export() -> None:
    data = {
        "attributes": {"title": "t"},
        "options": {"type": "mixed", "multi": False},
        "nodes": [
            {
                "key": "1",
                "attributes": {"label": "One", "x": 1, "y": 2, "size": 3, "color": "rgb(216,72,45)"},
            },
            {"key": "2", "attributes": {"color": "#e36d0", "cluster": 1}},
        ],
        "edges": [
            {"key": "e", "source": "1", "target": "2", "undirected": True, "attributes": {"weight": 1.0}}
        ],
    }
    G, report = read_upload([("graphology.json", json.dumps(data).encode())])
    assert G is not None, messages(report)
    assert G.nodes["1"]["label"] == "One" and file_positions(G) == {"1": (1.0, -2.0)}
    assert file_colors(G) == {"1": "#d8482d"}
    assert "colour(s) could not be read" in messages(report), (
        "a malformed colour is said, not dropped silently"
    )
    (edge,) = G.edges(data=True)
    assert edge[2]["weight"] == 1.0 and edge[2]["directed"] is False


@pytest.mark.parametrize(
    "shape",
    [
        lambda n, e: {"elements": {"nodes": n, "edges": e}},
        lambda n, e: {"elements": n + e},
        lambda n, e: {"nodes": n, "edges": e},
    ],
    ids=["nested", "flat list", "top level"],
)
def test_cytoscape_json_in_every_shape(shape) -> None:
    nodes = [
        {"data": {"id": "a", "name": "Alpha", "score": 1.5}, "position": {"x": 5, "y": 6}},
        {"data": {"id": "b"}},
    ]
    edges = [{"data": {"id": "e1", "source": "a", "target": "b", "interaction": "pp"}}]
    G, report = read_upload([("net.cyjs", json.dumps(shape(nodes, edges)).encode())])
    assert G is not None, messages(report)
    assert G.nodes["a"]["label"] == "Alpha" and G.nodes["a"]["score"] == 1.5
    assert file_positions(G) == {"a": (5.0, 6.0)}
    assert G.number_of_edges() == 1


def test_gephi_lite_workspace() -> None:
    data = {
        "type": "gephi-lite",
        "graphDataset": {
            "fullGraph": {
                "options": {"type": "undirected"},
                "nodes": [{"key": "0"}, {"key": "1"}],
                "edges": [{"key": "e", "source": "0", "target": "1"}],
            },
            "nodeData": {"0": {"label": "Myriel", "modularity_class": 3, "color": "rgb(91,91,245)"}},
            "edgeData": {"e": {"weight": 8}},
            "layout": {"0": {"x": -2, "y": 4}},
        },
    }
    G, report = read_upload([("lite.json", json.dumps(data).encode())])
    assert G is not None, messages(report)
    assert G.nodes["0"]["label"] == "Myriel" and G.nodes["0"]["modularity_class"] == 3
    assert file_positions(G) == {"0": (-2.0, -4.0)}
    assert "Gephi Lite workspace" in messages(report)


def test_snapshot_is_recognised_whatever_its_suffix(nato) -> None:
    data = export_view(nato, ViewSpec(focus="state:RUS"), "snapshot")
    for name in ("view.snapshot", "view", "view.txt"):
        G, report = read_upload([(name, data)])
        assert G is not None and "snapshot" in G.graph, (name, messages(report))
        assert G.graph["snapshot"]["spec"].focus == "state:RUS"


def zipped(files: dict[str, bytes], **options) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", **options) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def tables_zip() -> bytes:
    return zipped(
        {"entities.csv": ENTITIES.encode(), "claims.csv": CLAIMS.encode(), "sources.csv": SOURCES.encode()}
    )


def test_damaged_zips_are_report_lines() -> None:
    good = tables_zip()
    # Encrypted: set the flag bit in every header (the content does not matter: it is refused first).
    encrypted = bytearray(good)
    for marker in (b"PK\x03\x04", b"PK\x01\x02"):
        start = 0
        while (start := encrypted.find(marker, start)) >= 0:
            flag_at = start + (6 if marker == b"PK\x03\x04" else 8)
            encrypted[flag_at] |= 0x1
            start += 4
    # A bad CRC: change one byte of a stored member's content.
    stored = zipped(
        {"entities.csv": ENTITIES.encode(), "claims.csv": CLAIMS.encode(), "sources.csv": SOURCES.encode()}
    )
    bad_crc = stored.replace(b"alliance:nato,alliance", b"alliance:natO,alliance", 1)
    # An unknown compression method (99) in the local and central headers.
    unknown = bytearray(stored)
    for marker, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (start := unknown.find(marker, start)) >= 0:
            unknown[start + offset] = 99
            start += 4
    for content, expected in (
        (bytes(encrypted), "encrypted"),
        (bad_crc, "damaged"),
        (bytes(unknown), "compression method"),
    ):
        G, report = read_upload([("data.zip", content)])
        assert G is None and expected in messages(report), messages(report)


def test_a_label_with_a_lone_surrogate_is_replaced_and_every_export_works() -> None:
    data = (
        '{"nodes": [{"id": "a", "label": "lone \\udfff surrogate"}, {"id": "b"}], '
        '"edges": [{"source": "a", "target": "b"}]}'
    )
    G, report = read_upload([("s.json", data.encode())])
    assert G is not None, messages(report)
    assert G.nodes["a"]["label"] == "lone \ufffd surrogate"
    assert "invalid Unicode" in messages(report)
    for name in ("html", "json", "svg", "gexf", "graphml", "tables"):
        exported = export_view(G, ViewSpec(), name)
        assert exported
        if name in ("gexf", "graphml", "json"):
            back, back_report = read_upload([(f"back.{name}", exported)])
            assert back is not None and back.nodes["a"]["label"] == "lone \ufffd surrogate", (
                back_report.format()
            )


def test_snapshots_and_merges_are_cleaned_of_invalid_text(nato) -> None:
    bundle = json.loads(export_view(nato, ViewSpec(focus="state:RUS"), "snapshot"))
    bundle["tables"]["entities"][0]["label"] = "bad \udfff label"
    G, report = read_upload([("s.agx.json", json.dumps(bundle).encode())])
    assert G is not None, messages(report)
    assert "bad \ufffd label" in {data["label"] for _, data in G.nodes(data=True)}
    assert "replaced with U+FFFD" in messages(report)
    from dataclasses import replace

    dataset = graph.graph_to_dataset(nato)
    first = replace(dataset.entities[0], label="merge \udfff label")
    merged, report = check_dataset(replace(dataset, entities=(first, *dataset.entities[1:])))
    assert merged is not None and merged.nodes[first.id]["label"] == "merge \ufffd label", messages(report)


def test_ids_follow_one_rule_in_every_format() -> None:
    odd = {
        "state:\u200dRUS": "invisible",  # zero-width joiner
        "state:\u202eSUR": "bidi",  # right-to-left override
        " padded ": "padded",
        "two words": "space",
        "a\u241fb": "separator",
        "Cafe\u0301": "not NFC",
    }
    data = {"nodes": [{"id": key, "label": value} for key, value in odd.items()], "edges": []}
    G, report = read_upload([("ids.json", json.dumps(data).encode())])
    assert G is not None, messages(report)
    for node in G:
        assert unicodedata.is_normalized("NFC", node)
        assert all(unicodedata.category(c) not in ("Cf", "Cc", "Zs") for c in node), repr(node)
        assert "\u241f" not in node and node == node.strip()
    assert {"state:RUS", "state:SUR", "padded", "two_words", "ab", "Café"} == set(G)
    assert "broke the id rule" in messages(report)
    # The same rule refuses such ids in our own tables.
    files = [
        ("entities.csv", (ENTITIES + "state:\u200dRUS,state,Russia again,,\n").encode()),
        ("claims.csv", CLAIMS.encode()),
        ("sources.csv", SOURCES.encode()),
    ]
    G, report = read_upload(files)
    assert G is None and "invisible formatting character (U+200D ZERO WIDTH JOINER)" in messages(report)


def test_look_alike_ids_are_named_together() -> None:
    data = {"nodes": [{"id": "state:RUS"}, {"id": "state:RU\u0405"}, {"id": "st\u0430te:BLR"}], "edges": []}
    G, report = read_upload([("look.json", json.dumps(data).encode())])
    assert G is not None
    text = messages(report)
    assert "the ids 'state:RUS' and 'state:RUЅ' look alike" in text
    assert "mixes letters of several scripts" in text


def test_a_hostile_zip_cannot_make_a_huge_report() -> None:
    header = ",".join(["id", "type", "label", "aliases", "description"] + [f"c{i}" for i in range(200_000)])
    files = {
        "entities.csv": (header + "\n").encode(),
        "claims.csv": CLAIMS.encode(),
        "sources.csv": SOURCES.encode(),
    }
    _, report = read_upload([("wide.zip", zipped(files, compression=zipfile.ZIP_DEFLATED))])
    text = report.format()
    assert len(text) < 100_000
    assert "more like this" in text or report.suppressed


def test_checks_write_nothing_to_disk(monkeypatch, nato) -> None:
    import tempfile

    def refuse(*args, **kwargs):
        raise AssertionError("a temporary folder was made")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", refuse)
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    G, report = read_upload([("data.zip", tables_zip())])
    assert G is not None, messages(report)
    merged, report = check_dataset(graph.graph_to_dataset(nato))
    assert merged is not None and merged.number_of_nodes() == nato.number_of_nodes(), messages(report)
    G, report = read_upload([("v.agx.json", export_view(nato, ViewSpec(), "snapshot"))])
    assert G is not None, messages(report)


def test_check_dataset_reports_like_a_folder(tmp_path) -> None:
    from graph.load import read_dataset, write_dataset
    from graph.model import Claim

    dataset = graph.load_dataset()
    broken = dataset.__class__(
        dataset.entities,
        (*dataset.claims, Claim("state:RUS", "friend_of", "state:BLR", "nowhere")),
        dataset.sources,
    )
    _, in_memory = check_dataset(broken)
    _, on_disk = read_dataset(write_dataset(broken, tmp_path / "nato"))
    assert [issue.format() for issue in in_memory.issues] == [issue.format() for issue in on_disk.issues]


def test_decisions_table_round_trips(tmp_path) -> None:
    from graph.load import read_dataset, write_dataset
    from graph.model import Decision

    dataset = graph.load_dataset()
    decision = Decision("state:RUS", "state:BLR", "not_same", "tester", "2024-01-02", "different states")
    written = write_dataset(
        dataset.__class__(dataset.entities, dataset.claims, dataset.sources, decisions=(decision,)),
        tmp_path / "d",
    )
    assert (written / "decisions.csv").is_file()
    back, report = read_dataset(written)
    assert back is not None and back.decisions == (decision,), report.format()


def test_typed_attributes_and_parallel_edges_survive_the_tables_export() -> None:
    body = (
        '<key id="w" for="edge" attr.name="weight" attr.type="double"/>'
        '<key id="n" for="node" attr.name="score" attr.type="int"/><graph edgedefault="directed">'
        '<node id="a"><data key="n">7</data></node><node id="b"/>'
        '<edge source="a" target="b"><data key="w">1.5</data></edge>'
        '<edge source="a" target="b"/><edge source="a" target="b"/></graph>'
    )
    G, report = read_upload([("p.graphml", graphml(body))])
    assert G is not None and G.number_of_edges() == 3, messages(report)
    archive = zipfile.ZipFile(io.BytesIO(export_view(G, ViewSpec(), "tables")))
    claims = archive.read("claims.csv").decode().splitlines()
    assert len(claims) == 1 + 3, "one row per claim: parallel edges stay apart"
    assert "weight:double" in claims[0]
    assert "score:integer" in archive.read("entities.csv").decode().splitlines()[0]
    H, report = read_upload([("p.zip", export_view(G, ViewSpec(), "tables"))])
    assert H is not None and H.number_of_edges() == 3, messages(report)
    assert H.nodes["a"]["score"] == 7
    assert sorted(data.get("weight", 0) for _, _, data in H.edges(data=True)) == [0, 0, 1.5]


def test_attribute_api_for_colour_size_and_positions() -> None:
    body = (
        '<attributes class="node"><attribute id="c" title="club" type="string"/>'
        '<attribute id="f" title="followers" type="integer"/></attributes><nodes>'
        '<node id="a"><attvalues><attvalue for="c" value="x"/><attvalue for="f" value="100"/></attvalues>'
        '<viz:position x="1" y="1"/></node>'
        '<node id="b"><attvalues><attvalue for="c" value="y"/><attvalue for="f" value="0"/>'
        "</attvalues></node>"
        '<node id="c"><attvalues><attvalue for="c" value="x"/></attvalues></node></nodes>'
    )
    G, _ = read_upload([("a.gexf", gexf("http://gexf.net/1.3", "http://gexf.net/1.3/viz", body))])
    summary = describe_attributes(G)
    assert [item.name for item in summary.categorical] == ["club", "followers"]
    assert [item.name for item in summary.numeric] == ["followers"]
    assert (summary.positions, summary.colors, summary.sizes) == (1, 0, 0)
    colours = colors_by(G, "club")
    assert colours["a"] == colours["c"] != colours["b"]
    assert sizes_by(G, "followers") == {"a": 26.0, "b": 8.0, "c": 8.0}
    assert file_positions(G, fit=True) == {"a": (0.0, 0.0)}


def test_every_reader_is_registered_with_a_sniffer() -> None:
    assert {
        "tables",
        "gexf",
        "graphml",
        "node-link",
        "graphology",
        "gephi-lite",
        "cytoscape",
        "snapshot",
        "ftm",
    } <= set(READERS)
    dataset, report = read_file("x.bin", b"\x00\x01 not a graph")
    assert dataset is None and "cannot be imported" in messages(report)
    assert zlib  # the zip fixtures above deflate with zlib
