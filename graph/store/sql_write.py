"""Writing to a SQL store: one transaction per write, a log entry per write, and undo.

:class:`SQLWriting` is the half of :class:`graph.store.sql.SQLStore` that changes a store;
the engine methods it calls (``_fetch``, ``_run``, ``_insert``, ``_writing``) are the
engine's (:mod:`graph.store.duckdb_store`, :mod:`graph.store.postgres_store`).

A write checks what it merges into (:mod:`graph.store.same_ids`), inserts the new rows,
derives again the edges and conflicts of every subject it touches with ``build_graph``,
and records itself in ``batches`` under an id taken from the store's counter
(``store_meta.last_batch``), which only grows: an id is never given to two writes, even
after an undo. An undo names the write it means and checks, inside its transaction, that
it is still the last one (same id, author and time); otherwise it says who wrote what
since and changes nothing. An undone write stays in the log, marked undone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from graph.build import build_graph
from graph.dates import parse_date
from graph.errors import DatasetError, WriteConflictError
from graph.model import Claim, Dataset, Decision, Entity, Source
from graph.query import fold
from graph.report import ImportReport
from graph.store import queries
from graph.store.base import (
    WriteRecord,
    WriteResult,
    WriteStamp,
    as_dataset,
    check_addition,
    fold_words,
)
from graph.store.changes import attributes_text, claim_of
from graph.store.same_ids import reconcile
from graph.vocabulary import is_attribute

Row = tuple[Any, ...]
Progress = Callable[[str], None]
Edge = tuple[str, str, str, str | None, str | None]
DERIVE_CHUNK = 50_000  # claims built into one graph at a time when edges are derived
CLAIM_COLUMNS = [
    "seq",
    "fingerprint",
    "subject",
    "subject_seq",
    "relation",
    "object",
    "object_seq",
    "source",
    "start_date",
    "end_date",
    "start_day",
    "end_day",
    "locator",
    "note",
    "role",
    "batch",
    "attributes",
]


def fingerprint(claim: Claim) -> str:
    """A claim's identity: two claims with the same fields are one claim."""
    fields: list[Any] = [claim.subject, claim.relation, claim.object, claim.source, claim.start, claim.end]
    fields += [claim.locator, claim.note, claim.role]
    if claim.attributes:  # a claim without edge columns keeps the fingerprint it always had
        fields.append([list(pair) for pair in claim.attributes])
    return hashlib.blake2b(json.dumps(fields).encode("utf-8"), digest_size=16).hexdigest()


def day_of(value: str | None) -> str | None:
    return parse_date(value).isoformat() if value else None


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def derive(claims: Iterable[Claim]) -> tuple[list[Edge], dict[str, list[str]]]:
    """The edges (subject, relation, object, start, end) and each subject's conflicts that
    :func:`graph.build.build_graph` makes of ``claims`` (every claim of each subject given).

    Edges and conflicts depend only on a subject's own claims, so subjects are built a
    chunk at a time and memory stays bounded however many claims there are.
    """
    by_subject: dict[str, list[Claim]] = {}
    for claim in claims:
        by_subject.setdefault(claim.subject, []).append(claim)
    edges: list[Edge] = []
    conflicts: dict[str, list[str]] = {}
    subjects: list[str] = []
    chunk: list[Claim] = []

    def flush() -> None:
        stubs = tuple(Entity(subject, "other", subject) for subject in subjects)
        G = build_graph(Dataset(stubs, tuple(chunk)))
        for subject, target, data in G.edges(data=True):
            edges.append((subject, data["relation"], target, data["start"], data["end"]))
        for subject in subjects:
            conflicts[subject] = list(G.nodes[subject]["conflicts"])
        subjects.clear()
        chunk.clear()

    for subject, subject_claims in by_subject.items():
        subjects.append(subject)
        chunk.extend(subject_claims)
        if len(chunk) >= DERIVE_CHUNK:
            flush()
    if subjects:
        flush()
    return edges, conflicts


