"""What the details panel and path finder show, checked without a browser."""

from __future__ import annotations

import pytest

import graph
from graph.details import edge_details, entity_details, neighbour_rows, period_text, step_citations, step_text
from graph.draw import edge_id


def test_russia_shows_its_exclusion_with_the_source(nato) -> None:
    info = entity_details(nato, "state:RUS")
    assert (info["label"], info["type"]) == ("Russia", "state")
    excluded = [item for item in info["relations"] if item["relation"] == "excluded_from"]
    assert len(excluded) == 1 and excluded[0]["negative"]
    citation = excluded[0]["citations"][0]
    assert citation.title.startswith("Not Invited: Targeted")
    assert citation.publisher == "Antiwar.com"
    assert citation.url.startswith("https://news.antiwar.com/")
    assert citation.locator == "para 8 and title"


def test_conflicting_values_are_listed_side_by_side(nato) -> None:
    info = entity_details(nato, "event:partners-meeting-2021-07")
    date = next(fact for fact in info["facts"] if fact["attribute"] == "date")
    assert date["conflict"] is True
    assert [value["value"] for value in date["values"]] == ["2021-07-13", "2021-07-14"]
    assert [value["citations"][0].publisher for value in date["values"]] == ["NATO", "Antiwar.com"]


def test_relations_are_grouped_and_sorted(nato) -> None:
    relations = [item["relation"] for item in entity_details(nato, "person:wiermann")["relations"]]
    assert relations == sorted(relations)


def test_neighbour_rows(nato) -> None:
    rows = neighbour_rows(nato, "state:BLR")
    assert {
        "relation": "was excluded from",
        "neighbour": "NATO partners' military representatives meeting (July 2021)",
        "type": "event",
        "period": "",
        "sources": "1",
        "id": "event:partners-meeting-2021-07",
    } in rows
    runs = [
        relation
        for index, relation in enumerate(row["relation"] for row in rows)
        if index == 0 or rows[index - 1]["relation"] != relation
    ]
    assert len(runs) == len(set(runs)), "rows are grouped by relation"
    assert neighbour_rows(nato, "state:BLR", entity_details(nato, "state:BLR")) == rows, (
        "details the caller already has give the same rows"
    )


def test_edge_details(nato) -> None:
    info = edge_details(nato, edge_id("person:wiermann", "body:ims", "holds_office"))
    assert info["period"] == "2019-07-11 – 2022-07-14"
    assert info["role"] == "Director General"
    assert {citation.source for citation in info["citations"]} >= {
        "nato-wiermann-takes-office-2019",
        "rozoff-2021",
    }


def test_path_steps_read_as_sentences_with_sources(nato) -> None:
    path = graph.shortest_paths(nato, "person:wiermann", "state:BLR")[0]
    assert [step_text(nato, step) for step in path] == [
        "Hans-Werner Wiermann hosted NATO partners' military representatives meeting (July 2021)",
        "Belarus was excluded from NATO partners' military representatives meeting (July 2021)",
    ]
    assert step_citations(nato, path[1])[0].source == "rozoff-2021"


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        ("2019", "2022", "2019 – 2022"),
        ("2019", None, "from 2019"),
        (None, "1997", "until 1997"),
        (None, None, ""),
    ],
)
def test_period_text(start, end, text) -> None:
    assert period_text(start, end) == text


def test_unknown_entity(nato) -> None:
    with pytest.raises(graph.UnknownEntityError):
        entity_details(nato, "state:XXX")
