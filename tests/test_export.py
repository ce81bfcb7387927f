"""Every export format: write → read → compare, with the same positions and colours as on screen."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from PIL import Image

import graph
from graph.cli import main
from graph.export import EXPORTERS, build_context, export_view
from graph.export.snapshot import FORMAT
from graph.readers import read_upload
from graph.view import PRESETS, ViewSpec
from tests.conftest import SOURCES, write_dataset

ROOT = Path(__file__).resolve().parents[1]
EXCLUDED = PRESETS["excluded"].spec
HOSTILE_LABEL = "<img src=x onerror=alert(1)>"
HOSTILE_DESCRIPTION = "</script><script>alert(1)</script>"


@pytest.fixture(scope="module")
def context(nato, positions):
    return build_context(nato, EXCLUDED, positions)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> nx.MultiDiGraph:
    entities = (
        "id,type,label,aliases,description\n"
        f'state:X,state,"{HOSTILE_LABEL}",=cmd|calc,"{HOSTILE_DESCRIPTION}"\n'
        'state:Y,state,=HYPERLINK("http://evil"),,-2+3\n'
        "alliance:nato,alliance,NATO,,\n"
    )
    claims = (
        "subject,relation,object,start,end,source,locator,note\n"
        "state:X,member_of,alliance:nato,2001,,s-nato,@para,+note\n"
        "state:Y,member_of,alliance:nato,,,s-nato,,\n"
    )
    folder = write_dataset(tmp_path_factory.mktemp("hostile"), entities, claims, SOURCES)
    return graph.load_graph(folder)


def export(G, spec, name, positions=None, **options) -> bytes:
    return export_view(G, spec, name, positions, options)


def test_registry_is_complete_and_documented() -> None:
    assert list(EXPORTERS) == [
        "html",
        "png",
        "svg",
        "gexf",
        "graphml",
        "json",
        "csv",
        "csv-neo4j",
        "tables",
        "ftm",
        "snapshot",
    ]
    manual = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    for name, exporter in EXPORTERS.items():
        assert exporter.mime and exporter.extension and exporter.checked_with
        assert f"| `{name}` |" in manual, f"docs/formats.md's export table lacks {name}"


def test_gexf_round_trip_with_screen_positions(context, nato, positions) -> None:
    H = nx.read_gexf(io.BytesIO(export(nato, EXCLUDED, "gexf", positions)))
    assert set(H) == set(context.view)
    assert H.number_of_edges() == context.view.number_of_edges()
    shown = context.nodes
    for node, data in H.nodes(data=True):
        viz = data["viz"]
        assert viz["position"]["x"] == pytest.approx(shown[node]["x"])
        assert viz["position"]["y"] == pytest.approx(-shown[node]["y"]), "Gephi's y axis points up"
        assert viz["size"] == pytest.approx(shown[node]["size"])
    relations = {d["relation"] for _, _, d in H.edges(data=True)}
    assert relations == {"excluded_from", "invited_to", "partner_in", "hosted"}
    excluded = [d for u, v, d in H.edges(data=True) if u == "state:RUS" and d["relation"] == "excluded_from"]
    assert excluded[0]["citations"] == "rozoff-2021"
    root = ET.fromstring(export(nato, EXCLUDED, "gexf", positions))
    assert root.attrib["version"] == "1.3"


def test_graphml_typed_keys_and_round_trip(context, nato, positions) -> None:
    data = export(nato, EXCLUDED, "graphml", positions)
    root = ET.fromstring(data)
    keys = {
        (key.attrib["for"], key.attrib["attr.name"]): key.attrib["attr.type"]
        for key in root.iter("{http://graphml.graphdrawing.org/xmlns}key")
    }
    assert keys[("node", "x")] == "double"
    assert keys[("node", "conflict")] == "boolean"
    assert keys[("edge", "relation")] == "string"
    H = nx.read_graphml(io.BytesIO(data))
    assert set(H) == set(context.view)
    G, report = read_upload([("view.graphml", data)])
    assert report.ok and report.warnings == [], report.format()
    assert G.edges["state:RUS", "event:partners-meeting-2021-07", "excluded_from"]["citations"] == [
        "rozoff-2021"
    ]
    assert G.graph["sources"]["rozoff-2021"]["publisher"] == "Antiwar.com"


def test_node_link_json_is_strict_and_round_trips(context, nato, positions) -> None:
    data = export(nato, EXCLUDED, "json", positions)
    parsed = json.loads(data, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
    assert {node["id"] for node in parsed["nodes"]} == set(context.view)
    G, report = read_upload([("view.json", data)])
    assert report.ok, report.format()
    edge = G.edges["person:wiermann", "event:partners-meeting-2021-07", "hosted"]
    assert [item["locator"] for item in edge["evidence"]] == ["para 1", "para 1"]
    assert G.nodes["event:partners-meeting-2021-07"]["conflict"] is True
    assert {item["value"] for item in G.nodes["event:partners-meeting-2021-07"]["facts"]["date"]} == {
        "2021-07-13",
        "2021-07-14",
    }


def read_zip(data: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: list(csv.DictReader(io.StringIO(archive.read(name).decode())))
            for name in archive.namelist()
        }


def test_gephi_csv(context, nato, positions) -> None:
    files = read_zip(export(nato, EXCLUDED, "csv", positions))
    nodes, edges = files["nodes.csv"], files["edges.csv"]
    assert list(nodes[0])[:2] == ["Id", "Label"]
    assert list(edges[0])[:6] == ["Source", "Target", "Type", "Id", "Label", "Weight"]
    assert len(nodes) == context.view.number_of_nodes() and len(edges) == context.view.number_of_edges()
    russia = next(row for row in nodes if row["Id"] == "state:RUS")
    assert float(russia["x"]) == pytest.approx(context.nodes["state:RUS"]["x"])


def test_neo4j_csv_headers(context, nato, positions) -> None:
    files = read_zip(export(nato, EXCLUDED, "csv-neo4j", positions))
    assert list(files["nodes.csv"][0])[:2] == ["id:ID", ":LABEL"]
    assert list(files["relationships.csv"][0])[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {row[":TYPE"] for row in files["relationships.csv"]} == {
        "EXCLUDED_FROM",
        "INVITED_TO",
        "PARTNER_IN",
        "HOSTED",
    }


def test_formulas_are_neutralised(hostile) -> None:
    everything = ViewSpec()
    nodes = read_zip(export(hostile, everything, "csv"))["nodes.csv"]
    labels = {row["Id"]: row["Label"] for row in nodes}
    assert labels["state:Y"] == '\'=HYPERLINK("http://evil")'
    assert {row["Id"]: row["aliases"] for row in nodes}["state:X"] == "'=cmd;calc"
    neo4j = read_zip(export(hostile, everything, "csv-neo4j"))["nodes.csv"]
    assert {row["id:ID"]: row["description"] for row in neo4j}["state:Y"] == "'-2+3"


def test_our_tables_reimport_exactly(context, nato, positions, hostile) -> None:
    G, report = read_upload([("view.zip", export(nato, EXCLUDED, "tables", positions))])
    assert report.ok, report.format()
    assert set(G) == set(context.view)
    assert graph.graph_to_dataset(G).claims and report.warnings == []
    back, report = read_upload([("hostile.zip", export(hostile, ViewSpec(), "tables"))])
    assert report.ok, report.format()
    assert back.nodes["state:Y"]["label"] == '=HYPERLINK("http://evil")', (
        "the protecting apostrophe is removed again"
    )
    assert set(graph.graph_to_dataset(back).claims) == set(graph.graph_to_dataset(hostile).claims)


@pytest.mark.parametrize("scale", [0.5, 1.0, 2.0])
def test_png_has_the_requested_resolution_and_is_not_blank(nato, positions, scale: float) -> None:
    image = Image.open(io.BytesIO(export(nato, EXCLUDED, "png", positions, scale=scale)))
    assert image.format == "PNG"
    assert image.width == int(1600 * scale)
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert len(colours) > 20
    white = max(colours)[0] / (image.width * image.height)
    assert white < 0.995, "all white: nothing was drawn"


def test_svg_is_valid_and_draws_every_node(context, nato, positions) -> None:
    root = ET.fromstring(export(nato, EXCLUDED, "svg", positions))
    assert root.attrib["width"] == "1600"
    ns = "{http://www.w3.org/2000/svg}"
    shapes = len(root.findall(f"{ns}circle")) + len(root.findall(f"{ns}polygon"))
    assert shapes >= context.view.number_of_nodes()
    assert any(text.text == "was excluded from (negative)" for text in root.iter(f"{ns}text"))


def test_user_text_is_escaped_in_svg_and_html(hostile) -> None:
    svg = export(hostile, ViewSpec(), "svg").decode()
    assert HOSTILE_LABEL not in svg and "&lt;img src=x onerror=alert(1)&gt;" in svg
    html = export(hostile, ViewSpec(), "html").decode()
    assert HOSTILE_LABEL not in html
    assert HOSTILE_DESCRIPTION not in html
    assert html.count("</script>") == 3, "only our own three script elements close"


def test_html_is_standalone(nato, positions) -> None:
    html = export(nato, EXCLUDED, "html", positions).decode()
    assert "<script src" not in html and "<link" not in html, "nothing is loaded from elsewhere"
    assert "cdn" not in html.lower().replace("cdnjs", "")
    assert "default-src 'none'" in html


def test_snapshot_reopens_the_same_view(context, nato, positions) -> None:
    spec = EXCLUDED.with_changes(selected="state:RUS", preset="excluded")
    data = export(nato, spec, "snapshot", positions)
    bundle = json.loads(data)
    assert bundle["format"] == FORMAT and bundle["version"] == 1
    G, report = read_upload([("view.agx.json", data)])
    assert report.ok, report.format()
    snapshot = G.graph["snapshot"]
    assert snapshot["spec"] == spec
    assert set(G) == set(context.view)
    assert snapshot["positions"] == {node: (shown["x"], shown["y"]) for node, shown in context.nodes.items()}
    reopened = build_context(G, snapshot["spec"], snapshot["positions"])
    assert set(reopened.view) == set(context.view)


def test_snapshot_from_a_newer_version_is_refused(nato, positions) -> None:
    bundle = json.loads(export(nato, EXCLUDED, "snapshot", positions))
    bundle["version"] = 2
    G, report = read_upload([("new.agx.json", json.dumps(bundle).encode())])
    assert G is None
    assert report.errors[0].message == (
        "the snapshot was made by a newer version of Alliance Graph Explorer (format 2); "
        "this version reads format 1 and older."
    )


def test_corrupted_snapshot_is_refused(nato, positions) -> None:
    bundle = json.loads(export(nato, EXCLUDED, "snapshot", positions))
    bundle["tables"]["claims"][0]["source"] = "nowhere"
    G, report = read_upload([("bad.agx.json", json.dumps(bundle).encode())])
    assert G is None
    assert "unknown source 'nowhere'" in report.format()
    truncated = export(nato, EXCLUDED, "snapshot", positions)[:500]
    G, report = read_upload([("cut.agx.json", truncated)])
    assert G is None and "not valid JSON" in report.errors[0].message


@pytest.mark.parametrize("name", list(EXPORTERS))
def test_cli_writes_every_format_of_the_excluded_preset(tmp_path, capsys, name: str) -> None:
    target = tmp_path / f"excluded.{EXPORTERS[name].extension}"
    assert main(["export", "--format", name, "-o", str(target), "--preset", "excluded"]) == 0
    data = target.read_bytes()
    assert data == export_view(
        graph.load_graph(), EXCLUDED, name, options={"scale": 1.0, "width": 1600}
    ) or name in ("snapshot", "png"), "the CLI writes what the app's export writes"
    if name not in ("png", "svg", "html", "csv", "csv-neo4j"):
        G = graph.load_graph(target)
        assert set(graph.excluded_from(G, "event:partners-meeting-2021-07")) == {"state:RUS", "state:BLR"}


def test_cli_from_snapshot(tmp_path, capsys) -> None:
    bundle = tmp_path / "view.agx.json"
    assert (
        main(
            [
                "export",
                "--format",
                "snapshot",
                "-o",
                str(bundle),
                "--preset",
                "members",
                "--as-of",
                "2024-06-01",
            ]
        )
        == 0
    )
    out = tmp_path / "members.json"
    assert main(["export", "--from-snapshot", str(bundle), "--format", "json", "-o", str(out)]) == 0
    members = json.loads(out.read_text())
    assert sum(1 for node in members["nodes"] if node["type"] == "state") == 32


def test_cli_export_errors_are_clean(tmp_path, capsys) -> None:
    assert main(["export", "--format", "json", "-o", str(tmp_path / "x.json"), "--focus", "zzz-nothing"]) == 1
    assert "No entity matches 'zzz-nothing'" in capsys.readouterr().err
    assert main(["export", "--format", "json", "-o", str(tmp_path / "x.json"), "--as-of", "14.07.2021"]) == 1
    assert "as_of" in capsys.readouterr().err
    not_a_snapshot = tmp_path / "plain.json"
    not_a_snapshot.write_bytes(export(graph.load_graph(), EXCLUDED, "json"))
    assert (
        main(
            [
                "export",
                "--from-snapshot",
                str(not_a_snapshot),
                "--format",
                "png",
                "-o",
                str(tmp_path / "x.png"),
            ]
        )
        == 1
    )
    assert "is not a snapshot bundle" in capsys.readouterr().err
