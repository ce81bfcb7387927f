"""A view comparing two dates (ViewSpec.changed_from / changed_to): the union, each edge's
status, the colours and legend, the URL and the exports."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.draw import CHANGE_STYLE, split_edge_id, view_payload
from graph.draw.styles import FADED_ALPHA
from graph.errors import InputError
from graph.export import export_view
from graph.timeline import TimelineIndex, diff, diff_view, edge_statuses
from graph.view import ARTICLE_DATE, PRESETS, ViewSpec, apply_view, comparison, today

FIN, SWE, RUS = "state:FIN", "state:SWE", "state:RUS"
NATO, PFP = "alliance:nato", "framework:pfp"
COMPARED = ViewSpec(changed_from="2021-07-14", changed_to="2024-07-14")


def payload_of(G, spec: ViewSpec):
    return view_payload(G, spec, None, lambda nodes: {}, screen=False)


def test_a_comparison_view_is_the_union_of_diff_view(nato) -> None:
    union, _ = diff_view(nato, "2021-07-14", "2024-07-14")
    view = apply_view(nato, COMPARED)
    assert set(view) == set(union)
    assert set(view.edges(keys=True)) == set(union.edges(keys=True))


def test_a_comparison_holds_both_dates_and_every_change_the_diff_lists(nato) -> None:
    held = {
        edge
        for day in ("2021-07-14", "2024-07-14")
        for edge in apply_view(nato, ViewSpec(as_of=day)).edges(keys=True)
    }
    changes = diff(nato, "2021-07-14", "2024-07-14")
    changed = {change.edge for change in (*changes.began, *changes.ended)}
    assert {(FIN, NATO), (SWE, NATO)} <= {(subject, target) for subject, target, _ in changed}
    assert set(apply_view(nato, COMPARED).edges(keys=True)) == held | changed


def test_the_as_of_date_does_not_change_a_comparison(nato) -> None:
    view = apply_view(nato, COMPARED.with_changes(as_of="1960-01-01"))
    assert set(view.edges(keys=True)) == set(apply_view(nato, COMPARED).edges(keys=True))


def test_the_other_filters_apply_to_both_dates(nato) -> None:
    spec = COMPARED.with_changes(relations=("member_of",), hide_isolated=True)
    view = apply_view(nato, spec)
    assert {data["relation"] for *_, data in view.edges(data=True)} == {"member_of"}
    assert FIN in view and SWE in view and "framework:pfp" not in view
    union, _ = diff_view(
        nato, "2021-07-14", "2024-07-14", ViewSpec(relations=("member_of",), hide_isolated=True)
    )
    assert set(view.edges(keys=True)) == set(union.edges(keys=True))


def test_only_the_first_date_compares_up_to_today(nato) -> None:
    assert comparison(ViewSpec(changed_from=ARTICLE_DATE)) == (ARTICLE_DATE, today())
    view = apply_view(nato, ViewSpec(changed_from=ARTICLE_DATE))
    assert set(view.edges(keys=True)) == set(diff_view(nato, ARTICLE_DATE, today())[0].edges(keys=True))
    only_second = ViewSpec(changed_to="2024-07-14", as_of="1990-01-01")
    assert set(apply_view(nato, only_second).edges(keys=True)) == set(
        apply_view(nato, ViewSpec(as_of="1990-01-01")).edges(keys=True)
    ), "without a first date nothing is compared: the as-of date applies"


def test_reversed_dates_are_refused_with_the_fields_named() -> None:
    with pytest.raises(InputError, match=r"changed_from .* is after changed_to"):
        ViewSpec(changed_from="2024-01-01", changed_to="2021-01-01")
    with pytest.raises(InputError, match="is after changed_to"):
        ViewSpec.from_query_params({"changed_from": "2024", "changed_to": "2021"})


def test_a_comparison_round_trips_through_the_url() -> None:
    spec = PRESETS["members"].spec.with_changes(
        changed_from=ARTICLE_DATE, changed_to="2024-07-14", preset="members"
    )
    params = spec.to_query_params()
    assert params == {"changed_from": ARTICLE_DATE, "changed_to": "2024-07-14", "preset": "members"}
    assert ViewSpec.from_query_params(params) == spec
    linked = ViewSpec.from_query_params({"changed_from": ARTICLE_DATE, "changed_to": "today"})
    assert linked.changed_to == today(), "'today' in a link is read as the day"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dates(min_value=dt.date(1945, 1, 1), max_value=dt.date(2026, 1, 1)),
    st.dates(min_value=dt.date(1945, 1, 1), max_value=dt.date(2026, 1, 1)),
)
def test_statuses_read_from_the_union_match_the_diff(nato, first: dt.date, second: dt.date) -> None:
    first, second = min(first, second), max(first, second)
    union, statuses = diff_view(nato, first, second)
    assert edge_statuses(union, first, second) == statuses
    result = diff(nato, first, second)
    assert {change.edge for change in result.began} == statuses.began | statuses.began_and_ended
    assert {change.edge for change in result.ended} == statuses.ended | statuses.began_and_ended
    assert {change.edge for change in result.undated} >= statuses.undated


def test_changed_relations_are_coloured_and_the_rest_faded(nato) -> None:
    payload = payload_of(nato, COMPARED)
    edges = {split_edge_id(edge["id"]): edge for edge in payload["edges"]}
    joined = edges[(FIN, NATO, "member_of")]
    assert joined["change"] == "began" and joined["color"]["color"] == CHANGE_STYLE["began"][0]
    left = edges[(FIN, PFP, "partner_in")]
    assert left["change"] == "ended" and left["color"]["color"] == CHANGE_STYLE["ended"][0]
    kept = edges[("state:DEU", NATO, "member_of")]
    assert kept["change"] == "unchanged" and kept["color"]["color"].endswith(FADED_ALPHA)
    nodes = {node["id"]: node for node in payload["nodes"]}
    assert not nodes[FIN]["faded"] and not nodes[NATO]["faded"], "a change touches them"
    assert nodes["state:DEU"]["faded"], "no change touches Germany"


def test_the_legend_says_what_the_colours_mean(nato) -> None:
    legend = payload_of(nato, COMPARED)["legend"]
    changes = [item for item in legend["edges"] if item.get("change")]
    assert [item["label"] for item in changes] == [
        "began after 2021-07-14, by 2024-07-14",
        "ended after 2021-07-14, by 2024-07-14",
        "began and ended after 2021-07-14, by 2024-07-14",
    ]
    assert [item["color"] for item in changes] == [colour for colour, _ in CHANGE_STYLE.values()]
    assert any("faded: unchanged" in note for note in legend["notes"])
    assert not any(item.get("change") for item in payload_of(nato, ViewSpec())["legend"]["edges"])


def test_the_edge_layer_of_a_large_view_keeps_the_colours(nato) -> None:
    from graph.settings import overridden

    with overridden(edge_layer=10):
        payload = view_payload(nato, COMPARED, None, lambda nodes: {}, screen=True)
    assert payload["edge_layer"]
    colours = [edge["color"]["color"] for edge in payload["edges"]]
    assert colours.count(CHANGE_STYLE["began"][0]) == sum(
        1 for edge in payload_of(nato, COMPARED)["edges"] if edge["change"] == "began"
    )


def test_an_export_of_a_comparison_holds_the_union_and_its_colours(nato) -> None:
    data = json.loads(export_view(nato, COMPARED, "json"))
    union, _ = diff_view(nato, "2021-07-14", "2024-07-14")
    edges = data.get("edges") or data.get("links")
    assert len(edges) == union.number_of_edges()
    svg = export_view(nato, COMPARED, "svg").decode()
    for colour, text in CHANGE_STYLE.values():
        assert f'stroke="{colour}"' in svg or f"stroke='{colour}'" in svg, text
        assert f"{text} after 2021-07-14, by 2024-07-14" in svg, "the picture's legend says it"
    html = export_view(nato, COMPARED, "html").decode()
    assert "began after 2021-07-14, by 2024-07-14" in html


def test_the_timeline_index_shows_a_comparison_on_every_day(nato) -> None:
    index = TimelineIndex(nato, COMPARED)
    assert index.exact
    expected = apply_view(nato, COMPARED)
    for day in ("1950-01-01", "2022-01-01"):
        nodes, edges = index.visible(day)
        assert nodes == set(expected) and edges == set(expected.edges(keys=True))
        assert set(index.view(day).edges(keys=True)) == edges


def test_reported_by_applies_to_a_comparison(nato) -> None:
    """Finland's and Sweden's accessions are sourced only by a page of 2024-03-08."""
    before = apply_view(nato, COMPARED.with_changes(reported_by="2023-12-31"))
    assert not before.has_edge(FIN, NATO)
    after = apply_view(nato, COMPARED.with_changes(reported_by="2024-12-31"))
    assert after.has_edge(FIN, NATO)
    assert RUS in after
