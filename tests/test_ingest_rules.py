"""The extraction rules, one quirk of real prose at a time (our own sentences, not corpus text)."""

from __future__ import annotations

import datetime
import importlib
import pkgutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graph
import graph.ingest.rules
from graph.ingest import extract
from graph.ingest.dates import find_dates
from graph.ingest.names import fold, slug
from graph.ingest.rules import RULES, SECONDARY_RULE_NAMES
from tests.conftest import extract_from as run
from tests.conftest import triples as claims


def test_slug_folds_accents_instead_of_dropping_letters() -> None:
    assert slug("Sauli Niinistö") == "sauli-niinisto"
    assert slug("Boris Tadić") == "boris-tadic"
    assert slug("Álvaro González") == "alvaro-gonzalez"
    assert slug("Jonas Gahr Støre") == "jonas-gahr-store"


def test_unknown_people_after_any_title_get_offices_and_nationalities(nato) -> None:
    proposal = run(
        nato,
        "Air Marshal Sir Edmund Hale greeted the cadets. Later, US Secretary of State Dana Whitcombe met "
        "NATO head Lars Evensen and Hungarian Prime Minister Gyula Farkas.",
    )
    people = {e.id: e.label for e in proposal.new_entities if e.type == "person"}
    assert people["person:hale"] == "Sir Edmund Hale"
    found = claims(proposal)
    assert ("person:whitcombe", "holds_office", "state:USA") in found
    assert ("person:whitcombe", "national_of", "state:USA") in found
    assert ("person:evensen", "holds_office", "alliance:nato") in found
    assert ("person:farkas", "holds_office", "state:HUN") in found
    assert ("person:farkas", "national_of", "state:HUN") in found


def test_title_after_the_name_and_before_it_with_a_comma(nato) -> None:
    proposal = run(
        nato,
        "Marta Ilic, President of Montenegro, arrived first. Speaking later, NATO's Secretary General, "
        "Lord Pembury, thanked her.",
    )
    found = claims(proposal)
    assert ("person:ilic", "holds_office", "state:MNE") in found
    assert ("person:ilic", "national_of", "state:MNE") in found
    assert ("person:pembury", "holds_office", "alliance:nato") in found


def test_nationality_from_a_service(nato) -> None:
    proposal = run(nato, "Vice Admiral Joost Verhagen of the Royal Netherlands Navy took command.")
    assert ("person:verhagen", "national_of", "state:NLD") in claims(proposal)


def test_enumerations_after_a_framework_and_after_as(nato) -> None:
    proposal = run(
        nato,
        "The dialogue with the ICI countries – Qatar, Kuwait, Bahrain and the UAE – went on. "
        "NATO lists Japan, Mongolia and New Zealand as partners across the globe.",
    )
    found = claims(proposal, "partner_in")
    for state in ("QAT", "KWT", "BHR", "ARE"):
        assert (f"state:{state}", "partner_in", "framework:ici") in found
    for state in ("JPN", "MNG", "NZL"):
        assert (f"state:{state}", "partner_in", "framework:patg") in found


def test_accession_of_several_states_to_a_framework(nato) -> None:
    proposal = run(
        nato, "Allies welcomed the accession of Serbia, Montenegro and Ireland to the Partnership for Peace."
    )
    assert {
        ("state:SRB", "partner_in", "framework:pfp"),
        ("state:MNE", "partner_in", "framework:pfp"),
    } <= claims(proposal)


def test_handover_gives_the_office_to_the_successor_with_dates(nato) -> None:
    proposal = run(
        nato,
        "On 3 March 2024 General Ana Ruiz handed over to General Tomas Berg as Director General of the "
        "International Military Staff.",
    )
    offices = {(c.subject, c.start, c.end) for c in proposal.claims if c.relation == "holds_office"}
    assert ("person:berg", "2024-03-03", None) in offices
    assert ("person:ruiz", None, "2024-03-03") in offices
    assert ("person:berg", "successor_of", "person:ruiz") in claims(proposal)


def test_succession_by_a_passive_and_by_a_future_replacement(nato) -> None:
    proposal = run(
        nato,
        "General Ana Ruiz is succeeded as Chair of the Military Committee by Admiral Tomas Berg. "
        "Minister Paul Amsel will replace the current Secretary General Jens Stoltenberg.",
    )
    found = claims(proposal, "successor_of")
    assert ("person:berg", "successor_of", "person:ruiz") in found
    assert ("person:amsel", "successor_of", "person:stoltenberg") in found


def test_no_wrong_attachment_to_a_state_named_after_the_joiner(nato) -> None:
    proposal = run(
        nato,
        "Finland became the 31st member of NATO on 4 April 2023, when its papers were handed to US "
        "Secretary of State Dana Whitcombe.",
    )
    members = claims(proposal, "member_of")
    assert members == {("state:FIN", "member_of", "alliance:nato")}
    start = next(c.start for c in proposal.claims if c.relation == "member_of")
    assert start == "2023-04-04"


def test_negated_and_hoped_for_membership_is_not_proposed(nato) -> None:
    proposal = run(
        nato,
        "Ireland will never join NATO. The Secretary General hopes that Oman and Saudi Arabia will join the "
        "Istanbul Cooperation Initiative.",
    )
    assert not claims(proposal, "member_of") and not claims(proposal, "partner_in")


def test_events_with_verbs_dates_nearby_and_coreference(nato) -> None:
    proposal = run(
        nato,
        "Defence ministers met at NATO Headquarters on 16 and 17 November 2023. "
        "A ceremony for the new Ally will take place in Vilnius. It is planned for 3 December 2023. "
        "Colonel Ruta Kairys said at the ceremony that she was proud.",
        published="2023-11-20",
    )
    dates = {c.subject: c.object for c in proposal.claims if c.relation == "date"}
    assert dates.get("event:meeting-2023-11-16") == "2023-11-16"
    assert ("event:meeting-2023-11-16", "held_in", "place:nato-hq") in claims(proposal)
    ceremony = next(node for node, day in dates.items() if day == "2023-12-03")
    assert (ceremony, "held_in", "place:vilnius") in claims(proposal)
    assert ("person:kairys", "spoke_at", ceremony) in claims(proposal)


