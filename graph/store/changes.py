"""Hand edits as every store keeps them: retractions, entity revisions, notes and versions.

:mod:`graph.edits` turns checked operations into one :class:`Change`; a store applies it
in one transaction (``store.change``), as one write of the log (kind ``edit``) that
``store.undo`` takes back whole.

- A **retraction** never deletes a claim: the claim leaves the claims every read sees and
  is kept, whole, in a dated row (who, when, why, from which day it counts). Undoing the
  write puts it back. A view "as reported by" a day before ``on`` still shows it.
- A **revision** keeps an entity's value before and after an edit (label, aliases,
  description, type, attributes), cited by a source or marked as an editor's note
  (``source`` empty, ``note`` says why). Undoing the write restores the value before.
- A **note** is an analyst's remark on an entity or a claim (subject, relation, object):
  not a claim, never drawn as a relation.
- A **version** of an entity or a claim is the id of the write that last changed it (0:
  as first loaded into a memory store). An edit that names the version it read is refused
  (WriteConflictError naming the write) when another write changed it since.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from graph.dates import parse_date
from graph.model import Claim, Dataset, Decision, Entity, Source
from graph.view import ViewSpec

ClaimKey = tuple[str, str, str]  # subject, relation, object: what a note on a claim names


@dataclass(frozen=True)
class Retraction:
    """A claim taken out of every view, with why, by whom and from which day (ISO) it counts."""

    claim: Claim
    reason: str
    on: str
    author: str = ""
    batch: int | None = None
    written: str = ""


@dataclass(frozen=True)
class Revision:
    """An entity before and after an edit; ``source`` empty means an editor's note (``note``: why)."""

    before: Entity
    after: Entity
    source: str = ""
    locator: str = ""
    note: str = ""
    author: str = ""
    batch: int | None = None
    written: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        """The names of the fields the edit changed."""
        names = ("type", "label", "aliases", "description", "attributes")
        return tuple(name for name in names if getattr(self.before, name) != getattr(self.after, name))


@dataclass(frozen=True)
class Note:
    """An analyst's remark on ``entity``, or on a claim of it (``claim``: subject, relation, object)."""

    entity: str
    text: str
    claim: ClaimKey | None = None
    author: str = ""
    batch: int | None = None
    written: str = ""

    def row(self) -> dict[str, str]:
        """The note as a row of notes.csv (and of the snapshot and HTML exports)."""
        subject, relation, target = self.claim or ("", "", "")
        return {
            "entity": self.entity,
            "subject": subject,
            "relation": relation,
            "object": target,
            "text": self.text,
            "author": self.author,
            "written": self.written,
        }


@dataclass(frozen=True)
class Expected:
    """The version of an entity (``key`` its id) or a claim (``key`` its fingerprint) an edit read."""

    what: str  # "entity" or "claim"
    key: str
    version: int
    label: str = ""  # how a message names it


@dataclass(frozen=True)
class Change:
    """What one edit write does: add (a dataset), retract, revise entities, note; in one transaction."""

    addition: Dataset = field(default_factory=Dataset)
    retractions: tuple[Retraction, ...] = ()
    revisions: tuple[Revision, ...] = ()
    notes: tuple[Note, ...] = ()
    expected: tuple[Expected, ...] = ()

    def empty(self) -> bool:
        addition = self.addition
        return not (
            addition.entities
            or addition.claims
            or addition.sources
            or addition.decisions
            or self.retractions
            or self.revisions
            or self.notes
        )


NOTE_COLUMNS: tuple[str, ...] = ("entity", "subject", "relation", "object", "text", "author", "written")


def today() -> str:
    """The day (UTC, ISO) a retraction counts from unless it names one."""
    return dt.datetime.now(dt.UTC).date().isoformat()


def still_reported(retractions: tuple[Retraction, ...], spec: ViewSpec | None) -> list[Claim]:
    """The retracted claims a view "as reported by" a day before their retraction still shows.

    >>> claim = Claim("a", "member_of", "b", "s")
    >>> gone = (Retraction(claim, "wrong", "2024-05-01"),)
    >>> still_reported(gone, ViewSpec(reported_by="2024-04-30")) == [claim]
    True
    >>> still_reported(gone, ViewSpec(reported_by="2024-05-01")), still_reported(gone, ViewSpec())
    ([], [])
    """
    if spec is None or not spec.reported_by:
        return []
    day = parse_date(spec.reported_by)
    return list(dict.fromkeys(r.claim for r in retractions if day < parse_date(r.on)))


def notes_about(notes: tuple[Note, ...], entity_ids: set[str] | None) -> list[dict[str, Any]]:
    """The rows of the notes on these entities (every note when ``entity_ids`` is None), and on
    claims that name them."""
    return [
        note.row()
        for note in notes
        if entity_ids is None
        or note.entity in entity_ids
        or (note.claim is not None and note.claim[2] in entity_ids)
    ]


def notes_of(notes: tuple[Note, ...], entity_id: str) -> tuple[Note, ...]:
    """The notes on ``entity_id`` and on the claims that name it."""
    return tuple(
        note
        for note in notes
        if note.entity == entity_id or (note.claim is not None and note.claim[2] == entity_id)
    )


