"""The store interface and what every store returns.

:class:`Store` is the narrow interface the CLI (and later the app) reaches data through,
whatever holds it: today's in-memory graph (:mod:`graph.store.memory`) or a claims
database (:mod:`graph.store.sql`: DuckDB or PostgreSQL). Graphs a store returns are
built by :func:`graph.build.build_graph` from the claims they hold, so the renderer,
the details panel, the exports and :mod:`graph.query` work on them unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import Protocol, runtime_checkable

import networkx as nx

from graph.dates import is_valid_date, parse_date
from graph.errors import UnknownEntityError
from graph.model import DECISION_KINDS, Claim, Dataset, Decision, Entity, Source
from graph.query import Match, Step
from graph.report import ImportReport
from graph.store.changes import Change, Note, Retraction, Revision
from graph.timeline.diff import without_dates
from graph.view import ViewSpec
from graph.vocabulary import ENTITY_TYPES, RELATIONS, is_attribute

DEFAULT_LIMIT = 2000  # entities a view or an expansion returns at most (the rest is "truncated")


@dataclass(frozen=True)
class Subgraph:
    """A graph a store returned, and whether entities were left out to stay under the limit.

    ``total`` is how many entities the request selected before the limit was applied.
    """

    graph: nx.MultiDiGraph
    truncated: bool
    total: int


@dataclass(frozen=True)
class EntityRecord:
    """One entity with every claim about it (as subject or object) and the sources they cite.

    ``graph`` holds the entity, its neighbours and every edge that touches it, built as
    :func:`graph.build.build_graph` builds it, for printing and the details panel.
    """

    entity: Entity
    claims: tuple[Claim, ...]
    sources: tuple[Source, ...]
    graph: nx.MultiDiGraph


@dataclass(frozen=True)
class PathResult:
    """Shortest paths (as :func:`graph.query.shortest_paths` gives them) and a graph that holds them."""

    paths: list[list[Step]]
    graph: nx.MultiDiGraph


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims :meth:`Store.claims` returns; ``None`` means any.

    ``as_of`` keeps claims that hold on that day by their own dates (start ≤ day < end).
    """

    subject: str | None = None
    object: str | None = None
    relations: tuple[str, ...] | None = None
    source: str | None = None
    as_of: str | None = None
    batch: int | None = None
    limit: int | None = None


@dataclass(frozen=True)
class WriteStamp:
    """Which write a caller means: its id, who wrote it and when.

    Write ids are never reused in a store, but a store emptied and loaded again starts over:
    the author and the time tell its write 2 from the one the caller remembers.
    """

    batch: int
    author: str | None = None
    written: str | None = None


@dataclass(frozen=True)
class WriteResult:
    """What one write added, as one batch that :meth:`Store.undo` can take back.

    ``new_conflicts`` lists the (entity id, what is disputed) pairs this write created;
    ``author`` and ``written`` (ISO time) are what the write log holds.
    """

    batch: int | None  # None when nothing was new
    entities: int
    claims: int
    sources: int
    decisions: int
    new_conflicts: tuple[tuple[str, str], ...] = ()
    report: ImportReport = field(default_factory=ImportReport)
    author: str = ""
    written: str = ""

    @property
    def stamp(self) -> WriteStamp | None:
        """What :meth:`Store.undo` needs to take back this write and no other."""
        return None if self.batch is None else WriteStamp(self.batch, self.author, self.written)


# What a write is, as the write log says: a merge of proposed claims (an article), a duplicate
# decision, an import (a load, an upload, a new workspace) or an edit.
WRITE_KINDS = ("article merge", "decision", "import", "edit")


@dataclass(frozen=True)
class WriteRecord:
    """One entry of the write log: which write, what kind, who, why, when (ISO time), what it
    added, whether it was undone (or reverted) since, and whether it can be redone."""

    id: int
    kind: str
    author: str
    note: str
    written: str
    entities: int
    claims: int
    sources: int
    decisions: int
    undone: bool
    kept: bool = False  # undone, and what it did was kept: it can be redone (unless redone already)
    redone: int | None = None  # the write that redid it
    undone_at: str = ""  # when it was undone (ISO time; empty while it is in force)

    @property
    def redoable(self) -> bool:
        """True when :meth:`Store.redo` can write this undone write again."""
        return self.undone and self.kept and self.redone is None

    @property
    def stamp(self) -> WriteStamp:
        """What :meth:`Store.undo` and :meth:`Store.revert` need to take back this write and no other."""
        return WriteStamp(self.id, self.author, self.written)


@dataclass(frozen=True)
class StoreSummary:
    """Counts for ``store info`` and ``stats``; ``conflicts`` as (id, label, what is disputed)."""

    name: str
    entities: int
    edges: int
    claims: int
    sources: int
    decisions: int
    types: dict[str, int]
    relations: dict[str, int]
    conflicts: list[tuple[str, str, list[str]]]
    schema_version: int | None
    batches: int