def test_he_and_the_secretary_general_refer_back(nato) -> None:
    proposal = run(
        nato,
        "NATO Secretary General Jens Stoltenberg opened a meeting of defence ministers on 12 June 2024. "
        "The Secretary General said at the meeting that Allies must spend more.",
        published="2024-06-12",
    )
    assert any(m.how == "coreference" and m.id == "person:stoltenberg" for m in proposal.mentions)
    meeting = next(c.subject for c in proposal.claims if c.relation == "date")
    assert ("person:stoltenberg", "spoke_at", meeting) in claims(proposal)
    assert ("person:stoltenberg", "hosted", meeting) in claims(proposal)


def test_every_claim_names_its_rule_and_the_words_it_matched(nato) -> None:
    proposal = run(
        nato,
        "Finland became the 31st member of NATO on 4 April 2023. Marta Ilic, President of Montenegro, "
        "spoke. General Ana Ruiz handed over to General Tomas Berg as Director General of the "
        "International Military Staff.",
    )
    names = {name for name, _ in RULES} | set(SECONDARY_RULE_NAMES)
    assert proposal.claims
    for index, claim in enumerate(proposal.claims):
        assert claim.rule in names and claim.method == claim.rule
        sentence = proposal.sentence_text(claim.sentence)
        start, end = proposal.sentences[claim.sentence]
        assert claim.spans and all(0 <= a < b <= len(sentence) for a, b in claim.spans)
        assert start <= claim.char_start < claim.char_end <= end
        assert all(word.strip() for word in proposal.matched_words(index))
    joined = next(i for i, c in enumerate(proposal.claims) if c.relation == "member_of")
    assert {"Finland", "became", "NATO"} <= set(proposal.matched_words(joined))


def test_every_rule_written_runs_once_under_its_own_name() -> None:
    """A function named with @rule in graph/ingest/rules/ runs only when RULES lists it (in its order)."""
    written = set()
    for module in pkgutil.iter_modules(graph.ingest.rules.__path__):
        found = importlib.import_module(f"graph.ingest.rules.{module.name}")
        written |= {
            value
            for value in vars(found).values()
            if callable(value) and hasattr(value, "rule_name") and value.__module__ == found.__name__
        }
    listed = [function for _, function in RULES]
    assert written and set(listed) == written and len(listed) == len(written)
    names = [name for name, _ in RULES]
    assert len(set(names)) == len(names) and not set(names) & set(SECONDARY_RULE_NAMES)
    assert all(name == function.rule_name for name, function in RULES)


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("It happened yesterday.", "2021-03-01", "2021-02-28"),
        ("They met on Monday.", "2017-06-07", "2017-06-05"),
        ("The talks will end on Thursday.", "2024-09-23", "2024-09-26"),
        ("In two days the council meets.", "2021-07-06", "2021-07-08"),
        ("The session ran on 21–22 January.", "2026-01-23", "2026-01-21"),
        ("He took office on October 1, 2014.", None, "2014-10-01"),
        ("It joined in November, 2004.", None, "2004-11"),
        ("Addressing them on Nov. 25, he spoke.", "2004-11-30", "2004-11-25"),
    ],
)
def test_dates(sentence, published, expected) -> None:
    assert find_dates(sentence, published)[0].value == expected


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_fold_and_slug_are_ascii_and_stable(text) -> None:
    assert fold(fold(text)) == fold(text)
    assert slug(text) == slug(slug(text)) or slug(text) == "x"
    assert all(char.isascii() for char in slug(text))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "On 4 April 2023",
                "Finland",
                "joined",
                "NATO",
                "President",
                "Anna Berg",
                "of Romania",
                ",",
                ".",
                "the meeting",
                "in Madrid",
                "he said",
                "Monday",
                "–",
                "and",
                "the Alliance",
                "hosted",
                "Kuwait",
            ]
        ),
        max_size=30,
    )
)
def test_extraction_never_fails_and_keeps_spans_inside_sentences(words) -> None:
    text = " ".join(words)
    proposal = extract(text, title="t", url="https://example.org/t", published="2023-04-05", G=_graph())
    for claim in proposal.claims:
        start, end = proposal.sentences[claim.sentence]
        assert start <= claim.char_start <= claim.char_end <= end
    for day in find_dates(text, "2023-04-05"):
        datetime.date.fromisoformat(
            (day.value + "-01-01")[:10] if len(day.value) == 4 else (day.value + "-01")[:10]
        )


_GRAPH = []


def _graph():
    if not _GRAPH:
        _GRAPH.append(graph.load_graph())
    return _GRAPH[0]


# ---- issue 24: right when it speaks -------------------------------------------------------------


def test_every_proposal_is_one_the_domain_range_table_allows(nato) -> None:
    from graph.vocabulary import RELATIONS, allows

    proposal = run(
        nato,
        "Sweden, Finland and Austria acceded to the Alliance's Partnership for Peace programme in 1995. "
        "Lithuanian President Algis Brazas joined NATO Secretary General Jens Stoltenberg at the meeting "
        "on 3 May 2024 in Vilnius. Georgia joined NATO's Substantial Package Initiative.",
    )
    kinds = {e.id: e.type for e in proposal.new_entities} | {e.id: e.type for e in proposal.matched}
    for claim in proposal.claims:
        if claim.relation in RELATIONS:
            assert allows(claim.relation, kinds[claim.subject], kinds[claim.object]), claim


def test_an_accession_to_a_programme_is_a_partnership_not_a_membership(nato) -> None:
    proposal = run(
        nato,
        "Sweden, Finland and Austria acceded to the Alliance's Partnership for Peace programme in 1995. "
        "Malta joined NATO's Individual Partnership Programme. The accession of Jordan to the Alliance's "
        "partnership programme was welcomed. Serbia joined NATO-Russia Council talks.",
    )
    assert not claims(proposal, "member_of")
    partners = claims(proposal, "partner_in")
    for state in ("SWE", "FIN", "AUT"):
        assert (f"state:{state}", "partner_in", "framework:pfp") in partners
    assert ("state:MLT", "partner_in", "framework:individual-partnership-programme") in partners


def test_an_accession_to_the_alliance_itself_is_a_membership(nato) -> None:
    proposal = run(nato, "North Macedonia became NATO's 30th member on 27 March 2020.")
    assert claims(proposal, "member_of") == {("state:MKD", "member_of", "alliance:nato")}


