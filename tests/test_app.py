"""App logic with Streamlit's AppTest: filters, presets, URL round trips, search, uploads.

AppTest runs the script without a browser (the graph component is not executed); what a
person does on the canvas is tested in tests/e2e with Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.view import today
from tests.conftest import CLAIMS, ENTITIES, SOURCES

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def start(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def caption(at: AppTest) -> str:
    """The header's line of counts: what is in view."""
    line = next(item.value for item in at.markdown if "in view, as of" in item.value)
    return unescape(line.split("\n")[-1])


def subheaders(at: AppTest) -> list[str]:
    """Headings of the panels (the Filters and Style sections of the sidebar left out)."""
    return [item.value for item in at.subheader if item.value not in ("Filters", "Style")]


def unescape(text: str) -> str:
    """Markdown source without its backslash escapes: what a person reads."""
    return re.sub(r"\\(.)", r"\1", text)


def markdown_text(at: AppTest) -> str:
    """All markdown on the page with markdown escapes removed: the text a person reads."""
    return re.sub(r"\\(.)", r"\1", "\n".join(item.value for item in at.markdown))


def test_opens_on_the_bundled_dataset_without_errors() -> None:
    at = start()
    assert not at.exception
    assert not at.error
    assert caption(at).startswith("104 entities and 214 relations in view, as of any date")
    assert dict(at.query_params) == {}


def test_excluded_preset_sets_the_view_and_the_url() -> None:
    at = start()
    at.pills(key="w_preset").set_value("excluded").run()
    assert not at.exception
    assert caption(at).startswith("47 entities and 107 relations in view, as of 2021-07-14")
    assert dict(at.query_params) == {"preset": "excluded"}, "a preset's link names the preset alone"
    assert at.sidebar.selectbox(key="w_focus").value == "event:partners-meeting-2021-07"
    assert any("Russia, Belarus" in unescape(item.value) for item in at.markdown), "what the preset shows"


def test_members_preset_then_date_buttons() -> None:
    at = start()
    at.pills(key="w_preset").set_value("members").run()
    assert caption(at).startswith("31 entities and 30 relations")
    at.sidebar.button[1].click().run()  # Today
    assert caption(at).startswith("33 entities and 32 relations")
    assert dict(at.query_params) == {"preset": "members", "as_of": today()}, "the preset and the change"
    at.sidebar.button[0].click().run()  # Article date
    assert caption(at).startswith("31 entities and 30 relations")
    assert dict(at.query_params) == {"preset": "members"}


def test_type_and_relation_filters() -> None:
    at = start()
    at.sidebar.multiselect(key="w_types").set_value(["state", "alliance"]).run()
    at.sidebar.multiselect(key="w_relations").set_value(["member_of"]).run()
    assert caption(at).startswith("71 entities and 32 relations")
    at.sidebar.checkbox(key="w_hide_isolated").check().run()
    assert caption(at).startswith("33 entities and 32 relations")
    assert at.query_params["types"] == "alliance,state"
    assert at.query_params["relations"] == "member_of"


def test_url_restores_view_and_selection() -> None:
    at = start(
        preset="excluded",
        types="state,framework,event,person",
        relations="excluded_from,invited_to,partner_in,hosted",
        as_of="2021-07-14",
        focus="event:partners-meeting-2021-07",
        depth="2",
        fade_relations="invited_to",
        selected="state:RUS",
    )
    assert not at.exception
    assert caption(at).startswith("47 entities and 107 relations in view, as of 2021-07-14")
    assert subheaders(at)[0] == "Russia"
    assert at.sidebar.slider(key="w_depth").value == 2
    assert at.query_params["selected"] == "state:RUS"


def test_url_round_trip_reproduces_the_same_view() -> None:
    first = start()
    first.pills(key="w_preset").set_value("partners").run()
    first.selectbox(key="w_search").set_value("state:KWT").run()
    shared = dict(first.query_params)
    second = start(**shared)
    assert caption(second) == caption(first)
    assert subheaders(second)[0] == subheaders(first)[0] == "Kuwait"


def test_bad_url_falls_back_with_a_message() -> None:
    at = start(depth="deep", selected="state:RUS")
    assert not at.exception
    assert any("depth='deep'" in unescape(item.value) for item in at.warning)
    assert caption(at).startswith("104 entities")


def test_a_short_link_to_a_preset_opens_its_view() -> None:
    at = start(preset="excluded", selected="state:RUS")
    assert not at.exception and not at.warning
    assert caption(at).startswith("47 entities and 107 relations in view, as of 2021-07-14")
    assert at.pills(key="w_preset").value == "excluded"
    assert at.sidebar.selectbox(key="w_focus").value == "event:partners-meeting-2021-07"
    assert dict(at.query_params) == {"preset": "excluded", "selected": "state:RUS"}
    assert "Russia" in subheaders(at)


def test_a_link_to_an_unknown_preset_falls_back_with_a_message() -> None:
    at = start(preset="bogus")
    assert not at.exception
    assert any("Unknown preset 'bogus'" in unescape(item.value) for item in at.warning)
    assert caption(at).startswith("104 entities")


def test_url_naming_an_unknown_entity() -> None:
    at = start(selected="state:XXX")
    assert any("state:XXX" in unescape(item.value) for item in at.warning)
    assert not at.exception


def test_search_selects_and_shows_details_with_sources() -> None:
    at = start()
    at.selectbox(key="w_search").set_value("state:RUS").run()
    assert subheaders(at)[0] == "Russia"
    text = markdown_text(at)
    assert "Not Invited: Targeted" in text and "para 8 and title" in text
    assert at.query_params["selected"] == "state:RUS"


