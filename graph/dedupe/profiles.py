"""What scoring knows of each entity: its names, offices and neighbours, computed once per dataset.

A :class:`_Profile` holds one entity's names (folded, without titles), the offices it held
over which periods (:class:`_Tenure`), the claims it takes part in and the dates they
report. :func:`_profiles` builds them all, with what the whole dataset says about them (how
rare each name word is, which offices several people hold at once, who held a title when a
person is named by that title alone): the :class:`_Context` that the queue
(graph.dedupe.queue) blocks on and the scoring (graph.dedupe.scoring) weighs.

>>> _plain("Hans-Werner  Müller")
'hans werner muller'
>>> _name("General Petr Pavel", "person", True).words
('petr', 'pavel')
>>> _bare_title("the nato secretary general")
'secretary general'
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.dates import DateFormatError, parse_date
from graph.ingest.names import DEMONYMS, HONORIFICS, RANK_WORDS, ROLE_WORDS, fold, role_name
from graph.model import Claim, Dataset, Entity
from graph.vocabulary import is_attribute

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
    """The profile of every entity (in the entities table's order) and what scoring needs of them all."""
    profiles = [_profile(index, entity) for index, entity in enumerate(dataset.entities)]
    by_id = {profile.entity.id: profile for profile in profiles}
    published = {source.id: _date(source.published) for source in dataset.sources}
    office_claims = _add_claims(dataset.claims, by_id, published)
    shared = _shared_offices(office_claims, by_id, published)
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
    return _Context(
        profiles,
        _idf(profiles),
        key_counts,
        shared,
        labels,
        initials,
        _families(profiles),
        _title_holders(profiles),
    )


def _profile(index: int, entity: Entity) -> _Profile:
    """One entity's names (the label first), their words, and its bare title or ISO code."""
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
    return profile


def _add_claims(
    claims: Iterable[Claim], by_id: dict[str, _Profile], published: dict[str, dt.date | None]
) -> dict[tuple[str, str, str], list[Claim]]:
    """Note each claim on the profiles it names (keys, links, dates, nationalities); returns the
    ``holds_office`` claims by (person, body, role)."""
    office_claims: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
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
    return office_claims


def _shared_offices(
    office_claims: dict[tuple[str, str, str], list[Claim]],
    by_id: dict[str, _Profile],
    published: dict[str, dt.date | None],
) -> set[tuple[str, str]]:
    """Give each person the tenures of their offices; returns the offices that more than
    MAX_CONCURRENT_HOLDERS people hold at once."""
    holders: dict[tuple[str, str], list[_Tenure]] = defaultdict(list)
    for (person, body, role), claims in office_claims.items():
        tenure = _tenure((body, role), claims, published)
        if tenure is not None:
            by_id[person].tenures.append(tenure)
            holders[tenure.office].append(tenure)
    return {office for office, tenures in holders.items() if _most_at_once(tenures) > MAX_CONCURRENT_HOLDERS}


def _idf(profiles: list[_Profile]) -> dict[str, dict[str, float]]:
    """Type → name word → inverse document frequency (rare words weigh more)."""
    document_counts: dict[str, Counter[str]] = defaultdict(Counter)
    type_sizes: Counter[str] = Counter()
    for profile in profiles:
        document_counts[profile.entity.type].update(profile.tokens)
        type_sizes[profile.entity.type] += 1
    return {
        kind: {token: math.log(1 + type_sizes[kind] / count) for token, count in counts.items()}
        for kind, counts in document_counts.items()
    }


def _families(profiles: list[_Profile]) -> Counter[str]:
    """Family name (and "initial family") → how many distinct full names of people have it."""
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
    return families


def _most_at_once(tenures: list[_Tenure]) -> int:
    """The largest number of tenures that hold on one day (a sweep over begins and ends)."""
    events = sorted([(tenure.begin, 1) for tenure in tenures] + [(tenure.end, -1) for tenure in tenures])
    most = current = 0
    for _, step in events:  # at equal days an end (-1) sorts before a begin: periods are half-open
        current += step
        most = max(most, current)
    return most


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
