"""ISO dates with reduced precision (``2021``, ``2021-07``, ``2021-07-14``) and validity periods.

A claim holds on day D when ``start <= D`` and (no end or ``D < end``). A date with
reduced precision starts on the first day of its year or month: ``start=1995-11``
holds from 1 November 1995, ``end=2008`` stops holding on 1 January 2008.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateFormatError(ValueError):
    """A text that is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)."""


def parse_date(text: str) -> dt.date:
    """Return the first day that ``text`` denotes.

    >>> parse_date("1995-11")
    datetime.date(1995, 11, 1)
    """
    match = _ISO.match(text.strip())
    if not match:
        raise DateFormatError(f"{text!r} is not an ISO date; write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise DateFormatError(f"{text!r} is not a real date ({error})") from None


def is_valid_date(text: str) -> bool:
    """True when ``text`` parses with :func:`parse_date`."""
    try:
        parse_date(text)
    except DateFormatError:
        return False
    return True


def as_date(value: str | dt.date | None) -> dt.date | None:
    """Accept a date, an ISO string, ``"today"`` or None."""
    if value is None or isinstance(value, dt.date):
        return value
    if value.strip().lower() == "today":
        return dt.date.today()
    return parse_date(value)


def holds_on(start: str | None, end: str | None, day: str | dt.date) -> bool:
    """True when a claim valid from ``start`` until ``end`` (exclusive) holds on ``day``."""
    when = as_date(day)
    assert when is not None
    if start and parse_date(start) > when:
        return False
    return not (end and when >= parse_date(end))


def periods_overlap(first: tuple[str | None, str | None], second: tuple[str | None, str | None]) -> bool:
    """True when two half-open periods share at least one day (open ends are unbounded)."""
    low = dt.date.min
    high = dt.date.max
    first_start = parse_date(first[0]) if first[0] else low
    first_end = parse_date(first[1]) if first[1] else high
    second_start = parse_date(second[0]) if second[0] else low
    second_end = parse_date(second[1]) if second[1] else high
    return first_start < second_end and second_start < first_end


def dates_compatible(first: str | None, second: str | None) -> bool:
    """True when two dates can denote the same day: equal, one missing, or one a coarser
    form of the other (``2019`` and ``2019-07-11``)."""
    if first is None or second is None or first == second:
        return True
    return first.startswith(second + "-") or second.startswith(first + "-")


def more_precise(first: str | None, second: str | None) -> str | None:
    """The more precise of two compatible dates (a missing date is the least precise)."""
    if first is None:
        return second
    if second is None:
        return first
    return first if len(first) >= len(second) else second


def period_text(start: str | None, end: str | None, brackets: bool = False) -> str:
    """``'2019-07-11 – 2022-07-14'``, ``'from 2023-04-04'``, ``'until 1997-05-30'`` or ``''``.

    With ``brackets`` a non-empty period comes as ``' (…)'``, ready to follow a sentence.
    """
    if start and end:
        text = f"{start} – {end}"
    elif start:
        text = f"from {start}"
    elif end:
        text = f"until {end}"
    else:
        return ""
    return f" ({text})" if brackets else text
