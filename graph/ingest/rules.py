"""The named rules that turn a sentence's mentions into proposed claims.

Each rule is a function registered with ``@rule(name)``; every claim it proposes carries that
name, so ``bench/ingest_eval.py`` can score each rule on its own. A rule sees one sentence
through a :class:`SentenceView` (its mentions, titles, dates, enumerations and the events it
names) and proposes claims with the character spans of the words it matched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from graph.ingest.dates import DateMention, find_dates, later_count, years_later
from graph.ingest.extract import (
    NAME,
    Mention,
    ProposedClaim,
    Title,
    drop_overlaps,
    hedged,
)
from graph.ingest.names import DEMONYMS, NATIONAL_ROLES, NATO_ROLES, SERVICE, fold, slug
from graph.model import Entity

if TYPE_CHECKING:
    from graph.ingest.extract import Extractor

Span = tuple[int, int]
ORGANISATION_NAME = (
    r"[A-Z][A-Za-z]+(?:-[A-Z][A-Za-z]+)?(?:\s+(?:van |de |von )?[A-Z][A-Za-z]+(?:-[A-Z][A-Za-z]+)?){0,2}"
)
RULES: list[tuple[str, Callable[[SentenceView], None]]] = []
# Names that rules give some of their claims besides their own (a rule that fires on one
# pattern can propose a second claim from it): bench/ingest_eval.py scores these too.
SECONDARY_RULE_NAMES = (
    "event date",
    "office passes in a handover",
    "representative to the EU",
    "partners of framework invited",
    "state invited",
    "agreed at summit",
)


def rule(name: str) -> Callable[[Callable[[SentenceView], None]], Callable[[SentenceView], None]]:
    """Register a rule under ``name`` (the name its claims carry)."""

    def register(function: Callable[[SentenceView], None]) -> Callable[[SentenceView], None]:
        function.rule_name = name  # type: ignore[attr-defined]
        RULES.append((name, function))
        return function

    return register


def run_rules(view: SentenceView) -> None:
    for _, function in RULES:
        function(view)


SPEECH = re.compile(
    r"\b(said|says|added|highlighted|stressed|underlined|noted|told|affirmed|declared|reiterated|pointed out"
    r"|emphasi[sz]ed|spoke|speaking|speech|address(?:ed|ing)?|keynote|welcomed|thanked|acknowledged|hailed)\b"
)
EVENT_NOUN = re.compile(
    r"(?P<phrase>\b(?:(?P<det>a|an|the|this|that|its|their|today['’]s|his|her|two|three|several)\s+)?"
    r"(?P<modifiers>(?:(?!(?:a|an|the|at|in|on|of|for|to|with|by|and|said|says|this|that|its|their|held|hosted|met|was"
    r"|were|is|are|has|have|had|will|would|be|been|did|do|does)\b)[\w'’-]+\s+){0,5}?)"
    r"(?P<noun>meeting|summit|session|conference|ceremony|forum|exercise|event|Summit|Conference|Forum)s?)\b"
    r"(?P<of>\s+(?:of|for)\s+(?:the\s+)?(?-i:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*))?",
    re.IGNORECASE,
)
ORDINALS = {"second": 2, "third": 3, "fourth": 4}
PLACE_AFTER = re.compile(
    r"\b(?:in|at)\s+(?:the\s+(?:[A-Z][a-z]+\s+)?(?:town|city|capital|port)\s+of\s+)?"
    r"(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?![\w-])"
)
NOT_A_PLACE = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday"
    r"|Wednesday|Thursday|Friday|Saturday|Sunday|The|This|That|His|Her|Their|Its|NATO|Nato|Allied|Latin|Eastern"
    r"|Western|Northern|Southern|Central|Europe|Asia|Africa|America)\b"
)
JOIN = re.compile(
    r"\b(?:joined|joins|join|joining|acceded|accede|signed\s+up|sign\s+up|signing\s+up|enrolled|enrols"
    r"|take\s+up|took\s+up|taken\s+up|signed(?=\s+the\s+[\w\s]{0,40}Framework\s+(?:Document|Agreement))"
    r"|became|become|becomes|has\s+become|have\s+joined|has\s+joined)\b",
    re.IGNORECASE,
)
ACCESSION = re.compile(
    r"\b(?:accession|return|participation|entry|membership|re-?admission)\s+(?:of\s+)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class EventMention:
    """An event the sentence names or refers to, at its noun phrase."""

    id: str
    start: int
    end: int
    kind: str
    how: str  # known, new, anaphor


class SentenceView:
    """One sentence: its mentions (with coreference resolved), titles, dates and events."""

    def __init__(
        self, extractor: Extractor, index: int, text: str, offset: int, previous: SentenceView | None
    ):
        self.ex = extractor
        self.index = index
        self.text = text
        self.offset = offset
        self.previous = previous
        self.dates: list[DateMention] = find_dates(text, extractor.published)
        self.years = [int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", text)]
        found = extractor.gazetteer.find(text)
        found += [
            Mention(node, m.start(), m.end(), m.group(0), "alias")
            for short, node in extractor.gazetteer_extra.items()
            for m in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text)
        ]
        found = [replace_state(extractor, m) for m in found]
        bodies = extractor.named_bodies(text, found)  # first: a title may name one ("… for the X Division")
        people, self.titles = extractor.titled_people(text)
        bodies = [b for b in bodies if all(b.end <= p.start or b.start >= p.end for p in people)]
        mentions = drop_overlaps(people + bodies + found)
        mentions = drop_overlaps(mentions + self.coreferences(mentions))
        self.mentions = [m for m in mentions if m.id]
        self.events: list[EventMention] = self.find_events()
        self.mentions = drop_overlaps(
            self.mentions
            + [Mention(e.id, e.start, e.end, text[e.start : e.end], "event") for e in self.events]
        )

    # ---- typed views -------------------------------------------------------------------------

    def of_type(self, *types: str) -> list[Mention]:
        return [m for m in self.mentions if self.ex.entity_type(m.id) in types]

    @property
    def people(self) -> list[Mention]:
        return self.of_type("person")

    @property
    def states(self) -> list[Mention]:
        return self.of_type("state")

    @property
    def frameworks(self) -> list[Mention]:
        return self.of_type("framework")

    @property
    def subject_person(self) -> str | None:
        people = self.people
        return people[0].id if people else None

    def enumeration(self, mention: Mention) -> list[Mention]:
        """The mentions listed with ``mention`` ("Bahrain, Qatar, Kuwait and the UAE")."""
        same = [m for m in self.mentions if self.ex.entity_type(m.id) == self.ex.entity_type(mention.id)]
        position = same.index(mention) if mention in same else -1
        if position < 0:
            return [mention]
        group = [mention]
        for step in (-1, 1):
            index = position
            while 0 <= index + step < len(same):
                left, right = (
                    (same[index + step], same[index]) if step < 0 else (same[index], same[index + step])
                )
                if not re.fullmatch(
                    r"\s*(?:,|,?\s*and|,?\s*or|&)\s*(?:the\s+)?", self.text[left.end : right.start]
                ):
                    break
                index += step
                group.insert(0, same[index]) if step < 0 else group.append(same[index])
        return group

    # ---- proposing ---------------------------------------------------------------------------

    def claim(
        self,
        name: str,
        subject: str | None,
        relation: str,
        target: str | None,
        confidence: float,
        spans: list[Span],
        start: str | None = None,
        end: str | None = None,
        role: str = "",
        note: str = "",
    ) -> None:
        if not subject or not target or subject == target:
            return
        spans = sorted({(max(0, a), min(len(self.text), b)) for a, b in spans if b > a}) or [
            (0, len(self.text))
        ]
        proposed = ProposedClaim(
            subject,
            relation,
            target,
            self.index,
            self.offset + spans[0][0],
            self.offset + max(b for _, b in spans),
            confidence,
            name,
            start,
            role,
            note,
            end,
            tuple(spans),
        )
        key = (subject, relation, target, start, role)
        if all((c.subject, c.relation, c.object, c.start, c.role) != key for c in self.ex.proposal.claims):
            self.ex.proposal.claims.append(proposed)

    def date_near(self, position: int) -> DateMention | None:
        if not self.dates:
            return None
        return min(self.dates, key=lambda d: abs(d.start - position))

    def remember(self) -> None:
        """What the next sentences may refer back to."""
        ex = self.ex
        people = [m for m in self.people if m.how != "coreference"]
        if people:
            ex.last_person = people[-1].id
        elif self.people:
            ex.last_person = self.people[-1].id
        states = self.states
        if states:
            ex.last_state = states[-1].id
        if self.frameworks:
            ex.last_framework = self.frameworks[-1].id
        for title in self.titles:
            ex.role_holders[title.role] = title.person
            if title.organisation and title.role in NATIONAL_ROLES:
                ex.nationality.setdefault(title.person, title.organisation)
        if self.events:
            ex.last_event = self.events[-1].id
        if self.years:
            ex.last_year = self.years[-1]

    # ---- coreference ------------------------------------------------------------------------

    def coreferences(self, mentions: list[Mention]) -> list[Mention]:
        ex = self.ex
        found: list[Mention] = []
        people = [m for m in mentions if ex.entity_type(m.id) == "person"]
        for match in re.finditer(r"\b(?:He|She|he|she)\b", self.text):
            before = [p for p in people if p.end <= match.start()]
            person = before[-1].id if before else ex.last_person
            if person:
                found.append(Mention(person, match.start(), match.end(), match.group(0), "coreference"))
        for match in re.finditer(
            r"^\s*The\s+(?:[\w-]+\s+){0,3}?(?P<noun>officer|general|admiral|diplomat|author)\b", self.text
        ):
            if ex.last_person:
                found.append(
                    Mention(
                        ex.last_person,
                        match.start("noun"),
                        match.end("noun"),
                        match.group("noun"),
                        "coreference",
                    )
                )
        for match in re.finditer(
            r"\b(?:the|The)\s+(?:NATO\s+)?"
            r"(?P<role>(?i:Secretary[\s-]General)|Deputy Secretary General|Chair(?:man)?"
            r"|Director General|diplomat|minister|Minister|general|admiral|officer)\b(?!\s+(?:of|[A-Z]))",
            self.text,
        ):
            role = re.sub(r"[\s-]+", " ", match.group("role"))
            role = "Secretary General" if role.lower() == "secretary general" else role
            role = "Chair" if role.startswith("Chair") else role
            holder = ex.role_holders.get(role) or (ex.last_person if role.islower() else None)
            if holder:
                found.append(Mention(holder, match.start(), match.end(), match.group(0), "coreference"))
        for match in re.finditer(
            r"\b(?:the|The)\s+(?P<word>initiative|Initiative|Dialogue|dialogue|programme|program|partnership"
            r"|Partnership|council|Council)\b(?!\s+(?:of|for|[A-Z]))",
            self.text,
        ):
            word = match.group("word").lower()
            frameworks = [
                node for node in [ex.last_framework] if node and word[:6] in fold(ex.gazetteer.label(node))
            ]
            if frameworks:
                found.append(
                    Mention(frameworks[0], match.start(), match.end(), match.group(0), "coreference")
                )
        for match in re.finditer(
            r"\b(?P<whose>[Hh]is|[Hh]er|the|The)\s+(?:country|State|republic|nation)\b", self.text
        ):
            whose = match.group("whose").lower()
            here = [m.id for m in mentions if ex.entity_type(m.id) == "state" and m.end <= match.start()]
            holders = [
                t.organisation
                for t in self.titles
                if t.organisation and ex.entity_type(t.organisation) == "state"
            ]
            state: str | None
            if whose in ("his", "her"):
                state = next(iter(holders[::-1]), None) or ex.nationality.get(ex.last_person or "")
                state = state or next(iter(here[::-1]), None)
            else:
                state = next(iter(here[::-1]), None) or ex.last_state
            if state:
                found.append(Mention(state, match.start(), match.end(), match.group(0), "coreference"))
        opening = re.match(r"\s*It\b", self.text)
        if opening and self.previous and self.previous.mentions:
            ranked = [m.id for m in self.previous.mentions if ex.entity_type(m.id) == "framework"] + [
                m.id for m in self.previous.mentions[:1] if ex.entity_type(m.id) in ("alliance", "body")
            ]
            if ranked:
                found.append(Mention(ranked[0], opening.start(), opening.end(), "It", "coreference"))
        return [m for m in found if all(m.end <= o.start or m.start >= o.end for o in mentions)]

    # ---- events -----------------------------------------------------------------------------

    def find_events(self) -> list[EventMention]:
        ex = self.ex
        events: list[EventMention] = []
        for mention in self.mentions:
            if ex.entity_type(mention.id) == "event" and mention.how != "coreference":
                events.append(EventMention(mention.id, mention.start, mention.end, "known", "known"))
        nouns = list(EVENT_NOUN.finditer(self.text))
        for position, match in enumerate(nouns):
            noun = match.group("noun").lower()
            if match.group("noun") == "forum":
                continue  # "a forum for experts": a place to talk, not an event named
            limit = nouns[position + 1].start() if position + 1 < len(nouns) else len(self.text)
            floor = nouns[position - 1].end() if position else 0
            start, end = match.start("phrase"), match.end("phrase")
            if any(e.start <= start < e.end or start <= e.start < end for e in events):
                continue
            det = (match.group("det") or "").lower()
            modifiers = match.group("modifiers") or ""
            name_words = re.findall(r"\b[A-Z][\w'’-]*\b", modifiers)
            named = (
                noun in ("summit", "conference", "forum") and name_words and match.group("noun")[0].isupper()
            )
            ordinal = next((ORDINALS[w.lower()] for w in modifiers.split() if w.lower() in ORDINALS), 0)
            anaphor = (
                det in ("the", "this", "that", "its", "their", "today's", "today’s", "his", "her")
                and not named
            )
            # The event's own date: inside its phrase ("the June 14 summit"), else the first day or
            # month after it in the sentence, else the last before it; a bare year only inside.
            dated = [d for d in self.dates if len(d.value) >= 7]
            inside = [d for d in self.dates if start <= d.start and d.end <= end]
            following = [d for d in dated if end <= d.start < limit]  # not past the next event named
            preceding = [d for d in dated if floor <= d.start and d.end <= start]
            near_dates = inside[:1] or following[:1] or preceding[-1:]
            if not near_dates and not named and det in ("a", "an", "") and noun != "event":
                near_dates = self.following_dates()  # "A meeting … will take place. In two days …"
            if noun == "event" and not anaphor:
                continue
            if ordinal and not near_dates and ex.last_event in ex.event_dates:
                near_dates = [DateMention(0, 0, ex.event_dates[ex.last_event])]
            if anaphor and not ordinal and ex.last_event and not near_dates:
                referent = ex.events_by_kind.get(noun, ex.last_event)
                events.append(EventMention(referent, start, end, noun, "anaphor"))
                continue
            if (
                anaphor
                and not ordinal
                and near_dates
                and ex.event_dates.get(ex.last_event or "") == near_dates[0].value
            ):
                events.append(EventMention(ex.last_event or "", start, end, noun, "anaphor"))
                continue
            if not det and not named:
                continue  # "Meeting in Brussels, ministers …": a verb, not an event named
            date = near_dates[0] if near_dates else None
            value = date.value if date else None
            node: str | None = ex_event_by_date(ex, value, noun) if value else None
            if node is None:
                _, node = self.new_event(match, noun, name_words if named else [], value, ordinal)
                if node is None:
                    continue
            if date and node:
                ex.event_dates.setdefault(node, date.value)
                if date.end > date.start:
                    spans, note = [(date.start, date.end), (start, end)], date.note
                else:  # the date came from the next sentence
                    spans, note = (
                        [(start, end)],
                        f"The date is given in the next sentence. {date.note}".strip(),
                    )
                self.claim("event date", node, "date", date.value, 0.75, spans, note=note)
            events.append(EventMention(node, start, end, noun, "new"))
            ex.events_by_kind[noun] = node
            if ex.main_event is None and noun in ("meeting", "session", "conference", "ceremony", "forum"):
                ex.main_event = node
        for match in re.finditer(r"\b(?:met|convened|gathered)\b", self.text):
            if events or not self.dates:
                continue
            date = self.date_near(match.start())
            assert date is not None
            node = ex_event_by_date(ex, date.value, "meeting") or ex.add_new(
                Entity(
                    f"event:meeting-{date.value}",
                    "event",
                    f"Meeting of {date.value}",
                    (),
                    "A meeting named in the text.",
                )
            )
            self.claim(
                "event date",
                node,
                "date",
                date.value,
                0.7,
                [(date.start, date.end), match.span()],
                note=date.note,
            )
            ex.event_dates.setdefault(node, date.value)
            events.append(EventMention(node, match.start(), match.end(), "meeting", "verb"))
            ex.main_event = ex.main_event or node
        return events

    def following_dates(self) -> list[DateMention]:
        """Dates of the next sentence, for an event named in this one ("… a meeting. In two days …")."""
        sentences = self.ex.proposal.sentences
        if self.index + 1 >= len(sentences):
            return []
        start, end = sentences[self.index + 1]
        if EVENT_NOUN.search(self.ex.proposal.text[start:end]) and not re.search(
            r"\b(?:a|an)\s+(?:\w+\s+){0,3}?(?:meeting|session)\s+of\b", self.ex.proposal.text[start:end]
        ):
            return []  # the next sentence dates its own event
        following = find_dates(self.ex.proposal.text[start:end], self.ex.published)
        return [DateMention(0, 0, d.value, d.note) for d in following if len(d.value) >= 7][:1]

    def new_event(
        self, match: re.Match[str], noun: str, name_words: list[str], value: str | None, ordinal: int
    ) -> tuple[str, str | None]:
        ex = self.ex
        of_part = (match.group("of") or "").strip()
        if name_words:
            name = " ".join(
                w for w in name_words if not re.fullmatch(r"\d+\w*", w) and w not in ("NATO", "The")
            )
            label = f"{name} {noun.capitalize()}".strip()
        elif of_part:
            label = f"{noun.capitalize()} {of_part}"
        else:
            label = f"{noun.capitalize()} of {value}" if value else ""
        if not label:
            return "", None
        year = (value or "")[:4] or (ex.published or "")[:4]
        when = value if value and not name_words else year
        suffix = f"-{ordinal}" if ordinal else ""
        node_id = f"event:{slug(label if name_words or of_part else noun)}-{when}{suffix}".replace("--", "-")
        node = ex.add_new(Entity(node_id, "event", label, (), f"A {noun} named in the text."))
        return label, node


def replace_state(extractor: Extractor, mention: Mention) -> Mention:
    if mention.id.startswith("state:") and mention.id not in extractor.G:
        return replace_id(mention, extractor.state_entity(mention.id, mention.text))
    return mention


def replace_id(mention: Mention, node: str) -> Mention:
    return Mention(node, mention.start, mention.end, mention.text, mention.how)


def ex_event_by_date(ex: Extractor, day: str | None, kind: str) -> str | None:
    """An event of the dataset on that day (and of that kind, unless a meeting)."""
    if not day:
        return None
    for node, data in ex.G.nodes(data=True):
        if data.get("type") != "event":
            continue
        values = {item["value"] for item in data.get("facts", {}).get("date", [])}
        if day in values and (kind.lower() in data.get("label", "").lower() or kind == "meeting"):
            return str(node)
    return None


def span(mention: Mention | EventMention) -> Span:
    return (mention.start, mention.end)


def current_event(view: SentenceView) -> EventMention | None:
    return view.events[0] if view.events else None


# ============================================================================================
# People: offices, nationality, authorship
# ============================================================================================


@rule("title names office")
def title_office(view: SentenceView) -> None:
    """'NATO Secretary General X', 'X, Romania's Foreign Minister', 'Chair of the Military Committee, X'."""
    for title in view.titles:
        organisation = title.organisation
        kind = view.ex.entity_type(organisation) if organisation else ""
        spans = [(title.start, title.end), (title.name_start, title.name_end)]
        if title.role in NATO_ROLES and (organisation in (None, "alliance:nato")):
            view.claim(
                "title names office",
                title.person,
                "holds_office",
                "alliance:nato",
                0.8,
                spans,
                role=title.role,
            )
        elif kind == "state" or (kind in ("body", "alliance") and title.role not in NATIONAL_ROLES):
            # any office held in a state ("Head of Ukraine's Mission to NATO"), or in a body
            view.claim(
                "title names office", title.person, "holds_office", organisation, 0.75, spans, role=title.role
            )


