"""Every query the SQL stores run, written once for DuckDB and PostgreSQL.

Parameters are named ``%(name)s`` (psycopg's style; the DuckDB store rewrites them to
``$name``). Lists travel as one array parameter (``%(ids)s::TEXT[]``) and are joined
through ``unnest``, which both engines plan as a join. Text is compared byte by byte
(``COLLATE "C"``), which is the order Python sorts strings in, so results come in the
order the in-memory functions give.

Neighbourhoods and paths are recursive CTEs over ``links`` (each edge in both
directions); ``LINK_FILTER`` is the spec's filters (types, relations, as-of date) as SQL,
the same condition :func:`graph.query.filter_graph` applies: an edge holds on day D
when start ≤ D < end.

Joins name the large table first and the small one second (``links l JOIN reach r``):
PostgreSQL plans them either way; DuckDB builds its hash table on the second, which the
DuckDB store keeps as written (its planner put the 2,000,000 links of the benchmark on
that side of the recursive join, 0.2–0.5 s a step, against 30–40 ms).
"""

from __future__ import annotations

# The parameters: any_type/types, any_relation/relations, day (a date or NULL).
LINK_FILTER = """
    (%(any_type)s OR l.there_type = ANY(%(types)s::TEXT[]))
    AND (%(any_relation)s OR l.relation = ANY(%(relations)s::TEXT[]))
    AND (l.start_day IS NULL OR %(day)s::DATE IS NULL OR l.start_day <= %(day)s::DATE)
    AND (l.end_day IS NULL OR %(day)s::DATE IS NULL OR %(day)s::DATE < l.end_day)
"""

# One step from the seeds: they are constants here, so both engines look them up in the
# index on links.here (DuckDB scans every link for each step of a recursive join).
STEP = f"""
SELECT DISTINCT l.there FROM links l
WHERE l.here = ANY(%(seeds)s::BIGINT[]) AND {LINK_FILTER}
"""

# Entities within %(depth)s (≥ 1) steps of the seeds, each with its distance: the first step
# as in STEP, each further one a step of the recursion.
REACH = f"""
WITH RECURSIVE reach(node, depth) AS (
    SELECT unnest(%(seeds)s::BIGINT[]), 0
  UNION
    SELECT l.there, 1 FROM links l WHERE l.here = ANY(%(seeds)s::BIGINT[]) AND {LINK_FILTER}
  UNION
    SELECT l.there, r.depth + 1
    FROM links l JOIN reach r ON l.here = r.node
    WHERE r.depth BETWEEN 1 AND %(depth)s - 1 AND {LINK_FILTER}
)
SELECT node, MIN(depth) FROM reach GROUP BY node
"""

# A framework's partners (the subjects of partner_in edges into it) that pass the filters.
FRAMEWORK_PARTNERS = f"""
SELECT DISTINCT l.there FROM links l
WHERE l.here = %(framework)s AND NOT l.forward AND l.relation = 'partner_in' AND {LINK_FILTER}
"""

# The entities of a view without focus, in the order they were written; CONNECTED_ keeps
# only those with a link in view (hide_isolated).
_VIEW_ENTITIES = "FROM entities e WHERE (%(any_type)s OR e.type = ANY(%(types)s::TEXT[]))"
_CONNECTED = f"""{_VIEW_ENTITIES}
  AND EXISTS (SELECT 1 FROM links l WHERE l.here = e.seq AND {LINK_FILTER})"""
VIEW_ENTITIES = f"SELECT e.seq {_VIEW_ENTITIES} ORDER BY e.seq LIMIT %(limit)s"
VIEW_COUNT = f"SELECT COUNT(*) {_VIEW_ENTITIES}"
CONNECTED_ENTITIES = f"SELECT e.seq {_CONNECTED} ORDER BY e.seq LIMIT %(limit)s"
CONNECTED_COUNT = f"SELECT COUNT(*) {_CONNECTED}"

ENTITY_KEYS = """
SELECT e.id, e.seq, e.type FROM entities e
JOIN (SELECT unnest(%(ids)s::TEXT[]) AS id) wanted ON e.id = wanted.id
"""

