"""The queue: pairs of entities that may be one, scored, best first, without the pairs decided.

Pairs come from blocks (the same folded name, a rare name word, initials, the same office
over overlapping periods, the same event date, the same ISO code, family names a letter
apart), never from all pairs; :func:`all_pairs_candidates` scores every pair, as the
baseline that tests and benchmarks compare the blocks with.

>>> from graph.model import Dataset, Entity
>>> dataset = Dataset((Entity("body:mc", "body", "Military Committee"),
...                    Entity("body:nmc", "body", "NATO Military Committee")), (), ())
>>> [(c.left, c.right, round(c.score, 2), c.reasons) for c in candidates(dataset)]
[('body:mc', 'body:nmc', 0.42, ("similar names: 'Military Committee' / 'NATO Military Committee'",))]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from graph.build import effective_decisions, merge_groups, merge_map
from graph.dedupe.profiles import _Context, _Profile, _profiles, _Tenure
from graph.dedupe.scoring import _score
from graph.model import Dataset, Decision

MIN_SCORE = 0.3  # pairs below this leave the queue, unless they share a name
# A token that more entities of one type share than this is too common to block on; pairs
# that share only such tokens are still found when one of them is named by that token alone.
MAX_BLOCK = 50


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


def _deletions(word: str) -> set[str]:
    """The word and the word with one letter left out (a deletion neighbourhood)."""
    return {word} | {word[:position] + word[position + 1 :] for position in range(len(word))}


def _decided_pairs(
    dataset: Dataset, decisions: Sequence[Decision]
) -> tuple[dict[str, str], set[frozenset[str]]]:
    """The merge map, and the decided pairs seen through it (ids merged away already included)."""
    mapping = merge_map(dataset, decisions)
    groups = merge_groups(decisions)
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
