"""Flatten attribute values so every format can hold them and read them back.

Lists become ``;``-joined strings (list items containing ``;`` are JSON-encoded),
dicts and nested values become JSON, dates become ISO strings, None is dropped.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

SKIP_NODE = frozenset({"facts", "conflicts"})
SKIP_EDGE = frozenset({"evidence"})


def flat_value(value: Any) -> str | int | float | bool | None:
    if value is None:
        return None
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        items = [str(item) for item in value]
        if any(";" in item for item in items):
            return json.dumps(list(items), ensure_ascii=False)
        return ";".join(items)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def flat_attributes(data: dict[str, Any], skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Attributes with flat values and without the ones in ``skip`` or None."""
    flat = {}
    for key, value in data.items():
        if key in skip:
            continue
        converted = flat_value(value)
        if converted is not None:
            flat[str(key)] = converted
    return flat
