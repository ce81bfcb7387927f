"""ISO dates with reduced precision and half-open validity periods."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.dates import DateFormatError, holds_on, parse_date, periods_overlap


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-07-14", dt.date(2021, 7, 14)),
        ("1995-11", dt.date(1995, 11, 1)),
        ("1949", dt.date(1949, 1, 1)),
    ],
)
def test_parse_reduced_precision(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2021-13-01", "2021-02-29", "21-07-14", "14.07.2021", "", "2021-7-4"])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(DateFormatError):
        parse_date(text)


def test_holds_on_is_half_open() -> None:
    assert holds_on("2023-04-04", None, "2023-04-04")
    assert not holds_on("2023-04-04", None, "2023-04-03")
    assert not holds_on(None, "2023-04-04", "2023-04-04")
    assert holds_on(None, None, "1900-01-01")


@given(st.dates(), st.dates(), st.dates())
def test_holds_on_matches_the_definition(start: dt.date, end: dt.date, day: dt.date) -> None:
    expected = start <= day and day < end
    assert holds_on(start.isoformat(), end.isoformat(), day) == expected


@given(st.dates(), st.dates(), st.dates(), st.dates())
def test_overlap_is_symmetric(a: dt.date, b: dt.date, c: dt.date, d: dt.date) -> None:
    first = (min(a, b).isoformat(), max(a, b).isoformat())
    second = (min(c, d).isoformat(), max(c, d).isoformat())
    assert periods_overlap(first, second) == periods_overlap(second, first)