def test_conflicts_are_shown_side_by_side() -> None:
    at = start(selected="event:partners-meeting-2021-07")
    assert any("Sources disagree" in item.value for item in at.warning)
    text = markdown_text(at)
    assert "2021-07-13" in text and "2021-07-14" in text


def test_focus_here_button() -> None:
    at = start(selected="person:wiermann")
    at.button(key="focus_here").click().run()
    assert at.query_params["focus"] == "person:wiermann"
    assert caption(at).startswith("8 entities")  # Wiermann and his seven neighbours


def test_path_finder() -> None:
    at = start()
    at.session_state["w_tab"] = "Paths"  # a closed tab is not drawn (ui/side_panel.py)
    at.run()
    at.selectbox(key="w_path_from").set_value("person:wiermann").run()
    at.selectbox(key="w_path_to").set_value("state:BLR").run()
    text = markdown_text(at)
    assert "Path 1" in text
    assert "Belarus was excluded from" in text


def test_tables_of_the_view() -> None:
    at = start(
        preset="members", types="state,alliance", relations="member_of", as_of="2021-07-14", hide_isolated="1"
    )
    assert not at.dataframe  # the Tables tab is closed: nothing is built
    at.session_state["w_tab"] = "Tables"
    at.run()
    node_table = at.dataframe[0].value
    assert len(node_table) == 31


def upload_files(at: AppTest, files: list[tuple[str, bytes, str]]) -> AppTest:
    at.file_uploader(key="w_upload").set_value(files).run()
    return at


def test_upload_our_tables() -> None:
    at = start()
    upload_files(
        at,
        [
            ("entities.csv", ENTITIES.encode(), "text/csv"),
            ("claims.csv", CLAIMS.encode(), "text/csv"),
            ("sources.csv", SOURCES.encode(), "text/csv"),
        ],
    )
    assert not at.exception
    assert caption(at).startswith("9 entities and 9 relations")
    assert any("Imported" in item.value for item in at.success)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("claims.csv", (CLAIMS + "x,y,z,,,s,,\n").encode(), "text/csv")], "this table is missing"),
        ([("net.graphml", b"<graphml><graph>", "application/xml")], "not well-formed XML"),
        ([("net.json", b'{"nodes": [{"id": 1, "v": NaN}]}', "application/json")], "NaN"),
    ],
)
def test_a_refused_upload_keeps_the_current_graph(files, message: str) -> None:
    at = start()
    at.pills(key="w_preset").set_value("members").run()
    before = caption(at)
    upload_files(at, files)
    assert not at.exception
    assert any("was refused" in item.value for item in at.error)
    assert any(message in item.value for item in at.code)
    assert caption(at) == before, "nothing already loaded is lost"


def test_opening_a_snapshot_reproduces_the_view() -> None:
    import graph
    from graph.export import export_view
    from graph.view import PRESETS

    spec = PRESETS["excluded"].spec.with_changes(selected="state:BLR", preset="excluded")
    bundle = export_view(graph.load_graph(), spec, "snapshot")
    at = start()
    upload_files(at, [("excluded.agx.json", bundle, "application/json")])
    assert not at.exception
    assert caption(at).startswith("47 entities and 107 relations in view, as of 2021-07-14")
    assert subheaders(at)[0] == "Belarus"
    assert at.query_params["preset"] == "excluded"


def test_export_panel_offers_every_format() -> None:
    from graph.export import EXPORTERS

    at = start()
    at.session_state["w_tab"] = "Export"
    at.run()
    assert at.selectbox(key="w_export_format").options == [
        f"{item.description} (.{item.extension})" for item in EXPORTERS.values()
    ]


def test_a_failing_panel_is_reported_and_the_rest_still_runs() -> None:
    def script() -> None:
        import streamlit as st

        from ui.safety import guarded

        def broken() -> None:
            raise RuntimeError("boom <b>bold</b>")

        guarded("details panel", broken)
        st.write("the rest of the page")

    at = AppTest.from_function(script, default_timeout=30).run()
    assert "The details panel could not be shown (RuntimeError: boom" in unescape(at.error[0].value)
    assert [item.message for item in at.exception] == ["boom <b>bold</b>"], (
        "shown in its panel, not swallowed"
    )
    assert any(item.value == "the rest of the page" for item in at.markdown), (
        "the rest of the page still runs"
    )


def test_a_browser_session_gets_the_full_page_on_any_later_run(monkeypatch) -> None:
    """The first run of a browser session sends only the graph; the next run, whatever caused
    it, sends everything. Streamlit merges a component's queued events, so a click on the
    canvas can swallow the "drawn" report: the page must not wait for it (this left 1 of 20
    concurrent browser sessions without its tabs)."""
    from streamlit.runtime.context import ContextProxy

    monkeypatch.setattr(ContextProxy, "headers", property(lambda self: {"Host": "127.0.0.1"}))
    at = start()
    assert not at.exception
    assert not at.tabs, "the first paint is the graph alone"
    assert not at.sidebar.multiselect, "the sidebar's widgets follow"
    at.run()  # a rerun that is not the graph's "drawn" report (no trigger is sent here)
    assert [tab.label for tab in at.tabs] == [
        "Details",
        "Time",
        "Paths",
        "Tables",
        "Export",
        "Import",
        "Build",
        "From an article",
        "Duplicates",
        "History",
    ]
    assert at.sidebar.multiselect(key="w_types").options, "and the sidebar with them"


def test_the_app_tunes_the_garbage_collector_of_its_process() -> None:
    import gc

    from ui.runtime import GC_THRESHOLDS

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        start()
        assert gc.get_threshold() == GC_THRESHOLDS
    finally:
        gc.set_threshold(*before)
