"""The dataset: three tables of entities, claims and sources (after Wikidata's statements).

Rows are frozen dataclasses so a dataset can be shared and hashed; the CSV files in
``data/<dataset>/`` have the same columns as these fields.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

ENTITY_COLUMNS: tuple[str, ...] = ("id", "type", "label", "aliases", "description")
CLAIM_COLUMNS: tuple[str, ...] = (
    "subject",
    "relation",
    "object",
    "start",
    "end",
    "source",
    "locator",
    "note",
)
OPTIONAL_CLAIM_COLUMNS: tuple[str, ...] = ("role",)
SOURCE_COLUMNS: tuple[str, ...] = ("id", "title", "publisher", "author", "published", "url", "kind")
SOURCE_KINDS: tuple[str, ...] = ("primary", "secondary", "press")
DECISION_COLUMNS: tuple[str, ...] = ("left", "right", "decision", "by", "date", "note")
DECISION_KINDS: tuple[str, ...] = ("same", "not_same", "later")

TABLE_FILES: dict[str, str] = {
    "entities": "entities.csv",
    "claims": "claims.csv",
    "sources": "sources.csv",
}
# A fourth table, optional: how duplicate entities were resolved (see Decision).
DECISIONS_FILE = "decisions.csv"

# Extra columns of the entities and claims tables are attributes (of nodes and of edges). They
# are text unless the header names a type after a colon: ``weight:double``, ``club:string``.
ATTRIBUTE_TYPES: tuple[str, ...] = ("string", "integer", "double", "boolean")
# Attributes a file gives for drawing (GEXF viz, yEd geometry, x/y/size/color keys) are kept
# under these names, in Gephi's axes (y points up): viz:x, viz:y, viz:z, viz:size, viz:color
# (#rrggbb or #rrggbbaa), viz:shape; on claims viz:color and viz:thickness.
VIZ_PREFIX = "viz:"


@dataclass(frozen=True)
class Entity:
    """A node: a state, alliance, person, event …"""

    id: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    # Optional extra columns of the entities table (e.g. iso3), as sorted pairs.
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Claim:
    """A sourced statement: ``subject relation object`` from ``start`` until ``end``."""

    subject: str
    relation: str
    object: str
    source: str
    start: str | None = None
    end: str | None = None
    locator: str = ""
    note: str = ""
    role: str = ""
    # Extra columns of the claims table (a file's edge attributes: weight, its edge id …), as
    # sorted pairs. Claims that differ in them are different edges.
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Source:
    """Where a claim comes from."""

    id: str
    title: str
    publisher: str = ""
    author: str = ""
    published: str | None = None
    url: str = ""
    kind: str = ""


@dataclass(frozen=True)
class Decision:
    """How two entities that look alike were resolved: ``same``, ``not_same`` or ``later``.

    Kept as a table of the dataset so a decision survives later ingests and uploads, and
    can be undone by removing its row.
    """

    left: str
    right: str
    decision: str
    by: str = ""
    date: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Dataset:
    """The tables. ``name`` is what the user sees (usually the folder name)."""

    entities: tuple[Entity, ...] = ()
    claims: tuple[Claim, ...] = ()
    sources: tuple[Source, ...] = ()
    name: str = field(default="dataset", compare=False)
    decisions: tuple[Decision, ...] = ()
    # Types of attribute columns that are not text: (table, name, type) with table "entities"
    # or "claims" and type one of ATTRIBUTE_TYPES.
    attribute_types: tuple[tuple[str, str, str], ...] = ()
    # Graph-level facts a file gave (edgedefault, its meta data, its graph attributes).
    properties: tuple[tuple[str, str], ...] = ()

    def entity_ids(self) -> set[str]:
        return {entity.id for entity in self.entities}

    def source_ids(self) -> set[str]:
        return {source.id for source in self.sources}


def claim_row(claim: Claim) -> dict[str, str]:
    """A claim as a CSV row (``None`` dates become empty cells)."""
    row = {
        "subject": claim.subject,
        "relation": claim.relation,
        "object": claim.object,
        "start": claim.start or "",
        "end": claim.end or "",
        "source": claim.source,
        "locator": claim.locator,
        "note": claim.note,
        "role": claim.role,
    }
    if claim.attributes:
        row.update(claim.attributes)
    return row


def split_column(column: str) -> tuple[str, str]:
    """A header cell as (attribute name, type): ``weight:double`` → ('weight', 'double').

    >>> split_column("viz:x:double"), split_column("viz:color"), split_column("iso3")
    (('viz:x', 'double'), ('viz:color', 'string'), ('iso3', 'string'))
    """
    name, _, suffix = column.rpartition(":")
    if name and suffix in ATTRIBUTE_TYPES:
        return name, suffix
    return column, "string"


def typed_column(name: str, kind: str) -> str:
    """The header cell of an attribute: its name, with ``:type`` unless it is text."""
    if kind == "string" and split_column(name)[1] == "string":
        return name
    return f"{name}:{kind}"


def parse_typed(text: str, kind: str) -> Any:
    """The value of an attribute cell; raises ValueError when the text is not of that type.

    >>> parse_typed(" 42 ", "integer"), parse_typed("1e3", "double"), parse_typed("TRUE", "boolean")
    (42, 1000.0, True)
    """
    if kind == "string":
        return text
    stripped = text.strip()
    if kind == "integer":
        return int(stripped)
    if kind == "double":
        value = float(stripped)
        if not math.isfinite(value):
            raise ValueError(f"{text!r} is not a finite number")
        return value
    if kind == "boolean":
        lowered = stripped.lower()
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        raise ValueError(f"{text!r} is not true or false")
    raise ValueError(f"unknown type {kind!r}")


def format_typed(value: Any) -> str:
    """The cell text of a typed value (what parse_typed reads back)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def entity_row(entity: Entity) -> dict[str, str]:
    row = {
        "id": entity.id,
        "type": entity.type,
        "label": entity.label,
        "aliases": "|".join(entity.aliases),
        "description": entity.description,
    }
    row.update(dict(entity.attributes))
    return row


def source_row(source: Source) -> dict[str, str]:
    return {
        item.name: "" if getattr(source, item.name) is None else str(getattr(source, item.name))
        for item in fields(source)
    }


def decision_row(decision: Decision) -> dict[str, str]:
    return {
        item.name: "" if getattr(decision, item.name) is None else str(getattr(decision, item.name))
        for item in fields(decision)
    }
