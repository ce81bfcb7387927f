"""The app on a large upload (AppTest): pickers that search first, groups, expanding and collapsing."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.synthetic import ba_graph, tables, zipped
from ui.state import Selection

APP = str(Path(__file__).resolve().parents[1] / "app.py")
SIZE = 3000  # above the picker and large_graph limits, so it is cut into groups


@pytest.fixture(scope="module")
def upload() -> bytes:
    return zipped(tables(ba_graph(SIZE)))


def started(upload: bytes) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.file_uploader(key="w_upload").set_value([("ba-3000.zip", upload, "application/zip")]).run()
    assert not at.exception, at.exception
    return at


def test_pickers_search_first_on_a_large_graph(upload) -> None:
    at = started(upload)
    assert at.selectbox(key="w_search").options == []  # no 2,500 options sent on every rerun
    at.text_input(key="w_search_query").input("Node 1234").run()
    options = at.selectbox(key="w_search").options
    assert options and options[0].startswith("Node 1234 (")
    at.selectbox(key="w_search").set_value("n1234").run()
    assert not at.exception, at.exception
    assert "Node 1234" in [item.value for item in at.subheader]
    at.text_input(key="w_search_query").input("no such name").run()
    assert at.selectbox(key="w_search").placeholder == "No match: try another spelling"


def test_focus_picker_keeps_its_value_on_a_large_graph(upload) -> None:
    at = started(upload)
    at.text_input(key="w_focus_query").input("Node 7").run()
    at.selectbox(key="w_focus").set_value("n7").run()
    assert at.query_params["focus"] == "n7"
    at.text_input(key="w_focus_query").input("").run()  # the query is cleared, the focus stays
    assert at.selectbox(key="w_focus").value is not None
    assert at.query_params["focus"] == "n7"


def test_group_panel_expands_and_collapses(upload, monkeypatch) -> None:
    monkeypatch.setenv("AGX_LOD_NODES", "500")
    at = started(upload)
    at.session_state["selection"] = Selection("group", 0)  # as a click on the first group does
    at.run()
    assert "Group 1" in [item.value for item in at.subheader]
    show = next(button for button in at.button if button.label == "Show its members")
    show.click().run()
    assert at.query_params["expanded"] == "1"
    collapse = next(button for button in at.button if button.label == "Draw as one node")
    collapse.click().run()
    assert "expanded" not in at.query_params
    assert not at.exception, at.exception


def test_a_shared_link_reopens_expanded_groups(upload, monkeypatch) -> None:
    monkeypatch.setenv("AGX_LOD_NODES", "500")
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["expanded"] = "2,x"
    at.run()
    assert any("expanded must list group numbers" in item.value for item in at.warning)


def test_export_panel_says_what_a_download_of_a_grouped_view_holds(upload, monkeypatch) -> None:
    at = started(upload)
    assert not [item for item in at.info if "level of detail" in item.value], (
        "3,000 entities: drawn one by one"
    )
    monkeypatch.setenv("AGX_LOD_NODES", "500")
    at.session_state["w_tab"] = "Export"
    at.run()
    notes = [item.value for item in at.info if "level of detail" in item.value]
    assert notes and f"all its {SIZE:,} entities" in notes[0]
