"""Text that is valid or refused: Unicode cleaning, the id rule, and look-alike ids.

One rule for every format we read:

- text may not hold lone surrogates, non-characters or C0 control characters (tab, line
  feed and carriage return excepted): they are replaced with U+FFFD, so no later export
  or page can fail on them;
- an id is NFC-normalised and may not be empty, start or end with whitespace, or contain
  control, format (Cf: zero-width, bidi overrides), separator or whitespace characters,
  nor U+241F, which joins ids into edge ids;
- ids that look alike (a Cyrillic ``а`` for a Latin ``a``, mixed scripts) are flagged so
  a report can name both.

>>> clean_text("lone \\udfff surrogate")
'lone \\ufffd surrogate'
>>> id_problem("state:RUS"), id_problem("state:\\u200dRUS")
(None, 'contains an invisible formatting character (U+200D ZERO WIDTH JOINER)')
>>> repair_id(" Taylor  Swift ")
'Taylor_Swift'
>>> lookalike_groups(["state:RUS", "state:RU\\u0405"])
[['state:RUS', 'state:RUЅ']]
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

EDGE_ID_SEPARATOR = "\u241f"  # graph/draw/items.py joins subject, object and key with it
REPLACEMENT = "\ufffd"
# Lone surrogates, non-characters (U+FDD0–U+FDEF and the last two code points of every
# plane) and C0 controls other than tab, LF and CR: no XML parser reads them back.
_INVALID = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef\x00-\x08\x0b\x0c\x0e-\x1f"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)
# Characters an id may not contain: controls, format characters, separators, whitespace.
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp", "Cs", "Co", "Cn"}
_SIMPLE_ID = re.compile(r"[!-~]+")  # printable ASCII without space: needs no further look


def has_invalid(text: str) -> bool:
    return _INVALID.search(text) is not None


def clean_text(text: str) -> str:
    """``text`` with lone surrogates, non-characters and stray controls replaced by U+FFFD."""
    return _INVALID.sub(REPLACEMENT, text)


def _character_name(character: str) -> str:
    return f"U+{ord(character):04X} {unicodedata.name(character, 'unnamed')}"


def id_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id (as a phrase), or None when it can. Expects NFC text."""
    if not value:
        return "is empty"
    if _SIMPLE_ID.fullmatch(value):
        return None
    if EDGE_ID_SEPARATOR in value:
        return "contains U+241F, the character that joins ids into edge ids"
    for character in value:
        category = unicodedata.category(character)
        if category == "Cf":
            return f"contains an invisible formatting character ({_character_name(character)})"
        if category in _FORBIDDEN_CATEGORIES or character.isspace():
            return "contains spaces or control characters"
    return None


def normal_id(value: str) -> str:
    """The NFC form of an id (what every reader stores)."""
    return value if value.isascii() else unicodedata.normalize("NFC", value)


def repair_id(value: str) -> str:
    """An id made to follow the rule: NFC, ends trimmed, spaces and separators become ``_``,
    invisible characters and controls are dropped. May return an empty string."""
    value = normal_id(clean_text(value).replace(REPLACEMENT, "")).strip()
    pieces = []
    for character in value:
        category = unicodedata.category(character)
        if category in ("Cf", "Cc", "Cs", "Co", "Cn") or character == EDGE_ID_SEPARATOR:
            continue
        pieces.append("_" if category in ("Zs", "Zl", "Zp") or character.isspace() else character)
    return re.sub("_{2,}", "_", "".join(pieces))


# Letters that look like Latin ones (after Unicode's confusables for the common scripts).
_LOOKALIKES = str.maketrans(
    {
        **dict(zip("АВЕКМНОРСТХаеорсухіјѕԁԛԝІЈЅҮһ", "ABEKMHOPCTXaeopcyxijsdqwIJSYh", strict=True)),
        **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοαν", "ABEZHIKMNOPTYXoav", strict=True)),
        "0": "O",
        "1": "l",
        "I": "l",
        "|": "l",
        "‐": "-",
        "‑": "-",
        "–": "-",
        "—": "-",
        "−": "-",
    }
)


def skeleton(value: str) -> str:
    """What an id looks like: compatibility form, look-alike letters folded to Latin."""
    return unicodedata.normalize("NFKC", value).translate(_LOOKALIKES)


def scripts(value: str) -> set[str]:
    """The scripts of the letters in ``value`` (LATIN, CYRILLIC, GREEK …)."""
    return {
        unicodedata.name(character, "UNKNOWN").split(" ")[0]
        for character in value
        if character.isalpha() and not character.isascii()
    } | ({"LATIN"} if re.search("[A-Za-z]", value) else set())


def lookalike_groups(ids: Iterable[str]) -> list[list[str]]:
    """Groups of two or more distinct ids that look the same (skeletons are compared)."""
    by_skeleton: dict[str, list[str]] = defaultdict(list)
    for value in ids:
        by_skeleton[value if value.isascii() and not re.search("[01I|]", value) else skeleton(value)].append(
            value
        )
    return [sorted(group) for group in by_skeleton.values() if len(group) > 1]


def mixed_script(value: str) -> bool:
    """True when one word of ``value`` mixes scripts (a Cyrillic ``а`` inside a Latin word).

    >>> mixed_script("person:Путин"), mixed_script("st\u0430te:RUS")
    (False, True)
    """
    return not value.isascii() and any(len(scripts(word)) > 1 for word in re.findall(r"[^\W\d_]+", value))


_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?")


def neutralise_formula(text: str) -> str:
    """Prefix cells a spreadsheet would run as a formula (OWASP CSV injection); numbers stay numbers."""
    if text and text[0] in ("=", "+", "-", "@", "\t", "\r", "\n") and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
