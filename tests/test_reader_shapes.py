"""The last kinds of graph file that lost data, each as a small file written here from the
published format: sigma.js' example datasets, a Cytoscape desktop ``.cyjs`` export, and a
GraphML file whose ``color`` key holds the file's own data."""

from __future__ import annotations

import json

from graph.export import export_view
from graph.readers import graph_of, read_file
from graph.view import ViewSpec

# The shape of sigma.js' demo dataset (its TypeScript types: nodes {key, label, tag, URL,
# cluster, x, y, score}, edges [source, target] pairs, clusters {key, color, clusterLabel},
# tags {key, image}).
SIGMA = {
    "nodes": [
        {
            "key": "gephi",
            "label": "Gephi",
            "tag": "Tool",
            "URL": "https://gephi.org",
            "cluster": "0",
            "x": 600.5,
            "y": -700.25,
            "score": 0.0012,
        },
        {
            "key": "sigma",
            "label": "sigma.js",
            "tag": "Tool",
            "URL": "https://www.sigmajs.org",
            "cluster": "1",
            "x": 10.5,
            "y": 20.25,
            "score": 0.5,
        },
        {
            "key": "graphology",
            "label": "graphology",
            "tag": "Library",
            "URL": "https://graphology.github.io",
            "cluster": "1",
            "x": -3.0,
            "y": 4.0,
            "score": 0.25,
        },
    ],
    "edges": [["gephi", "sigma"], ["sigma", "graphology"], ["graphology", "gephi"], ["gephi", "graphology"]],
    "clusters": [
        {"key": "0", "color": "#6c3e81", "clusterLabel": "Desktop tools"},
        {"key": "1", "color": "#579f5f", "clusterLabel": "JavaScript libraries"},
    ],
    "tags": [{"key": "Tool", "image": "tool.svg"}, {"key": "Library", "image": "library.svg"}],
}

# What Cytoscape 3.x writes with File → Export → Network to File → Cytoscape.js JSON.
CYJS = {
    "format_version": "1.0",
    "generated_by": "cytoscape-3.10.2",
    "target_cytoscapejs_version": "~2.1",
    "data": {"shared_name": "galFiltered", "name": "galFiltered", "SUID": 52, "selected": True},
    "elements": {
        "nodes": [
            {
                "data": {
                    "id": "102",
                    "shared_name": "YKR026C",
                    "name": "YKR026C",
                    "SUID": 102,
                    "selected": False,
                },
                "position": {"x": -10.5, "y": 33.0},
                "selected": False,
            },
            {
                "data": {
                    "id": "101",
                    "shared_name": "YGL122C",
                    "name": "YGL122C",
                    "SUID": 101,
                    "selected": False,
                },
                "position": {"x": 120.0, "y": -45.25},
                "selected": False,
            },
        ],
        "edges": [
            {
                "data": {
                    "id": "104",
                    "source": "102",
                    "target": "101",
                    "shared_name": "YKR026C (pp) YGL122C",
                    "interaction": "pp",
                    "SUID": 104,
                    "selected": False,
                },
                "selected": False,
            },
        ],
    },
}

GRAPHML_COLOR = b"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d0" for="node" attr.name="color" attr.type="string"/>
  <key id="d1" for="node" attr.name="weight" attr.type="double"/>
  <key id="e0" for="edge" attr.name="color" attr.type="string"/>
  <graph id="G" edgedefault="undirected">
    <node id="n0"><data key="d0">team red</data><data key="d1">1.5</data></node>
    <node id="n1"><data key="d0">team blue</data></node>
    <node id="n2"><data key="d0">3</data></node>
    <edge source="n0" target="n1"><data key="e0">strong tie</data></edge>
    <edge source="n1" target="n2"><data key="e0">weak tie</data></edge>
  </graph>
