"""Rules about people: the offices their titles name, their nationality, what they wrote, manage and live in.

Offices come from titles ("NATO Secretary General X", "X, Romania's Foreign Minister", "Chief
of Defence of Denmark"); nationality from a national office, a demonym or a service ("of the
Royal Netherlands Navy"); authorship from a byline or an author line; the outlet the text
appeared at.
"""

from __future__ import annotations

import re

from graph.ingest.base import Mention, rule, span
from graph.ingest.names import COMMAND_OF_ROLE, DEMONYMS, NATIONAL_ROLES, NATO_ROLES, SERVICE, slug
from graph.ingest.patterns import CALLING, DESCRIPTION_MODIFIERS, NAME, RANK, UPPER
from graph.ingest.sentence import SentenceView
from graph.model import Entity

# "U.S. Army Gen. X", "French Navy Admiral Y": the service right before the rank and the name
SERVICE_BEFORE = re.compile(
    r"(?<![\w.])(?P<adjective>U\.S\.|US|[A-Z][a-z]+)\s+(?:Royal\s+)?(?:Army|Navy|Air\s+Force|Marine\s+Corps|Marines"
    rf"|Armed\s+Forces)\s+(?:{RANK})\s+$"
)
_WORD = rf"{UPPER}[^\W\d_]+(?:-{UPPER}[^\W\d_]+)?"
ORGANISATION_NAME = rf"{_WORD}(?:\s+(?:van |de |von )?{_WORD}){{0,2}}"


@rule("title names office")
def title_office(view: SentenceView) -> None:
    """'NATO Secretary General X', 'X, Romania's Foreign Minister', 'Chair of the Military Committee, X'."""
    for title in view.titles:
        organisation = title.organisation
        kind = view.ex.entity_type(organisation) if organisation else ""
        spans = [(title.start, title.end), (title.name_start, title.name_end)]
        nato_named = "alliance:nato" in {m.id for m in view.mentions}
        if organisation is None and _another_organisation(view, title.start, title.end):
            continue  # "UN Secretary-General X", "Secretary General of the Commonwealth, X"
        if title.role in NATO_ROLES and (
            organisation in (None, "alliance:nato") or (kind == "state" and nato_named)
        ):
            command = COMMAND_OF_ROLE.get(title.role)  # SACEUR heads Allied Command Operations
            view.claim(
                "title names office",
                title.person,
                "holds_office",
                view.ex.command(command) if command else "alliance:nato",
                0.8,
                spans,
                role=title.role,
            )
        elif (kind == "state" and title.role not in NATO_ROLES) or (
            kind in ("body", "alliance") and title.role not in NATIONAL_ROLES
        ):
            # any office held in a state ("Head of Ukraine's Mission to NATO"), or in a body
            view.claim(
                "title names office", title.person, "holds_office", organisation, 0.75, spans, role=title.role
            )


def _another_organisation(view: SentenceView, start: int, end: int) -> bool:
    """Whether a title the gazetteer found no organisation in still names one: an acronym or a
    capitalised word right before it ("UN", "OSCE", "Commonwealth"), or "of the …" inside it."""
    before = re.search(r"\b(?P<word>[A-Z][A-Za-z]+)['’]?s?\s+$", view.text[max(0, start - 30) : start])
    named_before = before is not None and before.group("word") not in ("NATO", "Alliance", "The", "Former")
    return named_before or re.search(r"\b(?:of|for)\s+(?:the\s+)?[A-Z]", view.text[start:end]) is not None


@rule("national office gives nationality")
def national_office(view: SentenceView) -> None:
    """'Romania's Foreign Minister X'; and the state a NATO title names ('Dutch Secretary General X',
    'Secretary General X of Norway') is the holder's nationality, not the office's."""
    for title in view.titles:
        if title.organisation and view.ex.entity_type(title.organisation) == "state":
            spans = [(title.start, title.end), (title.name_start, title.name_end)]
            view.claim(
                "national office gives nationality",
                title.person,
                "national_of",
                title.organisation,
                0.75,
                spans,
            )


@rule("national office, state from the sentence")
def national_office_in_context(view: SentenceView) -> None:
    """'Foreign Minister Andrews' after 'Irish Foreign Minister David Andrews': the state his own
    earlier title named. Another state in the sentence never supplies it ("President X" alone
    gets no office)."""
    for title in view.titles:
        known = view.ex.nationality.get(title.person)
        if title.role in NATIONAL_ROLES and title.organisation is None and known:
            state = known
            spans = [(title.start, title.end), (title.name_start, title.name_end)]
            view.claim(
                "national office, state from the sentence",
                title.person,
                "holds_office",
                state,
                0.6,
                spans,
                role=title.role,
            )
            view.claim(
                "national office, state from the sentence", title.person, "national_of", state, 0.6, spans
            )