@rule("national office gives nationality")
def national_office(view: SentenceView) -> None:
    for title in view.titles:
        if (
            title.organisation
            and view.ex.entity_type(title.organisation) == "state"
            and title.role not in NATO_ROLES
        ):
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
    """'the Minister for Foreign Affairs, Mr Andrews' in a sentence about Ireland and nothing else."""
    for title in view.titles:
        states = {m.id for m in view.states if m.how != "demonym" and m.end <= title.start}
        known = view.ex.nationality.get(title.person)
        if title.role in NATIONAL_ROLES and title.organisation is None and (known or len(states) == 1):
            state = known or next(iter(states))
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
    """'Admiral X of the Royal Netherlands Navy', 'General Y of the German Armed Forces'."""
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


@rule("demonym describes person")
def demonym_person(view: SentenceView) -> None:
    titled = {t.person for t in view.titles if t.role in NATIONAL_ROLES and t.organisation}
    for mention in view.mentions:
        if mention.how != "demonym":
            continue
        nearest = [p for p in view.people if 0 <= p.start - mention.end < 40 and p.id not in titled]
        between = view.text[mention.end : nearest[0].start] if nearest else ""
        if nearest and "," not in between and " and " not in between:
            view.claim(
                "demonym describes person",
                nearest[0].id,
                "national_of",
                mention.id,
                0.7,
                [span(mention), span(nearest[0])],
            )