</graphml>
"""


def test_sigma_example_dataset_keeps_every_edge_attribute_and_position() -> None:
    dataset, report = read_file("dataset.json", json.dumps(SIGMA).encode())
    assert report.ok and "skipped" not in report.format(), report.format()
    G = graph_of(dataset)
    assert sorted((a, b) for a, b, _ in G.edges(data=True)) == sorted(tuple(pair) for pair in SIGMA["edges"])
    sigma = G.nodes["sigma"]
    assert (sigma["label"], sigma["tag"], sigma["URL"], sigma["cluster"], sigma["score"]) == (
        "sigma.js",
        "Tool",
        "https://www.sigmajs.org",
        "1",
        0.5,
    )
    assert (sigma["viz:x"], sigma["viz:y"]) == (10.5, 20.25)
    assert sigma["viz:color"] == "#579f5f"  # the cluster's colour, as sigma.js' demo draws it
    assert json.loads(G.graph["properties"]["clusters"])[0]["clusterLabel"] == "Desktop tools"
    again, _ = read_file("again.gexf", export_view(G, ViewSpec(), "gexf"))
    back = graph_of(again)
    assert back.number_of_edges() == 4 and back.nodes["sigma"]["viz:x"] == 10.5
    assert back.nodes["sigma"]["score"] == 0.5 and back.nodes["gephi"]["tag"] == "Tool"


def test_cytoscape_desktop_export_keeps_node_positions() -> None:
    dataset, report = read_file("galFiltered.cyjs", json.dumps(CYJS).encode())
    assert report.ok, report.format()
    G = graph_of(dataset)
    # Cytoscape draws y down; our viz:* attributes are in Gephi's axes (y up).
    assert (G.nodes["102"]["viz:x"], G.nodes["102"]["viz:y"]) == (-10.5, -33.0)
    assert (G.nodes["101"]["viz:x"], G.nodes["101"]["viz:y"]) == (120.0, 45.25)
    assert G.nodes["102"]["label"] == "YKR026C" and G.number_of_edges() == 1
    exported = json.loads(export_view(G, ViewSpec(positions="file"), "json"))
    assert {node["id"]: (node["x"], node["y"]) for node in exported["nodes"]} == {
        "102": (-10.5, 33.0),
        "101": (120.0, -45.25),
    }


def test_graphml_color_that_is_data_is_kept_and_exported() -> None:
    dataset, report = read_file("teams.graphml", GRAPHML_COLOR)
    assert report.ok and "'color' is kept as an attribute of the nodes" in report.format(), report.format()
    G = graph_of(dataset)
    assert [G.nodes[node]["color"] for node in ("n0", "n1", "n2")] == ["team red", "team blue", "3"]
    written = export_view(G, ViewSpec(), "graphml")
    assert b'attr.name="color"' in written and b"team red" in written
    again, _ = read_file("again.graphml", written)
    back = graph_of(again)
    assert [back.nodes[node]["color"] for node in ("n0", "n1", "n2")] == ["team red", "team blue", "3"]
    assert back.nodes["n0"]["weight"] == 1.5
    assert sorted(data["color"] for _, _, data in back.edges(data=True)) == ["strong tie", "weak tie"]
    as_json = json.loads(export_view(G, ViewSpec(), "json"))
    assert {node["id"]: node["color"] for node in as_json["nodes"]}["n1"] == "team blue"


def test_graphml_colours_that_are_colours_stay_drawing_data() -> None:
    content = (
        GRAPHML_COLOR.replace(b"team red", b"#ff0000")
        .replace(b"team blue", b"green")
        .replace(b">3<", b">#0000ff<")
    )
    dataset, _ = read_file("colours.graphml", content)
    G = graph_of(dataset)
    assert [G.nodes[node]["viz:color"] for node in ("n0", "n1", "n2")] == ["#ff0000", "#008000", "#0000ff"]
    assert "color" not in G.nodes["n0"]
    assert b"#008000" in export_view(G, ViewSpec(), "graphml")
