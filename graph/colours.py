"""Colours as files and people write them, read into one form (``#rrggbb`` or ``#rrggbbaa``).

A low module: readers, styles and exports all read colours through it.
"""

from __future__ import annotations

import math
import re
from typing import Any

_HEX = re.compile(r"#?([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_RGB = re.compile(r"rgba?\(\s*([\d.]+%?)\s*,\s*([\d.]+%?)\s*,\s*([\d.]+%?)\s*(?:,\s*([\d.]+%?)\s*)?\)", re.I)
NAMED_COLORS = {
    "black": "#000000",
    "white": "#ffffff",
    "red": "#ff0000",
    "green": "#008000",
    "blue": "#0000ff",
    "yellow": "#ffff00",
    "orange": "#ffa500",
    "purple": "#800080",
    "grey": "#808080",
    "gray": "#808080",
    "pink": "#ffc0cb",
    "brown": "#a52a2a",
    "cyan": "#00ffff",
    "magenta": "#ff00ff",
    "lime": "#00ff00",
    "navy": "#000080",
    "teal": "#008080",
    "maroon": "#800000",
    "olive": "#808000",
    "silver": "#c0c0c0",
}


def _channel(text: str, scale: float = 255.0) -> int:
    value = float(text[:-1]) * 2.55 if text.endswith("%") else float(text)
    return max(0, min(255, round(value if scale == 255.0 else value * 255)))


def parse_color(value: Any) -> str | None:
    """A colour as ``#rrggbb`` (or ``#rrggbbaa`` when not opaque); None when it is not one.

    Reads hex (``#abc``, ``#aabbcc``, ``#aabbccdd``), ``rgb()``/``rgba()``, a few CSS names
    and GEXF components ``{"r", "g", "b", "a"}`` (a from 0 to 1).

    >>> parse_color("rgb(216,72,45)"), parse_color("#e36d0"), parse_color({"r": 255, "g": 0, "b": 0, "a": .5})
    ('#d8482d', None, '#ff000080')
    """
    if isinstance(value, dict):
        try:
            red, green, blue = (max(0, min(255, round(float(value[key])))) for key in ("r", "g", "b"))
            alpha = float(value.get("a", 1.0))
        except (KeyError, TypeError, ValueError):
            return None
        if not all(math.isfinite(number) for number in (red, green, blue, alpha)):
            return None
        return _hex(red, green, blue, alpha)
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if text in NAMED_COLORS:
        return NAMED_COLORS[text]
    match = _HEX.fullmatch(text)
    if match:
        digits = match.group(1)
        if len(digits) in (3, 4):
            digits = "".join(character * 2 for character in digits)
        red, green, blue = (int(digits[index : index + 2], 16) for index in (0, 2, 4))
        alpha = int(digits[6:8], 16) / 255 if len(digits) == 8 else 1.0
        return _hex(red, green, blue, alpha)
    match = _RGB.fullmatch(text)
    if match:
        try:
            red, green, blue = (_channel(part) for part in match.groups()[:3])
            alpha_text = match.group(4)
            alpha = 1.0 if alpha_text is None else _channel(alpha_text, 1.0) / 255
        except ValueError:
            return None
        return _hex(red, green, blue, alpha)
    return None


def _hex(red: int, green: int, blue: int, alpha: float) -> str:
    alpha = max(0.0, min(1.0, alpha))
    text = f"#{red:02x}{green:02x}{blue:02x}"
    return text if alpha >= 1.0 else text + f"{round(alpha * 255):02x}"


def color_components(color: str) -> tuple[int, int, int, float]:
    """(red, green, blue, alpha from 0 to 1) of a ``#rrggbb[aa]`` colour."""
    parsed = parse_color(color) or "#000000"
    alpha = int(parsed[7:9], 16) / 255 if len(parsed) == 9 else 1.0
    return int(parsed[1:3], 16), int(parsed[3:5], 16), int(parsed[5:7], 16), round(alpha, 3)
