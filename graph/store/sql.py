"""A claims store in a SQL database: the logic both DuckDB and PostgreSQL share.

:class:`SQLStore` answers the :class:`~graph.store.base.Store` interface with the queries
of :mod:`graph.store.queries` on the schema of :mod:`graph.store.schema`. The engines
differ only in how they connect, bulk-insert and serialise writers; that is all the
subclasses (:mod:`graph.store.duckdb_store`, :mod:`graph.store.postgres_store`) provide.

Reading: a query finds which entities a request needs (search, a neighbourhood, a view,
the nodes on shortest paths); their claims are fetched and built into a graph by
:func:`graph.build.build_graph`, then :mod:`graph.view` / :mod:`graph.query` run on it as
they run in memory, so the answer is the same. Each entity's conflicts come from the
store (they depend on claims beyond the fetched ones).

Writing: one transaction per write, writers serialised; the edges and conflicts of every
subject the write touches are derived again with ``build_graph``, and the write is
recorded as a batch so that the last one can be undone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import networkx as nx

from graph.build import build_graph
from graph.dates import as_date, parse_date
from graph.errors import DatasetError, InputError
from graph.model import Claim, Dataset, Decision, Entity, Source
from graph.query import Match, fold, shortest_paths
from graph.report import ImportReport
from graph.store import queries
from graph.store.base import (
    DEFAULT_LIMIT,
    ClaimFilter,
    EntityRecord,
    PathResult,
    StoreSummary,
    Subgraph,
    WriteResult,
    as_dataset,
    check_addition,
    claim_sort_key,
    cut_view,
    filters_of,
    fold_words,
    searches_words,
    unknown_entity,
    within,
)
from graph.store.schema import MIGRATIONS, SCHEMA_VERSION
from graph.view import ViewSpec, apply_view
from graph.vocabulary import is_attribute

Row = tuple[Any, ...]
Progress = Callable[[str], None]
DERIVE_CHUNK = 50_000  # claims built into one graph at a time when edges are derived


def fingerprint(claim: Claim) -> str:
    """A claim's identity: two claims with the same fields are one claim."""
    fields = [claim.subject, claim.relation, claim.object, claim.source, claim.start, claim.end]
    fields += [claim.locator, claim.note, claim.role]
    return hashlib.blake2b(json.dumps(fields).encode("utf-8"), digest_size=16).hexdigest()


def _day(value: str | None) -> str | None:
    return parse_date(value).isoformat() if value else None