def test_joining_a_person_at_a_meeting_is_not_joining_the_alliance(nato) -> None:
    proposal = run(
        nato,
        "Russian President Oleg Voronov joined US President Tom Ward and the leaders of the other NATO "
        "nations at the summit. Georgia can become a member of the alliance.",
    )
    assert not claims(proposal, "member_of")


def test_offices_and_nationality_come_only_from_the_persons_own_phrase(nato) -> None:
    proposal = run(
        nato,
        "In Ankara, Turkish officials received President Ilmar Tamm and Prime Minister Eva Lind. "
        "Norway welcomed Finnish President Sauli Niinistö. Romania's Foreign Minister, Ana Popa, spoke.",
    )
    found = claims(proposal)
    assert not {c for c in found if c[0] in ("person:tamm", "person:lind")}
    assert ("person:niinisto", "holds_office", "state:FIN") in found
    assert ("person:niinisto", "national_of", "state:FIN") in found
    assert ("person:niinisto", "national_of", "state:NOR") not in found
    assert ("person:popa", "holds_office", "state:ROU") in found


def test_an_office_after_a_name_needs_to_be_attached_to_it(nato) -> None:
    proposal = run(
        nato,
        "General Knud Halvorsen met the cadets when he was Chief of Defence of Denmark. Ana Popa met "
        "officials in Kyiv, and Olga Rudenko thanked the President of Ukraine.",
    )
    found = claims(proposal)
    assert ("person:halvorsen", "holds_office", "state:DNK") in found
    assert not {c for c in found if c[0] in ("person:popa", "person:rudenko") and c[2] == "state:UKR"}


# The Latin-script letters of the European languages beyond ASCII (upper and lower case).
EUROPEAN_LETTERS = (
    "àáâãäåāăąæçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňòóôõöøōŏőœŕŗřśŝşšșţťțŧùúûüũūŭůűųŵýÿŷźżžßþð"
    "ÀÁÂÃÄÅĀĂĄÆÇĆĈĊČĎĐÈÉÊËĒĔĖĘĚĜĞĠĢĤĦÌÍÎÏĨĪĬĮİĴĶĹĻĽĿŁÑŃŅŇÒÓÔÕÖØŌŎŐŒŔŖŘŚŜŞŠȘŢŤȚŦÙÚÛÜŨŪŬŮŰŲŴÝŸŶŹŻŽẞÞÐ"
)


@pytest.mark.parametrize("letter", list(EUROPEAN_LETTERS))
def test_every_european_latin_letter_becomes_at_least_one_ascii_letter(letter) -> None:
    folded = fold(letter)
    assert folded and folded.isascii() and folded.isalpha(), (letter, folded)
    assert slug(f"a{letter}b") == f"a{folded}b"


OFFICIALS = [
    ("Polish Foreign Minister Radosław Sikorski", "Radosław Sikorski", "person:sikorski", "state:POL"),
    ("Turkish Foreign Minister Mevlüt Çavuşoğlu", "Mevlüt Çavuşoğlu", "person:cavusoglu", "state:TUR"),
    ("Serbian Defence Minister Bratislav Gašić", "Bratislav Gašić", "person:gasic", "state:SRB"),
    ("Croatian Foreign Minister Gordan Grlić Radman", "Gordan Grlić Radman", "person:radman", "state:HRV"),
    ("Norwegian Prime Minister Jonas Gahr Støre", "Jonas Gahr Støre", "person:store", "state:NOR"),
    (
        "German Foreign Minister Annalena Baerbock-Weiß",
        "Annalena Baerbock-Weiß",
        "person:baerbock-weiss",
        "state:DEU",
    ),
    ("Montenegrin Prime Minister Duško Marković", "Duško Marković", "person:markovic", "state:MNE"),
    ("Serbian Prime Minister Đorđe Đukić", "Đorđe Đukić", "person:dukic", "state:SRB"),
    ("Turkish Defence Minister Yaşar Güler", "Yaşar Güler", "person:guler", "state:TUR"),
    ("Turkish Foreign Minister Hakan Fidanoğlu", "Hakan Fidanoğlu", "person:fidanoglu", "state:TUR"),
    ("Romanian Foreign Minister Bogdan Aurescuă", "Bogdan Aurescuă", "person:aurescua", "state:ROU"),
    ("Hungarian Foreign Minister Péter Szijjártő", "Péter Szijjártő", "person:szijjarto", "state:HUN"),
    ("Slovak Defence Minister Robert Kaliňák", "Robert Kaliňák", "person:kalinak", "state:SVK"),
    ("Czech Foreign Minister Jan Lipavský Žák", "Jan Lipavský Žák", "person:zak", "state:CZE"),
]


@pytest.mark.parametrize(("phrase", "label", "node", "state"), OFFICIALS)
def test_officials_with_letters_beyond_latin_1_keep_their_whole_name(
    nato, phrase, label, node, state
) -> None:
    proposal = run(nato, f"On 4 March 2024 {phrase} met the press.")
    people = {e.id: e.label for e in proposal.new_entities if e.type == "person"}
    assert people == {node: label}
    assert (node, "holds_office", state) in claims(proposal)
    assert (node, "national_of", state) in claims(proposal)


def _event_dates(proposal):
    return {c.subject: c.object for c in proposal.claims if c.relation == "date"}


def test_an_event_takes_the_date_of_its_own_phrase_not_the_articles(nato) -> None:
    proposal = run(
        nato,
        "The Riga Initiative was launched in 2006 at the Riga Summit. Leaders gathered at the NATO "
        "Summit in Istanbul in 2004.",
        published="2024-05-10",
    )
    dates = _event_dates(proposal)
    assert dates.get("event:riga-summit-2006") == "2006"
    assert dates.get("event:summit-2004") == "2004"
    assert not [node for node in dates if node.startswith("event:") and "2024" in node]


def test_an_event_the_dataset_knows_is_named_and_dated_by_the_dataset(nato) -> None:
    proposal = run(
        nato, "Allies recalled what they agreed at the 2021 Brussels Summit.", published="2024-05-10"
    )
    assert "event:brussels-summit-2021" in {m.id for m in proposal.mentions}
    assert not [e for e in proposal.new_entities if e.type == "event"]


