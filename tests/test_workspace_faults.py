"""A workspace under what happens to real machines: a process killed mid-write, two processes
writing at once, a full disk, a read-only file, a file from a newer or an older version."""

from __future__ import annotations

import csv
import multiprocessing
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.errors import InputError, StoreUnavailableError, WorkspaceError
from graph.load import dataset_tables
from graph.model import Claim, Dataset, Entity, Source
from graph.store import SCHEMA_VERSION, open_store
from graph.workspace import current_workspace, open_workspace

ROOT = Path(__file__).resolve().parents[1]
FORK = multiprocessing.get_context("fork")


def large_write(tag: str, claims: int = 10_000, entities: int = 500) -> Dataset:
    """``claims`` new claims among ``entities`` new states, all new to the workspace."""
    people = tuple(Entity(f"state:{tag}-{n}", "state", f"State {tag} {n}") for n in range(entities))
    rows = tuple(
        Claim(
            f"state:{tag}-{n % entities}",
            "related_to",
            f"state:{tag}-{(n * 7 + 1) % entities}",
            f"s-{tag}",
            locator=f"p{n}",
        )
        for n in range(claims)
    )
    return Dataset(people, rows, (Source(f"s-{tag}", f"Source {tag}"),))


def counts(url: str) -> tuple[int, int, int]:
    store = open_store(url)
    try:
        summary = store.summary()
        report = store.check()
        assert report.ok, report.format()
        return summary.entities, summary.claims, len(store.history())
    finally:
        store.close()


def _write(url: str, tag: str) -> None:
    store = open_store(url)
    store.write(large_write(tag), author="child", kind="import")
    store.close()
    os._exit(0)


def test_kill_9_at_random_points_of_a_large_write_leaves_the_store_whole() -> None:
    url = current_workspace().url
    started = time.perf_counter()
    child = FORK.Process(target=_write, args=(url, "whole"))
    child.start()
    child.join()
    duration = time.perf_counter() - started  # a whole write, to aim the kills inside it
    assert child.exitcode == 0
    random.seed(22)
    outcomes = set()
    for attempt in range(20):
        before = counts(url)
        child = FORK.Process(target=_write, args=(url, f"k{attempt}"))
        child.start()
        time.sleep(random.uniform(0.05, duration))
        os.kill(child.pid or 0, signal.SIGKILL)
        child.join()
        after = counts(url)  # opens, recovers, checks every table
        if after == before:
            outcomes.add("nothing")
        else:
            assert after == (before[0] + 500, before[1] + 10_000, before[2] + 1), (before, after)
            outcomes.add("all")
    assert "nothing" in outcomes  # at least one kill landed inside a write