# Lists of at most a view's entities are matched with = ANY (an index scan in both engines);
# lists that can be as long as a whole dataset (a load) are joined through unnest.
ENTITY_ROWS = """
SELECT e.seq, e.id, e.type, e.label, e.aliases, e.description, e.conflicts FROM entities e
WHERE e.seq = ANY(%(seqs)s::BIGINT[])
ORDER BY e.seq
"""

ATTRIBUTE_ROWS = "SELECT a.entity, a.name, a.value FROM attributes a WHERE a.entity = ANY(%(seqs)s::BIGINT[])"

_CLAIM_COLUMNS = (
    "c.subject, c.relation, c.object, c.source, c.start_date, c.end_date, c.locator, c.note, c.role, "
    "c.attributes"
)

# Every claim between the chosen entities, and their literal claims (facts).
CLAIMS_AMONG = f"""
SELECT {_CLAIM_COLUMNS} FROM claims c
WHERE c.subject_seq = ANY(%(seqs)s::BIGINT[])
  AND (c.object_seq IS NULL OR c.object_seq = ANY(%(seqs)s::BIGINT[]))
ORDER BY c.seq
"""

# Every claim whose subject is one of the chosen entities (to derive their edges).
CLAIMS_OF_SUBJECTS = f"""
WITH chosen AS (SELECT unnest(%(seqs)s::BIGINT[]) AS seq)
SELECT {_CLAIM_COLUMNS}
FROM claims c JOIN chosen ON c.subject_seq = chosen.seq
ORDER BY c.seq
"""

CLAIMS_TOUCHING = f"""
SELECT {_CLAIM_COLUMNS} FROM claims c
WHERE c.subject_seq = %(seq)s OR c.object_seq = %(seq)s
ORDER BY c.seq
"""

CLAIMS_FILTERED = f"""
SELECT {_CLAIM_COLUMNS} FROM claims c
WHERE (%(subject)s::TEXT IS NULL OR c.subject = %(subject)s::TEXT)
  AND (%(object)s::TEXT IS NULL OR c.object = %(object)s::TEXT)
  AND (%(any_relation)s OR c.relation = ANY(%(relations)s::TEXT[]))
  AND (%(source)s::TEXT IS NULL OR c.source = %(source)s::TEXT)
  AND (%(batch)s::BIGINT IS NULL OR c.batch = %(batch)s::BIGINT)
  AND (c.start_day IS NULL OR %(day)s::DATE IS NULL OR c.start_day <= %(day)s::DATE)
  AND (c.end_day IS NULL OR %(day)s::DATE IS NULL OR %(day)s::DATE < c.end_day)
ORDER BY c.seq
LIMIT %(limit)s
"""

CLAIM_FINGERPRINTS = """
SELECT c.fingerprint FROM claims c
JOIN (SELECT unnest(%(fingerprints)s::TEXT[]) AS fingerprint) wanted ON c.fingerprint = wanted.fingerprint
"""

SOURCE_ROWS = """
SELECT s.id, s.title, s.publisher, s.author, s.published, s.url, s.kind FROM sources s
JOIN (SELECT unnest(%(ids)s::TEXT[]) AS id) wanted ON s.id = wanted.id
ORDER BY s.seq
"""

DECISION_ROWS = "SELECT left_id, right_id, decision, author, decided_on, note FROM decisions ORDER BY seq"

# Search: the best-scoring name of each entity, scored as graph.query.search scores it
# (exact 100, prefix 80, word start 60, substring 40; ×10 plus 2 for a label, 1 for an alias).
SEARCH = """
WITH hits AS (
    SELECT n.entity, n.name, n.bonus,
           CASE WHEN n.folded = %(query)s THEN 100
                WHEN starts_with(n.folded, %(query)s) THEN 80
                WHEN %(by_word)s AND strpos(n.words, %(word)s) > 0 THEN 60
                ELSE 40 END * 10 + n.bonus AS points
    FROM names n
    WHERE n.folded LIKE %(pattern)s ESCAPE '\\'
), best AS (
    SELECT entity, name, points,
           ROW_NUMBER() OVER (PARTITION BY entity ORDER BY points DESC, name COLLATE "C" DESC) AS rank
    FROM hits
)
SELECT e.id, e.label, e.type, b.name, b.points
FROM entities e JOIN best b ON e.seq = b.entity
WHERE b.rank = 1
ORDER BY b.points DESC, e.label_folded COLLATE "C", e.id COLLATE "C"
LIMIT %(limit)s
"""