@rule("chief of defence of a state")
def chief_of_state(view: SentenceView) -> None:
    """'previously the Chief of Defence of the Czech Republic', 'when he was Chief of Defence of Denmark'."""
    for match in re.finditer(
        r"\b(Chief of (?:Defen[cs]e|the General Staff)|President|Prime Minister) of (?:the\s+)?", view.text
    ):
        state = next((m for m in view.states if m.start == match.end()), None)
        holder = next((p for p in reversed(view.people) if p.start < match.start()), None)
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
    view.ex.add_new(
        Entity(
            view.ex.article_id,
            "publication",
            view.ex.proposal.source.title or "The text",
            (),
            "The ingested text.",
        )
    )
    view.claim("byline", person, "authored", view.ex.article_id, 0.8, [match.span()])


@rule("author line")
def author_line(view: SentenceView) -> None:
    if re.search(r"\b(Author|Written by)\b|^\s*By\b", view.text) and view.people:
        view.ex.add_new(
            Entity(
                view.ex.article_id,
                "publication",
                view.ex.proposal.source.title or "The text",
                (),
                "The ingested text.",
            )
        )
        view.claim(
            "author line", view.people[-1].id, "authored", view.ex.article_id, 0.8, [span(view.people[-1])]
        )


# ============================================================================================
# Succession and handover
# ============================================================================================

