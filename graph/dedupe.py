"""Duplicates: a scored queue of entities that may be one, and recorded decisions that merge them.

Extraction from many articles names one thing in several ways ("Turkey" / "Türkiye",
"General Pavel" / "Petr Pavel", "the Secretary General" / "Jens Stoltenberg", two
"Meeting of 2023-12-14"). This module finds such pairs and applies what a person decided:

- :func:`candidates` — pairs of entities of the same type that may be one, scored 0–1 with
  the reasons that fired, best first, without the pairs already decided. Pairs come from
  blocks (the same folded name, a rare name token, initials, the same office over
  overlapping periods, the same event date, the same ISO code), never from all pairs.
- :func:`compare` — both entities side by side with their claims and sources (two columns).
- :func:`apply_decisions` — the dataset with every ``same`` pair merged, transitively, into
  the entity that comes first in the entities table (the one the dataset already had:
  merges append new entities at the end). Claims are re-pointed, never dropped; the merged
  entity keeps every label and alias. ``not_same`` and ``later`` only leave the queue.
- :func:`read_decisions` / :func:`write_decisions` — the decisions table (``decisions.csv``).

Decisions are data, not state: undoing one is removing its row and applying again.

>>> from graph.model import Claim, Dataset, Decision, Entity, Source
>>> dataset = Dataset(
...     (Entity("state:TUR", "state", "Türkiye", ("Turkey",)), Entity("state:turkey", "state", "Turkey"),
...      Entity("alliance:nato", "alliance", "NATO")),
...     (Claim("state:turkey", "member_of", "alliance:nato", "s1", start="1952-02-18"),),
...     (Source("s1", "Members", url="https://www.nato.int/"),))
>>> [(c.left, c.right, c.reasons[0]) for c in candidates(dataset)]
[('state:TUR', 'state:turkey', "'Turkey' is a name of both")]
>>> merged = apply_decisions(dataset, [Decision("state:TUR", "state:turkey", "same")])
>>> [entity.id for entity in merged.entities], merged.claims[0].subject
(['state:TUR', 'alliance:nato'], 'state:TUR')
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx

from graph.dates import DateFormatError, dates_compatible, parse_date
from graph.errors import InputError, UnknownEntityError
from graph.ingest.names import DEMONYMS, HONORIFICS, RANK_WORDS, ROLE_WORDS, fold, role_name
from graph.model import (
    DECISION_COLUMNS,
    DECISION_KINDS,
    DECISIONS_FILE,
    Claim,
    Dataset,
    Decision,
    Entity,
    decision_row,
)
from graph.report import ImportReport
from graph.vocabulary import is_attribute

__all__ = [
    "MIN_SCORE",
    "Candidate",
    "ComparedClaim",
    "Comparison",
    "Side",
    "apply_decisions",
    "candidates",
    "check_decisions",
    "compare",
    "effective_decisions",
    "merge_map",
    "read_decisions",
    "write_decisions",
]

MIN_SCORE = 0.3  # pairs below this leave the queue, unless they share a name
# A token that more entities of one type share than this is too common to block on; pairs
# that share only such tokens are still found when one of them is named by that token alone.
MAX_BLOCK = 50
# An office held by more people at once than this is not a single-holder office
# (military representatives, ministers …): holding it together says nothing.
MAX_CONCURRENT_HOLDERS = 3
MAX_TITLE_HOLDERS = 5  # a bare title ("the Chair") is matched to at most this many holders
STOPWORDS = frozenset({"the", "of", "and", "for", "in", "on", "at", "to", "a", "an", "s"})
# Abbreviations of ranks and honorifics that names.py spells out.
_ABBREVIATED_TITLES = ("lt", "gen", "adm", "col", "maj", "capt", "cdr", "brig", "hon", "rt hon", "amb")
_MODIFIERS = ("acting", "first", "deputy", "former", "outgoing", "incoming", "current", "new", "then")
_DAY = dt.timedelta(days=1)


def _plain(text: str) -> str:
    """Folded, with every run of other characters as one space: ``'Hans-Werner'`` → ``'hans werner'``."""
    folded = text.lower() if text.isascii() else fold(text)  # the same, faster for plain ASCII
    return re.sub(r"[\W_]+", " ", folded).strip()  # letters of every script stay: "йенс"


_ROLES = sorted({_plain(word) for word in ROLE_WORDS}, key=len, reverse=True)
_TITLE_WORDS = sorted(
    {_plain(word) for word in [*ROLE_WORDS, *RANK_WORDS, *HONORIFICS, *_MODIFIERS, *_ABBREVIATED_TITLES]}
    - {"dean"},  # also a given name (Dean Acheson)
    key=len,
    reverse=True,
)
_LEADING_TITLES = re.compile(r"^(?:(?:the|" + "|".join(map(re.escape, _TITLE_WORDS)) + r")(?: |$))+")
_ROLE_IN_NAME = re.compile(r"\b(" + "|".join(map(re.escape, _ROLES)) + r")\b")
# Words that may stand before a bare title: "NATO Secretary General", "the German Chief of Defence".
_TITLE_PREFIXES = frozenset({"the", "nato", "us", "uk", "eu", "un", *(_plain(name) for name in DEMONYMS)})


# ---- the queue --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """Two entities that may be one. ``left`` is the one a ``same`` decision keeps."""

    left: str
    right: str
    score: float
    reasons: tuple[str, ...]
    type: str
    left_label: str
    right_label: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "left": self.left,
            "right": self.right,
            "score": round(self.score, 2),
            "reasons": list(self.reasons),
            "type": self.type,
            "left_label": self.left_label,
            "right_label": self.right_label,
        }


@dataclass(frozen=True)
class _Name:
    text: str  # as written
    plain: str  # folded, punctuation as spaces
    core: str  # without leading titles, ranks, honorifics and "the"
    words: tuple[str, ...]  # the core's words without stop words, in order
    is_label: bool
    bare_title: bool = False  # a person named by a title alone: "the Secretary General"


@dataclass(frozen=True)
class _Tenure:
    """An office a person holds, over the period the sources give or report it."""

    office: tuple[str, str]  # (the body, alliance or state; the role, plain)
    begin: dt.date
    end: dt.date  # exclusive


@dataclass
class _Profile:
    index: int
    entity: Entity
    names: list[_Name]
    tokens: frozenset[str]
    fullest: _Name  # the name with the most words (the label on ties)
    title: str = ""  # the role when a person is named by a bare title ("the Secretary General")
    iso: str = ""
    dates: set[str] = field(default_factory=set)
    keys: set[tuple[str, str, str]] = field(default_factory=set)  # (relation, other, direction)
    linked: set[str] = field(default_factory=set)
    nationalities: set[str] = field(default_factory=set)
    tenures: list[_Tenure] = field(default_factory=list)
    reported: list[dt.date] = field(default_factory=list)  # dates of its claims and their sources


@dataclass
class _Context:
    """Everything scoring needs that is computed once per dataset."""

    profiles: list[_Profile]
    idf: dict[str, dict[str, float]]  # type → token → inverse document frequency
    key_counts: Counter[tuple[str, str, str]]
    shared_offices: set[tuple[str, str]]
    labels: dict[str, str]
    initials: Counter[tuple[str, str]]  # (type, initials) → how many names of two words or more have them
    families: Counter[str]  # family name (or "initial family") → how many full names have it
    title_holders: dict[int, set[int]]  # a person named by a bare title → who held it then


def _name(text: str, entity_type: str, is_label: bool) -> _Name:
    plain = _plain(text)
    core = re.sub(r"^the ", "", plain)
    if entity_type == "person":
        core = _LEADING_TITLES.sub("", core) or core  # a bare title stays a name: "secretary general"
    words = tuple(word for word in core.split() if word not in STOPWORDS)
    bare_title = entity_type == "person" and bool(_bare_title(plain))
    return _Name(text, plain, core, words, is_label, bare_title)


def _bare_title(plain: str) -> str:
    """The role when a person is named by a title alone: ``"the secretary general"`` → that role."""
    words = plain.split()
    while words and words[0] in _TITLE_PREFIXES:
        words = words[1:]
    rest = " ".join(words)
    if not rest or _LEADING_TITLES.sub("", rest):
        return ""
    found = _ROLE_IN_NAME.findall(rest)
    return max(found, key=len) if found else ""


@functools.lru_cache(maxsize=4096)
def _role(text: str) -> str:
    return _plain(role_name(text)) if text.strip() else ""


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except DateFormatError:
        return None


def _tenure(
    office: tuple[str, str], claims: list[Claim], published: dict[str, dt.date | None]
) -> _Tenure | None:
    """The period the claims give an office: from the first start (or the first date any of them
    reports) until the last end (or, when no end is known, the last date a source reports it)."""
    starts = [day for claim in claims if (day := _date(claim.start))]
    ends = [day for claim in claims if (day := _date(claim.end))]
    reported = [day for claim in claims if (day := published.get(claim.source))]
    known = starts + ends + reported
    if not known:
        return None
    begin = min(starts) if starts else min(known)
    end = max(ends) if ends else max(known) + _DAY
    return _Tenure(office, begin, max(end, begin + _DAY))


def _overlap(first: tuple[dt.date, dt.date], second: tuple[dt.date, dt.date]) -> float:
    """The share of the shorter period that the other covers (0–1)."""
    days = (min(first[1], second[1]) - max(first[0], second[0])).days
    shorter = min((first[1] - first[0]).days, (second[1] - second[0]).days)
    return max(0.0, days / max(shorter, 1))


def _profiles(dataset: Dataset) -> _Context:
    profiles = []
    for index, entity in enumerate(dataset.entities):
        names = [_name(entity.label, entity.type, True)] + [
            _name(alias, entity.type, False) for alias in entity.aliases
        ]
        tokens = frozenset(word for name in names for word in name.words)
        profile = _Profile(index, entity, names, tokens, max(names, key=lambda name: len(name.words)))
        if entity.type == "person":
            profile.title = _bare_title(names[0].plain)
        if entity.type == "state":
            iso = dict(entity.attributes).get("iso3", "")
            suffix = entity.id.partition(":")[2]
            profile.iso = iso.upper() or (suffix if re.fullmatch(r"[A-Z]{3}", suffix) else "")
        profiles.append(profile)
    by_id = {profile.entity.id: profile for profile in profiles}
    published = {source.id: _date(source.published) for source in dataset.sources}
    office_claims: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for claim in dataset.claims:
        subject = by_id.get(claim.subject)
        if subject is None:
            continue
        dates = [day for day in (_date(claim.start), _date(claim.end), published.get(claim.source)) if day]
        subject.reported.extend(dates)
        if is_attribute(claim.relation):
            if claim.relation == "date":
                subject.dates.add(claim.object)
            else:
                subject.keys.add((claim.relation, _plain(claim.object), "value"))
            continue
        subject.keys.add((claim.relation, claim.object, "out"))
        subject.linked.add(claim.object)
        target = by_id.get(claim.object)
        if target is not None:
            target.keys.add((claim.relation, claim.subject, "in"))
            target.linked.add(claim.subject)
            target.reported.extend(dates)
        if claim.relation == "national_of":
            subject.nationalities.add(claim.object)
        elif claim.relation == "holds_office" and (role := _role(claim.role)):
            office_claims[(claim.subject, claim.object, role)].append(claim)
    holders: dict[tuple[str, str], list[_Tenure]] = defaultdict(list)
    for (person, body, role), claims in office_claims.items():
        tenure = _tenure((body, role), claims, published)
        if tenure is not None:
            by_id[person].tenures.append(tenure)
            holders[tenure.office].append(tenure)
    shared = {
        office for office, tenures in holders.items() if _most_at_once(tenures) > MAX_CONCURRENT_HOLDERS
    }

    document_counts: dict[str, Counter[str]] = defaultdict(Counter)
    type_sizes: Counter[str] = Counter()
    for profile in profiles:
        document_counts[profile.entity.type].update(profile.tokens)
        type_sizes[profile.entity.type] += 1
    idf = {
        kind: {token: math.log(1 + type_sizes[kind] / count) for token, count in counts.items()}
        for kind, counts in document_counts.items()
    }
    key_counts: Counter[tuple[str, str, str]] = Counter()
    for profile in profiles:
        key_counts.update(profile.keys)
    labels = {entity.id: entity.label for entity in dataset.entities}
    initials: Counter[tuple[str, str]] = Counter(
        (profile.entity.type, "".join(word[0] for word in name.words))
        for profile in profiles
        for name in profile.names
        if len(name.words) >= 2
    )
    families: Counter[str] = Counter()
    full_names = {
        profile.fullest.words
        for profile in profiles
        if profile.entity.type == "person" and not profile.fullest.bare_title
    }  # distinct names: two rows for one Petr Pavel are one Petr Pavel
    for words in full_names:
        if len(words) >= 2 and len(words[0]) > 1:
            families[words[-1]] += 1
            families[f"{words[0][0]} {words[-1]}"] += 1
    return _Context(profiles, idf, key_counts, shared, labels, initials, families, _title_holders(profiles))


def _most_at_once(tenures: list[_Tenure]) -> int:
    """The largest number of tenures that hold on one day (a sweep over begins and ends)."""
    events = sorted([(tenure.begin, 1) for tenure in tenures] + [(tenure.end, -1) for tenure in tenures])
    most = current = 0
    for _, step in events:  # at equal days an end (-1) sorts before a begin: periods are half-open
        current += step
        most = max(most, current)
    return most


def _block_keys(profile: _Profile) -> Iterator[tuple[str, str]]:
    """The keys under which this entity meets the others it may duplicate."""
    if profile.entity.type == "person":
        yield from _person_keys(profile)
    else:
        for name in profile.names:
            if name.core:
                yield ("name", name.core)
            if 2 <= len(name.words) <= 6:
                # "NATO Military Committee" without one word meets "Military Committee"
                yield ("one word less", " ".join(name.words))
                for position in range(len(name.words)):
                    yield ("one word less", " ".join(name.words[:position] + name.words[position + 1 :]))
            if len(name.words) >= 2:
                yield ("initials", "".join(word[0] for word in name.words))
            elif len(name.words) == 1 and name.text.strip().isupper() and 2 <= len(name.words[0]) <= 6:
                yield ("initials", name.words[0])
        for token in profile.tokens:
            if len(token) >= 2 and not token.isdigit():
                yield ("token", token)
    if profile.iso:
        yield ("iso", profile.iso)
    for date in profile.dates:
        yield ("date", date[:10])


def _person_keys(profile: _Profile) -> Iterator[tuple[str, str]]:
    """People meet by full name and by initial and family name; a name of one word meets those
    whose family or given name it is. Family or given names alone would pair every Smith with
    every Smith: they differ by given names, or share an initial and meet through it."""
    for name in profile.names:
        if not name.words or name.bare_title:
            if name.core:
                yield ("name", name.core)
            continue
        if len(name.words) >= 2:
            yield ("name", name.core)
            yield ("initial and family", f"{name.words[0][0]} {name.words[-1]}")
        yield ("family", name.words[-1])
        yield ("given", name.words[0])


def _blocked_pairs(context: _Context) -> set[tuple[int, int]]:
    """Pairs of the same type that share a block; large blocks only pair their short names."""
    blocks: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for profile in context.profiles:
        for kind, value in dict.fromkeys(_block_keys(profile)):
            blocks[(profile.entity.type, kind, value)].append(profile.index)
    pairs: set[tuple[int, int]] = set()
    for (_, kind, value), members in blocks.items():
        if len(members) < 2:
            continue
        if kind not in ("given", "family") and (kind in ("name", "iso") or len(members) <= MAX_BLOCK):
            pairs.update(combinations(members, 2))
        elif kind in ("token", "initials", "family", "given"):
            # "Bartels" among a thousand "… Bartels", "JSC" among fifty "J… S… C…", "Hans" among the
            # Hans …: what is named by that one word alone (or the acronym) still meets them all
            short = [index for index in members if context.profiles[index].fullest.words == (value,)]
            pairs.update((min(a, b), max(a, b)) for a in short for b in members if a != b)
    pairs.update(_spelling_pairs(context))
    pairs.update(_office_pairs(context))
    pairs.update(_title_pairs(context))
    return pairs


def _spelling_pairs(context: _Context) -> Iterator[tuple[int, int]]:
    """People whose family names differ by a letter or two (Zelensky / Zelenskyy): they share the
    name with one letter left out (a deletion neighbourhood), a key only such names share."""
    blocks: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for profile in context.profiles:
        if profile.entity.type != "person":
            continue
        for family in {name.words[-1] for name in profile.names if name.words and not name.bare_title}:
            if len(family) >= 5:
                for variant in _deletions(family):
                    blocks[variant][family].append(profile.index)
    for spellings in blocks.values():
        if len(spellings) < 2:
            continue
        groups = list(spellings.values())
        if sum(len(group) for group in groups) ** 2 > MAX_BLOCK * MAX_BLOCK * 4:
            continue
        for first, second in combinations(groups, 2):
            yield from ((min(a, b), max(a, b)) for a in first for b in second if a != b)


def _office_pairs(context: _Context) -> Iterator[tuple[int, int]]:
    """People who held the same single-holder office over overlapping periods."""
    holders: dict[tuple[str, str], list[tuple[_Tenure, int]]] = defaultdict(list)
    for profile in context.profiles:
        for tenure in profile.tenures:
            if tenure.office not in context.shared_offices:
                holders[tenure.office].append((tenure, profile.index))
    for tenures in holders.values():
        tenures.sort(key=lambda item: item[0].begin)
        active: list[tuple[_Tenure, int]] = []
        for tenure, index in tenures:
            active = [item for item in active if item[0].end > tenure.begin]
            for _, other in active:
                if other != index:
                    yield (min(index, other), max(index, other))
            active.append((tenure, index))


def _title_pairs(context: _Context) -> Iterator[tuple[int, int]]:
    """A person named by a bare title and those who held that title when it was reported."""
    for titled, holders in context.title_holders.items():
        yield from ((min(titled, other), max(titled, other)) for other in holders)


def _title_holders(profiles: list[_Profile]) -> dict[int, set[int]]:
    """For each person named by a bare title, who held that title when it was reported (when
    they are few enough to say something: "the Chair" may be the chair of any committee)."""
    by_role: dict[str, list[_Profile]] = defaultdict(list)
    for profile in profiles:
        for role in {tenure.office[1] for tenure in profile.tenures}:
            by_role[role].append(profile)
    found = {}
    for profile in profiles:
        if profile.title:
            holders = {
                other.index for other in by_role.get(profile.title, []) if _title_holder(profile, other)
            }
            if len(holders) <= MAX_TITLE_HOLDERS:
                found[profile.index] = holders
    return found


def _title_holder(titled: _Profile, holder: _Profile) -> _Tenure | None:
    """The tenure of ``holder`` in the role ``titled`` is named by, when one covers its reports."""
    if holder.index == titled.index or holder.title:
        return None
    # "the Chair" who holds office as Chair of the Military Committee: only that committee's chairs
    # and when it says when ("the Chair" holds office as Chair in 2019), only then
    own = [tenure for tenure in titled.tenures if tenure.office[1] == titled.title]
    periods: list[tuple[tuple[str, str] | None, tuple[dt.date, dt.date]]]
    if own:
        periods = [(tenure.office, (tenure.begin, tenure.end)) for tenure in own]
    elif titled.reported:
        periods = [(None, (min(titled.reported), max(titled.reported) + _DAY))]
    else:
        periods = [(None, (dt.date.min, dt.date.max))]
    for tenure in holder.tenures:
        if tenure.office[1] != titled.title:
            continue
        for office, period in periods:
            if office in (None, tenure.office) and _overlap(period, (tenure.begin, tenure.end)) > 0:
                return tenure
    return None


def _similarity(first: _Name, second: _Name, idf: dict[str, float]) -> float:
    """Weighted Jaccard of the names' words: rare words count more, so "NATO Military Committee"
    is close to "Military Committee" and "European Union Military Committee" is not."""
    a, b = set(first.words), set(second.words)
    if not a or not b:
        return 0.0
    shared = sum(idf.get(word, 1.0) for word in a & b)
    if not shared:
        return 0.0
    similarity = shared / sum(idf.get(word, 1.0) for word in a | b)
    # a word more or less ("NATO …") is a way of naming; a word changed (Council / Commission) is
    # more often another body
    return similarity if a <= b or b <= a else 0.6 * similarity


def _different_given_names(one: tuple[str, ...], two: tuple[str, ...]) -> bool:
    return min(len(one), len(two)) >= 2 and one[-1] == two[-1] and not _compatible_given(one, two)


def _compatible_given(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """'Rob' and 'Robert', 'H' and 'Hans': one given name begins the other; 'Oleksii' and
    'Oleksiy': one letter apart after the same first letter."""
    one, two = first[0], second[0]
    return one.startswith(two) or two.startswith(one) or (one[0] == two[0] and _one_letter_apart(one, two))


def _name_evidence(a: _Profile, b: _Profile, context: _Context) -> tuple[float, str, bool]:
    """The strongest thing the names say: (weight, reason, the two share a name)."""
    best: tuple[float, str, bool] = (0.0, "", False)
    person = a.entity.type == "person"
    # People are judged on their fullest names: "Smith", an alias of two Smiths, is not enough;
    # two people called "the Chair" are two chairs unless their offices say otherwise
    people = _person_names(a.fullest, b.fullest, context) if person else (0.0, "", False)
    for first in a.names:
        for second in b.names:
            if first.core and first.core == second.core:
                if person and (first.bare_title or (len(first.words) < 2 and people[0] < 0.6)):
                    continue
                if first.is_label and second.is_label:
                    same = first.text == second.text
                    found = (
                        0.9,
                        "same label" if same else f"same name: '{first.text}' / '{second.text}'",
                        True,
                    )
                elif first.is_label or second.is_label:
                    label, alias = (first, second) if first.is_label else (second, first)
                    text = (
                        f"'{label.text}' is a name of both"
                        if label.text == alias.text
                        else (f"the label '{label.text}' matches the alias '{alias.text}'")
                    )
                    found = (0.85, text, True)
                else:
                    found = (0.75, f"shared alias '{first.text}'", True)
                if found[0] > best[0]:
                    best = found
    if best[2] or person:
        return max(best, people, key=lambda item: item[0])
    idf = context.idf.get(a.entity.type, {})
    for first in a.names:
        for second in b.names:
            found = (0.0, "", False)
            similarity = _similarity(first, second, idf)
            if similarity >= 0.5:
                found = (0.75 * similarity, f"similar names: '{first.text}' / '{second.text}'", False)
            initials = _initials(first, second) or _initials(second, first)
            if initials:
                acronym = (first if len(first.words) == 1 else second).words[0]
                # initials that several long names share say less: "JSC" may be any of them
                weight = 0.6 if context.initials[(a.entity.type, acronym)] <= 2 else 0.35
                found = max(found, (weight, initials, False), key=lambda item: item[0])
            if found[0] > best[0]:
                best = found
    return best


def _deletions(word: str) -> set[str]:
    """The word and the word with one letter left out (a deletion neighbourhood)."""
    return {word} | {word[:position] + word[position + 1 :] for position in range(len(word))}


def _one_letter_apart(first: str, second: str) -> bool:
    """One letter added, left out or changed, or two neighbours swapped: 'zelensky' / 'zelenskyy';
    names of five letters or more (shorter ones are too often different names)."""
    if min(len(first), len(second)) < 5 or abs(len(first) - len(second)) > 1 or first == second:
        return False
    if len(first) == len(second):
        different = [i for i, (x, y) in enumerate(zip(first, second, strict=True)) if x != y]
        if len(different) == 2:
            i, j = different
            return j == i + 1 and first[i] == second[j] and first[j] == second[i]
        return len(different) == 1
    shorter, longer = sorted((first, second), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _person_names(first: _Name, second: _Name, context: _Context) -> tuple[float, str, bool]:
    """What two people's fullest names say: family names, given names, spellings."""
    one, two = first.words, second.words
    if not one or not two or first.bare_title or second.bare_title:
        return (0.0, "", False)
    if one[-1] != two[-1] and _one_letter_apart(one[-1], two[-1]):
        reason = f"family names one letter apart: '{first.text}' / '{second.text}'"
        if len(one) == 1 or len(two) == 1:
            return (0.3, reason, False)
        return (0.45, reason, False) if _compatible_given(one, two) else (0.0, "", False)
    if one[-1] == two[-1]:
        family = one[-1]
        if len(one) == 1 or len(two) == 1:
            # a bare family name may be any of the people who have it
            holders = context.families[family]
            if holders <= 1:
                return (0.6, f"same family name '{family}', one without a given name", False)
            reason = f"same family name '{family}' ({holders} people have it), one without a given name"
            return (max(0.25, 0.6 / holders), reason, False)
        if set(one) <= set(two) or set(two) <= set(one):
            return (0.7, f"one name is part of the other: '{first.text}' / '{second.text}'", False)
        if _compatible_given(one, two):
            initial = min(one[0], two[0], key=len)
            holders = context.families[f"{initial[0]} {family}"] if len(initial) == 1 else 1
            if holders <= 1:
                return (0.7, f"same family name '{family}', compatible given names", False)
            # "F. Smith" may be any of the Smiths whose given name begins with F
            reason = f"same family name '{family}', an initial that {holders} people's given names begin with"
            return (max(0.25, 0.7 / holders), reason, False)
        return (0.0, "", False)  # different given names: two people (see _score)
    if (len(one) == 1 and len(two) > 1 and two[0] == one[0]) or (
        len(two) == 1 and len(one) > 1 and one[0] == two[0]
    ):
        return (0.35, f"named by a given name only: '{first.text}' / '{second.text}'", False)
    return (0.0, "", False)