TYPE_COUNTS = "SELECT type, COUNT(*) FROM entities GROUP BY type"
RELATION_COUNTS = "SELECT relation, COUNT(*) FROM links WHERE forward GROUP BY relation"
CONFLICTS = "SELECT id, label, conflicts FROM entities WHERE conflicts <> '[]' ORDER BY seq"
COUNT = {
    table: f"SELECT COUNT(*) FROM {table}" for table in ("entities", "claims", "sources", "decisions")
} | {"batches": "SELECT COUNT(*) FROM batches WHERE undone IS NULL"}
EDGE_COUNT = "SELECT COUNT(*) FROM links WHERE forward"
ENTITY_COLUMNS = "SELECT DISTINCT name FROM attributes"
META = "SELECT name, value FROM store_meta"
SET_META_INSERT = "INSERT INTO store_meta (name, value) VALUES (%(name)s, %(value)s)"
SET_META_DELETE = "DELETE FROM store_meta WHERE name = %(name)s"
META_TABLE_EXISTS = """
SELECT COUNT(*) FROM information_schema.tables
WHERE table_name = 'store_meta' AND table_schema = current_schema()
"""
MAX_SEQ = {
    table: f"SELECT COALESCE(MAX(seq), 0) FROM {table}"
    for table in ("entities", "claims", "sources", "decisions")
}
_LOG_COLUMNS = "id, kind, author, note, written"
LAST_BATCH = f"""
SELECT {_LOG_COLUMNS}, entities, claims, sources, decisions FROM batches
WHERE undone IS NULL ORDER BY id DESC LIMIT 1
"""
BATCH_ROW = f"""
SELECT {_LOG_COLUMNS}, entities, claims, sources, decisions, undone, undone_by FROM batches
WHERE id = %(batch)s
"""
LATER_BATCHES = f"SELECT {_LOG_COLUMNS} FROM batches WHERE id > %(batch)s AND undone IS NULL ORDER BY id"
MARK_UNDONE = "UPDATE batches SET undone = %(undone)s, undone_by = %(undone_by)s WHERE id = %(batch)s"
INSERT_BATCH = """
INSERT INTO batches (id, kind, author, note, written, entities, claims, sources, decisions)
VALUES (%(id)s, %(kind)s, %(author)s, %(note)s, %(written)s,
        %(entities)s, %(claims)s, %(sources)s, %(decisions)s)
"""
UPDATE_CONFLICTS = "UPDATE entities SET conflicts = %(conflicts)s WHERE seq = %(seq)s"
CONFLICTS_OF = """
WITH chosen AS (SELECT unnest(%(seqs)s::BIGINT[]) AS seq)
SELECT e.seq, e.id, e.conflicts FROM entities e JOIN chosen ON e.seq = chosen.seq
"""
SUBJECTS_OF_BATCH = "SELECT DISTINCT subject_seq FROM claims WHERE batch = %(batch)s"
# Two statements, one per index (an OR of the two made PostgreSQL scan every link).
DELETE_LINKS_OF_SUBJECTS = (
    "DELETE FROM links WHERE forward AND here IN (SELECT unnest(%(seqs)s::BIGINT[]))",
    "DELETE FROM links WHERE NOT forward AND there IN (SELECT unnest(%(seqs)s::BIGINT[]))",
)
DELETE_BATCH = {
    "claims": "DELETE FROM claims WHERE batch = %(batch)s",
    "decisions": "DELETE FROM decisions WHERE batch = %(batch)s",
    "names": "DELETE FROM names WHERE entity IN (SELECT seq FROM entities WHERE batch = %(batch)s)",
    "attributes": "DELETE FROM attributes WHERE entity IN (SELECT seq FROM entities WHERE batch = %(batch)s)",
    "entities": "DELETE FROM entities WHERE batch = %(batch)s",
    "sources": "DELETE FROM sources WHERE batch = %(batch)s",
}

