"""The readers' registry: one :class:`Reader` per format, each in its own module.

A reader has a name, the suffixes its files usually have, a sniffer that recognises its
content from the first bytes (JSON formats: from the parsed data), and ``read(name, bytes)
-> (Dataset | None, ImportReport)``, which never raises for bad input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph.model import Dataset
from graph.report import ImportReport

ReadFunction = Callable[[str, bytes], tuple[Dataset | None, ImportReport]]


@dataclass(frozen=True)
class Reader:
    """One input format."""

    name: str
    description: str
    suffixes: tuple[str, ...]
    sniff: Callable[[bytes], bool]  # True when the first bytes (up to 64 KB) are this format
    read: ReadFunction
    # JSON formats: recognise and read the parsed data (the file is parsed once for all of them).
    accepts: Callable[[Any], bool] | None = None
    read_parsed: Callable[[str, Any, ImportReport], Dataset | None] | None = None


READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    READERS[reader.name] = reader
    return reader
