"""Rules about who was at an event: people who met, people acting at it.

"X met with Y and Z" (all three were at the meeting); "X assumed command in a ceremony at …",
"At a meeting in Rome, X signed …", "launched by X at a summit" (X was there). Another person's
phrase, a hedge or a negation never places anyone at an event, and nothing that was decided "at
the summit" does.
"""

from __future__ import annotations

import re

from graph.ingest.base import EventMention, Mention, rule, span
from graph.ingest.patterns import OPENING_AT_EVENT, TITLE_RUN, hedged
from graph.ingest.sentence import SentenceView

# Where a clause ends: what comes after is said of someone else.
_CLAUSE_BREAK = re.compile(r"[;:\"“”]|\b(?:who|which|whom|whose|that|while|whereas|but|said|says)\b")
# What a person does where an event takes place (not "referred to the goal set at the summit").
_DID = re.compile(
    r"\b(?:assumed|took|handed|signed|laid|spoke|delivered|gave|received|accepted|presented|opened|closed"
    r"|attended|participated|joined|represented|led|chaired|hosted|met|welcomed|addressed|unveiled"
    r"|inaugurated|bid|arrived|sat|stood|raised|deposited|swore|was\s+sworn|adopted|endorsed)\b"
)
# Things a summit decides; "the plan adopted at the summit" does not place anyone there.
_DECIDED = re.compile(
    r"\b(?:taken|made|agreed|adopted|reached|decided|launched|established|created|set\s+up|announced"
    r"|approved|endorsed|signed|issued|decisions?|agreements?|commitments?|pledges?)\s+$"
)


def _attendee(view: SentenceView, mention: Mention) -> bool:
    return view.ex.entity_type(mention.id) == "person" or (
        view.ex.entity_type(mention.id) == "state" and mention.how not in ("demonym", "coreference")
    )


@rule("met with")
def met_with(view: SentenceView) -> None:
    """'X met (with) Y and with Z on 12 May': X, Y and Z attended the meeting the verb names."""
    for verb in re.finditer(r"\b(?:met|held\s+talks)(?:\s+with)?\b", view.text):
        event = next((e for e in view.events if e.start == verb.start() and e.how == "verb"), None)
        if event is None:  # "X met with Y at a meeting of …": the people met, then the event
            named = [e for e in view.events if e.how != "verb"]
            event = (
                named[0]
                if len(named) == 1
                and named[0].start > verb.end()
                and re.fullmatch(TITLE_RUN + r"\b(?:at|during|in)\s+", view.text[verb.end() : named[0].start])
                else None
            )
        if event is None:
            continue
        before = view.text[: verb.start()]
        subjects = [m for m in view.mentions if m.end <= verb.start() and _attendee(view, m)]
        if not subjects or _CLAUSE_BREAK.search(before[subjects[-1].end :]) or hedged(before):
            continue
        guests = []
        for mention in view.mentions:
            if mention.start < verb.end() or not _attendee(view, mention):
                continue
            if not re.fullmatch(TITLE_RUN, view.text[verb.end() : mention.start]):
                break  # another verb or a lower-case word: the objects of "met" have ended
            guests.append(mention)
        for person in view.enumeration(subjects[-1]) + view.own_person(subjects[-1]) + guests:
            view.claim(
                "met with", person.id, "attended", event.id, 0.7, [span(person), verb.span(), span(event)]
            )


def _present_subjects(view: SentenceView, event: EventMention) -> list[Mention]:
    """Who the sentence places at ``event`` (a phrase after 'in', 'at' or 'during').

    "At a meeting in Rome, X signed …" (the first person after the opening phrase); "X assumed
    command in a ceremony" (the sentence's subject, with a verb of its own before the event);
    "launched by X and other leaders at a summit" (the agent).
    """
    text = view.text
    people = [p for p in view.people if p.how != "coreference" or p.start < 3]
    if OPENING_AT_EVENT.fullmatch(text, 0, event.start):
        first = view.subject_after_opening(event)
        return [first] if first else []
    before = [p for p in people if p.end <= event.start]
    if not before:
        return []
    subject = before[0]
    between = text[subject.end : event.start]
    decided = _DECIDED.search(re.sub(r"(?:at|in|during)\s+$", "", between))
    if _CLAUSE_BREAK.search(between) or decided or hedged(between):
        return []
    if re.search(r"\bby\s+(?:[A-Z][\w.'’-]*\s+)*$", text[: subject.start]) and re.fullmatch(
        r"(?:\s*,?\s*(?:and|with)\s+(?:[\w'’-]+\s+){0,4}?)?\s*(?:at|in|during)\s+", between
    ):
        return [subject]  # the agent of a passive: "launched by X and other leaders at a summit"
    opening = text[: subject.start]
    if not re.fullmatch(rf"(?:[^,]{{0,40}},\s*)?{TITLE_RUN}", opening) or not _DID.search(between):
        return []
    joined = [
        p
        for p in before[1:]
        if re.match(
            r"\s*(?:joined|accompanied|met(?:\s+with)?)\s+" + TITLE_RUN + "$", text[subject.end : p.start]
        )
    ]
    return [subject, *joined]


@rule("present at event")
def present_at(view: SentenceView) -> None:
    """The person a sentence places at an event it names after 'in', 'at' or 'during'."""
    for event in view.events:
        if event.how == "verb" or not re.search(r"\b(?:[Ii]n|[Aa]t|[Dd]uring)\s+$", view.text[: event.start]):
            continue
        if view.ex.entity_type(event.id) != "event":
            continue
        for person in _present_subjects(view, event):
            view.claim("present at event", person.id, "attended", event.id, 0.7, [span(person), span(event)])