@rule("service gives nationality")
def service_nationality(view: SentenceView) -> None:
    """'Admiral X of the Royal Netherlands Navy', 'General Y of the German Armed Forces', 'U.S. Army
    Gen. Z'."""
    for person in view.people:
        before = SERVICE_BEFORE.search(view.text[: person.start])
        if before is None or person.how == "coreference" or before.group("adjective") in DEMONYMS:
            continue  # "French Air Force General X": the demonym's own rule says it
        state = next(
            (m.id for m in view.ex.gazetteer.find(before.group("adjective")) if m.id.startswith("state:")),
            None,
        )
        if state is not None:
            state = view.ex.state_entity(state, before.group("adjective"))
            view.claim(
                "service gives nationality",
                person.id,
                "national_of",
                state,
                0.75,
                [before.span(), span(person)],
            )
    for match in SERVICE.finditer(view.text):
        adjective = match.group("adjective")
        state = None
        for m in view.ex.gazetteer.find(adjective):
            if view.ex.entity_type(m.id) == "state" or m.id.startswith("state:"):
                state = view.ex.state_entity(m.id, m.text)
        people = [p for p in view.people if 0 <= match.start() - p.end < 12]
        if state and people:
            view.claim(
                "service gives nationality",
                people[-1].id,
                "national_of",
                state,
                0.75,
                [span(people[-1]), match.span()],
            )


@rule("state's own person")
def possessive_person(view: SentenceView) -> None:
    """'Norway's Jens Stoltenberg', 'Finland's Sauli Niinistö': the person named right after a state's
    possessive, with no title between (a title's own rules say what it holds), is its national."""
    titled = {t.person for t in view.titles}
    for state in view.states:
        if state.how in ("coreference", "demonym"):
            continue
        person = next(
            (p for p in view.people if re.fullmatch(r"['’]s?\s+", view.text[state.end : p.start])), None
        )
        if person is not None and person.id not in titled and person.how != "coreference":
            view.claim(
                "state's own person", person.id, "national_of", state.id, 0.7, [(state.start, person.end)]
            )


@rule("person from a state")
def person_from_state(view: SentenceView) -> None:
    """'Rose Gottemoeller from the United States', 'Claudio Bisogniero of Italy': a state named right
    after a person's name, by "from" or "of", is the person's own (not "President of Finland X": a
    title's own rules read that; not a coreferring "he of …")."""
    for state in view.states:
        if state.how in ("coreference", "demonym") or re.match(r"['’]s?\b", view.text[state.end :]):
            continue
        for person in view.own_person(state):
            if person.how != "coreference":
                view.claim(
                    "person from a state",
                    person.id,
                    "national_of",
                    state.id,
                    0.7,
                    [(person.start, state.end)],
                )


@rule("demonym describes person")
def demonym_person(view: SentenceView) -> None:
    titled = {t.person for t in view.titles if t.role in NATIONAL_ROLES and t.organisation}
    for mention in view.mentions:
        if mention.how != "demonym":
            continue
        nearest = [p for p in view.people if 0 <= p.start - mention.end < 40 and p.id not in titled]
        between = view.text[mention.end : nearest[0].start] if nearest else ""
        # only the person's own title between: "Polish Army Lieutenant General X", not "Turkish
        # officials received President X"
        if nearest and re.fullmatch(rf"\s+(?:(?:{UPPER}[\w.'’-]*|of|the|{CALLING})\s+)*", between):
            view.claim(
                "demonym describes person",
                nearest[0].id,
                "national_of",
                mention.id,
                0.7,
                [span(mention), span(nearest[0])],
            )


@rule("described by nationality")
def described_person(view: SentenceView) -> None:
    """'Mircea Geoană, a Romanian diplomat, …', 'X, the former Norwegian prime minister': the apposition
    right after the name gives the person's nationality (an office named there is not given: "former")."""
    for person in view.people:
        if person.how == "coreference":
            continue
        opening = re.match(
            rf",\s+(?:a|an|the)\s+{DESCRIPTION_MODIFIERS}",
            view.text[person.end :],
        )
        if opening is None:
            continue
        at = person.end + opening.end()
        demonym = next((m for m in view.mentions if m.start == at and m.how == "demonym"), None)
        if demonym is not None and re.match(r"\s+[a-z]", view.text[demonym.end :]):
            view.claim(
                "described by nationality",
                person.id,
                "national_of",
                demonym.id,
                0.7,
                [span(person), span(demonym)],
            )


