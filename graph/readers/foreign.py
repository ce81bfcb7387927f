"""Turn a graph read from another tool's file into our tables, keeping everything it holds.

Every format module fills a :class:`ForeignGraph` (raw ids, typed attributes, drawing
data, periods) and :func:`to_dataset` makes the :class:`~graph.model.Dataset`:

- ids follow the id rule of graph/text.py (an id that breaks it is repaired, and said);
- node and edge attributes keep their names and types (a name our graph uses for its own
  data gets `` (file)`` appended); drawing data become ``viz:*`` attributes;
- what a foreign graph lacks is filled in visibly: a type of ours (``other``), a relation
  (``related_to``), a source (the uploaded file itself);
- every dropped or changed element is counted by kind in one report line with the first
  few ids; nothing is dropped in silence.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from graph.budget import tick
from graph.build import RESERVED_EDGE_KEYS, RESERVED_NODE_KEYS
from graph.colours import parse_color
from graph.dates import is_valid_date
from graph.load import warn_lookalikes
from graph.model import (
    VIZ_PREFIX,
    Claim,
    Dataset,
    Entity,
    Source,
    format_typed,
    parse_typed,
)
from graph.readers.labels import choose_label_field, readable_part
from graph.report import ImportReport, Severity
from graph.text import clean_text, has_invalid, id_problem, normal_id, repair_id
from graph.vocabulary import ATTRIBUTES, ENTITY_TYPES, RELATIONS

UPLOAD_SOURCE = "upload"
EXAMPLES = 3  # ids quoted in a report line
Period = tuple[str | None, str | None]
SOURCE_FIELDS = ("id", "title", "publisher", "author", "published", "url", "kind")


@dataclass
class ForeignNode:
    id: Any
    attributes: dict[str, Any] = field(default_factory=dict)
    label: Any = None
    viz: dict[str, Any] = field(default_factory=dict)  # x, y (Gephi's axes: y up), z, size, color, shape
    periods: list[Period] = field(default_factory=list)


@dataclass
class ForeignEdge:
    source: Any
    target: Any
    id: Any = None
    attributes: dict[str, Any] = field(default_factory=dict)
    viz: dict[str, Any] = field(default_factory=dict)  # color, thickness
    periods: list[Period] = field(default_factory=list)
    directed: bool | None = None  # None: the graph's default


@dataclass
class ForeignGraph:
    """A graph as a file holds it, before our rules are applied."""

    file: str
    directed: bool = True
    nodes: list[ForeignNode] = field(default_factory=list)
    edges: list[ForeignEdge] = field(default_factory=list)
    node_types: dict[str, str] = field(default_factory=dict)  # declared types (one of ATTRIBUTE_TYPES)
    edge_types: dict[str, str] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)
    sources: dict[str, Any] = field(default_factory=dict)  # from our own exports
    name: str | None = None
    time_is_date: bool = True  # False: the file's times are numbers (GEXF timeformat double …)


class Tally:
    """Report lines counted by kind, each with the first few examples."""

    def __init__(self, report: ImportReport, file: str) -> None:
        self.report = report
        self.file = file
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = {}
        self.texts: dict[str, tuple[Severity, str | None, str, str]] = {}

    def note(
        self, kind: str, example: Any, severity: Severity, column: str | None, what: str, hint: str = ""
    ) -> None:
        """Count one case; ``what`` reads after the count, e.g. 'edge(s) were skipped'."""
        self.counts[kind] += 1
        examples = self.examples.setdefault(kind, [])
        if len(examples) < EXAMPLES:
            examples.append(str(example))
        self.texts.setdefault(kind, (severity, column, what, hint))

    def flush(self) -> None:
        for kind, count in self.counts.items():
            severity, column, what, hint = self.texts[kind]
            shown = ", ".join(repr(example) for example in self.examples[kind])
            more = "" if count <= len(self.examples[kind]) else ", …"
            self.report.add(
                severity, self.file, None, column, f"{count:,} {what} (e.g. {shown}{more}).", hint
            )
        self.counts.clear()


def _text(value: Any, tally: Tally, where: str) -> str:
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


def _flat(value: Any, tally: Tally, where: str) -> Any:
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


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "double"
    return "string"


def _column_types(
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


def _cell(value: Any, kind: str) -> str:
    if kind != "string" and isinstance(value, str):
        return format_typed(parse_typed(value, kind))
    if kind == "double" and isinstance(value, int) and not isinstance(value, bool):
        return format_typed(float(value))
    return format_typed(value)


def _date_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?", text):
        text = text[:10]
    return text if is_valid_date(text) else "!" + text


def _as_list(value: Any) -> list[str]:
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


def _safe_name(name: str, reserved: frozenset[str] | set[str], tally: Tally, what: str) -> str:
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


def _sources(foreign: ForeignGraph, report: ImportReport) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    raw = foreign.sources if isinstance(foreign.sources, dict) else {}
    for key, value in raw.items():
        if not isinstance(value, dict):
            continue
        row = {name: clean_text(str(value.get(name) or "")) for name in SOURCE_FIELDS}
        source_id = normal_id(clean_text(str(key)))
        if id_problem(source_id):
            continue
        if row["url"] and not re.match(r"^https?://\S+$", row["url"], re.IGNORECASE):
            report.add(
                "warning",
                foreign.file,
                None,
                "url",
                f"the URL of source '{source_id}' is not an http(s) address and was removed.",
                "use addresses that start with https:// or http://.",
            )
            row["url"] = ""
        published = row["published"] if is_valid_date(row["published"]) else None
        sources[source_id] = Source(
            source_id, row["title"], row["publisher"], row["author"], published, row["url"], row["kind"]
        )
    sources[UPLOAD_SOURCE] = Source(UPLOAD_SOURCE, foreign.file, "uploaded file", "", None, "", "secondary")
    return sources


def _node_ids(foreign: ForeignGraph, tally: Tally, report: ImportReport) -> tuple[dict[Any, str], list[int]]:
    """Raw id → our id, and the indexes of the nodes kept (repeated ids merge into the first)."""
    mapping: dict[Any, str] = {}
    first_raw: dict[Any, Any] = {}
    used: set[str] = set()
    kept: list[int] = []
    for index, node in enumerate(foreign.nodes):
        raw = node.id
        if (
            raw is None
            or isinstance(raw, bool | list | dict)
            or (isinstance(raw, float) and not math.isfinite(raw))
        ):
            tally.note(
                "bad-id",
                json.dumps(raw, default=str)[:40],
                "warning",
                "id",
                "node(s) have no usable id (null, a list, an object or true/false); they are skipped",
                "give every node a text or number id.",
            )
            continue
        if raw in first_raw:
            same = (
                "repeats"
                if repr(raw) == repr(first_raw[raw])
                else f"equals {first_raw[raw]!r}, so it repeats"
            )
            report.add(
                "warning",
                foreign.file,
                None,
                "id",
                f"the node id {raw!r} {same} an earlier node; they are merged.",
                "give every node a distinct id.",
            )
            continue
        first_raw[raw] = raw
        text = normal_id(clean_text(str(raw)))
        if id_problem(text):
            repaired = repair_id(text)
            if not repaired:
                tally.note(
                    "empty-id",
                    raw,
                    "warning",
                    "id",
                    "node(s) have an empty id or one made only of spaces or invisible characters; they are "
                    "skipped",
                    "give every node a visible id.",
                )
                continue
            candidate, number = repaired, 1
            while candidate in used:
                number += 1
                candidate = f"{repaired}~{number}"
            tally.note(
                "repaired-id",
                f"{raw} → {candidate}",
                "warning",
                "id",
                "node id(s) broke the id rule (spaces, control or invisible characters, U+241F) and were "
                "changed",
                "use ids without spaces or invisible characters, e.g. slugs such as state:RUS.",
            )
            text = candidate
        elif text in used:
            candidate, number = text, 1
            while candidate in used:
                number += 1
                candidate = f"{text}~{number}"
            report.add(
                "warning",
                foreign.file,
                None,
                "id",
                f"the ids {raw!r} and an earlier one are the same text '{text}'; this one became "
                f"'{candidate}'.",
                "give every node a distinct id.",
            )
            text = candidate
        used.add(text)
        mapping[raw] = text
        kept.append(index)
    return mapping, kept


def _merge_repeats(foreign: ForeignGraph) -> None:
    """Nodes declared twice: the later attributes are added to the first (as networkx merges them)."""
    first: dict[Any, ForeignNode] = {}
    for node in foreign.nodes:
        raw = node.id
        if raw is None or isinstance(raw, bool | list | dict):
            continue
        try:
            earlier = first.get(raw)
        except TypeError:
            continue
        if earlier is None:
            first[raw] = node
        elif earlier is not node:
            earlier.attributes.update(node.attributes)
            earlier.viz.update(node.viz)
            earlier.label = node.label if node.label is not None else earlier.label


def _color(value: Any) -> str | None:
    """A CSS colour as #rrggbb or #rrggbbaa (see graph.colours.parse_color)."""
    return parse_color(value)


