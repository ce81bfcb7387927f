"""One sentence as the rules see it: its mentions (coreference resolved), titles, dates and events.

A :class:`SentenceView` is built for each sentence of an article in turn; the rules
(``graph/ingest/rules/``) read it and propose claims through :meth:`SentenceView.claim`.
Events are found here, before the rules run: a known event's name, a noun phrase ("the June 14
summit", "a meeting of …"), a phrase referring back ("the ceremony") or a verb ("met").
"""

from __future__ import annotations

import re

from graph.ingest.article import Extractor
from graph.ingest.base import EventMention, Mention, ProposedClaim, Span
from graph.ingest.confidence import rule_confidence
from graph.ingest.coreference import coreferences
from graph.ingest.dates import DateMention, find_dates
from graph.ingest.mentions import command_bodies, drop_overlaps, named_bodies, titled_people
from graph.ingest.names import NATIONAL_ROLES, fold, slug
from graph.ingest.patterns import OPENING_AT_EVENT, TITLE_RUN, UPPER, hedged
from graph.model import Entity
from graph.vocabulary import RELATIONS, allows

EVENT_NOUN = re.compile(
    r"(?P<phrase>\b(?:(?P<det>a|an|the|this|that|its|their|today['’]s|his|her|two|three|several)\s+)?"
    r"(?P<modifiers>(?:(?!(?:a|an|the|at|in|on|of|for|to|with|by|and|said|says|this|that|its|their|his|her|our"
    r"|held|hosted|met|chaired|attended|joined|opened|closed|addressed|convened|during|after|before|from|as|into"
    r"|was|were|is|are|has|have|had|will|would|be|been|did|do|does)\b)[\w'’-]+\s+){0,5}?)"
    r"(?P<noun>meeting|summit|session|conference|ceremony|forum|exercise|event|Summit|Conference|Forum)s?)\b"
    r"(?P<of>\s+(?:of|for)\s+(?:the\s+)?(?-i:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*))?",
    re.IGNORECASE,
)
# What a lead sentence reports of the meeting the next one names: "Russia and NATO agreed on 28 May."
_NEWS_OF_A_MEETING = re.compile(
    r"\b(?:agreed|signed|met|announced|decided|launched|adopted|endorsed|discussed|held|opened|approved"
    r"|convened|gathered|welcomed|pledged|reaffirmed|declared|issued|began|concluded|formali[sz]ed|reached"
    r"|sealed|struck|established|inaugurated|completed|marked|celebrated|hosted|chaired|attended"
    r"|took\s+place)\b"
)
_SAME_DAY = re.compile(r"\b(?:on\s+)?(?:that|the\s+same)\s+(?:very\s+|same\s+)?day\b", re.I)
ORDINALS = {"second": 2, "third": 3, "fourth": 4}
# A bare year attached to an event phrase: "the Summit in Istanbul in 2004", "launched in 2006 at".
_YEAR_AFTER = r"(?:\s+(?:in|at)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)?,?\s+(?:in|of)\s+"
_YEAR_BEFORE = r",?\s+(?:at|during)\s+"
PRESENT_OR_DEICTIC = re.compile(
    r"\b(?:today|tonight|this\s+(?:week|morning|afternoon|evening|month)|currently|now|under\s+way"
    r"|takes\s+place|take\s+place|taking\s+place|is\s+(?:being\s+)?held|are\s+(?:being\s+)?held|opens|begins"
    r"|meets|meet|convenes|gathers|gather|is\s+meeting|are\s+meeting|is\s+hosting|hosts)\b",
    re.IGNORECASE,
)


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
        same_day = _SAME_DAY.search(text)
        if same_day and not self.dates and previous is not None:
            # "On July 9, … . On that very day X met Y": the previous sentence's (last) full date
            days = [d for d in previous.dates if len(d.value) == 10]
            if days:
                note = "The date is the previous sentence's: the text says “that same day”."
                self.dates = [DateMention(same_day.start(), same_day.end(), days[-1].value, note)]
        self.years = [int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", text)]
        found = extractor.gazetteer.find(text)
        found += [
            Mention(node, m.start(), m.end(), m.group(0), "alias")
            for short, node in extractor.gazetteer_extra.items()
            for m in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text)
        ]
        found = [replace_state(extractor, m) for m in found] + command_bodies(extractor, text)
        bodies = named_bodies(extractor, text, found)  # first: a title may name one ("… for the X Division")
        people, self.titles = titled_people(extractor, text)
        bodies = [b for b in bodies if all(b.end <= p.start or b.start >= p.end for p in people)]
        mentions = drop_overlaps(people + bodies + found)
        earlier = previous.mentions if previous else []
        mentions = drop_overlaps(mentions + coreferences(extractor, text, mentions, self.titles, earlier))
        self.mentions: list[Mention] = [m for m in mentions if m.id]
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

    def own_person(self, state: Mention) -> list[Mention]:
        """The person whose own state ``state`` is, named right before it ("Minister X of Sweden met …")."""
        owner = next((p for p in reversed(self.people) if p.end <= state.start), None)
        if owner is None or not re.fullmatch(
            r",?\s+(?:of|from)\s+(?:the\s+)?", self.text[owner.end : state.start]
        ):
            return []
        return [owner]

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
                between = self.text[left.end : right.start]
                if not re.fullmatch(
                    r"\s*(?:,|,?\s*and|,?\s*or|&)\s*(?:the\s+|(?:his|her|their)\s+\w+\s+counterpart,?\s+)?",
                    between,
                ) and not (  # "X and Moldovan President Y": the next person's own title between
                    right.how == "title+name"
                    and re.fullmatch(r"\s*(?:,|,?\s*and)\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){1,5}", between)
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
        prior: float,
        spans: list[Span],
        start: str | None = None,
        end: str | None = None,
        role: str = "",
        note: str = "",
    ) -> None:
        if not subject or not target or subject == target:
            return
        if relation in RELATIONS and not allows(
            relation, self.ex.entity_type(subject), self.ex.entity_type(target)
        ):
            return  # the vocabulary's domain/range table does not allow it: never proposed
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
            rule_confidence(name, prior),  # measured on the development texts, not the prior
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

    def attached(self, end: int, start: int) -> bool:
        """Whether the words between a name (ending at ``end``) and a title (at ``start``) attach the
        title to the name: ", the", ", previously the", "when he was", "who was", and no other name."""
        if any(end <= m.start < start for m in self.mentions):
            return False
        return bool(
            re.fullmatch(
                r",?\s*(?:(?:(?:who|when\s+(?:he|she))\s+)?(?:is|was|had\s+been|has\s+been)\s+|"
                r"(?:previously|formerly|then|now|currently|also)\s+|,\s*)*(?:the\s+|a\s+|former\s+)*",
                self.text[end:start],
            )
        )

    def subject_after_opening(self, event: EventMention) -> Mention | None:
        """The person a sentence opening at ``event`` is about: "At the summit in Rome, President X
        signed …", "In a speech during the event, held …, His Highness Sheikh X affirmed …" (the
        first person whose words since the last comma are only a title)."""
        if not OPENING_AT_EVENT.fullmatch(self.text, 0, event.start):
            return None
        for person in self.people:
            comma = self.text.rfind(",", event.end, person.start)
            if person.start > event.end and comma >= 0:
                return person if re.fullmatch(TITLE_RUN, self.text[comma + 1 : person.start]) else None
        return None

    def date_near(self, position: int) -> DateMention | None:
        if not self.dates:
            return None
        return min(self.dates, key=lambda d: abs(d.start - position))

    def date_in_clause(self, position: int) -> DateMention | None:
        """The date nearest ``position`` unless a relative clause lies between: "joined the initiative,
        which was launched in 2004" and "succeeds X, who had been in post since 2022" are not dated
        by those years ("the ceremony yesterday which saw the State sign up" is)."""
        date = self.date_near(position)
        if date is None:
            return None
        between = self.text[min(position, date.end) : max(position, date.start)]
        if re.search(r";|\b(?:which|who|whose|where)\b(?!\s+saw\b)", between):
            return None
        return date

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

    # ---- events -----------------------------------------------------------------------------

    def find_events(self) -> list[EventMention]:
        """Known events named, events a noun phrase names or refers back to, else one a verb names."""
        events = [
            EventMention(mention.id, mention.start, mention.end, "known", "known")
            for mention in self.mentions
            if self.ex.entity_type(mention.id) == "event" and mention.how != "coreference"
        ]
        nouns = list(EVENT_NOUN.finditer(self.text))
        for position, match in enumerate(nouns):
            if match.group("noun") == "forum":
                continue  # "a forum for experts": a place to talk, not an event named
            if re.search(r"\b(?:news|press|media|video|phone|telephone)\s+$", match.group("modifiers") or ""):
                continue  # "told a news conference": how something was said, not an event of the graph
            limit = nouns[position + 1].start() if position + 1 < len(nouns) else len(self.text)
            floor = nouns[position - 1].end() if position else 0
            start, end = match.start("phrase"), match.end("phrase")
            if any(e.start <= start < e.end or start <= e.start < end for e in events):
                continue
            event = self.event_of_noun(match, floor, limit)
            if event is not None:
                events.append(event)
        verb = re.search(r"\b(?:met|convened|gathered)\b", self.text)
        if verb and not events and self.dates:
            events.append(self.meeting_of_verb(verb))
        return events

    def event_of_noun(self, match: re.Match[str], floor: int, limit: int) -> EventMention | None:
        """The event an EVENT_NOUN phrase names, or the earlier one it refers back to.

        ``floor`` and ``limit`` are where the previous and next event nouns of the sentence end
        and begin: a date beyond them belongs to another event.
        """
        ex = self.ex
        noun = match.group("noun").lower()
        start, end = match.start("phrase"), match.end("phrase")
        det = (match.group("det") or "").lower()
        modifiers = match.group("modifiers") or ""
        name_words = re.findall(rf"\b{UPPER}[\w'’-]*\b", modifiers)
        named = bool(
            noun in ("summit", "conference", "forum", "session")
            and name_words
            and match.group("noun")[0].isupper()
        )  # "the Riga Summit", "the Chiefs of Defence Session"
        ordinal = next((ORDINALS[w.lower()] for w in modifiers.split() if w.lower() in ORDINALS), 0)
        anaphor = (
            det in ("the", "this", "that", "its", "their", "today's", "today’s", "his", "her") and not named
        )
        near_dates = self.event_dates(start, end, floor, limit)
        if not near_dates and not named and det in ("a", "an", "") and noun != "event":
            # "A meeting … will take place. In two days …"; "X and Y agreed on 28 May. At a summit …"
            near_dates = (self.following_dates() if hedged(self.text) else []) or self.preceding_dates()
        if noun == "event" and not anaphor:
            return None
        if ordinal and not near_dates and ex.last_event in ex.event_dates:
            near_dates = [DateMention(0, 0, ex.event_dates[ex.last_event])]
        # "the ceremony" refers back to the last ceremony; to another kind of event only when generic
        referent = ex.events_by_kind.get(noun) or (
            ex.last_event
            if noun in ("meeting", "session", "event")
            and not (noun != "event" and ex.is_operation(ex.last_event or ""))
            else None
        )  # "the meeting" is never a mission named before it ("Resolute Support … attended the meeting")
        if anaphor and not ordinal and referent and not near_dates:
            return EventMention(referent, start, end, noun, "anaphor")
        if (
            anaphor
            and not ordinal
            and near_dates
            and ex.event_dates.get(ex.last_event or "") == near_dates[0].value
        ):
            return EventMention(ex.last_event or "", start, end, noun, "anaphor")
        if not det and not named:
            return None  # "Meeting in Brussels, ministers …": a verb, not an event named
        date = near_dates[0] if near_dates else None
        if date is None and ex.published and self.present_or_deictic(start, end, det):
            note = "No date in the phrase, which speaks of the present: the article's date."
            date = DateMention(-1, -1, ex.published, note)
        node = self.event_node(match, noun, name_words if named else [], date, ordinal)
        if node is None:
            return None
        ex.events_by_kind[noun] = node
        if ex.main_event is None and noun in ("meeting", "session", "conference", "ceremony", "forum"):
            ex.main_event = node
        return EventMention(node, start, end, noun, "new")

    def event_dates(self, start: int, end: int, floor: int, limit: int) -> list[DateMention]:
        """The date of the event phrase at ``start``–``end``.

        The date inside it ("the June 14 summit"), else the first day or month after it (not
        past ``limit``), else the last one before it (not before ``floor``); a bare year counts
        only inside the phrase or attached to it ("the Summit in Istanbul in 2004", "launched in
        2006 at the summit").
        """
        dated = [d for d in self.dates if len(d.value) >= 7]
        inside = [d for d in self.dates if start <= d.start and d.end <= end]
        following = [d for d in dated if end <= d.start < limit]  # not past the next event named
        preceding = [d for d in dated if floor <= d.start and d.end <= start]
        years = [d for d in self.dates if len(d.value) == 4]
        year_after = [
            d for d in years if end <= d.start < limit and re.fullmatch(_YEAR_AFTER, self.text[end : d.start])
        ]
        year_before = [
            d
            for d in years
            if floor <= d.end <= start and re.fullmatch(_YEAR_BEFORE, self.text[d.end : start])
        ]
        return inside[:1] or following[:1] or preceding[-1:] or year_after[:1] or year_before[-1:]

    def present_or_deictic(self, start: int, end: int, det: str) -> bool:
        """Whether the event phrase speaks of the present ("today's meeting", "the summit opens",
        "ministers meet this week"): only then may the article's date stand in for its own."""
        if det in ("this", "today's", "today’s"):
            return True
        window = self.text[max(0, start - 60) : end + 60]
        return bool(PRESENT_OR_DEICTIC.search(window))

    def event_node(
        self, match: re.Match[str], noun: str, name_words: list[str], date: DateMention | None, ordinal: int
    ) -> str | None:
        """The dataset's event on that date, else a new one; its date is proposed as a claim."""
        ex = self.ex
        value = date.value if date else None
        node: str | None = known_event_named(ex, name_words, noun, value)
        if node is not None and date is None:
            return node  # the dataset has its date
        node = node or (ex_event_by_date(ex, value, noun) if value else None)
        if node is None:
            _, node = self.new_event(match, noun, name_words, value, ordinal)
            if node is None:
                return None
        if date and node:
            ex.event_dates.setdefault(node, date.value)
            start, end = match.start("phrase"), match.end("phrase")
            if date.start < 0:  # the article's date
                spans, note = [(start, end)], date.note
            elif date.end > date.start:
                spans, note = [(date.start, date.end), (start, end)], date.note
            else:  # the date came from the next or the previous sentence
                spans, note = [(start, end)], date.note
            self.claim("event date", node, "date", date.value, 0.75, spans, note=note)
        return node

    def meeting_of_verb(self, verb: re.Match[str]) -> EventMention:
        """'Ministers met on 12 May': a meeting on the date nearest the verb (the sentence has one)."""
        ex = self.ex
        date = self.date_near(verb.start())
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
            [(date.start, date.end), verb.span()],
            note=date.note,
        )
        ex.event_dates.setdefault(node, date.value)
        ex.main_event = ex.main_event or node
        return EventMention(node, verb.start(), verb.end(), "meeting", "verb")

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
        note = "The date is given in the next sentence."
        return [
            DateMention(0, 0, d.value, f"{note} {d.note}".strip()) for d in following if len(d.value) >= 7
        ][:1]

    def preceding_dates(self) -> list[DateMention]:
        """The last date of the previous sentence, when it named no event of its own: the news of a
        lead sentence ("Russia and NATO agreed on 28 May.") is the event the next one names."""
        previous = self.previous
        if previous is None or previous.events or hedged(self.text):
            return []  # "… agreed on 4 April. A meeting will follow.": not that day
        if not _NEWS_OF_A_MEETING.search(previous.text):
            return []  # "In March, three states became members. … an early meeting": another happening
        note = "The date is given in the previous sentence."
        return [
            DateMention(0, 0, d.value, f"{note} {d.note}".strip())
            for d in previous.dates
            if len(d.value) >= 7
        ][-1:]

    def new_event(
        self, match: re.Match[str], noun: str, name_words: list[str], value: str | None, ordinal: int
    ) -> tuple[str, str | None]:
        ex = self.ex
        of_part = (match.group("of") or "").strip()
        if name_words:
            name = " ".join(
                w for w in name_words if not re.fullmatch(r"\d+\w*", w) and w not in ("NATO", "The")
            )
            # a name with small words inside: "the Military Committee in Chiefs of Defence Session"
            run = re.search(
                rf"(?:{UPPER}[\w'’-]*\s+(?:(?:in|of|for|and|on)\s+)?){{2,8}}$",
                self.text[: match.start("noun")],
            )
            if (
                run
                and name
                and run.group(0).rstrip().endswith(name.split()[-1])
                and len(run.group(0)) > len(name)
            ):
                name = " ".join(w for w in run.group(0).split() if w not in ("NATO", "The"))
            label = f"{name} {noun.capitalize()}".strip()
        elif of_part:
            label = f"{noun.capitalize()} {of_part}"
        else:
            label = f"{noun.capitalize()} of {value}" if value else ""
        if not label:
            return "", None
        year = (value or "")[:4]  # never the article's year for an event the text does not date
        when = value if value and not name_words else year
        suffix = f"-{ordinal}" if ordinal else ""
        node_id = "-".join(
            part for part in (f"event:{slug(label if name_words or of_part else noun)}", when) if part
        )
        node_id = f"{node_id}{suffix}".replace("--", "-")
        node = ex.add_new(Entity(node_id, "event", label, (), f"A {noun} named in the text."))
        return label, node


def replace_state(extractor: Extractor, mention: Mention) -> Mention:
    if mention.id.startswith("state:") and mention.id not in extractor.G:
        return replace_id(mention, extractor.state_entity(mention.id, mention.text))
    return mention


def replace_id(mention: Mention, node: str) -> Mention:
    return Mention(node, mention.start, mention.end, mention.text, mention.how)


def known_event_named(ex: Extractor, name_words: list[str], noun: str, value: str | None) -> str | None:
    """A dataset event the phrase names, of that date if it gives one: 'the 2021 Brussels Summit'."""
    wanted = {fold(w) for w in name_words if not re.fullmatch(r"\d+\w*", w) and w not in ("NATO", "The")}
    if not wanted:
        return None
    for node, data in ex.G.nodes(data=True):
        if data.get("type") != "event":
            continue
        words = set(re.findall(r"[a-z0-9]+", fold(str(data.get("label", "")))))
        if not wanted | {noun} <= words:
            continue
        days = [str(item["value"]) for item in data.get("facts", {}).get("date", [])]
        if value and value[:4] not in words and not any(d.startswith(value[:4]) for d in days):
            continue
        return str(node)
    return None


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