def test_the_articles_date_only_for_an_event_spoken_of_in_the_present(nato) -> None:
    past = run(nato, "Leaders met at the Vilnius Summit and agreed on a plan.", published="2023-07-20")
    assert not _event_dates(past)
    assert {e.id for e in past.new_entities if e.type == "event"} == {"event:vilnius-summit"}
    present = run(nato, "The Oslo Conference opens in Norway with forty delegations.", published="2024-05-10")
    assert _event_dates(present) == {"event:oslo-conference-2024": "2024-05-10"}
    note = next(c.note for c in present.claims if c.relation == "date")
    assert "article's date" in note


def test_a_mission_is_not_held_where_a_summit_decided_about_it(nato) -> None:
    proposal = run(
        nato,
        "The ISAF mission, which leaders expanded at the summit in Riga in 2006, grew. Allies took "
        "decisions on the International Security Assistance Force at the Lisbon Summit in Lisbon.",
    )
    held = {c for c in claims(proposal, "held_in") if c[0] == "event:isaf"}
    assert not held
    assert any(c[2] == "place:riga" for c in claims(proposal, "held_in"))  # the summit was


def test_an_office_goes_only_to_the_person_its_phrase_is_attached_to(nato) -> None:
    proposal = run(
        nato,
        "Lieutenant General Jan Broeks, Director General of the International Military Staff, briefed the "
        "Chairman of the Military Committee. Director General Hans-Werner Wiermann spoke after the Chair "
        "of the Military Committee had opened the session. The Chair of the Military Committee, Admiral "
        "Rob Bauer, thanked him.",
    )
    offices = claims(proposal, "holds_office")
    assert ("person:broeks", "holds_office", "body:ims") in offices
    assert ("person:bauer", "holds_office", "body:mc") in offices
    assert not {c for c in offices if c[0] in ("person:broeks", "person:wiermann") and c[2] == "body:mc"}


def test_states_named_as_allies_are_members(nato) -> None:
    proposal = run(
        nato,
        "Several Allies, including Denmark and Norway, sent ships. Portugal, a founding member of NATO, "
        "agreed. NATO, founded in 1949 by the United States and Canada, grew. Georgia, a candidate, waits.",
    )
    members = claims(proposal, "member_of")
    for state in ("DNK", "NOR", "PRT", "USA", "CAN"):
        assert (f"state:{state}", "member_of", "alliance:nato") in members
    assert ("state:GEO", "member_of", "alliance:nato") not in members
    assert next(c.start for c in proposal.claims if c.subject == "state:CAN") == "1949"


def test_states_invited_to_a_summit_or_to_join(nato) -> None:
    proposal = run(
        nato,
        "Albania and Croatia were invited to the Bucharest Summit in April 2008. Ministers invited Bosnia "
        "and Herzegovina to join the Membership Action Plan. NATO agreed to invite Serbia to join the "
        "Partnership for Peace.",
    )
    invited = claims(proposal, "invited_to")
    assert ("state:ALB", "invited_to", "event:bucharest-summit-2008") in invited
    assert ("state:HRV", "invited_to", "event:bucharest-summit-2008") in invited
    assert ("state:BIH", "invited_to", "framework:membership-action-plan") in invited
    assert not {c for c in invited if c[0] == "state:SRB"}


def test_who_chaired_a_council_and_who_took_over_duties(nato) -> None:
    proposal = run(
        nato,
        "Jens Stoltenberg chaired his first North Atlantic Council on Wednesday (1 October 2014). "
        "Polish Army Lieutenant General Marek Nowicki assumed the duties of Deputy Supreme Allied "
        "Commander Transformation from Italian Navy Admiral Paolo Ferri on 3 May 2010.",
    )
    found = claims(proposal)
    assert ("person:stoltenberg", "hosted", "event:meeting-of-the-north-atlantic-council-2014-10-01") in found
    assert ("person:nowicki", "successor_of", "person:ferri") in found
    assert ("person:nowicki", "national_of", "state:POL") in found
    assert ("person:ferri", "national_of", "state:ITA") in found


def test_a_secretary_generals_nationality_from_a_demonym_or_a_state_in_the_title(nato) -> None:
    proposal = run(
        nato,
        "Dutch Secretary General Jaap van Leer opened the meeting. NATO Secretary General Ola Berg of "
        "Norway spoke. General Ann Cole of the US Air Force listened.",
    )
    found = claims(proposal)
    assert ("person:leer", "national_of", "state:NLD") in found
    assert ("person:leer", "holds_office", "state:NLD") not in found
    assert ("person:berg", "national_of", "state:NOR") in found
    assert ("person:berg", "holds_office", "alliance:nato") in found
    assert ("person:cole", "national_of", "state:USA") in found


def test_a_claims_confidence_is_its_rules_measured_precision(nato) -> None:
    from graph.ingest.confidence import CONFIDENT, UNMEASURED, is_confident, measured

    table = measured()
    assert table["measured"] and table["rules"]
    proposal = run(
        nato,
        "Finland became the 31st member of NATO on 4 April 2023. Marta Ilic, President of Montenegro, spoke.",
    )
    for claim in proposal.claims:
        entry = table["rules"].get(claim.rule)
        if entry:
            assert claim.confidence == entry["precision"] == round(entry["right"] / entry["proposed"], 3)
        else:
            assert claim.confidence <= UNMEASURED < CONFIDENT and not is_confident(claim.confidence)


def test_a_mixed_case_acronym_names_the_framework(nato) -> None:
    proposal = run(nato, "Estonia, the third Baltic state to take up the PfP offer, signed today.")
    assert ("state:EST", "partner_in", "framework:pfp") in claims(proposal)


def test_two_roles_joined_by_and_keep_the_state_of_the_phrase(nato) -> None:
    proposal = run(
        nato,
        "The chief met the Hungarian Deputy Prime Minister and Minister of Finance, Mr. Zoltan Bako, "
        "in Vienna. The Minister for Trade and Prime Minister Ada Lind also came.",
    )
    found = claims(proposal)
    assert ("person:bako", "holds_office", "state:HUN") in found
    assert ("person:bako", "national_of", "state:HUN") in found
    assert not {c for c in found if c[0] == "person:lind" and c[1] in ("holds_office", "national_of")}


