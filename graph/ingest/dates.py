"""Dates in a sentence: absolute, partial and relative to the article's date.

Every date found keeps its characters and the precision the text gives (a day, a month or a
year). A date without a year takes the article's year, a weekday ("on Monday") or "yesterday"
is counted from the article's date, and the note says so.

>>> [(d.value, d.note) for d in find_dates("Talks began on Monday (12 May 2014).", "2014-05-14")]
[('2014-05-12', '')]
>>> [d.value for d in find_dates("It joined in April 1995 and left in October 1996.", None)]
['1995-04', '1996-10']
>>> find_dates("The meeting was yesterday.", "2021-03-01")[0].value
'2021-02-28'
>>> [d.value for d in find_dates("It was agreed at a January summit.", "1994-06-28")]
['1994-01']
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

MONTH_NAMES = [
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
]
MONTHS = {name: index for index, name in enumerate(MONTH_NAMES, start=1)}
MONTHS.update({name[:3]: index for name, index in list(MONTHS.items())} | {"sept": 9})
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
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
    "eleven": 11,
    "twelve": 12,
}

_MONTH = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|\b))"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_RANGE = r"(?:\s*(?:[–-]|and|to)\s*" + _DAY + r")?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DATE_PATTERN = re.compile(
    rf"\b(?:(?P<weekday>{_WEEKDAY}),?\s+(?:\(\s*)?)?"
    rf"(?:(?P<d1>{_DAY}){_RANGE}\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>{_YEAR}))?"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})(?!\d){_RANGE}(?:,?\s+(?P<y2>{_YEAR}))?"
    rf"|(?P<m3>{_MONTH}),?\s+(?:of\s+)?(?P<y3>{_YEAR})"
    rf"|(?:in|since|from|until|by|of|early|late|mid|summer|spring|autumn|winter)\s+(?:the\s+)?(?P<m4>{_MONTH})(?!,?\s+(?:of\s+)?\d)"
    rf"|(?:(?<=\ba\s)|(?<=\bthe\s))(?P<m6>{_MONTH})(?=\s+(?:summit|meeting|session|conference|ceremony)\b)"
    rf"|(?P<y5>{_YEAR})(?![\w-]))",
    re.IGNORECASE,
)
RELATIVE_PATTERN = re.compile(
    rf"\b(?P<word>yesterday|today|tomorrow)\b|(?:\b(?:on|late|early|last|this|next)\s+)?\b(?P<weekday>{_WEEKDAY})\b"
    rf"|\bin\s+(?P<count>two|three|four|five|\d)\s+days\b",
    re.IGNORECASE,
)
FUTURE = re.compile(r"\b(will|shall|due|next|upcoming|ahead of|is to|are to|to be held)\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    """A date at characters ``start``–``end`` of a sentence, as an ISO value of its precision."""

    start: int
    end: int
    value: str
    note: str = ""


def _article_date(published: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(published[:10]) if published and len(published) >= 10 else None
    except ValueError:
        return None


def _month(name: str) -> int:
    return MONTHS.get(name.lower().rstrip("."), 0)


def _absolute(match: re.Match[str], published: str | None) -> tuple[str | None, str]:
    """The value and note of a match of DATE_PATTERN."""
    groups = match.groupdict()
    article_year = published[:4] if published else None
    for day_key, month_key, year_key in (("d1", "m1", "y1"), ("d2", "m2", "y2")):
        if groups[month_key] and groups[day_key]:
            month, day = _month(groups[month_key]), int(re.sub(r"\D", "", groups[day_key]))
            if not month or not 1 <= day <= 31:
                return None, ""
            if groups[year_key]:
                return f"{int(groups[year_key]):04d}-{month:02d}-{day:02d}", ""
            if article_year:
                return (
                    f"{article_year}-{month:02d}-{day:02d}",
                    f"The year was not given; it was taken from the article's date ({published}).",
                )
            return None, ""
    if groups["m3"]:
        return f"{int(groups['y3']):04d}-{_month(groups['m3']):02d}", ""
    if groups["m4"] or groups["m6"]:  # "in January", "a January summit": the article's year
        if (groups["m4"] or "") == "may":
            return None, ""  # the verb
        if article_year:
            return (
                f"{article_year}-{_month(groups['m4'] or groups['m6']):02d}",
                f"The year was not given; it was taken from the article's date ({published}).",
            )
        return None, ""
    if groups["y5"]:
        return groups["y5"], ""
    return None, ""


def _relative(match: re.Match[str], sentence: str, published: str | None) -> tuple[str | None, str]:
    today = _article_date(published)
    if today is None:
        return None, ""
    word = (match.group("word") or "").lower()
    if word:
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[word]
        day = today + datetime.timedelta(days=shift)
        return day.isoformat(), f"'{match.group(0)}' counted from the article's date ({published})."
    if match.group("count"):
        count = NUMBER_WORDS.get(match.group("count").lower()) or int(match.group("count"))
        day = today + datetime.timedelta(days=count)
        return day.isoformat(), f"'{match.group(0)}' counted from the article's date ({published})."
    weekday = WEEKDAYS.index(match.group("weekday").lower())
    ahead = FUTURE.search(sentence) is not None or match.group(0).lower().startswith("next")
    if ahead:
        day = today + datetime.timedelta(days=(weekday - today.weekday()) % 7 or 7)
    else:
        day = today - datetime.timedelta(days=(today.weekday() - weekday) % 7)
    return (
        day.isoformat(),
        f"'{match.group(0).strip()}' taken as the nearest such day to the article's date ({published}).",
    )


def find_dates(sentence: str, published: str | None) -> list[DateMention]:
    """Every date in ``sentence``, in order; relative ones need the article's date."""
    found: list[DateMention] = []
    for match in DATE_PATTERN.finditer(sentence):
        value, note = _absolute(match, published)
        if value:
            found.append(DateMention(match.start(), match.end(), value, note))
    for match in RELATIVE_PATTERN.finditer(sentence):
        if any(d.start <= match.start() < d.end or match.start() <= d.start < match.end() for d in found):
            continue  # "Friday (26 June 2015)": the date given wins over the weekday
        value, note = _relative(match, sentence, published)
        if value:
            found.append(DateMention(match.start(), match.end(), value, note))
    return sorted(found, key=lambda d: d.start)


def years_later(sentence: str) -> re.Match[str] | None:
    """'four years later' and the like."""
    return re.search(r"\b(\w+) years? later\b", sentence)


def later_count(word: str) -> int:
    return NUMBER_WORDS.get(word.lower()) or (int(word) if word.isdigit() else 0)