def derive(
    claims: Iterable[Claim],
) -> tuple[list[tuple[str, str, str, str | None, str | None]], dict[str, list[str]]]:
    """The edges (subject, relation, object, start, end) and each subject's conflicts that
    :func:`graph.build.build_graph` makes of ``claims`` (every claim of each subject given).

    Edges and conflicts depend only on a subject's own claims, so subjects are built a
    chunk at a time and memory stays bounded however many claims there are.
    """
    by_subject: dict[str, list[Claim]] = {}
    for claim in claims:
        by_subject.setdefault(claim.subject, []).append(claim)
    edges: list[tuple[str, str, str, str | None, str | None]] = []
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


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class SQLStore(ABC):
    """The store interface over one of the SQL engines (see the module docstring)."""

    url: str

    # ---- what an engine provides ---------------------------------------------------------

    @abstractmethod
    def _fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Run one query and return its rows."""

    @abstractmethod
    def _run(self, sql: str, params: dict[str, Any] | None = None) -> None:
        """Run one statement."""

    @abstractmethod
    def _insert(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        """Insert many rows fast (bulk)."""

    @abstractmethod
    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One transaction, with every other writer of the store waiting until it ends."""

    @abstractmethod
    def close(self) -> None: ...

    def _after_migration(self, version: int) -> None:
        """What an engine adds to the schema it just created or migrated from ``version``."""
        return None

    def _after_write(self, result: WriteResult) -> None:
        """What an engine does once a write is committed."""
        return None

    # ---- schema ----------------------------------------------------------------------------

    def _prepare(self, create: bool) -> None:
        """Create the schema or apply missing migrations; refuse a store newer than this code."""
        version = self._schema_version()
        if version == SCHEMA_VERSION:
            return
        if version == 0 and not create:
            raise InputError(
                f"{self.url} holds no claims store yet. Create one with "
                f"`python -m graph store load PATH --store {self.url}`."
            )
        if version > SCHEMA_VERSION:
            raise InputError(
                f"{self.url} has schema version {version}, newer than this program knows "
                f"({SCHEMA_VERSION}). Update Alliance Graph Explorer to open it."
            )
        with self._writing():
            version = self._schema_version()  # another session may have migrated meanwhile
            for number in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[number]:
                    self._run(statement)
                self._set_meta("schema_version", str(number))
            self._after_migration(version)
            if version == 0:
                self._set_meta("created", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))

    def _schema_version(self) -> int:
        if not self._fetch(queries.META_TABLE_EXISTS)[0][0]:
            return 0
        return int(self._meta().get("schema_version", "0"))

    def _meta(self) -> dict[str, str]:
        return dict(self._fetch(queries.META))

    def _set_meta(self, name: str, value: str) -> None:
        self._run(queries.SET_META_DELETE, {"name": name})
        self._run(queries.SET_META_INSERT, {"name": name, "value": value})

    # ---- reading ---------------------------------------------------------------------------

    def search(self, text: str, limit: int = 10) -> list[Match]:
        query = fold(text.strip())
        if not query:
            return []
        rows = self._fetch(
            queries.SEARCH,
            {
                "query": query,
                "pattern": _like_pattern(query),
                "by_word": searches_words(query),
                "word": " " + query,
                "limit": limit,
            },
        )
        return [Match(entity_id, label, kind, name, points) for entity_id, label, kind, name, points in rows]

    def _keys(self, ids: Iterable[str]) -> dict[str, tuple[int, str]]:
        """Stored entity ids → (seq, type)."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        return {
            entity_id: (seq, kind)
            for entity_id, seq, kind in self._fetch(queries.ENTITY_KEYS, {"ids": wanted})
        }

    def _key(self, entity_id: str) -> tuple[int, str]:
        found = self._keys([entity_id])
        if entity_id not in found:
            raise unknown_entity(self, entity_id)
        return found[entity_id]

    def has(self, entity_id: str) -> bool:
        return bool(self._keys([entity_id]))

    def _entities(self, seqs: Sequence[int]) -> tuple[list[Entity], dict[str, list[str]]]:
        """Entity rows in the order they were written, and their stored conflicts."""
        attributes: dict[int, list[tuple[str, str]]] = {}
        for seq, name, value in self._fetch(queries.ATTRIBUTE_ROWS, {"seqs": list(seqs)}):
            attributes.setdefault(seq, []).append((name, value))
        entities = []
        conflicts = {}
        for seq, entity_id, kind, label, aliases, description, disputed in self._fetch(
            queries.ENTITY_ROWS, {"seqs": list(seqs)}
        ):
            entities.append(
                Entity(
                    entity_id,
                    kind,
                    label,
                    tuple(json.loads(aliases)),
                    description,
                    tuple(sorted(attributes.get(seq, []))),
                )
            )
            conflicts[entity_id] = json.loads(disputed)
        return entities, conflicts

    def _sources(self, ids: Iterable[str]) -> list[Source]:
        wanted = sorted(set(ids))
        if not wanted:
            return []
        return [Source(*row) for row in self._fetch(queries.SOURCE_ROWS, {"ids": wanted})]

    def _build(self, seqs: Sequence[int], claims: Sequence[Claim]) -> nx.MultiDiGraph:
        """The graph of these entities and claims, as build_graph builds it, with stored conflicts."""
        entities, conflicts = self._entities(seqs)
        sources = self._sources(claim.source for claim in claims)
        meta = self._meta()
        G = build_graph(
            Dataset(tuple(entities), tuple(claims), tuple(sources), name=meta.get("name", "store"))
        )
        G.graph["entity_columns"] = json.loads(meta.get("entity_columns", "[]"))
        for node, disputed in conflicts.items():
            G.nodes[node]["conflicts"] = disputed
            G.nodes[node]["conflict"] = bool(disputed)
        return G

    def _claims_among(self, seqs: Sequence[int]) -> list[Claim]:
        return [Claim(*row) for row in self._fetch(queries.CLAIMS_AMONG, {"seqs": list(seqs)})]

    def entity(self, entity_id: str) -> EntityRecord:
        seq, _ = self._key(entity_id)
        claims = [Claim(*row) for row in self._fetch(queries.CLAIMS_TOUCHING, {"seq": seq})]
        others = {claim.subject for claim in claims} | {
            claim.object for claim in claims if not is_attribute(claim.relation)
        }
        seqs = sorted({seq} | {key for key, _ in self._keys(others).values()})
        G = self._build(seqs, claims)
        entities, _ = self._entities([seq])
        sources = tuple(sorted(self._sources(claim.source for claim in claims), key=lambda source: source.id))
        return EntityRecord(entities[0], tuple(sorted(claims, key=claim_sort_key)), sources, G)

    @staticmethod
    def _filter_params(spec: ViewSpec) -> dict[str, Any]:
        return {
            "any_type": spec.types is None,
            "types": list(spec.types or ()),
            "any_relation": spec.relations is None,
            "relations": list(spec.relations or ()),
            "day": as_date(spec.as_of),
        }

    @staticmethod
    def _type_ok(spec: ViewSpec, kind: str) -> bool:
        return spec.types is None or kind in spec.types

    def _reach(self, seeds: Sequence[int], depth: int, spec: ViewSpec) -> dict[int, int]:
        """Entity seq → distance from the nearest seed, within ``depth`` steps, under the filters."""
        if not seeds:
            return {}
        params = self._filter_params(spec) | {"seeds": list(seeds), "depth": depth}
        if depth > 1:
            return {node: distance for node, distance in self._fetch(queries.REACH, params)}
        distances = dict.fromkeys(seeds, 0)
        if depth == 1:
            for (node,) in self._fetch(queries.STEP, params):
                distances.setdefault(node, 1)
        return distances

    def _nearest(
        self, distances: dict[int, int], spec: ViewSpec, limit: int
    ) -> tuple[nx.MultiDiGraph, bool, int]:
        """The ``limit`` entities nearest the seeds, built and passed through ``apply_view(spec)``;
        whether some were left out, and how many there were."""
        keep = sorted(sorted(distances, key=lambda seq: (distances[seq], seq))[:limit])
        H = self._build(keep, self._claims_among(keep))
        return apply_view(H, spec), len(distances) > limit, len(distances)

    def neighbours(
        self, ids: Iterable[str], depth: int = 1, spec: ViewSpec | None = None, limit: int = DEFAULT_LIMIT
    ) -> Subgraph:
        spec = filters_of(spec)
        if depth < 0:
            raise InputError(f"The depth must be 0 or more, not {depth}.")
        wanted = list(dict.fromkeys(ids))
        found = self._keys(wanted)
        for entity_id in wanted:
            if entity_id not in found:
                raise unknown_entity(self, entity_id)
        seeds = [seq for seq, kind in found.values() if self._type_ok(spec, kind)]
        graph, truncated, total = self._nearest(self._reach(seeds, depth, spec), spec, limit)
        if not truncated:  # distances again within what apply_view kept (filters SQL does not know)
            near = within(graph, [node for node in wanted if node in graph], depth)
            graph, total = graph.subgraph(near).copy(), len(near)
        return Subgraph(graph, truncated, total)

    def view(self, spec: ViewSpec, limit: int = DEFAULT_LIMIT) -> Subgraph:
        params = self._filter_params(spec)
        found = self._keys(name for name in (spec.framework, spec.focus) if name)
        framework = found.get(spec.framework or "")
        focus = found.get(spec.focus or "")
        if framework and self._type_ok(spec, framework[1]):
            partners = self._fetch(queries.FRAMEWORK_PARTNERS, params | {"framework": framework[0]})
            candidates = sorted({framework[0], *(seq for (seq,) in partners)})
            view = apply_view(self._build(candidates, self._claims_among(candidates)), spec)
            return cut_view(view, spec, limit, {node: index for index, node in enumerate(view)})
        if focus and self._type_ok(spec, focus[1]):
            graph, truncated, total = self._nearest(self._reach([focus[0]], spec.depth, spec), spec, limit)
            return Subgraph(graph, truncated, total if truncated else graph.number_of_nodes())
        params["limit"] = limit
        entities, count = (
            (queries.CONNECTED_ENTITIES, queries.CONNECTED_COUNT)
            if spec.hide_isolated
            else (queries.VIEW_ENTITIES, queries.VIEW_COUNT)
        )
        seqs = [seq for (seq,) in self._fetch(entities, params)]
        total = self._fetch(count, params)[0][0] if len(seqs) == limit else len(seqs)
        H = self._build(seqs, self._claims_among(seqs))
        if total > limit:  # isolation was judged on the whole view, not on the part kept
            return Subgraph(apply_view(H, replace(spec, hide_isolated=False)), True, total)
        view = apply_view(H, spec)
        return Subgraph(view, False, view.number_of_nodes())

    def paths(
        self,
        source: str,
        target: str,
        spec: ViewSpec | None = None,
        limit: int = 5,
        max_length: int | None = None,
    ) -> PathResult:
        spec = filters_of(spec)
        (first, first_type), (second, second_type) = self._key(source), self._key(target)
        if not (self._type_ok(spec, first_type) and self._type_ok(spec, second_type)):
            return PathResult([], nx.MultiDiGraph())
        if first == second:
            return PathResult([[]], apply_view(self._build([first], []), spec))
        # Balls around both ends grow in turn until they meet: the first length at which they
        # do is the distance. Every node on a shortest path lies in one of them.
        near_first: dict[int, int] = {first: 0}
        near_second: dict[int, int] = {second: 0}
        depth_first = depth_second = 0
        length = 0
        while True:
            length += 1
            if max_length is not None and length > max_length:
                return PathResult([], nx.MultiDiGraph())
            if length % 2:
                depth_first += 1
                grown = self._reach([first], depth_first, spec)
                exhausted, near_first = len(grown) == len(near_first), grown
            else:
                depth_second += 1
                grown = self._reach([second], depth_second, spec)
                exhausted, near_second = len(grown) == len(near_second), grown
            if near_first.keys() & near_second.keys():
                break
            if exhausted:
                return PathResult([], nx.MultiDiGraph())
        on_paths = [
            node
            for node in near_first.keys() | near_second.keys()
            if (node in near_first and node in near_second and near_first[node] + near_second[node] == length)
            or (node not in near_second and near_first[node] + depth_second + 1 <= length)
            or (node not in near_first and near_second[node] + depth_first + 1 <= length)
        ]
        seqs = sorted(on_paths)
        F = apply_view(self._build(seqs, self._claims_among(seqs)), spec)
        if source not in F or target not in F:
            return PathResult([], nx.MultiDiGraph())
        found = shortest_paths(F, source, target, limit=limit)
        nodes = {node for path in found for step in path for node in (step.subject, step.object)}
        return PathResult(found, F.subgraph(nodes).copy())

    def claims(self, claim_filter: ClaimFilter | None = None) -> tuple[Claim, ...]:
        wanted = claim_filter or ClaimFilter()
        rows = self._fetch(
            queries.CLAIMS_FILTERED,
            {
                "subject": wanted.subject,
                "object": wanted.object,
                "any_relation": wanted.relations is None,
                "relations": list(wanted.relations or ()),
                "source": wanted.source,
                "batch": wanted.batch,
                "day": as_date(wanted.as_of),
                "limit": wanted.limit,
            },
        )
        return tuple(Claim(*row) for row in rows)

    def decisions(self) -> tuple[Decision, ...]:
        return tuple(Decision(*row) for row in self._fetch(queries.DECISION_ROWS))

    def summary(self) -> StoreSummary:
        meta = self._meta()
        counts = {table: self._fetch(sql)[0][0] for table, sql in queries.COUNT.items()}
        return StoreSummary(
            name=meta.get("name", "store"),
            entities=counts["entities"],
            edges=self._fetch(queries.EDGE_COUNT)[0][0],
            claims=counts["claims"],
            sources=counts["sources"],
            decisions=counts["decisions"],
            types=dict(sorted(self._fetch(queries.TYPE_COUNTS))),
            relations=dict(sorted(self._fetch(queries.RELATION_COUNTS))),
            conflicts=[
                (entity_id, label, json.loads(what))
                for entity_id, label, what in self._fetch(queries.CONFLICTS)
            ],
            schema_version=int(meta["schema_version"]),
            batches=counts["batches"],
        )

    def check(self) -> ImportReport:
        report = ImportReport()
        version = self._schema_version()
        if version != SCHEMA_VERSION:
            report.add(
                "error",
                self.url,
                None,
                "schema_version",
                f"schema version {version}, expected {SCHEMA_VERSION}.",
            )
        for problem, sql in queries.CHECKS.items():
            rows = self._fetch(sql)
            if rows:
                examples = ", ".join(str(row[0]) for row in rows[:5])
                report.add(
                    "error", self.url, None, None, f"{problem} (e.g. {examples}).", "load the data again."
                )
        return report

    # ---- writing ---------------------------------------------------------------------------

    def write(
        self,
        data: Dataset | object,
        author: str = "",
        note: str = "",
        kind: str = "write",
        progress: Progress | None = None,
    ) -> WriteResult:
        addition = as_dataset(data)
        with self._writing():
            result = self._write(addition, author, note, kind, progress or (lambda stage: None))
        self._after_write(result)
        return result

    def _write(self, addition: Dataset, author: str, note: str, kind: str, progress: Progress) -> WriteResult:
        claims = list(dict.fromkeys(addition.claims))
        referenced = [entity.id for entity in addition.entities]
        referenced += [claim.subject for claim in claims]
        referenced += [claim.object for claim in claims if not is_attribute(claim.relation)]
        referenced += [name for decision in addition.decisions for name in (decision.left, decision.right)]
        empty = not self._fetch(queries.MAX_SEQ["entities"])[0][0]
        known = {} if empty else self._keys(referenced)
        no_sources = not self._fetch(queries.MAX_SEQ["sources"])[0][0]
        known_sources = (
            set()
            if no_sources
            else {
                source.id
                for source in self._sources([s.id for s in addition.sources] + [c.source for c in claims])
            }
        )
        report = check_addition(addition, set(known), known_sources)
        if not report.ok:
            raise DatasetError("The write was refused; nothing was written:", report)
        progress("checked")

        stored_before = self._fetch(queries.MAX_SEQ["claims"])[0][0]
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
        prints = {claim: fingerprint(claim) for claim in claims}
        stored = (
            {
                row[0]
                for row in self._fetch(queries.CLAIM_FINGERPRINTS, {"fingerprints": list(prints.values())})
            }
            if stored_before
            else set()
        )
        new_claims = [claim for claim in claims if prints[claim] not in stored]
        existing_decisions = set(self.decisions()) if addition.decisions else set()
        new_decisions = [d for d in dict.fromkeys(addition.decisions) if d not in existing_decisions]
        if not (new_entities or new_sources or new_claims or new_decisions):
            return WriteResult(None, 0, 0, 0, 0, (), report)

        batch = self._fetch(queries.MAX_BATCH)[0][0] + 1
        touched = list(dict.fromkeys(claim.subject for claim in new_claims))
        added = {entity.id for _, entity in new_entities}
        earlier = [known[subject][0] for subject in touched if subject not in added]
        before = self._stored_conflicts(earlier)
        previous = (
            [Claim(*row) for row in self._fetch(queries.CLAIMS_OF_SUBJECTS, {"seqs": earlier})]
            if earlier and stored_before
            else []
        )
        progress("deriving edges")
        edges, conflicts = derive([*previous, *new_claims])

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
                for seq, entity in new_entities
            ],
        )
        self._insert(
            "attributes",
            ("entity", "name", "value"),
            [(seq, name, value) for seq, entity in new_entities for name, value in entity.attributes],
        )
        self._insert(
            "names",
            ("entity", "name", "folded", "words", "bonus"),
            [row for seq, entity in new_entities for row in name_rows(seq, entity)],
        )
        self._insert(
            "sources",
            ("seq", "id", "title", "publisher", "author", "published", "url", "kind", "batch"),
            [
                (seq, s.id, s.title, s.publisher, s.author, s.published, s.url, s.kind, batch)
                for seq, s in new_sources
            ],
        )
        progress("writing claims")
        first_claim = self._fetch(queries.MAX_SEQ["claims"])[0][0] + 1
        self._insert(
            "claims",
            (
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
            ),
            [
                (
                    first_claim + index,
                    prints[claim],
                    claim.subject,
                    known[claim.subject][0],
                    claim.relation,
                    claim.object,
                    None if is_attribute(claim.relation) else known[claim.object][0],
                    claim.source,
                    claim.start,
                    claim.end,
                    _day(claim.start),
                    _day(claim.end),
                    claim.locator,
                    claim.note,
                    claim.role,
                    batch,
                )
                for index, claim in enumerate(new_claims)
            ],
        )
        first_decision = self._fetch(queries.MAX_SEQ["decisions"])[0][0] + 1
        self._insert(
            "decisions",
            ("seq", "left_id", "right_id", "decision", "author", "decided_on", "note", "batch"),
            [
                (first_decision + index, d.left, d.right, d.decision, d.by, d.date, d.note, batch)
                for index, d in enumerate(new_decisions)
            ],
        )
        progress("writing edges")
        self._replace_links(earlier if stored_before else [], edges, known)
        self._update_conflicts(earlier, before, conflicts, known)
        if new_entities and any(entity.attributes for _, entity in new_entities):
            self._refresh_entity_columns()
        meta = self._meta()
        if "name" not in meta:
            self._set_meta("name", addition.name)
        self._run(
            queries.INSERT_BATCH,
            {
                "id": batch,
                "kind": kind,
                "author": author,
                "note": note,
                "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "entities": len(new_entities),
                "claims": len(new_claims),
                "sources": len(new_sources),
                "decisions": len(new_decisions),
            },
        )
        progress("committing")
        after = {subject: conflicts.get(subject, []) for subject in touched}
        created = sorted(
            (subject, what)
            for subject, disputed in after.items()
            for what in disputed
            if what not in before.get(subject, [])
        )
        return WriteResult(
            batch,
            len(new_entities),
            len(new_claims),
            len(new_sources),
            len(new_decisions),
            tuple(created),
            report,
        )

    def _stored_conflicts(self, seqs: Sequence[int]) -> dict[str, list[str]]:
        if not seqs:
            return {}
        return {
            entity_id: json.loads(what)
            for _, entity_id, what in self._fetch(queries.CONFLICTS_OF, {"seqs": list(seqs)})
        }

    def _replace_links(
        self,
        subjects: Sequence[int],
        edges: Sequence[tuple[str, str, str, str | None, str | None]],
        known: dict[str, tuple[int, str]],
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
            start_day, end_day = _day(start), _day(end)
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
            now = conflicts.get(entity_id, [])
            if now != before[entity_id]:
                self._run(
                    queries.UPDATE_CONFLICTS, {"seq": seq, "conflicts": json.dumps(now, ensure_ascii=False)}
                )

    def _refresh_entity_columns(self) -> None:
        columns = sorted(name for (name,) in self._fetch(queries.ENTITY_COLUMNS))
        self._set_meta("entity_columns", json.dumps(columns, ensure_ascii=False))

    def undo(self, batch: int | None = None) -> WriteResult | None:
        with self._writing():
            rows = self._fetch(queries.LAST_BATCH)
            if not rows:
                return None
            last, entities, claims, sources, decisions = rows[0]
            if batch is not None and batch != last:
                raise InputError(
                    f"Only the last write can be undone: that is batch {last}, not {batch} "
                    "(someone wrote after it)."
                )
            params = {"batch": last}
            touched = [seq for (seq,) in self._fetch(queries.SUBJECTS_OF_BATCH, params)]
            before_rows = self._fetch(queries.CONFLICTS_OF, {"seqs": touched}) if touched else []
            for table in ("claims", "decisions", "names", "attributes", "entities", "sources", "batches"):
                self._run(queries.DELETE_BATCH[table], params)
            remaining = (
                {seq: entity_id for seq, entity_id, _ in self._fetch(queries.CONFLICTS_OF, {"seqs": touched})}
                if touched
                else {}
            )
            claims_left = (
                [Claim(*row) for row in self._fetch(queries.CLAIMS_OF_SUBJECTS, {"seqs": list(remaining)})]
                if remaining
                else []
            )
            edges, conflicts = derive(claims_left)
            known = {
                entity_id: (seq, kind) for entity_id, (seq, kind) in self._keys(remaining.values()).items()
            }
            self._replace_links(touched, edges, known)
            before = {entity_id: json.loads(what) for seq, entity_id, what in before_rows if seq in remaining}
            self._update_conflicts(list(remaining), before, conflicts, known)
            if entities:
                self._refresh_entity_columns()
            return WriteResult(last, entities, claims, sources, decisions)
