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
from graph.readers.jsondata import parse_json, sniff_json
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
ParsedReader = Callable[[str, Any, ImportReport], Dataset | None]


def json_reader(
    name: str,
    description: str,
    suffixes: tuple[str, ...],
    accepts: Callable[[Any], bool],
    read_parsed: ParsedReader,
) -> Reader:
    """A reader of one JSON shape: ``read`` parses the bytes and refuses, in one report line,
    JSON that is not of its shape."""

    def read(file: str, content: bytes) -> tuple[Dataset | None, ImportReport]:
        report = ImportReport()
        parsed, data = parse_json(file, content, report)
        if not parsed:
            return None, report
        if not accepts(data):
            report.add(
                "error", file, None, None, f"the JSON is not {description}.", "choose the right reader."
            )
            return None, report
        return read_parsed(file, data, report), report

    return Reader(name, description, suffixes, sniff_json, read, accepts, read_parsed)


def register(reader: Reader) -> Reader:
    READERS[reader.name] = reader
    return reader