def _initials(short: _Name, long: _Name) -> str:
    if (
        len(short.words) == 1
        and short.text.strip().isupper()
        and len(long.words) >= 2
        and short.words[0] == "".join(word[0] for word in long.words)
    ):
        return f"'{short.text}' are the initials of '{long.text}'"
    return ""


def _score(a: _Profile, b: _Profile, context: _Context) -> tuple[float, list[str], bool]:
    """Score a pair: noisy-or of what speaks for it, times what speaks against it."""
    weight, reason, named_alike = _name_evidence(a, b, context)
    evidence: list[tuple[float, str]] = [(weight, reason)] if weight else []
    against: list[tuple[float, str]] = []
    if a.iso and b.iso:
        if a.iso == b.iso:
            evidence.append((0.9, f"same ISO code {a.iso}"))
        else:
            against.append((0.1, f"different ISO codes ({a.iso} / {b.iso})"))
    evidence.extend(_office_evidence(a, b, context))
    if a.dates and b.dates:
        same_day = sorted(x for x in a.dates for y in b.dates if dates_compatible(x, y))
        if same_day:
            evidence.append((0.25, f"same date {same_day[0]}"))
        else:
            against.append((0.3, f"different dates ({min(a.dates)} / {min(b.dates)})"))
    common = [
        key
        for key in a.keys & b.keys
        if key[1] not in (a.entity.id, b.entity.id) and key[0] != "holds_office"
    ]
    if common and evidence:  # shared neighbours support a likeness; alone they make a group, not a twin
        weight = min(0.4, sum(0.3 / math.log2(1 + context.key_counts[key]) for key in common))
        example = min(common)
        other = context.labels.get(example[1], example[1])
        evidence.append((weight, f"{len(common)} claim(s) in common, e.g. {example[0]} {other}"))
    if b.entity.id in a.linked or a.entity.id in b.linked:
        against.append((0.5, "linked to each other by a claim"))
    if (
        not weight
        and a.entity.type == "person"
        and not (a.title or b.title)
        and min(len(a.fullest.words), len(b.fullest.words)) >= 2
        and a.fullest.core.isascii() == b.fullest.core.isascii()  # names in two scripts cannot share words
    ):
        against.append((0.45, "the names share no word"))
    if a.entity.type == "person" and _different_given_names(a.fullest.words, b.fullest.words):
        against.append((0.5, "same family name, different given names"))
    if a.nationalities and b.nationalities and not a.nationalities & b.nationalities:
        against.append((0.5, "different nationalities"))
    doubt = 1.0
    for weight, _ in evidence:
        doubt *= 1 - weight
    score = 1 - doubt
    for factor, _ in against:
        score *= factor
    reasons = [reason for _, reason in sorted(evidence, key=lambda item: -item[0])]
    reasons += [f"against: {reason}" for _, reason in against]
    # a shared name is offered whatever its score, unless the data contradict it
    return score, reasons, named_alike and not against


