"""Coreference in an article: 'he', 'the general', 'the Secretary General', 'the initiative', 'It'.

Each phrase is resolved to what the article named before: the nearest person earlier in the
sentence or the last one of the article, the holder of the role named, the last framework,
the state of a person's office ("his country") or the last state ("the country"), the
previous sentence's framework or body ("It").
"""

from __future__ import annotations

import re

from graph.ingest.article import Extractor
from graph.ingest.base import Mention, Title
from graph.ingest.names import fold

PRONOUN = re.compile(r"\b(?:He|She|he|she)\b")
DESCRIPTION = re.compile(r"^\s*The\s+(?:[\w-]+\s+){0,3}?(?P<noun>officer|general|admiral|diplomat|author)\b")
ROLE_PHRASE = re.compile(
    r"\b(?:the|The)\s+(?:NATO\s+)?"
    r"(?P<role>(?i:Secretary[\s-]General)|Deputy Secretary General|Chair(?:man)?"
    r"|Director General|diplomat|minister|Minister|general|admiral|officer)\b(?!\s+(?:of|[A-Z]))"
)
FRAMEWORK = re.compile(
    r"\b(?:the|The)\s+(?P<word>initiative|Initiative|Dialogue|dialogue|programme|program|partnership"
    r"|Partnership|council|Council)\b(?!\s+(?:of|for|[A-Z]))"
)
COUNTRY = re.compile(
    r"\b(?P<whose>[Hh]is|[Hh]er|the|The)\s+(?:country|State|republic|nation)\b(?![\w-]|\s+[A-Z])"
)  # not "the State Department"


def coreferences(
    ex: Extractor, text: str, mentions: list[Mention], titles: list[Title], previous: list[Mention]
) -> list[Mention]:
    """The phrases of ``text`` that refer back, as mentions that overlap none of ``mentions``.

    ``titles`` are the sentence's titles, ``previous`` the previous sentence's mentions.
    """
    found = (
        _people(ex, text, mentions)
        + _named_again(ex, text)
        + _role_holders(ex, text)
        + _frameworks(ex, text)
        + _states(ex, text, mentions, titles)
        + _opening_it(ex, text, previous)
    )
    return [m for m in found if all(m.end <= o.start or m.start >= o.end for o in mentions)]


def _people(ex: Extractor, text: str, mentions: list[Mention]) -> list[Mention]:
    """'he' or 'she' (the nearest person before, else the article's last), 'The officer …'."""
    found: list[Mention] = []
    people = [m for m in mentions if ex.entity_type(m.id) == "person"]
    for match in PRONOUN.finditer(text):
        before = [p for p in people if p.end <= match.start()]
        person = before[-1].id if before else ex.last_person
        if person:
            found.append(Mention(person, match.start(), match.end(), match.group(0), "coreference"))
    for match in DESCRIPTION.finditer(text):
        if ex.last_person:
            found.append(
                Mention(
                    ex.last_person, match.start("noun"), match.end("noun"), match.group("noun"), "coreference"
                )
            )
    return found


def _named_again(ex: Extractor, text: str) -> list[Mention]:
    """A person the article introduced with a title, named again by family name alone ('Kuchma said')."""
    found: list[Mention] = []
    for node, entity in ex.new.items():
        if entity.type != "person" or len(entity.label.split()) < 2:
            continue
        family = entity.aliases[0] if entity.aliases else entity.label.split()[-1]
        if len(family) < 3 or not family.split()[-1][0].isupper():
            continue
        # a particle is capitalised at the start of a sentence: "De Hoop Scheffer said"
        initial = f"[{family[0].upper()}{family[0].lower()}]" if family[0].islower() else re.escape(family[0])
        for match in re.finditer(rf"(?<![\w-]){initial}{re.escape(family[1:])}(?![\w-])", text):
            found.append(Mention(node, match.start(), match.end(), family, "alias"))
    return found


def _role_holders(ex: Extractor, text: str) -> list[Mention]:
    """'the Secretary General' (whoever the article named so), 'the minister' (the last person)."""
    found: list[Mention] = []
    for match in ROLE_PHRASE.finditer(text):
        role = re.sub(r"[\s-]+", " ", match.group("role"))
        role = "Secretary General" if role.lower() == "secretary general" else role
        role = "Chair" if role.startswith("Chair") else role
        holder = ex.role_holders.get(role) or (ex.last_person if role.islower() else None)
        if holder:
            found.append(Mention(holder, match.start(), match.end(), match.group(0), "coreference"))
    return found


def _frameworks(ex: Extractor, text: str) -> list[Mention]:
    """'the initiative', 'the Dialogue': the last framework, when its name has that word."""
    found: list[Mention] = []
    for match in FRAMEWORK.finditer(text):
        word = match.group("word").lower()
        frameworks = [
            node for node in [ex.last_framework] if node and word[:6] in fold(ex.gazetteer.label(node))
        ]
        if frameworks:
            found.append(Mention(frameworks[0], match.start(), match.end(), match.group(0), "coreference"))
    return found


def _states(ex: Extractor, text: str, mentions: list[Mention], titles: list[Title]) -> list[Mention]:
    """'his country' (the state of a title, the person's nationality), 'the country' (the last state)."""
    found: list[Mention] = []
    for match in COUNTRY.finditer(text):
        whose = match.group("whose").lower()
        here = [m.id for m in mentions if ex.entity_type(m.id) == "state" and m.end <= match.start()]
        holders = [
            t.organisation for t in titles if t.organisation and ex.entity_type(t.organisation) == "state"
        ]
        state: str | None
        if whose in ("his", "her"):
            state = next(iter(holders[::-1]), None) or ex.nationality.get(ex.last_person or "")
            state = state or next(iter(here[::-1]), None)
        else:
            state = next(iter(here[::-1]), None) or ex.last_state
        if state:
            found.append(Mention(state, match.start(), match.end(), match.group(0), "coreference"))
    return found


def _opening_it(ex: Extractor, text: str, previous: list[Mention]) -> list[Mention]:
    """A sentence opening with 'It': the previous sentence's framework, else its first alliance or body."""
    opening = re.match(r"\s*It\b", text)
    if not opening or not previous:
        return []
    ranked = [m.id for m in previous if ex.entity_type(m.id) == "framework"] + [
        m.id for m in previous[:1] if ex.entity_type(m.id) in ("alliance", "body")
    ]
    if not ranked:
        return []
    return [Mention(ranked[0], opening.start(), opening.end(), "It", "coreference")]
