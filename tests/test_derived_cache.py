"""A large workspace's graph and groups kept on disk between server starts (graph/derived_cache.py)."""

from __future__ import annotations

import os
import pickle
import threading
from pathlib import Path

import networkx as nx
import pytest

from graph import derived_cache, prepared
from graph.cli import main
from graph.derived_cache import KEEP, entry_path, remembered
from graph.model import Claim, Dataset, Entity, Source
from graph.settings import configure
from graph.workspace import export_workspace, new_workspace_from_dataset
from ui import cache
from ui.state import LoadedGraph


def counting():  # type: ignore[no-untyped-def]
    calls: list[int] = []

    def make() -> dict[str, int]:
        calls.append(1)
        return {"made": len(calls)}

    return make, calls


def test_a_kept_value_is_read_back_and_a_new_key_is_made(tmp_path) -> None:
    make, calls = counting()
    assert remembered(tmp_path, ("w", "1"), make) == {"made": 1}
    assert remembered(tmp_path, ("w", "1"), make) == {"made": 1}
    assert remembered(tmp_path, ("w", "2"), make) == {"made": 2}
    assert len(calls) == 2


def test_a_damaged_file_is_made_again_and_replaced(tmp_path, caplog) -> None:
    make, _calls = counting()
    remembered(tmp_path, ("w", "1"), make)
    path = entry_path(tmp_path, ("w", "1"))
    path.write_bytes(path.read_bytes()[:10])  # cut short, as by a crash of another program
    assert remembered(tmp_path, ("w", "1"), make) == {"made": 2}
    assert "could not be read" in caplog.text
    assert pickle.loads(path.read_bytes()) == {"made": 2}


def test_a_folder_that_cannot_be_written_changes_nothing_but_speed(tmp_path, caplog) -> None:
    if os.geteuid() == 0:
        blocked = tmp_path / "file"  # root may write anywhere: a file where the folder should be
        blocked.write_text("not a folder")
    else:
        blocked = tmp_path / "locked"
        blocked.mkdir(mode=0o500)
    make, _calls = counting()
    assert remembered(blocked, ("w", "1"), make) == {"made": 1}
    assert remembered(blocked, ("w", "1"), make) == {"made": 2}
    assert "could not be kept" in caplog.text


def test_only_the_newest_files_are_kept(tmp_path) -> None:
    make, _ = counting()
    for version in range(KEEP + 5):
        remembered(tmp_path, ("w", str(version)), make)
        stamp = 1_000_000 + version
        os.utime(entry_path(tmp_path, ("w", str(version))), (stamp, stamp))
    remembered(tmp_path, ("w", "last"), make)
    kept = list(tmp_path.glob("*.pickle"))
    assert len(kept) == KEEP
    assert entry_path(tmp_path, ("w", "0")) not in kept and entry_path(tmp_path, ("w", "last")) in kept


def test_new_code_never_reads_what_older_code_kept(tmp_path, monkeypatch) -> None:
    make, _calls = counting()
    remembered(tmp_path, ("w", "1"), make)
    monkeypatch.setattr(derived_cache, "code_fingerprint", lambda: "another version of the program")
    assert remembered(tmp_path, ("w", "1"), make) == {"made": 2}


def test_a_password_in_a_store_url_never_reaches_a_file_name(tmp_path) -> None:
    path = entry_path(tmp_path, ("postgresql://ann:s3cret@db/claims", "7", "graph"))
    assert "s3cret" not in str(path) and "ann" not in path.name


def test_a_frozen_graph_stays_frozen_when_read_back(tmp_path) -> None:
    G = nx.freeze(nx.MultiDiGraph([("state:SWE", "org:NATO")]))
    remembered(tmp_path, ("w", "1"), lambda: G)
    again = remembered(tmp_path, ("w", "1"), lambda: pytest.fail("made again"))
    assert nx.is_frozen(again) and list(again.edges()) == [("state:SWE", "org:NATO")]


def test_the_app_keeps_a_large_workspace_graph_and_groups_across_restarts(tmp_path, monkeypatch) -> None:
    """ui.cache: a workspace of at least prepared.ON_DISK_ELEMENTS is read from disk after a
    restart (the in-process cache cleared), and the graph read back equals the one built."""

    monkeypatch.setattr(prepared, "ON_DISK_ELEMENTS", 50)
    home = Path(os.environ["AGX_HOME"])
    states = tuple(Entity(f"state:S{n}", "state", f"State {n}") for n in range(40))
    claims = tuple(
        Claim(f"state:S{n}", "related_to", f"state:S{(n * 7 + 1) % 40}", "s", locator=f"p{n}")
        for n in range(40)
    )
    workspace = new_workspace_from_dataset("Large", Dataset(states, claims, (Source("s", "A source"),)), home)
    version = cache.store_for(workspace.url).version()
    first = cache.whole_graph(workspace.url, version, workspace.name)
    assert len(list((home / "cache").glob("*.pickle"))) == 1
    cache.whole_graph.clear()  # a restart of the server
    monkeypatch.setattr(prepared, "graph_of", lambda dataset: pytest.fail("built again"))
    again = cache.whole_graph(workspace.url, version, workspace.name)
    assert nx.utils.graphs_equal(first.G, again.G) and again.token == first.token


