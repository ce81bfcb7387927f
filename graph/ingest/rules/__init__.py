"""The named rules that turn a sentence's mentions into proposed claims, grouped by what they find.

Each rule is a function of a :class:`~graph.ingest.sentence.SentenceView`, named with
``@rule(name)`` (``graph.ingest.base``); every claim it proposes carries that name, so
``bench/ingest_eval.py`` can score each rule on its own. The modules:

- ``people``: offices named by titles, nationality, authorship, work and home;
- ``handovers``: successions and the offices that pass in them;
- ``membership``: joining, accession, lists of members or partners, suspension;
- ``places``: where events were held, the state a place is in;
- ``events``: who hosted, attended, spoke at, was invited to or excluded from an event;
- ``attendance``: who met, who acted at an event.

:data:`RULES` runs them in a fixed order, and the order matters: a rule sees the mentions,
events and claims that earlier rules added (the office of a body is not proposed again when
a title or a handover already gave it; a visit found here is the event the next rules use).
"""

from __future__ import annotations

from collections.abc import Callable

from graph.ingest.base import rule_name
from graph.ingest.rules import attendance, events, handovers, membership, people, places
from graph.ingest.sentence import SentenceView

Rule = Callable[[SentenceView], None]

RULES: list[tuple[str, Rule]] = [
    (rule_name(function), function)
    for function in (
        people.title_office,
        people.national_office,
        people.national_office_in_context,
        people.service_nationality,
        people.demonym_person,
        people.described_person,
        people.possessive_person,
        people.person_from_state,
        people.chief_of_state,
        people.byline,
        people.author_line,
        handovers.succession,
        handovers.office_of_body,
        handovers.assumed_command,
        handovers.appointed_as,
        membership.joins,
        membership.accession,
        membership.framework_lists,
        membership.listed_as,
        membership.stated_partner,
        membership.suspended,
        membership.founding_member,
        membership.named_as_ally,
        events.chaired_body,
        places.event_place,
        places.meeting_place,
        places.place_in_state,
        places.town_comma_state,
        places.dateline,
        places.town_summit,
        places.place_in_place,
        places.dateline_event,
        places.event_in_place,
        events.hosted,
        events.visit,
        events.signing,
        events.spoke,
        events.keynote,
        events.remarks_at,
        events.opened_event,
        events.dated_speech,
        events.attended,
        events.reviews,
        events.discussed,
        events.established_at,
        events.contributor,
        events.nato_led,
        events.excluded,
        events.invited,
        attendance.met_with,
        attendance.present_at,
        attendance.participants_listed,
        attendance.hosted_by,
        attendance.state_of_attendee,
        people.launched,
        people.appeared_at,
        people.manager_of,
        people.lives_in,
    )
]
# Names that rules give some of their claims besides their own (a rule that fires on one
# pattern can propose a second claim from it): bench/ingest_eval.py scores these too.
SECONDARY_RULE_NAMES = (
    "event date",
    "office passes in a handover",
    "representative to the EU",
    "partners of framework invited",
    "state invited",
    "agreed at summit",
    "visited a place",
)


def run_rules(view: SentenceView) -> None:
    """Every rule on one sentence, in the order of :data:`RULES`."""
    for _, function in RULES:
        function(view)


__all__ = ["RULES", "SECONDARY_RULE_NAMES", "Rule", "run_rules"]
