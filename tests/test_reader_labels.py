"""Labels for files whose nodes have none (graph/readers/labels.py), and degree as distinct neighbours.

AIRPORTS reproduces airlines.graphml's quirks in a few lines: numeric ids, no label, airport codes
in a ``tooltip`` followed by coordinates, and parallel links (two routes between one pair).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.details import view_tables
from graph.readers import read_upload
from graph.readers.labels import choose_label_field, name_score, readable_part

AIRPORTS = b"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="tooltip" for="node" attr.name="tooltip" attr.type="string"/>
  <key id="code" for="node" attr.name="code" attr.type="string"/>
  <graph edgedefault="undirected">
    <node id="0"><data key="tooltip">LIT(lngx=-92.2,laty=34.7)</data><data key="code">1</data></node>
    <node id="1"><data key="tooltip">CAK(lngx=-81.4,laty=40.9)</data><data key="code">2</data></node>
    <node id="2"><data key="tooltip">ALB(lngx=-73.8,laty=42.7)</data><data key="code">3</data></node>
    <edge source="0" target="1"/><edge source="0" target="1"/><edge source="1" target="0"/>
    <edge source="0" target="2"/>
  </graph>
</graphml>"""
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "graph-files"


def test_the_field_that_reads_like_names_labels_the_nodes_and_the_report_says_which() -> None:
    G, report = read_upload([("airports.graphml", AIRPORTS)])
    assert G is not None
    assert [G.nodes[node]["label"] for node in G] == ["LIT", "CAK", "ALB"]
    assert G.nodes["0"]["tooltip"] == "LIT(lngx=-92.2,laty=34.7)", "the field itself is kept"
    said = [issue for issue in report.issues if issue.severity == "info" and issue.column == "tooltip"]
    assert said and "labels are taken from the field 'tooltip'" in said[0].message


def test_a_file_with_labels_keeps_them() -> None:
    labelled = AIRPORTS.replace(
        b'<key id="code"', b'<key id="label" for="node" attr.name="label" attr.type="string"/><key id="code"'
    ).replace(b'<data key="code">1</data>', b'<data key="code">1</data><data key="label">Little Rock</data>')
    G, report = read_upload([("airports.graphml", labelled)])
    assert G is not None and G.nodes["0"]["label"] == "Little Rock"
    assert not any("labels are taken" in issue.message for issue in report.issues)


def test_names_score_above_numbers_and_repeated_values() -> None:
    assert readable_part("LIT(lngx=-92.2,laty=34.7)") == "LIT"
    assert readable_part("Paris (France)") == "Paris (France)", "a bracket without key=value is kept"
    assert name_score(["Valjean", "Javert"], 2) == 1.0
    assert name_score(["1", "2"], 2) == 0.0
    assert name_score(["same", "same"], 2) == 0.5
    assert name_score(["Valjean"], 4) == 0.25, "a field most nodes lack does not label them"
    assert choose_label_field([]) is None


def test_degree_counts_distinct_neighbours_and_links_count_parallels() -> None:
    G, _ = read_upload([("airports.graphml", AIRPORTS)])
    assert G is not None
    rows = {row["id"]: row for row in view_tables(G, G)["nodes"]}
    assert rows["0"]["degree in view"] == 2 and rows["0"]["links in view"] == 4


@pytest.mark.skipif(not (CORPUS / "airlines.graphml").is_file(), reason="the shared corpus is not present")
def test_airlines_is_labelled_with_airport_codes_and_degree_stays_below_the_node_count() -> None:
    G, report = read_upload([("airlines.graphml", (CORPUS / "airlines.graphml").read_bytes())])
    assert G is not None
    labels = [G.nodes[node]["label"] for node in G]
    assert all(len(label) == 3 and label.isalpha() for label in labels), labels[:5]
    assert any(issue.column == "tooltip" and issue.severity == "info" for issue in report.issues)
    degrees = [row["degree in view"] for row in view_tables(G, G)["nodes"]]
    assert max(degrees) < G.number_of_nodes()
