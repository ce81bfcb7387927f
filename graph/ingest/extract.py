"""Propose sourced claims from an article's text with named rules and the dataset as gazetteer.

Offline and model-free. Entities are found through the labels, aliases and demonyms the
dataset already knows ("German" → Germany, "the Alliance" → NATO), the names of states
(ISO 3166, through ``pycountry``), people through a title, rank or honorific before or
after a capitalised name ("US Secretary of State …", "…, Romania's Foreign Minister"),
named bodies and groupings ("… Commission", "… Initiative"), and events through a noun
(meeting, summit, ceremony …) with a date in the same or a nearby sentence. Pronouns and
phrases such as "he", "the Secretary General", "the initiative" or "the ceremony" are
resolved within the article. Relations come from the rules in ``graph/ingest/rules.py``;
every proposed claim keeps its sentence, the character spans of the words it matched, the
name of the rule that fired and a confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import networkx as nx

from graph.ingest import dates as dates_module
from graph.ingest.names import (
    AMBIGUOUS_STATE_NAMES,
    DEMONYMS,
    EXTRA_STATE_NAMES,
    HONORIFICS,
    RANK_WORDS,
    ROLE_MODIFIERS,
    ROLE_WORDS,
    fold,
    role_name,
    slug,
)
from graph.model import Claim, Dataset, Entity, Source

__all__ = ["Gazetteer", "Mention", "Proposal", "ProposedClaim", "extract", "slug", "split_sentences"]

REFERENCES = {
    "the Alliance": "alliance:nato",
    "the alliance": "alliance:nato",
    "the military alliance": "alliance:nato",
    "the Western alliance": "alliance:nato",
    "the defense alliance": "alliance:nato",
    "the defence alliance": "alliance:nato",
    "the North Atlantic Alliance": "alliance:nato",
    "the bloc": "alliance:nato",
    "the military bloc": "alliance:nato",
    "Nato": "alliance:nato",
    "NATO headquarters": "place:nato-hq",
    "Nato headquarters": "place:nato-hq",
    "NATO Headquarters": "place:nato-hq",
}
MONTH_OR_DAY = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$"
)
_NAME_WORD = r"(?:[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)*|[A-Z]\.|[A-Z][a-zà-ÿ]+-[A-Z]\.)"
_PARTICLE = r"(?:de|van|von|der|den|da|dos|du|al|el|bin|ibn|la|le|De|Van|Von|Al|El)"
NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD}){{0,3}}"
NOT_A_NAME = re.compile(
    r"\b(?:Staff|Committee|Council|Commission|Military|International|Alliance|NATO|Nato|Partnership|Division"
    r"|Ministry|Department|Office|Forces|Army|Navy|Government|Parliament|Summit|Initiative|Programme|Program"
    r"|Group|Mission|Headquarters|Republic|Union|Assembly|Affairs|Defence|Defense|State|States)\b"
)
_ROLE = "|".join(
    sorted((re.escape(word).replace(r"\ ", r"[\s-]+") for word in ROLE_WORDS), key=len, reverse=True)
)
_RANK = "|".join(
    sorted((re.escape(word).replace(r"\ ", r"\s+") for word in RANK_WORDS), key=len, reverse=True)
)
_HONORIFIC = "|".join(re.escape(word) + r"\.?" for word in HONORIFICS)
# "[Org] [modifiers] Role [of|for|to …] [rank] [honorific] Name"; roles in any case, names capitalised.
TITLE_BEFORE = re.compile(
    rf"(?P<title>(?i:{ROLE_MODIFIERS}(?P<role>{_ROLE}))"
    rf"(?P<of>\s+(?:of|for|to)\s+(?:the\s+)?(?:[A-Z][\w'’.-]*(?:\s+(?:of|the|and|for|to|on)?\s*[A-Z][\w'’.-]*)*?))?"
    rf"(?:,?\s+(?P<rank>{_RANK}))?(?:,?\s+(?P<honorific>{_HONORIFIC}))?),?\s+(?P<name>{NAME})"
    rf"|(?P<title2>(?P<rank2>{_RANK})|(?P<honorific2>{_HONORIFIC}))\s+(?P<name2>{NAME})"
)
# "Name, [the] [Country's] Role [of …]," — the title after the name.
TITLE_AFTER = re.compile(
    rf"(?P<name>{NAME}),\s+(?:the\s+|a\s+)?(?P<title>(?:[A-Z][\w'’.-]*\s+){{0,3}}?"
    rf"(?i:{ROLE_MODIFIERS}(?P<role>{_ROLE}))(?P<of>\s+(?:of|for|to)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?)"
)
BODY_NAME = re.compile(
    r"\b(?:the\s+)?(?P<name>(?:[A-Z][\w'’-]*\s+(?:(?:and|of|for|on|related)\s+)*){0,5}?"
    r"(?P<head>Council|Commission|Committee|Division|Staff|Centre|Center|Agency|Command|Pact|Initiative"
    r"|Partners(?!\s+[A-Z])|Partner(?!\s+[A-Z])"
    r"|Advocacy\s+Group|Cooperation\s+Group))(?:\s+\((?P<short>[A-Z]{2,6})\))?(?![\w-])"
)
BODY_TYPES = {
    "Pact": "alliance",
    "Initiative": "framework",
    "Partners": "framework",
    "Partner": "framework",
    "Advocacy Group": "framework",
    "Cooperation Group": "framework",
}
FUTURE_OR_HEDGE = re.compile(
    r"\b(will|would|could|might|may|should|shall|never|not|n['’]t|hopes?|hoped|expects?|expected|plans?|planned"
    r"|wants?|wanted|aims?|if|whether|ready\s+to|intends?|candidate|aspir\w+|opposition|oppose\w*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """An entity found at characters ``start``–``end`` of the text."""

    id: str
    start: int
    end: int
    text: str
    how: str  # label, alias, demonym, reference, title+name, new, coreference, event


@dataclass(frozen=True)
class Title:
    """A title next to a person's name: the role, and the organisation it names (if any)."""

    person: str
    role: str
    organisation: str | None
    start: int
    end: int
    name_start: int
    name_end: int
    rank: str = ""


