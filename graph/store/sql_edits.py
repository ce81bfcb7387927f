"""Hand edits in a SQL store: retractions, entity revisions, notes and versions
(:mod:`graph.store.changes`), each row naming its write so that undo takes it back.

:class:`SQLEditing` is the part of :class:`graph.store.sql.SQLStore` that applies a
:class:`~graph.store.changes.Change` in one transaction: what it adds goes through the
ordinary write (:mod:`graph.store.sql_write`); a retracted claim then moves, whole, from
``claims`` into ``retractions`` (so no read of claims sees it) and the edges and conflicts
of its subject are derived again; a revision updates the entity row, its names and
attributes, and keeps the value before. Undo moves retracted claims back (same row),
restores revised entities, and drops the write's notes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from graph.dates import as_date
from graph.errors import WriteConflictError
from graph.model import Claim, Entity, Source
from graph.query import fold
from graph.store import queries
from graph.store.base import WriteResult
from graph.store.changes import (
    Change,
    Expected,
    Note,
    Retraction,
    Revision,
    changed_since,
    entity_data,
    entity_from_data,
    still_reported,
)
from graph.store.sql_write import SQLWriting, _log_entry, claim_of, derive, fingerprint, name_rows, now
from graph.view import ViewSpec

_CLAIM = "subject, relation, object, source, start_date, end_date, locator, note, role, attributes"
_MOVED = (
    "fingerprint, subject, subject_seq, relation, object, object_seq, source, start_date, end_date, "
    "start_day, end_day, locator, note, role, attributes"
)
RETRACT = f"""
INSERT INTO retractions (seq, claim_seq, {_MOVED}, claim_batch, reason, retracted_on, retracted_day,
                         author, written, batch)
SELECT %(seq)s, c.seq, {", ".join("c." + name for name in _MOVED.split(", "))}, c.batch, %(reason)s,
       %(on)s, %(day)s::DATE, %(author)s, %(written)s, %(batch)s
FROM claims c WHERE c.fingerprint = %(fingerprint)s
"""
DELETE_CLAIM = "DELETE FROM claims WHERE fingerprint = %(fingerprint)s"
CLAIM_KEYS = """
SELECT c.fingerprint, c.subject_seq, c.batch FROM claims c
WHERE c.fingerprint = ANY(%(fingerprints)s::TEXT[])
"""
RESTORE = f"""
INSERT INTO claims (seq, {_MOVED}, batch)
SELECT r.claim_seq, {", ".join("r." + name for name in _MOVED.split(", "))}, r.claim_batch
FROM retractions r WHERE r.batch = %(batch)s
"""
RESTORED_SUBJECTS = "SELECT DISTINCT subject_seq FROM retractions WHERE batch = %(batch)s"
RETRACTED = f"""
SELECT {_CLAIM}, reason, retracted_on, author, batch, written FROM retractions
WHERE %(entity)s::TEXT IS NULL OR subject = %(entity)s::TEXT OR object = %(entity)s::TEXT
ORDER BY seq
"""
STILL_REPORTED = f"""
SELECT {_CLAIM}, reason, retracted_on, author, batch, written FROM retractions r
WHERE r.subject_seq = ANY(%(seqs)s::BIGINT[])
  AND (r.object_seq IS NULL OR r.object_seq = ANY(%(seqs)s::BIGINT[]))
  AND r.retracted_day > %(day)s::DATE
ORDER BY r.seq
"""
NOTES = """
SELECT entity_id, subject, relation, object, text, author, batch, written FROM notes
WHERE %(any)s OR entity_id = ANY(%(ids)s::TEXT[]) OR object = ANY(%(ids)s::TEXT[])
ORDER BY seq
"""
REVISIONS = """
SELECT before_value, after_value, source, locator, note, author, batch, written FROM entity_revisions
WHERE %(entity)s::TEXT IS NULL OR entity_id = %(entity)s::TEXT
ORDER BY seq
"""
REVISIONS_OF_BATCH = "SELECT before_value FROM entity_revisions WHERE batch = %(batch)s ORDER BY seq DESC"
ENTITY_BATCHES = """
SELECT batch FROM entities WHERE id = %(id)s
UNION ALL SELECT batch FROM entity_revisions WHERE entity_id = %(id)s
"""
UPDATE_ENTITY = """
UPDATE entities SET type = %(type)s, label = %(label)s, label_folded = %(folded)s,
                    aliases = %(aliases)s, description = %(description)s