def name_rows(seq: int, entity: Entity) -> list[Row]:
    """The names search finds an entity by: label (bonus 2), aliases (1) and id (0)."""
    names = [(entity.label, 2), (entity.id, 0), *((alias, 1) for alias in entity.aliases)]
    return [(seq, name, fold(name), fold_words(fold(name)), bonus) for name, bonus in names]


@dataclass
class Plan:
    """What one write adds (new rows with their seq), once checked against the store."""

    addition: Dataset
    report: ImportReport
    known: dict[str, tuple[int, str]]  # entity id → (seq, type), stored or added
    stored_claims: bool  # whether the store held claims before
    entities: list[tuple[int, Entity]]
    sources: list[tuple[int, Source]]
    claims: list[Claim]
    prints: dict[Claim, str]
    decisions: list[Decision]

    def empty(self) -> bool:
        return not (self.entities or self.sources or self.claims or self.decisions)


def _log_entry(row: Row) -> str:
    """One write of the log as a person reads it: 'write 3 (load b.csv) by bob at 2026-…'."""
    batch, kind, author, note, written = row[:5]
    what = f"{kind}: {note}" if note else kind
    return f"write {batch} ({what}) by {author or 'someone'} at {written}"


def _record(row: Row) -> WriteRecord:
    """A row of the write log (queries.HISTORY) as a record."""
    number, kind, author, note, written, entities, claims, sources, decisions, undone, kept, redone = row
    counts = (entities, claims, sources, decisions)
    done = (undone is not None, bool(kept), None if redone is None else int(redone), undone or "")
    return WriteRecord(int(number), kind, author, note, written, *counts, *done)