def _office_evidence(a: _Profile, b: _Profile, context: _Context) -> list[tuple[float, str]]:
    found: list[tuple[float, str]] = []
    best = 0.0
    best_office: tuple[str, str] | None = None
    for first in a.tenures:
        for second in b.tenures:
            if first.office == second.office and first.office not in context.shared_offices:
                share = _overlap((first.begin, first.end), (second.begin, second.end))
                if share > best:
                    best, best_office = share, first.office
    if best_office is not None and best >= 0.5:
        body, role = best_office
        found.append((0.6, f"same office at the same time: {role} of {context.labels.get(body, body)}"))
    for titled, holder in ((a, b), (b, a)):
        if holder.index in context.title_holders.get(titled.index, ()) and (
            tenure := _title_holder(titled, holder)
        ):
            body = context.labels.get(tenure.office[0], tenure.office[0])
            found.append(
                (0.6, f"'{titled.entity.label}' is a title that {holder.entity.label} held then ({body})")
            )
    return found


def _decided_pairs(
    dataset: Dataset, decisions: Sequence[Decision]
) -> tuple[dict[str, str], set[frozenset[str]]]:
    """The merge map, and the decided pairs seen through it (ids merged away already included)."""
    mapping = merge_map(dataset, decisions)
    groups = _groups(decisions)
    kept = {
        groups[node]: node for node in reversed([entity.id for entity in dataset.entities]) if node in groups
    }
    mapping = {node: kept[root] for node, root in groups.items() if root in kept}  # gone ids too
    decided = {
        frozenset((mapping.get(d.left, d.left), mapping.get(d.right, d.right)))
        for d in effective_decisions(decisions)
    }
    return mapping, decided


