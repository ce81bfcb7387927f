"""The explorer on a claims store under faults (issue 26, AppTest): an undo after another writer is
refused in a message, not a traceback, and the session keeps its undo; a store that cannot be
opened is a page that says what to do, with a button to try again; no password is shown."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import graph
from graph.build import graph_to_dataset
from graph.model import Claim, Dataset, Entity, Source
from graph.settings import configure
from graph.store import open_store
from tests.conftest import propose
from tests.test_store_faults import SECRET, silent_server  # noqa: F401 (a fixture)

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


def started(store_url: str, monkeypatch, **environment: str) -> AppTest:
    monkeypatch.setenv("AGX_STORE", store_url)
    monkeypatch.setenv("AGX_MAX_ELEMENTS", "100")  # the bundled data is over it: search and expand
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return AppTest.from_file(APP, default_timeout=120).run()


def plain(text: object) -> str:
    """A message as read (Markdown's escapes removed)."""
    return re.sub(r"\\(.)", r"\1", str(text))


def texts(at: AppTest) -> list[str]:
    """Every text the page shows (header, sidebar, messages, captions), as read."""
    found = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "text", "title", "subheader"):
        for root in (at, at.sidebar):
            found += [plain(item.value) for item in getattr(root, kind)]
    return found


def errors(at: AppTest) -> str:
    return " ".join(plain(item.value) for item in at.error)


def test_an_undo_after_another_writer_is_refused_and_the_session_keeps_it(store_url, monkeypatch) -> None:
    at = propose(started(store_url, monkeypatch))
    at.button(key="w_merge").click().run()
    assert any("Written to the store as write" in item.value for item in at.success)
    other = open_store(store_url)
    try:
        assert other.undo() is not None  # someone undoes the app's write …
        bob = other.write(
            Dataset(
                (Entity("person:bob", "person", "Bob"),),
                (Claim("person:bob", "attended", "event:partners-meeting-2021-07", "s-bob"),),
                (Source("s-bob", "Bob's notes"),),
            ),
            author="bob",
            note="bob's load",
        )
        at.button(key="w_undo_merge").click().run()
        assert not at.exception
        refusal = errors(at)
        assert "The undo was refused; nothing changed." in refusal
        assert "by bob" in refusal and f"write {bob.batch}" in refusal
        assert other.has("person:bob"), "bob's write is still there"
        assert at.button(key="w_undo_merge"), "the session still offers its undo"
        at.button(key="w_undo_merge").click().run()  # refused again, the same way: nothing was lost
        assert not at.exception and other.has("person:bob")
    finally:
        other.close()


def damaged_file(tmp_path: Path) -> str:
    path = tmp_path / "damaged.duckdb"
    store = open_store(f"duckdb:///{path}", create=True)
    store.write(graph_to_dataset(graph.load_graph()))
    store.close()
    path.write_bytes(path.read_bytes()[:5000])
    return f"duckdb:///{path}"


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing", "There is no store at"),
        ("damaged", "is damaged"),
        ("refused", "Cannot connect to the store"),
        ("mysql", "is not a store URL"),
    ],
)
def test_a_store_that_cannot_be_opened_is_a_page_with_a_retry(monkeypatch, tmp_path, case, expected) -> None:
    url = {
        "missing": f"duckdb:///{tmp_path}/none.duckdb",
        "damaged": damaged_file(tmp_path) if case == "damaged" else "",
        "refused": f"postgresql://agx:{SECRET}@127.0.0.1:1/agx",
        "mysql": f"mysql://agx:{SECRET}@127.0.0.1/agx",
    }[case]
    at = started(url, monkeypatch)
    assert not at.exception
    page = errors(at)
    assert "cannot be used" in page and expected in page
    assert SECRET not in " ".join(texts(at))
    assert at.button(key="store_retry")
    at.button(key="store_retry").click().run()
    assert not at.exception and at.button(key="store_retry"), "tried again, and said again"