# "X of Poland took over from Y", "X, the outgoing Chair, handed over to Y"
APPOSITION = r"^(?:\s*,[^,;.]{0,60},|\s+of\s+(?:the\s+)?[A-Z][\w]*(?:\s+[A-Z][\w]*){0,2})?"
SUCCESSION = [
    (
        re.compile(
            APPOSITION + r"\s*,?\s*(?:who\s+)?(?:has\s+|had\s+|will\s+)?"
            r"(?:succeeded|succeeds|succeed|replaced|replaces|replace|took over from|takes over from"
            r"|will take over from)\s+(?:the\s+)?(?:current\s+|outgoing\s+)?(?:[\w-]+\s+){0,4}?$",
            re.I,
        ),
        "new-old",
    ),
    (
        re.compile(r"^\s*(?:is|was|will be|has been)\s+succeeded\b.*\bby\s+(?:[\w-]+\s+){0,3}?$", re.I),
        "old-new",
    ),
    (
        re.compile(APPOSITION + r"\s*(?:has\s+|had\s+)?handed over\b.*?\bto\s+(?:[\w-]+\s+){0,3}?$", re.I),
        "old-new",
    ),
]


@rule("succession between two people")
def succession(view: SentenceView) -> None:
    """'Y succeeded X', 'X is succeeded … by Y', 'X handed over to Y' (Y is successor_of X)."""
    people = [p for p in view.people]
    for first, second in pairwise(people):
        between = view.text[first.end : second.start]
        for pattern, order in SUCCESSION:
            if pattern.search(between):
                new, old = (first, second) if order == "new-old" else (second, first)
                date = view.date_near(second.start)
                view.claim(
                    "succession between two people",
                    new.id,
                    "successor_of",
                    old.id,
                    0.75,
                    [span(first), (first.end, second.start), span(second)],
                    start=date.value if date else None,
                    note=date.note if date else "",
                )
                handover_office(view, new, old, date)
                break
    for match in re.finditer(r"\bsuccessor (?:to|of)\s+", view.text):
        predecessor = next((p for p in people if p.start >= match.end() and p.start - match.end() < 40), None)
        successor = next((p for p in people if p.end <= match.start()), None)
        if predecessor and successor:
            view.claim(
                "succession between two people",
                successor.id,
                "successor_of",
                predecessor.id,
                0.7,
                [span(successor), match.span(), span(predecessor)],
            )
    for match in re.finditer(r"\bwhen\s+", view.text):
        leaving = next((p for p in people if p.start == match.end()), None)
        if leaving and re.match(
            r"['’]s?\s+(?:tenure|term|mandate)\s+(?:ends|expires|runs out)", view.text[leaving.end :]
        ):
            arriving = next((p for p in people if p.end <= match.start()), None)
            if arriving:
                date = view.date_near(match.start())
                view.claim(
                    "succession between two people",
                    arriving.id,
                    "successor_of",
                    leaving.id,
                    0.7,
                    [span(arriving), (match.start(), leaving.end + 20)],
                    start=date.value if date else None,
                )


def handover_office(view: SentenceView, new: Mention, old: Mention, date: DateMention | None) -> None:
    """'… as the Chairman of the NATO Military Committee' in a handover sentence: both held it."""
    match = re.search(
        r"\bas\s+(?:the\s+)?(?:new\s+)?"
        r"(?P<role>Chair(?:man)?|Director General|Secretary General|Commander|Head)\b",
        view.text,
    )
    if not match:
        return
    bodies = [
        m
        for m in view.mentions
        if view.ex.entity_type(m.id) in ("body", "alliance") and 0 <= m.start - match.end() < 40
    ]
    role = "Chair" if match.group("role").startswith("Chair") else match.group("role")
    body = bodies[0].id if bodies else ("alliance:nato" if role == "Secretary General" else None)
    if body is None:
        return
    value = date.value if date else None
    spans = [match.span()] + ([span(bodies[0])] if bodies else [])
    view.claim(
        "office passes in a handover",
        new.id,
        "holds_office",
        body,
        0.75,
        [*spans, span(new)],
        start=value,
        role=role,
    )
    view.claim(
        "office passes in a handover",
        old.id,
        "holds_office",
        body,
        0.7,
        [*spans, span(old)],
        end=value,
        role=role,
    )


