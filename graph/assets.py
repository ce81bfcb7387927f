"""Front-end assets that ship inside installed packages (nothing is fetched at run time)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

VIS_FILE = "vis-network.min.js"


def vis_network_path() -> Path:
    """vis-network 9.1.2 as bundled inside the installed pyvis package."""
    import pyvis

    return Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2" / VIS_FILE


@cache
def vis_network_source() -> str:
    return vis_network_path().read_text(encoding="utf-8")
