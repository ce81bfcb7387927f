"""Events, places and lists as unseen texts write them: who took part, where a meeting was (not where
another one was), what was said beside it. Our own sentences, each shape with its negatives (round 4
of issue 24)."""

from __future__ import annotations

from tests.conftest import extract_from
from tests.conftest import triples as claims


def run(nato, text, published="2019-05-10"):
    return extract_from(nato, text, published)


def test_the_states_listed_as_participants_attended_and_those_labelled_nato_are_members(nato) -> None:
    proposal = run(
        nato,
        "Steadfast Harbour, a NATO-led exercise, was held in Varna on 3 May 2019. The participating NATO "
        "countries are: Greece, Italy and the United States, as well as four partner nations: Austria, "
        "Georgia and Ukraine.",
    )
    event = next(c.subject for c in proposal.claims if c.relation == "held_in")
    attended = {s for s, _, o in claims(proposal, "attended") if o == event}
    assert {"state:GRC", "state:ITA", "state:USA", "state:AUT", "state:GEO", "state:UKR"} <= attended
    members = {s for s, _, _ in claims(proposal, "member_of")}
    assert {"state:GRC", "state:ITA", "state:USA"} <= members
    assert not members & {"state:AUT", "state:GEO", "state:UKR"}
    # the label's list ends at "as well as": states after it are not NATO's
    proposal = run(
        nato,
        "The exercise opened in Varna on 3 May 2019. The participating NATO countries are Greece and Italy, "
        "as well as Austria.",
    )
    assert ("state:AUT", "member_of", "alliance:nato") not in claims(proposal)


def test_participants_in_the_future_or_hedged_are_not_proposed(nato) -> None:
    proposal = run(
        nato,
        "The exercise opened in Varna on 3 May 2019. Organisers hope that participants will include "
        "Finland and Sweden.",
    )
    assert not {s for s, _, _ in claims(proposal, "attended")} & {"state:FIN", "state:SWE"}


def test_a_news_conference_is_no_event_and_what_is_said_after_a_meeting_is_not_said_at_it(nato) -> None:
    proposal = run(
        nato,
        "NATO Secretary General Jens Stoltenberg told a news conference that talks would go on.",
    )
    assert not [e for e in proposal.new_entities if e.type == "event"]
    proposal = run(
        nato,
        "Allies met Russian envoys in Brussels on 12 January 2022. Deputy Secretary of State Wendy Lowe "
        "spoke to reporters after the meeting.",
    )
    assert not claims(proposal, "spoke_at")


def test_a_place_belongs_to_its_own_meeting(nato) -> None:
    proposal = run(
        nato,
        "Allies met Russian envoys on 12 January 2022. Wendy Lowe, who met her Russian counterpart in "
        "Geneva on Monday, spoke after the meeting.",
    )
    # Geneva is where the Monday meeting was, not the meeting of 12 January
    assert ("event:meeting-2022-01-12", "held_in", "place:geneva") not in claims(proposal)
    proposal = run(
        nato,
        "Wendy Lowe, who met her Russian counterpart in Geneva, spoke to reporters after today's meeting.",
        published="2022-01-12",
    )
    assert "place:geneva" not in {o for _, _, o in claims(proposal, "held_in")}
    proposal = run(
        nato,
        "The high-level meeting in Rabat on 6 April 2006 followed the ministers meeting in December 2004 in "
        "Brussels.",
    )
    held = claims(proposal, "held_in")
    rabat = {s for s, _, o in held if o == "place:rabat"}
    assert rabat and not {s for s, _, o in held if o == "place:brussels"} & rabat


def test_a_title_between_dashes_and_nationalities_of_central_asia(nato) -> None:
    found = claims(
        run(nato, "Rustam Nazarov -- the Tajik ambassador to the European Union -- attended the signing.")
    )
    assert ("person:nazarov", "holds_office", "state:TJK") in found
    assert ("person:nazarov", "national_of", "state:TJK") in found


def test_states_named_as_nato_members_in_an_apposition(nato) -> None:
    found = claims(run(nato, "Norway and Denmark, as NATO members, took part from the start."), "member_of")
    assert {("state:NOR", "member_of", "alliance:nato"), ("state:DNK", "member_of", "alliance:nato")} <= found
    found = claims(run(nato, "Sweden, as NATO members expected, waited. Finland, as a partner, joined."))
    assert not {s for s, r, _ in found if r == "member_of"} & {"state:SWE", "state:FIN"}


