"""One value of a foreign graph made ours: text, scalars, column types, dates, names, drawing data."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.colours import parse_color
from graph.dates import is_valid_date
from graph.model import VIZ_PREFIX, format_typed, parse_typed
from graph.readers.foreign.losses import Tally
from graph.readers.foreign.model import ForeignGraph
from graph.report import ImportReport
from graph.text import clean_text, has_invalid
from graph.vocabulary import ATTRIBUTES

VIZ_NODE_TYPES = {
    "x": "double",
    "y": "double",
    "z": "double",
    "size": "double",
    "color": "string",
    "shape": "string",
}
VIZ_NODE = {VIZ_PREFIX + name for name in VIZ_NODE_TYPES}
VIZ_EDGE_TYPES = {"color": "string", "thickness": "double", "shape": "string"}
VIZ_EDGE = {VIZ_PREFIX + name for name in VIZ_EDGE_TYPES}


def valid_text(value: Any, tally: Tally, where: str) -> str:
    """``value`` as text, invalid Unicode replaced (and counted)."""
    text = value if isinstance(value, str) else str(value)
    if has_invalid(text):
        tally.note(
            "unicode",
            where,
            "warning",
            None,
            "text value(s) held invalid Unicode (lone surrogates, non-characters or control characters); "
            "each such character was replaced with U+FFFD",
            "save the file as valid UTF-8 text.",
        )
        return clean_text(text)
    return text


def flat(value: Any, tally: Tally, where: str) -> Any:
    """A scalar for an attribute value: lists and objects become text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    tally.note(
        "nested",
        where,
        "info",
        None,
        "attribute value(s) were lists or objects; they are kept as text (JSON)",
    )
    if isinstance(value, list) and all(
        isinstance(item, str | int | float) and ";" not in str(item) for item in value
    ):
        return ";".join(str(item) for item in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def scalar(value: Any) -> Any:
    """``value`` when it is text or a number (not true/false), else None."""
    return value if isinstance(value, str | int | float) and not isinstance(value, bool) else None


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "double"
    return "string"


def column_types(
    rows: Iterable[dict[str, Any]], declared: dict[str, str], tally: Tally, what: str
) -> dict[str, str]:
    """One type per attribute: the declared one when every value fits it, else what the values are."""
    seen: dict[str, set[str]] = {}
    failing: dict[str, Any] = {}
    for attributes in rows:
        for name, value in attributes.items():
            if value is None:
                continue
            kind = declared.get(name)
            if kind and kind != "string" and isinstance(value, str):
                try:
                    parse_typed(value, kind)
                except ValueError:
                    failing.setdefault(name, value)
                    seen.setdefault(name, set()).add("string")
                    continue
                seen.setdefault(name, set()).add(kind)
            else:
                seen.setdefault(name, set()).add(
                    _kind_of(value) if not kind or not isinstance(value, str) else kind
                )
    types = {}
    for name, kinds in seen.items():
        if kinds == {"integer", "double"}:
            types[name] = "double"
        elif len(kinds) == 1:
            types[name] = next(iter(kinds))
        else:
            types[name] = "string"
    for name, value in failing.items():
        tally.note(
            f"type:{what}:{name}",
            value,
            "warning",
            name,
            f"{what} attribute '{name}' is declared {declared[name]} but holds a value that is not; the "
            "column is kept as text",
            "check the values of that column.",
        )
    return types


def cell(value: Any, kind: str) -> str:
    """An attribute value as the text of a table cell of type ``kind``."""
    if kind != "string" and isinstance(value, str):
        return format_typed(parse_typed(value, kind))
    if kind == "double" and isinstance(value, int) and not isinstance(value, bool):
        return format_typed(float(value))
    return format_typed(value)


def date_or_none(value: Any) -> str | None:
    """An ISO date (a timestamp loses its time), None for no value, or '!' and the text when it is not
    a date."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?", text):
        text = text[:10]
    return text if is_valid_date(text) else "!" + text


def as_list(value: Any) -> list[str]:
    """A list, a JSON list or a text of items separated by '|' or ';', as a list of texts."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value if str(item)]
    text = str(value)
    if text.startswith("["):
        try:
            items = json.loads(text)
            if isinstance(items, list):
                return [str(item) for item in items if str(item)]
        except ValueError:
            pass
    return [part.strip() for part in text.replace(";", "|").split("|") if part.strip()]


def safe_name(name: str, reserved: frozenset[str] | set[str], tally: Tally, what: str) -> str:
    """An attribute name that does not clash with our own data."""
    clean = clean_text(str(name)).strip() or "attribute"
    if clean in reserved or clean in ATTRIBUTES or clean.startswith(VIZ_PREFIX) or clean != name:
        renamed = f"{clean} (file)"
        tally.note(
            f"rename:{what}:{name}",
            f"{name} → {renamed}",
            "info",
            str(name)[:80],
            f"{what} attribute name(s) clash with names the explorer uses for its own data and were renamed",
        )
        return renamed
    return clean


@dataclass(frozen=True)
class AttributeRules:
    """How one kind of a file's attributes (a node's, an edge's) becomes ours."""

    what: str  # "node" or "edge", in the report of renamed attributes
    reserved: frozenset[str]  # names of our own data: a file's attribute of that name is renamed
    kept: frozenset[str]  # names kept as they are (the file's drawing attributes we read ourselves)
    count_bad_text: bool  # whether invalid Unicode in a value is reported (else replaced silently)


def clean_attributes(
    attributes: dict[str, Any], renamed: dict[str, str], tally: Tally, where: str, rules: AttributeRules
) -> dict[str, Any]:
    """Attributes with safe names (``renamed`` remembers them for the whole column) and scalar values.

    >>> rules = AttributeRules("node", frozenset({"label", "id"}), frozenset({"viz:x"}), True)
    >>> attributes = {"label": "A", "viz:x": 1.5, "tags": ["a", "b"], "gone": None}
    >>> clean_attributes(attributes, {}, Tally(ImportReport(), "a.gexf"), "n1", rules)
    {'label (file)': 'A', 'viz:x': 1.5, 'tags': 'a;b'}
    """
    clean: dict[str, Any] = {}
    for name, value in attributes.items():
        if value is None:
            continue
        name = str(name)
        if name not in renamed:
            renamed[name] = name if name in rules.kept else safe_name(name, rules.reserved, tally, rules.what)
        value = flat(value, tally, where)
        if isinstance(value, str):
            value = valid_text(value, tally, where) if rules.count_bad_text else clean_text(value)
        clean[renamed[name]] = value
    return clean


def viz_values(viz: dict[str, Any], tally: Tally, where: str) -> dict[str, Any]:
    """Drawing data as viz:* attributes: numbers as floats, colours as #rrggbb[aa]."""
    values: dict[str, Any] = {}
    for name, value in viz.items():
        if value is None or value == "":
            continue
        if name == "color":
            color = parse_color(value)
            if color is None:
                tally.note(
                    "viz-color",
                    f"{where}: {json.dumps(value, default=str)[:40]}",
                    "warning",
                    "color",
                    "colour(s) could not be read and were dropped; those nodes or edges take the view's "
                    "colours",
                    "write colours as #rrggbb, rgb(r,g,b) or GEXF r/g/b.",
                )
                continue
            values[VIZ_PREFIX + name] = color
        elif name == "shape":
            values[VIZ_PREFIX + name] = clean_text(str(value))
        else:
            try:
                number = float(value) if not isinstance(value, bool) else math.nan
            except (TypeError, ValueError):
                number = math.nan
            if not math.isfinite(number):
                tally.note(
                    f"viz-{name}",
                    f"{where}: {str(value)[:40]}",
                    "warning",
                    name,
                    f"drawing value(s) '{name}' are not numbers and were dropped",
                    "write positions and sizes as numbers.",
                )
                continue
            values[VIZ_PREFIX + name] = number
    return values


def colours_as_data(foreign: ForeignGraph, report: ImportReport) -> None:
    """A ``color`` that is mostly not colours (categories, numbers) is the file's data: it is
    kept as the attribute ``color`` of the nodes (or edges), not dropped as unreadable drawing data."""
    for what, items in (("nodes", foreign.nodes), ("edges", foreign.edges)):
        values = [item.viz["color"] for item in items if item.viz.get("color") not in (None, "")]
        unreadable = [value for value in values if parse_color(value) is None]
        if not values or len(unreadable) * 2 <= len(values):
            continue
        for item in items:
            value = item.viz.pop("color", None)
            if value not in (None, "") and "color" not in item.attributes:
                plain = isinstance(value, str | int | float)
                item.attributes["color"] = value if plain else json.dumps(value, default=str)
        report.add(
            "info",
            foreign.file,
            None,
            "color",
            f"{len(unreadable):,} of {len(values):,} 'color' values of the {what} are not colours (e.g. "
            f"{json.dumps(unreadable[0], default=str)[:40]}): 'color' is kept as an attribute of the {what}.",
        )