def to_dataset(foreign: ForeignGraph, report: ImportReport) -> Dataset | None:
    """Our tables for ``foreign``; None (with the reason in ``report``) when nothing can be loaded."""
    file = foreign.file
    tally = Tally(report, file)
    _merge_repeats(foreign)
    mapping, kept = _node_ids(foreign, tally, report)
    sources = _sources(foreign, report)

    # Node attributes: names made safe, types settled over the whole column.
    entity_rows: list[tuple[str, str, str, tuple[str, ...], str, dict[str, Any], list[Claim]]] = []
    node_attribute_rows: list[dict[str, Any]] = []
    renamed_node: dict[str, str] = {}
    untyped: list[str] = []
    fact_claims: list[Claim] = []
    if (chosen := choose_label_field(foreign.nodes[index] for index in kept)) is not None:
        report.add("info", file, None, chosen.field, chosen.message())
    for index in kept:
        tick()
        node = foreign.nodes[index]
        node_id = mapping[node.id]
        attributes = dict(node.attributes)
        entity_type = attributes.pop("type", None)
        if isinstance(entity_type, str) and entity_type in ENTITY_TYPES:
            pass
        else:
            if entity_type is not None:
                attributes["type"] = entity_type
            untyped.append(node_id)
            entity_type = "other"
        label = node.label if node.label is not None else attributes.pop("label", None)
        if label is None and chosen is not None and chosen.field in attributes:
            label = readable_part(attributes[chosen.field])  # the field stays as an attribute too
        if isinstance(label, str | int | float) and not isinstance(label, bool) and str(label).strip():
            label = _text(label, tally, node_id)
        else:
            if label is not None:
                attributes["label"] = label
            label = node_id
        aliases = tuple(_text(alias, tally, node_id) for alias in _as_list(attributes.pop("aliases", None)))
        description = attributes.pop("description", None)
        description = (
            _text(description, tally, node_id)
            if isinstance(description, str)
            else ("" if description is None else _text(_flat(description, tally, node_id), tally, node_id))
        )
        facts = attributes.pop("facts", None)
        if facts is not None:
            fact_claims.extend(_fact_claims(node_id, facts, sources, tally))
        attributes.pop("conflict", None)
        attributes.pop("conflicts", None)
        attributes.update(_viz_values(node.viz, tally, node_id))
        if node.periods:
            _period_attributes(node.periods, attributes, tally, node_id, foreign.time_is_date)
        clean: dict[str, Any] = {}
        for name, value in attributes.items():
            if value is None:
                continue
            name = str(name)
            if name not in renamed_node:
                renamed_node[name] = (
                    name
                    if name.startswith(VIZ_PREFIX) and name in _VIZ_NODE
                    else _safe_name(name, RESERVED_NODE_KEYS | {"id"}, tally, "node")
                )
            flat = _flat(value, tally, node_id)
            clean[renamed_node[name]] = _text(flat, tally, node_id) if isinstance(flat, str) else flat
        node_attribute_rows.append(clean)
        entity_rows.append((node_id, entity_type, label, aliases, description, clean, []))
    if untyped:
        report.add(
            "warning",
            file,
            None,
            "type",
            f"{len(untyped)} node(s) have no type of ours (e.g. '{untyped[0]}'); they are shown as 'other'.",
            f"give nodes a 'type' attribute: one of {', '.join(ENTITY_TYPES)}.",
        )
    declared_nodes = {renamed_node.get(name, name): kind for name, kind in foreign.node_types.items()}
    declared_nodes.update({VIZ_PREFIX + name: kind for name, kind in _VIZ_NODE_TYPES.items()})
    node_types = _column_types(node_attribute_rows, declared_nodes, tally, "node")
    entities = [
        Entity(
            node_id,
            entity_type,
            label,
            aliases,
            description,
            tuple(sorted((name, _cell(value, node_types[name])) for name, value in attributes.items())),
        )
        for node_id, entity_type, label, aliases, description, attributes, _ in entity_rows
    ]

    claims, edge_types = _edge_claims(foreign, mapping, sources, tally, report)
    claims.extend(fact_claims)
    tally.flush()
    if not entities:
        report.add("error", file, None, None, "the graph has no nodes.", "check that this is the right file.")
        return None
    warn_lookalikes([entity.id for entity in entities], report, file)
    cited = {claim.source for claim in claims} | {UPLOAD_SOURCE}
    attribute_types = tuple(
        sorted(
            [("entities", name, kind) for name, kind in node_types.items() if kind != "string"]
            + [("claims", name, kind) for name, kind in edge_types.items() if kind != "string"]
        )
    )
    properties = dict(foreign.properties)
    if not foreign.directed:
        properties["edgedefault"] = "undirected"
    return Dataset(
        tuple(entities),
        tuple(dict.fromkeys(claims)),
        tuple(source for source_id, source in sources.items() if source_id in cited),
        name=clean_text(foreign.name or PurePosixPath(file).stem or "upload"),
        attribute_types=attribute_types,
        properties=tuple(sorted((clean_text(str(k)), clean_text(str(v))) for k, v in properties.items())),
    )


