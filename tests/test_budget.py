"""The budget of an in-memory graph: too many entities and relations are refused before the
expensive work, reading stops at its time limit, and a cancel hook abandons it."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

import graph.readers.xml
from bench.synthetic import ba_graph, graphml_bytes, node_link_bytes, tables, zipped
from graph.budget import OverTime, checkpoint, csv_rows, json_elements, limited, xml_elements
from graph.readers import read_path, read_upload
from graph.settings import limit, overridden

ROOT = Path(__file__).resolve().parents[1]


def gexf_bytes(nodes: int) -> bytes:
    body = "".join(f'<node id="n{i}"/>' for i in range(nodes))
    edges = "".join(f'<edge id="e{i}" source="n{i}" target="n{i + 1}"/>' for i in range(nodes - 1))
    return (
        '<?xml version="1.0" encoding="UTF-8"?><gexf xmlns="http://gexf.net/1.3" version="1.3">'
        f'<graph defaultedgetype="directed"><nodes>{body}</nodes><edges>{edges}</edges></graph></gexf>'
    ).encode()


def json_shapes(nodes: int) -> dict[str, bytes]:
    """The same graph of ``nodes`` nodes and ``nodes - 1`` edges in every JSON shape we read."""
    ids = [f"n{i}" for i in range(nodes)]
    pairs = list(itertools.pairwise(ids))
    return {
        "node-link.json": json.dumps(
            {"nodes": [{"id": i} for i in ids], "edges": [{"source": a, "target": b} for a, b in pairs]}
        ).encode(),
        "graphology.json": json.dumps(
            {
                "attributes": {},
                "nodes": [{"key": i, "attributes": {}} for i in ids],
                "edges": [{"source": a, "target": b, "attributes": {}} for a, b in pairs],
            }
        ).encode(),
        "cytoscape.cyjs": json.dumps(
            {
                "elements": {
                    "nodes": [{"data": {"id": i}} for i in ids],
                    "edges": [{"data": {"source": a, "target": b}} for a, b in pairs],
                }
            }
        ).encode(),
    }


def uploads(nodes: int) -> dict[str, list[tuple[str, bytes]]]:
    """An upload of ``nodes`` entities and ``nodes - 1`` relations in every format."""
    chain = {f"n{i}": f"n{i + 1}" for i in range(nodes - 1)}
    entities = "id,type,label,aliases,description\n" + "".join(f"n{i},state,N{i},,\n" for i in range(nodes))
    claims = "subject,relation,object,start,end,source,locator,note\n" + "".join(
        f"{a},related_to,{b},,,s,,\n" for a, b in chain.items()
    )
    sources = "id,title,publisher,author,published,url,kind\ns,A source,,,,,primary\n"
    csv_files = [
        ("entities.csv", entities.encode()),
        ("claims.csv", claims.encode()),
        ("sources.csv", sources.encode()),
    ]
    body = "".join(f'<node id="n{i}"/>' for i in range(nodes)) + "".join(
        f'<edge source="{a}" target="{b}"/>' for a, b in chain.items()
    )
    graphml = (
        '<?xml version="1.0" encoding="UTF-8"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        f'<graph edgedefault="directed">{body}</graph></graphml>'
    ).encode()
    return {
        "tables": csv_files,
        "zip": [("data.zip", zipped(dict(csv_files)))],
        "graphml": [("g.graphml", graphml)],
        "gexf": [("g.gexf", gexf_bytes(nodes))],
        **{name: [(name, content)] for name, content in json_shapes(nodes).items()},
    }


@pytest.mark.parametrize("kind", list(uploads(3)))
def test_every_format_is_held_to_the_budget(kind: str) -> None:
    files = uploads(50)[kind]  # 50 entities and 49 relations: 99 elements
    with overridden(max_elements=99):
        G, report = read_upload(files)
        assert G is not None, report.format()
        assert G.number_of_nodes() == 50 and G.number_of_edges() == 49
    with overridden(max_elements=98):
        G, report = read_upload(files)
    assert G is None
    text = report.format()
    assert "holds about 99 entities and relations" in text and "at most 98 (the max_elements limit" in text
    assert "AGX_MAX_ELEMENTS" in text and "python -m graph store load" in text and "split the data" in text


def test_a_dataset_folder_is_held_to_the_budget(tmp_path) -> None:
    for name, content in uploads(50)["tables"]:
        (tmp_path / name).write_bytes(content)
    with overridden(max_elements=98):
        dataset, report = read_path(tmp_path)
    assert dataset is None and "at most 98" in report.format()
    with overridden(max_elements=99):
        dataset, report = read_path(tmp_path)
    assert dataset is not None, report.format()


def test_the_issue_graphml_is_refused_before_it_is_parsed(monkeypatch) -> None:
    """600,000 nodes and 600,000 edges (37 MB): over the default budget, refused without a parse."""

    def parse(*arguments):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(graph.readers.xml, "parse_xml", parse)
    content = graphml_bytes(600_000, 600_000)
    assert xml_elements(content) == 1_200_000 > limit("max_elements")
    G, report = read_upload([("big.graphml", content)])
    assert G is None and "holds about 1,200,000 entities and relations" in report.format()


def test_counts() -> None:
    assert (
        xml_elements(b'<g:graph><g:node id="a"/><nodes><node id="b"></node></nodes><hyperedge/></g:graph>')
        == 2
    )
    assert csv_rows(b"id\na\nb\n") == 2 and csv_rows(b"id\na\nb") == 2 and csv_rows(b"") == 0
    shapes = {name: json_elements(json.loads(content)) for name, content in json_shapes(4).items()}
    assert set(shapes.values()) == {7}
    workspace = {"type": "gephi-lite", "graphDataset": {"fullGraph": {"nodes": [1, 2], "edges": [3]}}}
    assert json_elements(workspace) == 3
    assert json_elements(json.loads(node_link_bytes(1000, 10))) == 1010


def test_reading_stops_at_the_time_limit() -> None:
    upload = [("ba.zip", zipped(tables(ba_graph(5000))))]
    with limited(seconds=0.0):
        G, report = read_upload(upload)
    assert G is None
    assert (
        "reading took longer than the time limit of 0 s (read_seconds). Nothing was loaded."
        in report.format()
    )
    assert "AGX_READ_SECONDS" in report.format()
    G, report = read_upload(upload)  # outside a limited block: no limit
    assert G is not None, report.format()


def test_a_cancel_hook_abandons_the_work() -> None:
    class Newer(BaseException):
        """What Streamlit raises when the session asked for a newer run."""

    calls = []

    def cancel() -> None:
        calls.append(1)
        if len(calls) > 2:
            raise Newer

    with pytest.raises(Newer), limited(seconds=600, cancel=cancel):
        read_upload([("ba.zip", zipped(tables(ba_graph(20_000))))])
    assert len(calls) == 3
    checkpoint()  # outside the block nothing is checked
    with pytest.raises(OverTime), limited(seconds=-1):
        checkpoint()


def test_the_command_line_refuses_a_graph_over_the_budget(tmp_path) -> None:
    path = tmp_path / "big.graphml"
    path.write_bytes(uploads(50)["graphml"][0][1])
    done = subprocess.run(
        [sys.executable, "-m", "graph", "stats", "--data", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"AGX_MAX_ELEMENTS": "90", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "at most 90 (the max_elements limit" in done.stderr
