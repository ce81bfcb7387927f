"""The explorer on a claims store (AppTest): within the in-memory budget it is shown whole, as the
workspace is; above it, it starts empty or from a link, fetches on demand, and writes merges to the
store with undo — on DuckDB and on a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import graph
from graph.build import graph_to_dataset
from graph.settings import configure
from graph.store import open_store
from tests.conftest import propose, view_counts

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture(autouse=True)
def default_limits() -> Iterator[None]:
    """The app reads the limits (AGX_MAX_ELEMENTS…) into this process: the next test starts from
    the defaults again."""
    yield
    configure({})


@pytest.fixture(params=["duckdb", "postgres"])
def store_url(request, tmp_path) -> str:
    url = (
        f"duckdb:///{tmp_path / 'nato.duckdb'}"
        if request.param == "duckdb"
        else request.getfixturevalue("postgres_url")
    )
    store = open_store(url, create=True)
    store.write(graph_to_dataset(graph.load_graph()), author="tests", note="the bundled dataset")
    store.close()
    return url


def started(store_url: str, monkeypatch, **query: str) -> AppTest:
    """The app on the store, with a budget the bundled data (318 entities and relations) is over:
    it is explored by search and expand."""
    monkeypatch.setenv("AGX_STORE", store_url)
    monkeypatch.setenv("AGX_MAX_ELEMENTS", "100")
    at = AppTest.from_file(APP, default_timeout=120)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def test_the_explorer_starts_from_a_search_and_fetches_on_demand(store_url, monkeypatch) -> None:
    neighbours = len(set(graph.load_graph().to_undirected(as_view=True)["state:RUS"]))
    at = started(store_url, monkeypatch)
    assert not at.exception
    assert view_counts(at).startswith("0 entities"), "nothing is read before it is asked for"
    assert any("Claims store" in item.value and "104 entities" in item.value for item in at.markdown)
    at.text_input(key="w_store_search").input("Russia").run()
    assert not at.exception
    assert "Russia" in [item.value for item in at.subheader]
    fetched = int(view_counts(at).split()[0])
    assert fetched == 1 + neighbours, "and its neighbours"
    assert at.query_params["selected"] == "state:RUS"
    at.button(key="store_expand").click().run()  # "Expand" in the details panel
    assert int(view_counts(at).split()[0]) == fetched, "its neighbours were all fetched already"
    at.text_input(key="w_store_search").input("Wiermann").run()
    assert int(view_counts(at).split()[0]) > fetched, "a second search adds to what is on screen"


def test_a_link_to_a_preset_opens_what_it_selects(store_url, monkeypatch) -> None:
    at = started(store_url, monkeypatch, preset="excluded", selected="state:RUS")
    assert not at.exception
    assert view_counts(at).startswith("47 entities and 107 relations in view, as of 2021-07-14")
    assert "Russia" in [item.value for item in at.subheader]


def test_a_merge_is_written_to_the_store_and_undone(store_url, monkeypatch) -> None:
    at = propose(started(store_url, monkeypatch))
    at.button(key="w_merge").click().run()
    assert not at.exception
    assert any("Written to the store as write" in item.value for item in at.success)
    store = open_store(store_url)
    try:
        assert store.summary().entities == 105, "the new person is in the store"
        at.button(key="w_undo_merge").click().run()
        assert any("was undone" in item.value for item in at.success)
        assert store.summary().entities == 104
    finally:
        store.close()


def small_store(scheme: str, folder: Path) -> str:
    """A store file of ``scheme`` holding the bundled data: 104 entities and 214 relations, 318
    elements by the budget's count."""
    url = f"{scheme}:///{folder / f'nato.{scheme}'}"
    store = open_store(url, create=True)
    store.write(graph_to_dataset(graph.load_graph()), author="tests", note="the bundled dataset")
    store.close()
    return url


@pytest.mark.parametrize("scheme", ["duckdb", "sqlite"])
def test_a_store_within_the_budget_is_shown_whole_as_the_workspace_is(scheme, tmp_path, monkeypatch) -> None:
    url = small_store(scheme, tmp_path)
    monkeypatch.setenv("AGX_STORE", url)  # scripts/run.sh -- --store URL
    monkeypatch.setenv("AGX_MAX_ELEMENTS", "330")  # what it holds (318), and the merge below
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert view_counts(at).startswith("104 entities and 214 relations"), "whole, not fetched"
    assert not any("Claims store" in item.value for item in at.markdown), "not explored by search"
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["preset"] = "excluded"
    at = propose(at.run())
    assert view_counts(at).startswith("47 entities and 107 relations in view, as of 2021-07-14")
    at.button(key="w_merge").click().run()
    assert not at.exception
    assert any("Written to the store as write" in item.value for item in at.success)
    reopened = open_store(url)
    try:
        assert reopened.summary().entities == 105, "the merge is in the store"
    finally:
        reopened.close()
    assert view_counts(AppTest.from_file(APP, default_timeout=120).run()).startswith("105 entities")


def test_a_store_over_the_budget_is_explored_by_search_and_expand(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("AGX_STORE", small_store("sqlite", tmp_path))
    monkeypatch.setenv("AGX_MAX_ELEMENTS", "317")  # one under what it holds
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert view_counts(at).startswith("0 entities"), "nothing is read before it is asked for"
    assert any("Claims store" in item.value and "104 entities" in item.value for item in at.markdown)
