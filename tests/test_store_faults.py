"""Stores under real faults (issue 26): undo never takes back another person's write, nothing is
silently cut, a load does not merge into a different source or entity, a silent server is not
waited for, a store that cannot be opened is one line, and no password is ever shown.

Each test runs on DuckDB and on the real PostgreSQL server tests/conftest.py starts.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.cli import main
from graph.errors import DatasetError, StoreUnavailableError, WriteConflictError
from graph.load import load_dataset
from graph.model import Claim, Dataset, Entity, Source
from graph.settings import overridden
from graph.store import SCHEMA_VERSION, WriteStamp, open_store, redact_url
from graph.store.sql import SQLStore
from tests.conftest import write_dataset

ROOT = Path(__file__).resolve().parents[1]
SECRET = "S3cretPW"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(params=["duckdb", "postgres"])
def store_url(request, tmp_path: Path) -> str:
    if request.param == "duckdb":
        return f"duckdb:///{tmp_path}/store.duckdb"
    return request.getfixturevalue("postgres_url")


def person(number: int, source: str) -> Dataset:
    """A small load: one person, one claim, one source of its own."""
    return Dataset(
        (Entity(f"person:p{number}", "person", f"Person {number}"),),
        (Claim(f"person:p{number}", "attended", "event:meeting", source),),
        (Source(source, f"Report {number}", url=f"https://example.org/{number}"),),
    )


def loaded(url: str, tiny_folder: Path) -> SQLStore:
    store = open_store(url, create=True)
    store.write(load_dataset(tiny_folder), author="loader", note="the tiny dataset")
    assert isinstance(store, SQLStore)
    return store


# ---- 1. write ids are never reused; undo checks it is still the write meant ---------------------


def test_undo_never_takes_back_another_writers_write(store_url: str, tiny_folder: Path) -> None:
    store = loaded(store_url, tiny_folder)
    try:
        alice = store.write(person(1, "s-alice"), author="alice", note="load a.csv")
        assert store.undo() is not None  # bob undoes alice's write …
        bob = store.write(person(2, "s-bob"), author="bob", note="load b.csv")  # … and loads his own
        assert alice.batch is not None and bob.batch is not None
        assert bob.batch > alice.batch, "a write id is never given again"
        with pytest.raises(WriteConflictError, match=f"Write {alice.batch} was undone already") as refused:
            store.undo(alice.stamp)
        assert f"write {bob.batch} (import: load b.csv) by bob" in str(refused.value)
        with pytest.raises(WriteConflictError, match="not the one meant"):
            store.undo(WriteStamp(bob.batch, "alice", bob.written))
        assert store.has("person:p2"), "bob's write is still there"
        undone = store.undo(bob.stamp, author="bob")
        assert undone is not None and undone.batch == bob.batch and not store.has("person:p2")
        assert store.check().ok
    finally:
        store.close()


def test_only_the_last_write_is_undone_and_the_refusal_names_who_wrote_since(
    store_url: str, tiny_folder: Path
) -> None:
    store = loaded(store_url, tiny_folder)
    try:
        first = store.write(person(1, "s-1"), author="alice", note="first")
        second = store.write(person(2, "s-2"), author="bob", note="second")
        before = store.summary()
        with pytest.raises(WriteConflictError) as refused:
            store.undo(first.batch)
        assert f"write {second.batch} (import: second) by bob at {second.written}" in str(refused.value)
        assert store.summary() == before, "a refused undo changes nothing"
    finally:
        store.close()


def test_a_store_of_schema_1_continues_its_write_ids(tmp_path: Path, monkeypatch, tiny_folder) -> None:
    from graph.store import sql

    url = f"duckdb:///{tmp_path}/old.duckdb"
    with monkeypatch.context() as old:
        old.setattr(sql, "SCHEMA_VERSION", 1)
        old.setattr(sql, "MIGRATIONS", {1: sql.MIGRATIONS[1]})
        store = open_store(url, create=True)
        store._run(  # type: ignore[attr-defined]
            "INSERT INTO batches VALUES (7, 'load', 'old', '', '2020-01-01T00:00:00', 0, 0, 0, 0)"
        )
        store.close()
    store = open_store(url)
    try:
        assert store.summary().schema_version == SCHEMA_VERSION
        assert store.write(load_dataset(tiny_folder)).batch == 8
    finally:
        store.close()


def test_the_cli_refuses_an_undo_of_a_write_someone_replaced(
    store_url: str, capsys, tmp_path: Path, tiny_folder: Path
) -> None:
    other = write_dataset(
        tmp_path / "other",
        entities="id,type,label,aliases,description\nperson:bob,person,Bob,,\n",
        claims="subject,relation,object,start,end,source,locator,note\n",
        sources="id,title,publisher,author,published,url,kind\ns-bob,Bob's notes,,,,,\n",
    )
    code, out, _ = run(capsys, "store", "load", str(tiny_folder), "--store", store_url, "--author", "alice")
    assert code == 0 and "as batch 1" in out
    code, out, _ = run(capsys, "store", "undo", "--store", store_url)
    assert code == 0
    code, out, _ = run(capsys, "store", "load", str(other), "--store", store_url, "--author", "bob")
    assert code == 0 and "as batch 2" in out, "the undone write's id is not given again"
    code, out, err = run(capsys, "store", "undo", "--store", store_url, "--batch", "1")
    assert code == 1 and out == ""
    assert err.startswith("error: Write 1 was undone already") and "by bob" in err
    assert len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, "store", "info", "--store", store_url)
    assert "1 entities" in out, "bob's write is still there"


# ---- 2. nothing is silently cut ------------------------------------------------------------------


def large_dataset(folder: Path, people: int = 10_300) -> Path:
    """More entities than an export from a store holds (10,000), with dated claims."""
    entities = ["id,type,label,aliases,description", "state:AAA,state,Aland,,", "state:BBB,state,Borduria,,"]
    claims = ["subject,relation,object,start,end,source,locator,note"]
    for number in range(people):
        year = 1980 + number % 40
        end = f"{year + 1 + number % 7}-06-01" if number % 3 == 0 else ""
        entities.append(f"person:p{number},person,Person {number},,")
        claims.append(
            f"person:p{number},national_of,state:{'AAA' if number % 2 else 'BBB'},{year},{end},s1,,"
        )
        if number % 5 == 0:
            claims.append(f"person:p{number},national_of,state:AAA,,,s1,,")
    sources = "id,title,publisher,author,published,url,kind\ns1,Register,,,2020,,\n"
    return write_dataset(folder, "\n".join(entities) + "\n", "\n".join(claims) + "\n", sources)


def test_diff_and_export_on_a_large_store_cut_nothing_silently(
    store_url: str, capsys, tmp_path: Path
) -> None:
    folder = large_dataset(tmp_path / "large")
    code, out, _ = run(capsys, "store", "load", str(folder), "--store", store_url)
    assert code == 0, out
    argv = ("diff", "--from", "1990", "--to", "2000", "--format", "json")
    code, memory, _ = run(capsys, *argv, "--data", str(folder))
    assert code == 0
    code, stored, _ = run(capsys, "--store", store_url, *argv)
    assert code == 0
    expected, got = json.loads(memory), json.loads(stored)
    assert len(expected["began"]) > 2_000 and len(expected["undated"]) > 1_000
    for status in ("began", "ended", "undated"):
        assert len(got[status]) == len(expected[status]), status
    assert got == expected
    code, _, err = run(
        capsys, "--store", store_url, "export", "--format", "json", "-o", str(tmp_path / "v.json")
    )
    assert code == 0
    assert "note: the view holds 10,302 entities; the export holds the 10,000" in err
    assert "Narrow the view" in err


# ---- 3. a load checks what it merges into --------------------------------------------------------

OTHER_SOURCE = (
    "id,title,publisher,author,published,url,kind\n"
    "s-nato,A different text,Elsewhere,,2030,https://other.example/x,press\n"
)
NEW_CLAIM = (
    "subject,relation,object,start,end,source,locator,note\n"
    "state:RUS,member_of,alliance:nato,2030,,s-nato,p 1,\n"
)
TINY_ENTITIES = (
    "id,type,label,aliases,description\nstate:RUS,state,Russia,Russian Federation,\n"
    "alliance:nato,alliance,NATO,North Atlantic Treaty Organization|the Alliance,A military alliance\n"
)


def test_a_load_refuses_a_source_stored_with_other_content(
    store_url: str, capsys, tmp_path: Path, tiny_folder: Path
) -> None:
    assert run(capsys, "store", "load", str(tiny_folder), "--store", store_url)[0] == 0
    before = run(capsys, "--store", store_url, "show", "state:RUS")
    other = write_dataset(tmp_path / "other", TINY_ENTITIES, NEW_CLAIM, OTHER_SOURCE)
    code, out, err = run(capsys, "store", "load", str(other), "--store", store_url)
    assert code == 1
    for column, stored, given in (
        ("title", "'NATO release'", "'A different text'"),
        ("published", "'2021-07-13'", "'2030'"),
        ("url", "'https://www.nato.int/release'", "'https://other.example/x'"),
    ):
        assert (
            f"[{column}]: the source 's-nato' is stored with {column} {stored}; this write has {given}."
            in err
        )
    assert "--on-conflict rename" in err
    assert run(capsys, "--store", store_url, "show", "state:RUS") == before, "nothing was written"

    code, out, err = run(capsys, "store", "load", str(other), "--store", store_url, "--on-conflict", "rename")
    assert code == 0, err
    assert "WARNING sources.csv:1 [title]: the source 's-nato' is stored with title" in out
    assert "Kept apart as 's-nato-2'" in out
    code, out, _ = run(capsys, "--store", store_url, "show", "state:RUS")
    assert "[s-nato-2] A different text, Elsewhere, 2030" in out
    assert "[s-nato] NATO release" in out, "the stored source is unchanged"


def test_a_write_refuses_an_entity_stored_with_another_type_and_label(
    store_url: str, tiny_folder: Path
) -> None:
    store = loaded(store_url, tiny_folder)
    try:
        other = Dataset(
            (Entity("state:RUS", "person", "Rus Person"),),
            (Claim("state:RUS", "attended", "event:meeting", "s-nato"),),
        )
        with pytest.raises(DatasetError) as refused:
            store.write(other)
        columns = [issue.column for issue in refused.value.report.errors]
        assert columns == ["type", "label", "aliases"]
        assert store.entity("state:RUS").entity.type == "state"
        result = store.write(other, on_conflict="rename")
        assert result.entities == 1 and store.entity("state:RUS-2").entity.label == "Rus Person"
        assert [claim.subject for claim in store.claims()][-1] == "state:RUS-2"
    finally:
        store.close()


def test_the_memory_store_checks_what_it_merges_into(tiny_graph) -> None:
    from graph.store import MemoryStore

    store = MemoryStore(tiny_graph)
    other = Dataset(sources=(Source("s-nato", "A different text"),))
    with pytest.raises(DatasetError, match=r"\[title\]: the source 's-nato' is stored with title"):
        store.write(other)
    assert store.write(other, on_conflict="rename").sources == 1


# ---- 4. time limits --------------------------------------------------------------------------------


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A socket on 127.0.0.1 that accepts connections and never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(timeout=5)
    for connection in accepted:
        connection.close()
    listener.close()


def test_a_silent_server_is_not_waited_for(silent_server: int) -> None:
    url = f"postgresql://agx:{SECRET}@127.0.0.1:{silent_server}/agx"
    started = time.monotonic()
    with overridden(store_connect_seconds=2), pytest.raises(StoreUnavailableError) as caught:
        open_store(url)
    assert time.monotonic() - started < 10
    message = str(caught.value)
    assert f"127.0.0.1:{silent_server} did not answer within 2 s" in message
    assert "store_connect_seconds" in message and "AGX_STORE_CONNECT_SECONDS" in message
    assert SECRET not in message and caught.value.reason == "timeout"


def test_the_cli_on_a_silent_server_prints_one_line_within_the_limit(silent_server: int) -> None:
    environment = dict(os.environ, AGX_STORE_CONNECT_SECONDS="2")
    url = f"postgresql://agx@127.0.0.1:{silent_server}/agx"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "graph", "store", "info", "--store", url],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert time.monotonic() - started < 30
    assert done.returncode == 1 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "did not answer within 2 s" in done.stderr


def test_a_statement_over_the_limit_is_stopped_and_said(postgres_url: str, tiny_folder: Path) -> None:
    with overridden(store_statement_seconds=1):
        store = loaded(postgres_url, tiny_folder)
        try:
            with pytest.raises(StoreUnavailableError, match="ran longer than 1 s") as caught:
                store._fetch("SELECT pg_sleep(3)")
            assert "store_statement_seconds" in str(caught.value)
            assert store.has("state:RUS"), "the store is usable after"
        finally:
            store.close()


def test_the_time_limits_are_in_the_settings_table() -> None:
    from graph.settings import LIMITS

    by_name = {item.name: item for item in LIMITS}
    assert by_name["store_connect_seconds"].default == 5
    assert by_name["store_statement_seconds"].env == "AGX_STORE_STATEMENT_SECONDS"


# ---- 5. a store that cannot be opened or has gone away ---------------------------------------------


def test_a_stale_pooled_connection_is_replaced_after_a_restart(tiny_folder: Path) -> None:
    from bench.postgres_server import PostgresServer, find_binaries

    if find_binaries() is None:
        pytest.skip("PostgreSQL's server binaries are missing")
    with PostgresServer() as server:
        store = loaded(server.create_database("restarted"), tiny_folder)
        try:
            assert store.has("state:RUS")  # a connection is now idle in the pool
            server.restart()
            assert store.has("state:RUS"), "the stale connection was replaced without a word"
            assert store.summary().entities == 9
            server.restart()
            assert store.write(person(1, "s-after")).entities == 1, "a write after a restart, too"
        finally:
            store.close()


# ---- 6. secrets are never shown -----------------------------------------------------------------


def test_redact_url_hides_every_password() -> None:
    assert redact_url(f"postgresql://agx:{SECRET}@db:5432/agx") == "postgresql://agx:***@db:5432/agx"
    assert redact_url(f"postgres://agx:{SECRET}@[::1]:5432/agx?sslmode=require") == (
        "postgres://agx:***@[::1]:5432/agx?sslmode=require"
    )
    assert SECRET not in redact_url(f"postgresql:///agx?host=/tmp&password={SECRET}")
    assert redact_url("postgresql://agx@db/agx") == "postgresql://agx@db/agx"


def test_the_cli_never_prints_the_password(postgres_url: str, capsys, tiny_folder: Path) -> None:
    with_secret = postgres_url.replace("agx@", f"agx:{SECRET}@")  # trust authentication ignores it
    outputs = [
        run(capsys, "store", "load", str(tiny_folder), "--store", with_secret),
        run(capsys, "store", "info", "--store", with_secret),
        run(capsys, "validate", "--store", with_secret),
        run(capsys, "store", "undo", "--store", with_secret),
        run(capsys, "store", "info", "--store", with_secret.rsplit(":", 1)[0] + ":1/none"),
    ]
    assert [code for code, _, _ in outputs] == [0, 0, 0, 0, 1]
    assert "agx:***@" in outputs[1][1]
    for _, out, err in outputs:
        assert SECRET not in out and SECRET not in err


# ---- 8. a damaged file or a malformed URL is one line, not a traceback ---------------------------


def damaged(tmp_path: Path, tiny_folder: Path, how: str) -> str:
    path = tmp_path / f"{how}.duckdb"
    store = open_store(f"duckdb:///{path}", create=True)
    store.write(load_dataset(tiny_folder))
    store.close()
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 3])
    else:
        path.write_bytes(data[:4096] + b"\x5a" * 8192 + data[4096 + 8192 :])
    return f"duckdb:///{path}"


@pytest.mark.parametrize("how", ["truncated", "corrupt"])
@pytest.mark.parametrize("argv", [("store", "info"), ("validate",), ("show", "state:RUS")], ids=" ".join)
def test_a_damaged_duckdb_file_is_one_line(capsys, tmp_path: Path, tiny_folder: Path, how, argv) -> None:
    url = damaged(tmp_path, tiny_folder, how)
    code, out, err = run(capsys, *argv, "--store", url)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "is damaged" in err and "backup" in err


@pytest.mark.parametrize(
    "url",
    ["postgresql://agx@[::1:55432/agx", "postgresql://agx@127.0.0.1:1/agx%00", "mysql://agx@127.0.0.1/agx"],
)
def test_a_malformed_store_url_is_one_line(capsys, url: str) -> None:
    for argv in (("store", "info"), ("validate",), ("show", "state:RUS")):
        code, out, err = run(capsys, *argv, "--store", url)
        assert code == 1 and out == "", argv
        assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err


def test_a_duckdb_file_in_use_by_another_process_is_named(capsys, tmp_path: Path, tiny_folder: Path) -> None:
    path = tmp_path / "busy.duckdb"
    store = open_store(f"duckdb:///{path}", create=True)
    store.write(load_dataset(tiny_folder))
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
        code, _, err = run(capsys, "store", "info", "--store", f"duckdb:///{path}")
        assert code == 1 and len(err.strip().splitlines()) == 1
        assert f"{path} is in use by another process" in err
    finally:
        holder.kill()
        holder.wait(timeout=30)
