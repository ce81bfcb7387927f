"""Front-end assets that ship inside installed packages (nothing is fetched at run time)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

VIS_FILE = "vis-network.min.js"


def vis_network_path() -> Path:
    """vis-network 9.1.2 as bundled inside the installed pyvis package."""
    import pyvis

    return Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2" / VIS_FILE


@cache
def vis_network_source() -> str:
    return vis_network_path().read_text(encoding="utf-8")


# Pictures drawn on the server (PNG, SVG, charts) use one bundled font, DejaVu Sans (Bitstream
# Vera licence, graph/fonts/LICENSE): it covers the dashes, arrows and accented letters of our
# labels and legends, where Pillow's default font draws an empty box, and needs no system font.
FONT_FILE = Path(__file__).resolve().parent / "fonts" / "DejaVuSans.ttf"
FONT_FAMILY = "DejaVu Sans"


@cache
def image_font(size: int) -> Any:
    """The bundled DejaVu Sans at ``size`` pixels, as a Pillow font."""
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT_FILE), max(1, size))


def text_width(text: str, size: int) -> float:
    """How wide ``text`` is in the bundled font at ``size`` pixels.

    >>> text_width("Russia", 12) < text_width("Russia and Belarus", 12)
    True
    """
    return float(image_font(size).getlength(text))


def wrap_text(text: str, size: int, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` pixels, at spaces where it can be.

    >>> wrap_text("one two three", 12, 60)
    ['one two', 'three']
    >>> all(text_width(line, 12) <= 40 for line in wrap_text("Antidisestablishmentarianism", 12, 40))
    True
    """
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(candidate, size) <= width:
            lines[-1] = candidate
            continue
        while text_width(word, size) > width and len(word) > 1:
            fitting = [end for end in range(1, len(word)) if text_width(word[:end], size) <= width]
            cut = max(fitting, default=1)
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    return lines or [""]