@rule("office of body")
def office_of_body(view: SentenceView) -> None:
    """Legacy pattern: an office title followed closely by a body ("Director General of the … Staff")."""
    offices = (
        r"Director General|Deputy Secretary General|Secretary General|Chair|Chairman|Military Representative"
        r"|representative|Commander|Chief of Defence"
    )
    bodies = [m for m in view.mentions if view.ex.entity_type(m.id) in ("body", "alliance")]
    later = years_later(view.text)
    subject = view.subject_person
    if any(
        c.sentence == view.index and c.rule == "office passes in a handover" for c in view.ex.proposal.claims
    ):
        return
    for office in re.finditer(rf"\b(?P<office>{offices})\b", view.text, re.IGNORECASE):
        after = [m for m in bodies if 0 <= m.start - office.end() <= 60 and m.how != "coreference"]
        people = view.people
        holder = min(people, key=lambda m: abs(m.start - office.start())).id if people else None
        if (
            re.search(r"\bas\s+(?:the\s+)?$", view.text[max(0, office.start() - 8) : office.start()])
            and subject
        ):
            holder = subject
        if not after or not holder:
            continue
        role = office.group("office")
        role = "Chair" if role.lower() in ("chair", "chairman") else role[0].upper() + role[1:]
        start, note = year_for(view, office.start(), later)
        days = [d for d in view.dates if len(d.value) >= 7]
        if days and re.search(r"\b(took up|took over|assumed|became|was appointed|appointed)\b", view.text):
            start, note = days[0].value, days[0].note
        spans = [(office.start(), after[0].end)]
        if any(
            c.sentence == view.index and c.subject == holder and c.rule == "title names office"
            for c in view.ex.proposal.claims
        ):
            continue  # the title already gave this person's office
        view.claim(
            "office of body",
            holder,
            "holds_office",
            after[0].id,
            0.75,
            spans,
            start=start,
            role=role,
            note=note,
        )
        if (
            role.lower().endswith("representative")
            and "European Union" in view.text
            and "body:eumc" in view.ex.G
        ):
            view.claim(
                "representative to the EU",
                holder,
                "holds_office",
                "body:eumc",
                0.6,
                [office.span()],
                start=start,
                role=role,
                note=note,
            )


def year_for(view: SentenceView, position: int, later: re.Match[str] | None) -> tuple[str | None, str]:
    """The year an office began: the year in the sentence, or 'N years later' counted from the last one."""
    base = view.years[0] if view.years else view.ex.last_year
    if later and later.start() < position and base:
        gap = later_count(later.group(1))
        if gap:
            return str(base + gap), f"'{later.group(0)}' after {base} resolved to {base + gap}."
    return (str(base), "") if base and view.years else (None, "")


# ============================================================================================
# Membership, partnership, suspension
# ============================================================================================


def _subjects_before(view: SentenceView, position: int) -> list[Mention]:
    """The state (and the states listed with it) nearest before ``position`` in the same clause."""
    before = [m for m in view.states if m.end <= position]
    if not before:
        return []
    nearest = before[-1]
    if re.search(r"[;:]|\bbut\b|\bwhich\b|\bwho\b", view.text[nearest.end : position]) and not re.search(
        r"\bwhich saw\b", view.text[nearest.end : position]
    ):
        return []
    return view.enumeration(nearest)


def claim_each(
    view: SentenceView,
    name: str,
    subjects: list[Mention],
    relation: str,
    target: Mention,
    verb: Span,
    confidence: float,
) -> None:
    """One claim per listed subject, dated by the date nearest the verb."""
    date = view.date_near(verb[1])
    for subject in subjects:
        view.claim(
            name,
            subject.id,
            relation,
            target.id,
            confidence,
            [span(subject), verb, span(target)],
            start=date.value if date else None,
            note=date.note if date else "",
        )


@rule("state joins framework or alliance")
def joins(view: SentenceView) -> None:
    """'Malta joined the PfP in April 1995', 'X officially became the 29th member of NATO on Monday'."""
    targets = [m for m in view.mentions if view.ex.entity_type(m.id) in ("framework", "alliance")]
    for verb in JOIN.finditer(view.text):
        after = [t for t in targets if 0 <= t.start - verb.end() <= 70]
        if not after:
            continue
        if re.match(r"take|took|taken", verb.group(0), re.I):
            after = [t for t in after if view.ex.entity_type(t.id) == "framework"]  # "taken up by NATO's …"
            if not after:
                continue
        target = after[0]
        if len(after) > 1 and re.match(r"['’]s?\s", view.text[target.end : target.end + 3]):
            target = after[1]  # "NATO's Partnership for Peace": the framework
        phrase = view.text[verb.end() : target.end]
        tail = phrase + view.text[target.end : target.end + 30]
        if verb.group(0).lower().startswith("bec") and not re.search(
            r"\b(member|ally|partner|participant|part)\b", tail, re.I
        ):
            continue
        subjects = _subjects_before(view, verb.start())
        if not subjects:
            continue
        between = view.text[subjects[-1].end : verb.start()]
        if hedged(between):
            continue
        if re.search(r"\bto\s+$", between) and not re.search(
            r"\bthe (?:first|second|third|\w+th)\b", between
        ):
            continue  # "invited … to join", "anxious to join"; but "the first … country to sign up"
        kind = view.ex.entity_type(target.id)
        relation = "member_of" if kind == "alliance" else "partner_in"
        if kind == "alliance" and re.search(r"\bpartner\b", tail, re.I):
            relation = "partner_in"
            if "framework:patg" in view.ex.G and re.search(
                r"global partner|partners? across", view.text, re.I
            ):
                target = Mention("framework:patg", target.start, target.end, target.text, "reference")
            else:
                continue
        claim_each(view, "state joins framework or alliance", subjects, relation, target, verb.span(), 0.75)


@rule("accession of states to a framework")
def accession(view: SentenceView) -> None:
    """'the accession of A, B and C to the PfP', 'Malta's return to the PfP', 'Malta's participation in'."""
    targets = [m for m in view.mentions if view.ex.entity_type(m.id) in ("framework", "alliance")]
    for noun in ACCESSION.finditer(view.text):
        states = [m for m in view.states if 0 <= m.start - noun.end() <= 5]
        possessive = [
            m
            for m in view.states
            if 0 <= noun.start() - m.end <= 12
            and re.match(r"['’]s?\s+(?:new\s+|full\s+)?$", view.text[m.end : noun.start()])
        ]
        subjects = view.enumeration(states[0]) if states else possessive
        if not subjects:
            continue
        after = [
            t
            for t in targets
            if (
                0 <= t.start - subjects[-1].end <= 40
                and re.match(
                    r"\s*(?:to|in|into|of|with)\s+(?:the\s+|NATO['’]s\s+)?$",
                    view.text[max(subjects[-1].end, noun.end()) : t.start],
                )
            )
            or (
                0 <= t.start - noun.end() <= 30
                and re.match(r"(?:to|in|into)\s+(?:the\s+)?$", view.text[noun.end() : t.start])
            )
        ]
        if not after or re.search(
            r"\b(?:will|would|could|may|might|shall|hopes?|hoped|expect\w*)\b", view.text[: noun.start()]
        ):
            continue
        target = after[0]
        relation = "member_of" if view.ex.entity_type(target.id) == "alliance" else "partner_in"
        if relation == "member_of" and re.search(
            r"\bpartners?\b", view.text[target.end : target.end + 40], re.I
        ):
            continue  # "the entry of Colombia into NATO in the category of global partner"
        claim_each(view, "accession of states to a framework", subjects, relation, target, noun.span(), 0.7)


