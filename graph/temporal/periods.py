"""Dates as spans of days: a claim dated ``2014-04`` happened on some day of April 2014.

The as-of filter places a date on its first day (:mod:`graph.dates`); a change list must
also know the last day a date may mean, to tell a change inside an interval from one
that may lie just outside it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Literal

from graph.dates import as_date, parse_date
from graph.errors import InputError

Precision = Literal["year", "month", "day"]
Period = Literal["month", "year"]


def precision(text: str) -> Precision:
    """How precise an ISO date is.

    >>> precision("2014"), precision("2014-04"), precision("2014-04-01")
    ('year', 'month', 'day')
    """
    parse_date(text)  # raises DateFormatError for a text that is not an ISO date
    return ("year", "month", "day")[text.strip().count("-")]  # type: ignore[return-value]


def span(text: str) -> tuple[dt.date, dt.date]:
    """The first and the last day an ISO date may mean.

    >>> span("2014-04")
    (datetime.date(2014, 4, 1), datetime.date(2014, 4, 30))
    >>> span("2024")[1], span("2023-04-04")[1]
    (datetime.date(2024, 12, 31), datetime.date(2023, 4, 4))
    """
    first = parse_date(text)
    kind = precision(text)
    if kind == "year":
        return first, dt.date(first.year, 12, 31)
    if kind == "month":
        return first, dt.date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    return first, first


def last_day(text: str) -> dt.date:
    """The last day an ISO date may mean: ``2015`` is certainly past on 2015-12-31."""
    return span(text)[1]


def day(value: str | dt.date, name: str = "date") -> dt.date:
    """A day from an ISO date, ``"today"`` or a date; InputError naming ``name`` otherwise.

    A date with reduced precision means its first day (``2014-04`` → 2014-04-01).
    """
    try:
        result = as_date(value)
    except ValueError as error:
        raise InputError(f"{name}: {error}") from None
    if result is None:
        raise InputError(f"{name}: a date is needed (YYYY-MM-DD, YYYY-MM, YYYY or 'today').")
    return result


def shift(when: dt.date, by: Period, count: int = 1) -> dt.date:
    """``when`` moved by ``count`` months or years (back when negative), on the same day of the
    month: a day the month reached lacks becomes its last day (29 February → 28 February).

    >>> shift(dt.date(2021, 7, 14), "year"), shift(dt.date(2021, 7, 14), "month", -7)
    (datetime.date(2022, 7, 14), datetime.date(2020, 12, 14))
    >>> shift(dt.date(2024, 2, 29), "year"), shift(dt.date(2023, 1, 31), "month")
    (datetime.date(2025, 2, 28), datetime.date(2023, 2, 28))
    """
    if by not in ("month", "year"):
        raise InputError(f"Dates move by 'month' or 'year', not {by!r}.")
    months = when.year * 12 + when.month - 1 + (count * 12 if by == "year" else count)
    year, month = divmod(months, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise InputError(f"{when} moved by {count} {by}(s) leaves the calendar (years 1 to 9999).")
    return dt.date(year, month + 1, min(when.day, calendar.monthrange(year, month + 1)[1]))