@dataclass(frozen=True)
class ProposedClaim:
    """A claim proposed for review: the rule that fired and the spans of the words it matched.

    ``spans`` are (start, end) character offsets within the claim's sentence;
    ``char_start``–``char_end`` cover them in the whole text.
    """

    subject: str
    relation: str
    object: str
    sentence: int
    char_start: int
    char_end: int
    confidence: float
    rule: str
    start: str | None = None
    role: str = ""
    note: str = ""
    end: str | None = None
    spans: tuple[tuple[int, int], ...] = ()

    @property
    def method(self) -> str:
        """The rule's name (the older name of the field)."""
        return self.rule


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
    article_id: str = ""

    def sentence_text(self, index: int) -> str:
        start, end = self.sentences[index]
        return self.text[start:end]

    def matched_words(self, index: int) -> list[str]:
        """The words claim ``index`` matched in its sentence, for highlighting."""
        claim = self.claims[index]
        sentence = self.sentence_text(claim.sentence)
        return [sentence[start:end] for start, end in claim.spans]

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
                claim.end,
                f"sentence {claim.sentence + 1}, characters {claim.char_start}-{claim.char_end}",
                f"Proposed by rule '{claim.rule}' (confidence {claim.confidence:.2f})."
                + (f" {claim.note}" if claim.note else ""),
                claim.role,
            )
            for claim in chosen
        ]
        return Dataset(tuple(entities), tuple(dict.fromkeys(claims)), (self.source,), name="proposal")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; abbreviations like 'U.S.' or 'Adm.' and initials do not end a sentence."""
    spans = []
    start = 0
    for match in re.finditer(r"[.!?][\"”’)]*(?=\s+[A-Z\"“(]|\s*$)|\n", text):
        end = match.end()
        before = text[max(start, end - 5) : end]
        if match.group(0) != "\n" and re.search(
            r"\b(?:[A-Z]|U\.S|Lt|Adm|Gen|Dr|Mr|Ms|St|No|Nov|Dec|Jan|Feb|Aug|Sept|Oct)\.$", before
        ):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), s + len(text[s:e].rstrip())) for s, e in spans]


def _state_names(G: nx.MultiDiGraph) -> dict[str, str]:
    """Names of states the dataset does not know (ISO 3166), as id candidates ``state:ISO3``."""
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        if "," in name or name in AMBIGUOUS_STATE_NAMES:
            continue
        names[name] = f"state:{country.alpha_3}"
    names.update({name: f"state:{code}" for name, code in EXTRA_STATE_NAMES.items()})
    return names


class Gazetteer:
    """Names the dataset already knows (plus state names and demonyms), matched longest first."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        names: dict[str, tuple[str, str]] = {}
        for node, data in G.nodes(data=True):
            for name, how in [(data.get("label", ""), "label")] + [
                (alias, "alias") for alias in data.get("aliases", [])
            ]:
                if len(name) >= 4 or (len(name) >= 2 and name.isupper()):
                    names.setdefault(name, (node, how))
        for name, (node, how) in list(names.items()):
            kind = str(G.nodes[node].get("type", "")) if node in G else ""
            if kind in ("state", "framework") and name.upper() not in names and len(name) >= 3:
                names[name.upper()] = (node, how)  # datelines and acronyms: "ROMANIA", "PFP"
            if kind in ("framework", "body") and " " in name and name[0].isupper():
                names.setdefault(name[0].lower() + name[1:], (node, how))  # "partners across the globe"
            if kind == "framework" and name.endswith("partners"):
                names.setdefault(name[:-1], (node, how))  # "global partner"
        for name, node in _state_names(G).items():
            names.setdefault(name, (node, "state name"))
        for demonym, code in DEMONYMS.items():
            names.setdefault(demonym, (f"state:{code}", "demonym"))
        for name, node in REFERENCES.items():
            if node in G:
                names.setdefault(name, (node, "reference"))
        ordered = sorted(names, key=len, reverse=True)
        self.names = names
        self.pattern = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(name) for name in ordered) + r")(?![\w-])"
        )
        self.people = {node for node, data in G.nodes(data=True) if data.get("type") == "person"}
        self.size = (G.number_of_nodes(), G.number_of_edges())
        self.surnames = {
            fold(data["label"]).split()[-1]: node
            for node, data in G.nodes(data=True)
            if data.get("type") == "person" and data.get("label")
        }
        self.G = G

    def find(self, text: str) -> list[Mention]:
        return [
            Mention(self.names[m.group(1)][0], m.start(), m.end(), m.group(1), self.names[m.group(1)][1])
            for m in self.pattern.finditer(text)
        ]

    def label(self, node: str) -> str:
        if node in self.G:
            return str(self.G.nodes[node].get("label", node))
        return next(
            (name for name, (found, how) in self.names.items() if found == node and how != "demonym"), node
        )


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
    gazetteer = _gazetteer(G)
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
    proposal.article_id = f"publication:{slug(source.title)[:50]}"
    Extractor(G, gazetteer, proposal, published).run()
    return proposal