@rule("framework lists its members")
def framework_lists(view: SentenceView) -> None:
    """'… the region: Algeria, Egypt …' after the framework (or 'It'), 'the ICI countries – A, B'."""
    for framework in view.frameworks:
        rest = view.text[framework.end :]
        lead = re.match(
            r"[^.;]{0,90}?(?:\s[–—-]\s|:\s|\(\s*|\bnamely\s|\bsuch as\s|\bincluding\s)", rest
        ) or re.match(
            r"[^.;]{0,80}\b(?:involves|includes|comprises|consists of|brings together)\b[^.;:]{0,80}:\s", rest
        )
        if not lead:
            continue
        first = next(
            (
                m
                for m in view.states
                if m.start >= framework.end + lead.end() - 1 and m.start - (framework.end + lead.end()) <= 6
            ),
            None,
        )
        if first is None:
            continue
        listed = view.enumeration(first)
        if len(listed) < 2:
            continue
        for state in listed:
            view.claim(
                "framework lists its members",
                state.id,
                "partner_in",
                framework.id,
                0.7,
                [span(framework), span(state)],
            )


@rule("listed as partners")
def listed_as(view: SentenceView) -> None:
    """'NATO lists A, B and C as partners across the globe'; 'A, B and C have joined the initiative'."""
    for framework in view.frameworks:
        before = view.text[: framework.start]
        match = re.search(r"\bas\s+(?:[\"“]\s*)?(?:the\s+)?$", before) or re.search(
            r"\bhave\s+(?:all\s+)?joined\s+(?:the\s+)?$", before
        )
        if not match:
            continue
        states = [m for m in view.states if m.end <= match.start()]
        if not states:
            continue
        listed = view.enumeration(states[-1])
        if len(listed) < 2 and not re.search(r"\bhave\b", match.group(0)):
            continue
        if hedged(view.text[listed[-1].end : framework.start]):
            continue
        for state in listed:
            view.claim(
                "listed as partners",
                state.id,
                "partner_in",
                framework.id,
                0.7,
                [span(state), match.span(), span(framework)],
            )


@rule("cooperation suspended")
def suspended(view: SentenceView) -> None:
    if not re.search(
        r"\bsuspend\w*\b.*\bcooperation\b|\bsuspension of cooperation\b", view.text, re.IGNORECASE
    ):
        return
    day = view.dates[0].value if view.dates else (str(view.years[0]) if view.years else None)
    for state in view.states:
        view.claim(
            "cooperation suspended",
            state.id,
            "suspended_from",
            "alliance:nato",
            0.7,
            [span(state)],
            start=day,
        )


@rule("founding member")
def founding_member(view: SentenceView) -> None:
    """'The US is one of the organization's twelve founding members from 1949.'"""
    match = re.search(r"\b(?:is|was) one of the [\w'’ ]*founding members\b", view.text)
    if match and view.states:
        state = view.states[0]
        target = next(
            (m.id for m in view.mentions if view.ex.entity_type(m.id) == "alliance"), "alliance:nato"
        )
        view.claim(
            "founding member",
            state.id,
            "member_of",
            target,
            0.7,
            [span(state), match.span()],
            start=str(view.years[0]) if view.years else None,
        )


# ============================================================================================
# Events: where, who attended, hosted and spoke
# ============================================================================================


def _place_after(view: SentenceView, position: int, limit: int = 80) -> tuple[str, Span] | None:
    """A place or state named after 'in'/'at' behind ``position``: known, or a new place."""
    for match in PLACE_AFTER.finditer(view.text, position):
        if match.start() - position > limit:
            return None
        known = [
            m
            for m in view.mentions
            if m.start <= match.start("place") < m.end and view.ex.entity_type(m.id) in ("place", "state")
        ]
        if known:
            return known[0].id, (match.start(), known[0].end)
        other = [m for m in view.mentions if m.start <= match.start("place") < m.end]
        name = match.group("place")
        if other or NOT_A_PLACE.match(name):
            continue
        node = view.ex.add_new(Entity(f"place:{slug(name)}", "place", name, (), "A place named in the text."))
        view.mentions.append(Mention(node, match.start("place"), match.end("place"), name, "new"))
        return node, match.span()
    for mention in view.mentions:
        if mention.start >= position and mention.start - position < 25 and mention.id == "place:nato-hq":
            return mention.id, span(mention)
    return None


@rule("event held in place")
def event_place(view: SentenceView) -> None:
    """'the ceremony … in New York', 'a summit in Belgium', 'took place at NATO Headquarters'."""
    for event in view.events:
        if view.ex.entity_type(event.id) != "event":
            continue
        found = _place_after(view, event.end, 30)
        if found is None:
            verb = re.search(
                r"\b(?:held|took place|take place|takes place|met|convened|kicked off|gathered)\b", view.text
            )
            if verb and (abs(verb.start() - event.end) < 80 or abs(event.start - verb.end()) < 120):
                found = _place_after(view, verb.end(), 40)
        if found is None and re.search(r"\b(?:met|convened|gathered)\b", view.text[: event.start]):
            verb2 = re.search(r"\b(?:met|convened|gathered)\b", view.text)
            assert verb2 is not None
            found = _place_after(view, verb2.end(), 60)
        if found:
            view.claim("event held in place", event.id, "held_in", found[0], 0.7, [span(event), found[1]])


@rule("meeting held at/in place")
def meeting_place(view: SentenceView) -> None:
    """A place the dataset knows, after the event in a sentence about holding or hosting it."""
    if not view.events or not re.search(r"\b(meeting|held|hosted)\b", view.text):
        return
    event = view.events[0]
    places = [
        m
        for m in view.of_type("place")
        if m.start > event.end
        and re.search(r"\b(?:at|in)\s+(?:the\s+)?$", view.text[max(0, m.start - 8) : m.start])
    ]
    if places:
        view.claim(
            "meeting held at/in place", event.id, "held_in", places[0].id, 0.7, [span(event), span(places[0])]
        )


@rule("place in a state")
def place_in_state(view: SentenceView) -> None:
    """'the Portuguese town of Sintra', 'Prague, capital of the Czech Republic'."""
    for match in re.finditer(
        r"\bthe\s+(?P<adj>[A-Z][a-z]+)\s+(?:town|city|capital|port)\s+of\s+(?P<place>[A-Z][a-z]+)", view.text
    ):
        state = DEMONYMS.get(match.group("adj"))
        place = next((m for m in view.mentions if m.start == match.start("place")), None)
        if state and place:
            view.claim(
                "place in a state",
                place.id,
                "located_in",
                view.ex.state_entity(f"state:{state}", match.group("adj")),
                0.7,
                [match.span()],
            )
    for match in re.finditer(r"(?P<place>[A-Z][a-z]+),\s+(?:the\s+)?capital of (?:the\s+)?", view.text):
        city = next((m for m in view.mentions if m.start == match.start("place")), None)
        country = next((m for m in view.states if m.start == match.end()), None)
        if city and country:
            view.claim(
                "place in a state", city.id, "located_in", country.id, 0.7, [(match.start(), country.end)]
            )


