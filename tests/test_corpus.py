"""Real graph files written by other tools (../shared/corpus/graph-files/), when that folder is present.

Each file must load with the node and edge counts Gephi or networkx see (or be refused in
one clear line where expected.json allows it), without a traceback, with every loss in
the report; positions and colours must survive a GEXF round trip (export, read back) for
at least 95 % of the nodes that have them, and at least 90 % of the attribute names.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.draw import view_payload, view_positions
from graph.draw.styles import file_colors, file_positions
from graph.export import export_view
from graph.readers import read_upload
from graph.view import ViewSpec

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "graph-files"
EXPECTED = (
    json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))["files"] if CORPUS.is_dir() else {}
)
VISUAL = {"x", "y", "z", "size", "color", "label"}

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not present")


def load(name: str):
    return read_upload([(name, (CORPUS / name).read_bytes())])


def attribute_names(G) -> set[str]:
    names = set(G.graph.get("attribute_types", {}).get("node", {}))
    return {name.removesuffix(" (file)") for name in names} | {
        name.removeprefix("viz:") for name in names if name.startswith("viz:")
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_counts_and_report(name: str) -> None:
    expected = EXPECTED[name]
    G, report = load(name)
    if expected["expect"] == "refuse" and G is None:
        assert any(word in report.format() for word in expected.get("refusal_words", [])), report.format()
        return
    if expected["expect"] == "either" and G is None:
        assert report.errors and expected["format"].split()[0].lower() in report.format().lower()
        return
    assert G is not None, report.format()
    assert G.number_of_nodes() == expected["nodes"], report.format()
    assert G.number_of_edges() in (expected["edges"], *expected.get("edges_alt", [])), report.format()
    for word in expected.get("refusal_words", []):  # loaded anyway: what was dropped is said
        assert word in report.format()
    if expected["check_positions"]:
        assert len(file_positions(G)) >= 0.95 * expected["positions"]
    if expected["check_colors"]:
        assert len(file_colors(G)) >= 0.95 * expected["colors"]
    wanted = set(expected["node_attributes"]) - VISUAL
    kept = attribute_names(G)
    assert len(wanted & kept) >= 0.9 * len(wanted), sorted(wanted - kept)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_gexf_round_trip_keeps_the_picture_and_the_attributes(name: str) -> None:
    expected = EXPECTED[name]
    G, _ = load(name)
    if G is None:
        pytest.skip("refused, as expected.json allows")
    data = export_view(G, ViewSpec(), "gexf", positions={})
    H, back = read_upload([(Path(name).stem + ".gexf", data)])
    assert H is not None, back.format()
    assert H.number_of_nodes() == G.number_of_nodes()
    assert H.number_of_edges() == G.number_of_edges()
    before, after = file_positions(G), file_positions(H)
    if expected["check_positions"] or before:
        same = sum(
            1
            for node, (x, y) in before.items()
            if node in after and abs(after[node][0] - x) < 1e-6 and abs(after[node][1] - y) < 1e-6
        )
        assert same >= 0.95 * len(before)
    colors_before, colors_after = file_colors(G), file_colors(H)
    same_colors = sum(1 for node, color in colors_before.items() if colors_after.get(node) == color)
    assert same_colors >= 0.95 * len(colors_before)
    wanted = set(expected["node_attributes"]) - VISUAL
    kept = attribute_names(H)
    assert len(wanted & kept) >= 0.9 * len(wanted), sorted(wanted - kept)


@pytest.mark.parametrize("name", ["lesmis.gexf", "nx-karate.gexf", "lesmis-gephilite.json"])
def test_an_undirected_file_is_drawn_without_arrows(name: str) -> None:
    """Les Misérables and Zachary's karate club say their links have no direction: they were drawn
    with arrows."""
    G, report = load(name)
    assert G is not None, report.format()
    spec = ViewSpec()
    payload = view_payload(G, spec, None, lambda _nodes: view_positions(G, spec), screen=False)
    assert payload["edges"] and all(edge.get("arrows") == "" for edge in payload["edges"])
    assert payload["legend"].get("undirected") is True  # the legend says "no direction", not "arrow"


def test_a_directed_file_keeps_its_arrows() -> None:
    G, report = load("gephi-test-data.gexf")
    assert G is not None, report.format()
    spec = ViewSpec()
    payload = view_payload(G, spec, None, lambda _nodes: view_positions(G, spec), screen=False)
    assert payload["edges"] and not any("arrows" in edge for edge in payload["edges"])
    assert "undirected" not in payload["legend"]