_GAZETTEERS: dict[int, tuple[nx.MultiDiGraph, Gazetteer]] = {}


def _gazetteer(G: nx.MultiDiGraph) -> Gazetteer:
    """One gazetteer per graph object (graphs handed to extract are not changed by it)."""
    cached = _GAZETTEERS.get(id(G))
    if cached is not None and cached[0] is G and cached[1].size == (G.number_of_nodes(), G.number_of_edges()):
        return cached[1]
    gazetteer = Gazetteer(G)
    if len(_GAZETTEERS) > 8:
        _GAZETTEERS.clear()
    _GAZETTEERS[id(G)] = (G, gazetteer)
    return gazetteer


class Extractor:
    """Walks an article sentence by sentence, keeping what coreference needs."""

    def __init__(
        self, G: nx.MultiDiGraph, gazetteer: Gazetteer, proposal: Proposal, published: str | None
    ) -> None:
        self.G = G
        self.gazetteer = gazetteer
        self.proposal = proposal
        self.published = published
        self.last_person: str | None = None
        self.last_state: str | None = None
        self.last_framework: str | None = None
        self.last_year: int | None = None
        self.main_event: str | None = None
        self.last_event: str | None = None
        self.role_holders: dict[str, str] = {}
        self.nationality: dict[str, str] = {}
        self.new: dict[str, Entity] = {}
        self.gazetteer_extra: dict[str, str] = {}
        self.event_dates: dict[str, str] = {}
        self.events_by_kind: dict[str, str] = {}  # short names the text defines: "(PIAG)"
        self.article_id = proposal.article_id

    # ---- entities ---------------------------------------------------------------------------

    def entity_type(self, node: str) -> str:
        if node in self.G:
            return str(self.G.nodes[node]["type"])
        if node in self.new:
            return self.new[node].type
        return node.partition(":")[0] if node.startswith("state:") else ""

    def add_new(self, entity: Entity) -> str:
        if entity.id not in self.G and entity.id not in self.new:
            self.new[entity.id] = entity
            self.proposal.new_entities.append(entity)
        elif entity.id in self.new:
            known = self.new[entity.id]
            aliases = tuple(
                a for a in dict.fromkeys(known.aliases + entity.aliases + (entity.label,)) if a != known.label
            )
            if aliases != known.aliases:
                updated = replace(known, aliases=aliases)
                self.new[entity.id] = updated
                self.proposal.new_entities[self.proposal.new_entities.index(known)] = updated
        return entity.id

    def state_entity(self, node: str, name: str) -> str:
        """A state the dataset lacks becomes a new candidate under its ISO id."""
        if node not in self.G and node.startswith("state:"):
            label = self.gazetteer.label(node)
            return self.add_new(
                Entity(node, "state", label if label != node else name, (), "A state named in the text.")
            )
        return node

    def person(self, name: str, rank: str = "") -> str:
        """A known person (full name or family name), or a new candidate."""
        name = re.sub(r"['’]s$", "", name.strip())
        known = self.gazetteer.names.get(name)
        if known and known[0] in self.gazetteer.people:
            return known[0]
        family = fold(name).split()[-1] if name.split() else ""
        if family in self.gazetteer.surnames and (
            len(name.split()) == 1
            or fold(self.gazetteer.label(self.gazetteer.surnames[family])).endswith(fold(name))
        ):
            return self.gazetteer.surnames[family]
        for node in self.new:
            entity = self.new[node]
            if entity.type == "person" and fold(entity.label).split()[-1:] == fold(name).split()[-1:]:
                if len(name.split()) > len(entity.label.split()):
                    self.add_new(Entity(node, "person", name, (entity.label,), entity.description))
                return node
        surname = name.split()[-1]
        particles = [w for w in name.split()[1:-1] if re.fullmatch(_PARTICLE, w)]
        family_name = " ".join([*particles, surname]) if particles else surname
        return self.add_new(
            Entity(
                f"person:{slug(surname)}",
                "person",
                name,
                (family_name,) if family_name != name else (),
                "A person named in the text" + (f" ({rank})." if rank else "."),
            )
        )

    # ---- the walk ----------------------------------------------------------------------------

    def run(self) -> None:
        from graph.ingest.rules import SentenceView, run_rules

        proposal = self.proposal
        previous: SentenceView | None = None
        for index, (start, end) in enumerate(proposal.sentences):
            sentence = proposal.text[start:end]
            view = SentenceView(self, index, sentence, start, previous)
            run_rules(view)  # rules may add what they recognised (a byline's author, a place)
            proposal.mentions.extend(
                replace(
                    m,
                    start=m.start + start,
                    end=m.end + start,
                    how="new" if m.id not in self.G and m.how != "coreference" else m.how,
                )
                for m in sorted(view.mentions, key=lambda m: m.start)
            )
            view.remember()
            previous = view
        seen: set[str] = set()
        for node in [m.id for m in proposal.mentions] + [
            n for c in proposal.claims for n in (c.subject, c.object)
        ]:
            if node in self.G and node not in seen:
                seen.add(node)
                data = self.G.nodes[node]
                proposal.matched.append(Entity(node, data["type"], data["label"]))

    # ---- mentions ------------------------------------------------------------------------------

    def titled_people(self, sentence: str) -> tuple[list[Mention], list[Title]]:
        """People after (or before) a title, rank or honorific, with the title's role and organisation."""
        mentions: list[Mention] = []
        titles: list[Title] = []
        for match in TITLE_BEFORE.finditer(sentence):
            key = "name" if match.group("name") else "name2"
            name, name_start = match.group(key), match.start(key)
            name, name_end = _trim_name(name, name_start)
            if name and NOT_A_NAME.search(name) and key == "name":
                # "Head of Ukraine's Mission to NATO Heorhiy Tolkachov": the name is the run's tail
                name, name_start, name_end = self.name_at_end_of_run(sentence, name_start)
            if not name or NOT_A_NAME.search(name) or MONTH_OR_DAY.match(name.split()[0]):
                continue
            if name in self.gazetteer.names and self.gazetteer.names[name][0] not in self.gazetteer.people:
                continue  # "President Obama" yes, "General Assembly"/"Minister Russia" no
            role = match.group("role") if key == "name" else ""
            rank = match.group("rank") or match.group("rank2") or ""
            if key == "name2" and len(name.split()) < 2 and not (match.group("honorific2") or rank):
                continue
            person = self.person(name, rank)
            mentions.append(Mention(person, name_start, name_end, name, "title+name"))
            if role:
                title_start = match.start("title")
                of_part = match.group("of") or ""
                if name_start > match.end("title") + 2:
                    of_part = sentence[match.end("role") : name_start]
                after_name = re.match(
                    r"\s+of\s+(?:the\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)", sentence[name_end:]
                )
                if after_name and not of_part:
                    of_part = after_name.group(1)  # "President Iván Duque of Colombia"
                organisation = self.organisation(sentence, title_start, match.end("title"), of_part)
                titles.append(
                    Title(
                        person,
                        role_name(role),
                        organisation,
                        title_start,
                        match.end("title"),
                        name_start,
                        name_end,
                        rank,
                    )
                )
        for match in TITLE_AFTER.finditer(sentence):
            name, name_start = match.group("name"), match.start("name")
            words = name.split()
            if NOT_A_NAME.search(name) or len(words) < 1 or MONTH_OR_DAY.match(words[0]):
                continue
            if name in self.gazetteer.names and self.gazetteer.names[name][0] not in self.gazetteer.people:
                continue
            if len(words) == 1 and name not in self.gazetteer.names:
                continue  # one capitalised word before a comma is too often not a name
            if any(m.start <= name_start < m.end for m in mentions):
                continue
            person = self.person(name)
            mentions.append(Mention(person, name_start, match.end("name"), name, "title+name"))
            organisation = self.organisation(
                sentence, match.start("title"), match.end("title"), match.group("of")
            )
            titles.append(
                Title(
                    person,
                    role_name(match.group("role")),
                    organisation,
                    match.start("title"),
                    match.end("title"),
                    name_start,
                    match.end("name"),
                )
            )
        return mentions, titles

    def name_at_end_of_run(self, sentence: str, start: int) -> tuple[str, int, int]:
        """The last two or three name words of a capitalised run that begins with an organisation."""
        run = re.match(r"(?:(?:[A-Z][\w'’.-]*|of|to|the|for)\s+)*[A-Z][\w'’.-]*", sentence[start:])
        if not run:
            return "", start, start
        words = run.group(0).split()
        tail: list[str] = []
        for word in reversed(words):
            if (
                not word[:1].isupper()
                or NOT_A_NAME.search(word)
                or word in self.gazetteer.names
                or word.endswith(("'s", "’s"))
                or len(tail) == 3
            ):
                break
            tail.insert(0, word)
        if not tail:
            return "", start, start
        name = " ".join(tail)
        end = start + run.end()
        return name, end - len(name), end

    def organisation(self, sentence: str, start: int, end: int, of_part: str | None) -> str | None:
        """The state, alliance or body a title names: 'Romania's', 'NATO', 'Russian', 'of Colombia'."""
        before = sentence[max(0, start - 40) : start]
        found = [
            m
            for m in self.gazetteer.find(sentence[start:end])
            if self.entity_type(m.id) in ("state", "alliance", "body")
        ]
        prefix = re.search(r"(?P<org>[A-Z][\w.-]*(?:\s+[A-Z][\w-]*)*)(?:['’]s?)?\s*$", before)
        candidates = []
        if of_part:
            candidates += [m.id for m in self.gazetteer.find(of_part)]
            candidates += [
                node
                for node, entity in self.new.items()
                if entity.type in ("body", "framework", "alliance") and entity.label in of_part
            ]
        candidates += [m.id for m in found if m.how != "demonym" or m.start == 0]
        if prefix:
            candidates += [
                m.id for m in self.gazetteer.find(prefix.group("org")) if m.end == len(prefix.group("org"))
            ]
        candidates += [m.id for m in found]
        for node in candidates:
            if self.entity_type(node) in ("state", "alliance", "body", "framework"):
                return node
        return None

    def named_bodies(self, sentence: str, known: list[Mention]) -> list[Mention]:
        """Capitalised names of councils, commissions, initiatives … that the dataset lacks."""
        found = []
        for match in BODY_NAME.finditer(sentence):
            name = match.group("name")
            start = match.start("name")
            words = name.split()
            # drop leading words that are not part of a name ("NATO's", "the", a known state…)
            # "Military Representatives of NATO's Indo-Pacific Partners" → "Indo-Pacific Partners"
            cut = max(
                (i + 1 for i, w in enumerate(words) if w.endswith(("'s", "’s")) or w == "of"), default=0
            )
            if cut and len(words) - cut >= 2:
                start += len(" ".join(words[:cut])) + 1
                words = words[cut:]
            roles = re.match(rf"(?i:{ROLE_MODIFIERS}(?:{_ROLE}))\s+", " ".join(words) + " ")
            if roles:  # "Director General International Military Staff": the body follows the role
                start += roles.end()
                words = " ".join(words)[roles.end() :].split()
            while words and words[0] in (
                "The",
                "A",
                "An",
                "In",
                "At",
                "On",
                "During",
                "NATO",
                "Nato",
                "Allied",
            ):
                start += len(words[0]) + 1
                words = words[1:]
            name = " ".join(words)
            if len(words) < 2 or name in self.gazetteer.names or not words[0][:1].isupper():
                continue
            if any(m.start <= start and match.end("name") <= m.end for m in known):
                continue
            head = match.group("head")
            kind = BODY_TYPES.get(re.sub(r"\s+", " ", head), "body")
            label = name
            aliases = (match.group("short"),) if match.group("short") else ()
            node = self.add_new(
                Entity(f"{kind}:{slug(name)}", kind, label, aliases, f"A {kind} named in the text.")
            )
            end = match.end("short") + 1 if match.group("short") else match.end("name")
            found.append(Mention(node, start, end, sentence[start:end], "new"))
            if match.group("short"):
                self.gazetteer_extra[match.group("short")] = node
        return found


def _trim_name(name: str, start: int) -> tuple[str, int]:
    """Drop trailing words that cannot belong to a name ('Andrews Was' cannot happen: capitals only)."""
    words = name.split()
    while words and (MONTH_OR_DAY.match(words[-1]) or words[-1] in ("I", "The")):
        words = words[:-1]
    name = " ".join(words)
    return name, start + len(name)


def drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Longest first; on ties a titled person wins over a gazetteer word inside it."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if all(mention.start >= other.end or mention.end <= other.start for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def hedged(text: str) -> bool:
    """Future, hoped-for, conditional or negated: 'will never join', 'hopes … will join'."""
    return FUTURE_OR_HEDGE.search(text) is not None


# Kept importable for the benchmark and older callers.
find_dates = dates_module.find_dates
