"""The app's Time tab with Streamlit's AppTest: timeline steps, the comparison of two dates and
its list, reported-by with both, the membership chart.

What the graph component receives is read from its payload (the bytes AppTest holds), so each
step is checked against ``apply_view`` for that day. Playing in a real browser is tested in
tests/e2e/test_timeline.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import graph
from graph.draw import CHANGE_STYLE, split_edge_id
from graph.timeline import diff_view, timeline
from graph.view import PRESETS, ViewSpec, apply_view

APP = str(Path(__file__).resolve().parents[1] / "app.py")
FIN, SWE, NATO, PFP = "state:FIN", "state:SWE", "alliance:nato", "framework:pfp"


@pytest.fixture(scope="module")
def G():
    return graph.load_graph()


def start(**query: str) -> AppTest:
    """The app with the Time tab open (a closed tab is not drawn: ui/side_panel.py)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["w_tab"] = "Time"
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def component(at: AppTest, name: str) -> Any:
    return next(item for item in at.get("bidi_component") if item.proto.component_name == name)


def drawn(at: AppTest) -> dict[str, Any]:
    """The payload the graph component was given on the last run."""
    return json.loads(component(at, "alliance_graph_view").proto.bytes)


def drawn_ids(at: AppTest) -> tuple[set[str], set[tuple[str, str, str]]]:
    payload = drawn(at)
    return {node["id"] for node in payload["nodes"]}, {split_edge_id(edge["id"]) for edge in payload["edges"]}


def ticker(at: AppTest) -> dict[str, Any]:
    return json.loads(component(at, "agx_timeline_ticker").proto.json)


def text(at: AppTest) -> str:
    """Every markdown and caption on the page without its escapes: what a person reads."""
    parts = [item.value for item in (*at.markdown, *at.caption)]
    parts += [item.label for item in at.expander]
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))