def test_a_file_in_use_by_another_process_is_a_page_and_opens_once_free(monkeypatch, tmp_path) -> None:
    path = tmp_path / "busy.duckdb"
    store = open_store(f"duckdb:///{path}", create=True)
    store.write(graph_to_dataset(graph.load_graph()))
    store.close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time\nc = duckdb.connect({str(path)!r})\n"
            "print('open', flush=True)\ntime.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        at = started(f"duckdb:///{path}", monkeypatch)
        assert not at.exception
        assert "is in use by another process" in errors(at)
    finally:
        holder.kill()
        holder.wait(timeout=30)
    at.button(key="store_retry").click().run()
    assert not at.exception and not at.error
    assert any("Claims store" in item.value for item in at.markdown), "the explorer opened"


def test_a_silent_server_is_a_page_within_the_limit(monkeypatch, silent_server: int) -> None:  # noqa: F811
    started_at = time.monotonic()
    at = started(
        f"postgresql://agx@127.0.0.1:{silent_server}/agx", monkeypatch, AGX_STORE_CONNECT_SECONDS="2"
    )
    assert time.monotonic() - started_at < 60
    assert not at.exception
    page = errors(at)
    assert f"127.0.0.1:{silent_server} did not answer within 2 s" in page
    assert at.button(key="store_retry")


def test_the_password_is_never_on_the_page(postgres_url, monkeypatch) -> None:
    store = open_store(postgres_url, create=True)
    store.write(graph_to_dataset(graph.load_graph()))
    store.close()
    with_secret = postgres_url.replace("agx@", f"agx:{SECRET}@")  # trust authentication ignores it
    at = started(with_secret, monkeypatch)
    at.text_input(key="w_store_search").input("Russia").run()
    assert not at.exception
    shown = texts(at)
    assert any("agx:***@" in text for text in shown), "the URL is shown, redacted"
    assert not [text for text in shown if SECRET in text]


def test_the_time_tab_says_it_counts_only_what_was_fetched(store_url, monkeypatch) -> None:
    at = started(store_url, monkeypatch)
    at.text_input(key="w_store_search").input("Russia").run()
    at.session_state["w_tab"] = "Time"
    at.run()
    assert not at.exception
    notes = [plain(item.value) for item in at.info if "fetched so far" in plain(item.value)]
    assert notes and "not all 104 in the store" in notes[0]
    assert "python -m graph diff --from D1 --to D2" in notes[0]


def test_a_merge_into_a_source_stored_with_other_content_asks_first(store_url, monkeypatch) -> None:
    at = propose(started(store_url, monkeypatch))
    source_id = at.session_state["proposal"][1].source.id
    other = open_store(store_url)
    try:
        other.write(Dataset(sources=(Source(source_id, "Another text with the same id"),)), author="bob")
        at.button(key="w_merge").click().run()
        assert not at.exception
        assert "holds some of these ids with other content" in errors(at)
        assert f"the source '{source_id}' is stored with title 'Another text with the same id'" in " ".join(
            item.value for item in at.code
        )
        assert not other.has("person:karel-novak") and len(other.claims()) == 345, "nothing was written"
        at.button(key="w_keep_apart").click().run()
        assert not at.exception
        assert any("Written to the store as write" in item.value for item in at.success)
        assert f"Kept apart as '{source_id}-2'" in " ".join(item.value for item in at.code)
        cited = {claim.source for claim in other.claims()[345:]}
        assert cited == {f"{source_id}-2"}, "the new claims cite the new source, not the stored one"
    finally:
        other.close()


def test_after_a_server_restart_the_page_shows_no_trace_of_it(monkeypatch) -> None:
    from bench.postgres_server import PostgresServer, find_binaries

    if find_binaries() is None:
        pytest.skip("PostgreSQL's server binaries are missing")
    with PostgresServer() as server:
        url = server.create_database("restarted")
        store = open_store(url, create=True)
        store.write(graph_to_dataset(graph.load_graph()))
        store.close()
        at = started(url, monkeypatch)
        at.text_input(key="w_store_search").input("Russia").run()
        assert not at.exception and "Russia" in [item.value for item in at.subheader]
        server.restart()  # every pooled connection is now stale
        at.text_input(key="w_store_search").input("Finland").run()
        assert not at.exception and not at.error
        assert "Finland" in [item.value for item in at.subheader]
