"""A foreign graph's nodes as our entities: ids made ours, a type, a label, attributes and facts."""

from __future__ import annotations

import json
import math
from typing import Any

from graph.budget import tick
from graph.build import RESERVED_NODE_KEYS
from graph.model import VIZ_PREFIX, Claim, Entity, Source
from graph.readers.foreign.losses import Tally, report_untyped
from graph.readers.foreign.model import UPLOAD_SOURCE, ForeignGraph, ForeignNode, Period
from graph.readers.foreign.values import (
    VIZ_NODE,
    VIZ_NODE_TYPES,
    AttributeRules,
    as_list,
    cell,
    clean_attributes,
    column_types,
    date_or_none,
    flat,
    scalar,
    valid_text,
    viz_values,
)
from graph.readers.labels import choose_label_field, readable_part
from graph.report import ImportReport
from graph.text import clean_text, id_problem, normal_id, repair_id
from graph.vocabulary import ATTRIBUTES, ENTITY_TYPES

# A file's node attributes: its drawing ones are read as they are; those named as our own data are renamed.
NODE_ATTRIBUTES = AttributeRules("node", frozenset(RESERVED_NODE_KEYS | {"id"}), frozenset(VIZ_NODE), True)
# id, type, label, aliases, description, attributes
NodeRow = tuple[str, str, str, tuple[str, ...], str, dict[str, Any]]


def merge_repeats(foreign: ForeignGraph) -> None:
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


def _unused(text: str, used: set[str]) -> str:
    """``text``, or ``text~2``, ``text~3`` … when it is taken."""
    candidate, number = text, 1
    while candidate in used:
        number += 1
        candidate = f"{text}~{number}"
    return candidate


def _our_id(raw: Any, used: set[str], file: str, tally: Tally, report: ImportReport) -> str | None:
    """The id of ours for a raw id: repaired when it breaks the id rule, made distinct when its text is
    taken; None when nothing visible is left."""
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
            return None
        candidate = _unused(repaired, used)
        tally.note(
            "repaired-id",
            f"{raw} → {candidate}",
            "warning",
            "id",
            "node id(s) broke the id rule (spaces, control or invisible characters, U+241F) and were changed",
            "use ids without spaces or invisible characters, e.g. slugs such as state:RUS.",
        )
        return candidate
    if text in used:
        candidate = _unused(text, used)
        report.add(
            "warning",
            file,
            None,
            "id",
            f"the ids {raw!r} and an earlier one are the same text '{text}'; this one became '{candidate}'.",
            "give every node a distinct id.",
        )
        return candidate
    return text


def node_ids(foreign: ForeignGraph, tally: Tally, report: ImportReport) -> tuple[dict[Any, str], list[int]]:
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
        text = _our_id(raw, used, foreign.file, tally, report)
        if text is None:
            continue
        used.add(text)
        mapping[raw] = text
        kept.append(index)
    return mapping, kept


def _period_attributes(periods: list[Period], attributes: dict[str, Any], tally: Tally, node_id: str) -> None:
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
            start, end = date_or_none(scalar(item.get("start"))), date_or_none(scalar(item.get("end")))
            not_scalar = any(
                item.get(key) is not None and scalar(item.get(key)) is None for key in ("start", "end")
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


def _own_type(attributes: dict[str, Any]) -> str | None:
    """The node's type when it is one of ours, else None (a type of the file stays an attribute)."""
    entity_type = attributes.pop("type", None)
    if isinstance(entity_type, str) and entity_type in ENTITY_TYPES:
        return entity_type
    if entity_type is not None:
        attributes["type"] = entity_type
    return None


def _label(
    node: ForeignNode, attributes: dict[str, Any], tally: Tally, node_id: str, label_field: str | None
) -> str:
    """The node's label, else the readable part of the file's best name field (``label_field``,
    which stays an attribute too), else its id (a label that is not text stays an attribute)."""
    label = node.label if node.label is not None else attributes.pop("label", None)
    if label is None and label_field is not None and label_field in attributes:
        label = readable_part(attributes[label_field])
    if isinstance(label, str | int | float) and not isinstance(label, bool) and str(label).strip():
        return valid_text(label, tally, node_id)
    if label is not None:
        attributes["label"] = label
    return node_id


def _description(description: Any, tally: Tally, node_id: str) -> str:
    if isinstance(description, str):
        return valid_text(description, tally, node_id)
    return "" if description is None else valid_text(flat(description, tally, node_id), tally, node_id)


def _node_row(
    foreign: ForeignGraph,
    node: ForeignNode,
    node_id: str,
    sources: dict[str, Source],
    tally: Tally,
    renamed: dict[str, str],
    label_field: str | None,
) -> tuple[NodeRow, bool, list[Claim]]:
    """One node's row, whether it has a type of ours, and the facts it carries as claims."""
    attributes = dict(node.attributes)
    entity_type = _own_type(attributes)
    label = _label(node, attributes, tally, node_id, label_field)
    aliases = tuple(valid_text(alias, tally, node_id) for alias in as_list(attributes.pop("aliases", None)))
    description = _description(attributes.pop("description", None), tally, node_id)
    facts = attributes.pop("facts", None)
    fact_claims = [] if facts is None else _fact_claims(node_id, facts, sources, tally)
    attributes.pop("conflict", None)
    attributes.pop("conflicts", None)
    attributes.update(viz_values(node.viz, tally, node_id))
    if node.periods:
        _period_attributes(node.periods, attributes, tally, node_id)
    clean = clean_attributes(attributes, renamed, tally, node_id, NODE_ATTRIBUTES)
    row = (node_id, entity_type or "other", label, aliases, description, clean)
    return row, entity_type is not None, fact_claims


def node_entities(
    foreign: ForeignGraph,
    mapping: dict[Any, str],
    kept: list[int],
    sources: dict[str, Source],
    tally: Tally,
    report: ImportReport,
) -> tuple[list[Entity], list[Claim], dict[str, str]]:
    """The entities of the nodes kept, the claims of their facts, and the type of each attribute
    (names made safe, types settled over the whole column)."""
    rows: list[NodeRow] = []
    renamed: dict[str, str] = {}
    untyped: list[str] = []
    fact_claims: list[Claim] = []
    chosen = choose_label_field(foreign.nodes[index] for index in kept)
    if chosen is not None:
        report.add("info", foreign.file, None, chosen.field, chosen.message())
    label_field = None if chosen is None else chosen.field
    for index in kept:
        tick()
        node = foreign.nodes[index]
        row, typed, facts = _node_row(foreign, node, mapping[node.id], sources, tally, renamed, label_field)
        if not typed:
            untyped.append(row[0])
        fact_claims.extend(facts)
        rows.append(row)
    report_untyped(foreign.file, untyped, report)
    declared = {renamed.get(name, name): kind for name, kind in foreign.node_types.items()}
    declared.update({VIZ_PREFIX + name: kind for name, kind in VIZ_NODE_TYPES.items()})
    types = column_types([row[5] for row in rows], declared, tally, "node")
    entities = [
        Entity(
            node_id,
            entity_type,
            label,
            aliases,
            description,
            tuple(sorted((name, cell(value, types[name])) for name, value in attributes.items())),
        )
        for node_id, entity_type, label, aliases, description, attributes in rows
    ]
    return entities, fact_claims, types
