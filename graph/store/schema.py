"""The claims store's tables, one schema for DuckDB and PostgreSQL, with numbered migrations.

The four tables of a dataset (entities, claims, sources, decisions) are stored as they
are, plus what is derived from them so that queries stay small:

- ``names``: every name an entity is found by (label, id, aliases), folded (lower case,
  no accents) for search;
- ``attributes``: an entity's extra columns (e.g. ``iso3``);
- ``links``: each edge :func:`graph.build.build_graph` makes, stored in both directions
  with the period it holds (first days of the start and end), for neighbourhoods and
  paths; and each entity's ``conflicts``;
- ``batches``: the write log (one row per write, who, when, why), so the last write can be
  undone; an undone write stays, marked ``undone``, and ``store_meta.last_batch`` counts up,
  so no id is ever given to two writes.

A store records its schema version in ``store_meta``. Opening a store applies the
migrations it lacks, in one transaction; a store written by a newer version is refused.
A new migration is a new entry in :data:`MIGRATIONS` (never an edit of an old one).
"""

from __future__ import annotations

SCHEMA_VERSION = 6

# Column types both engines read the same way: TEXT, BIGINT, SMALLINT, DATE, BOOLEAN.
_VERSION_1 = (
    """CREATE TABLE store_meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE batches (
        id BIGINT PRIMARY KEY,
        kind TEXT NOT NULL,
        author TEXT NOT NULL,
        note TEXT NOT NULL,
        written TEXT NOT NULL,
        entities BIGINT NOT NULL,
        claims BIGINT NOT NULL,
        sources BIGINT NOT NULL,
        decisions BIGINT NOT NULL
    )""",
    """CREATE TABLE entities (
        seq BIGINT PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        label TEXT NOT NULL,
        label_folded TEXT NOT NULL,
        aliases TEXT NOT NULL,
        description TEXT NOT NULL,
        conflicts TEXT NOT NULL,
        batch BIGINT NOT NULL
    )""",
    """CREATE TABLE attributes (
        entity BIGINT NOT NULL,
        name TEXT NOT NULL,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE names (
        entity BIGINT NOT NULL,
        name TEXT NOT NULL,
        folded TEXT NOT NULL,
        words TEXT NOT NULL,
        bonus SMALLINT NOT NULL
    )""",
    """CREATE TABLE sources (
        seq BIGINT PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        publisher TEXT NOT NULL,
        author TEXT NOT NULL,
        published TEXT,
        url TEXT NOT NULL,
        kind TEXT NOT NULL,
        batch BIGINT NOT NULL
    )""",
    """CREATE TABLE claims (
        seq BIGINT PRIMARY KEY,
        fingerprint TEXT NOT NULL UNIQUE,
        subject TEXT NOT NULL,
        subject_seq BIGINT NOT NULL,
        relation TEXT NOT NULL,
        object TEXT NOT NULL,
        object_seq BIGINT,
        source TEXT NOT NULL,
        start_date TEXT,
        end_date TEXT,
        start_day DATE,
        end_day DATE,
        locator TEXT NOT NULL,
        note TEXT NOT NULL,
        role TEXT NOT NULL,
        batch BIGINT NOT NULL
    )""",
    """CREATE TABLE decisions (
        seq BIGINT PRIMARY KEY,
        left_id TEXT NOT NULL,
        right_id TEXT NOT NULL,
        decision TEXT NOT NULL,
        author TEXT NOT NULL,
        decided_on TEXT,
        note TEXT NOT NULL,
        batch BIGINT NOT NULL
    )""",
    """CREATE TABLE links (
        here BIGINT NOT NULL,
        there BIGINT NOT NULL,
        there_type TEXT NOT NULL,
        relation TEXT NOT NULL,
        start_day DATE,
        end_day DATE,
        forward BOOLEAN NOT NULL
    )""",
    "CREATE INDEX entities_type ON entities (type)",
    "CREATE INDEX entities_batch ON entities (batch)",
    "CREATE INDEX attributes_entity ON attributes (entity)",
    "CREATE INDEX names_entity ON names (entity)",
    "CREATE INDEX names_folded ON names (folded)",
    "CREATE INDEX sources_batch ON sources (batch)",
    "CREATE INDEX claims_subject ON claims (subject_seq)",
    "CREATE INDEX claims_object ON claims (object_seq)",
    "CREATE INDEX claims_relation ON claims (relation)",
    "CREATE INDEX claims_start ON claims (start_day)",
    "CREATE INDEX claims_end ON claims (end_day)",
    "CREATE INDEX claims_source ON claims (source)",
    "CREATE INDEX claims_batch ON claims (batch)",
    "CREATE INDEX decisions_left ON decisions (left_id)",
    "CREATE INDEX decisions_batch ON decisions (batch)",
    "CREATE INDEX links_here ON links (here)",
    "CREATE INDEX links_there ON links (there)",
)