@dataclass(frozen=True)
class SavedDraft:
    """An author's review in progress as a store keeps it (graph/store/drafts.py): when it was
    saved (UTC, ISO) and its text, which the store does not read."""

    author: str
    saved: str
    body: str


@runtime_checkable
class Store(Protocol):
    """Search, read, expand, view, find paths and write, in memory or in a database."""

    url: str
    read_only: bool  # True when the store could be opened only for reading (writes are refused)

    def search(self, text: str, limit: int = 10) -> list[Match]:
        """What :func:`graph.query.search` finds: ids, labels and aliases, accents and case ignored."""
        ...

    def has(self, entity_id: str) -> bool:
        """True when the store holds an entity with this id."""
        ...

    def entity(self, entity_id: str) -> EntityRecord:
        """The entity, its claims and sources; UnknownEntityError (with suggestions) when absent."""
        ...

    def neighbours(
        self, ids: Iterable[str], depth: int = 1, spec: ViewSpec | None = None, limit: int = DEFAULT_LIMIT
    ) -> Subgraph:
        """Entities within ``depth`` steps of ``ids`` (either direction) under the spec's filters.

        The filters are the spec's types, relations and as-of date; when the limit cuts,
        the nearest entities stay (ties in the order they were written).
        """
        ...

    def view(self, spec: ViewSpec, limit: int = DEFAULT_LIMIT) -> Subgraph:
        """What :func:`graph.view.apply_view` selects, cut to ``limit`` entities (nearest the
        focus first, ties in the order they were written)."""
        ...

    def paths(
        self,
        source: str,
        target: str,
        spec: ViewSpec | None = None,
        limit: int = 5,
        max_length: int | None = None,
    ) -> PathResult:
        """What :func:`graph.query.shortest_paths` returns on the graph the spec's filters keep;
        no path longer than ``max_length`` steps when it is given."""
        ...

    def claims(self, claim_filter: ClaimFilter | None = None) -> tuple[Claim, ...]:
        """Claims in the order they were written."""
        ...

    def decisions(self) -> tuple[Decision, ...]:
        """The duplicate decisions, in the order they were written."""
        ...

    def summary(self) -> StoreSummary:
        """Counts by type and relation, conflicts and the schema version."""
        ...

    def check(self) -> ImportReport:
        """Consistency of what is stored: every claim's entities and source exist."""
        ...

    def write(
        self,
        data: Dataset | object,
        author: str = "",
        note: str = "",
        on_conflict: str = "refuse",
        kind: str = "import",
    ) -> WriteResult:
        """Add a dataset or a proposal (anything with ``to_dataset()``) in one transaction, logged
        as one write of ``kind`` (one of :data:`WRITE_KINDS`) by ``author``, with ``note``.

        Entities and sources already stored with the same content keep their row; claims
        already stored are not repeated. An entity or source whose id is stored with other
        content is refused (``on_conflict="refuse"``) or kept apart under a new id
        (``"rename"``), each field named in the report. A write that would leave a claim
        without its entity or source is refused whole (DatasetError with the report) and
        nothing is written. The write gets an id no other write of the store had or will have.
        """
        ...

    def undo(self, batch: int | WriteStamp | None = None, author: str = "") -> WriteResult | None:
        """Take back the last write; None when none is left.

        ``batch`` (an id, or a stamp that also names the author and time) must be the last
        write, checked in the same transaction; otherwise WriteConflictError names who wrote
        what since, and nothing changes. ``author`` is who undoes it (kept in the log).
        """
        ...

    def redo(self, batch: int | WriteStamp, author: str = "") -> WriteResult:
        """Write again, as a new write, what the undone write ``batch`` did (refused, naming why,
        when it is not undone, was redone already, or no longer fits the store)."""
        ...

    def revert(self, batch: int | WriteStamp, author: str = "") -> WriteResult:
        """Take back an earlier write (it stays in the log, marked undone).

        Refused (WriteConflictError naming the later write, who and when; nothing changes) when a
        later write that is not undone touched the same claims, entities or sources, or when the
        write is not the one meant or was undone already.
        """
        ...

    def history(self, limit: int | None = None, entity: str | None = None) -> tuple[WriteRecord, ...]:
        """The write log, newest first; ``entity``: only the writes that touched that entity."""
        ...

    def version(self) -> str:
        """A text that changes whenever anyone (any process) commits a write or an undo: what
        caches key on."""
        ...

    def dataset(self) -> Dataset:
        """Everything the store holds, as tables (for a store that fits the in-memory budget)."""
        ...

    # ---- hand edits (graph/store/changes.py, graph/edits/) ------------------------------------

    def change(self, change: Change, author: str = "", note: str = "", kind: str = "edit") -> WriteResult:
        """Add, retract, revise entities and note, in one transaction: one write that undo takes
        back whole. WriteConflictError (nothing written) when a version the change read is stale."""
        ...

    def sources(self, ids: Iterable[str]) -> tuple[Source, ...]:
        """The stored sources with these ids."""
        ...

    def find_sources(self, text: str, limit: int = 10) -> tuple[Source, ...]:
        """Sources whose title, publisher, URL or id holds ``text`` (case ignored), by id: what
        a citation is picked from."""
        ...

    def retracted(self, entity: str | None = None) -> tuple[Retraction, ...]:
        """The retracted claims about ``entity`` (all when None), with why, who and when."""
        ...

    def notes(self, entity: str | None = None) -> tuple[Note, ...]:
        """The notes on ``entity`` and on claims that name it (all when None)."""
        ...

    def revisions(self, entity: str | None = None) -> tuple[Revision, ...]:
        """The edits of ``entity`` (all when None), each with the value before, oldest first."""
        ...

    def entity_version(self, entity_id: str) -> int:
        """The write that last changed the entity."""
        ...

    def claim_version(self, claim: Claim) -> int:
        """The write that added the claim (-1: not stored)."""
        ...

    def draft(self, author: str) -> SavedDraft | None:
        """The author's review in progress (graph/store/drafts.py), or None."""
        ...

    def save_draft(self, author: str, body: str, wait: bool = True) -> SavedDraft | None:
        """Keep ``body`` as the author's draft, in place of the one before (not a write of the log);
        ``wait=False``: None, nothing saved, while another write is under way."""
        ...

    def drop_draft(self, author: str, wait: bool = True) -> bool:
        """Forget the author's draft; False (nothing done) when ``wait`` is False and another
        write is under way."""
        ...

    def close(self) -> None: ...


