"""Drafts: each author's review in progress, kept in the store beside the data it will change.

A draft is a text the store does not read (graph/ingest/draft.py writes and reads it): an
article pasted for review, its proposal and every choice made about it. Saving one replaces the
author's previous draft in one transaction; it is not a write of the log (it changes nothing
the store says), so it is neither listed in the history nor undone. A read-only store keeps no
draft: saving one is refused as any write is. The app saves with ``wait=False``: while another
write is under way (a long import, another process) the draft is not saved, rather than the app
standing still, and is saved by a later run; each engine says whether it can write at once
(``_writing_now``: SQLite and DuckDB try their locks, PostgreSQL its advisory lock).

>>> from graph.store import open_store
>>> store = open_store("sqlite:///:memory:", create=True)
>>> store.draft("ana") is None
True
>>> store.save_draft("ana", '{"text": "…"}').author
'ana'
>>> store.draft("ana").body
'{"text": "…"}'
>>> store.drop_draft("ana"), store.draft("ana")
(True, None)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from graph.store.base import SavedDraft
from graph.store.sql_edits import SQLEditing
from graph.store.sql_write import now

DRAFT = "SELECT author, saved, body FROM drafts WHERE author = %(author)s"
DROP_DRAFT = "DELETE FROM drafts WHERE author = %(author)s"
SAVE_DRAFT = "INSERT INTO drafts (author, saved, body) VALUES (%(author)s, %(saved)s, %(body)s)"


class SQLDrafts(SQLEditing):
    """Drafts over an engine's statements: one row per author in the table ``drafts``."""

    def _writing_now(self) -> AbstractContextManager[bool]:
        """A write transaction if one can start at once (True), else nothing is to be written
        (False); an engine that cannot tell waits for its turn (:meth:`_writing`)."""
        return _waiting(self)

    def draft(self, author: str) -> SavedDraft | None:
        """The author's draft, or None."""
        rows = self._fetch(DRAFT, {"author": author})
        return SavedDraft(*rows[0]) if rows else None

    def save_draft(self, author: str, body: str, wait: bool = True) -> SavedDraft | None:
        """Keep ``body`` as the author's draft, in place of the one before (one transaction).
        ``wait=False``: None, and nothing saved, when another write is under way (the app saves
        as the reviewer works, and must not stand still behind a long import)."""
        saved = SavedDraft(author, now(), body)
        with self._writing() if wait else self._writing_now() as free:
            if free is False:
                return None
            self._run(DROP_DRAFT, {"author": author})
            self._run(SAVE_DRAFT, {"author": author, "saved": saved.saved, "body": body})
        return saved

    def drop_draft(self, author: str, wait: bool = True) -> bool:
        """Forget the author's draft (nothing happens when there is none); False when ``wait`` is
        False and another write is under way (nothing was done)."""
        with self._writing() if wait else self._writing_now() as free:
            if free is False:
                return False
            self._run(DROP_DRAFT, {"author": author})
        return True


@contextmanager
def _waiting(store: SQLEditing) -> Iterator[bool]:
    with store._writing():
        yield True