def candidates(
    dataset: Dataset,
    decisions: Sequence[Decision] | None = None,
    *,
    min_score: float = MIN_SCORE,
    progress: Callable[[int, int], None] | None = None,
) -> list[Candidate]:
    """Pairs of entities of the same type that may be one, best first, without decided pairs.

    ``decisions`` default to ``dataset.decisions``. A pair is offered when its score reaches
    ``min_score`` or when the two share a name (whatever speaks against it). ``progress``
    is called with (pairs scored, pairs to score) now and then.
    """
    decisions = dataset.decisions if decisions is None else decisions
    context = _profiles(dataset)
    return _ranked(context, dataset, decisions, _blocked_pairs(context), min_score, progress)


def _ranked(
    context: _Context,
    dataset: Dataset,
    decisions: Sequence[Decision],
    pairs: Iterable[tuple[int, int]],
    min_score: float,
    progress: Callable[[int, int], None] | None = None,
) -> list[Candidate]:
    mapping, decided = _decided_pairs(dataset, decisions)
    ordered = sorted(pairs)
    found = []
    for number, (first, second) in enumerate(ordered):
        if progress is not None and number % 5000 == 0:
            progress(number, len(ordered))
        a, b = context.profiles[first], context.profiles[second]
        left, right = a.entity.id, b.entity.id
        if a.entity.type != b.entity.type or mapping.get(left, left) == mapping.get(right, right):
            continue
        if frozenset((mapping.get(left, left), mapping.get(right, right))) in decided:
            continue
        score, reasons, named_alike = _score(a, b, context)
        if score >= min_score or named_alike:
            found.append(
                Candidate(left, right, score, tuple(reasons), a.entity.type, a.entity.label, b.entity.label)
            )
    if progress is not None:
        progress(len(ordered), len(ordered))
    found.sort(key=lambda candidate: (-round(candidate.score, 6), candidate.left, candidate.right))
    return found