def test_priming_more_uploads_than_are_kept_lets_the_oldest_go_without_a_deadlock() -> None:
    """ui.cache.prime: the oldest of PRIMED + 2 uploads saved as workspaces is let go (its graph's
    memory watcher, run when the last reference goes, takes the cache's lock: it must not be
    held then). Run in a thread, so a deadlock fails the test instead of hanging the suite."""

    def prime_many() -> None:
        for n in range(cache.PRIMED + 2):
            loaded = LoadedGraph(nx.freeze(nx.MultiDiGraph([(f"a{n}", f"b{n}")])), f"upload:test-{n}", "w")
            cache.settle(loaded)  # watched, as the app watches every graph it shows
            cache.prime(f"sqlite:///w{n}", "v1", loaded)

    worker = threading.Thread(target=prime_many, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "prime() deadlocked on the cache's lock"
    assert cache.whole(f"sqlite:///w{cache.PRIMED + 1}", "v1", "w").token == f"upload:test-{cache.PRIMED + 1}"


def test_large_uploads_primed_one_after_another_keep_only_the_newest(monkeypatch) -> None:
    """Three large uploads in a row kept all three in memory (+104 % resident memory, 300,000 nodes
    each): besides the newest, primed graphs hold at most PRIMED_ELEMENTS nodes and links."""

    monkeypatch.setattr(cache, "_primed", {})
    monkeypatch.setattr(cache, "PRIMED_ELEMENTS", 30)

    def upload(name: str, nodes: int) -> LoadedGraph:
        G = nx.MultiDiGraph()
        G.add_nodes_from(f"{name}{i}" for i in range(nodes))
        loaded = LoadedGraph(nx.freeze(G), f"upload:{name}", name)
        cache.prime(f"sqlite:///{name}", "v1", loaded)
        return loaded

    upload("small", 10), upload("tiny", 5)
    assert len(cache._primed) == 2, "small ones are kept together"
    upload("large", 100)
    assert len(cache._primed) == 3, "the newest is kept whatever its size"
    upload("next", 20)
    assert [url for url, _ in cache._primed] == ["sqlite:///next"], "the large one before goes, and the older"
    upload("last", 10)
    assert [url for url, _ in cache._primed] == ["sqlite:///next", "sqlite:///last"]


def small_large_workspace(home: Path, name: str = "Large"):
    """A workspace of 300 states and 300 claims: "large" once ON_DISK_ELEMENTS is 50 and
    large_graph 100 (tests lower both)."""

    states = tuple(Entity(f"state:S{n}", "state", f"State {n}") for n in range(300))
    claims = tuple(
        Claim(f"state:S{n}", "related_to", f"state:S{(n * 7 + 1) % 300}", "s", locator=f"p{n}")
        for n in range(300)
    )
    return new_workspace_from_dataset(name, Dataset(states, claims, (Source("s", "A source"),)), home)


def test_a_workspace_prepared_when_written_is_opened_the_first_time_without_building(monkeypatch) -> None:
    """prepared.prepare (run by `workspace new` and `workspace import`): the app's first
    opening reads the graph and the groups it kept, and builds neither."""

    monkeypatch.setattr(prepared, "ON_DISK_ELEMENTS", 50)
    monkeypatch.setenv("AGX_LARGE_GRAPH", "100")
    configure(os.environ)
    try:
        home = Path(os.environ["AGX_HOME"])
        workspace = small_large_workspace(home, "Prepared")
        assert prepared.prepare(prepared.cache_folder(), workspace.url)
        assert len(list((home / "cache").glob("*.pickle"))) == 2  # the graph and its groups
        monkeypatch.setattr(prepared, "graph_of", lambda dataset: pytest.fail("built again"))
        monkeypatch.setattr(prepared, "group_nodes", lambda G: pytest.fail("grouped again"))
        version = cache.store_for(workspace.url).version()
        loaded = cache.whole_graph(workspace.url, version, workspace.name)
        assert loaded.G.number_of_nodes() == 300
        assert cache.groups_for(loaded.G, loaded.token) is not None
    finally:
        monkeypatch.delenv("AGX_LARGE_GRAPH")
        configure(os.environ)


def test_a_small_workspace_is_not_prepared(monkeypatch) -> None:

    home = Path(os.environ["AGX_HOME"])
    workspace = small_large_workspace(home, "Small")  # 600 elements: under the 20,000 of ON_DISK_ELEMENTS
    assert not prepared.prepare(prepared.cache_folder(), workspace.url)
    assert not list((home / "cache").glob("*.pickle"))


def test_workspace_import_prepares_a_large_workspace(monkeypatch, tmp_path, capsys) -> None:
    """The command line's `workspace import` prepares what it made (in this process: the limit
    lowered as the test lowers it)."""

    monkeypatch.setattr(prepared, "ON_DISK_ELEMENTS", 50)
    home = Path(os.environ["AGX_HOME"])
    archive = export_workspace(small_large_workspace(home, "Source"), tmp_path / "backup.zip")
    assert main(["workspace", "import", str(archive), "--name", "Restored"]) == 0
    assert "Made the workspace 'Restored'" in capsys.readouterr().out
    assert len(list((home / "cache").glob("*.pickle"))) == 1  # its graph (300 nodes: no groups)