WHERE seq = %(seq)s
"""
FIND_SOURCES = r"""
SELECT id, title, publisher, author, published, url, kind FROM sources
WHERE LOWER(title) LIKE %(pattern)s ESCAPE '\' OR LOWER(publisher) LIKE %(pattern)s ESCAPE '\'
   OR LOWER(url) LIKE %(pattern)s ESCAPE '\' OR LOWER(id) LIKE %(pattern)s ESCAPE '\'
ORDER BY id COLLATE "C"
LIMIT %(limit)s
"""
MAX_SEQ = {
    table: f"SELECT COALESCE(MAX(seq), 0) FROM {table}"
    for table in ("retractions", "entity_revisions", "notes")
}
DELETE_OF_BATCH = {table: f"DELETE FROM {table} WHERE batch = %(batch)s" for table in MAX_SEQ}


def entity_json(entity: Entity) -> str:
    """An entity as a revision row keeps it."""
    return json.dumps(entity_data(entity), ensure_ascii=False)


def entity_from_json(text: str) -> Entity:
    return entity_from_data(json.loads(text))


def _retraction(row: Sequence[Any]) -> Retraction:
    claim = claim_of(row[:10])
    reason, on, author, batch, written = row[10:]
    return Retraction(claim, reason, on, author, batch, written)


class SQLEditing(SQLWriting):
    """Edits over a SQL store (see the module docstring)."""

    # ---- reading ---------------------------------------------------------------------------

    def sources(self, ids: Iterable[str]) -> tuple[Source, ...]:
        """The stored sources with these ids."""
        return tuple(self._sources(ids))

    def find_sources(self, text: str, limit: int = 10) -> tuple[Source, ...]:
        """Sources whose title, publisher, URL or id holds ``text`` (case ignored), by id."""
        pattern = (
            "%" + text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
        rows = self._fetch(FIND_SOURCES, {"pattern": pattern, "limit": limit})
        return tuple(Source(*row) for row in rows)

    def retracted(self, entity: str | None = None) -> tuple[Retraction, ...]:
        """The retractions (in the order they were made) of claims about ``entity``, or all."""
        return tuple(_retraction(row) for row in self._fetch(RETRACTED, {"entity": entity}))

    def notes(self, entity: str | None = None) -> tuple[Note, ...]:
        """The notes on ``entity`` and on claims that name it (every note when None)."""
        return self._notes(None if entity is None else [entity])

    def _notes(self, ids: Sequence[str] | None) -> tuple[Note, ...]:
        rows = self._fetch(NOTES, {"any": ids is None, "ids": list(ids or ())})
        return tuple(
            Note(entity, text, (subject, relation, target) if relation else None, author, batch, written)
            for entity, subject, relation, target, text, author, batch, written in rows
        )

    def revisions(self, entity: str | None = None) -> tuple[Revision, ...]:
        """The edits of ``entity`` (or of every entity), oldest first."""
        return tuple(
            Revision(
                entity_from_json(before), entity_from_json(after), source, locator, note, author, batch, when
            )
            for before, after, source, locator, note, author, batch, when in self._fetch(
                REVISIONS, {"entity": entity}
            )
        )

    def entity_version(self, entity_id: str) -> int:
        """The write that last changed the entity (-1: not stored)."""
        batches = [batch for (batch,) in self._fetch(ENTITY_BATCHES, {"id": entity_id})]
        return max(batches) if batches else -1

    def claim_version(self, claim: Claim) -> int:
        """The write that added the claim (-1: not stored, e.g. retracted)."""
        rows = self._fetch(CLAIM_KEYS, {"fingerprints": [fingerprint(claim)]})
        return rows[0][2] if rows else -1

    def _still_reported(self, seqs: Sequence[int], spec: ViewSpec | None) -> list[Claim]:
        """The claims among ``seqs`` retracted after the spec's "reported by" day."""
        if spec is None or not spec.reported_by or not seqs:
            return []
        rows = self._fetch(STILL_REPORTED, {"seqs": list(seqs), "day": as_date(spec.reported_by)})
        return still_reported(tuple(_retraction(row) for row in rows), spec)

    # ---- writing ---------------------------------------------------------------------------

    def change(self, change: Change, author: str = "", note: str = "", kind: str = "edit") -> WriteResult:
        """Apply ``change`` as one write (see :mod:`graph.store.changes`); nothing on an error."""
        with self._writing():
            result = self._change(change, author, note, kind)
        self._after_write(result)
        return result

    def _change(self, change: Change, author: str, note: str, kind: str) -> WriteResult:
        self._check_expected(change.expected)
        prints = [fingerprint(retraction.claim) for retraction in change.retractions]
        stored = {row[0]: row[1] for row in self._fetch(CLAIM_KEYS, {"fingerprints": prints})}
        for retraction, claim_print in zip(change.retractions, prints, strict=True):
            if claim_print not in stored:
                claim = retraction.claim
                raise WriteConflictError(
                    f"The claim {claim.subject} {claim.relation} {claim.object} [{claim.source}] is not "
                    "stored (retracted or undone since it was read). Nothing was written."
                )
        self._check_revisions(change.revisions)
        result = self._write(change.addition, author, note, kind, "refuse", lambda stage: None)
        if not (change.retractions or change.revisions or change.notes):
            return result  # only additions: an ordinary write (batch None when nothing was new)
        batch = result.batch
        written = result.written
        if batch is None:
            batch = int(self._meta().get("last_batch", "0")) + 1
            self._set_meta("last_batch", str(batch))
            written = now()
            self._run(
                queries.INSERT_BATCH,
                {"id": batch, "kind": kind, "author": author, "note": note, "written": written}
                | dict.fromkeys(("entities", "claims", "sources", "decisions"), 0),
            )
        stamp = {"author": author, "written": written, "batch": batch}
        self._retract(change.retractions, prints, stamp)
        self._revise(change.revisions, stamp)
        self._add_notes(change.notes, stamp)
        self._rederive(sorted(set(stored.values())))
        return WriteResult(
            batch,
            result.entities,
            result.claims,
            result.sources,
            result.decisions,
            result.new_conflicts,
            result.report,
            author,
            written,
        )

    def _check_expected(self, expected: Iterable[Expected]) -> None:
        for item in expected:
            if item.what == "entity":
                current = self.entity_version(item.key)
            else:
                rows = self._fetch(CLAIM_KEYS, {"fingerprints": [item.key]})
                current = rows[0][2] if rows else -1
            if current != item.version:
                found = self._fetch(queries.BATCH_ROW, {"batch": current}) if current >= 0 else []
                entry = _log_entry(found[0]) if found else "a write that retracted it"
                raise WriteConflictError(changed_since(item, current, entry))

    def _check_revisions(self, revisions: Sequence[Revision]) -> None:
        for revision in revisions:
            found = self._keys([revision.before.id])
            current = self._entities([found[revision.before.id][0]])[0] if found else []
            if not current or current[0] != revision.before:
                raise WriteConflictError(
                    f"The entity {revision.before.id} was changed since it was read. Nothing was written."
                )

    def _retract(
        self, retractions: Sequence[Retraction], prints: Sequence[str], stamp: dict[str, Any]
    ) -> None:
        first = self._fetch(MAX_SEQ["retractions"])[0][0] + 1
        for index, (retraction, claim_print) in enumerate(zip(retractions, prints, strict=True)):
            self._run(
                RETRACT,
                stamp
                | {
                    "seq": first + index,
                    "reason": retraction.reason,
                    "on": retraction.on,
                    "day": as_date(retraction.on),
                    "fingerprint": claim_print,
                },
            )
            self._run(DELETE_CLAIM, {"fingerprint": claim_print})

    def _revise(self, revisions: Sequence[Revision], stamp: dict[str, Any]) -> None:
        first = self._fetch(MAX_SEQ["entity_revisions"])[0][0] + 1
        rows = []
        for index, revision in enumerate(revisions):
            self._set_entity(revision.after)
            rows.append(
                (
                    first + index,
                    revision.after.id,
                    entity_json(revision.before),
                    entity_json(revision.after),
                    revision.source,
                    revision.locator,
                    revision.note,
                    stamp["author"],
                    stamp["written"],
                    stamp["batch"],
                )
            )
        columns = ("seq", "entity_id", "before_value", "after_value", "source", "locator", "note")
        self._insert("entity_revisions", (*columns, "author", "written", "batch"), rows)
        if revisions:
            self._refresh_entity_columns()

    def _set_entity(self, entity: Entity) -> None:
        """The entity row, its names, attributes and the type its links carry, set to ``entity``."""
        seq = self._keys([entity.id])[entity.id][0]
        self._run(
            UPDATE_ENTITY,
            {
                "seq": seq,
                "type": entity.type,
                "label": entity.label,
                "folded": fold(entity.label),
                "aliases": json.dumps(list(entity.aliases), ensure_ascii=False),
                "description": entity.description,
            },
        )
        self._run("DELETE FROM names WHERE entity = %(seq)s", {"seq": seq})
        self._run("DELETE FROM attributes WHERE entity = %(seq)s", {"seq": seq})
        self._insert("names", ("entity", "name", "folded", "words", "bonus"), name_rows(seq, entity))
        self._insert("attributes", ("entity", "name", "value"), [(seq, n, v) for n, v in entity.attributes])
        self._run(
            "UPDATE links SET there_type = %(type)s WHERE there = %(seq)s", {"seq": seq, "type": entity.type}
        )

    def _add_notes(self, notes: Sequence[Note], stamp: dict[str, Any]) -> None:
        first = self._fetch(MAX_SEQ["notes"])[0][0] + 1
        rows = []
        for index, note in enumerate(notes):
            subject, relation, target = note.claim or ("", "", "")
            row = (first + index, note.entity, subject, relation, target, note.text)
            rows.append((*row, stamp["author"], stamp["written"], stamp["batch"]))
        columns = ("seq", "entity_id", "subject", "relation", "object", "text", "author", "written", "batch")
        self._insert("notes", columns, rows)

    def _rederive(self, subjects: Sequence[int]) -> None:
        """Derive again the edges and conflicts of these subjects from their stored claims."""
        if not subjects:
            return
        rows = self._fetch(queries.CONFLICTS_OF, {"seqs": list(subjects)})
        ids = {seq: entity_id for seq, entity_id, _ in rows}
        edges, conflicts = derive(self._claims_of(list(ids)))
        known = dict(self._keys(ids.values()))
        self._replace_links(list(ids), edges, known)
        before = {entity_id: json.loads(what) for _, entity_id, what in rows}
        self._update_conflicts(list(ids), before, conflicts, known)

    # ---- undo ------------------------------------------------------------------------------

    def _take_back(self, batch: int, had_entities: bool) -> None:
        """The write's own rows taken back, its retracted claims put back and its revised
        entities restored (the ordinary half in :class:`SQLWriting`)."""
        params = {"batch": batch}
        restored = [seq for (seq,) in self._fetch(RESTORED_SUBJECTS, params)]
        befores = [entity_from_json(text) for (text,) in self._fetch(REVISIONS_OF_BATCH, params)]
        for entity in befores:  # newest first: the oldest value is set last
            self._set_entity(entity)
        self._run(RESTORE, params)
        for statement in DELETE_OF_BATCH.values():
            self._run(statement, params)
        super()._take_back(batch, had_entities)
        self._rederive(restored)
        if befores and not had_entities:
            self._refresh_entity_columns()