class SQLWriting(ABC):
    """Writes and undo over an engine's statements (see the module docstring)."""

    url: str

    @abstractmethod
    def _fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]: ...

    @abstractmethod
    def _run(self, sql: str, params: dict[str, Any] | None = None) -> None: ...

    @abstractmethod
    def _insert(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None: ...

    @abstractmethod
    def _writing(self) -> AbstractContextManager[None]: ...

    @abstractmethod
    def _keys(self, ids: Iterable[str]) -> dict[str, tuple[int, str]]: ...

    @abstractmethod
    def _entities(self, seqs: Sequence[int]) -> tuple[list[Entity], dict[str, list[str]]]: ...

    @abstractmethod
    def _sources(self, ids: Iterable[str]) -> list[Source]: ...

    @abstractmethod
    def _meta(self) -> dict[str, str]: ...

    @abstractmethod
    def _set_meta(self, name: str, value: str) -> None: ...

    @abstractmethod
    def decisions(self) -> tuple[Decision, ...]: ...

    def _after_write(self, result: WriteResult) -> None:
        """What an engine does once a write is committed."""
        return None

    read_only = False  # an engine that opened its file only for reading says so

    def _refuse_if_read_only(self) -> None:
        """An engine whose store is read-only raises StoreUnavailableError here, naming it."""
        return None

    # ---- the log ---------------------------------------------------------------------------

    def history(self, limit: int | None = None, entity: str | None = None) -> tuple[WriteRecord, ...]:
        """The write log, newest first; ``entity``: only the writes that touched that entity."""
        sql = queries.HISTORY if entity is None else queries.HISTORY_OF
        rows = self._fetch(sql, {"limit": limit, "entity": entity})
        return tuple(_record(row) for row in rows)

    def version(self) -> str:
        """Changes whenever anyone commits a write or an undo (the last write id, the undone
        writes, the time the store was made)."""
        last, undone, last_undone, created = self._fetch(queries.VERSION)[0]
        return f"{created}/{last}/{undone}/{last_undone}"

    # ---- writing ---------------------------------------------------------------------------

    def write(
        self,
        data: Dataset | object,
        author: str = "",
        note: str = "",
        on_conflict: str = "refuse",
        kind: str = "import",
        progress: Progress | None = None,
    ) -> WriteResult:
        addition = as_dataset(data)
        self._refuse_if_read_only()
        with self._writing():
            result = self._write(addition, author, note, kind, on_conflict, progress or (lambda stage: None))
        self._after_write(result)
        return result

    def _write(
        self, addition: Dataset, author: str, note: str, kind: str, on_conflict: str, progress: Progress
    ) -> WriteResult:
        plan = self._plan(self._checked(addition, on_conflict))
        progress("checked")
        if plan.empty():
            return WriteResult(None, 0, 0, 0, 0, (), plan.report)
        batch = int(self._meta().get("last_batch", "0")) + 1
        self._set_meta("last_batch", str(batch))
        touched = list(dict.fromkeys(claim.subject for claim in plan.claims))
        added = {entity.id for _, entity in plan.entities}
        earlier = [plan.known[subject][0] for subject in touched if subject not in added]
        before = self._stored_conflicts(earlier)
        previous = self._claims_of(earlier) if earlier and plan.stored_claims else []
        progress("deriving edges")
        edges, conflicts = derive([*previous, *plan.claims])
        self._insert_rows(plan, batch, conflicts, progress)
        progress("writing edges")
        self._replace_links(earlier if plan.stored_claims else [], edges, plan.known)
        self._update_conflicts(earlier, before, conflicts, plan.known)
        if any(entity.attributes for _, entity in plan.entities):
            self._refresh_entity_columns()
        if "name" not in self._meta():
            self._set_meta("name", addition.name)
        written = now()
        counts = [len(plan.entities), len(plan.claims), len(plan.sources), len(plan.decisions)]
        self._run(
            queries.INSERT_BATCH,
            dict(zip(("entities", "claims", "sources", "decisions"), counts, strict=True))
            | {"id": batch, "kind": kind, "author": author, "note": note, "written": written},
        )
        progress("committing")
        created = sorted(
            (subject, what)
            for subject in touched
            for what in conflicts.get(subject, [])
            if what not in before.get(subject, [])
        )
        entities, claims, sources, decisions = counts
        return WriteResult(
            batch, entities, claims, sources, decisions, tuple(created), plan.report, author, written
        )

    def _checked(
        self, addition: Dataset, on_conflict: str
    ) -> tuple[Dataset, ImportReport, dict[str, tuple[int, str]], set[str]]:
        """The addition as it will be written (ids stored with other content refused or renamed),
        its report, and the entities and sources it names that are stored. DatasetError when refused."""
        claims = list(dict.fromkeys(addition.claims))
        referenced = [entity.id for entity in addition.entities]
        referenced += [claim.subject for claim in claims]
        referenced += [claim.object for claim in claims if not is_attribute(claim.relation)]
        referenced += [name for decision in addition.decisions for name in (decision.left, decision.right)]
        empty = not self._fetch(queries.MAX_SEQ["entities"])[0][0]
        known = {} if empty else self._keys(referenced)
        sources = self._sources([s.id for s in addition.sources] + [c.source for c in claims])
        stored_entities = {
            entity.id: entity
            for entity in self._entities(
                [known[entity.id][0] for entity in addition.entities if entity.id in known]
            )[0]
        }
        addition, report = reconcile(
            addition,
            stored_entities,
            {source.id: source for source in sources},
            on_conflict,
            lambda ids: set(self._keys(ids)) | {source.id for source in self._sources(ids)},
        )
        known_sources = {source.id for source in sources}
        report.extend(check_addition(addition, set(known), known_sources))
        if not report.ok:
            raise DatasetError("The write was refused; nothing was written:", report)
        return addition, report, known, known_sources

    def _plan(self, checked: tuple[Dataset, ImportReport, dict[str, tuple[int, str]], set[str]]) -> Plan:
        """The rows the checked addition adds (what the store holds already is left out)."""
        addition, report, known, known_sources = checked
        stored_claims = bool(self._fetch(queries.MAX_SEQ["claims"])[0][0])
        next_entity = self._fetch(queries.MAX_SEQ["entities"])[0][0] + 1
        new_entities: list[tuple[int, Entity]] = []
        for entity in addition.entities:
            if entity.id not in known:
                known[entity.id] = (next_entity, entity.type)
                new_entities.append((next_entity, entity))
                next_entity += 1
        next_source = self._fetch(queries.MAX_SEQ["sources"])[0][0] + 1
        new_sources: list[tuple[int, Source]] = []
        for source in dict.fromkeys(addition.sources):
            if source.id not in known_sources:
                known_sources.add(source.id)
                new_sources.append((next_source, source))
                next_source += 1
        claims = list(dict.fromkeys(addition.claims))
        prints = {claim: fingerprint(claim) for claim in claims}
        stored = (
            {
                row[0]
                for row in self._fetch(queries.CLAIM_FINGERPRINTS, {"fingerprints": list(prints.values())})
            }
            if stored_claims
            else set()
        )
        existing_decisions = set(self.decisions()) if addition.decisions else set()
        return Plan(
            addition,
            report,
            known,
            stored_claims,
            new_entities,
            new_sources,
            [claim for claim in claims if prints[claim] not in stored],
            prints,
            [d for d in dict.fromkeys(addition.decisions) if d not in existing_decisions],
        )

    def _insert_rows(
        self, plan: Plan, batch: int, conflicts: dict[str, list[str]], progress: Progress
    ) -> None:
        """Insert the plan's entities (with names and attributes), sources, claims and decisions."""
        progress("writing entities")
        self._insert(
            "entities",
            ("seq", "id", "type", "label", "label_folded", "aliases", "description", "conflicts", "batch"),
            [
                (
                    seq,
                    entity.id,
                    entity.type,
                    entity.label,
                    fold(entity.label),
                    json.dumps(list(entity.aliases), ensure_ascii=False),
                    entity.description,
                    json.dumps(conflicts.get(entity.id, []), ensure_ascii=False),
                    batch,
                )
                for seq, entity in plan.entities
            ],
        )
        self._insert(
            "attributes",
            ("entity", "name", "value"),
            [(seq, name, value) for seq, entity in plan.entities for name, value in entity.attributes],
        )
        self._insert(
            "names",
            ("entity", "name", "folded", "words", "bonus"),
            [row for seq, entity in plan.entities for row in name_rows(seq, entity)],
        )
        self._insert(
            "sources",
            ("seq", "id", "title", "publisher", "author", "published", "url", "kind", "batch"),
            [
                (seq, s.id, s.title, s.publisher, s.author, s.published, s.url, s.kind, batch)
                for seq, s in plan.sources
            ],
        )
        progress("writing claims")
        self._insert_claims(plan, batch)
        first_decision = self._fetch(queries.MAX_SEQ["decisions"])[0][0] + 1
        self._insert(
            "decisions",
            ("seq", "left_id", "right_id", "decision", "author", "decided_on", "note", "batch"),
            [
                (first_decision + index, d.left, d.right, d.decision, d.by, d.date, d.note, batch)
                for index, d in enumerate(plan.decisions)
            ],
        )

    def _insert_claims(self, plan: Plan, batch: int) -> None:
        first_claim = self._fetch(queries.MAX_SEQ["claims"])[0][0] + 1
        known = plan.known
        rows = [
            (
                first_claim + index,
                plan.prints[claim],
                claim.subject,
                known[claim.subject][0],
                claim.relation,
                claim.object,
                None if is_attribute(claim.relation) else known[claim.object][0],
                claim.source,
                claim.start,
                claim.end,
                day_of(claim.start),
                day_of(claim.end),
                claim.locator,
                claim.note,
                claim.role,
                batch,
                attributes_text(claim),
            )
            for index, claim in enumerate(plan.claims)
        ]
        self._insert("claims", CLAIM_COLUMNS, rows)

    def _claims_of(self, seqs: Sequence[int]) -> list[Claim]:
        return [claim_of(row) for row in self._fetch(queries.CLAIMS_OF_SUBJECTS, {"seqs": list(seqs)})]

    def _stored_conflicts(self, seqs: Sequence[int]) -> dict[str, list[str]]:
        if not seqs:
            return {}
        return {
            entity_id: json.loads(what)
            for _, entity_id, what in self._fetch(queries.CONFLICTS_OF, {"seqs": list(seqs)})
        }

    def _replace_links(
        self, subjects: Sequence[int], edges: Sequence[Edge], known: dict[str, tuple[int, str]]
    ) -> None:
        """Drop the edges of ``subjects`` and store ``edges`` (both directions)."""
        if subjects:
            for statement in queries.DELETE_LINKS_OF_SUBJECTS:
                self._run(statement, {"seqs": list(subjects)})
        missing = {target for _, _, target, _, _ in edges if target not in known}
        known.update(self._keys(missing))
        rows: list[Row] = []
        for subject, relation, target, start, end in edges:
            (here, here_type), (there, there_type) = known[subject], known[target]
            start_day, end_day = day_of(start), day_of(end)
            rows.append((here, there, there_type, relation, start_day, end_day, True))
            rows.append((there, here, here_type, relation, start_day, end_day, False))
        rows.sort(key=lambda row: row[0])  # stored by entity: a scan for a few entities skips the rest
        self._insert(
            "links", ("here", "there", "there_type", "relation", "start_day", "end_day", "forward"), rows
        )

    def _update_conflicts(
        self,
        seqs: Sequence[int],
        before: dict[str, list[str]],
        conflicts: dict[str, list[str]],
        known: dict[str, tuple[int, str]],
    ) -> None:
        by_seq = {known[entity_id][0]: entity_id for entity_id in before}
        for seq in seqs:
            entity_id = by_seq.get(seq)
            if entity_id is None:
                continue
            current = conflicts.get(entity_id, [])
            if current != before[entity_id]:
                self._run(
                    queries.UPDATE_CONFLICTS,
                    {"seq": seq, "conflicts": json.dumps(current, ensure_ascii=False)},
                )

    def _refresh_entity_columns(self) -> None:
        columns = sorted(name for (name,) in self._fetch(queries.ENTITY_COLUMNS))
        self._set_meta("entity_columns", json.dumps(columns, ensure_ascii=False))

    def restore(self, log: Sequence[Row], parts: dict[int, Dataset]) -> None:
        """Write again, into an empty store, what a backup holds: each write of ``log`` (rows as
        :meth:`graph.store.sql.SQLStore.log_rows` gives them) with its id, kind, author, note and
        time, adding the rows ``parts`` gives for it; undone writes are logged as they were."""
        for number, kind, author, note, written, *counts, undone, undone_by in log:
            if undone is None and number in parts:
                with self._writing():
                    self._set_meta("last_batch", str(number - 1))
                self.write(parts[number], author, note, kind=kind)
                with self._writing():
                    self._run(queries.RESTORE_WRITTEN, {"batch": number, "written": written})
                continue
            names = ("entities", "claims", "sources", "decisions")
            with self._writing():
                self._run(
                    queries.RESTORE_UNDONE,
                    dict(zip(names, counts, strict=True))
                    | {"id": number, "kind": kind, "author": author, "note": note, "written": written}
                    | {"undone": undone or "", "undone_by": undone_by},
                )
        last = max((int(row[0]) for row in log), default=0)
        with self._writing():
            self._set_meta("last_batch", str(max(last, int(self._meta().get("last_batch", "0")))))

    # ---- undo ------------------------------------------------------------------------------

    def undo(self, batch: int | WriteStamp | None = None, author: str = "") -> WriteResult | None:
        self._refuse_if_read_only()
        meant = WriteStamp(batch) if isinstance(batch, int) else batch
        with self._writing():
            rows = self._fetch(queries.LAST_BATCH)
            if meant is not None:
                self._check_undo(meant, rows[0] if rows else None)
            if not rows:
                return None
            last, _, written_by, _, written, entities, claims, sources, decisions = rows[0]
            self._take_back(last, bool(entities))
            self._run(queries.MARK_UNDONE, {"batch": last, "undone": now(), "undone_by": author})
            return WriteResult(last, entities, claims, sources, decisions, author=written_by, written=written)

    def revert(self, batch: int | WriteStamp, author: str = "") -> WriteResult:
        """Take back an earlier write, refused when a later write touched the same claims,
        entities or sources (WriteConflictError naming them; nothing changes)."""
        self._refuse_if_read_only()
        meant = WriteStamp(batch) if isinstance(batch, int) else batch
        with self._writing():
            rows = self._fetch(queries.LAST_BATCH)
            row = self._check_meant(meant, rows[0] if rows else None, "reverted")
            later = self._fetch(queries.LATER_TOUCHING, {"batch": meant.batch})
            if later:
                shown = "; ".join(_log_entry(entry) for entry in later[:5])
                more = f"; and {len(later) - 5} more" if len(later) > 5 else ""
                raise WriteConflictError(
                    f"Write {meant.batch} cannot be reverted: a later write touched the same claims or "
                    f"entities: {shown}{more}. Revert that one first. Nothing was reverted."
                )
            number, _, written_by, _, written, entities, claims, sources, decisions = row[:9]
            self._take_back(number, bool(entities))
            self._run(queries.MARK_UNDONE, {"batch": number, "undone": now(), "undone_by": author})
            return WriteResult(
                number, entities, claims, sources, decisions, author=written_by, written=written
            )

    def _check_undo(self, meant: WriteStamp, last: Row | None) -> None:
        """Refuse (WriteConflictError, naming who wrote what) unless ``meant`` is the last write."""
        self._check_meant(meant, last, "undone")
        if last is not None and last[0] != meant.batch:
            raise WriteConflictError(
                f"Write {meant.batch} cannot be undone: only the last write can, and others wrote after it."
                + self._since(meant.batch)
                + " Nothing was undone."
            )

    def _check_meant(self, meant: WriteStamp, last: Row | None, done: str) -> Row:
        """The log row of ``meant``; WriteConflictError when there is none, it is another write
        (author, time) or it was undone already."""
        found = self._fetch(queries.BATCH_ROW, {"batch": meant.batch})
        if not found:
            raise WriteConflictError(
                f"There is no write {meant.batch} in {self.url}; nothing was {done}"
                + (f" (the last is {_log_entry(last)})." if last else " (it holds no write).")
            )
        row = found[0]
        _, _, author, _, written, *_, undone, undone_by = row
        if (meant.author is not None and meant.author != author) or (
            meant.written is not None and meant.written != written
        ):
            raise WriteConflictError(
                f"Write {meant.batch} in {self.url} is not the one meant: it is {_log_entry(row)}, not "
                f"a write by {meant.author or 'someone'} at {meant.written or 'that time'} (the store was "
                f"emptied and loaded again since). Nothing was {done}."
            )
        if undone is not None:
            raise WriteConflictError(
                f"Write {meant.batch} was undone already, at {undone}"
                + (f" by {undone_by}" if undone_by else "")
                + f". Nothing was {done}."
                + self._since(meant.batch)
            )
        return row

    def _since(self, batch: int) -> str:
        later = self._fetch(queries.LATER_BATCHES, {"batch": batch})
        if not later:
            return ""
        shown = "; ".join(_log_entry(row) for row in later[:5])
        more = f"; and {len(later) - 5} more" if len(later) > 5 else ""
        return f" Since then: {shown}{more}."

    def _take_back(self, batch: int, had_entities: bool) -> None:
        """Delete the rows of ``batch`` and derive again the edges and conflicts it touched."""
        params = {"batch": batch}
        touched = [seq for (seq,) in self._fetch(queries.SUBJECTS_OF_BATCH, params)]
        before_rows = self._fetch(queries.CONFLICTS_OF, {"seqs": touched}) if touched else []
        for table in ("claims", "decisions", "names", "attributes", "entities", "sources"):
            self._run(queries.DELETE_BATCH[table], params)
        remaining = (
            {seq: entity_id for seq, entity_id, _ in self._fetch(queries.CONFLICTS_OF, {"seqs": touched})}
            if touched
            else {}
        )
        edges, conflicts = derive(self._claims_of(list(remaining)) if remaining else [])
        known = dict(self._keys(remaining.values()))
        self._replace_links(touched, edges, known)
        before = {entity_id: json.loads(what) for seq, entity_id, what in before_rows if seq in remaining}
        self._update_conflicts(list(remaining), before, conflicts, known)
        if had_entities:
            self._refresh_entity_columns()