# ---- helpers shared by the stores ------------------------------------------------------------


UNLIMITED = 2**62  # a limit no store reaches: the whole view


def whole_view(store: Store, spec: ViewSpec) -> nx.MultiDiGraph:
    """Every entity and claim ``spec`` selects at every date, uncut (what ``diff`` and ``chart``
    compute from: the same answer as on the whole graph in memory, however large the store)."""
    return store.view(without_dates(spec), UNLIMITED).graph


def as_dataset(data: Dataset | object) -> Dataset:
    """A Dataset, or what a proposal's ``to_dataset()`` gives."""
    if isinstance(data, Dataset):
        return data
    to_dataset = getattr(data, "to_dataset", None)
    if to_dataset is None:
        raise TypeError(f"write() takes a Dataset or a proposal with to_dataset(), not {type(data).__name__}")
    result = to_dataset()
    if not isinstance(result, Dataset):
        raise TypeError("to_dataset() did not return a Dataset")
    return result


def filters_of(spec: ViewSpec | None) -> ViewSpec:
    """``spec`` without focus, framework and hiding: the filters expansions and paths obey
    (types, relations, as-of date, and any filter apply_view learns later)."""
    if spec is None:
        return ViewSpec()
    return replace(spec, focus=None, framework=None, hide_isolated=False, preset=None)


def claim_sort_key(claim: Claim) -> tuple[str, ...]:
    """One order for an entity's claims in every store."""
    return (
        claim.subject,
        claim.relation,
        claim.object,
        claim.start or "",
        claim.end or "",
        claim.source,
        claim.locator,
        claim.note,
        claim.role,
    )


def within(G: nx.MultiDiGraph, seeds: Iterable[str], depth: int) -> dict[str, int]:
    """Entities within ``depth`` steps of ``seeds`` (either direction), each with its distance."""
    distances = dict.fromkeys(seeds, 0)
    frontier = list(distances)
    for step in range(1, depth + 1):
        reached = []
        for node in frontier:
            for other in chain(G.successors(node), G.predecessors(node)):
                if other not in distances:
                    distances[other] = step
                    reached.append(other)
        frontier = reached
    return distances


def nearest_first(distances: dict[str, int], order: dict[str, int], limit: int) -> list[str]:
    """The ``limit`` entities nearest the focus, ties in the order they were written."""
    return sorted(distances, key=lambda node: (distances[node], order[node]))[:limit]


def cut_view(view: nx.MultiDiGraph, spec: ViewSpec, limit: int, order: dict[str, int]) -> Subgraph:
    """``view`` (what apply_view selected) cut to ``limit`` entities: nearest the focus first
    when the focus is in view, ties (and every entity without a focus) in ``order``."""
    total = view.number_of_nodes()
    if total <= limit:
        return Subgraph(view, False, total)
    if spec.focus in view:
        distances = nx.single_source_shortest_path_length(view.to_undirected(as_view=True), spec.focus)
    else:
        distances = dict.fromkeys(view, 0)
    return Subgraph(view.subgraph(nearest_first(distances, order, limit)).copy(), True, total)


