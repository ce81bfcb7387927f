"""The score of a pair: how likely two entities of one type are one, with the reasons that fired.

:func:`_score` is a noisy-or of what speaks for the pair (names, an ISO code, the same
office at the same time, the same date, claims in common) times what speaks against it
(different ISO codes, dates, nationalities or given names; a claim that links the two).
Names weigh by how rare their words are; people are judged on their fullest names.

>>> _one_letter_apart("zelensky", "zelenskyy"), _one_letter_apart("smith", "smyth")
(True, True)
>>> _compatible_given(("rob", "smith"), ("robert", "smith"))
True
"""

from __future__ import annotations

import math

from graph.dates import dates_compatible
from graph.dedupe.profiles import _Context, _Name, _overlap, _Profile, _title_holder


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