def _viz_values(viz: dict[str, Any], tally: Tally, where: str) -> dict[str, Any]:
    """Drawing data as viz:* attributes: numbers as floats, colours as #rrggbb[aa]."""
    values: dict[str, Any] = {}
    for name, value in viz.items():
        if value is None or value == "":
            continue
        if name == "color":
            color = _color(value)
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


_VIZ_NODE_TYPES = {
    "x": "double",
    "y": "double",
    "z": "double",
    "size": "double",
    "color": "string",
    "shape": "string",
}
_VIZ_NODE = {VIZ_PREFIX + name for name in _VIZ_NODE_TYPES}
_VIZ_EDGE_TYPES = {"color": "string", "thickness": "double", "shape": "string"}


def _period_attributes(
    periods: list[Period], attributes: dict[str, Any], tally: Tally, node_id: str, dates: bool
) -> None:
    """Node periods (GEXF spells, start/end): the explorer dates relations, so they stay attributes."""
    text = ";".join(f"{start or ''}..{end or ''}" for start, end in periods)
    if len(periods) == 1:
        start, end = periods[0]
        if start:
            attributes["start"] = start
        if end:
            attributes["end"] = end
    else:
        attributes["periods"] = text
    tally.note(
        "node-periods",
        node_id,
        "info",
        "start/end",
        "node(s) have periods (start/end or spells); the explorer dates relations, not entities, so they "
        "are kept as the attributes start, end or periods",
    )


