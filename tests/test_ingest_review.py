"""What the rules missed, added by the reviewer: quiet sentences, entities and claims added by hand
to an article's proposal (graph.ingest.workflow), checked and cited like the rules' own."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import graph
from bench.ingest_eval import load_gold
from bench.review_hints import cited_paragraphs, paragraphs, text_figures
from graph.errors import ReviewError
from graph.ingest import extract, merge_proposal
from graph.ingest.base import BY_REVIEWER
from graph.ingest.workflow import add_claim, add_entity, quiet_sentences, review, text_entities
from graph.readers import check_dataset
from graph.vocabulary import ATTRIBUTES, DOMAIN_RANGE, RELATIONS, allows, phrase
from tests.conftest import HANDOVER, propose

ROOT = Path(__file__).resolve().parents[1]

PASSAGE = HANDOVER + " Sweden has long worked closely with the Partnership for Peace, and Ukraine too."


@pytest.fixture(scope="module")
def proposal(nato):
    return extract(
        PASSAGE, title="A handover", url="https://example.org/handover", published="2024-03-07", G=nato
    )


def test_sentences_naming_entities_without_a_claim_are_listed(proposal) -> None:
    assert {claim.sentence for claim in proposal.claims} == {0}, "the rules read only the handover"
    assert quiet_sentences(proposal) == [(1, ["state:SWE", "framework:pfp", "state:UKR"])]
    one = extract("Sweden was mentioned. Nothing else.", title="t", url="https://x.org/a")
    assert quiet_sentences(one) == [], "a sentence naming one entity is no place to look for a relation"


def test_a_claim_added_by_hand_is_merged_and_cited_to_its_sentence(proposal, nato) -> None:
    before = list(proposal.claims)
    added = add_claim(proposal, "state:SWE", "partner_in", "framework:pfp", 1, start="1994-05-09")
    assert proposal.claims == before, "the proposal under review is not changed in place"
    claim = added.claims[-1]
    assert (claim.rule, claim.confidence, claim.sentence) == (BY_REVIEWER, 1.0, 1)
    assert [added.sentence_text(1)[a:b] for a, b in claim.spans] == ["Sweden", "Partnership for Peace"]
    tables = review(added, {})
    cited = next(c for c in tables.claims if c.subject == "state:SWE")
    assert cited.source == tables.sources[0].id and cited.start == "1994-05-09"
    assert cited.locator.startswith("sentence 2, characters ")
    assert cited.note.startswith("Added by the reviewer")
    merged, _ = merge_proposal(graph.graph_to_dataset(nato), tables)
    G, report = check_dataset(merged)
    assert G is not None, report.format()
    assert any(
        tables.sources[0].id in data["citations"]
        for _, target, data in G.out_edges("state:SWE", data=True)
        if target == "framework:pfp"
    ), "the article is among the sources of Sweden's partnership"


def test_an_attribute_takes_a_checked_value(proposal) -> None:
    added = add_claim(proposal, "person:novak", "rank", " Lieutenant  General ", 0)
    assert added.claims[-1].object == "Lieutenant General"
    with pytest.raises(ReviewError, match=r"^Value: 'many' is not a whole number"):
        add_claim(proposal, "person:novak", "troops", "many", 0)
    with pytest.raises(ReviewError, match=r"^Value: '14 July' is not a date"):
        add_claim(proposal, "person:novak", "date", "14 July", 0)


@pytest.mark.parametrize(
    ("subject", "relation", "target", "sentence", "start", "field", "what"),
    [
        ("state:FIN", "partner_in", "framework:pfp", 1, None, "Subject", "not named in the text"),
        ("state:SWE", "partner_in", "alliance:nato", 1, None, "Object", "not named in the text"),
        (
            "state:SWE",
            "member_of",
            "framework:pfp",
            1,
            None,
            "Relation",
            "does not link a state to a framework",
        ),
        ("state:SWE", "friend_of", "state:UKR", 1, None, "Relation", "not in the vocabulary"),
        ("state:SWE", "partner_in", "framework:pfp", 2, None, "Sentence", "sentences 1 to 2"),
        ("state:SWE", "partner_in", "framework:pfp", 1, "May 1994", "Start", "not a date"),
        ("person:novak", "successor_of", "person:adamczak", 0, None, "Claim", "proposed already, in row 1"),
    ],
)
def test_what_cannot_be_kept_is_refused_naming_the_field(
    proposal, subject, relation, target, sentence, start, field, what
):
    with pytest.raises(ReviewError, match=what) as refused:
        add_claim(proposal, subject, relation, target, sentence, start=start)
    assert refused.value.field == field and str(refused.value).startswith(f"{field}: ")


def test_an_entity_the_rules_missed_is_added_once(proposal, nato) -> None:
    added, node = add_entity(proposal, "person", "Radosław Sikorski", nato)
    assert node == "person:radoslaw-sikorski" and proposal.new_entities != added.new_entities
    again, same = add_entity(added, "person", "RADOSŁAW  sikorski", nato)
    assert (same, again) == (node, added), "the same name (letters folded) is the same entity"
    known, russia = add_entity(added, "state", "Russian Federation", nato)
    assert russia == "state:RUS" and "state:RUS" in {e.id for e in known.matched}, "the dataset's, by alias"
    _, second = add_entity(added, "person", "Radosław-Sikorski", nato)
    assert second == "person:radoslaw-sikorski-2", "another name with the same id part gets its own id"
    named = add_claim(known, node, "national_of", "state:RUS", 1)
    assert named.claims[-1].spans == (), "neither is named in that sentence: no words to mark"
    with pytest.raises(ReviewError, match=r"^Name: "):
        add_entity(proposal, "person", "   ")
    with pytest.raises(ReviewError, match=r"^Type: 'ship' is not a type"):
        add_entity(proposal, "ship", "HMS Victory")


NAMES = st.sampled_from(
    ["state:SWE", "framework:pfp", "state:UKR", "person:novak", "person:adamczak", "body:ims"]
)


@settings(max_examples=60, deadline=None)
@given(subject=NAMES, relation=st.sampled_from(sorted(RELATIONS)), target=NAMES, sentence=st.integers(0, 1))
def test_nothing_the_vocabulary_refuses_is_kept_and_all_it_keeps_merges(
    proposal, nato, subject, relation, target, sentence
) -> None:
    """Property: a claim added by hand is kept only when the domain/range table allows it and it
    is not proposed already; whatever is kept merges into the dataset and passes its checks."""
    types = {entity.id: entity.type for entity in text_entities(proposal)}
    proposed = {(c.subject, c.relation, c.object) for c in proposal.claims}
    try:
        added = add_claim(proposal, subject, relation, target, sentence)
    except ReviewError:
        assert not allows(relation, types[subject], types[target]) or (subject, relation, target) in proposed
        return
    assert allows(relation, types[subject], types[target]) and relation not in ATTRIBUTES
    merged, _ = merge_proposal(graph.graph_to_dataset(nato), review(added, {}))
    assert check_dataset(merged)[0] is not None


# ---- In the app (AppTest) --------------------------------------------------------------------------


def test_the_reviewer_adds_an_entity_and_a_claim_and_keeps_the_ticks() -> None:
    at = propose(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run(), text=PASSAGE)
    assert not at.exception
    assert any("1 sentence names two or more entities but gave no claim" in m.value for m in at.markdown)
    at.button(key="w_accept_none").click().run()
    assert at.button(key="w_merge").label == "Merge 0 accepted claims"
    assert at.selectbox(key="w_missed_sentence").value == 1, "the quiet sentence is the first offered"

    assert at.selectbox(key="w_missed_type").value == "person", "the type most often missed"
    at.text_input(key="w_missed_name").input("Radosław Sikorski").run()
    at.button(key="w_missed_add_entity").click().run()
    assert not at.exception
    assert "(person:radoslaw-sikorski) added as new" in at.success[-1].value.replace("\\", "")
    assert at.selectbox(key="w_missed_subject").value == "person:radoslaw-sikorski", "picked for the claim"
    assert at.button(key="w_merge").label == "Merge 0 accepted claims", "the ticks are kept"

    at.selectbox(key="w_missed_subject").set_value("state:SWE")
    at.selectbox(key="w_missed_relation").set_value("member_of")
    at.selectbox(key="w_missed_object").set_value("framework:pfp").run()
    at.button(key="w_missed_add_claim").click().run()
    refused = [item.value.replace("\\", "") for item in at.error]
    assert any(
        text.startswith("Relation: 'is a member of' does not link a state to a framework") for text in refused
    )
    assert at.button(key="w_merge").label == "Merge 0 accepted claims", "nothing was added"

    at.selectbox(key="w_missed_relation").set_value("partner_in").run()
    options = at.selectbox(key="w_missed_relation").options
    allowed = [n for n in sorted(RELATIONS, key=phrase) if "state" in DOMAIN_RANGE[n][0]]
    assert options[: len(allowed)] == [phrase(n) for n in allowed], "what a state may have comes first"
    assert any(c.value == "Reads: Sweden is a partner in Partnership for Peace" for c in at.caption)
    at.text_input(key="w_missed_start").input("1994-05-09").run()
    at.button(key="w_missed_add_claim").click().run()
    assert not at.exception
    assert at.button(key="w_merge").label == "Merge 1 accepted claims", "the added claim is ticked, no other"
    table = at.data_editor[0].value
    assert table["rule"].tolist()[-1] == BY_REVIEWER and table["start"].tolist()[-1] == "1994-05-09"
    assert table["accept"].tolist() == [False, False, False, True]
    assert table["proposed"].tolist()[0] == "Karel Novak succeeded Janusz Adamczak", (
        "each row reads as a sentence"
    )
    assert table["proposed"].tolist()[-1] == "Sweden is a partner in Partnership for Peace (from 1994-05-09)"

    at.button(key="w_merge").click().run()
    assert not at.exception
    merged = [item.value.replace("\\", "") for item in at.success]
    assert any(": 1 claims, 0 entities" in text for text in merged), "only the claim ticked, no unused entity"
    at.button(key="w_undo_merge").click().run()
    assert not at.exception and any("undone" in item.value for item in at.success)


def test_a_text_the_rules_propose_nothing_for_can_still_be_reviewed() -> None:
    at = propose(
        AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run(),
        text="Sweden and Finland were mentioned in passing.",
    )
    assert not at.exception
    assert at.success[0].value.startswith("0 claims proposed")
    assert any("proposed no claim" in item.value for item in at.info), "said, not an empty table"
    at.selectbox(key="w_missed_subject").set_value("state:SWE")
    at.selectbox(key="w_missed_relation").set_value("related_to")
    at.selectbox(key="w_missed_object").set_value("state:FIN").run()
    at.button(key="w_missed_add_claim").click().run()
    assert not at.exception
    assert at.button(key="w_merge").label == "Merge 1 accepted claims"


# ---- bench/review_hints.py: where the missed claims are ------------------------------------------


def test_paragraphs_are_counted_as_the_gold_counts_them() -> None:
    blank = "First para.\nStill first.\n\nSecond para.\n\n\nThird."
    assert [blank[a:b] for a, b in paragraphs(blank)] == [
        "First para.\nStill first.",
        "Second para.",
        "Third.",
    ]
    lines = "One.\nTwo.\nThree."
    assert [lines[a:b] for a, b in paragraphs(lines)] == ["One.", "Two.", "Three."]
    assert cited_paragraphs("p2") == {1} and cited_paragraphs("p1-p3") == {0, 1, 2}


@pytest.mark.skipif(not (ROOT.parent / "shared" / "corpus" / "articles").exists(), reason="no shared corpus")
def test_every_missed_claim_of_the_development_texts_is_placed_in_a_paragraph(nato) -> None:
    totals: dict[str, int] = {}
    for item in load_gold()["articles"]:
        if item["part"] == "development":
            for key, value in text_figures(item, nato).items():
                totals[key] = totals.get(key, 0) + value
    assert totals["missed"] > 0
    assert totals["all found"] == totals["missed"], "every gold locator names a paragraph of its text"
    assert totals["quiet sentences"] < totals["naive sentences"] < totals["all sentences"]
    assert totals["quiet found"] <= totals["naive found"] <= totals["all found"]
