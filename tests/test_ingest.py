"""Building the graph from an article: extraction, relative dates, review tables, merging."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import graph
from graph.cli import main
from graph.ingest import extract, merge_proposal
from graph.readers import check_dataset
from tests.conftest import CLAIMS, ENTITIES, SOURCES, propose, view_counts

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "article.txt"
MEETING = "event:partners-meeting-2021-07"
sys.path.insert(0, str(ROOT / "bench"))


@pytest.fixture(scope="module")
def seed(nato):
    if not SEED.exists():
        pytest.skip("the seed article is not next to this checkout")
    return extract(
        SEED.read_text(encoding="utf-8"),
        title="Not Invited: Targeted",
        published="2021-07-14",
        url="https://news.antiwar.com/2021/07/14/not-invited-targeted/",
        publisher="Antiwar.com",
        G=nato,
    )


def find(proposal, subject, relation, target):
    return [c for c in proposal.claims if (c.subject, c.relation, c.object) == (subject, relation, target)]


def test_seed_article_gives_what_a_reader_needs(seed) -> None:
    hosted = find(seed, "person:wiermann", "hosted", MEETING)
    assert hosted and "held a meeting" in seed.sentence_text(hosted[0].sentence)
    office = find(seed, "person:wiermann", "holds_office", "body:ims")
    assert office and office[0].role == "Director General"
    assert "Director General" in seed.text[office[0].char_start : office[0].char_end]
    chair = find(seed, "person:bauer", "holds_office", "body:mc")
    assert chair and chair[0].role == "Chair" and "chairman" in seed.sentence_text(chair[0].sentence)
    for state in ("state:RUS", "state:BLR"):
        excluded = find(seed, state, "excluded_from", MEETING)
        assert excluded and "exception of Russia and Belarus" in seed.sentence_text(excluded[0].sentence)
    invited = {c.subject for c in seed.claims if c.relation == "invited_to"}
    assert {"framework:eapc", "framework:md", "framework:ici", "framework:patg"} <= invited
    assert find(seed, MEETING, "reviews", "event:brussels-summit-2021")
    for claim in seed.claims:
        start, end = seed.sentences[claim.sentence]
        assert start <= claim.char_start < claim.char_end <= end


def test_relative_dates_are_resolved_and_say_so(seed) -> None:
    date = find(seed, MEETING, "date", "2021-07-14")
    assert date and "taken from the article's date" in date[0].note
    later = [c for c in find(seed, "person:wiermann", "holds_office", "body:ims") if c.start == "2019"]
    assert later and later[0].note == "'four years later' after 2015 resolved to 2019."


def test_demonyms_and_references(nato) -> None:
    proposal = extract(
        "The German officer spoke. Lieutenant General Hans-Werner Wiermann said the Alliance would "
        "meet again.",
        published="2021-07-14",
        G=nato,
    )
    assert {"state:DEU", "alliance:nato", "person:wiermann"} <= {entity.id for entity in proposal.matched}


def test_new_people_become_candidates(nato) -> None:
    proposal = extract(
        "Lieutenant General Karel Novak took over from Lieutenant General Janusz Adamczak.", G=nato
    )
    assert [(e.id, e.type, e.label) for e in proposal.new_entities] == [
        ("person:novak", "person", "Karel Novak")
    ]
    assert find(proposal, "person:novak", "successor_of", "person:adamczak")


def test_accepting_and_merging_the_seed_article_validates(seed, nato) -> None:
    merged, _ = merge_proposal(graph.graph_to_dataset(nato), seed.to_dataset())
    G, report = check_dataset(merged)
    assert G is not None and report.ok, report.format()
    assert G.number_of_nodes() >= nato.number_of_nodes()
    assert "ingest-not-invited-targeted" in G.graph["sources"]
    assert nato.graph["sources"].keys() <= G.graph["sources"].keys()


def test_merge_reports_new_disagreements_only(nato) -> None:
    base = graph.graph_to_dataset(nato)
    agreeing = extract(
        "The meeting of partner military representatives was held at NATO Headquarters on 13 July 2021.",
        title="Same date",
        url="https://example.org/a",
        published="2021-07-20",
        G=nato,
    )
    merged, conflicts = merge_proposal(base, agreeing.to_dataset())
    assert find(agreeing, MEETING, "held_in", "place:nato-hq")
    assert conflicts == [], "the meeting's dates already disagreed before; nothing new"
    differing = extract(
        "On 1 August 2019 Lieutenant General Hans-Werner Wiermann took up the post of Director "
        "General of the International Military Staff.",
        title="Other date",
        url="https://example.org/b",
        published="2019-08-02",
        G=nato,
    )
    merged, conflicts = merge_proposal(base, differing.to_dataset())
    assert [(c.subject, c.relation, c.proposed) for c in conflicts] == [
        ("person:wiermann", "holds_office", "body:ims")
    ]
    assert len(merged.claims) > len(base.claims)
    assert base == graph.graph_to_dataset(nato), "merging returns a new dataset"


def test_cli_ingest_writes_reviewable_tables(tmp_path, capsys) -> None:
    article = tmp_path / "article.txt"
    article.write_text(
        "On 25 June 2021 Admiral Rob Bauer took up the post of Chair of the NATO Military Committee. "
        "He succeeded Air Chief Marshal Sir Stuart Peach. Finland and Sweden were praised.",
        encoding="utf-8",
    )
    out = tmp_path / "proposal"
    assert (
        main(
            [
                "ingest",
                str(article),
                "--source-url",
                "https://example.org/bauer",
                "--published",
                "2021-06-26",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    said = capsys.readouterr().out
    assert "Proposed 2 claims" in said
    assert "Sentence 3 names two or more entities but gave no claim" in said, (
        "where to read for what was missed"
    )
    details = json.loads((out / "proposals.json").read_text())
    assert {(d["subject"], d["relation"], d["object"]) for d in details} == {
        ("person:bauer", "holds_office", "body:mc"),
        ("person:bauer", "successor_of", "person:peach"),
    }
    assert details[0]["chars"][0] < details[0]["chars"][1] and details[0]["text"].startswith(
        "On 25 June 2021"
    )
    for detail in details:  # what the review screen highlights: the rule and the words it matched
        assert detail["rule"] == detail["method"] and detail["spans"]
        assert [detail["text"][a:b] for a, b in detail["spans"]] == detail["matched"]
    office = next(d for d in details if d["relation"] == "holds_office")
    assert "Military Committee" in " ".join(office["matched"])
    assert main(["validate", str(out)]) == 0


def test_cli_ingest_refuses_a_bad_date(tmp_path, capsys) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Finland joined NATO on 4 April 2023.", encoding="utf-8")
    assert (
        main(
            [
                "ingest",
                str(article),
                "--source-url",
                "https://example.org/f",
                "--published",
                "04/04/2023",
                "-o",
                str(tmp_path / "out"),
            ]
        )
        == 1
    )
    assert "04/04/2023" in capsys.readouterr().err


def test_short_gold_set_targets() -> None:
    """Our own short paraphrases (the real texts are scored in tests/test_ingest_corpus.py)."""
    from ingest_eval import SHORT_SETS, evaluate

    totals: dict[str, list[tuple[float, float]]] = {
        "entity precision": [],
        "entity recall": [],
        "claim precision": [],
        "claim recall": [],
    }
    for path in SHORT_SETS.values():
        figures = evaluate(path)
        for key in totals:
            totals[key].append((figures[key], figures["texts"]))
    combined = {
        key: sum(value * n for value, n in items) / sum(n for _, n in items) for key, items in totals.items()
    }
    assert combined["entity recall"] >= 0.9 and combined["entity precision"] >= 0.85
    assert combined["claim precision"] >= 0.8 and combined["claim recall"] >= 0.6


def test_review_merge_and_undo_in_the_app() -> None:
    at = propose(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run(), title="A future handover")
    assert not at.exception
    assert at.success[0].value.startswith("3 claims proposed"), "successor, his office, and his predecessor's"
    assert any(":orange-background[" in item.value for item in at.markdown), "new candidates are highlighted"
    at.button(key="w_merge").click().run()
    caption = view_counts(at)
    assert caption.startswith("105 entities and 216 relations")
    at.button(key="w_undo_merge").click().run()
    caption = view_counts(at)
    assert caption.startswith("104 entities and 214 relations")


def test_a_refused_merge_keeps_the_graph() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["w_tab"] = "Build"  # a closed tab is not drawn (ui/side_panel.py)
    at.run()
    at.text_area(key="w_ingest_text").input("Finland joined NATO on 4 April 2023.").run()
    at.text_input(key="w_ingest_url").input("javascript:alert(1)").run()
    at.button(key="w_propose").click().run()
    at.button(key="w_merge").click().run()
    assert not at.exception
    assert any("The merge was refused" in item.value for item in at.error)
    assert any("not an http(s) address" in item.value for item in at.code), "the report is shown as text"
    caption = view_counts(at)
    assert caption.startswith("104 entities and 214 relations")


def test_review_accepts_rejects_and_edits(nato) -> None:
    from graph.ingest import apply_review

    proposal = extract(
        "On 25 June 2021 Admiral Rob Bauer took up the post of Chair of the NATO Military Committee. "
        "He succeeded Air Chief Marshal Sir Stuart Peach.",
        title="t",
        url="https://example.org/t",
        published="2021-06-26",
        G=nato,
    )
    office = next(i for i, c in enumerate(proposal.claims) if c.relation == "holds_office")
    succession = next(i for i, c in enumerate(proposal.claims) if c.relation == "successor_of")
    tables = apply_review(
        proposal, {office: {"start": "2021-06-24", "role": "Chairman"}, succession: {"accept": False}}
    )
    assert [(c.relation, c.start, c.role) for c in tables.claims] == [
        ("holds_office", "2021-06-24", "Chairman")
    ]
    wrong = apply_review(proposal, {office: {"relation": "friend_of"}})
    merged, _ = merge_proposal(graph.graph_to_dataset(nato), wrong)
    G, report = check_dataset(merged)
    assert G is None and "unknown relation 'friend_of'" in report.format(), "a wrong edit is refused at merge"


def test_accept_all_and_none_set_every_row_of_the_review() -> None:
    at = propose(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run())
    evidence = at.data_editor[0].value["evidence"].tolist()
    assert all("«" in text and "»" in text for text in evidence), "each row shows the words its rule matched"
    assert all(at.data_editor[0].value["rule"]), "and the rule that fired"
    at.button(key="w_accept_none").click().run()
    assert at.button(key="w_merge").label == "Merge 0 accepted claims"
    at.button(key="w_accept_all").click().run()
    assert at.button(key="w_merge").label == "Merge 3 accepted claims"


def test_duplicates_are_decided_in_the_app_and_undone() -> None:
    entities = ENTITIES + "state:turkey,state,Turkey,,\nstate:TUR,state,Türkiye,Turkey|Turkiye,\n"
    claims = (
        CLAIMS
        + "state:TUR,member_of,alliance:nato,1952-02-18,,s-nato,para 6,\n"
        + "state:turkey,member_of,alliance:nato,1952,,s-article,para 9,\n"
    )
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.file_uploader(key="w_upload").set_value(
        [
            ("entities.csv", entities.encode(), "text/csv"),
            ("claims.csv", claims.encode(), "text/csv"),
            ("sources.csv", SOURCES.encode(), "text/csv"),
        ]
    ).run()
    at.session_state["w_tab"] = "Build"
    at.session_state["w_build_tab"] = "Duplicates"
    at.run()
    assert not at.exception
    pair = at.selectbox(key="w_dedupe_pair")
    assert "Türkiye ~ Turkey" in pair.options[0] or "Turkey ~ Türkiye" in pair.options[0], pair.options
    before = view_counts(at)
    at.button(key="w_dedupe_same").click().run()
    assert not at.exception
    assert view_counts(at).startswith("10 entities"), "the two are one entity"
    assert before.startswith("11 entities")
    at.button(key="w_dedupe_undo").click().run()
    assert view_counts(at) == before