def test_people_who_met_attended_the_meeting(nato) -> None:
    proposal = run(
        nato,
        "On 3 March 2016 the Danish Prime Minister Lars Holm met with Finnish President Eero Salo and "
        "with the Swedish Foreign Minister Karin Berg in Oslo. Minister Eva Dahl has not met with "
        "Minister Jon Lie since 4 April 2015.",
        published="2016-03-03",
    )
    attended = {c[0] for c in claims(proposal, "attended")}
    assert {"person:holm", "person:salo", "person:berg"} <= attended
    assert not attended & {"person:dahl", "person:lie"}
    assert len({c.subject for c in proposal.claims if c.relation == "date"}) == 2  # both meetings named


def test_people_the_sentence_places_at_an_event(nato) -> None:
    proposal = run(
        nato,
        "General Piet Maas assumed command of the corps in a ceremony on 2 May 2019. At a short meeting "
        "on 9 May 2019 in Bonn, Foreign Minister Uwe Kalb signed the paper. The programme was started by "
        "President Ola Rand and other leaders at a June summit. Minister Ida Vos criticised the plans "
        "adopted at the summit in June. Minister Ben Roe will speak at a meeting on 1 July 2019.",
        published="2019-07-01",
    )
    attended = {c[0] for c in claims(proposal, "attended")}
    assert {"person:maas", "person:kalb", "person:rand"} <= attended
    assert not attended & {"person:vos", "person:roe"}


def test_an_event_of_a_lead_sentence_takes_its_date(nato) -> None:
    proposal = run(
        nato,
        "Two old rivals agreed a new partnership on 14 May. At a one-day summit near the coast, "
        "President Ivo Lukas signed a declaration.",
        published="2011-05-16",
    )
    summit = next(c for c in proposal.claims if c.relation == "date" and c.subject.startswith("event:"))
    assert summit.object == "2011-05-14" and "previous sentence" in summit.note
    assert ("person:lukas", "attended", summit.subject) in claims(proposal)
    later = run(nato, "Ministers agreed the plan on 4 April. A meeting with partners will follow.")
    assert not [c for c in later.claims if c.relation == "date"]  # a meeting to come is not of that day


def test_a_summit_held_somewhere_has_no_host(nato) -> None:
    proposal = run(
        nato,
        "Speaking at the ceremony on 4 June 2018, President Mira Kos said the day was historic. "
        "President Tom Reed joined leaders in signing a text at a summit held at an air base on "
        "5 June 2018.",
        published="2018-06-05",
    )
    found = claims(proposal)
    assert ("person:kos", "spoke_at", "event:ceremony-2018-06-04") in found
    assert not {c for c in found if c[1] == "hosted"}
    assert ("person:reed", "attended", "event:summit-2018-06-05") in found


def test_a_town_a_comma_and_its_state(nato) -> None:
    proposal = run(
        nato,
        "OSTEND, Belgium -- Ministers gathered on Monday. A parade was held in Tulle, France on 3 May. "
        "Troops served in Kosovo, Afghanistan, the Balkans and Iraq. On Friday, Norway signed.",
    )
    located = claims(proposal, "located_in")
    assert ("place:ostend", "located_in", "state:BEL") in located
    assert ("place:tulle", "located_in", "state:FRA") in located
    assert len(located) == 2  # neither a list of states nor an opening phrase is a town
    assert next(e.label for e in proposal.new_entities if e.id == "place:ostend") == "Ostend"


def test_the_place_of_people_who_met_is_past_the_people(nato) -> None:
    proposal = run(
        nato,
        "The Secretary General met with the Greek Minister of Defence Nikos Pappas and his deputy at "
        "NATO Headquarters on 2 June 2021.",
        published="2021-06-02",
    )
    assert ("event:meeting-2021-06-02", "held_in", "place:nato-hq") in claims(proposal)


def test_a_building_with_a_long_name_inside_a_town(nato) -> None:
    proposal = run(
        nato,
        "The handover took place in a ceremony at Royal Naval Academy Portsmouth in Gosport on "
        "Tuesday (4 July 2023). Ministers met at Lancaster House in June.",
        published="2023-07-05",
    )
    places = {e.id: e.label for e in proposal.new_entities if e.type == "place"}
    assert places["place:royal-naval-academy-portsmouth"] == "Royal Naval Academy Portsmouth"
    found = claims(proposal)
    assert ("event:ceremony-2023-07-04", "held_in", "place:royal-naval-academy-portsmouth") in found
    assert ("place:royal-naval-academy-portsmouth", "located_in", "place:gosport") in found
    assert not {c for c in found if c[0] == "place:lancaster-house" and c[1] == "located_in"}


def test_the_strategic_commanders_serve_in_their_commands(nato) -> None:
    proposal = run(
        nato,
        "Supreme Allied Commander Europe General Ada Moss visited Oslo. Admiral Leo Hart assumed command "
        "of Allied Command Transformation on 2 May 2024. General Uma Rey will assume command of ACO "
        "in July.",
    )
    found = claims(proposal, "holds_office")
    assert ("person:moss", "holds_office", "body:aco") in found
    assert ("person:moss", "holds_office", "alliance:nato") not in found
    assert ("person:hart", "holds_office", "body:act") in found
    assert not {c for c in found if c[0] == "person:rey"}
    commands = {e.id: e.label for e in proposal.new_entities if e.type == "body"}
    assert commands == {"body:aco": "Allied Command Operations", "body:act": "Allied Command Transformation"}
    assert next(c.start for c in proposal.claims if c.subject == "person:hart") == "2024-05-02"


def test_a_family_name_with_a_particle_is_named_again_at_the_start_of_a_sentence(nato) -> None:
    proposal = run(
        nato,
        "Belgian Prime Minister Anna van der Berg arrived. Addressing students in Ghent on 3 May, "
        "Van der Berg praised the plan. A naval exercise began on 5 May. In her address, Van der Berg "
        "thanked the students.",
        published="2016-05-06",
    )
    family = next(e for e in proposal.new_entities if e.id == "person:berg")
    assert family.aliases == ("van der Berg",)
    found = claims(proposal, "spoke_at")
    assert ("person:berg", "spoke_at", "event:address-berg-2016-05-03") in found
    assert len(found) == 1  # "her address" is the address in Ghent, not the exercise


