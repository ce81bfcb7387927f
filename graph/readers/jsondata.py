"""JSON for the JSON readers: strict (no NaN), depth-capped, parsed once for all of them."""

from __future__ import annotations

import json
from typing import Any

from graph.report import ImportReport

MAX_JSON_DEPTH = 64


class _Refused(ValueError):
    pass


def _reject_constant(value: str) -> Any:
    raise _Refused(f"{value} is not valid JSON")


def depth(value: Any, limit: int) -> int:
    stack = [(value, 1)]
    deepest = 0
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)
    return deepest


def _too_deep(name: str, report: ImportReport) -> None:
    report.add(
        "error",
        name,
        None,
        None,
        f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep.",
        "flatten the attributes.",
    )


def parse_json(name: str, content: bytes, report: ImportReport) -> tuple[bool, Any]:
    """(True, data) or (False, None) with the reason in ``report``."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.add("error", name, None, None, "the file is not UTF-8 text.", "save it as UTF-8 JSON.")
        return False, None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        _too_deep(name, report)
        return False, None
    except ValueError as error:
        report.add(
            "error",
            name,
            getattr(error, "lineno", None),
            None,
            f"the file is not valid JSON ({error}).",
            "check the file; NaN and Infinity are not JSON.",
        )
        return False, None
    if depth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        _too_deep(name, report)
        return False, None
    return True, data


def sniff_json(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")
