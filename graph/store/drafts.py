"""Drafts: each author's review in progress, kept in the store beside the data it will change.

A draft is a text the store does not read (graph/ingest/draft.py writes and reads it): an
article pasted for review, its proposal and every choice made about it. Saving one replaces the
author's previous draft in one transaction; it is not a write of the log (it changes nothing
the store says), so it is neither listed in the history nor undone. A read-only store keeps no
draft: saving one is refused as any write is.

>>> from graph.store import open_store
>>> store = open_store("sqlite:///:memory:", create=True)
>>> store.draft("ana") is None
True
>>> store.save_draft("ana", '{"text": "…"}').author
'ana'
>>> store.draft("ana").body
'{"text": "…"}'
>>> store.drop_draft("ana"); store.draft("ana") is None
True
"""

from __future__ import annotations

from graph.store.base import SavedDraft
from graph.store.sql_edits import SQLEditing
from graph.store.sql_write import now

DRAFT = "SELECT author, saved, body FROM drafts WHERE author = %(author)s"
DROP_DRAFT = "DELETE FROM drafts WHERE author = %(author)s"
SAVE_DRAFT = "INSERT INTO drafts (author, saved, body) VALUES (%(author)s, %(saved)s, %(body)s)"


class SQLDrafts(SQLEditing):
    """Drafts over an engine's statements: one row per author in the table ``drafts``."""

    def draft(self, author: str) -> SavedDraft | None:
        """The author's draft, or None."""
        rows = self._fetch(DRAFT, {"author": author})
        return SavedDraft(*rows[0]) if rows else None

    def save_draft(self, author: str, body: str) -> SavedDraft:
        """Keep ``body`` as the author's draft, in place of the one before (one transaction)."""
        saved = SavedDraft(author, now(), body)
        with self._writing():
            self._run(DROP_DRAFT, {"author": author})
            self._run(SAVE_DRAFT, {"author": author, "saved": saved.saved, "body": body})
        return saved

    def drop_draft(self, author: str) -> None:
        """Forget the author's draft (nothing happens when there is none)."""
        with self._writing():
            self._run(DROP_DRAFT, {"author": author})
