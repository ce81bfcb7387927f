"""Workspaces (graph/workspace.py) and the write log every store keeps: history, revert, version,
dataset, write kinds and authors; backups that round-trip; the workspace commands."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest

from graph.build import build_graph
from graph.cli import main
from graph.errors import WorkspaceError, WriteConflictError
from graph.export import export_view
from graph.load import load_dataset
from graph.load.dataset import BUNDLED_DATASET
from graph.model import Claim, Dataset, Decision, Entity, Source
from graph.settings import text_overridden
from graph.store import MemoryStore, Store, open_store
from graph.view import ViewSpec
from graph.workspace import (
    agx_home,
    author_name,
    current_workspace,
    delete_workspace,
    export_workspace,
    import_workspace,
    list_workspaces,
    new_workspace,
    new_workspace_from_dataset,
    open_workspace,
    rename_workspace,
)

KINDS = ("memory", "sqlite", "duckdb", "postgres")


def fingerprints(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(params=KINDS)
def store(request, tmp_path: Path, tiny_folder: Path) -> Store:
    """A store of each kind holding the tiny dataset as its write 1."""
    tiny = load_dataset(tiny_folder)
    if request.param == "memory":
        made: Store = MemoryStore(build_graph(Dataset()))
    elif request.param == "postgres":
        made = open_store(request.getfixturevalue("postgres_url"), create=True)
    else:
        made = open_store(f"{request.param}:///{tmp_path}/s.{request.param}", create=True)
    made.write(tiny, author="loader", note="tiny", kind="import")
    yield made
    made.close()


# ---- the write log on every store ----------------------------------------------------------------


def test_history_lists_writes_newest_first_with_kind_author_and_note(store: Store) -> None:
    store.write(
        Dataset((Entity("state:NOR", "state", "Norway"),), (), ()), author="ana", note="a", kind="edit"
    )
    decision = Decision("state:FIN", "state:AUT", "not_same", "ana")
    store.write(Dataset(decisions=(decision,)), author="bo", note="no", kind="decision")
    log = store.history()
    assert [(r.kind, r.author, r.note) for r in log] == [
        ("decision", "bo", "no"),
        ("edit", "ana", "a"),
        ("import", "loader", "tiny"),
    ]
    assert [r.id for r in log] == sorted((r.id for r in log), reverse=True)
    assert log[0].decisions == 1 and log[1].entities == 1 and not any(r.undone for r in log)
    assert store.history(limit=1) == log[:1]
    assert [r.kind for r in store.history(entity="state:NOR")] == ["edit"]
    assert [r.kind for r in store.history(entity="state:AUT")] == ["decision", "import"]
    store.undo()
    assert store.history()[0].undone and store.history(entity="state:AUT")[0].kind == "import"


def test_revert_is_refused_naming_the_later_write_that_touched_the_same_entities(store: Store) -> None:
    source = Source("s-x", "X")
    norway = Dataset(
        (Entity("state:NOR", "state", "Norway"),),
        (Claim("state:NOR", "member_of", "alliance:nato", "s-x", "1949-04-04"),),
        (source,),
    )
    first = store.write(norway, author="ana", kind="edit")
    sweden = Dataset(
        (Entity("state:SWE", "state", "Sweden"),),
        (Claim("state:SWE", "member_of", "alliance:nato", "s-nato", "2024-03-07"),),
    )
    second = store.write(sweden, author="bo", kind="article merge")
    later = store.write(
        Dataset((), (Claim("state:NOR", "partner_in", "framework:pfp", "s-nato"),)),
        author="cy",
        kind="edit",
    )
    version = store.version()
    with pytest.raises(
        WriteConflictError, match=re.escape(f"write {later.batch} (edit) by cy at {later.written}")
    ):
        store.revert(first.stamp or 0)
    assert store.version() == version and store.has("state:NOR")
    reverted = store.revert(second.batch or 0, author="dee")  # nothing later touched Sweden
    assert reverted.batch == second.batch and reverted.claims == 1
    assert not store.has("state:SWE") and store.has("state:NOR")
    assert store.version() != version
    assert store.check().ok
    assert [r.undone for r in store.history()] == [False, True, False, False]
    with pytest.raises(WriteConflictError, match="undone already"):
        store.revert(second.batch or 0)
    store.revert(later.batch or 0)
    store.revert(first.batch or 0)  # now nothing later touches Norway
    assert not store.has("state:NOR") and store.check().ok
    assert len(store.dataset().claims) == 12  # the tiny dataset again


def test_dataset_is_everything_the_store_holds(store: Store, tiny_folder: Path) -> None:
    tiny = load_dataset(tiny_folder)
    held = store.dataset()
    assert set(held.entities) == set(tiny.entities)
    assert set(held.claims) == set(tiny.claims)
    assert set(held.sources) == set(tiny.sources)
    assert store.read_only is False


def test_author_name_is_agx_author_else_the_setting_else_the_os_user(monkeypatch) -> None:
    import getpass

    monkeypatch.delenv("AGX_AUTHOR", raising=False)
    assert author_name() == getpass.getuser()
    with text_overridden(author="Setting Name"):
        assert author_name() == "Setting Name"
        monkeypatch.setenv("AGX_AUTHOR", "Env Name")
        assert author_name() == "Env Name"


# ---- workspaces -------------------------------------------------------------------------------------


def test_agx_home_is_the_variable_else_the_platform_folder(monkeypatch, tmp_path: Path) -> None:
    assert agx_home() == Path(__import__("os").environ["AGX_HOME"])
    monkeypatch.delenv("AGX_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr("sys.platform", "linux")
    assert agx_home() == tmp_path / "alliance-graph-explorer"
    monkeypatch.setattr("sys.platform", "darwin")
    assert agx_home() == Path.home() / "Library" / "Application Support" / "Alliance Graph Explorer"
    monkeypatch.setattr("sys.platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    assert agx_home() == tmp_path / "Alliance Graph Explorer"


def test_workspaces_are_made_opened_renamed_and_deleted_and_data_is_never_written(
    agx_home: Path, tiny_folder: Path
) -> None:
    bundled = fingerprints(BUNDLED_DATASET)
    first = current_workspace()
    assert first.name == "NATO" and first.path == agx_home / "workspaces" / "NATO.sqlite"
    store = open_store(first.url)
    assert store.summary().claims == 345
    (record,) = store.history()
    assert record.kind == "import" and record.note == "the bundled dataset"
    store.write(Dataset((Entity("state:NOR2", "state", "Norway 2"),), (), ()), author="t", kind="edit")
    store.close()
    tiny = new_workspace("Tiny", tiny_folder, author="ana")
    assert current_workspace().name == "NATO"  # making one does not open it
    assert open_workspace("tiny").name == "Tiny" and current_workspace().name == "Tiny"
    with pytest.raises(WorkspaceError, match="already"):
        new_workspace("NATO")
    with pytest.raises(WorkspaceError, match=r"There is no workspace 'Nope'.*NATO, Tiny"):
        open_workspace("Nope")
    with pytest.raises(WorkspaceError, match="cannot name a workspace"):
        new_workspace("a/b")
    renamed = rename_workspace("Tiny", "Small")
    assert current_workspace() == renamed and not tiny.path.exists()
    assert open_store(renamed.url).history()[0].author == "ana"
    new_workspace_from_dataset("Upload", load_dataset(tiny_folder), note="upload.csv")
    assert [w.name for w in list_workspaces()] == ["NATO", "Small", "Upload"]
    delete_workspace("Small")
    assert [w.name for w in list_workspaces()] == ["NATO", "Upload"]
    assert current_workspace().name == "NATO"
    delete_workspace("NATO")
    delete_workspace("Upload")
    assert current_workspace().name == "NATO"  # made again from the template
    assert fingerprints(BUNDLED_DATASET) == bundled


def test_a_backup_round_trip_gives_identical_tables_and_log(tmp_path: Path) -> None:
    workspace = current_workspace()
    store = open_store(workspace.url)
    store.write(
        Dataset(decisions=(Decision("state:FIN", "state:SWE", "not_same", "ana", "2024-01-02", "no"),)),
        author="ana",
        kind="decision",
    )
    undone = store.write(Dataset((Entity("state:XX", "state", "X"),), (), ()), author="bo", kind="edit")
    store.undo(undone.stamp)
    store.write(
        Dataset((Entity("person:ana", "person", "Ana", ("A.",), "", (("born", "1970"),)),), (), ()),
        author="cy",
        note="with an attribute",
        kind="edit",
    )
    before, log = store.dataset(), store.history()
    store.close()
    archive = export_workspace(workspace, tmp_path / "backup.zip")
    with zipfile.ZipFile(archive) as opened:
        assert {"entities.csv", "claims.csv", "sources.csv", "decisions.csv", "log.csv"} <= set(
            opened.namelist()
        )
    restored = import_workspace(archive, "Restored")
    again = open_store(restored.url)
    assert again.dataset() == before and again.dataset().name == before.name
    assert again.history() == log
    assert again.check().ok
    assert again.write(Dataset((Entity("state:YY", "state", "Y"),), (), ())).batch == log[0].id + 1
    assert again.redo(undone.batch).entities == 1, "what the undone write did is in the backup"
    assert again.entity("state:XX").entity.label == "X"
    again.close()


def test_import_reads_any_format_our_readers_read(tmp_path: Path) -> None:
    G = build_graph(load_dataset(BUNDLED_DATASET))
    ftm = tmp_path / "nato.ftm.json"
    ftm.write_bytes(export_view(G, ViewSpec(), "ftm"))
    workspace = import_workspace(ftm)
    assert workspace.name == "nato"
    store = open_store(workspace.url)
    assert store.summary().entities > 50 and store.history()[0].kind == "import"
    store.close()


# ---- the command line ---------------------------------------------------------------------------------


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_workspace_commands(capsys, tmp_path: Path, tiny_folder: Path, monkeypatch) -> None:
    code, out, _ = run(capsys, "workspace", "list")
    assert code == 0 and "* NATO\t104 entities, 345 claims, 1 writes" in out
    code, out, _ = run(capsys, "workspace", "new", "Tiny", str(tiny_folder))
    assert code == 0 and "it is now the current workspace" in out
    code, out, _ = run(capsys, "stats")
    assert code == 0 and "9 entities" in out.replace("Entities: 9", "9 entities")
    code, out, _ = run(capsys, "workspace", "export", "-o", str(tmp_path / "t.zip"))
    assert code == 0 and (tmp_path / "t.zip").is_file()
    code, _, _ = run(capsys, "workspace", "rename", "Tiny", "Small")
    assert code == 0
    code, _, _ = run(capsys, "workspace", "import", str(tmp_path / "t.zip"), "--name", "Back")
    assert code == 0
    code, out, _ = run(capsys, "store", "history")
    assert code == 0 and "import: from" in out
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    code, _, err = run(capsys, "workspace", "delete", "Small")
    assert code == 1 and "--yes" in err  # no terminal to ask on
    code, out, _ = run(capsys, "workspace", "delete", "Small", "--yes")
    assert code == 0 and [w.name for w in list_workspaces()] == ["Back", "NATO"]
    code, _, err = run(capsys, "workspace", "open", "Gone")
    assert code == 1 and "There is no workspace 'Gone'" in err
