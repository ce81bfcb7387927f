"""Hand edits in the in-memory store: retractions, revisions, notes and versions
(:mod:`graph.store.changes`), kept beside the graph and restored by undo.

:class:`MemoryEditing` is the half of :class:`graph.store.memory.MemoryStore` that applies a
:class:`~graph.store.changes.Change`: the graph is built again from the tables without the
retracted claims, with the revised entities and with what the change adds, and the state
before is kept with the write so that undo brings it back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import networkx as nx

from graph.build import build_graph
from graph.errors import DatasetError, WriteConflictError
from graph.model import Claim, Dataset, Entity, Source
from graph.query import conflicts
from graph.store.base import WriteRecord, WriteResult, check_addition
from graph.store.changes import (
    Change,
    Expected,
    Note,
    Retraction,
    Revision,
    changed_since,
    notes_about,
    notes_of,
    retractions_of,
    still_reported,
)
from graph.store.same_ids import reconcile
from graph.store.sql_write import fingerprint
from graph.view import ViewSpec

History = list[tuple[nx.MultiDiGraph, Dataset, WriteResult, set[Claim]]]


@dataclass(frozen=True)
class EditState:
    """What the edits of a memory store hold besides its tables."""

    retractions: tuple[Retraction, ...] = ()
    revisions: tuple[Revision, ...] = ()
    notes: tuple[Note, ...] = ()
    versions: tuple[tuple[str, int], ...] = ()  # entity id or claim fingerprint → last write that changed it


@dataclass
class _Saved:
    states: dict[int, EditState] = field(default_factory=dict)  # write → edit state before it


class MemoryEditing:
    """Edits over a memory store's graph (see the module docstring)."""

    _G: nx.MultiDiGraph
    _dataset: Dataset | None
    _order: dict[str, int] | None
    _history: History
    _last_batch: int
    _edits: EditState
    _saved: _Saved
    _reported_cache: dict[frozenset[Claim], nx.MultiDiGraph]
    _log: dict[int, WriteRecord]
    _added: dict[int, Dataset]
    _hand_edits: dict[int, set[str]]  # an edit write → the entities its retractions, revisions, notes touch
    _did: dict[int, Change]  # each write → what it did, to redo it once undone

    def dataset(self) -> Dataset:
        raise NotImplementedError

    def _init_edits(self) -> None:
        self._edits = EditState()
        self._saved = _Saved()
        self._reported_cache = {}

    # ---- reading ---------------------------------------------------------------------------

    def sources(self, ids: Iterable[str]) -> tuple[Source, ...]:
        """The stored sources with these ids."""
        wanted = set(ids)
        return tuple(source for source in self.dataset().sources if source.id in wanted)

    def find_sources(self, text: str, limit: int = 10) -> tuple[Source, ...]:
        """Sources whose title, publisher, URL or id holds ``text`` (case ignored), by id."""
        wanted = text.strip().lower()
        found = [
            source
            for source in self.dataset().sources
            if any(
                wanted in value.lower() for value in (source.title, source.publisher, source.url, source.id)
            )
        ]
        return tuple(sorted(found, key=lambda source: source.id)[:limit])

    def retracted(self, entity: str | None = None) -> tuple[Retraction, ...]:
        """The retractions (in the order they were made) of claims about ``entity``, or all."""
        return retractions_of(self._edits.retractions, entity)

    def notes(self, entity: str | None = None) -> tuple[Note, ...]:
        """The notes on ``entity`` and on claims that name it (every note when None)."""
        if entity is None:
            return self._edits.notes
        return notes_of(self._edits.notes, entity)

    def revisions(self, entity: str | None = None) -> tuple[Revision, ...]:
        """The edits of ``entity`` (or of every entity), oldest first."""
        return tuple(r for r in self._edits.revisions if entity is None or r.after.id == entity)

    def entity_version(self, entity_id: str) -> int:
        """The write that last changed the entity (0: as first loaded)."""
        recorded = dict(self._edits.versions).get(entity_id)
        if recorded is not None:
            return recorded
        for index, (_, before, result, _) in enumerate(self._history):
            after = self._history[index + 1][1] if index + 1 < len(self._history) else self.dataset()
            if entity_id in after.entity_ids() and entity_id not in before.entity_ids():
                return result.batch or 0
        return 0

    def claim_version(self, claim: Claim) -> int:
        """The write that added the claim (0: as first loaded)."""
        recorded = dict(self._edits.versions).get(fingerprint(claim))
        if recorded is not None:
            return recorded
        return next((result.batch or 0 for *_, result, added in self._history if claim in added), 0)

    def _decorated(self, G: nx.MultiDiGraph) -> nx.MultiDiGraph:
        """``G`` with the notes on its entities (built by this store, so it may be changed)."""
        if self._edits.notes:
            G.graph["notes"] = notes_about(self._edits.notes, None)
        return G

    def _graph_for(self, spec: ViewSpec | None) -> nx.MultiDiGraph:
        """The graph a view reads: with the claims retracted after its "reported by" day."""
        back = frozenset(still_reported(self._edits.retractions, spec))
        if not back:
            return self._G
        if back not in self._reported_cache:
            tables = self.dataset()
            self._reported_cache = {
                back: self._decorated(build_graph(replace(tables, claims=tables.claims + tuple(back))))
            }
        return self._reported_cache[back]

    # ---- writing ---------------------------------------------------------------------------

    def change(self, change: Change, author: str = "", note: str = "", kind: str = "edit") -> WriteResult:
        """Apply ``change`` as one write (see :mod:`graph.store.changes`); nothing on an error."""
        self._check_expected(change.expected)
        base = self.dataset()
        trimmed = self._trimmed(base, change)
        addition, report = reconcile(
            change.addition,
            {entity.id: entity for entity in trimmed.entities},
            {source.id: source for source in trimmed.sources},
            "refuse",
            lambda ids: set(ids) & (trimmed.entity_ids() | trimmed.source_ids()),
        )
        report.extend(check_addition(addition, trimmed.entity_ids(), trimmed.source_ids()))
        if not report.ok:
            raise DatasetError("The edit was refused; nothing was written:", report)
        entities = tuple(e for e in dict.fromkeys(addition.entities) if e.id not in trimmed.entity_ids())
        sources = tuple(s for s in dict.fromkeys(addition.sources) if s.id not in trimmed.source_ids())
        stored = set(trimmed.claims)
        claims = tuple(claim for claim in dict.fromkeys(addition.claims) if claim not in stored)
        if not (entities or claims or sources or change.retractions or change.revisions or change.notes):
            return WriteResult(None, 0, 0, 0, 0, (), report)  # nothing new: no write
        merged = replace(
            trimmed,
            entities=trimmed.entities + entities,
            claims=trimmed.claims + claims,
            sources=trimmed.sources + sources,
        )
        G = build_graph(merged)
        before = {(node, what) for node, disputed in conflicts(self._G) for what in disputed}
        created = tuple(
            sorted((n, w) for n, disputed in conflicts(G) for w in disputed if (n, w) not in before)
        )
        self._last_batch += 1
        batch = self._last_batch
        written = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        result = WriteResult(
            batch, len(entities), len(claims), len(sources), 0, created, report, author, written
        )
        self._history.append((self._G, base, result, set(claims)))
        self._log[batch] = WriteRecord(
            batch, kind, author, note, written, len(entities), len(claims), len(sources), 0, False
        )
        self._added[batch] = Dataset(entities, claims, sources)
        self._did[batch] = replace(change, addition=self._added[batch], expected=())
        self._hand_edits[batch] = _edited_entities(change)
        self._saved.states[batch] = self._edits
        self._edits = self._after(change, entities, claims, batch, author, written)
        self._G, self._dataset, self._order, self._reported_cache = self._decorated(G), merged, None, {}
        return result

    def _trimmed(self, base: Dataset, change: Change) -> Dataset:
        """The tables without the claims ``change`` retracts, with the entities it revises;
        WriteConflictError when one of them is not as the change found it."""
        stored = set(base.claims)
        for retraction in change.retractions:
            if retraction.claim not in stored:
                raise WriteConflictError(
                    f"The claim {_claim_text(retraction.claim)} is not stored (retracted or undone since "
                    "it was read). Nothing was written."
                )
        current = {entity.id: entity for entity in base.entities}
        for revision in change.revisions:
            if current.get(revision.before.id) != revision.before:
                raise WriteConflictError(
                    f"The entity {revision.before.id} was changed since it was read. Nothing was written."
                )
        revised = {revision.after.id: revision.after for revision in change.revisions}
        gone = {retraction.claim for retraction in change.retractions}
        return replace(
            base,
            entities=tuple(revised.get(entity.id, entity) for entity in base.entities),
            claims=tuple(claim for claim in base.claims if claim not in gone),
        )

    def _after(
        self,
        change: Change,
        entities: tuple[Entity, ...],
        claims: tuple[Claim, ...],
        batch: int,
        author: str,
        written: str,
    ) -> EditState:
        """The edit state once ``change`` is written as ``batch``."""
        stamp = {"author": author, "batch": batch, "written": written}
        versions = dict(self._edits.versions)
        changed = [entity.id for entity in entities] + [r.after.id for r in change.revisions]
        changed += [fingerprint(claim) for claim in claims]
        versions.update(dict.fromkeys(changed, batch))
        return EditState(
            self._edits.retractions + tuple(replace(r, **stamp) for r in change.retractions),  # type: ignore[arg-type]
            self._edits.revisions + tuple(replace(r, **stamp) for r in change.revisions),  # type: ignore[arg-type]
            self._edits.notes + tuple(replace(n, **stamp) for n in change.notes),  # type: ignore[arg-type]
            tuple(versions.items()),
        )

    def _check_expected(self, expected: tuple[Expected, ...]) -> None:
        for item in expected:
            current = self._current_version(item)
            if current != item.version:
                raise WriteConflictError(changed_since(item, current, self._log_entry(current)))

    def _current_version(self, item: Expected) -> int:
        if item.what == "entity":
            return self.entity_version(item.key)
        recorded = dict(self._edits.versions).get(item.key)
        if recorded is not None:
            return recorded
        claim = next((c for c in self.dataset().claims if fingerprint(c) == item.key), None)
        return -1 if claim is None else self.claim_version(claim)

    def _log_entry(self, batch: int) -> str:
        if batch < 0:
            return "a write that retracted it"
        found = next((entry[2] for entry in self._history if entry[2].batch == batch), None)
        if found is None:
            return "the first load" if batch == 0 else f"write {batch}"
        return f"write {batch} by {found.author or 'someone'} at {found.written}"

    def _restore_edits(self, batch: int | None) -> None:
        """Undo's half: the edit state before ``batch`` (plain writes leave it as it is)."""
        if batch is not None and batch in self._saved.states:
            self._edits = self._saved.states.pop(batch)
        self._reported_cache = {}


def _edited_entities(change: Change) -> set[str]:
    """The entities a change's retractions, revisions and notes are about."""
    named = {item.claim.subject for item in change.retractions}
    named |= {item.before.id for item in change.revisions}
    return named | {note.entity for note in change.notes if note.entity}


def _claim_text(claim: Claim) -> str:
    return f"{claim.subject} {claim.relation} {claim.object} [{claim.source}]"
