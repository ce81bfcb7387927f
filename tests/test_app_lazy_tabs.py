"""The side panel draws a tab only while it is open, and what was typed in a closed tab is kept
(AppTest; ui/side_panel.py). bench/rerun.py measures what this saves."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.conftest import open_tab

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def keys(at: AppTest) -> set[str]:
    found = set()
    for kind in ("text_area", "text_input", "selectbox", "select_slider", "multiselect"):
        found.update(widget.key for widget in getattr(at, kind) if widget.key)
    return found


def test_closed_tabs_are_not_drawn() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    drawn = keys(at)
    assert "w_export_format" not in drawn and "w_time_as_of" not in drawn
    assert "w_path_from" not in drawn
    assert at.get("file_uploader")  # Import is always drawn: its uploader holds a file being read
    assert "w_ingest_text" in drawn  # and Build's article form (ui/side_panel.py says why)
    assert "w_time_as_of" in keys(open_tab(at, "Time"))
    assert "w_export_format" in keys(open_tab(at, "Export"))
    assert "w_path_from" in keys(open_tab(at, "Paths"))


def test_what_was_typed_in_a_closed_tab_is_kept() -> None:
    at = open_tab(AppTest.from_file(APP, default_timeout=60).run(), "Build")
    at.text_area(key="w_ingest_text").input("Finland joined the Alliance in April 2023.").run()
    at.text_input(key="w_ingest_title").input("A note").run()
    open_tab(at, "Export")
    at.selectbox(key="w_export_format").select("graphml").run()
    open_tab(at, "Paths")
    at.selectbox(key="w_path_from").select("state:RUS").run()
    open_tab(at, "Details")
    open_tab(at, "Time")  # two runs with each of them closed
    assert not at.exception
    assert (
        open_tab(at, "Build").text_area(key="w_ingest_text").value
        == "Finland joined the Alliance in April 2023."
    )
    assert at.text_input(key="w_ingest_title").value == "A note"
    assert open_tab(at, "Export").selectbox(key="w_export_format").value == "graphml"
    assert open_tab(at, "Paths").selectbox(key="w_path_from").value == "state:RUS"


def test_the_comparison_dates_follow_the_view_while_the_time_tab_is_closed() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["changed_from"] = "2019-01-01"
    at.run()
    assert not at.exception
    assert open_tab(at, "Time").text_input(key="w_changed_from").value == "2019-01-01"
    open_tab(at, "Details")
    assert open_tab(at, "Time").text_input(key="w_changed_from").value == "2019-01-01"