def test_the_app_and_the_command_line_write_at_once_and_both_writes_are_kept(tmp_path: Path) -> None:
    url = current_workspace().url
    app = open_store(url)  # the app's long-lived store, its pool of connections open
    before = app.summary()
    folder = tmp_path / "cli"
    folder.mkdir()
    big = large_write("cli", claims=5_000)
    for name, (header, rows) in dataset_tables(big).items():
        with open(folder / name, "w", encoding="utf-8", newline="") as table:
            writer = csv.DictWriter(table, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    command = subprocess.Popen(
        [sys.executable, "-m", "graph", "store", "load", str(folder), "--author", "cli"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    app_writes = []
    version = app.version()
    while command.poll() is None or len(app_writes) < 3:
        n = len(app_writes)
        app_writes.append(
            app.write(
                Dataset((Entity(f"state:app{n}", "state", f"App {n}"),), (), ()), author="app", kind="edit"
            )
        )
        assert app.summary().entities >= before.entities + n + 1  # reads go on while the CLI writes
    out, err = command.communicate(timeout=300)
    assert command.returncode == 0, out[-2000:] + err
    after = app.summary()
    assert after.entities == before.entities + 500 + len(app_writes)
    assert after.claims == before.claims + 5_000
    assert {record.author for record in app.history()} >= {"app", "cli"}
    assert app.version() != version and app.check().ok
    app.close()


def _fill_disk(url: str, limit: int, answer) -> None:  # type: ignore[no-untyped-def]
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG, as on a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        store = open_store(url)
        store.write(large_write("full"), author="child")
        answer.send("written")
    except StoreUnavailableError as error:
        answer.send(f"{error.reason}: {error}")
    os._exit(0)


def test_a_full_disk_refuses_the_write_with_a_message_and_the_workspace_still_opens() -> None:
    workspace = current_workspace()
    before = counts(workspace.url)
    receive, send = FORK.Pipe(duplex=False)
    child = FORK.Process(
        target=_fill_disk, args=(workspace.url, workspace.path.stat().st_size + 64_000, send)
    )
    child.start()
    child.join(timeout=300)
    message = receive.recv()
    assert message.startswith("full: SQLite could not write to"), message
    assert "Nothing was written" in message
    assert counts(workspace.url) == before
    store = open_store(workspace.url)
    store.write(Dataset((Entity("state:after", "state", "After"),), (), ()))  # space again: it writes
    store.close()


def test_a_read_only_file_opens_read_only_and_refuses_writes() -> None:
    workspace = current_workspace()
    os.chmod(workspace.path, 0o444)
    try:
        store = open_store(workspace.url)
        assert store.read_only
        assert store.summary().claims == 345 and store.dataset().claims
        with pytest.raises(StoreUnavailableError, match="is read-only") as refused:
            store.write(Dataset((Entity("state:ro", "state", "RO"),), (), ()))
        assert refused.value.reason == "read-only"
        with pytest.raises(StoreUnavailableError, match="is read-only"):
            store.undo()
        store.close()
    finally:
        os.chmod(workspace.path, 0o644)
    store = open_store(workspace.url)
    assert not store.read_only
    store.close()


def _set_version(path: Path, version: int) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE store_meta SET value = ? WHERE name = 'schema_version'", (str(version),))
    connection.close()


def test_a_workspace_from_a_newer_version_is_refused_naming_both_versions() -> None:
    workspace = current_workspace()
    _set_version(workspace.path, SCHEMA_VERSION + 1)
    with pytest.raises(WorkspaceError, match=f"schema version {SCHEMA_VERSION + 1}.*{SCHEMA_VERSION}"):
        open_workspace(workspace.name)
    with pytest.raises(InputError, match=f"schema version {SCHEMA_VERSION + 1}, newer"):
        open_store(workspace.url)


def test_a_workspace_from_an_older_version_is_copied_then_migrated(monkeypatch, tmp_path: Path) -> None:

    path = tmp_path / "old.sqlite"
    store = open_store(f"sqlite:///{path}", create=True)
    store.write(large_write("old", claims=20, entities=5))
    store.close()
    # The same store as the version before this one wrote it: the last migration taken back.
    assert SCHEMA_VERSION == 6, "take back the newest migration here instead"
    with sqlite3.connect(path) as older:
        older.execute("DROP TABLE drafts")
        older.execute("DROP TABLE undone_writes")
        older.execute("UPDATE store_meta SET value = '5' WHERE name = 'schema_version'")
    older.close()
    store = open_store(f"sqlite:///{path}")
    assert store.summary().schema_version == SCHEMA_VERSION and store.summary().claims == 20
    assert store.draft("ana") is None and store.save_draft("ana", "kept").body == "kept"  # the new table
    store.close()
    backup = tmp_path / f"old.sqlite.schema-{SCHEMA_VERSION - 1}.backup"
    with sqlite3.connect(backup) as copy:
        (version,) = copy.execute("SELECT value FROM store_meta WHERE name = 'schema_version'").fetchone()
        assert int(version) == SCHEMA_VERSION - 1
        assert copy.execute("SELECT COUNT(*) FROM claims").fetchone() == (20,)
    copy.close()
    shutil.copy(backup, tmp_path / "again.sqlite")  # the copy is a whole store: it opens (and migrates)
    assert open_store(f"sqlite:///{tmp_path / 'again.sqlite'}").summary().claims == 20


def test_sessions_of_one_server_arriving_together_make_the_first_workspace_once(tmp_path) -> None:
    """Eight threads of one process (one server's sessions) open the app on a fresh home at once:
    each gets the one workspace NATO, whole, and no half-made file is left."""
    import concurrent.futures
    import threading

    home = tmp_path / "home"
    barrier = threading.Barrier(8)

    def first_use(_: int) -> str:
        barrier.wait()
        return str(current_workspace(home).path)

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        paths = list(pool.map(first_use, range(8)))
    assert len(set(paths)) == 1
    store = open_store(current_workspace(home).url)
    try:
        assert store.read_only is False
        assert [record.kind for record in store.history()] == ["import"], "one import, not eight"
    finally:
        store.close()
    assert [p.name for p in (home / "workspaces").iterdir() if "making" in p.name] == []