def check_addition(addition: Dataset, entity_ids: set[str], source_ids: set[str]) -> ImportReport:
    """What a write would break: unknown types or relations, bad dates, and claims or decisions
    naming an entity or source that is neither stored (``entity_ids``, ``source_ids``) nor added."""
    report = ImportReport()
    known_entities = entity_ids | {entity.id for entity in addition.entities}
    known_sources = source_ids | {source.id for source in addition.sources}
    for row, entity in enumerate(addition.entities, 1):
        if not entity.id.strip():
            report.add("error", "entities", row, "id", "an entity has no id.", "give every entity an id.")
        if entity.type not in ENTITY_TYPES:
            report.add(
                "error",
                "entities",
                row,
                "type",
                f"unknown entity type '{entity.type}'.",
                f"use one of: {', '.join(ENTITY_TYPES)}.",
            )
    for row, claim in enumerate(addition.claims, 1):
        where = ("claims", row)
        if claim.relation not in RELATIONS and not is_attribute(claim.relation):
            report.add(
                "error", *where, "relation", f"unknown relation '{claim.relation}'.", "use one of ours."
            )
        if claim.subject not in known_entities:
            report.add(
                "error",
                *where,
                "subject",
                f"'{claim.subject}' is not a stored entity and not added by this write.",
                "add the entity in the same write.",
            )
        if not is_attribute(claim.relation) and claim.object not in known_entities:
            report.add(
                "error",
                *where,
                "object",
                f"'{claim.object}' is not a stored entity and not added by this write.",
                "add the entity in the same write.",
            )
        if claim.source not in known_sources:
            report.add(
                "error",
                *where,
                "source",
                f"the source '{claim.source}' is not stored and not added by this write.",
                "add the source in the same write.",
            )
        for column, value in (("start", claim.start), ("end", claim.end)):
            if value is not None and not is_valid_date(value):
                report.add(
                    "error", *where, column, f"'{value}' is not a date.", "write YYYY, YYYY-MM or YYYY-MM-DD."
                )
        dated = bool(claim.start and claim.end and is_valid_date(claim.start) and is_valid_date(claim.end))
        if dated and parse_date(claim.end or "") < parse_date(claim.start or ""):
            report.add("error", *where, "end", "the end comes before the start.", "swap the two dates.")
    _check_decisions(addition, known_entities, report)
    return report


def _check_decisions(addition: Dataset, known_entities: set[str], report: ImportReport) -> None:
    """Decisions of a known kind, about entities stored or added."""
    for row, decision in enumerate(addition.decisions, 1):
        if decision.decision not in DECISION_KINDS:
            report.add(
                "error",
                "decisions",
                row,
                "decision",
                f"unknown decision '{decision.decision}'.",
                f"use one of: {', '.join(DECISION_KINDS)}.",
            )
        for column, value in (("left", decision.left), ("right", decision.right)):
            if value not in known_entities:
                report.add(
                    "error",
                    "decisions",
                    row,
                    column,
                    f"'{value}' is not a stored entity and not added by this write.",
                    "decide only about stored entities.",
                )


def fold_words(folded: str) -> str:
    """The words of a folded name as search's word-start rule sees them, each after one space."""
    return " " + " ".join(folded.replace("-", " ").split())


def searches_words(query: str) -> bool:
    """True when a folded query can match at a word start (it has no space and no hyphen)."""
    return "-" not in query and query.split() == [query]


def unknown_entity(store: Store, entity_id: str) -> UnknownEntityError:
    """The error :func:`graph.query.require_node` raises, with the store's close matches."""
    matches = store.search(entity_id, limit=3)
    hint = f" Did you mean {', '.join(match.id for match in matches)}?" if matches else ""
    return UnknownEntityError(f"No entity with id '{entity_id}'.{hint}")


def combine(*graphs: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """One graph holding every node and edge of ``graphs`` (what is in view plus what an
    expansion fetched), with their sources together; the graphs given are not changed.

    Graphs from one store agree on every node and edge they share (each is built from all
    the claims behind it), so composing them loses nothing.
    """
    combined = nx.MultiDiGraph()
    sources: dict[str, dict[str, str]] = {}
    columns: set[str] = set()
    for G in graphs:
        combined.graph.update(
            {key: value for key, value in G.graph.items() if key not in ("sources", "entity_columns")}
        )
        sources.update(G.graph.get("sources", {}))
        columns.update(G.graph.get("entity_columns", []))
        combined.add_nodes_from(G.nodes(data=True))
        combined.add_edges_from(G.edges(keys=True, data=True))
    combined.graph["sources"] = sources
    combined.graph["entity_columns"] = sorted(columns)
    return combined