def retractions_of(retractions: tuple[Retraction, ...], entity_id: str | None) -> tuple[Retraction, ...]:
    """The retractions of claims about ``entity_id`` (as subject or object); all when it is None."""
    return tuple(
        r for r in retractions if entity_id is None or entity_id in (r.claim.subject, r.claim.object)
    )


def changed_since(expected: Expected, current: int, log_entry: str) -> str:
    """The message of an edit refused because what it read was changed since."""
    name = expected.label or expected.key
    return (
        f"The {expected.what} {name} was changed since you read it (version {expected.version}): "
        f"now version {current}, by {log_entry}. Nothing was written; read it again and redo the edit."
    )


# ---- what a write did, as text (kept when it is undone, so that it can be redone) ----------------


def entity_data(entity: Entity) -> dict[str, Any]:
    """An entity as JSON data (as a revision row and a kept write keep it)."""
    return {
        "id": entity.id,
        "type": entity.type,
        "label": entity.label,
        "aliases": list(entity.aliases),
        "description": entity.description,
        "attributes": [list(pair) for pair in entity.attributes],
    }


def entity_from_data(data: dict[str, Any]) -> Entity:
    pairs = tuple((str(name), str(value)) for name, value in data.get("attributes", []))
    aliases = tuple(data.get("aliases", []))
    return Entity(data["id"], data["type"], data["label"], aliases, data.get("description", ""), pairs)


def attributes_text(claim: Claim) -> str:
    """A claim's edge columns as the store keeps them: JSON pairs, empty for none."""
    return json.dumps([list(pair) for pair in claim.attributes]) if claim.attributes else ""


def claim_row(claim: Claim) -> list[Any]:
    """A claim as a row of the store's claim columns (queries._CLAIM_COLUMNS): the inverse of
    :func:`claim_of`, and how a kept write holds its claims (a row, not an object: a 100,000-claim
    write is kept in a third of the time)."""
    fields = (claim.subject, claim.relation, claim.object, claim.source, claim.start, claim.end)
    return [*fields, claim.locator, claim.note, claim.role, attributes_text(claim)]


def claim_of(row: Sequence[Any]) -> Claim:
    """A claim from a row of the store's claim columns (queries._CLAIM_COLUMNS).

    >>> claim = claim_of(("a", "r", "b", "s", None, None, "", "", "", '[["weight", "2"]]'))
    >>> claim.attributes, claim_of(claim_row(claim)) == claim
    ((('weight', '2'),), True)
    """
    pairs = json.loads(row[9]) if row[9] else []
    subject, relation, target, source, start, end, locator, note, role = row[:9]
    attributes = tuple((str(name), str(value)) for name, value in pairs)
    return Claim(subject, relation, target, source, start, end, locator, note, role, attributes)


def change_to_json(change: Change, claim_rows: Iterable[Sequence[Any]] | None = None) -> str:
    """What a write did (its addition, retractions, revisions and notes) as JSON text; the
    versions it read (``expected``) are left out: a redo is checked against the store as it is.
    ``claim_rows``, when given, are the addition's claims as the store's rows (read as they are).

    >>> claim = Claim("state:SWE", "member_of", "alliance:nato", "source:s", start="2024-03-07")
    >>> change = Change(Dataset(claims=(claim,)), notes=(Note("state:SWE", "Applied in 2022."),))
    >>> change_from_json(change_to_json(change)) == change
    True
    """
    addition = change.addition
    return json.dumps(
        {
            "entities": [entity_data(entity) for entity in addition.entities],
            "claims": list(claim_rows) if claim_rows is not None else [claim_row(c) for c in addition.claims],
            "sources": [asdict(source) for source in addition.sources],
            "decisions": [asdict(decision) for decision in addition.decisions],
            "retractions": [
                {"claim": claim_row(item.claim), "reason": item.reason, "on": item.on}
                for item in change.retractions
            ],
            "revisions": [
                {
                    "before": entity_data(item.before),
                    "after": entity_data(item.after),
                    "source": item.source,
                    "locator": item.locator,
                    "note": item.note,
                }
                for item in change.revisions
            ],
            "notes": [
                {"entity": note.entity, "text": note.text, "claim": note.claim} for note in change.notes
            ],
        },
        ensure_ascii=False,
    )


def change_from_json(text: str) -> Change:
    """The change :func:`change_to_json` wrote."""
    data = json.loads(text)
    addition = Dataset(
        tuple(entity_from_data(item) for item in data["entities"]),
        tuple(claim_of(row) for row in data["claims"]),
        tuple(Source(**item) for item in data["sources"]),
        decisions=tuple(Decision(**item) for item in data["decisions"]),
    )
    return Change(
        addition,
        tuple(
            Retraction(claim_of(item["claim"]), item["reason"], item["on"]) for item in data["retractions"]
        ),
        tuple(
            Revision(
                entity_from_data(item["before"]),
                entity_from_data(item["after"]),
                item["source"],
                item["locator"],
                item["note"],
            )
            for item in data["revisions"]
        ),
        tuple(
            Note(item["entity"], item["text"], tuple(item["claim"]) if item["claim"] else None)  # type: ignore[arg-type]
            for item in data["notes"]
        ),
    )