def all_pairs_candidates(dataset: Dataset, min_score: float = MIN_SCORE) -> list[Candidate]:
    """The naive baseline: every pair of the same type scored (quadratic; for tests and benchmarks)."""
    context = _profiles(dataset)
    by_type: dict[str, list[int]] = defaultdict(list)
    for profile in context.profiles:
        by_type[profile.entity.type].append(profile.index)
    pairs = (pair for members in by_type.values() for pair in combinations(members, 2))
    return _ranked(context, dataset, dataset.decisions, pairs, min_score)


# ---- decisions --------------------------------------------------------------------------------


def effective_decisions(decisions: Iterable[Decision]) -> list[Decision]:
    """One decision per pair (either order): the last row about a pair counts."""
    last: dict[frozenset[str], Decision] = {}
    for decision in decisions:
        pair = frozenset((decision.left, decision.right))
        last.pop(pair, None)
        last[pair] = decision
    return list(last.values())


def _groups(decisions: Iterable[Decision]) -> dict[str, str]:
    """Union–find over the ``same`` decisions: each id → a representative of its group."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for decision in effective_decisions(decisions):
        if decision.decision == "same":
            first, second = root(decision.left), root(decision.right)
            if first != second:
                parent[max(first, second)] = min(first, second)
    return {node: root(node) for node in parent}


def merge_map(dataset: Dataset, decisions: Sequence[Decision] | None = None) -> dict[str, str]:
    """Each entity that a ``same`` decision merges away → the id it is merged into.

    Groups are transitive (A same B and B same C merge all three, even when B is gone
    already). The kept id is the group's entity that comes first in the entities table.
    """
    decisions = dataset.decisions if decisions is None else decisions
    groups = _groups(decisions)
    if not groups:
        return {}
    members: dict[str, list[Entity]] = defaultdict(list)
    for entity in dataset.entities:
        if entity.id in groups:
            members[groups[entity.id]].append(entity)
    mapping = {}
    for group in members.values():
        kept = group[0]
        for entity in group[1:]:
            if entity.type != kept.type:
                raise InputError(
                    f"{DECISIONS_FILE}: '{kept.id}' ({kept.type}) and '{entity.id}' ({entity.type}) are "
                    "decided to be the same entity, but their types differ. Fix: correct the type in "
                    "entities.csv or remove the 'same' row that joins them."
                )
            mapping[entity.id] = kept.id
    return mapping


def _merged_entity(kept: Entity, others: list[Entity]) -> Entity:
    names = [*kept.aliases, *(name for other in others for name in (other.label, *other.aliases))]
    aliases = tuple(name for name in dict.fromkeys(names) if name != kept.label)
    description = kept.description or next((other.description for other in others if other.description), "")
    attributes = dict(kept.attributes)
    for other in others:
        for name, value in other.attributes:
            attributes.setdefault(name, value)
    return replace(
        kept, aliases=aliases, description=description, attributes=tuple(sorted(attributes.items()))
    )


def apply_decisions(dataset: Dataset, decisions: Sequence[Decision] | None = None) -> Dataset:
    """The dataset with every ``same`` pair merged; ``dataset`` is unchanged.

    The kept entity gains the labels and aliases of those merged into it (and their
    description and attributes where it has none). Every claim is kept with its source,
    re-pointed to the kept id; claims that become identical are kept once. ``not_same``
    and ``later`` change nothing here. The result carries ``decisions`` (default:
    ``dataset.decisions``), so applying it again changes nothing.
    """
    decisions = tuple(dataset.decisions if decisions is None else decisions)
    mapping = merge_map(dataset, decisions)
    if not mapping:
        return replace(dataset, claims=tuple(dict.fromkeys(dataset.claims)), decisions=decisions)
    merged_into: dict[str, list[Entity]] = defaultdict(list)
    for entity in dataset.entities:
        if entity.id in mapping:
            merged_into[mapping[entity.id]].append(entity)
    entities = tuple(
        _merged_entity(entity, merged_into[entity.id]) if entity.id in merged_into else entity
        for entity in dataset.entities
        if entity.id not in mapping
    )
    claims = tuple(
        dict.fromkeys(
            replace(
                claim,
                subject=mapping.get(claim.subject, claim.subject),
                object=claim.object
                if is_attribute(claim.relation)
                else mapping.get(claim.object, claim.object),
            )
            for claim in dataset.claims
        )
    )
    return replace(dataset, entities=entities, claims=claims, decisions=decisions)


def check_decisions(dataset: Dataset, decisions: Sequence[Decision] | None = None) -> ImportReport:
    """What a person should know about decisions before they are applied (file: decisions.csv)."""
    decisions = dataset.decisions if decisions is None else decisions
    report = ImportReport()
    known = {entity.id: entity for entity in dataset.entities}
    file = DECISIONS_FILE
    seen: dict[frozenset[str], Decision] = {}
    for decision in decisions:
        pair = frozenset((decision.left, decision.right))
        text = f"'{decision.left}' {decision.decision} '{decision.right}'"
        earlier = seen.get(pair)
        if earlier is not None and earlier.decision != decision.decision:
            report.add(
                "info", file, None, None, f"{text} replaces the earlier '{earlier.decision}' about this pair."
            )
        seen[pair] = decision
        missing = [value for value in (decision.left, decision.right) if value not in known]
        if len(missing) == 2:
            report.add(
                "warning",
                file,
                None,
                "left",
                f"{text}: neither entity is in this dataset.",
                "remove the row if both entities are gone.",
            )
        elif missing and decision.decision == "same":
            report.add("info", file, None, None, f"{text}: '{missing[0]}' is merged already (or gone).")
    try:
        mapping = merge_map(dataset, decisions)
    except InputError as error:
        report.add("error", file, None, "decision", str(error).partition(": ")[2])
        return report
    for decision in effective_decisions(decisions):
        left, right = mapping.get(decision.left, decision.left), mapping.get(decision.right, decision.right)
        if (
            decision.decision == "not_same"
            and left == right
            and decision.left in known
            and decision.right in known
        ):
            report.add(
                "warning",
                file,
                None,
                "decision",
                f"'{decision.left}' and '{decision.right}' are decided not to be the same, but other "
                f"'same' decisions merge both into '{left}'.",
                "remove one of the 'same' rows that join them, or this row.",
            )
    return report


def read_decisions(path: str | Path) -> tuple[Decision, ...]:
    """Read a decisions table (left, right, decision, by, date, note).

    Raises InputError naming the file, line and column of every problem.
    """
    from graph.load import read_table

    path = Path(path)
    if not path.is_file():
        raise InputError(
            f"{path} does not exist or is not a file. Give a decisions table with the columns "
            f"{','.join(DECISION_COLUMNS)}."
        )
    report = ImportReport()
    rows, _, _ = read_table(path, DECISION_COLUMNS, report=report)
    decisions: list[Decision] = []
    for row in rows or []:
        cells = row.cells
        usable = True
        for column in ("left", "right"):
            if not cells[column] or re.search(r"\s", cells[column]):
                report.add(
                    "error",
                    path.name,
                    row.line,
                    column,
                    f"'{cells[column]}' is not an entity id."
                    if cells[column]
                    else f"the {column} id is empty.",
                    "give the ids of both entities, e.g. state:TUR.",
                )
                usable = False
        if usable and cells["left"] == cells["right"]:
            report.add(
                "error",
                path.name,
                row.line,
                "right",
                "the decision names one entity twice.",
                "name two entities.",
            )
            usable = False
        if cells["decision"] not in DECISION_KINDS:
            report.add(
                "error",
                path.name,
                row.line,
                "decision",
                f"unknown decision {cells['decision']!r}.",
                f"use one of: {', '.join(DECISION_KINDS)}.",
            )
            usable = False
        if cells["date"] and _date(cells["date"]) is None:
            report.add(
                "error",
                path.name,
                row.line,
                "date",
                f"{cells['date']!r} is not an ISO date.",
                "write dates as YYYY-MM-DD (or YYYY-MM, YYYY).",
            )
            usable = False
        if usable:
            decisions.append(
                Decision(
                    cells["left"],
                    cells["right"],
                    cells["decision"],
                    cells["by"],
                    cells["date"] or None,
                    cells["note"],
                )
            )
    if not report.ok:
        problems = "\n".join(issue.format() for issue in report.errors)
        raise InputError(f"The decisions in {path} were refused:\n{problems}")
    return tuple(decisions)


def write_decisions(decisions: Iterable[Decision], path: str | Path) -> Path:
    """Write the decisions table as UTF-8 CSV (cells a spreadsheet would run get an apostrophe)."""
    from graph.export.flatten import neutralise_formula

    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(DECISION_COLUMNS), lineterminator="\n")
        writer.writeheader()
        for decision in decisions:
            writer.writerow(
                {name: neutralise_formula(value) for name, value in decision_row(decision).items()}
            )
    return path


# ---- side by side -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparedClaim:
    """One claim about one of the two entities, as a line of its column."""

    relation: str
    direction: str  # "out": the entity is the subject; "in": it is the object; "value": an attribute
    other: str  # the other entity's id, or the attribute's value
    other_label: str
    start: str | None
    end: str | None
    role: str
    source: str
    source_title: str
    publisher: str
    published: str | None
    url: str
    locator: str
    note: str
    shared: bool  # the other column has a claim with the same relation, direction and other end


@dataclass(frozen=True)
class Side:
    """One column: an entity with its names and every claim about it, each with its source."""

    id: str
    type: str
    label: str
    aliases: tuple[str, ...]
    description: str
    attributes: tuple[tuple[str, str], ...]
    claims: tuple[ComparedClaim, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(claim.source for claim in self.claims))


@dataclass(frozen=True)
class Comparison:
    """Two entities side by side; ``kept`` is the id a ``same`` decision keeps."""

    left: Side
    right: Side
    kept: str

    def rows(self) -> list[tuple[str, str, str]]:
        """(what, left, right) rows for a two-column table: names first, then the claims."""

        def claim_text(claim: ComparedClaim | None) -> str:
            if claim is None:
                return ""
            where = {
                "out": f"{claim.relation} {claim.other_label}",
                "in": f"{claim.other_label} {claim.relation} it",
            }
            text = where.get(claim.direction, f"{claim.relation} = {claim.other}")
            if claim.role:
                text += f" as {claim.role}"
            if claim.start or claim.end:
                text += f" ({claim.start or '…'} – {claim.end or '…'})"
            return f"{text} [{claim.source_title or claim.source}]"

        rows = [
            ("id", self.left.id, self.right.id),
            ("type", self.left.type, self.right.type),
            ("label", self.left.label, self.right.label),
            ("aliases", " | ".join(self.left.aliases), " | ".join(self.right.aliases)),
            ("description", self.left.description, self.right.description),
        ]
        longest = max(len(self.left.claims), len(self.right.claims))
        for index in range(longest):
            first = self.left.claims[index] if index < len(self.left.claims) else None
            second = self.right.claims[index] if index < len(self.right.claims) else None
            rows.append(("claim", claim_text(first), claim_text(second)))
        return rows

    def as_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return {"left": asdict(self.left), "right": asdict(self.right), "kept": self.kept}


def _subset(G: nx.MultiDiGraph, ids: list[str]) -> Dataset:
    """The tables of ``G`` that concern ``ids``: their rows, claims about them and claims naming them."""
    from graph.build import graph_to_dataset

    subjects = set(ids) | {before for node in ids for before in G.predecessors(node)}
    subset = graph_to_dataset(G, subjects=subjects)
    claims = tuple(claim for claim in subset.claims if claim.subject in ids or claim.object in ids)
    return replace(subset, claims=claims)


def compare(data: nx.MultiDiGraph | Dataset, left: str, right: str) -> Comparison:
    """Both entities with every claim about them and its source, shaped as two columns.

    Claims whose relation, direction and other end appear in both columns are marked
    ``shared`` and listed first, in the same order in both columns.
    """
    if isinstance(data, Dataset):
        order = [entity.id for entity in data.entities]
        dataset = data
    else:
        order = list(data.nodes)
        for node in (left, right):
            if node not in data:
                raise UnknownEntityError(f"No entity has the id '{node}'.")
        dataset = _subset(data, [left, right])
    entities = {entity.id: entity for entity in dataset.entities}
    for node in (left, right):
        if node not in entities:
            raise UnknownEntityError(f"No entity has the id '{node}'.")
    sources = {source.id: source for source in dataset.sources}
    labels = {entity.id: entity.label for entity in dataset.entities}

    def lines(node: str) -> list[ComparedClaim]:
        found = []
        for claim in dataset.claims:
            if claim.subject == node:
                direction = "value" if is_attribute(claim.relation) else "out"
                other = claim.object
            elif claim.object == node and not is_attribute(claim.relation):
                direction, other = "in", claim.subject
            else:
                continue
            source = sources.get(claim.source)
            found.append(
                ComparedClaim(
                    claim.relation,
                    direction,
                    other,
                    labels.get(other, other) if direction != "value" else other,
                    claim.start,
                    claim.end,
                    claim.role,
                    claim.source,
                    source.title if source else "",
                    source.publisher if source else "",
                    source.published if source else None,
                    source.url if source else "",
                    claim.locator,
                    claim.note,
                    False,
                )
            )
        return found

    first, second = lines(left), lines(right)
    common = {(c.relation, c.direction, c.other) for c in first} & {
        (c.relation, c.direction, c.other) for c in second
    }

    def ordered(claims: list[ComparedClaim]) -> tuple[ComparedClaim, ...]:
        marked = [replace(c, shared=(c.relation, c.direction, c.other) in common) for c in claims]
        return tuple(
            sorted(marked, key=lambda c: (not c.shared, c.relation, c.other, c.start or "", c.source))
        )

    def side(node: str, claims: list[ComparedClaim]) -> Side:
        entity = entities[node]
        return Side(
            entity.id,
            entity.type,
            entity.label,
            entity.aliases,
            entity.description,
            entity.attributes,
            ordered(claims),
        )

    kept = left if order.index(left) <= order.index(right) else right
    return Comparison(side(left, first), side(right, second), kept)


# ---- writing the merged tables ----------------------------------------------------------------

_TABLE_NAMES = frozenset({"entities.csv", "claims.csv", "sources.csv", DECISIONS_FILE})


def check_output_folder(folder: str | Path, input_folder: str | Path | None = None) -> Path:
    """The resolved ``folder`` when the merged tables may go there; InputError when not.

    It may be new, empty, or an earlier output that holds only our tables; never
    ``input_folder`` or a folder inside it.
    """
    target = Path(folder).resolve()
    if input_folder is not None:
        source = Path(input_folder).resolve()
        if target == source or source in target.parents:
            raise InputError(
                f"{folder} is the input dataset's folder (or inside it); write the merged tables to a "
                "new folder, check them, then replace the input yourself."
            )
    if target.exists():
        if not target.is_dir():
            raise InputError(
                f"{folder} exists and is not a folder; choose a new folder for the merged tables."
            )
        strangers = sorted(path.name for path in target.iterdir() if path.name not in _TABLE_NAMES)
        if strangers:
            raise InputError(
                f"{folder} holds files that are not our tables ({', '.join(strangers[:3])}); "
                "choose a new or empty folder for the merged tables."
            )
    return target


def write_merged(dataset: Dataset, folder: str | Path, input_folder: str | Path | None = None) -> Path:
    """Write the tables (and ``decisions.csv`` when there are decisions) into ``folder`` atomically.

    The tables are written into a temporary folder next to ``folder``, whose files then take
    their places (graph.output.write_folder), so a reader never sees half a dataset. See
    :func:`check_output_folder` for where they may go.
    """
    from graph.load import write_dataset
    from graph.output import write_folder

    target = check_output_folder(folder, input_folder)

    def write(staging: Path) -> None:
        write_dataset(dataset, staging)
        if dataset.decisions:
            write_decisions(dataset.decisions, staging / DECISIONS_FILE)

    return write_folder(target, write, replaces=_TABLE_NAMES)


def decide(G: nx.MultiDiGraph, decision: Decision) -> tuple[nx.MultiDiGraph | None, ImportReport]:
    """``G`` with one more decision recorded (and applied, for ``same``), checked as any dataset is.

    The app and the command line both call this; undoing a decision is going back to the graph
    before it, or removing its row from decisions.csv.
    """
    from graph.build import graph_to_dataset
    from graph.readers import check_dataset

    dataset = graph_to_dataset(G)
    return check_dataset(replace(dataset, decisions=(*dataset.decisions, decision)))