def test_the_agent_of_hosted_by_hosts_and_the_person_before_does_not(nato) -> None:
    proposal = run(
        nato,
        "The ministers' meeting on 4 May 2021, chaired by Foreign Minister Eva Lund of Sweden, ended "
        "early. Minister Ole Dam attended a conference on 6 May 2021 hosted by Norway.",
        published="2021-05-07",
    )
    hosted = claims(proposal, "hosted")
    assert ("person:lund", "hosted", "event:meeting-2021-05-04") in hosted
    assert ("state:NOR", "hosted", "event:conference-2021-05-06") in hosted
    assert not {c for c in hosted if c[0] == "person:dam"}


def test_memberships_stated_in_passing(nato) -> None:
    proposal = run(
        nato,
        "Slovenia, which joined NATO in 2004, sent troops. Latvia, a NATO member since 2004, agreed. "
        "Poland has been a member of the Alliance since March 1999. Albania followed, becoming the "
        "second of the 29 NATO members to agree. Georgia, which hopes to join NATO, waits. Serbia, which "
        "is not a member of NATO, abstained. Sweden, one of the 27 EU members, agreed.",
    )
    members = {c.subject: c.start for c in proposal.claims if c.relation == "member_of"}
    assert members == {"state:SVN": "2004", "state:LVA": "2004", "state:POL": "1999-03", "state:ALB": None}


def test_the_person_a_sentence_opening_at_an_event_is_about(nato) -> None:
    proposal = run(
        nato,
        "In a speech during the ceremony on 2 May 2019, which marked ten years of the office, Her "
        "Excellency Dr Ana Petrov praised the staff. At the summit on 9 May 2019, leaders of the region "
        "agreed that President Ivo Lund had erred.",
        published="2019-05-10",
    )
    found = claims(proposal)
    assert ("person:petrov", "spoke_at", "event:ceremony-2019-05-02") in found
    assert ("person:petrov", "attended", "event:ceremony-2019-05-02") in found
    assert not {c for c in found if c[0] == "person:lund" and c[1] in ("attended", "spoke_at")}


def test_appointed_or_elected_as_the_next_holder_of_an_office(nato) -> None:
    proposal = run(
        nato,
        "Allies appointed Danish Prime Minister Eva Holt as the next Secretary General of NATO on "
        "3 June 2024. Lieutenant General Tom Aas was elected as the next Director General of the "
        "International Military Staff. General Kai Ruud, who hopes to be named as the next Director "
        "General of the International Military Staff, waits.",
        published="2024-06-04",
    )
    offices = claims(proposal, "holds_office")
    assert {
        ("person:holt", "holds_office", "state:DNK"),
        ("person:holt", "holds_office", "alliance:nato"),
    } <= offices
    assert ("person:aas", "holds_office", "body:ims") in offices
    assert not {c for c in offices if c[0] == "person:ruud"}


def test_an_ambassador_to_nato_serves_the_state_that_sent_them(nato) -> None:
    proposal = run(
        nato,
        "Ola Berg, Norway's Ambassador to NATO, agreed. The Danish Ambassador to NATO Kari Moe spoke. "
        "Defence Ministers from Estonia and Latvia gathered in Riga on 4 May 2024.",
        published="2024-05-05",
    )
    found = claims(proposal)
    assert {
        ("person:berg", "holds_office", "state:NOR"),
        ("person:moe", "holds_office", "state:DNK"),
    } <= found
    assert not {c for c in found if c[0] in ("person:berg", "person:moe") and c[2] == "alliance:nato"}
    assert {
        ("state:EST", "attended", "event:meeting-2024-05-04"),
        ("state:LVA", "attended", "event:meeting-2024-05-04"),
    } <= found


def test_what_was_decided_or_discussed_at_an_event_places_nobody_there(nato) -> None:
    proposal = run(
        nato,
        "Minister Eva Holm referred to the spending goal set at the summit in Wales in 2014. General Kai "
        "Moe criticised the Russian behaviour at the meeting on 3 May 2022. Minister Ana Vik met the press "
        "after the meeting on 6 June 2021. Minister Ida Berg met with Minister Ole Lie at a meeting on "
        "7 June 2021.",
        published="2023-07-20",
    )
    attended = {c[0] for c in claims(proposal, "attended")}
    assert attended == {"person:berg", "person:lie"}


def test_a_secretary_general_of_another_organisation_holds_no_nato_office(nato) -> None:
    proposal = run(
        nato,
        "UN Secretary-General Ana Gomes spoke. The OSCE Secretary General Petra Holm agreed. Ivo Kim was "
        "elected as Secretary-General of the United Nations. On Monday, Secretary General Ola Dahl spoke.",
    )
    offices = claims(proposal, "holds_office")
    assert offices == {("person:dahl", "holds_office", "alliance:nato")}
    assert not {e.id for e in proposal.new_entities} & {"person:monday", "person:nations"}


def test_appointed_as_a_nato_officer(nato) -> None:
    proposal = run(
        nato,
        "The Secretary General appointed Ambassador Ali Demir of Turkey as Senior Civilian Representative "
        "in Afghanistan on 2 May 2003. Ambassador Ela Vos, who wants to be named as Deputy Secretary "
        "General, waits.",
        published="2003-05-03",
    )
    offices = {
        (c.subject, c.object, c.role, c.start) for c in proposal.claims if c.relation == "holds_office"
    }
    assert ("person:demir", "alliance:nato", "Senior Civilian Representative", "2003-05-02") in offices
    assert ("person:demir", "national_of", "state:TUR") in claims(proposal)
    assert not {o for o in offices if o[0] == "person:vos" and o[1] == "alliance:nato"}


def test_a_membership_sought_discussed_or_blocked_is_not_a_membership(nato) -> None:
    proposal = run(
        nato,
        "Ukraine's membership in NATO is not on the agenda. Leaders discussed the membership of Bosnia in "
        "the Alliance. Sweden's accession to NATO was blocked by Hungary. Finland's accession to NATO took "
        "place on 4 April 2023.",
    )
    members = claims(proposal, "member_of")
    assert members == {("state:FIN", "member_of", "alliance:nato")}


def test_the_state_department_is_not_the_state_named_before(nato) -> None:
    proposal = run(
        nato,
        "Norway signed the treaty on 7 March 2024 in a ceremony at the State Department in Washington. "
        "Officials of the State praised it.",
        published="2024-03-08",
    )
    found = claims(proposal, "held_in")
    assert found == {("event:ceremony-2024-03-07", "held_in", "place:washington")}
    assert [m.id for m in proposal.mentions if m.text == "the State"] == ["state:NOR"]


