"""The store interface: the same tests against the in-memory graph, DuckDB and PostgreSQL.

Every answer a store gives is compared with what :mod:`graph.query` and :mod:`graph.view`
give on the in-memory graph of the same data (the reference), on the tiny dataset, the
bundled NATO dataset and datasets Hypothesis makes. PostgreSQL runs as a throwaway
server (tests/conftest.py); the suite is skipped for it only when its binaries are
missing and AGX_REQUIRE_POSTGRES is unset.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graph
from graph.build import build_graph
from graph.errors import DatasetError, InputError, UnknownEntityError, WriteConflictError
from graph.load import load_dataset
from graph.model import Claim, Dataset, Decision, Entity, Source
from graph.query import search, shortest_paths
from graph.store import SCHEMA_VERSION, ClaimFilter, MemoryStore, Store, combine, open_store
from graph.store.base import claim_sort_key as key
from graph.store.sql import SQLStore
from graph.view import PRESETS, ViewSpec, apply_view

KINDS = ("memory", "sqlite", "duckdb", "postgres")
MakeStore = Callable[[Dataset], Store]


@pytest.fixture(params=KINDS)
def kind(request) -> str:
    return request.param


@pytest.fixture
def make_store(kind: str, tmp_path: Path, request) -> MakeStore:
    """A function that puts a dataset into a new store of this kind."""
    opened: list[Store] = []

    def make(dataset: Dataset) -> Store:
        if kind == "memory":
            store: Store = MemoryStore(build_graph(dataset))
        else:
            if kind == "duckdb":
                url = f"duckdb:///{tmp_path}/store-{len(opened)}.duckdb"
            elif kind == "sqlite":
                url = f"sqlite:///{tmp_path}/store-{len(opened)}.sqlite"
            else:
                url = request.getfixturevalue("postgres_server").create_database(f"s_{uuid.uuid4().hex[:16]}")
            store = open_store(url, create=True)
            store.write(dataset, note="load")
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def tiny(tiny_folder: Path) -> Dataset:
    return load_dataset(tiny_folder)


@pytest.fixture(scope="session")
def nato_dataset() -> Dataset:
    return load_dataset()


def plain(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def node_rows(G: nx.MultiDiGraph, nodes=None) -> dict[str, str]:
    return {node: plain(data) for node, data in G.nodes(data=True) if nodes is None or node in nodes}


def edge_rows(G: nx.MultiDiGraph) -> list[tuple[str, str, str, str]]:
    return sorted((u, v, k, plain(data)) for u, v, k, data in G.edges(keys=True, data=True))


def assert_same_graph(got: nx.MultiDiGraph, expected: nx.MultiDiGraph) -> None:
    """Same nodes with the same data, same edges (keys and data), every citation resolvable."""
    assert node_rows(got) == node_rows(expected)
    assert edge_rows(got) == edge_rows(expected)
    assert got.graph.get("name") == expected.graph.get("name")
    assert got.graph.get("entity_columns") == expected.graph.get("entity_columns")
    cited = {source for _, _, data in got.edges(data=True) for source in data["citations"]}
    for source in cited:
        assert got.graph["sources"][source] == expected.graph["sources"][source]


# ---- reading ---------------------------------------------------------------------------------


def test_summary_counts_what_memory_counts(make_store: MakeStore, nato_dataset: Dataset, nato) -> None:
    got = make_store(nato_dataset).summary()
    expected = MemoryStore(nato).summary()
    for field in ("name", "entities", "edges", "claims", "sources", "types", "relations", "conflicts"):
        assert getattr(got, field) == getattr(expected, field), field
    assert got.entities == 104 and got.conflicts


SEARCHES = (
    "rus",
    "RUSSIA",
    "osterreich",
    "Österreich",
    "türk",
    "turkiye",
    "nato",
    "a",
    "partner",
    "meeting 2021",
)
SEARCHES += (
    "state:",
    "-",
    "north-atlantic",
    "  ",
    "%",
    "_",
    "e",
    "ims",
    "wiermann",
    "zzzz",
    "mediterranean dia",
)


@pytest.mark.parametrize("text", SEARCHES)
def test_search_finds_what_query_search_finds(make_store: MakeStore, nato_dataset, nato, text: str) -> None:
    store = make_store(nato_dataset)
    assert store.search(text, limit=25) == search(nato, text, limit=25)


def test_entity_has_every_claim_source_and_edge(make_store: MakeStore, nato_dataset, nato) -> None:
    store = make_store(nato_dataset)
    reference = MemoryStore(nato)
    for node in ("state:RUS", "person:wiermann", "event:partners-meeting-2021-07", "alliance:nato"):
        record, expected = store.entity(node), reference.entity(node)
        assert record.entity == expected.entity
        assert record.claims == expected.claims and record.claims
        assert record.sources == expected.sources
        assert node_rows(record.graph, {node}) == node_rows(nato, {node})
        touching = [(u, v, k, d) for u, v, k, d in nato.edges(keys=True, data=True) if node in (u, v)]
        assert edge_rows(record.graph) == sorted((u, v, k, plain(d)) for u, v, k, d in touching)
    assert store.has("state:RUS") and not store.has("state:XXX")


def test_unknown_entity_is_named_with_suggestions(make_store: MakeStore, tiny: Dataset) -> None:
    store = make_store(tiny)
    with pytest.raises(UnknownEntityError, match=r"No entity with id 'Russia'\. Did you mean state:RUS"):
        store.entity("Russia")
    with pytest.raises(UnknownEntityError):
        store.neighbours(["state:XXX"])
    with pytest.raises(UnknownEntityError):
        store.paths("state:RUS", "state:XXX")


VIEWS = [
    ViewSpec(),
    ViewSpec(as_of="2021-07-14"),
    ViewSpec(as_of="1995"),
    ViewSpec(types=("state", "alliance"), relations=("member_of",), as_of="2021-07-14", hide_isolated=True),
    ViewSpec(types=("state", "framework"), relations=("partner_in",), framework="framework:md"),
    ViewSpec(framework="framework:pfp", as_of="2000-01-01", focus="state:RUS", depth=1),
    ViewSpec(focus="state:RUS", depth=1),
    ViewSpec(focus="state:RUS", depth=2, as_of="2021-07-14"),
    ViewSpec(focus="person:wiermann", depth=3, relations=("hosted", "holds_office", "excluded_from")),
    ViewSpec(focus="state:RUS", depth=0, hide_isolated=True),
    ViewSpec(focus="state:RUS", types=("alliance",)),  # the focus is filtered out: the whole view
    ViewSpec(hide_isolated=True, relations=("suspended_from",)),
    *(preset.spec for preset in PRESETS.values()),
]


@pytest.mark.parametrize("spec", VIEWS, ids=lambda spec: ",".join(map(str, spec.to_query_params().values())))
def test_view_is_apply_view(make_store: MakeStore, nato_dataset, nato, spec: ViewSpec) -> None:
    result = make_store(nato_dataset).view(spec, limit=1000)
    assert not result.truncated
    expected = apply_view(nato, spec)
    assert result.total == expected.number_of_nodes()
    assert_same_graph(result.graph, expected)


@pytest.mark.parametrize(
    "spec",
    [ViewSpec(), ViewSpec(focus="state:RUS", depth=2), ViewSpec(as_of="2021-07-14", hide_isolated=True)],
    ids=["all", "focus", "as-of"],
)
def test_a_cut_view_keeps_the_same_entities_in_every_store(
    make_store: MakeStore, nato_dataset, nato, spec: ViewSpec
) -> None:
    result = make_store(nato_dataset).view(spec, limit=20)
    expected = MemoryStore(nato).view(spec, limit=20)
    full = apply_view(nato, spec)
    assert result.truncated and expected.truncated
    assert result.total == expected.total == full.number_of_nodes()
    assert result.graph.number_of_nodes() == 20
    assert_same_graph(result.graph, expected.graph)
    if spec.focus:  # the nearest first: every kept entity is at most as far as every dropped one
        distance = nx.single_source_shortest_path_length(full.to_undirected(as_view=True), spec.focus)
        kept = set(result.graph)
        assert max(distance[node] for node in kept) <= min(distance[node] for node in set(full) - kept)


@pytest.mark.parametrize(
    ("ids", "depth", "spec"),
    [
        (["state:RUS"], 1, None),
        (["state:RUS", "state:BLR"], 2, ViewSpec(as_of="2021-07-14")),
        (["person:wiermann"], 2, ViewSpec(types=("person", "event", "body"))),
        (["alliance:nato"], 0, None),
        (["state:RUS"], 3, ViewSpec(relations=("partner_in", "excluded_from"))),
    ],
)
def test_neighbours_are_the_filtered_neighbourhood(make_store, nato_dataset, nato, ids, depth, spec) -> None:
    result = make_store(nato_dataset).neighbours(ids, depth, spec, limit=500)
    filters = spec or ViewSpec()
    filtered = graph.filter_graph(nato, filters.types, filters.relations, filters.as_of)
    nodes = set()
    for node in ids:
        nodes |= set(graph.neighbourhood(filtered, node, depth))
    assert not result.truncated and result.total == len(nodes)
    assert_same_graph(result.graph, filtered.subgraph(nodes))


def test_expansions_combine_into_the_view_they_extend(make_store: MakeStore, nato_dataset, nato) -> None:
    store = make_store(nato_dataset)
    first = store.neighbours(["state:RUS"], 1).graph
    second = store.neighbours(["person:wiermann"], 1).graph
    combined = combine(first, second)
    nodes = set(first) | set(second)
    assert_same_graph(
        combined, nato.subgraph(nodes).edge_subgraph([*first.edges(keys=True), *second.edges(keys=True)])
    )
    assert set(combined.graph["sources"]) == set(first.graph["sources"]) | set(second.graph["sources"])
    assert "state:RUS" in first and "person:wiermann" not in first  # not changed


def test_neighbours_cut_the_farthest_first(make_store: MakeStore, nato_dataset, nato) -> None:
    result = make_store(nato_dataset).neighbours(["state:RUS"], 2, limit=10)
    expected = MemoryStore(nato).neighbours(["state:RUS"], 2, limit=10)
    assert result.truncated and result.total == expected.total > 10
    assert_same_graph(result.graph, expected.graph)
    distance = nx.single_source_shortest_path_length(nato.to_undirected(as_view=True), "state:RUS", cutoff=2)
    kept = set(result.graph)
    assert max(distance[node] for node in kept) <= min(distance[node] for node in set(distance) - kept)


PAIRS = [
    ("person:wiermann", "state:RUS"),
    ("state:RUS", "state:FIN"),
    ("state:AUT", "person:bauer"),
    ("alliance:nato", "state:RUS"),
    ("state:RUS", "state:RUS"),
]


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_paths_are_shortest_paths_in_the_same_order(make_store, nato_dataset, nato, source, target) -> None:
    result = make_store(nato_dataset).paths(source, target, limit=7)
    assert result.paths == shortest_paths(nato, source, target, limit=7)
    for path in result.paths:
        for step in path:
            assert step.subject in result.graph and step.object in result.graph
            assert set(step.citations) <= set(result.graph.graph["sources"])


def test_paths_obey_filters_and_the_length_limit(make_store: MakeStore, nato_dataset, nato) -> None:
    store = make_store(nato_dataset)
    spec = ViewSpec(as_of="2021-07-14", relations=("partner_in", "member_of", "invited_to"))
    filtered = graph.filter_graph(nato, None, spec.relations, spec.as_of)
    assert store.paths("state:AUT", "state:FIN", spec, limit=4).paths == shortest_paths(
        filtered, "state:AUT", "state:FIN", limit=4
    )
    full = shortest_paths(nato, "person:wiermann", "state:RUS")
    assert store.paths("person:wiermann", "state:RUS", max_length=len(full[0]) - 1).paths == []
    assert store.paths("person:wiermann", "state:RUS", max_length=len(full[0])).paths == full
    assert store.paths("state:RUS", "alliance:nato", ViewSpec(types=("state",))).paths == []


def test_no_path_between_separate_parts(make_store: MakeStore, tiny: Dataset) -> None:
    lonely = Dataset((*tiny.entities, Entity("place:nowhere", "place", "Nowhere")), tiny.claims, tiny.sources)
    store = make_store(lonely)
    assert store.paths("state:RUS", "place:nowhere").paths == []


def test_claims_filters(make_store: MakeStore, nato_dataset: Dataset, nato) -> None:
    store = make_store(nato_dataset)
    reference = MemoryStore(nato)
    for wanted in (
        ClaimFilter(),
        ClaimFilter(subject="state:RUS"),
        ClaimFilter(object="alliance:nato", as_of="2021-07-14"),
        ClaimFilter(relations=("member_of", "partner_in"), as_of="1999-06-01"),
        ClaimFilter(source="rozoff-2021"),
    ):
        assert sorted(store.claims(wanted), key=key) == sorted(reference.claims(wanted), key=key), wanted
    assert len(store.claims(ClaimFilter(limit=5))) == 5
    assert store.claims(ClaimFilter(subject="state:RUS", relations=("member_of",))) == ()


# ---- writing ---------------------------------------------------------------------------------

ADDITION = Dataset(
    entities=(
        Entity("person:new", "person", "Ada Neu", ("A. Neu",), "added by a write"),
        Entity("state:RUS", "state", "Russia", ("Russian Federation",)),  # stored as it is: kept once
    ),
    claims=(
        Claim("person:new", "national_of", "state:FIN", "s-write", start="1990"),
        Claim("person:new", "attended", "event:meeting", "s-write", locator="para 2"),
        Claim("event:meeting", "date", "2021-07-15", "s-write", note="a third date"),
        Claim("state:FIN", "member_of", "alliance:nato", "s-write", start="2023-05-01"),  # a new conflict
        Claim("state:RUS", "excluded_from", "event:meeting", "s-article", locator="para 8"),  # already stored
    ),
    sources=(
        Source("s-write", "A later report", "Agency", published="2022-01-01", url="https://example.org/r"),
    ),
    decisions=(Decision("state:RUS", "state:BLR", "not_same", "analyst", "2024-01-01", "two states"),),
)


def test_write_adds_once_and_undo_takes_it_back(make_store: MakeStore, tiny: Dataset) -> None:
    store = make_store(tiny)
    before = store.summary()
    result = store.write(ADDITION, author="analyst", note="review 1")
    assert (result.entities, result.claims, result.sources, result.decisions) == (1, 4, 1, 1)
    assert ("state:FIN", "member_of → alliance:nato") in result.new_conflicts
    merged = Dataset(
        tiny.entities + ADDITION.entities[:1],
        tiny.claims + ADDITION.claims[:4],
        tiny.sources + ADDITION.sources,
        name=tiny.name,
    )
    expected = build_graph(merged)
    assert_same_graph(store.view(ViewSpec(), limit=100).graph, expected)
    assert store.summary().conflicts == MemoryStore(expected).summary().conflicts
    assert store.entity("state:RUS").entity.label == "Russia"
    assert store.decisions()[-1] == ADDITION.decisions[0]
    assert sorted(store.claims(ClaimFilter(batch=result.batch)), key=key) == sorted(
        ADDITION.claims[:4], key=key
    )
    assert store.search("neu")[0].id == "person:new"

    again = store.write(ADDITION)
    assert again.batch is None and again.claims == 0  # nothing repeated

    with pytest.raises(WriteConflictError):
        store.undo((result.batch or 0) + 1)
    undone = store.undo(result.batch)
    assert undone is not None and undone.batch == result.batch and undone.claims == 4
    after = store.summary()
    for field in ("entities", "edges", "claims", "sources", "decisions", "types", "relations", "conflicts"):
        assert getattr(after, field) == getattr(before, field), field
    assert_same_graph(store.view(ViewSpec(), limit=100).graph, build_graph(tiny))
    assert store.search("neu") == []
    assert store.check().ok


def test_a_refused_write_writes_nothing(make_store: MakeStore, tiny: Dataset) -> None:
    store = make_store(tiny)
    before = store.summary()
    broken = Dataset(
        entities=(Entity("person:x", "person", "X"),),
        claims=(
            Claim("person:x", "attended", "event:unknown", "s-nato"),
            Claim("person:x", "spoke_at", "event:meeting", "s-missing"),
            Claim("person:x", "flew_to", "event:meeting", "s-nato", start="2021-13"),
        ),
    )
    with pytest.raises(DatasetError) as caught:
        store.write(broken)
    messages = [issue.column for issue in caught.value.report.errors]
    assert messages == ["object", "source", "relation", "start"]
    assert store.summary() == before
    assert not store.has("person:x")


def test_a_proposal_is_written_through_to_dataset(make_store: MakeStore, tiny: Dataset) -> None:
    class Proposal:
        def to_dataset(self) -> Dataset:
            return ADDITION

    result = make_store(tiny).write(Proposal())
    assert result.claims == 4


def test_check_finds_nothing_wrong_in_a_loaded_store(make_store: MakeStore, nato_dataset) -> None:
    assert make_store(nato_dataset).check().ok


# ---- property: any dataset Hypothesis makes reads back as build_graph builds it -------------

DATES = st.sampled_from([None, "2019", "2019-07", "2019-07-11", "2020", "2021-02-28", "1995-11"])
NAMES = st.sampled_from(["Åland", "Ålborg", "aland", "North-Atlantic", "Côte d'Ivoire", "x_y", "A B", "50%"])


@st.composite
def datasets(draw) -> Dataset:
    count = draw(st.integers(2, 7))
    entities = tuple(
        Entity(
            f"e:{index}",
            draw(st.sampled_from(["state", "person", "event"])),
            draw(NAMES),
            tuple(draw(st.lists(NAMES, max_size=2))),
        )
        for index in range(count)
    )
    ids = [entity.id for entity in entities]
    claims = []
    for _ in range(draw(st.integers(0, 14))):
        relation = draw(st.sampled_from(["member_of", "partner_in", "attended", "rank", "date"]))
        value = draw(st.sampled_from(ids)) if relation not in ("rank", "date") else draw(DATES) or "2020"
        start, end = draw(DATES), draw(DATES)
        if start and end and start > end:
            start, end = end, start
        claims.append(
            Claim(
                draw(st.sampled_from(ids)), relation, value, draw(st.sampled_from(["s1", "s2"])), start, end
            )
        )
    sources = (Source("s1", "One", url="https://one.example"), Source("s2", "Two", url="https://two.example"))
    return Dataset(entities, tuple(dict.fromkeys(claims)), sources, name="made")


@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dataset=datasets(), day=DATES, text=NAMES)
def test_any_dataset_reads_back_as_built(request, engine: str, dataset: Dataset, day, text: str) -> None:
    if engine == "duckdb":
        store = open_store("duckdb:///:memory:", create=True)
    else:
        server = request.getfixturevalue("postgres_server")
        store = open_store(server.create_database(f"h_{uuid.uuid4().hex[:16]}"), create=True)
    try:
        store.write(dataset)
        G = build_graph(dataset)
        spec = ViewSpec(as_of=day)
        assert_same_graph(store.view(spec, limit=100).graph, apply_view(G, spec))
        assert store.summary().conflicts == MemoryStore(G).summary().conflicts
        assert store.search(text, limit=10) == search(G, text, limit=10)
        first, last = dataset.entities[0].id, dataset.entities[-1].id
        assert store.paths(first, last, spec).paths == shortest_paths(
            graph.filter_graph(G, None, None, day), first, last, limit=5
        )
    finally:
        store.close()


# ---- what only the databases do --------------------------------------------------------------


def test_a_write_that_fails_halfway_leaves_nothing(tmp_path: Path, tiny: Dataset) -> None:
    store = open_store(f"duckdb:///{tmp_path}/s.duckdb", create=True)
    assert isinstance(store, SQLStore)
    store.write(tiny)
    before = store.summary()

    def fail(stage: str) -> None:
        if stage == "writing edges":  # entities, sources and claims are in; the edges are not
            raise RuntimeError("the connection dropped")

    with pytest.raises(RuntimeError):
        store.write(ADDITION, progress=fail)
    assert store.summary() == before
    assert store.check().ok
    store.close()


def test_check_reports_a_broken_store(tmp_path: Path, tiny: Dataset) -> None:
    store = open_store(f"duckdb:///{tmp_path}/s.duckdb", create=True)
    assert isinstance(store, SQLStore)
    store.write(tiny)
    store._run("DELETE FROM entities WHERE id = 'state:BLR'")
    store._run("DELETE FROM sources WHERE id = 's-article'")
    problems = [issue.message for issue in store.check().errors]
    assert any("subject is not a stored entity" in message for message in problems)
    assert any("cites a source that is not stored" in message for message in problems)
    store.close()


def test_store_urls_are_checked(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a store URL"):
        open_store("mysql://x/db")
    with pytest.raises(InputError, match="names no file"):
        open_store("duckdb://relative.duckdb")
    with pytest.raises(InputError, match="There is no store at"):
        open_store(f"duckdb:///{tmp_path}/missing.duckdb")
    with pytest.raises(InputError, match="Cannot connect"):
        open_store("postgresql://nobody@127.0.0.1:1/none")


def test_migrations_run_once_and_a_newer_store_is_refused(tmp_path: Path, monkeypatch, tiny) -> None:
    from graph.store import sql

    url = f"duckdb:///{tmp_path}/s.duckdb"
    store = open_store(url, create=True)
    store.write(tiny)
    store.close()
    current = sql.SCHEMA_VERSION
    migrations = dict(sql.MIGRATIONS)
    migrations[current + 1] = ("ALTER TABLE sources ADD COLUMN licence TEXT",)
    monkeypatch.setattr(sql, "MIGRATIONS", migrations)
    monkeypatch.setattr(sql, "SCHEMA_VERSION", current + 1)
    store = open_store(url)
    assert store.summary().schema_version == current + 1
    assert store._fetch("SELECT COUNT(licence) FROM sources") == [(0,)]  # type: ignore[attr-defined]
    assert store.summary().claims == len(tiny.claims)
    store.close()
    open_store(url).close()  # already at the newer version: nothing to do
    monkeypatch.setattr(sql, "SCHEMA_VERSION", current)
    with pytest.raises(InputError, match=f"schema version {current + 1}, newer than this program knows"):
        open_store(url)


def test_an_empty_database_is_not_a_store(postgres_url: str) -> None:
    with pytest.raises(InputError, match="holds no claims store yet"):
        open_store(postgres_url)
    store = open_store(postgres_url, create=True)
    assert store.summary().schema_version == SCHEMA_VERSION and store.summary().entities == 0
    store.close()


def test_postgres_search_has_a_trigram_index(postgres_url: str, tiny: Dataset) -> None:
    store = open_store(postgres_url, create=True)
    store.write(tiny)
    indexes = store._fetch("SELECT indexname FROM pg_indexes WHERE tablename = 'names'")  # type: ignore[attr-defined]
    assert ("names_trigrams",) in indexes
    assert [match.id for match in store.search("sterreic")] == ["state:AUT"]
    store.close()


@pytest.mark.parametrize("kind", ["duckdb", "postgres"])
def test_a_thread_per_rerun_does_not_leave_a_connection_each(make_store: MakeStore, tiny: Dataset) -> None:
    """Streamlit runs every rerun in a new thread: 150 of them, one after another, each searching
    and reading an entity, leave no more than the pool's few idle connections open (with one
    connection per thread, PostgreSQL refused clients after about a hundred)."""
    import threading

    store = make_store(tiny)
    assert isinstance(store, SQLStore)
    answers: list[int] = []
    for _ in range(150):
        thread = threading.Thread(target=lambda: answers.append(len(store.search("a", 5))))
        thread.start()
        thread.join()
    assert len(answers) == 150 and len(set(answers)) == 1
    assert store._pool.open_count() <= store._pool.idle  # type: ignore[attr-defined]
    if store.url.startswith("postgresql"):
        (server_side,) = store._fetch(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        )[0]
        assert server_side <= store._pool.idle  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["duckdb", "postgres"])
def test_a_failed_write_gives_back_a_clean_connection(make_store: MakeStore, tiny: Dataset) -> None:
    """A write refused halfway is rolled back, and the next statements (on whichever connection
    the pool lends) see the store as it was."""
    store = make_store(tiny)
    before = store.summary()
    bad = Dataset(
        (Entity("state:ZZZ", "state", "Nowhere"),),
        (Claim("state:ZZZ", "member_of", "alliance:NOPE", "missing-source"),),
        (),
    )
    with pytest.raises((DatasetError, InputError)):
        store.write(bad, note="refused")
    for _ in range(3):
        assert store.summary() == before


def test_the_pool_closes_a_connection_broken_while_idle_and_lends_a_new_one() -> None:
    from graph.store.pool import Pool

    closed: list[dict] = []
    pool: Pool[dict] = Pool(lambda: {"broken": False}, closed.append, idle=2)
    with pool.lent() as first:
        pass
    first["broken"] = True  # the server dropped it while it waited
    pool._usable = lambda connection: not connection["broken"]  # type: ignore[method-assign]
    with pool.lent() as second:
        assert second is not first and not second["broken"]
    assert closed == [first] and pool.open_count() == 1
    pool.close()
    assert pool.open_count() == 0 and closed[-1] is second


def test_parallel_relations_that_differ_only_in_the_files_edge_columns_are_kept_apart(
    make_store: MakeStore, tiny: Dataset
) -> None:
    """A file's own edge columns (an edge id, a weight) make two relations between the same pair
    different relations: every store keeps both, with their columns (a workspace made from an
    upload used to refuse them, or lose them)."""
    source = tiny.sources[0].id
    first = Claim("state:FIN", "member_of", "alliance:nato", source, attributes=(("flight", "1"),))
    second = dataclasses.replace(first, attributes=(("flight", "2"), ("weight", "3")))
    store = make_store(dataclasses.replace(tiny, claims=(*tiny.claims, first, second)))
    stored = sorted(claim.attributes for claim in store.dataset().claims if claim.attributes)
    assert stored == [(("flight", "1"),), (("flight", "2"), ("weight", "3"))]
    assert store.check().ok