def _fact_claims(node_id: str, facts: Any, sources: dict[str, Source], tally: Tally) -> list[Claim]:
    """Literal facts from one of our JSON exports, each value with its evidence."""
    claims: list[Claim] = []
    if not isinstance(facts, dict):
        return claims
    for attribute, items in facts.items():
        if attribute not in ATTRIBUTES or not isinstance(items, list):
            tally.note(
                "facts",
                f"{node_id}: {attribute}",
                "warning",
                "facts",
                "fact(s) are not facts of our vocabulary and were dropped",
                "write facts as claims in our tables.",
            )
            continue
        for item in items:
            if not isinstance(item, dict) or "value" not in item or isinstance(item["value"], dict | list):
                continue
            evidence = item.get("evidence") if isinstance(item.get("evidence"), list) else []
            start, end = _date_or_none(_scalar(item.get("start"))), _date_or_none(_scalar(item.get("end")))
            not_scalar = any(
                item.get(key) is not None and _scalar(item.get(key)) is None for key in ("start", "end")
            )
            if not_scalar or (start or "").startswith("!") or (end or "").startswith("!"):
                tally.note(
                    "fact-date",
                    node_id,
                    "warning",
                    "facts",
                    "fact date(s) are not ISO dates and were dropped",
                    "write dates as YYYY-MM-DD.",
                )
                start = None if (start or "").startswith("!") else start
                end = None if (end or "").startswith("!") else end
            value = clean_text(str(item["value"]))
            for entry in evidence or [{"source": UPLOAD_SOURCE}]:
                if not isinstance(entry, dict):
                    continue
                source = str(entry.get("source") or UPLOAD_SOURCE)
                if source not in sources:
                    source = UPLOAD_SOURCE
                claims.append(
                    Claim(
                        node_id,
                        attribute,
                        value,
                        source,
                        start,
                        end,
                        clean_text(str(entry.get("locator") or "")),
                        clean_text(str(entry.get("note") or "")),
                    )
                )
    return claims