def test_a_meeting_after_his_and_a_named_session(nato) -> None:
    proposal = run(
        nato,
        "Jens Stoltenberg chaired his first meeting of the North Atlantic Council on 1 October 2014. The "
        "Military Committee in Chiefs of Defence Session took place at NATO Headquarters on 15 January "
        "2015. The session was chaired by the Chair of the NATO Military Committee, General Knud Bartels.",
        published="2015-01-16",
    )
    events = {e.id: e.label for e in proposal.new_entities if e.type == "event"}
    session = "event:military-committee-in-chiefs-of-defence-session-2015"
    assert events[session] == "Military Committee in Chiefs of Defence Session"
    hosted = claims(proposal, "hosted")
    assert (
        "person:stoltenberg",
        "hosted",
        "event:meeting-of-the-north-atlantic-council-2014-10-01",
    ) in hosted
    assert ("person:bartels", "hosted", session) in hosted
    assert ("body:mc", "hosted", session) not in hosted


def test_a_states_own_person_after_its_possessive(nato) -> None:
    proposal = run(
        nato,
        "Norway's Jens Stoltenberg spoke first. NATO's Mark Rutte agreed. Poland's Prime Minister Jan Nowak "
        "followed. Ukraine's invasion by Russia continued.",
    )
    nationals = claims(proposal, "national_of")
    assert ("person:stoltenberg", "national_of", "state:NOR") in nationals
    assert ("person:nowak", "national_of", "state:POL") in nationals
    assert not {c for c in nationals if c[0] == "person:rutte"}
    assert not {c for c in proposal.claims if c.rule == "state's own person" and c.subject == "person:nowak"}


def test_a_date_in_a_relative_clause_belongs_to_that_clause(nato) -> None:
    proposal = run(
        nato,
        "The Partnership for Peace began its work. Malta and Cyprus have joined the partnership, which was "
        "launched at the Brussels Summit in 1994. General Ana Holm succeeds General Ivo Berg, who had "
        "been in post since 2019. The short ceremony yesterday which saw Austria sign up to the PfP ended.",
        published="2024-05-10",
    )
    starts = {(c.subject, c.relation): c.start for c in proposal.claims}
    assert ("state:MLT", "partner_in") in starts and starts[("state:MLT", "partner_in")] is None
    assert starts[("person:holm", "successor_of")] is None
    assert starts[("state:AUT", "partner_in")] == "2024-05-09"
    assert not claims(proposal, "attended")  # joining the programme is not attending the summit


def test_an_event_of_a_datelined_lead_is_held_in_the_dateline_town(nato) -> None:
    proposal = run(
        nato,
        "OSTEND, Belgium -- Ministers agreed a plan on Tuesday. At a short meeting with his colleagues, "
        "Foreign Minister Ivo Lund of Poland signed it. A meeting on 3 June will follow in Vienna.",
        published="2024-05-08",
    )
    held = claims(proposal, "held_in")
    assert ("event:meeting-2024-05-07", "held_in", "place:ostend") in held
    assert not {c for c in held if c[0] == "event:meeting-2024-06-03" and c[2] == "place:ostend"}
    future = run(nato, "OSTEND, Belgium -- Ministers will hold a meeting on 3 June.", published="2024-05-08")
    assert [c.object for c in future.claims if c.relation == "date"] == ["2024-06-03"]
    assert not claims(future, "held_in")  # a meeting to come may be held elsewhere


def test_a_headquarters_named_after_its_command(nato) -> None:
    proposal = run(
        nato,
        "General Eva Lind took command in a ceremony at Headquarters, Allied Joint Force Command Naples "
        "on 4 June 2024.",
        published="2024-06-05",
    )
    places = {e.label for e in proposal.new_entities if e.type == "place"}
    assert places == {"Headquarters, Allied Joint Force Command Naples"}
    assert ("person:lind", "attended", "event:ceremony-2024-06-04") in claims(proposal)


def test_a_meeting_that_was_held_has_no_host_before_it(nato) -> None:
    proposal = run(
        nato,
        "The meeting of the Partnership Commission was held in Oslo on 3 April 2021. The Military "
        "Committee held a meeting on 5 April 2021.",
        published="2021-04-06",
    )
    hosted = claims(proposal, "hosted")
    assert hosted == {("body:mc", "hosted", "event:meeting-2021-04-05")}


def test_a_summit_named_after_its_town_was_held_there(nato) -> None:
    found = claims(run(nato, "At the Lisbon Summit in November 2010, leaders adopted a new concept."))
    assert ("event:lisbon-summit-2010", "held_in", "place:lisbon") in found
    recalled = run(nato, "The reforms adopted at the Lisbon Summit were praised on 3 May 2024.")
    assert not any(c.relation == "held_in" for c in recalled.claims)  # a summit recalled, not reported
    themed = run(nato, "At the Peace Summit in June 2024, leaders met.")
    assert not [c for c in themed.claims if c.relation == "held_in" and c.object == "place:peace"]


def test_the_town_of_a_dateline_with_a_date_and_an_agency(nato) -> None:
    proposal = run(
        nato,
        "Lisbon, 9 May 2024 (AGX) - Ministers met on 9 May 2024 to talk about the drills.",
        published="2024-05-09",
    )
    assert "place:lisbon" in {e.id for e in proposal.new_entities}
    assert ("event:meeting-2024-05-09", "held_in", "place:lisbon") in claims(proposal)
    state = run(nato, "ROMANIA, 9 May 2024 (AGX) - Ministers met on 9 May 2024.", published="2024-05-09")
    assert "place:romania" not in {e.id for e in state.new_entities}


