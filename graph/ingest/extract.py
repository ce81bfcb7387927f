"""Propose sourced claims from an article's text with plain patterns and the dataset as gazetteer.

Offline and model-free: entities are found through the labels, aliases and demonyms the
dataset already knows ("German" → Germany, "the Alliance" → NATO), people through a rank
or title before a capitalised name; relations through short sentence patterns (hosted,
excluded, invited, reviews, holds office, national of, spoke at, joined …). Every
proposed claim keeps its sentence, character offsets, the pattern that found it and a
confidence. Dates without a year ("on July 14") and relative ones ("four years later")
are resolved against the article's date or the last year mentioned, and the note says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx

from graph.model import Claim, Dataset, Entity, Source

MONTHS = {
    name: index
    for index, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
DEMONYMS = {
    "German": "state:DEU",
    "Russian": "state:RUS",
    "Belarusian": "state:BLR",
    "Dutch": "state:NLD",
    "Polish": "state:POL",
    "Italian": "state:ITA",
    "British": "state:GBR",
    "American": "state:USA",
    "French": "state:FRA",
    "Finnish": "state:FIN",
    "Swedish": "state:SWE",
    "Ukrainian": "state:UKR",
    "Norwegian": "state:NOR",
    "Danish": "state:DNK",
    "Spanish": "state:ESP",
    "Turkish": "state:TUR",
    "Canadian": "state:CAN",
    "Belgian": "state:BEL",
    "Georgian": "state:GEO",
    "Colombian": "state:COL",
    "Maltese": "state:MLT",
    "Austrian": "state:AUT",
    "Swiss": "state:CHE",
    "Irish": "state:IRL",
}
REFERENCES = {
    "the Alliance": "alliance:nato",
    "the alliance": "alliance:nato",
    "the military alliance": "alliance:nato",
    "the bloc": "alliance:nato",
    "the military bloc": "alliance:nato",
}
RANKS = [
    "Air Chief Marshal",
    "Lieutenant General",
    "Major General",
    "Brigadier General",
    "Vice Admiral",
    "Rear Admiral",
    "Secretary General",
    "General",
    "Admiral",
    "Lieutenant",
    "Colonel",
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Minister",
    "Ambassador",
    "Dr\\.",
    "Mr\\.",
    "Ms\\.",
]
OFFICES = [
    "Director General",
    "Deputy Secretary General",
    "Secretary General",
    "Chair",
    "Chairman",
    "Military Representative",
    "representative",
    "Commander",
    "Chief of Defence",
]
NAME = r"[A-Z][A-Za-z]+(?:-[A-Z][A-Za-z]+)?(?:\s+(?:van |de |von )?[A-Z][A-Za-z]+(?:-[A-Z][A-Za-z]+)?){0,2}"
NOT_A_NAME = re.compile(
    r"\b(Staff|Committee|Council|Military|International|Alliance|NATO|Partnership|Division)\b"
)
SPEECH = r"\b(said|says|added|highlighted|stressed|underlined|noted|told|welcomed|emphasi[sz]ed|spoke)\b"


@dataclass(frozen=True)
class Mention:
    """An entity found at characters ``start``–``end`` of the text."""

    id: str
    start: int
    end: int
    text: str
    how: str  # label, alias, demonym, reference, rank+name, new


@dataclass(frozen=True)
class ProposedClaim:
    """A claim proposed for review, with the sentence and characters it came from."""

    subject: str
    relation: str
    object: str
    sentence: int
    char_start: int
    char_end: int
    confidence: float
    method: str
    start: str | None = None
    role: str = ""
    note: str = ""


@dataclass
class Proposal:
    """What extraction proposes for one text: its source, entities and claims."""

    text: str
    source: Source
    sentences: list[tuple[int, int]]
    matched: list[Entity] = field(default_factory=list)
    new_entities: list[Entity] = field(default_factory=list)
    claims: list[ProposedClaim] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def sentence_text(self, index: int) -> str:
        start, end = self.sentences[index]
        return self.text[start:end]

    def to_dataset(self, accepted: set[int] | None = None) -> Dataset:
        """The three tables of the accepted claims (all when None), citing the article."""
        chosen = [claim for index, claim in enumerate(self.claims) if accepted is None or index in accepted]
        used = {claim.subject for claim in chosen} | {claim.object for claim in chosen}
        entities = [entity for entity in self.new_entities if entity.id in used]
        claims = [
            Claim(
                claim.subject,
                claim.relation,
                claim.object,
                self.source.id,
                claim.start,
                None,
                f"sentence {claim.sentence + 1}, characters {claim.char_start}-{claim.char_end}",
                f"Proposed by pattern '{claim.method}' (confidence {claim.confidence:.2f})."
                + (f" {claim.note}" if claim.note else ""),
                claim.role,
            )
            for claim in chosen
        ]
        return Dataset(tuple(entities), tuple(dict.fromkeys(claims)), (self.source,), name="proposal")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; abbreviations like 'U.S.' or 'Adm.' and initials do not end a sentence."""
    spans = []
    start = 0
    for match in re.finditer(r"[.!?][\"”’)]*(?=\s+[A-Z\"“(]|\s*$)|\n\s*\n", text):
        end = match.end()
        before = text[max(start, end - 5) : end]
        if re.search(r"\b(?:[A-Z]|U\.S|Lt|Adm|Gen|Dr|Mr|Ms|St|No)\.$", before):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans]