_HOSTED_BY = re.compile(r"\b(?:hosted|chaired|convened|opened|organi[sz]ed|presided\s+over)\s+by\s+")


@rule("hosted by")
def hosted_by(view: SentenceView) -> None:
    """'the meeting, chaired by X, …', 'a conference hosted by Norway': the agent hosted the event."""
    for verb in _HOSTED_BY.finditer(view.text):
        before = [e for e in view.events if e.end <= verb.start()]
        event = before[-1] if before else None
        if (
            event is None
            and view.ex.main_event
            and re.match(r"\s*(?:It|The\s+\w+)\s+was\s+$", view.text[: verb.start()])
        ):
            event = EventMention(view.ex.main_event, 0, 0, "meeting", "anaphor")
        agents = [
            m
            for m in view.mentions
            if m.start >= verb.end()
            and view.ex.entity_type(m.id) in ("person", "state", "body", "alliance")
            and re.fullmatch(TITLE_RUN, view.text[verb.end() : m.start])
        ]  # "chaired by the Chair of the Military Committee, Admiral X": the person the title names
        host = next(
            (m for m in agents if view.ex.entity_type(m.id) == "person"), agents[0] if agents else None
        )
        if event is None or host is None or hedged(view.text[event.end : verb.start()]):
            continue
        spans = [span(host), verb.span()] + ([span(event)] if event.end else [])
        view.claim("hosted by", host.id, "hosted", event.id, 0.7, spans)


@rule("state of an attendee")
def state_of_attendee(view: SentenceView) -> None:
    """A state whose minister, president or envoy this sentence places at an event attended it too
    ("Ukrainian President Kuchma spoke at the signing" → Ukraine attended): the office is the one the
    person's own title gave (a claim already proposed from the text), never a state named beside."""
    claims = view.ex.proposal.claims
    offices = {
        (c.subject, c.object)
        for c in claims
        if c.relation == "holds_office" and view.ex.entity_type(c.object) == "state"
    }
    for claim in [c for c in claims if c.sentence == view.index and c.relation in ("attended", "spoke_at")]:
        if view.ex.entity_type(claim.subject) != "person" or _own_occasion(view, claim.object):
            continue
        for person, state in offices:
            if person == claim.subject:
                view.claim(
                    "state of an attendee",
                    state,
                    "attended",
                    claim.object,
                    0.7,
                    [(claim.char_start - view.offset, claim.char_end - view.offset)],
                )


def _own_occasion(view: SentenceView, event: str) -> bool:
    """A visit or a forum: the visitor's own occasion, or a gathering at home, not a meeting of states."""
    return bool(re.search(r"\b(?:visit|forum)\b", view.ex.label(event), re.IGNORECASE))


# "The participating countries are: A, B …", "Participants included A and B", "taking part were A, B"
_PARTICIPANTS = re.compile(
    r"\b(?:(?:the\s+)?participating\s+(?:[\w-]+\s+){0,2}?(?:countries|nations|states|partners|Allies)"
    r"(?:\s+(?:are|were|included|include))?\s*:?|participants\s+(?:[\w'’-]+\s+){0,8}?(?:are|were|included|include)"
    r"\s*:?|taking\s+part\s+(?:are|were)|countries\s+taking\s+part\s+(?:are|were|included))",
    re.IGNORECASE,
)
# A group's label inside such a list: "…, as well as seven partner nations: …"
_NATO_GROUP = re.compile(r"\b(?:NATO|Allied)\s+(?:countries|nations|members|states)\b|\bAllies\b")
_OTHER_GROUP = re.compile(
    r"\b(?:partner|invited|aspirant)\s+(?:countries|nations|states)\b|\b(?:partners|invitees)\b"
)


@rule("participants listed")
def participants_listed(view: SentenceView) -> None:
    """The states a sentence lists as taking part ('The participating countries are: A, B …') attended
    the event it names, else the article's event; those listed as NATO countries are members."""
    trigger = _PARTICIPANTS.search(view.text)
    if trigger is None or hedged(view.text[: trigger.start()]):
        return
    named = [e for e in view.events if e.how != "verb" and view.ex.entity_type(e.id) == "event"]
    event = named[0].id if named else view.ex.last_event or view.ex.main_event
    if event is None:
        return
    for state in view.states:
        if state.start < trigger.start() or state.how in ("coreference", "demonym"):
            continue
        labels = view.text[trigger.start() : state.start]
        view.claim("participants listed", state.id, "attended", event, 0.7, [trigger.span(), span(state)])
        nato = list(_NATO_GROUP.finditer(labels))
        other = list(_OTHER_GROUP.finditer(labels))
        # the label's list ends at "as well as", a semicolon or the next label's colon
        rest = (
            re.sub(r"^\s*(?:are|were|include|included)?\s*:?", "", labels[nato[-1].end() :]) if nato else ""
        )
        if (
            nato
            and not re.search(r"\bas\s+well\s+as\b|[;:]", rest)
            and not (other and other[-1].start() > nato[-1].start())
        ):
            view.claim(
                "participants listed",
                state.id,
                "member_of",
                "alliance:nato",
                0.7,
                [nato[-1].span(), span(state)],
            )
