"""Fuzzing every reader: mutated real files (the shared corpus when present, our fixtures
otherwise), random bytes, and random JSON in every JSON shape we read. Each must give a
report or a graph, never an exception, and a graph that loads must build."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.export import export_view
from graph.readers import READERS, graph_of, read_file, read_upload
from graph.report import ImportReport
from graph.view import ViewSpec
from tests.conftest import CLAIMS, ENTITIES, SOURCES

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "graph-files"
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _fixtures() -> dict[str, bytes]:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        for name, text in (("entities.csv", ENTITIES), ("claims.csv", CLAIMS), ("sources.csv", SOURCES)):
            handle.writestr(name, text)
    import graph

    nato = graph.load_graph()
    focus = ViewSpec(focus="state:RUS")
    return {
        "tables.zip": archive.getvalue(),
        "view.gexf": export_view(nato, focus, "gexf", positions={}),
        "view.graphml": export_view(nato, focus, "graphml", positions={}),
        "view.json": export_view(nato, focus, "json", positions={}),
        "view.agx.json": export_view(nato, focus, "snapshot", positions={}),
        "g.cyjs": json.dumps(
            {
                "elements": {
                    "nodes": [{"data": {"id": "a"}}, {"data": {"id": "b"}}],
                    "edges": [{"data": {"source": "a", "target": "b"}}],
                }
            }
        ).encode(),
        "g.json": json.dumps(
            {
                "options": {"type": "directed"},
                "nodes": [{"key": "a", "attributes": {"x": 1, "y": 2}}, {"key": "b"}],
                "edges": [{"source": "a", "target": "b", "attributes": {"weight": 2}}],
            }
        ).encode(),
    }


def _seeds() -> dict[str, bytes]:
    if CORPUS.is_dir():
        files = {
            path.name: path.read_bytes()
            for path in sorted(CORPUS.iterdir())
            if path.suffix in (".gexf", ".graphml", ".json", ".cyjs")
            and path.stat().st_size < 120_000
            and path.name != "expected.json"
        }
        if files:
            return files
    return _fixtures()


SEEDS = _seeds()


def _check(result: tuple) -> None:
    dataset, report = result
    assert isinstance(report, ImportReport)
    assert dataset is not None or not report.ok or report.issues, "a refusal says why"
    if dataset is not None:
        graph_of(dataset)


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[name])
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "repeat"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 200))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=20))
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 100))]
    return name, bytes(data)


@FUZZ
@given(mutated())
def test_mutated_files_give_a_report_or_a_graph(item: tuple[str, bytes]) -> None:
    name, data = item
    _check(read_file(name, data))
    for reader in READERS.values():
        _check(reader.read(name, data))


@FUZZ
@given(
    st.binary(max_size=3000),
    st.sampled_from([".gexf", ".graphml", ".json", ".cyjs", ".zip", ".csv", ".xml", ""]),
)
def test_random_bytes_give_a_report(data: bytes, suffix: str) -> None:
    G, report = read_upload([("upload" + suffix, data)])
    assert G is not None or not report.ok
    for reader in READERS.values():
        _check(reader.read("upload" + suffix, data))
    for prefix in (b"PK\x03\x04", b"<graphml>", b'<gexf xmlns="http://gexf.net/1.3"><graph>', b'{"nodes": ['):
        _check(read_file("upload" + suffix, prefix + data))


values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)
keys = st.sampled_from(
    [
        "id",
        "key",
        "source",
        "target",
        "label",
        "type",
        "relation",
        "start",
        "end",
        "citations",
        "evidence",
        "facts",
        "x",
        "y",
        "size",
        "color",
        "attributes",
        "data",
        "position",
        "undirected",
        "viz:x",
        "aliases",
    ]
)
entries = st.dictionaries(keys, values, max_size=6)


@FUZZ
@given(
    st.lists(entries | values, max_size=6),
    st.lists(entries | values, max_size=6),
    values,
    st.sampled_from(["node-link", "links", "graphology", "cytoscape", "flat", "snapshot"]),
)
def test_random_json_in_every_shape_gives_a_report_or_a_graph(nodes, edges, extra, shape: str) -> None:
    if shape == "node-link":
        data = {"nodes": nodes, "edges": edges, "graph": extra, "directed": extra}
    elif shape == "links":
        data = {"nodes": nodes, "links": edges}
    elif shape == "graphology":
        data = {"options": extra, "attributes": extra, "nodes": nodes, "edges": edges}
    elif shape == "cytoscape":
        data = {"elements": {"nodes": [{"data": n} for n in nodes], "edges": [{"data": e} for e in edges]}}
    elif shape == "flat":
        data = {"elements": [{"group": "nodes", "data": n} for n in nodes] + [{"data": e} for e in edges]}
    else:
        data = {
            "format": "alliance-graph-explorer/snapshot",
            "version": 1,
            "tables": {"entities": nodes, "claims": edges, "sources": [extra]},
            "spec": extra,
            "positions": extra,
        }
    _check(read_file("fuzz.json", json.dumps(data).encode()))
