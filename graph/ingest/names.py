"""Names: folding accents for ids and comparisons."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter and a mark.
_UNDECOMPOSED = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "đ": "d", "Đ": "D",
     "ł": "l", "Ł": "L", "ı": "i", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ʼ": "'", "’": "'"}
)


def fold(text: str) -> str:
    """Lower case without accents: ``fold("Niinistö")`` → ``'niinisto'``.

    >>> fold("Iván Duque Márquez"), fold("Støre"), fold("Türkiye")
    ('ivan duque marquez', 'store', 'turkiye')
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def slug(text: str) -> str:
    """An id part: folded, with runs of other characters as one hyphen.

    >>> slug("Sauli Niinistö"), slug("Boris Tadić"), slug("  ")
    ('sauli-niinisto', 'boris-tadic', 'x')
    """
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"
