"""The vocabulary declares how each relation reads; every place a person reads a relation uses it."""

from __future__ import annotations

import graph
from graph.details import edge_details, neighbour_rows
from graph.draw.items import edge_id
from graph.export import export_view
from graph.timeline.diff import heading
from graph.view import PRESETS
from graph.vocabulary import RELATIONS, phrase, phrases, relation_sentence


def test_every_relation_reads_as_a_phrase_not_as_its_id() -> None:
    for name, relation in RELATIONS.items():
        assert relation.phrase and "_" not in relation.phrase and "(" not in relation.phrase, name
    assert phrase("excluded_from") == "was excluded from"
    assert phrase("partner_in") == "is a partner in"
    assert phrase("own_relation") == "own relation"  # an upload's own name reads as words
    assert phrases()["member_of"] == "is a member of"


def test_sentences_details_and_time_lists_use_the_phrase(nato) -> None:
    assert (
        relation_sentence("Russia", "excluded_from", "the meeting") == "Russia was excluded from the meeting"
    )
    info = edge_details(nato, edge_id("state:BLR", "event:partners-meeting-2021-07", "excluded_from"))
    assert info["sentence"].startswith("Belarus was excluded from ") and info["relation"] == "excluded_from"
    rows = {row["relation"] for row in neighbour_rows(nato, "event:partners-meeting-2021-07")}
    assert "(neighbour) was excluded from this" in rows
    assert heading("began", "located_in", "Brussels") == "began: is located in Brussels"


def test_the_html_export_and_the_legend_read_phrases(nato) -> None:
    page = export_view(graph.load_graph(), PRESETS["excluded"].spec, "html").decode()
    assert '"excluded_from": "was excluded from"' in page  # the phrases the page reads with
    data = export_view(nato, PRESETS["excluded"].spec, "json")
    assert b"excluded_from" in data  # data formats keep the id
