"""The dataset: three tables of entities, claims and sources (after Wikidata's statements).

Rows are frozen dataclasses so a dataset can be shared and hashed; the CSV files in
``data/<dataset>/`` have the same columns as these fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

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

    def entity_ids(self) -> set[str]:
        return {entity.id for entity in self.entities}

    def source_ids(self) -> set[str]:
        return {source.id for source in self.sources}


def claim_row(claim: Claim) -> dict[str, str]:
    """A claim as a CSV row (``None`` dates become empty cells)."""
    return {
        name: "" if getattr(claim, name) is None else str(getattr(claim, name))
        for name in CLAIM_COLUMNS + OPTIONAL_CLAIM_COLUMNS
    }


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