class Gazetteer:
    """Names the dataset already knows, matched longest first."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        names: dict[str, tuple[str, str]] = {}
        for node, data in G.nodes(data=True):
            for name, how in [(data.get("label", ""), "label")] + [
                (alias, "alias") for alias in data.get("aliases", [])
            ]:
                if len(name) >= 4 or (len(name) >= 2 and name.isupper()):
                    names.setdefault(name, (node, how))
        for name, node in {**REFERENCES, **{k: v for k, v in DEMONYMS.items() if v in G}}.items():
            if node in G:
                names[name] = (node, "demonym" if name in DEMONYMS else "reference")
        ordered = sorted(names, key=len, reverse=True)
        self.names = names
        self.pattern = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(name) for name in ordered) + r")(?![\w-])"
        )
        self.people = {node for node, data in G.nodes(data=True) if data.get("type") == "person"}
        self.G = G

    def find(self, text: str) -> list[Mention]:
        return [
            Mention(self.names[m.group(1)][0], m.start(), m.end(), m.group(1), self.names[m.group(1)][1])
            for m in self.pattern.finditer(text)
        ]


def _resolve_day(month: str, day: str, year: str | None, article: str | None) -> tuple[str | None, str]:
    number = MONTHS.get(month.lower())
    if not number:
        return None, ""
    if year:
        return f"{int(year):04d}-{number:02d}-{int(day):02d}", ""
    if article:
        return (
            f"{article[:4]}-{number:02d}-{int(day):02d}",
            f"The year was not given; it was taken from the article's date ({article}).",
        )
    return None, ""


DAY_PATTERN = re.compile(
    r"\b(?:(?P<d1>\d{1,2})\s+(?P<m1>January|February|March|April|May|June|July|August|September|October|November|December)"
    r"|(?P<m2>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?P<d2>\d{1,2}))"
    r"(?:,?\s+(?P<y>\d{4}))?\b"
)


def find_dates(sentence: str, article: str | None) -> list[tuple[int, int, str, str]]:
    found = []
    for match in DAY_PATTERN.finditer(sentence):
        month = match.group("m1") or match.group("m2")
        day = match.group("d1") or match.group("d2")
        value, note = _resolve_day(month, day, match.group("y"), article)
        if value:
            found.append((match.start(), match.end(), value, note))
    return found


def extract(
    text: str,
    title: str = "",
    url: str = "",
    published: str | None = None,
    publisher: str = "",
    author: str = "",
    G: nx.MultiDiGraph | None = None,
    source_id: str | None = None,
) -> Proposal:
    """Propose entities and claims for ``text``, citing it as a new source."""
    if G is None:
        import graph

        G = graph.load_graph()
    gazetteer = Gazetteer(G)
    source = Source(
        source_id or f"ingest-{slug(title or url or 'text')[:40]}",
        title or url or "Pasted text",
        publisher,
        author,
        published,
        url,
        "press",
    )
    proposal = Proposal(text, source, split_sentences(text))
    extractor = _Extractor(G, gazetteer, proposal, published)
    extractor.run()
    return proposal


class _Extractor:
    def __init__(
        self, G: nx.MultiDiGraph, gazetteer: Gazetteer, proposal: Proposal, published: str | None
    ) -> None:
        self.G = G
        self.gazetteer = gazetteer
        self.proposal = proposal
        self.published = published
        self.last_person: str | None = None
        self.last_year: int | None = None
        self.main_event: str | None = None
        self.new: dict[str, Entity] = {}
        self.article_id = f"publication:{slug(proposal.source.title)[:50]}"

    # ---- helpers -----------------------------------------------------------------------------

    def entity_type(self, node: str) -> str:
        if node in self.G:
            return self.G.nodes[node]["type"]
        return self.new[node].type if node in self.new else ""

    def add_new(self, entity: Entity) -> str:
        if entity.id not in self.G and entity.id not in self.new:
            self.new[entity.id] = entity
            self.proposal.new_entities.append(entity)
        return entity.id

    def claim(
        self,
        index: int,
        span: tuple[int, int],
        subject: str,
        relation: str,
        target: str,
        confidence: float,
        method: str,
        **extra: Any,
    ) -> None:
        if not subject or not target or subject == target:
            return
        offset = self.proposal.sentences[index][0]
        proposed = ProposedClaim(
            subject, relation, target, index, offset + span[0], offset + span[1], confidence, method, **extra
        )
        if all(
            (c.subject, c.relation, c.object, c.start, c.role)
            != (subject, relation, target, proposed.start, proposed.role)
            for c in self.proposal.claims
        ):
            self.proposal.claims.append(proposed)

    def event_by_date(self, day: str, kind: str) -> str | None:
        for node, data in self.G.nodes(data=True):
            if data.get("type") != "event":
                continue
            values = {item["value"] for item in data.get("facts", {}).get("date", [])}
            if day in values and (kind.lower() in data.get("label", "").lower() or kind == "meeting"):
                return node
        return None

    # ---- the passes ----------------------------------------------------------------------------

    def run(self) -> None:
        proposal = self.proposal
        for index, (start, end) in enumerate(proposal.sentences):
            sentence = proposal.text[start:end]
            mentions = self.people_in(sentence) + self.gazetteer.find(sentence)
            mentions = self.drop_overlaps(mentions)
            proposal.mentions.extend(replace(m, start=m.start + start, end=m.end + start) for m in mentions)
            self.sentence(index, sentence, mentions)
        seen = set()
        for mention in proposal.mentions:
            if mention.id in self.G and mention.id not in seen:
                seen.add(mention.id)
                data = self.G.nodes[mention.id]
                proposal.matched.append(Entity(mention.id, data["type"], data["label"]))
        for claim in proposal.claims:
            for node in (claim.subject, claim.object):
                if node in self.G and node not in seen:
                    seen.add(node)
                    data = self.G.nodes[node]
                    proposal.matched.append(Entity(node, data["type"], data["label"]))

    @staticmethod
    def drop_overlaps(mentions: list[Mention]) -> list[Mention]:
        kept: list[Mention] = []
        for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
            if all(mention.start >= other.end or mention.end <= other.start for other in kept):
                kept.append(mention)
        return sorted(kept, key=lambda m: m.start)

    def people_in(self, sentence: str) -> list[Mention]:
        """Rank or title before a capitalised name: a known person, or a new candidate."""
        found = []
        for match in re.finditer(rf"\b(?P<rank>{'|'.join(RANKS)})\s+(?P<name>{NAME})", sentence):
            name = match.group("name")
            if NOT_A_NAME.search(name):
                continue
            known = [
                self.gazetteer.names[n][0]
                for n in (name, name.split()[-1])
                if n in self.gazetteer.names and self.gazetteer.names[n][0] in self.gazetteer.people
            ]
            if known:
                found.append(Mention(known[0], match.start(), match.end(), match.group(0), "rank+name"))
            elif len(name.split()) >= 2:
                entity = Entity(
                    f"person:{slug(name.split()[-1])}",
                    "person",
                    name,
                    (name.split()[-1],),
                    f"{match.group('rank')} named in the text.",
                )
                found.append(Mention(self.add_new(entity), match.start(), match.end(), match.group(0), "new"))
        author = re.search(rf"\b(?:Author|By|Written by):?\s+(?P<name>{NAME})", sentence)
        if author:
            name = author.group("name")
            node = self.gazetteer.names.get(name, (None,))[0]
            if node not in self.gazetteer.people:
                node = self.add_new(
                    Entity(f"person:{slug(name.split()[-1])}", "person", name, (), "Author of a text.")
                )
            found.append(Mention(node, author.start("name"), author.end("name"), name, "author"))
        return found

    def sentence(self, index: int, sentence: str, mentions: list[Mention]) -> None:
        whole = (0, len(sentence))
        people = [m for m in mentions if self.entity_type(m.id) == "person"]
        states = [m for m in mentions if self.entity_type(m.id) == "state"]
        frameworks = [m for m in mentions if self.entity_type(m.id) == "framework"]
        bodies = [m for m in mentions if self.entity_type(m.id) in ("body", "alliance")]
        places = [m for m in mentions if self.entity_type(m.id) == "place"]
        publications = [m for m in mentions if self.entity_type(m.id) == "publication"]
        events = [m for m in mentions if self.entity_type(m.id) == "event"]
        dates = find_dates(sentence, self.published)
        years = [int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", sentence)]

        subject_person = people[0].id if people else None
        if re.match(r"\s*(He|She)\b", sentence) and self.last_person:
            subject_person = self.last_person  # a pronoun opens the sentence: the person last named
        elif not subject_person and re.match(
            r"\s*(He|She|The [A-Za-z -]*(officer|general|admiral|author))\b", sentence
        ):
            subject_person = self.last_person

        # Events: a meeting or summit named with a date.
        # A noun, not "meeting in Brussels, ministers decided": a determiner or "of" must go with it.
        event_word = (
            r"(?:\b(?:a|an|the|this|that|its)\s+(?:[\w-]+\s+){0,4}|\bSummit\b|)"
            r"(meeting|summit|session|conference)\b(?=\s+of\b|)"
        )
        for match in re.finditer(event_word, sentence, re.IGNORECASE):
            if not re.match(r"(?i)(a|an|the|this|that|its)\b", match.group(0)) and not re.search(
                r"\s+of\b", sentence[match.end() : match.end() + 4]
            ):
                continue
            kind = match.group(1).lower()
            near = sorted(dates, key=lambda d: abs(d[0] - match.start()))
            event = None
            if near:
                event = self.event_by_date(near[0][2], kind)
                if event is None and kind in ("meeting", "summit"):
                    label = f"{kind.capitalize()} of {near[0][2]}"
                    event = self.add_new(
                        Entity(
                            f"event:{kind}-{near[0][2]}", "event", label, (), f"A {kind} named in the text."
                        )
                    )
                if event:
                    self.claim(
                        index,
                        (near[0][0], near[0][1]),
                        event,
                        "date",
                        near[0][2],
                        0.8,
                        "event date",
                        note=near[0][3],
                    )
            elif events:
                event = events[0].id
            if event and kind in ("meeting", "session", "conference") and self.main_event is None:
                self.main_event = event
            if event:
                events = [*events, Mention(event, match.start(), match.end(), match.group(0), "event")]
        main = self.main_event
        event_ids = list(dict.fromkeys(m.id for m in events))

        # Missions led by NATO, and where events took place.
        if "alliance:nato" in {m.id for m in mentions} and re.search(
            r"\b(led|commanded|NATO-led)\b", sentence
        ):
            for event in events:
                if event.id != main and self.entity_type(event.id) == "event":
                    self.claim(
                        index, (event.start, event.end), event.id, "led_by", "alliance:nato", 0.7, "NATO led"
                    )
        for event in events:
            following = [
                m for m in mentions if m.start > event.end and self.entity_type(m.id) in ("state", "place")
            ]
            if following and re.match(r"\s+in\s+(?:the\s+)?$", sentence[event.end : following[0].start]):
                self.claim(
                    index,
                    (event.start, following[0].end),
                    event.id,
                    "held_in",
                    following[0].id,
                    0.7,
                    "event in place",
                )

        # Hosting, speaking, attending.
        if subject_person and main and re.search(r"\b(held|hosted|chaired|convened|opened)\b", sentence):
            self.claim(index, whole, subject_person, "hosted", main, 0.8, "person held/hosted meeting")
        if subject_person and main and re.search(SPEECH, sentence):
            self.claim(index, whole, subject_person, "spoke_at", main, 0.7, "person said/added at meeting")
        for person in people:
            if main and re.search(r"\b(attended|took part in|participated in)\b", sentence):
                self.claim(index, whole, person.id, "attended", main, 0.7, "person attended")

        # Place of the event.
        if (
            main
            and places
            and re.search(r"\b(at|in)\b", sentence)
            and re.search(r"\b(meeting|held|hosted)\b", sentence)
        ):
            place = (
                "place:nato-hq"
                if "headquarters" in sentence.lower() and "place:nato-hq" in self.G
                else places[0].id
            )
            self.claim(index, whole, main, "held_in", place, 0.7, "meeting held at/in place")

        # Reviews and discussions.
        summits = [e for e in event_ids if e != main]
        if (
            main
            and summits
            and re.search(r"\b(evaluat\w*|review\w*|assess\w*|results of|follow\w* up)\b", sentence)
        ):
            self.claim(index, whole, main, "reviews", summits[0], 0.75, "meeting reviews summit")
        if (
            main
            and publications
            and re.search(r"\b(analy[sz]ed|discussed|examined|attention to|debated)\b", sentence)
        ):
            self.claim(
                index, whole, main, "discussed", publications[0].id, 0.75, "meeting discussed document"
            )
        for publication in publications:
            if summits and re.search(r"\b(adopted|agreed|endorsed)\b", sentence):
                self.claim(index, whole, publication.id, "adopted_at", summits[0], 0.7, "agreed at summit")

        # Exclusion and invitation.
        exception = re.search(
            r"(with the exception of|except|excluded|excluding|not invited|\bbut\b(?=.*\bwere not\b))",
            sentence,
            re.IGNORECASE,
        )
        if exception and states:
            target = main or (event_ids[0] if event_ids else None)
            for state in states:
                if state.start > exception.start() or re.search(r"\bExcluded\b", sentence):
                    self.claim(
                        index,
                        (state.start, state.end),
                        state.id,
                        "excluded_from",
                        target,
                        0.8,
                        "exception/excluded",
                    )
        if re.search(r"\binvited\b", sentence) and (main or event_ids):
            target = main or event_ids[0]
            cut = exception.start() if exception else len(sentence)
            for framework in frameworks:
                if framework.start < cut:
                    self.claim(
                        index,
                        (framework.start, framework.end),
                        framework.id,
                        "invited_to",
                        target,
                        0.75,
                        "partners of framework invited",
                    )
            for state in states:
                if state.start < cut and not re.search(r"exception|except", sentence[: state.start]):
                    self.claim(
                        index, (state.start, state.end), state.id, "invited_to", target, 0.7, "state invited"
                    )

        # Offices: an office title followed closely by a body ("Director General of the … Staff").
        later = re.search(r"\b(\w+) years? later\b", sentence)
        for office in re.finditer(rf"\b(?P<office>{'|'.join(OFFICES)})\b", sentence, re.IGNORECASE):
            after = [m for m in bodies if 0 <= m.start - office.end() <= 60]
            holder = self.holder_near(people, office.start(), subject_person)
            if (
                re.search(r"\bas\s+(?:the\s+)?$", sentence[max(0, office.start() - 8) : office.start()])
                and subject_person
            ):
                holder = subject_person  # "X took over from Y as Director General": the office is X's
            if not after or not holder:
                continue
            role = office.group("office")
            role = "Chair" if role.lower() in ("chair", "chairman") else role[0].upper() + role[1:]
            start, note = self.year_for(office.start(), years, later)
            if dates and re.search(
                r"\b(took up|took over|assumed|became|was appointed|appointed)\b", sentence
            ):
                start, note = dates[0][2], dates[0][3]
            self.claim(
                index,
                (office.start(), after[0].end),
                holder,
                "holds_office",
                after[0].id,
                0.75,
                "office of body",
                role=role,
                start=start,
                note=note,
            )
            if (
                role.lower().endswith("representative")
                and "European Union" in sentence
                and "body:eumc" in self.G
            ):
                self.claim(
                    index,
                    (office.start(), office.end()),
                    holder,
                    "holds_office",
                    "body:eumc",
                    0.6,
                    "representative to the EU",
                    role=role,
                    start=start,
                    note=note,
                )

        # Nationality: a demonym next to a person or describing "the ... officer".
        for mention in mentions:
            if mention.how == "demonym":
                holder = (
                    subject_person
                    if re.search(r"(officer|general|admiral|diplomat|national)", sentence)
                    else None
                )
                nearest = [p for p in people if 0 <= p.start - mention.end < 40]
                holder = nearest[0].id if nearest else holder
                if holder:
                    self.claim(
                        index,
                        (mention.start, mention.end),
                        holder,
                        "national_of",
                        mention.id,
                        0.7,
                        "demonym describes person",
                    )

        # Joining, membership, partnership, suspension.
        joining = (
            r"\b(joined|acceded|signed the [\w ]*Framework Document"
            r"|became(?:\s+[\w'’]+){0,3}\s+(?:member|ally|participant|partner))\b"
        )
        if re.search(joining, sentence, re.IGNORECASE):
            day = dates[0][2] if dates else (str(years[0]) if years else None)
            target_framework = frameworks[0].id if frameworks else None
            for state in states:
                if target_framework:
                    self.claim(
                        index,
                        (state.start, state.end),
                        state.id,
                        "partner_in",
                        target_framework,
                        0.7,
                        "state joined framework",
                        start=day,
                    )
                elif "alliance:nato" in {m.id for m in mentions} or re.search(r"\b(Ally|member)\b", sentence):
                    self.claim(
                        index,
                        (state.start, state.end),
                        state.id,
                        "member_of",
                        "alliance:nato",
                        0.75,
                        "state joined NATO",
                        start=day,
                    )
        if re.search(r"\bsuspend\w*\b.*\bcooperation\b", sentence, re.IGNORECASE):
            day = dates[0][2] if dates else (str(years[0]) if years else None)
            for state in states:
                self.claim(
                    index,
                    (state.start, state.end),
                    state.id,
                    "suspended_from",
                    "alliance:nato",
                    0.7,
                    "cooperation suspended",
                    start=day,
                )
        succession = re.search(r"\b(succeeded|took over from|replaced|handed over to)\b", sentence)
        others = [person.id for person in people if person.id != subject_person]
        if succession and subject_person and others:
            first, second = subject_person, others[0]
            if re.search(r"\bhanded over to\b", sentence):
                first, second = second, first
            self.claim(index, whole, first, "successor_of", second, 0.7, "succeeded")

        # A person who launched or wrote a document.
        if subject_person and publications and re.search(r"\b(launched|wrote|authored|drafted)\b", sentence):
            self.claim(
                index, whole, subject_person, "authored", publications[0].id, 0.65, "person launched document"
            )

        # The article itself: author, outlet, the author's work and home.
        if re.search(r"\b(Author|By|Written by)\b", sentence) and people:
            self.article()
            self.claim(index, whole, people[-1].id, "authored", self.article_id, 0.8, "author line")
        outlet = re.search(
            r"(?:originally appeared|first appeared|was published|first published)\s+(?:at|in|on|by)\s+"
            rf"(?P<name>{NAME}|[A-Z][\w.-]+)",
            sentence,
        )
        if outlet:
            name = outlet.group("name").rstrip(".")
            node = self.gazetteer.names.get(name, (None,))[0] or self.add_new(
                Entity(f"organization:{slug(name)}", "organization", name, (), "An outlet named in the text.")
            )
            self.article()
            self.claim(
                index,
                (outlet.start(), outlet.end()),
                self.article_id,
                "published_in",
                node,
                0.75,
                "appeared at",
            )
        manager = re.search(rf"\bmanager of (?P<name>{NAME})", sentence)
        if manager and subject_person:
            name = manager.group("name")
            node = self.gazetteer.names.get(name, (None,))[0] or self.add_new(
                Entity(
                    f"organization:{slug(name)}",
                    "organization",
                    name,
                    (),
                    "An organisation named in the text.",
                )
            )
            self.claim(
                index, (manager.start(), manager.end()), subject_person, "manages", node, 0.7, "manager of"
            )
        home = re.search(rf"\blives in (?P<name>{NAME})", sentence)
        if home and subject_person:
            name = home.group("name")
            node = self.gazetteer.names.get(name, (None,))[0] or self.add_new(
                Entity(f"place:{slug(name)}", "place", name, (), "A place named in the text.")
            )
            self.claim(index, (home.start(), home.end()), subject_person, "lives_in", node, 0.7, "lives in")

        if people:
            self.last_person = people[-1].id
        if years:
            self.last_year = years[-1]

    def article(self) -> str:
        """The ingested text itself, as a publication entity (added once)."""
        return self.add_new(
            Entity(
                self.article_id,
                "publication",
                self.proposal.source.title or "The text",
                (),
                "The ingested text.",
            )
        )

    def holder_near(self, people: list[Mention], position: int, fallback: str | None) -> str | None:
        if not people:
            return fallback
        return min(people, key=lambda m: abs(m.start - position)).id

    def year_for(self, position: int, years: list[int], later: re.Match | None) -> tuple[str | None, str]:
        """The year an office began: the year before it, or 'N years later' counted from that year."""
        base = years[0] if years else self.last_year
        if later and later.start() < position and base:
            word = later.group(1).lower()
            gap = NUMBER_WORDS.get(word) or (int(word) if word.isdigit() else 0)
            if gap:
                return str(base + gap), f"'{later.group(0)}' after {base} resolved to {base + gap}."
        return (str(base), "") if base and years else (None, "")
