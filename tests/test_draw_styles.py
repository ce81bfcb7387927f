"""A file's own picture and attributes in the view: colour by, size by, positions (Gephi → here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.draw import opening_view, own_styles, view_payload, view_positions
from graph.errors import InputError
from graph.readers import read_upload
from graph.view import ViewSpec

APP = str(Path(__file__).resolve().parents[1] / "app.py")

# A small GEXF as Gephi writes it: viz colour, position and size, and a typed attribute.
GEXF = b"""<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
  <graph defaultedgetype="directed">
    <attributes class="node"><attribute id="club" title="club" type="string"/>
      <attribute id="weight" title="weight" type="integer"/></attributes>
    <nodes>
      <node id="a" label="Alpha"><attvalues><attvalue for="club" value="red team"/>
        <attvalue for="weight" value="1"/></attvalues>
        <viz:color r="255" g="0" b="0"/><viz:position x="-100" y="50" z="0"/><viz:size value="5"/></node>
      <node id="b" label="Beta"><attvalues><attvalue for="club" value="blue team"/>
        <attvalue for="weight" value="9"/></attvalues>
        <viz:color r="0" g="0" b="255"/><viz:position x="100" y="-50" z="0"/><viz:size value="20"/></node>
      <node id="c" label="Gamma"><attvalues><attvalue for="club" value="blue team"/>
        <attvalue for="weight" value="4"/></attvalues>
        <viz:color r="0" g="128" b="0"/><viz:position x="0" y="150" z="0"/><viz:size value="10"/></node>
    </nodes>
    <edges><edge source="a" target="b"/><edge source="b" target="c"/></edges>
  </graph>
</gexf>
"""


@pytest.fixture(scope="module")
def gephi():
    G, report = read_upload([("gephi.gexf", GEXF)])
    assert G is not None, report.format()
    return G


def drawn(G, spec):
    payload = view_payload(G, spec, None, lambda _nodes: view_positions(G, spec), screen=False)
    return {node["id"]: node for node in payload["nodes"]}, payload


def test_a_file_with_its_own_picture_opens_as_drawn(gephi) -> None:
    assert own_styles(gephi)["positions"] == ("file",)
    spec = opening_view(gephi)
    assert (spec.positions, spec.color_by, spec.size_by) == ("file", "file", "file")
    nodes, payload = drawn(gephi, spec)
    assert nodes["a"]["color"]["background"].lower() == "#ff0000"
    assert nodes["b"]["color"]["background"].lower() == "#0000ff"
    assert nodes["a"]["x"] < nodes["c"]["x"] < nodes["b"]["x"], "Gephi's x order"
    assert nodes["c"]["y"] < nodes["a"]["y"] < nodes["b"]["y"], "Gephi's y is up, the screen's down"
    assert nodes["a"]["size"] < nodes["c"]["size"] < nodes["b"]["size"]
    assert payload["legend"]["nodes"][0]["label"] == "the file's own colours"


def test_colour_and_size_by_an_attribute_of_the_file(gephi) -> None:
    assert "attr:club" in own_styles(gephi)["color_by"] and "attr:weight" in own_styles(gephi)["size_by"]
    spec = ViewSpec(color_by="attr:club", size_by="attr:weight")
    nodes, payload = drawn(gephi, spec)
    assert nodes["b"]["color"]["background"] == nodes["c"]["color"]["background"]
    assert nodes["a"]["color"]["background"] != nodes["b"]["color"]["background"]
    assert {item["label"] for item in payload["legend"]["nodes"]} == {"club: blue team", "club: red team"}
    assert nodes["a"]["size"] < nodes["c"]["size"] < nodes["b"]["size"]


def test_attribute_modes_travel_in_links() -> None:
    spec = ViewSpec(color_by="attr:modularity_class", positions="file")
    assert ViewSpec.from_query_params(spec.to_query_params()) == spec
    with pytest.raises(InputError, match="color_by must be one of"):
        ViewSpec(color_by="mood")
    with pytest.raises(InputError, match="positions must be one of"):
        ViewSpec(positions="spiral")


def test_the_app_opens_a_gephi_file_as_drawn_and_offers_ours() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.file_uploader(key="w_upload").set_value([("gephi.gexf", GEXF, "application/xml")]).run()
    assert not at.exception
    assert at.query_params["positions"] == "file" and at.query_params["color_by"] == "file"
    positions = at.sidebar.radio(key="w_positions")
    assert positions.options == ["ours", "the file's own"] or positions.value == "file"
    positions.set_value("ours").run()
    assert "positions" not in at.query_params
    colours = at.sidebar.selectbox(key="w_color_by")
    assert "club (attribute)" in colours.options