# Write ids that are never reused: a counter that only grows (an undone write stays in the
# log, marked undone, and keeps its id).
_VERSION_2 = (
    "ALTER TABLE batches ADD COLUMN undone TEXT",
    "ALTER TABLE batches ADD COLUMN undone_by TEXT",
    """INSERT INTO store_meta (name, value)
       SELECT 'last_batch', CAST(COALESCE(MAX(id), 0) AS TEXT) FROM batches""",
)

# The history of one entity looks its decisions up by either side.
_VERSION_3 = ("CREATE INDEX decisions_right ON decisions (right_id)",)

# Hand edits (graph/store/changes.py): a retracted claim moves, whole, into ``retractions``
# with why, who, when and from which day; an entity edit keeps the entity before and after
# (JSON) in ``entity_revisions``; ``notes`` are remarks on an entity or a claim. Each row
# names the write (batch) that made it, so undo takes it back.
_VERSION_4 = (
    """CREATE TABLE retractions (
        seq BIGINT PRIMARY KEY,
        claim_seq BIGINT NOT NULL,
        fingerprint TEXT NOT NULL,
        subject TEXT NOT NULL,
        subject_seq BIGINT NOT NULL,
        relation TEXT NOT NULL,
        object TEXT NOT NULL,
        object_seq BIGINT,
        source TEXT NOT NULL,
        start_date TEXT,
        end_date TEXT,
        start_day DATE,
        end_day DATE,
        locator TEXT NOT NULL,
        note TEXT NOT NULL,
        role TEXT NOT NULL,
        claim_batch BIGINT NOT NULL,
        reason TEXT NOT NULL,
        retracted_on TEXT NOT NULL,
        retracted_day DATE NOT NULL,
        author TEXT NOT NULL,
        written TEXT NOT NULL,
        batch BIGINT NOT NULL
    )""",
    """CREATE TABLE entity_revisions (
        seq BIGINT PRIMARY KEY,
        entity_id TEXT NOT NULL,
        before_value TEXT NOT NULL,
        after_value TEXT NOT NULL,
        source TEXT NOT NULL,
        locator TEXT NOT NULL,
        note TEXT NOT NULL,
        author TEXT NOT NULL,
        written TEXT NOT NULL,
        batch BIGINT NOT NULL
    )""",
    """CREATE TABLE notes (
        seq BIGINT PRIMARY KEY,
        entity_id TEXT NOT NULL,
        subject TEXT NOT NULL,
        relation TEXT NOT NULL,
        object TEXT NOT NULL,
        text TEXT NOT NULL,
        author TEXT NOT NULL,
        written TEXT NOT NULL,
        batch BIGINT NOT NULL
    )""",
    "CREATE INDEX retractions_subject ON retractions (subject_seq)",
    "CREATE INDEX retractions_object ON retractions (object_seq)",
    "CREATE INDEX retractions_batch ON retractions (batch)",
    "CREATE INDEX entity_revisions_entity ON entity_revisions (entity_id)",
    "CREATE INDEX entity_revisions_batch ON entity_revisions (batch)",
    "CREATE INDEX notes_entity ON notes (entity_id)",
    "CREATE INDEX notes_object ON notes (object)",
    "CREATE INDEX notes_batch ON notes (batch)",
)

# A file's own edge columns (weight, its edge id …): claims that differ only there are different
# relations, so they are stored (JSON pairs; empty for none) and are part of the fingerprint.
_VERSION_5 = (
    "ALTER TABLE claims ADD COLUMN attributes TEXT DEFAULT ''",
    "ALTER TABLE retractions ADD COLUMN attributes TEXT DEFAULT ''",
)

# A review in progress (graph/ingest/draft.py), one per author: the article and every choice
# made about its proposal, kept until it is merged or discarded. Not part of the data, so not
# a write of the log: saving one never changes what the store says.
# What an undone write did (graph/store/sql_redo.py: its addition, retractions, revisions and
# notes as JSON), kept when it is taken back so that it can be redone, and the write that redid it.
_VERSION_6 = (
    """CREATE TABLE drafts (
        author TEXT PRIMARY KEY,
        saved TEXT NOT NULL,
        body TEXT NOT NULL
    )""",
    """CREATE TABLE undone_writes (
        batch BIGINT PRIMARY KEY,
        body TEXT NOT NULL,
        redone BIGINT
    )""",
)

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: _VERSION_1,
    2: _VERSION_2,
    3: _VERSION_3,
    4: _VERSION_4,
    5: _VERSION_5,
    6: _VERSION_6,
}

# Tables in the order a store is emptied or checked.
TABLES: tuple[str, ...] = (
    "drafts",
    "undone_writes",
    "notes",
    "entity_revisions",
    "retractions",
    "links",
    "names",
    "attributes",
    "claims",
    "decisions",
    "entities",
    "sources",
    "batches",
    "store_meta",
)