@rule("event in place")
def event_in_place(view: SentenceView) -> None:
    """Legacy: a known event followed by 'in (the) <state or place>' ('the ISAF operation in Afghanistan')."""
    for event in view.mentions:
        if view.ex.entity_type(event.id) != "event":
            continue
        following = [
            m
            for m in view.mentions
            if m.start > event.end and view.ex.entity_type(m.id) in ("state", "place")
        ]
        if following and re.match(
            r"\s+(?:operation\s+|mission\s+)?in\s+(?:the\s+)?$", view.text[event.end : following[0].start]
        ):
            view.claim(
                "event in place", event.id, "held_in", following[0].id, 0.7, [span(event), span(following[0])]
            )


@rule("person hosted event")
def hosted(view: SentenceView) -> None:
    """'X held/hosted/chaired/opened the meeting', 'the Military Committee held two meetings'."""
    verb = re.search(r"\b(held|hosted|chaired|convened|opened|Opening|welcomed)\b", view.text)
    if not verb or not (view.events or view.ex.main_event):
        return
    event = view.events[0].id if view.events else view.ex.main_event
    hosts = [m for m in view.people if m.start < verb.start()] or [
        m for m in view.mentions if view.ex.entity_type(m.id) == "body" and m.start < verb.start()
    ]
    if verb.group(1) == "Opening":
        hosts = [m for m in view.people if m.start > verb.start()][:1]
    if verb.group(1) == "welcomed" and not view.events:
        return
    if hosts and event:
        host = hosts[0]
        view.claim("person hosted event", host.id, "hosted", event, 0.75, [span(host), verb.span()])


@rule("welcomed a visitor")
def visit(view: SentenceView) -> None:
    """'X welcomed President Y of Colombia at NATO HQ' (with a date): a visit Y attended and X hosted."""
    match = re.search(r"\bwelcomed\b", view.text)
    if not match or view.events:
        return
    hosts = [p for p in view.people if p.end <= match.start()]
    guests = [p for p in view.people if p.start >= match.end() and p.start - match.end() < 60]
    place = _place_after(view, match.end(), 120) or (
        ("place:nato-hq", span(next(m for m in view.mentions if m.id == "place:nato-hq")))
        if any(m.id == "place:nato-hq" for m in view.mentions)
        else None
    )
    date = view.dates[0] if view.dates else None
    if not hosts or not guests or not date:
        return
    surname = (
        slug(view.ex.gazetteer.label(guests[0].id).split()[-1])
        if guests[0].id in view.ex.G
        else guests[0].id.split(":")[1]
    )
    node = view.ex.add_new(
        Entity(
            f"event:visit-{surname}-{date.value}",
            "event",
            f"Visit of {guests[0].text} ({date.value})",
            (),
            "A visit named in the text.",
        )
    )
    view.claim("event date", node, "date", date.value, 0.7, [(date.start, date.end)], note=date.note)
    view.events.append(EventMention(node, match.start(), match.end(), "visit", "new"))
    view.ex.main_event = view.ex.main_event or node
    view.ex.last_event = node
    view.claim("welcomed a visitor", hosts[-1].id, "hosted", node, 0.7, [span(hosts[-1]), match.span()])
    view.claim("welcomed a visitor", guests[0].id, "attended", node, 0.7, [match.span(), span(guests[0])])
    if place:
        view.claim("welcomed a visitor", node, "held_in", place[0], 0.7, [match.span(), place[1]])


@rule("spoke at event")
def spoke(view: SentenceView) -> None:
    """A person who said, told, addressed … in a sentence that names the event ('said at the ceremony')."""
    if not view.events:
        return
    for speech in SPEECH.finditer(view.text):
        if speech.group(1) in ("welcomed", "thanked"):
            continue
        near = [p for p in view.people if abs(p.start - speech.start()) < 100]
        if not near:
            continue
        speaker = min(near, key=lambda p: abs(p.start - speech.start()))
        for event in view.events:
            if speech.end() <= event.start:
                linked = event.start - speech.end() < 60 and re.search(
                    LINK_AFTER, view.text[speech.end() : event.start]
                )
            else:
                linked = speech.start() - event.end < 90 and re.search(LINK_BEFORE, view.text[: event.start])
            if linked:
                view.claim(
                    "spoke at event",
                    speaker.id,
                    "spoke_at",
                    event.id,
                    0.7,
                    [span(speaker), speech.span(), span(event)],
                )
                return


# "said at the ceremony", "told the meeting", "speaking to"; "In a speech during the event, X said"
LINK_AFTER = (
    r"^\s*(?:\w+\s+){0,2}?(?:at|to|during|before|told|in|addressed)?\s*(?:the|a|an|this|today['’]s)?\s*"
    r"(?:[\w'’-]+\s+){0,3}$"
)
LINK_BEFORE = (
    r"\b(?:[Ii]n a speech (?:during|at)|[Dd]uring|[Aa]t|[Ss]peaking (?:to|at)|[Aa]ddressing)\s+"
    r"(?:the\s+|a\s+|an\s+|this\s+)?(?:[\w'’-]+\s+){0,3}$"
)


@rule("keynote at the event")
def keynote(view: SentenceView) -> None:
    """'During her keynote address, X highlighted …': X spoke at the event the article is about."""
    match = re.search(
        r"\b(?:During|In)\s+(?:his|her|their)\s+(?:keynote\s+|opening\s+|closing\s+)?(?:address|speech|remarks)\b",
        view.text,
    )
    event = view.ex.main_event or view.ex.last_event
    if match and event and view.people and not view.events:
        speaker = min(view.people, key=lambda p: abs(p.start - match.end()))
        view.claim("keynote at the event", speaker.id, "spoke_at", event, 0.65, [match.span(), span(speaker)])


@rule("speech with a date and place")
def dated_speech(view: SentenceView) -> None:
    """'Addressing an audience in Algiers on Nov. 25, X said': the address is an event X spoke at."""
    match = re.search(
        r"\b(?:Addressing|addressing|addressed|In a speech|in a speech|gave a speech|delivered a speech)\b",
        view.text,
    )
    if not match or view.events or not view.dates or not view.people:
        return
    place = _place_after(view, match.end(), 60)
    date = view.date_near(match.end())
    speaker = min(view.people, key=lambda p: abs(p.start - match.start()))
    if date is None or place is None:
        return
    name = view.ex.gazetteer.label(speaker.id) if speaker.id in view.ex.G else speaker.text
    label = f"Address by {name} ({date.value})"
    node = view.ex.add_new(
        Entity(
            f"event:address-{speaker.id.split(':')[1]}-{date.value}",
            "event",
            label,
            (),
            "An address named in the text.",
        )
    )
    view.ex.event_dates.setdefault(node, date.value)
    view.ex.last_event = node
    view.events.append(EventMention(node, match.start(), match.end(), "address", "new"))
    view.claim(
        "event date", node, "date", date.value, 0.7, [(date.start, date.end), match.span()], note=date.note
    )
    view.claim(
        "speech with a date and place", speaker.id, "spoke_at", node, 0.7, [match.span(), span(speaker)]
    )
    view.claim("speech with a date and place", node, "held_in", place[0], 0.7, [match.span(), place[1]])