# Consistency: each query lists what is wrong (at most 20 rows).
CHECKS: dict[str, str] = {
    "a claim's subject is not a stored entity": """
        SELECT c.subject FROM claims c LEFT JOIN entities e ON e.seq = c.subject_seq
        WHERE e.seq IS NULL OR e.id <> c.subject LIMIT 20""",
    "a claim's object is not a stored entity": """
        SELECT c.object FROM claims c LEFT JOIN entities e ON e.seq = c.object_seq
        WHERE c.object_seq IS NOT NULL AND (e.seq IS NULL OR e.id <> c.object) LIMIT 20""",
    "a claim cites a source that is not stored": """
        SELECT c.source FROM claims c LEFT JOIN sources s ON s.id = c.source
        WHERE s.id IS NULL LIMIT 20""",
    "a claim between entities has no edge": """
        SELECT c.subject FROM claims c
        WHERE c.object_seq IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM links l
            WHERE l.forward AND l.here = c.subject_seq AND l.there = c.object_seq AND l.relation = c.relation)
        LIMIT 20""",
    "an edge joins entities that are not stored": """
        SELECT CAST(l.here AS TEXT) FROM links l
        LEFT JOIN entities a ON a.seq = l.here LEFT JOIN entities b ON b.seq = l.there
        WHERE a.seq IS NULL OR b.seq IS NULL LIMIT 20""",
    "an edge has no claim behind it": """
        SELECT CAST(l.here AS TEXT) FROM links l
        WHERE l.forward AND NOT EXISTS (
            SELECT 1 FROM claims c
            WHERE c.subject_seq = l.here AND c.object_seq = l.there AND c.relation = l.relation)
        LIMIT 20""",
    "an edge is not stored in both directions": """
        SELECT CAST(f.total AS TEXT) FROM
            (SELECT COUNT(*) AS total FROM links WHERE forward) f,
            (SELECT COUNT(*) AS total FROM links WHERE NOT forward) b
        WHERE f.total <> b.total""",
    "a row belongs to no recorded write": """
        SELECT CAST(c.batch AS TEXT) FROM claims c LEFT JOIN batches b ON b.id = c.batch
        WHERE b.id IS NULL OR b.undone IS NOT NULL LIMIT 20""",
}