def test_remarks_at_the_event_name_their_speaker(nato) -> None:
    found = claims(
        run(
            nato,
            'The ministers met in Rabat on 6 April 2006. "We must go on," said the NATO Deputy Secretary '
            "General, Ambassador Carla Benedetti, in her opening remarks at the event.",
        ),
        "spoke_at",
    )
    assert ("person:benedetti", "spoke_at", "event:meeting-2006-04-06") in found
    # a remark quoted from someone else's speech, in a clause of its own, is not this person's
    found = claims(
        run(
            nato,
            "The ministers met in Rabat on 6 April 2006. Carla Benedetti, who quoted Minister Ian Bell, said "
            "nothing in her remarks; in his speech at the meeting the host was brief.",
        ),
        "spoke_at",
    )
    assert ("person:benedetti", "spoke_at", "event:meeting-2006-04-06") not in found


def test_a_person_of_a_state_who_attended_and_one_on_hand_for_the_ceremony(nato) -> None:
    found = claims(
        run(
            nato,
            "The meeting took place in Brussels on 20 February 2002. Foreign Minister Anna Berg of Sweden "
            "attended the meeting.",
        ),
        "attended",
    )
    assert ("person:berg", "attended", "event:meeting-2002-02-20") in found
    assert ("state:SWE", "attended", "event:meeting-2002-02-20") in found
    found = claims(
        run(
            nato,
            "The signing ceremony took place in Brussels on 20 February 2002. Ambassador Rustam Nazarov was "
            "on hand for the signing ceremony.",
        ),
        "attended",
    )
    assert ("person:nazarov", "attended", "event:ceremony-2002-02-20") in found
    # someone who will be on hand is not proposed
    found = claims(
        run(nato, "The ceremony took place on 20 February 2002. Anna Berg will be on hand for the ceremony."),
        "attended",
    )
    assert not found


def test_a_meeting_is_neither_a_mission_named_before_it_nor_dated_by_another_happening(nato) -> None:
    proposal = run(
        nato,
        "Ministers met in Brussels on 2 December 2014 and launched Resolute Support, a new mission. "
        "Resolute Support will be a non-combat mission. Special Representative for Afghanistan Ian Hale "
        "also attended the meeting.",
    )
    found = claims(proposal, "attended")
    assert ("state:AFG", "attended", "event:resolute-support") not in found
    assert not {s for s, _, _ in found} & {"state:AFG"}
    assert not {
        o for s, r, o in claims(proposal) if s == "person:hale" and r in ("holds_office", "national_of")
    }
    proposal = run(
        nato,
        "Leaders gathered on 23 April 1999. In March, Poland and Hungary became members. The president "
        "welcomed the allies at an early morning meeting.",
        published="1999-04-23",
    )
    assert "event:meeting-1999-03" not in {e.id for e in proposal.new_entities}


def test_a_headquarters_elsewhere_than_the_datasets(nato) -> None:
    found = claims(run(nato, "The ceremony took place at NATO headquarters in Kabul on 2 September 2018."))
    assert ("place:nato-hq", "located_in", "place:kabul") not in found
    assert ("event:ceremony-2018-09-02", "held_in", "place:kabul") in found
    found = claims(run(nato, "The ceremony took place at NATO headquarters in Brussels on 2 September 2018."))
    assert ("event:ceremony-2018-09-02", "held_in", "place:nato-hq") in found


def test_an_approved_accession_and_a_sea_are_no_membership_and_no_name(nato) -> None:
    proposal = run(
        nato,
        "Lithuania became the eighth Ally to have approved North Macedonia's accession to NATO. Uzbekistan "
        "rejoined the treaty on 17 August in the Russian Black Sea resort of Sochi.",
    )
    assert ("state:MKD", "member_of", "alliance:nato") not in claims(proposal)
    assert not [e for e in proposal.new_entities if e.type == "person"]


def test_that_very_day_and_a_minister_of_a_state_who_met(nato) -> None:
    found = claims(
        run(
            nato,
            "On 9 July 1998 Ukraine and NATO marked an anniversary. On that very day Foreign Minister Ivan "
            "Hordiy of Ukraine met with NATO Secretary General Javier Solana.",
            published="1998-07-13",
        ),
        "attended",
    )
    assert {
        ("person:hordiy", "attended", "event:meeting-1998-07-09"),
        ("person:solana", "attended", "event:meeting-1998-07-09"),
    } <= found
    # with no full date before it, "that day" dates nothing
    proposal = run(
        nato, "On that very day Minister Ivan Hordiy of Ukraine met Javier Solana.", published="1998-07-13"
    )
    assert not [e for e in proposal.new_entities if e.type == "event"]


def test_a_membership_after_which_something_will_happen_is_not_yet_one(nato) -> None:
    found = claims(
        run(
            nato,
            "We will cooperate after North Macedonia becomes NATO's 30th member. Once Sweden joins NATO, the "
            "region will be safer. After Montenegro joined NATO in 2017, it grew.",
        ),
        "member_of",
    )
    assert ("state:MKD", "member_of", "alliance:nato") not in found
    assert ("state:SWE", "member_of", "alliance:nato") not in found
    assert ("state:MNE", "member_of", "alliance:nato") in found
