"""Redo: an undone (or reverted) write written again, from what it did, kept when it was taken back.

Undo and revert take a write's rows out of the store. Before they do, what the write did (its
added entities, claims, sources and decisions, its retractions, entity revisions and notes:
:func:`graph.store.changes.change_to_json`) is kept in ``undone_writes``, in the same
transaction. ``redo(N)`` applies it again as a new write (same kind, note "redo of write N: …"),
checked against the store as it is now, exactly as an edit is: a claim it retracted that is no
longer stored, an entity changed since, an id stored with other content, refuse it
(WriteConflictError or DatasetError; nothing changes). The new write is logged and undoable like
any other, and write N is marked as redone by it, so it is not redone twice. A write undone
before this version kept nothing and cannot be redone (the message says so).
"""

from __future__ import annotations

from graph.errors import InputError, WriteConflictError
from graph.model import Dataset, Decision
from graph.store import queries
from graph.store.base import WriteResult, WriteStamp
from graph.store.changes import Change, Note, Retraction, Revision, change_from_json, change_to_json
from graph.store.sql_edits import _CLAIM, SQLEditing, _retraction, entity_from_json

KEEP = "INSERT INTO undone_writes (batch, body) VALUES (%(batch)s, %(body)s)"
FORGET = "DELETE FROM undone_writes WHERE batch = %(batch)s"
KEPT = "SELECT body, redone FROM undone_writes WHERE batch = %(batch)s"
# Once redone, what it did is in the redo's own write (kept again if that is undone): the text goes.
MARK_REDONE = "UPDATE undone_writes SET redone = %(redone)s, body = '' WHERE batch = %(batch)s"
ALL_KEPT = "SELECT batch, body, redone FROM undone_writes ORDER BY batch"
KEEP_AS_IT_WAS = "INSERT INTO undone_writes (batch, body, redone) VALUES (%(batch)s, %(body)s, %(redone)s)"
OF_BATCH = {
    "entities": "SELECT seq FROM entities WHERE batch = %(batch)s ORDER BY seq",
    "claims": f"SELECT {queries._CLAIM_COLUMNS} FROM claims c WHERE c.batch = %(batch)s ORDER BY c.seq",
    "sources": "SELECT id FROM sources WHERE batch = %(batch)s ORDER BY seq",
    "decisions": "SELECT left_id, right_id, decision, author, decided_on, note FROM decisions "
    "WHERE batch = %(batch)s ORDER BY seq",
    "retractions": f"SELECT {_CLAIM}, reason, retracted_on, author, batch, written FROM retractions "
    "WHERE batch = %(batch)s ORDER BY seq",
    "revisions": "SELECT before_value, after_value, source, locator, note FROM entity_revisions "
    "WHERE batch = %(batch)s ORDER BY seq",
    "notes": "SELECT entity_id, subject, relation, object, text FROM notes "
    "WHERE batch = %(batch)s ORDER BY seq",
}


class SQLRedoing(SQLEditing):
    """Undo and revert that keep what they take back, and redo (see the module docstring)."""

    def _what_it_did(self, batch: int) -> str:
        """Write ``batch``'s rows as the change that would make them again, as JSON text (its
        claims as the store's rows: no object is made for each)."""
        params = {"batch": batch}
        entities = self._entities([seq for (seq,) in self._fetch(OF_BATCH["entities"], params)])[0]
        claims = self._fetch(OF_BATCH["claims"], params)
        ids = [source_id for (source_id,) in self._fetch(OF_BATCH["sources"], params)]
        order = {source_id: index for index, source_id in enumerate(ids)}
        sources = sorted(self._sources(ids), key=lambda source: order[source.id])
        decisions = [Decision(*row) for row in self._fetch(OF_BATCH["decisions"], params)]
        revisions = [
            Revision(entity_from_json(before), entity_from_json(after), source, locator, note)
            for before, after, source, locator, note in self._fetch(OF_BATCH["revisions"], params)
        ]
        notes = [
            Note(entity, text, (subject, relation, target) if subject else None)
            for entity, subject, relation, target, text in self._fetch(OF_BATCH["notes"], params)
        ]
        retractions = [_retraction(row) for row in self._fetch(OF_BATCH["retractions"], params)]
        change = Change(
            Dataset(tuple(entities), (), tuple(sources), decisions=tuple(decisions)),
            # as an edit makes them: the claim, why and from which day (the store adds the rest)
            tuple(Retraction(item.claim, item.reason, item.on) for item in retractions),
            tuple(revisions),
            tuple(notes),
        )
        return change_to_json(change, claims)

    def _take_back(self, batch: int, had_entities: bool) -> None:
        """What the write did is kept (for :meth:`redo`), then its rows are taken back."""
        body = self._what_it_did(batch)
        self._run(FORGET, {"batch": batch})
        self._run(KEEP, {"batch": batch, "body": body})
        super()._take_back(batch, had_entities)

    def kept_undone(self) -> dict[int, tuple[str, int | None]]:
        """What each undone write did, as kept for redo, and the write that redid it (for backups)."""
        return {int(batch): (body, redone) for batch, body, redone in self._fetch(ALL_KEPT)}

    def keep_undone(self, kept: dict[int, tuple[str, int | None]]) -> None:
        """Keep again what :meth:`kept_undone` gave (a workspace restored from a backup)."""
        with self._writing():
            for batch, (body, redone) in sorted(kept.items()):
                self._run(FORGET, {"batch": batch})
                self._run(KEEP_AS_IT_WAS, {"batch": batch, "body": body, "redone": redone})

    def redo(self, batch: int | WriteStamp, author: str = "") -> WriteResult:
        """Write again what the undone write ``batch`` did, as a new write (see the module docstring)."""
        self._refuse_if_read_only()
        meant = WriteStamp(batch) if isinstance(batch, int) else batch
        with self._writing():
            rows = self._fetch(queries.BATCH_ROW, {"batch": meant.batch})
            if not rows or meant.author not in (None, rows[0][2]) or meant.written not in (None, rows[0][4]):
                raise InputError(f"Write {meant.batch} is not in {self.url}; nothing was redone.")
            number, kind, _, note, _, *_, undone, _ = rows[0]
            kept = self._fetch(KEPT, {"batch": number})
            if undone is None:
                raise WriteConflictError(f"Write {number} is not undone: there is nothing to redo.")
            if not kept:
                raise WriteConflictError(
                    f"Write {number} was undone by an older version of the program, which did not keep "
                    "what it did: it cannot be redone."
                )
            body, redone = kept[0]
            if redone is not None:
                raise WriteConflictError(f"Write {number} was redone already, as write {redone}.")
            again = f"redo of write {number}" + (f": {note}" if note else "")
            result = self._change(change_from_json(body), author, again, kind)
            if result.batch is not None:
                self._run(MARK_REDONE, {"batch": number, "redone": result.batch})
        self._after_write(result)
        return result