def _scalar(value: Any) -> Any:
    return value if isinstance(value, str | int | float) and not isinstance(value, bool) else None


def _edge_claims(
    foreign: ForeignGraph,
    mapping: dict[Any, str],
    sources: dict[str, Source],
    tally: Tally,
    report: ImportReport,
) -> tuple[list[Claim], dict[str, str]]:
    file = foreign.file
    pending: list[tuple[str, str, str, list[Period], str, dict[str, Any], list[Evidence], Any]] = []
    undeclared: list[str] = []
    unknown_relations: list[str] = []
    uncited = 0
    renamed: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    for index, edge in enumerate(foreign.edges):
        tick()
        ends = []
        for raw in (edge.source, edge.target):
            try:
                ends.append(mapping.get(raw))
            except TypeError:  # a list or an object as an end
                ends.append(None)
        if ends[0] is None or ends[1] is None:
            missing = edge.source if ends[0] is None else edge.target
            undeclared.append(str(missing)[:60])
            continue
        subject, target = ends[0], ends[1]
        attributes = dict(edge.attributes)
        relation = None
        for key in ("relation", "type", "label"):
            value = attributes.get(key)
            if isinstance(value, str) and value in RELATIONS:
                relation = value
                attributes.pop(key)
                break
        if relation is None:
            shown = attributes.get("relation", attributes.get("type", attributes.get("label")))
            unknown_relations.append(str(shown) if shown not in (None, "") else "(none)")
            relation = "related_to"
        role_value = attributes.pop("role", None)
        role = clean_text(str(role_value)) if role_value not in (None, "") else ""
        periods = list(edge.periods)
        start, end = attributes.pop("start", None), attributes.pop("end", None)
        if start is not None or end is not None:
            periods.append((None if start is None else str(start), None if end is None else str(end)))
        checked: list[Period] = []
        for start, end in periods or [(None, None)]:
            if not foreign.time_is_date and (start or end):
                attributes.setdefault("start (file)", start)
                attributes.setdefault("end (file)", end)
                checked.append((None, None))
                continue
            start_date, end_date = _date_or_none(start), _date_or_none(end)
            if (start_date or "").startswith("!") or (end_date or "").startswith("!"):
                tally.note(
                    "edge-date",
                    f"{subject} → {target}",
                    "warning",
                    "start/end",
                    "edge time(s) are not ISO dates; they are kept as the attributes 'start (file)' and "
                    "'end (file)', and the edge is not dated",
                    "write dates as YYYY-MM-DD.",
                )
                attributes.setdefault("start (file)", start)
                attributes.setdefault("end (file)", end)
                start_date = end_date = None
            checked.append((start_date, end_date))
        if not foreign.time_is_date and any(period != (None, None) for period in periods):
            tally.note(
                "numeric-time",
                f"{subject} → {target}",
                "info",
                "start/end",
                "edge(s) have times that are numbers, not dates (the file's time format); they are kept as "
                "the attributes 'start (file)' and 'end (file)'",
            )
        evidence = _evidence_entries(attributes, sources, tally, f"{subject} → {target}")
        if not evidence:
            uncited += 1
            evidence = [(UPLOAD_SOURCE, "", "", None)]
        attributes.pop("negative", None)
        attributes.pop("conflict", None)
        # A multigraph's edge key (networkx writes it as networkx_key in GEXF): parallel edges
        # stay apart here anyway, and our keys are made from relation and period.
        attributes.pop("key", None)
        attributes.pop("networkx_key", None)
        attributes.update(_viz_values(edge.viz, tally, f"{subject} → {target}"))
        if edge.directed is not None and edge.directed != foreign.directed:
            attributes["directed"] = edge.directed
        clean: dict[str, Any] = {}
        for name, value in attributes.items():
            if value is None:
                continue
            name = str(name)
            if name not in renamed:
                renamed[name] = (
                    name
                    if name in _VIZ_EDGE or name in ("start (file)", "end (file)")
                    else _safe_name(name, RESERVED_EDGE_KEYS | {"id"}, tally, "edge")
                )
            flat = _flat(value, tally, f"{subject} → {target}")
            clean[renamed[name]] = clean_text(flat) if isinstance(flat, str) else flat
        rows.append(clean)
        pending.append(
            (
                subject,
                relation,
                target,
                checked,
                role,
                clean,
                evidence,
                edge.id if edge.id is not None else index,
            )
        )
    declared = {renamed.get(name, name): kind for name, kind in foreign.edge_types.items()}
    declared.update({VIZ_PREFIX + name: kind for name, kind in _VIZ_EDGE_TYPES.items()})
    declared["directed"] = "boolean"
    types = _column_types(rows, declared, tally, "edge")

    # Parallel edges that nothing else tells apart keep the file's edge id, so none is merged away.
    identity: Counter[tuple] = Counter()
    prepared = []
    for subject, relation, target, periods, role, attributes, evidence, edge_id in pending:
        cells = tuple(sorted((name, _cell(value, types[name])) for name, value in attributes.items()))
        identity_key = (subject, relation, target, tuple(periods), role, cells)
        identity[identity_key] += 1
        prepared.append((identity_key, cells, evidence, edge_id))
    needs_id = {item for item, count in identity.items() if count > 1}
    if needs_id:
        types.setdefault("id", "string")
    claims: list[Claim] = []
    for identity_key, cells, evidence, edge_id in prepared:
        subject, relation, target, edge_periods, role, _ = identity_key
        if identity_key in needs_id:
            cells = tuple(sorted((*cells, ("id", clean_text(str(edge_id))))))
        for start, end in edge_periods:
            for source, locator, note, own in evidence:
                period = own if own is not None and len(edge_periods) == 1 else (start, end)
                claims.append(
                    Claim(subject, relation, target, source, period[0], period[1], locator, note, role, cells)
                )
    pairs = Counter((k[0], k[2]) for k in identity.elements())
    parallel = sum(1 for count in pairs.values() if count > 1)
    if undeclared:
        report.add(
            "warning",
            file,
            None,
            "edge",
            f"{len(undeclared)} edge(s) point to nodes the file does not declare (e.g. '{undeclared[0]}'); "
            "they are skipped.",
            "declare every node an edge uses, or remove those edges.",
        )
    loops = [k[0] for k in identity.elements() if k[0] == k[2]]
    if loops:
        report.add(
            "warning",
            file,
            None,
            "edge",
            f"{len(loops)} edge(s) link a node to itself (e.g. '{loops[0]}'); they are kept.",
            "check those edges.",
        )
    if parallel:
        report.add(
            "info",
            file,
            None,
            "edge",
            f"{parallel} pair(s) of nodes are linked more than once; every link is kept.",
        )
    if unknown_relations:
        report.add(
            "warning",
            file,
            None,
            "relation",
            f"{len(unknown_relations)} edge(s) have no relation of ours (e.g. '{unknown_relations[0]}'); "
            "they are shown as 'related_to'.",
            f"give edges a 'relation' attribute: one of {', '.join(RELATIONS)}.",
        )
    if uncited:
        report.add(
            "warning",
            file,
            None,
            "citations",
            f"{uncited} edge(s) cite no source; they cite the uploaded file itself.",
            "add sources to show where each relation comes from.",
        )
    return claims, {name: kind for name, kind in types.items()}


