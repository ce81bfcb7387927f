"""Many writers at once, and a writer killed mid-transaction, against real databases."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from graph.load import load_dataset
from graph.model import Claim, Dataset, Entity, Source
from graph.store import ClaimFilter, open_store
from graph.store.sql import SQLStore
from graph.view import ViewSpec

ROOT = Path(__file__).resolve().parents[1]
SESSIONS = 20


def proposal(session: int) -> Dataset:
    """What one analyst merges: a claim everyone makes, two of their own, one more source for an
    edge that every session cites (so the edge's citations show whether a write was lost)."""
    return Dataset(
        entities=(
            Entity("person:shared", "person", "Shared Person"),
            Entity(f"person:p{session}", "person", f"Analyst {session}"),
        ),
        claims=(
            Claim("person:shared", "attended", "event:meeting", "s-shared", locator="para 1"),
            Claim(f"person:p{session}", "attended", "event:meeting", f"s-{session}"),
            Claim(f"person:p{session}", "national_of", "state:AUT", f"s-{session}", start="1990"),
            Claim("state:AUT", "partner_in", "framework:pfp", f"s-{session}", start="1995-02-10"),
        ),
        sources=(
            Source("s-shared", "A report everyone read", url="https://example.org/shared"),
            Source(f"s-{session}", f"Report {session}", url=f"https://example.org/{session}"),
        ),
        name=f"session {session}",
    )


def test_twenty_sessions_merge_at_once_without_losing_or_repeating(postgres_url, tiny_folder) -> None:
    base = load_dataset(tiny_folder)
    first = open_store(postgres_url, create=True)
    first.write(base)
    start = threading.Barrier(SESSIONS)
    results: dict[int, object] = {}

    def merge(session: int) -> None:
        store = open_store(postgres_url)  # each session its own connection
        try:
            start.wait()
            results[session] = store.write(proposal(session), author=f"analyst {session}")
        except BaseException as error:  # reported below, with the session
            results[session] = error
        finally:
            store.close()

    threads = [threading.Thread(target=merge, args=(session,)) for session in range(SESSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    failures = {session: result for session, result in results.items() if isinstance(result, BaseException)}
    assert not failures
    assert len(results) == SESSIONS

    written = sum(result.claims for result in results.values())  # type: ignore[attr-defined]
    assert written == 1 + 3 * SESSIONS  # the shared claim once, three of each session's
    assert len({result.batch for result in results.values()}) == SESSIONS  # type: ignore[attr-defined]
    summary = first.summary()
    assert summary.claims == len(base.claims) + written
    assert summary.entities == len(base.entities) + 1 + SESSIONS
    assert summary.sources == len(base.sources) + 1 + SESSIONS
    assert isinstance(first, SQLStore)
    assert first._fetch("SELECT COUNT(*), COUNT(DISTINCT fingerprint) FROM claims") == [(summary.claims,) * 2]
    assert len(first.claims(ClaimFilter(subject="person:shared"))) == 1
    edge = first.entity("state:AUT").graph.get_edge_data("state:AUT", "framework:pfp")
    assert len(edge) == 1  # every session's claim agrees on the period: one edge
    (data,) = edge.values()
    assert set(data["citations"]) == {"s-nato", *(f"s-{session}" for session in range(SESSIONS))}
    assert (
        first.view(ViewSpec(focus="event:meeting"), limit=100).graph.degree("event:meeting")
        == 4 + 1 + SESSIONS
    )
    assert first.check().ok
    first.close()


CHILD = """
import sys, time
from graph.load import load_dataset
from graph.model import Claim, Dataset, Entity, Source
from graph.store import open_store

store = open_store(sys.argv[1])
people = tuple(Entity(f"person:k{i}", "person", f"Killed {i}") for i in range(300))
claims = tuple(Claim(p.id, "attended", "event:meeting", "s-killed", start="2021-07-13") for p in people)
big = Dataset(people, claims, (Source("s-killed", "Never written", url="https://example.org/k"),))

def progress(stage):
    if stage == "writing edges":  # entities, sources and claims are inserted, not committed
        print("inside the transaction", flush=True)
        time.sleep(120)

store.write(big, progress=progress)
print("committed", flush=True)
"""


@pytest.fixture(params=["duckdb", "postgres"])
def loaded_url(request, tmp_path: Path, tiny_folder: Path) -> str:
    if request.param == "duckdb":
        url = f"duckdb:///{tmp_path}/killed.duckdb"
    else:
        url = request.getfixturevalue("postgres_url")
    store = open_store(url, create=True)
    store.write(load_dataset(tiny_folder))
    store.close()  # DuckDB: one process at a time; the child writes next
    return url


def test_a_killed_writer_leaves_the_store_as_it_was(loaded_url: str) -> None:
    before = open_store(loaded_url)
    expected = before.summary()
    before.close()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, loaded_url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "inside the transaction"
        if loaded_url.startswith("postgresql"):  # readers are not held up by a writer
            reader = open_store(loaded_url)
            assert reader.summary() == expected
            reader.close()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()
    assert child.returncode == -signal.SIGKILL

    after = open_store(loaded_url)
    try:
        assert after.summary() == expected
        assert not after.has("person:k0")
        assert after.check().ok
        result = after.write(
            Dataset(
                (Entity("person:after", "person", "After"),),
                (Claim("person:after", "attended", "event:meeting", "s-nato"),),
            )
        )
        assert result.claims == 1 and after.check().ok  # the dead writer's lock is gone
    finally:
        after.close()
