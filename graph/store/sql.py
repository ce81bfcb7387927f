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

Writing (:mod:`graph.store.sql_write`): one transaction per write, writers serialised, each
recorded in the write log under an id never reused, so that the last one can be undone.
"""

from __future__ import annotations

import datetime as dt
import json
from abc import abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import networkx as nx

from graph.build import build_graph
from graph.dates import as_date
from graph.errors import InputError, StoreUnavailableError
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
    claim_sort_key,
    cut_view,
    filters_of,
    searches_words,
    unknown_entity,
    within,
)
from graph.store.changes import notes_about
from graph.store.drafts import SQLDrafts
from graph.store.schema import MIGRATIONS, SCHEMA_VERSION
from graph.store.sql_redo import SQLRedoing
from graph.store.sql_write import Row, claim_of
from graph.view import ViewSpec, apply_view
from graph.vocabulary import is_attribute

__all__ = ["Row", "SQLStore"]


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class SQLStore(SQLDrafts, SQLRedoing):
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

    def _before_migration(self, version: int) -> None:
        """What an engine does before it migrates a store from schema ``version`` (≥ 1)."""
        return None

    def _after_migration(self, version: int) -> None:
        """What an engine adds to the schema it just created or migrated from ``version``."""
        return None

    # ---- schema ----------------------------------------------------------------------------

    def _prepare(self, create: bool) -> None:
        """Create the schema or apply missing migrations; refuse a store newer than this code."""
        version = self._schema_version()
        if version == SCHEMA_VERSION:
            return
        if version == 0 and not create:
            raise StoreUnavailableError(
                f"{self.url} holds no claims store yet. Create one with "
                f"`python -m graph store load PATH --store {self.url}`.",
                "missing",
            )
        if version > SCHEMA_VERSION:
            raise InputError(
                f"{self.url} has schema version {version}, newer than this program knows "
                f"({SCHEMA_VERSION}). Update Alliance Graph Explorer to open it."
            )
        if version:
            self._before_migration(version)
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
        if notes := self._notes(list(conflicts)):
            G.graph["notes"] = notes_about(notes, None)
        return G

    def _claims_among(self, seqs: Sequence[int], spec: ViewSpec | None = None) -> list[Claim]:
        """The claims among ``seqs``, with those a "reported by" view still shows though retracted."""
        claims = [claim_of(row) for row in self._fetch(queries.CLAIMS_AMONG, {"seqs": list(seqs)})]
        retracted = self._still_reported(seqs, spec)
        if not retracted:
            return claims
        stored = set(claims)
        return claims + [claim for claim in retracted if claim not in stored]

    def entity(self, entity_id: str) -> EntityRecord:
        seq, _ = self._key(entity_id)
        claims = [claim_of(row) for row in self._fetch(queries.CLAIMS_TOUCHING, {"seq": seq})]
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
        H = self._build(keep, self._claims_among(keep, spec))
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
            view = apply_view(self._build(candidates, self._claims_among(candidates, spec)), spec)
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
        H = self._build(seqs, self._claims_among(seqs, spec))
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
        F = apply_view(self._build(seqs, self._claims_among(seqs, spec)), spec)
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
        return tuple(claim_of(row) for row in rows)

    def decisions(self) -> tuple[Decision, ...]:
        return tuple(Decision(*row) for row in self._fetch(queries.DECISION_ROWS))

    def dataset(self) -> Dataset:
        """Every table the store holds, in the order it was written."""
        attributes: dict[int, list[tuple[str, str]]] = {}
        for seq, name, value in self._fetch(queries.ALL_ATTRIBUTES):
            attributes.setdefault(seq, []).append((name, value))
        entities = tuple(
            Entity(
                entity_id,
                kind,
                label,
                tuple(json.loads(aliases)),
                description,
                tuple(sorted(attributes.get(seq, []))),
            )
            for seq, entity_id, kind, label, aliases, description, _ in self._fetch(queries.ALL_ENTITIES)
        )
        return Dataset(
            entities,
            tuple(claim_of(row) for row in self._fetch(queries.ALL_CLAIMS)),
            tuple(Source(*row) for row in self._fetch(queries.ALL_SOURCES)),
            name=self._meta().get("name", "store"),
            decisions=self.decisions(),
        )

    def row_writes(self) -> dict[str, list[int]]:
        """For each table, the write each row belongs to, in the order :meth:`dataset` gives them."""
        return {table: [batch for (batch,) in self._fetch(sql)] for table, sql in queries.ROW_WRITES.items()}

    def log_rows(self) -> list[Row]:
        """The write log as stored (undone writes too), oldest first: id, kind, author, note,
        written, the four counts, undone, undone_by."""
        return self._fetch(queries.LOG_ROWS)

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