def step(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def assert_shows(at: AppTest, G, spec: ViewSpec) -> None:
    expected = apply_view(G, spec)
    nodes, edges = drawn_ids(at)
    assert nodes == set(expected)
    assert edges == set(expected.edges(keys=True))


def test_a_step_sets_the_as_of_date_the_url_and_the_graph(G) -> None:
    at = start(preset="members")
    assert at.select_slider(key="w_time_as_of").value == "2021-07-14", "the preset's date"
    step(at, "w_time_next")
    assert dict(at.query_params) == {"preset": "members", "as_of": "2022-07-14"}, "a year on, same day"
    assert_shows(at, G, PRESETS["members"].spec.with_changes(as_of="2022-07-14"))
    assert at.select_slider(key="w_time_as_of").value == "2022-07-14", "the slider shows the day"
    step(at, "w_time_back")
    assert dict(at.query_params) == {"preset": "members"}, "back to the day stepped from: the preset's own"
    assert at.select_slider(key="w_time_as_of").value == "2021-07-14"
    step(at, "w_time_back")
    assert at.query_params["as_of"] == "2020-07-14"
    assert_shows(at, G, PRESETS["members"].spec.with_changes(as_of="2020-07-14"))
    assert "as of 2020-07-14" in text(at)


def test_steps_go_by_month_when_asked_and_keep_the_day_or_the_month_end(G) -> None:
    at = start(as_of="2023-03-15")
    at.segmented_control(key="w_time_by").set_value("month").run()
    step(at, "w_time_next")
    assert at.query_params["as_of"] == "2023-04-15"
    step(at, "w_time_next")
    assert at.query_params["as_of"] == "2023-05-15"
    assert_shows(at, G, ViewSpec(as_of="2023-05-15"))
    at = start(as_of="2024-01-31")
    at.segmented_control(key="w_time_by").set_value("month").run()
    step(at, "w_time_next")
    assert at.query_params["as_of"] == "2024-02-29", "no 31 February: the month's last day"


def test_a_year_step_from_29_february_lands_on_28_february() -> None:
    at = start(as_of="2020-02-29")
    step(at, "w_time_next")
    assert at.query_params["as_of"] == "2021-02-28"
    step(at, "w_time_back")
    assert at.query_params["as_of"] == "2020-02-28", "the clamped day is kept on the way back"


def test_the_slider_jumps_and_its_last_stop_is_any_date(G) -> None:
    at = start()
    slider = at.select_slider(key="w_time_as_of")
    assert slider.value == "any date"
    assert slider.options[0] == "1949-04-04" and slider.options[-1] == "any date"
    slider.set_value("1990-01-01").run()
    assert at.query_params["as_of"] == "1990-01-01"
    assert_shows(at, G, ViewSpec(as_of="1990-01-01"))
    at.select_slider(key="w_time_as_of").set_value("any date").run()
    assert "as_of" not in at.query_params


def test_play_starts_the_timer_from_the_first_step_and_pause_stops_it(G) -> None:
    at = start()
    assert ticker(at)["playing"] is False
    step(at, "w_time_play")
    first = timeline(G, ViewSpec(), "year").days[0]
    assert at.query_params["as_of"] == first, "from any date, play starts at the first step"
    timer = ticker(at)
    assert timer["playing"] is True and timer["at"] == first and timer["interval_ms"] > 0
    step(at, "w_time_pause")
    assert ticker(at)["playing"] is False
    assert at.button(key="w_time_play")


def test_next_after_the_last_step_stops_playing(G) -> None:
    days = timeline(G, ViewSpec(), "year").days
    at = start(as_of=days[-1])
    step(at, "w_time_play")
    assert at.query_params["as_of"] == days[0], "play at the last step starts again from the first"
    at.select_slider(key="w_time_as_of").set_value(days[-1]).run()
    step(at, "w_time_next")
    assert at.query_params["as_of"] == days[-1], "nothing after the last step"
    assert ticker(at)["playing"] is False


def test_comparing_two_dates_colours_the_changes_and_lists_them_with_sources(G) -> None:
    at = start()
    at.text_input(key="w_changed_from").input("2021-07-14").run()
    at.text_input(key="w_changed_to").input("2024-07-14").run()
    assert dict(at.query_params) == {"changed_from": "2021-07-14", "changed_to": "2024-07-14"}
    union, statuses = diff_view(G, "2021-07-14", "2024-07-14")
    payload = drawn(at)
    shown = {split_edge_id(edge["id"]): edge["change"] for edge in payload["edges"]}
    assert set(shown) == set(union.edges(keys=True))
    for edge, status in shown.items():
        assert statuses.status(edge) == status
    assert shown[(FIN, NATO, "member_of")] == "began" and shown[(SWE, PFP, "partner_in")] == "ended"
    assert [item["label"] for item in payload["legend"]["edges"] if item.get("change")][:2] == [
        "began after 2021-07-14, by 2024-07-14",
        "ended after 2021-07-14, by 2024-07-14",
    ]
    page = text(at)
    assert "became member of NATO" in page and "left Partnership for Peace" in page
    assert "Finland, 2023-04-04" in page and "Sweden, 2024-03-07" in page
    assert re.search(r"\[Enlargement and Article 10\]\(https://[^)]+\), NATO, 2024-03-08", page), (
        "each row with its sources: linked title, publisher, date"
    )
    assert "Undated (110)" in page, "undated relations are listed apart"
    assert "Left out: 4 relations about the sources" in page, "who wrote what, and where, is not a change"
    assert "as of 2021-07-14 → 2024-07-14" in page


def test_a_date_known_to_the_month_is_marked(G) -> None:
    at = start(changed_from="2021-07-14", changed_to="2024-07-14")
    assert "Belarus, 2021-11 (month only)" in text(at)


def test_a_step_ends_a_comparison_from_its_second_date(G) -> None:
    at = start(changed_from="2013-12-31", changed_to="2014-12-31")
    assert "suspended from cooperation with NATO" in text(at)
    step(at, "w_time_next")
    assert dict(at.query_params) == {"as_of": "2015-12-31"}
    at = start(changed_from="2013-12-31", changed_to="2014-12-31")
    step(at, "w_time_back")
    assert dict(at.query_params) == {"as_of": "2013-12-31"}


def test_dates_in_the_wrong_order_are_refused_and_the_view_kept() -> None:
    at = start(changed_from="2021-07-14")
    at.text_input(key="w_changed_to").input("2014-01-01").run()
    assert not at.exception
    assert any("is after changed_to" in re.sub(r"\\(.)", r"\1", item.value) for item in at.warning)
    assert dict(at.query_params) == {"changed_from": "2021-07-14"}
    assert at.text_input(key="w_changed_to").value == "", "the widget is set back"


def test_reported_by_applies_to_the_timeline_and_to_a_comparison(G) -> None:
    """Finland's and Sweden's accessions are sourced only by NATO's enlargement page of 2024-03-08."""
    at = start(preset="members", reported_by="2023-12-31", as_of="2024-06-01")
    assert_shows(at, G, PRESETS["members"].spec.with_changes(reported_by="2023-12-31", as_of="2024-06-01"))
    nodes, _ = drawn_ids(at)
    assert FIN not in nodes and SWE not in nodes
    known = timeline(G, PRESETS["members"].spec.with_changes(reported_by="2023-12-31"), "year")
    assert known.last < dt.date(2023, 4, 4), "the timeline spans what had been reported"
    step(at, "w_time_back")
    expected = {"preset": "members", "reported_by": "2023-12-31", "as_of": known.days[-1]}
    assert dict(at.query_params) == expected
    at.text_input(key="w_changed_from").input("2021-07-14").run()
    at.text_input(key="w_changed_to").input("2024-07-14").run()
    page = text(at)
    assert "As reported by 2023-12-31" in page
    assert "Finland, 2023-04-04" not in page
    nodes, edges = drawn_ids(at)
    assert (FIN, NATO, "member_of") not in edges
    at.sidebar.text_input(key="w_reported_by").input("2024-12-31").run()
    assert "Finland, 2023-04-04" in text(at)
    assert (FIN, NATO, "member_of") in drawn_ids(at)[1]


def test_the_membership_chart_and_its_downloads(G) -> None:
    at = start()
    charts = [json.loads(item.proto.spec) for item in at.get("vega_lite_chart")]
    chart = next(spec for spec in charts if "series" in json.dumps(spec))
    points = chart["layer"][1]["data"]["values"]
    sweden = next(point for point in points if point["series"] == "NATO" and point["day"] == "2024-03-07")
    assert sweden["count"] == 32 and "Sweden joined 2024-03-07" in sweden["changes"]
    assert "nato-enlargement" in sweden["sources"]
    labels = [item.proto.label for item in at.get("download_button")]
    assert "Download SVG" in labels and "Download PNG" in labels


def test_histogram_selection_is_read_as_a_period_or_two_dates() -> None:
    from ui.panels.time import brushed_dates, selected_period

    assert selected_period({"bar": [{"period": "2023"}]}) == "2023"
    assert selected_period({"bar": []}) is None
    start_ms = dt.datetime(2021, 7, 14, tzinfo=dt.UTC).timestamp() * 1000
    end_ms = dt.datetime(2024, 3, 2, tzinfo=dt.UTC).timestamp() * 1000
    assert brushed_dates({"brush": {"day": [end_ms, start_ms]}}) == ("2020-12-31", "2024-12-31"), (
        "every year the brush touches is inside the comparison"
    )
    assert brushed_dates({"brush": {"day": [start_ms, end_ms]}}, "month") == ("2021-06-30", "2024-03-31")
    assert brushed_dates({"brush": {"day": ["2023-01-10", "2023-01-20"]}}, "month") == (
        "2022-12-31",
        "2023-01-31",
    )
    assert brushed_dates({"brush": {}}) is None


def test_a_graph_without_dates_says_there_is_no_timeline() -> None:
    from bench.synthetic import ba_graph, tables, zipped

    at = start()
    at.file_uploader(key="w_upload").set_value(
        [("undated.zip", zipped(tables(ba_graph(50))), "application/zip")]
    )
    at.run()
    assert not at.exception, at.exception
    assert any("no timeline to play" in item.value for item in at.info)
    assert "No alliance with members and no framework with partners in this view." in text(at)


# ---- issue 27: dates as typed, steps that say who joined or left, a list one can filter and keep --


def test_a_typed_date_applies_a_year_alone_too_and_a_bad_one_is_refused(G) -> None:
    at = start()
    at.sidebar.text_input(key="w_as_of").input("2004").run()
    assert dict(at.query_params) == {"as_of": "2004"}, "a year, as the command line's --as-of takes it"
    assert_shows(at, G, ViewSpec(as_of="2004"))
    at.sidebar.text_input(key="w_reported_by").input(" 2024-12-31 ").run()
    assert dict(at.query_params) == {"as_of": "2004", "reported_by": "2024-12-31"}
    at.sidebar.text_input(key="w_as_of").input("2024-13-01").run()
    assert not at.exception
    assert any("not a real date" in item.value for item in at.warning)
    assert dict(at.query_params) == {"as_of": "2004", "reported_by": "2024-12-31"}, "the view is kept"
    assert at.sidebar.text_input(key="w_as_of").value == "2004", "the field shows the view's date again"


def test_a_step_lists_who_joined_and_the_graph_rings_them(G) -> None:
    at = start(preset="members", as_of="2020-01-01")
    assert "marks" not in drawn(at), "no step yet: nothing is marked"
    step(at, "w_time_next")
    assert at.query_params["as_of"] == "2021-01-01"
    page = text(at)
    assert "After 2020-01-01, up to 2021-01-01:** :green[1 began], :orange[0 ended]" in page
    assert ":green[became member of NATO]: North Macedonia" in page
    payload = drawn(at)
    assert payload["marks"] == {"state:MKD": "began"}
    assert payload["mark_colours"]["began"] == CHANGE_STYLE["began"][0]
    step(at, "w_time_back")
    assert drawn(at)["marks"] == {"state:MKD": "began"}, "stepping back over the same year names it too"
    at.button(key="w_time_step_compare").click().run()
    assert dict(at.query_params) == {
        "preset": "members",
        "as_of": "2020-01-01",
        "changed_from": "2020-01-01",
        "changed_to": "2021-01-01",
    }, "the step's two days compared, in the same view"


def test_a_comparison_marks_every_entity_that_changed(G) -> None:
    at = start(changed_from="2014-01-01", changed_to="2024-01-01")
    marks = drawn(at)["marks"]
    assert marks["state:MKD"] == "began" and marks["state:MNE"] == "began"
    assert "alliance:nato" not in marks
    page = text(at)
    assert "was published in" not in page, "publication relations are not changes in the world"
    assert "Left out: " in page


def test_the_compare_list_filters_by_relation_and_names_its_command(G) -> None:
    at = start(changed_from="2014-01-01", changed_to="2024-01-01")
    pills = at.multiselect(key="w_time_relations")
    assert "is a member of (3)" in pills.options, "relations read as phrases, with their counts"
    assert not any("published" in option for option in pills.options)
    assert pills.value == [], "none picked: every relation is listed"
    assert "took office in Military Committee" in text(at)
    assert "--relations" not in text(at)
    pills.set_value(["member_of"]).run()
    page = text(at)
    assert "became member of NATO" in page and "took office in Military Committee" not in page
    assert "up to 2024-01-01: :green[**3 began**], :orange[**0 ended**]; 0 have no dates." in page
    assert "--relations member_of" in page, "the command that writes the same file"
    labels = [item.proto.label for item in at.get("download_button")]
    assert "Download CSV" in labels and "Download Markdown" in labels
    assert_shows(at, G, ViewSpec(changed_from="2014-01-01", changed_to="2024-01-01"))  # the graph keeps all
    at.multiselect(key="w_time_relations").set_value([]).run()
    assert "took office in Military Committee" in text(at)


def test_the_membership_chart_tooltip_says_dates_as_dates(G) -> None:
    at = start()
    chart = next(
        json.loads(item.proto.spec) for item in at.get("vega_lite_chart") if "series" in item.proto.spec
    )
    tooltip = {item["title"]: item for item in chart["layer"][1]["encoding"]["tooltip"]}
    assert tooltip["date"]["field"] == "date" and tooltip["date"]["type"] == "nominal"
    points = chart["layer"][1]["data"]["values"]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", point["date"]) for point in points)
    assert chart["layer"][0]["encoding"]["x"]["scale"] == {"type": "utc"}
    histogram = next(
        json.loads(item.proto.spec) for item in at.get("vega_lite_chart") if "brush" in item.proto.spec
    )
    axes = histogram["layer"][0]["encoding"]
    assert axes["x"]["title"] == "year" and axes["y"]["title"].startswith("relations")