def test_the_state_of_a_minister_at_a_meeting_attended_it(nato) -> None:
    found = claims(
        run(
            nato,
            "Allied ministers met in Brussels on 4 April 2024. The meeting was attended by Georgian Prime "
            "Minister Tamar Kobiashvili and Moldovan President Ana Rusu.",
        )
    )
    assert ("person:kobiashvili", "attended", "event:meeting-2024-04-04") in found
    assert ("person:rusu", "attended", "event:meeting-2024-04-04") in found
    assert ("state:GEO", "attended", "event:meeting-2024-04-04") in found
    assert ("state:MDA", "attended", "event:meeting-2024-04-04") in found
    visit = claims(run(nato, "Finnish President Aino Lehto visited NATO Headquarters on 14 March 2024."))
    assert ("person:lehto", "attended", "event:visit-lehto-2024-03-14") in visit
    assert ("event:visit-lehto-2024-03-14", "held_in", "place:nato-hq") in visit
    assert ("state:FIN", "attended", "event:visit-lehto-2024-03-14") not in visit  # her own visit


def test_a_counterpart_holds_the_same_office_in_another_state(nato) -> None:
    found = claims(
        run(
            nato,
            "Latvian Foreign Minister Edgars Ozoliņš and his Lithuanian counterpart Gintarė Vaitkutė met in "
            "Riga on 4 June 2024.",
        )
    )
    assert ("person:vaitkute", "holds_office", "state:LTU") in found
    assert ("person:vaitkute", "national_of", "state:LTU") in found
    assert ("person:ozolins", "attended", "event:meeting-2024-06-04") in found
    assert ("person:vaitkute", "attended", "event:meeting-2024-06-04") in found
    alone = run(nato, "He met his Finnish counterpart Antti Mäkelä on 3 March 2024.")
    assert not [c for c in alone.claims if c.relation == "holds_office"]  # no office named before


def test_memberships_stated_by_rank_or_list_and_never_for_a_non_member(nato) -> None:
    found = claims(
        run(
            nato,
            "Finland, NATO's newest member, hosted the drill. NATO members Poland and Lithuania sent ships. "
            "Non-NATO member Austria watched. Sweden hopes to become NATO's 32nd member, Swedish officials "
            "said.",
        ),
        "member_of",
    )
    assert found == {
        ("state:FIN", "member_of", "alliance:nato"),
        ("state:POL", "member_of", "alliance:nato"),
        ("state:LTU", "member_of", "alliance:nato"),
    }


def test_partnerships_stated_as_a_state_of_affairs(nato) -> None:
    found = claims(
        run(
            nato,
            "Bahrain, Kuwait and Qatar are members of the Istanbul Cooperation Initiative. Jordan, a member "
            "of the Mediterranean Dialogue, sent a ship. Austria, a PfP partner since 1995, sent observers. "
            "Kazakhstan participates in the Partnership for Peace. Saudi Arabia is not a member of the "
            "Istanbul Cooperation Initiative. Oman hopes to be a member of the Istanbul Cooperation "
            "Initiative.",
        ),
        "partner_in",
    )
    assert found == {
        ("state:BHR", "partner_in", "framework:ici"),
        ("state:KWT", "partner_in", "framework:ici"),
        ("state:QAT", "partner_in", "framework:ici"),
        ("state:JOR", "partner_in", "framework:md"),
        ("state:AUT", "partner_in", "framework:pfp"),
        ("state:KAZ", "partner_in", "framework:pfp"),
    }


def test_a_person_with_no_title_is_found_by_what_only_people_do(nato) -> None:
    proposal = run(
        nato,
        "Mark Ruttens, the outgoing Dutch prime minister, was appointed NATO Secretary General on 26 June "
        "2024. Ilie Georgescu, a Romanian diplomat, became NATO Deputy Secretary General in 2019. North "
        "Macedonia said it agreed. Foreign Ministers said they agreed. Sky News said so. Kosovo Force took "
        "over the mission.",
    )
    found = claims(proposal)
    assert ("person:ruttens", "holds_office", "alliance:nato") in found
    assert ("person:ruttens", "national_of", "state:NLD") in found
    assert ("person:georgescu", "national_of", "state:ROU") in found
    assert ("person:georgescu", "holds_office", "alliance:nato") in found
    people = {e.id for e in proposal.new_entities if e.type == "person"}
    assert people == {"person:ruttens", "person:georgescu"}
    unknown_body = run(nato, "Kofi Annan was appointed Secretary General of the United Nations.")
    assert not [c for c in unknown_body.claims if c.relation == "holds_office"]


def test_a_signing_in_a_place_and_who_opened_or_chaired_a_meeting(nato) -> None:
    signed = claims(
        run(
            nato,
            "Ukrainian President Ivan Koval and NATO leaders have signed a charter in Madrid. Koval spoke at "
            "the signing ceremony.",
            published="1997-07-09",
        )
    )
    assert ("event:signing-1997-07-09", "held_in", "place:madrid") in signed
    assert ("person:koval", "attended", "event:signing-1997-07-09") in signed
    assert ("state:UKR", "attended", "event:signing-1997-07-09") in signed
    past = run(nato, "Ukraine signed a charter in Madrid.", published="2024-05-10")
    assert not [e for e in past.new_entities if e.type == "event"]  # a past signing with no date
    opened = claims(
        run(
            nato,
            "The Military Committee met on 14 December 2023. Opening the meeting, the Chair of the NATO "
            "Military Committee, Admiral Rob Bauer welcomed the partners. Chairing the second session, "
            "Secretary General Jens Stoltenberg thanked them.",
        )
    )
    assert ("person:bauer", "spoke_at", "event:meeting-2023-12-14") in opened
    assert ("person:stoltenberg", "hosted", "event:session-2023-12-14-2") in opened


def test_invited_to_join_or_to_accession_talks_is_an_invitation_to_the_alliance(nato) -> None:
    found = claims(
        run(
            nato,
            "At the Lisbon Summit in April 2010, Allies invited Albania and Croatia to begin accession "
            "talks. NATO invited Finland and Sweden to join the Alliance on 29 June 2022.",
        ),
        "invited_to",
    )
    assert found == {
        ("state:ALB", "invited_to", "alliance:nato"),
        ("state:HRV", "invited_to", "alliance:nato"),
        ("state:FIN", "invited_to", "alliance:nato"),
        ("state:SWE", "invited_to", "alliance:nato"),
    }  # not invited to the summit at which they were invited


def test_states_excluded_from_an_event_before_the_verb(nato) -> None:
    found = claims(run(nato, "Georgia was excluded from the exercise held on 3 May 2024."), "excluded_from")
    assert found == {("state:GEO", "excluded_from", "event:exercise-2024-05-03")}
