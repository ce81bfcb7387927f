"""The in-memory store: today's NetworkX graph behind the store interface.

Every answer comes from the functions of :mod:`graph.query` and :mod:`graph.view` on the
graph, so a command behaves exactly as it did before stores existed. It stays the
default for the bundled data and for uploads. Writes build a new graph (the one given is
never changed; a cached graph may be shared by every session).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from itertools import chain
from typing import TypeVar

import networkx as nx

from graph.build import build_graph, graph_to_dataset
from graph.dates import holds_on
from graph.errors import DatasetError, InputError, WriteConflictError
from graph.model import Claim, Dataset, Decision, Entity, Source
from graph.query import Match, conflicts, require_node, search, shortest_paths
from graph.report import ImportReport
from graph.store.base import (
    DEFAULT_LIMIT,
    ClaimFilter,
    EntityRecord,
    PathResult,
    SavedDraft,
    StoreSummary,
    Subgraph,
    WriteRecord,
    WriteResult,
    WriteStamp,
    as_dataset,
    check_addition,
    claim_sort_key,
    cut_view,
    filters_of,
    nearest_first,
    within,
)
from graph.store.changes import Change
from graph.store.memory_edits import MemoryEditing
from graph.store.same_ids import reconcile
from graph.view import ViewSpec, apply_view

T = TypeVar("T", Entity, Source)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _completed(meant: WriteStamp, last: WriteResult) -> WriteStamp:
    """``meant`` with the author and time it leaves open taken from ``last``."""
    return WriteStamp(
        meant.batch,
        last.author if meant.author is None else meant.author,
        last.written if meant.written is None else meant.written,
    )


def _first_of_each(rows: Iterable[T], known: set[str]) -> tuple[T, ...]:
    """The rows whose id is not known yet, the first of each id."""
    seen = set(known)
    kept = []
    for row in rows:
        if row.id not in seen:
            seen.add(row.id)
            kept.append(row)
    return tuple(kept)


def _without(tables: Dataset, added: Dataset) -> Dataset:
    """``tables`` without the rows one write added."""
    return replace(
        tables,
        entities=tuple(row for row in tables.entities if row not in set(added.entities)),
        claims=tuple(row for row in tables.claims if row not in set(added.claims)),
        sources=tuple(row for row in tables.sources if row not in set(added.sources)),
        decisions=tuple(row for row in tables.decisions if row not in set(added.decisions)),
    )


def _touched(added: Dataset) -> set[str]:
    """What a write touched: the entities and sources it added, its claims' subjects and the
    entities its decisions name (as the SQL stores count them)."""
    names = {entity.id for entity in added.entities} | {source.id for source in added.sources}
    names |= {claim.subject for claim in added.claims}
    return names | {name for decision in added.decisions for name in (decision.left, decision.right)}


def _named(added: Dataset) -> set[str]:
    """What a write's claims and decisions name: subjects, objects, sources, both sides."""
    names = {name for claim in added.claims for name in (claim.subject, claim.object, claim.source)}
    return names | {name for decision in added.decisions for name in (decision.left, decision.right)}