@rule("chief of defence of a state")
def chief_of_state(view: SentenceView) -> None:
    """'previously the Chief of Defence of the Czech Republic', 'when he was Chief of Defence of Denmark'."""
    for match in re.finditer(
        r"\b(Chief of (?:Defen[cs]e|the General Staff)|President|Prime Minister) of (?:the\s+)?", view.text
    ):
        state = next((m for m in view.states if m.start == match.end()), None)
        holder = next((p for p in reversed(view.people) if p.start < match.start()), None)
        if holder and not view.attached(holder.end, match.start()):
            holder = None  # the office belongs to the phrase of the person it is attached to
        if (
            state
            and holder
            and not any(t.person == holder.id and t.organisation == state.id for t in view.titles)
        ):
            role = match.group(1).replace("Defense", "Defence")
            spans = [span(holder), (match.start(), state.end)]
            view.claim(
                "chief of defence of a state", holder.id, "holds_office", state.id, 0.7, spans, role=role
            )
            view.claim("chief of defence of a state", holder.id, "national_of", state.id, 0.7, spans)


@rule("byline")
def byline(view: SentenceView) -> None:
    """'…, writes Adrian Bridge.' or 'By Adrian Bridge' names the article's author."""
    match = re.search(rf"(?:,\s+writes|^\s*By|^\s*Written by)\s+(?P<name>{NAME})\s*\.?\s*$", view.text)
    if not match or view.index > 2:
        return
    person = view.ex.person(match.group("name"))
    view.mentions.append(
        Mention(person, match.start("name"), match.end("name"), match.group("name"), "title+name")
    )
    _add_the_article(view)
    view.claim("byline", person, "authored", view.ex.article_id, 0.8, [match.span()])


@rule("author line")
def author_line(view: SentenceView) -> None:
    if re.search(r"\b(Author|Written by)\b|^\s*By\b", view.text) and view.people:
        _add_the_article(view)
        view.claim(
            "author line", view.people[-1].id, "authored", view.ex.article_id, 0.8, [span(view.people[-1])]
        )


@rule("person launched document")
def launched(view: SentenceView) -> None:
    publications = view.of_type("publication")
    if (
        view.subject_person
        and publications
        and re.search(r"\b(launched|wrote|authored|drafted)\b", view.text)
    ):
        view.claim(
            "person launched document",
            view.subject_person,
            "authored",
            publications[0].id,
            0.65,
            [span(publications[0])],
        )


@rule("appeared at")
def appeared_at(view: SentenceView) -> None:
    outlet = re.search(
        r"(?:originally appeared|first appeared|was published|first published)\s+(?:at|in|on|by)\s+"
        rf"(?P<name>{NAME}|{UPPER}[\w.-]+)",
        view.text,
    )
    if not outlet:
        return
    name = outlet.group("name").rstrip(".")
    node = view.ex.gazetteer.names.get(name, (None, ""))[0] or view.ex.add_new(
        Entity(f"organization:{slug(name)}", "organization", name, (), "An outlet named in the text.")
    )
    _add_the_article(view)
    view.claim("appeared at", view.ex.article_id, "published_in", node, 0.75, [outlet.span()])


@rule("manager of")
def manager_of(view: SentenceView) -> None:
    manager = re.search(rf"\bmanager of (?P<name>{ORGANISATION_NAME})", view.text)
    if manager and view.subject_person:
        name = manager.group("name")
        node = view.ex.gazetteer.names.get(name, (None, ""))[0] or view.ex.add_new(
            Entity(
                f"organization:{slug(name)}", "organization", name, (), "An organisation named in the text."
            )
        )
        view.claim("manager of", view.subject_person, "manages", node, 0.7, [manager.span()])


@rule("lives in")
def lives_in(view: SentenceView) -> None:
    home = re.search(rf"\blives in (?P<name>{NAME})", view.text)
    if home and view.subject_person:
        name = home.group("name")
        node = view.ex.gazetteer.names.get(name, (None, ""))[0] or view.ex.add_new(
            Entity(f"place:{slug(name)}", "place", name, (), "A place named in the text.")
        )
        view.claim("lives in", view.subject_person, "lives_in", node, 0.7, [home.span()])


def _add_the_article(view: SentenceView) -> None:
    """The ingested text itself, as a publication a person authored or an outlet published."""
    view.ex.add_new(
        Entity(
            view.ex.article_id,
            "publication",
            view.ex.proposal.source.title or "The text",
            (),
            "The ingested text.",
        )
    )