# The write log, newest first (history); HISTORY_OF is the writes that touched one entity: it
# was added by the write, or a claim or decision of the write names it.
# (an undone write can be redone when what it did was kept: graph/store/sql_redo.py)
_HISTORY_COLUMNS = (
    f"{_LOG_COLUMNS}, entities, claims, sources, decisions, undone, "
    "(SELECT COUNT(*) FROM undone_writes u WHERE u.batch = batches.id), "
    "(SELECT MAX(u.redone) FROM undone_writes u WHERE u.batch = batches.id)"
)
HISTORY = f"SELECT {_HISTORY_COLUMNS} FROM batches ORDER BY id DESC LIMIT %(limit)s"
HISTORY_OF = f"""
SELECT {_HISTORY_COLUMNS} FROM batches WHERE id IN (
    SELECT batch FROM entities WHERE id = %(entity)s
    UNION SELECT batch FROM claims WHERE subject = %(entity)s OR object = %(entity)s
    UNION SELECT batch FROM decisions WHERE left_id = %(entity)s OR right_id = %(entity)s
    UNION SELECT batch FROM retractions WHERE subject = %(entity)s OR object = %(entity)s
    UNION SELECT batch FROM entity_revisions WHERE entity_id = %(entity)s
    UNION SELECT batch FROM notes WHERE entity_id = %(entity)s
)
ORDER BY id DESC LIMIT %(limit)s
"""
# What changes whenever a write or an undo is committed (the last write, how many were undone and
# when the last was), and when the store was made (a store emptied and loaded again starts over).
VERSION = """
SELECT COALESCE(MAX(id), 0), COUNT(undone), COALESCE(MAX(undone), ''),
       (SELECT COALESCE(MAX(value), '') FROM store_meta WHERE name = 'created')
FROM batches
"""
# The entities a write touched: those it added, the subjects of its claims and the entities its
# decisions name (not its claims' objects: every write naming NATO would block every other).
_TOUCHED = """
    SELECT id FROM entities WHERE batch = %(batch)s
    UNION SELECT subject FROM claims WHERE batch = %(batch)s
    UNION SELECT left_id FROM decisions WHERE batch = %(batch)s
    UNION SELECT right_id FROM decisions WHERE batch = %(batch)s
    UNION SELECT subject FROM retractions WHERE batch = %(batch)s
    UNION SELECT entity_id FROM entity_revisions WHERE batch = %(batch)s
    UNION SELECT entity_id FROM notes WHERE batch = %(batch)s
"""
# The later writes (not undone) that touched an entity or cited a source the write touched or added.
LATER_TOUCHING = f"""
WITH touched AS ({_TOUCHED}), added_sources AS (SELECT id FROM sources WHERE batch = %(batch)s)
SELECT {_LOG_COLUMNS} FROM batches b
WHERE b.id > %(batch)s AND b.undone IS NULL AND (
    EXISTS (SELECT 1 FROM claims c WHERE c.batch = b.id
            AND (c.subject IN (SELECT id FROM touched) OR c.object IN (SELECT id FROM touched)
                 OR c.source IN (SELECT id FROM added_sources)))
    OR EXISTS (SELECT 1 FROM decisions d WHERE d.batch = b.id
               AND (d.left_id IN (SELECT id FROM touched) OR d.right_id IN (SELECT id FROM touched)))
    OR EXISTS (SELECT 1 FROM retractions r WHERE r.batch = b.id
               AND (r.subject IN (SELECT id FROM touched) OR r.claim_batch = %(batch)s))
    OR EXISTS (SELECT 1 FROM entity_revisions v WHERE v.batch = b.id
               AND v.entity_id IN (SELECT id FROM touched))
    OR EXISTS (SELECT 1 FROM notes n WHERE n.batch = b.id AND n.entity_id IN (SELECT id FROM touched))
)
ORDER BY b.id
"""
# Everything, in the order it was written (Store.dataset).
ALL_ENTITIES = """
SELECT e.seq, e.id, e.type, e.label, e.aliases, e.description, e.conflicts FROM entities e ORDER BY e.seq
"""
ALL_ATTRIBUTES = "SELECT a.entity, a.name, a.value FROM attributes a"
ALL_CLAIMS = f"SELECT {_CLAIM_COLUMNS} FROM claims c ORDER BY c.seq"
ALL_SOURCES = (
    "SELECT s.id, s.title, s.publisher, s.author, s.published, s.url, s.kind FROM sources s ORDER BY s.seq"
)

# The write each row belongs to, in the order Store.dataset gives the rows (backups keep it).
ROW_WRITES = {
    "entities": "SELECT batch FROM entities ORDER BY seq",
    "claims": "SELECT batch FROM claims ORDER BY seq",
    "sources": "SELECT batch FROM sources ORDER BY seq",
    "decisions": "SELECT batch FROM decisions ORDER BY seq",
}
LOG_ROWS = (
    f"SELECT {_LOG_COLUMNS}, entities, claims, sources, decisions, undone, undone_by FROM batches ORDER BY id"
)
RESTORE_WRITTEN = "UPDATE batches SET written = %(written)s WHERE id = %(batch)s"
RESTORE_UNDONE = """
INSERT INTO batches (id, kind, author, note, written, entities, claims, sources, decisions, undone, undone_by)
VALUES (%(id)s, %(kind)s, %(author)s, %(note)s, %(written)s,
        %(entities)s, %(claims)s, %(sources)s, %(decisions)s, %(undone)s, %(undone_by)s)
"""