class MemoryStore(MemoryEditing):
    """A store over one built graph ``G`` (see the module docstring)."""

    read_only = False

    def __init__(self, G: nx.MultiDiGraph, url: str = "memory:") -> None:
        self.url = url
        self._log: dict[int, WriteRecord] = {}
        self._added: dict[int, Dataset] = {}
        self._hand_edits: dict[int, set[str]] = {}
        self._G = G
        self._dataset: Dataset | None = None
        self._order: dict[str, int] | None = None
        self._history: list[tuple[nx.MultiDiGraph, Dataset, WriteResult, set[Claim]]] = []
        self._last_batch = 0
        self._undone: dict[int, str] = {}  # undone write → who undid it
        self._drafts: dict[str, SavedDraft] = {}
        self._did: dict[int, Change] = {}
        self._init_edits()

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The whole graph (read it, never change it)."""
        return self._G

    def dataset(self) -> Dataset:
        """The tables the graph holds (computed once per graph)."""
        if self._dataset is None:
            self._dataset = graph_to_dataset(self._G)
        return self._dataset

    def _position(self) -> dict[str, int]:
        if self._order is None:
            self._order = {node: index for index, node in enumerate(self._G)}
        return self._order

    # ---- reading ---------------------------------------------------------------------------

    def search(self, text: str, limit: int = 10) -> list[Match]:
        return search(self._G, text, limit=limit)

    def has(self, entity_id: str) -> bool:
        return entity_id in self._G

    def entity(self, entity_id: str) -> EntityRecord:
        G = self._G
        require_node(G, entity_id)
        star = nx.MultiDiGraph()
        star.graph.update(G.graph)
        star.add_node(entity_id, **G.nodes[entity_id])
        for subject, target, key, data in chain(
            G.out_edges(entity_id, keys=True, data=True), G.in_edges(entity_id, keys=True, data=True)
        ):
            for node in (subject, target):
                if node not in star:
                    star.add_node(node, **G.nodes[node])
            star.add_edge(subject, target, key, **data)
        tables = graph_to_dataset(star)
        claims = tuple(
            sorted(
                (claim for claim in tables.claims if entity_id in (claim.subject, claim.object)),
                key=claim_sort_key,
            )
        )
        cited = {claim.source for claim in claims}
        sources = tuple(sorted((s for s in tables.sources if s.id in cited), key=lambda source: source.id))
        entity = next(entity for entity in tables.entities if entity.id == entity_id)
        return EntityRecord(entity, claims, sources, star)

    def _filtered(self, filters: ViewSpec) -> nx.MultiDiGraph:
        """The graph the filters keep (a read-only view of ``G`` when they keep everything)."""
        return apply_view(self._graph_for(filters), filters)

    def neighbours(
        self, ids: Iterable[str], depth: int = 1, spec: ViewSpec | None = None, limit: int = DEFAULT_LIMIT
    ) -> Subgraph:
        spec = filters_of(spec)
        if depth < 0:
            raise InputError(f"The depth must be 0 or more, not {depth}.")
        wanted = list(dict.fromkeys(ids))
        for entity_id in wanted:
            require_node(self._G, entity_id)
        G = self._filtered(spec)
        distances = within(G, [node for node in wanted if node in G], depth)
        keep = nearest_first(distances, self._position(), limit)
        return Subgraph(G.subgraph(keep).copy(), len(distances) > limit, len(distances))

    def view(self, spec: ViewSpec, limit: int = DEFAULT_LIMIT) -> Subgraph:
        return cut_view(apply_view(self._graph_for(spec), spec), spec, limit, self._position())

    def paths(
        self,
        source: str,
        target: str,
        spec: ViewSpec | None = None,
        limit: int = 5,
        max_length: int | None = None,
    ) -> PathResult:
        spec = filters_of(spec)
        require_node(self._G, source)
        require_node(self._G, target)
        G = self._filtered(spec)
        if source not in G or target not in G:
            return PathResult([], nx.MultiDiGraph())
        found = shortest_paths(G, source, target, limit=limit)
        if found and max_length is not None and len(found[0]) > max_length:
            found = []
        nodes = {node for path in found for step in path for node in (step.subject, step.object)}
        if found == [[]]:
            nodes = {source}
        return PathResult(found, G.subgraph(nodes).copy())

    def claims(self, claim_filter: ClaimFilter | None = None) -> tuple[Claim, ...]:
        wanted = claim_filter or ClaimFilter()
        batch_claims = None
        if wanted.batch is not None:
            batch_claims = next(
                (added for *_, result, added in self._history if result.batch == wanted.batch), set()
            )
        found = []
        for claim in self.dataset().claims:
            if (
                (wanted.subject is None or claim.subject == wanted.subject)
                and (wanted.object is None or claim.object == wanted.object)
                and (wanted.relations is None or claim.relation in wanted.relations)
                and (wanted.source is None or claim.source == wanted.source)
                and (batch_claims is None or claim in batch_claims)
                and (wanted.as_of is None or holds_on(claim.start, claim.end, wanted.as_of))
            ):
                found.append(claim)
                if wanted.limit is not None and len(found) >= wanted.limit:
                    break
        return tuple(found)

    def decisions(self) -> tuple[Decision, ...]:
        return self.dataset().decisions

    def summary(self) -> StoreSummary:
        G = self._G
        types: dict[str, int] = {}
        for _, data in G.nodes(data=True):
            types[data["type"]] = types.get(data["type"], 0) + 1
        relations: dict[str, int] = {}
        for _, _, data in G.edges(data=True):
            relations[data["relation"]] = relations.get(data["relation"], 0) + 1
        tables = self.dataset()
        return StoreSummary(
            name=str(G.graph.get("name", "graph")),
            entities=G.number_of_nodes(),
            edges=G.number_of_edges(),
            claims=len(tables.claims),
            sources=len(G.graph.get("sources", {})),
            decisions=len(tables.decisions),
            types=dict(sorted(types.items())),
            relations=dict(sorted(relations.items())),
            conflicts=[(node, G.nodes[node].get("label", node), what) for node, what in conflicts(G)],
            schema_version=None,
            batches=len(self._history),
        )

    def check(self) -> ImportReport:
        tables = self.dataset()
        stored = Dataset(tables.entities, sources=tables.sources)
        everything = Dataset((), tables.claims, (), decisions=tables.decisions)
        return check_addition(everything, stored.entity_ids(), stored.source_ids())

    # ---- writing ---------------------------------------------------------------------------

    def write(
        self,
        data: Dataset | object,
        author: str = "",
        note: str = "",
        on_conflict: str = "refuse",
        kind: str = "import",
    ) -> WriteResult:
        base = self.dataset()
        addition, report = reconcile(
            as_dataset(data),
            {entity.id: entity for entity in base.entities},
            {source.id: source for source in base.sources},
            on_conflict,
            lambda ids: set(ids) & (base.entity_ids() | base.source_ids()),
        )
        report.extend(check_addition(addition, base.entity_ids(), base.source_ids()))
        if not report.ok:
            raise DatasetError("The write was refused; nothing was written:", report)
        entities = _first_of_each(addition.entities, base.entity_ids())
        sources = _first_of_each(addition.sources, base.source_ids())
        stored = set(base.claims)
        claims = tuple(claim for claim in dict.fromkeys(addition.claims) if claim not in stored)
        decisions = tuple(d for d in dict.fromkeys(addition.decisions) if d not in set(base.decisions))
        if not (entities or sources or claims or decisions):
            return WriteResult(None, 0, 0, 0, 0, (), report)
        merged = Dataset(
            base.entities + entities,
            base.claims + claims,
            base.sources + sources,
            name=base.name,
            decisions=base.decisions + decisions,
        )
        G = build_graph(merged)
        before = {(node, what) for node, disputed in conflicts(self._G) for what in disputed}
        created = tuple(
            sorted(
                (node, what)
                for node, disputed in conflicts(G)
                for what in disputed
                if (node, what) not in before
            )
        )
        self._last_batch += 1  # never reused, even after an undo
        written = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        counts = (len(entities), len(claims), len(sources), len(decisions))
        result = WriteResult(self._last_batch, *counts, created, report, author, written)
        self._history.append((self._G, base, result, set(claims)))
        self._G, self._dataset, self._order = self._decorated(G), merged, None
        self._log[self._last_batch] = WriteRecord(
            self._last_batch, kind, author, note, written, *counts, False
        )
        self._added[self._last_batch] = Dataset(entities, claims, sources, decisions=decisions)
        self._did[self._last_batch] = Change(self._added[self._last_batch])
        return result

    def history(self, limit: int | None = None, entity: str | None = None) -> tuple[WriteRecord, ...]:
        records = [
            record
            for number, record in sorted(self._log.items(), reverse=True)
            if entity is None
            or (
                not record.undone
                and entity
                in _touched(self._added[number])
                | _named(self._added[number])
                | self._hand_edits.get(number, set())
            )
        ]
        return tuple(records[:limit] if limit is not None else records)

    def version(self) -> str:
        undone = sum(record.undone for record in self._log.values())
        return f"memory/{id(self)}/{self._last_batch}/{undone}"

    def revert(self, batch: int | WriteStamp, author: str = "") -> WriteResult:
        meant = WriteStamp(batch) if isinstance(batch, int) else batch
        record = self._log.get(meant.batch)
        if (
            record is None
            or (meant.author not in (None, record.author))
            or (meant.written not in (None, record.written))
        ):
            raise WriteConflictError(
                f"There is no write {meant.batch} in {self.url} as meant; nothing was reverted."
            )
        if record.undone:
            raise WriteConflictError(f"Write {meant.batch} was undone already. Nothing was reverted.")
        added = self._added[meant.batch]
        touched = _touched(added) | self._hand_edits.get(meant.batch, set())
        later = [
            other
            for number, other in sorted(self._log.items())
            if number > meant.batch
            and not other.undone
            and (_named(self._added[number]) | self._hand_edits.get(number, set())) & touched
        ]
        if meant.batch in self._hand_edits and not later and self._history[-1][2].batch != meant.batch:
            raise WriteConflictError(
                f"Write {meant.batch} is a hand edit: in a memory store only the last one can be taken "
                "back (undo). Nothing was reverted."
            )
        if not later and self._history and self._history[-1][2].batch == meant.batch:
            result = self.undo(meant, author)
            assert result is not None
            return result
        if later:
            shown = "; ".join(
                f"write {r.id} ({r.kind}) by {r.author or 'someone'} at {r.written}" for r in later
            )
            raise WriteConflictError(
                f"Write {meant.batch} cannot be reverted: a later write touched the same claims or "
                f"entities: {shown}. Revert that one first. Nothing was reverted."
            )
        self._history = [
            (build_graph(_without(base, added)), _without(base, added), result, claims)
            for G, base, result, claims in self._history
            if result.batch != meant.batch
        ]
        self._dataset = _without(self.dataset(), added)
        self._G, self._order = build_graph(self._dataset), None
        self._log[meant.batch] = replace(record, undone=True, kept=True, undone_at=_now())
        self._undone[meant.batch] = author
        return WriteResult(
            meant.batch,
            record.entities,
            record.claims,
            record.sources,
            record.decisions,
            author=record.author,
            written=record.written,
        )

    def undo(self, batch: int | WriteStamp | None = None, author: str = "") -> WriteResult | None:
        meant = WriteStamp(batch) if isinstance(batch, int) else batch
        last = self._history[-1][2] if self._history else None
        if meant is not None and (last is None or last.stamp != _completed(meant, last)):
            raise WriteConflictError(self._refusal(meant, last))
        if last is None:
            return None
        G, base, result, _ = self._history.pop()
        self._undone[result.batch or 0] = author
        self._log[result.batch or 0] = replace(
            self._log[result.batch or 0], undone=True, kept=True, undone_at=_now()
        )
        self._G, self._dataset, self._order = G, base, None
        self._restore_edits(result.batch)
        return WriteResult(
            result.batch,
            result.entities,
            result.claims,
            result.sources,
            result.decisions,
            author=result.author,
            written=result.written,
        )

    def redo(self, batch: int | WriteStamp, author: str = "") -> WriteResult:
        """Write again what the undone write ``batch`` did, as a new write (graph/store/sql_redo.py)."""
        meant = WriteStamp(batch) if isinstance(batch, int) else batch
        record = self._log.get(meant.batch)
        if (
            record is None
            or meant.author not in (None, record.author)
            or meant.written not in (None, record.written)
        ):
            raise InputError(f"Write {meant.batch} is not in {self.url}; nothing was redone.")
        if not record.undone:
            raise WriteConflictError(f"Write {record.id} is not undone: there is nothing to redo.")
        if record.redone is not None:
            raise WriteConflictError(f"Write {record.id} was redone already, as write {record.redone}.")
        did = self._did[record.id]
        again = f"redo of write {record.id}" + (f": {record.note}" if record.note else "")
        if did.retractions or did.revisions or did.notes:
            result = self.change(did, author, again, record.kind)
        else:
            result = self.write(did.addition, author, again, kind=record.kind)
        if result.batch is not None:
            self._log[record.id] = replace(self._log[record.id], redone=result.batch)
        return result

    def _refusal(self, meant: WriteStamp, last: WriteResult | None) -> str:
        if meant.batch in self._undone:
            return f"Write {meant.batch} was undone already. Nothing was undone."
        later = [entry[2] for entry in self._history if (entry[2].batch or 0) > meant.batch]
        if last is not None and later and any(entry[2].batch == meant.batch for entry in self._history):
            since = "; ".join(f"write {r.batch} by {r.author or 'someone'} at {r.written}" for r in later)
            return f"Write {meant.batch} cannot be undone: only the last write can. Since then: {since}."
        return f"Write {meant.batch} is not the one meant (or not in this store); nothing was undone."

    def draft(self, author: str) -> SavedDraft | None:
        """The author's review in progress (graph/store/drafts.py), or None."""
        return self._drafts.get(author)

    def save_draft(self, author: str, body: str, wait: bool = True) -> SavedDraft | None:
        """Keep ``body`` as the author's draft, in place of the one before (never busy)."""
        self._drafts[author] = SavedDraft(author, _now(), body)
        return self._drafts[author]

    def drop_draft(self, author: str, wait: bool = True) -> bool:
        """Forget the author's draft."""
        self._drafts.pop(author, None)
        return True

    def close(self) -> None:
        """Nothing to release."""