_VIZ_EDGE = {VIZ_PREFIX + name for name in _VIZ_EDGE_TYPES}


Evidence = tuple[str, str, str, Period | None]  # source, locator, note, the period that source gave


def _evidence_entries(
    attributes: dict[str, Any], sources: dict[str, Source], tally: Tally, where: str
) -> list[Evidence]:
    """(source, locator, note, period) for each citation an edge of our own exports carries."""
    citations = [clean_text(c) for c in _as_list(attributes.pop("citations", None))]
    evidence = attributes.pop("evidence", None)
    entries: list[Evidence] = []
    if isinstance(evidence, list):
        for item in evidence:
            if isinstance(item, dict) and isinstance(item.get("source"), str) and item["source"] in sources:
                period: Period | None = None
                if "start" in item or "end" in item:
                    start, end = (
                        _date_or_none(_scalar(item.get("start"))),
                        _date_or_none(_scalar(item.get("end"))),
                    )
                    if (
                        (start or "").startswith("!")
                        or (end or "").startswith("!")
                        or (item.get("start") is not None and _scalar(item.get("start")) is None)
                        or (item.get("end") is not None and _scalar(item.get("end")) is None)
                    ):
                        tally.note(
                            "evidence-date",
                            where,
                            "warning",
                            "evidence",
                            "citation date(s) are not ISO dates and were dropped",
                            "write dates as YYYY-MM-DD.",
                        )
                        start = None if (start or "").startswith("!") else start
                        end = None if (end or "").startswith("!") else end
                    period = (start, end)
                entries.append(
                    (
                        item["source"],
                        clean_text(str(_scalar(item.get("locator")) or "")),
                        clean_text(str(_scalar(item.get("note")) or "")),
                        period,
                    )
                )
    elif evidence is not None:
        tally.note(
            "evidence",
            where,
            "warning",
            "evidence",
            "edge(s) have evidence that is not a list of citations; it was dropped",
            "export the graph again.",
        )
    known = [citation for citation in citations if citation in sources and citation != UPLOAD_SOURCE]
    unknown = [citation for citation in citations if citation not in sources]
    for citation in unknown:
        tally.note(
            "citation",
            citation,
            "warning",
            "citations",
            "citation(s) name sources the file does not hold; they were dropped",
            "keep the sources with the graph (GraphML sources_json, JSON graph.sources).",
        )
    cited = {entry[0] for entry in entries}
    entries.extend((citation, "", "", None) for citation in known if citation not in cited)
    return list(dict.fromkeys(entries))