@rule("person attended")
def attended(view: SentenceView) -> None:
    """'X joined a meeting', 'attended by …', 'with the participation of X', 'representatives of A, B'."""
    if not view.events:
        return
    event = view.events[0].id
    for match in re.finditer(
        r"\b(?:attended|took part in|participated in|joined|began|conducted|staged)\b", view.text
    ):
        subject = next(
            (
                m
                for m in reversed(view.mentions)
                if m.end <= match.start() and view.ex.entity_type(m.id) in ("person", "state")
            ),
            None,
        )
        later = [e for e in view.events if 0 <= e.start - match.end() < 60]
        if subject and later and not hedged(view.text[subject.end : match.start()]):
            for attendee in view.enumeration(subject):
                view.claim(
                    "person attended",
                    attendee.id,
                    "attended",
                    later[0].id,
                    0.7,
                    [span(attendee), match.span()],
                )
    for match in re.finditer(
        r"\b(?:attended by|with the participation of|representatives of|Representatives of|ministers from"
        r"|counterparts from|delegations from|officials from)\b",
        view.text,
    ):
        after = [
            m
            for m in view.mentions
            if m.start >= match.end()
            and m.start - match.end() < 90
            and view.ex.entity_type(m.id) in ("person", "state")
        ]
        if not after:
            continue
        for attendee in view.enumeration(after[0]):
            if attendee.id == view.subject_person and match.group(0) == "welcomed":
                continue
            view.claim("person attended", attendee.id, "attended", event, 0.7, [match.span(), span(attendee)])
        for mention in after[1:]:
            if (
                mention not in view.enumeration(after[0])
                and re.fullmatch(r"[\s,]*(?:and\s+)?", view.text[after[0].end : mention.start]) is None
            ):
                break


@rule("meeting reviews summit")
def reviews(view: SentenceView) -> None:
    main = view.ex.main_event
    summits = [e.id for e in view.events if e.id != main]
    if (
        main
        and summits
        and re.search(r"\b(evaluat\w*|review\w*|assess\w*|results of|follow\w* up)\b", view.text)
    ):
        view.claim("meeting reviews summit", main, "reviews", summits[0], 0.75, [(0, len(view.text))])


@rule("meeting discussed document")
def discussed(view: SentenceView) -> None:
    main = view.ex.main_event
    publications = view.of_type("publication")
    if (
        main
        and publications
        and re.search(r"\b(analy[sz]ed|discussed|examined|attention to|debated)\b", view.text)
    ):
        view.claim(
            "meeting discussed document", main, "discussed", publications[0].id, 0.75, [span(publications[0])]
        )
    summits = [e.id for e in view.events if e.id != main]
    for publication in publications:
        if summits and re.search(r"\b(adopted|agreed|endorsed)\b", view.text):
            view.claim("agreed at summit", publication.id, "adopted_at", summits[0], 0.7, [span(publication)])


@rule("established at summit")
def established_at(view: SentenceView) -> None:
    """'The DCB Initiative, established at the 2014 Wales Summit' (adopted_at)."""
    for match in re.finditer(r"\b(?:established|launched|created|set up|adopted|agreed)\s+at\s+", view.text):
        subject = next(
            (
                m
                for m in reversed(view.mentions)
                if m.end <= match.start()
                and view.ex.entity_type(m.id) in ("framework", "body", "publication")
            ),
            None,
        )
        event = next((e for e in view.events if 0 <= e.start - match.end() < 20), None)
        if subject and event:
            view.claim(
                "established at summit",
                subject.id,
                "adopted_at",
                event.id,
                0.7,
                [span(subject), match.span(), span(event)],
            )


@rule("contributor to mission")
def contributor(view: SentenceView) -> None:
    """'Australia is one of the largest non-NATO contributors to the ISAF operation'."""
    match = re.search(r"\bcontribut(?:or|ors|ed|es|ing)\s+(?:troops\s+)?to\s+(?:the\s+)?", view.text)
    if not match:
        return
    event = next(
        (
            m
            for m in view.mentions
            if view.ex.entity_type(m.id) == "event" and 0 <= m.start - match.end() < 10
        ),
        None,
    )
    subject = next((m for m in view.states if m.end <= match.start()), None)
    if event and subject:
        view.claim(
            "contributor to mission",
            subject.id,
            "contributed_to",
            event.id,
            0.7,
            [span(subject), match.span(), span(event)],
        )


@rule("NATO led")
def nato_led(view: SentenceView) -> None:
    if "alliance:nato" in {m.id for m in view.mentions} and re.search(
        r"\b(led|commanded|NATO-led)\b", view.text
    ):
        for event in view.events:
            if event.id != view.ex.main_event and event.how == "known":
                view.claim("NATO led", event.id, "led_by", "alliance:nato", 0.7, [span(event)])


@rule("exception/excluded")
def excluded(view: SentenceView) -> None:
    exception = re.search(
        r"(with the exception of|except|excluded|excluding|not invited|\bbut\b(?=.*\bwere not\b))",
        view.text,
        re.IGNORECASE,
    )
    if not exception or not view.states:
        return
    target = view.ex.main_event or (view.events[0].id if view.events else None)
    for state in view.states:
        if state.start > exception.start() or re.search(r"\bExcluded\b|\bnot invited\b", view.text):
            if state.how in ("demonym",):
                continue
            view.claim(
                "exception/excluded", state.id, "excluded_from", target, 0.8, [span(state), exception.span()]
            )


@rule("invited to event")
def invited(view: SentenceView) -> None:
    if not re.search(r"\binvited\b", view.text) or re.search(
        r"\bnot invited\b|\binvited to join\b", view.text
    ):
        return
    target = view.ex.main_event or (view.events[0].id if view.events else None)
    if not target:
        return
    exception = re.search(
        r"(with the exception of|except|excluded|excluding|\bbut\b)", view.text, re.IGNORECASE
    )
    cut = exception.start() if exception else len(view.text)
    for framework in view.frameworks:
        if framework.start < cut:
            view.claim(
                "partners of framework invited", framework.id, "invited_to", target, 0.75, [span(framework)]
            )
    for state in view.states:
        if state.start < cut and state.how != "demonym":
            view.claim("state invited", state.id, "invited_to", target, 0.7, [span(state)])


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
        rf"(?P<name>{NAME}|[A-Z][\w.-]+)",
        view.text,
    )
    if not outlet:
        return
    name = outlet.group("name").rstrip(".")
    node = view.ex.gazetteer.names.get(name, (None, ""))[0] or view.ex.add_new(
        Entity(f"organization:{slug(name)}", "organization", name, (), "An outlet named in the text.")
    )
    view.ex.add_new(
        Entity(
            view.ex.article_id,
            "publication",
            view.ex.proposal.source.title or "The text",
            (),
            "The ingested text.",
        )
    )
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


__all__ = ["RULES", "SentenceView", "Title", "rule", "run_rules"]
