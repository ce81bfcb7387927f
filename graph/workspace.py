"""Workspaces: the saved stores the app and the command line work on by default.

A workspace is one SQLite file (:mod:`graph.store.sqlite_store`) in the folder
``agx_home()/workspaces/``, named after it (``NATO.sqlite``); the file ``agx_home()/current``
names the one in use. The first use makes ``NATO`` from the bundled dataset (``data/``, a
read-only template: it is read, never written). Every merge, decision, upload and edit is a
write to the workspace, logged (who, when, what kind, why) and undoable.

>>> import tempfile
>>> home = Path(tempfile.mkdtemp())
>>> current_workspace(home).name
'NATO'
>>> new_workspace("Copy", home=home).url.startswith("sqlite:///")
True
>>> [workspace.name for workspace in list_workspaces(home)]
['Copy', 'NATO']
>>> open_workspace("Copy", home).name == current_workspace(home).name
True

Why SQLite, with figures, and the guarantees: docs/workspaces.md.
"""

from __future__ import annotations

import csv
import getpass
import io
import json
import os
import sys
import threading
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from graph.errors import DatasetError, InputError, WorkspaceError
from graph.load import dataset_tables
from graph.load.dataset import resolve_path
from graph.model import Dataset
from graph.output import write_file
from graph.readers import read_file, read_path
from graph.settings import text_setting
from graph.store.schema import SCHEMA_VERSION
from graph.store.sqlite_store import SQLiteStore
from graph.text import neutralise_formula

__all__ = [
    "WORKSPACE_SCHEME",
    "Workspace",
    "agx_home",
    "author_name",
    "current_workspace",
    "delete_workspace",
    "export_workspace",
    "import_workspace",
    "list_workspaces",
    "new_workspace",
    "new_workspace_from_dataset",
    "open_workspace",
    "rename_workspace",
]

WORKSPACE_SCHEME = "sqlite"  # the embedded engine (chosen by measurement: docs/workspaces.md)
SUFFIX = ".sqlite"
FIRST = "NATO"  # the workspace made from the bundled dataset on first use
APP_NAME = "Alliance Graph Explorer"
LOG_FILE = "log.csv"
ROWS_FILE = "writes.json"  # the write each row of the tables belongs to
UNDONE_FILE = "undone.json"  # what each undone write did, kept so that it can be redone
LOG_COLUMNS = [
    "id",
    "kind",
    "author",
    "note",
    "written",
    "entities",
    "claims",
    "sources",
    "decisions",
    "undone",
    "undone_by",
]
_FIRST_USE = threading.Lock()  # the first workspace is made by one session of a server
_FORBIDDEN = set('/\\:*?"<>|')


def agx_home() -> Path:
    """``$AGX_HOME``, else the platform's folder for a user's application data.

    Linux (and other Unix): ``$XDG_DATA_HOME/alliance-graph-explorer`` (default
    ``~/.local/share/alliance-graph-explorer``); macOS: ``~/Library/Application Support/
    Alliance Graph Explorer``; Windows: ``%LOCALAPPDATA%\\Alliance Graph Explorer``.
    """
    if os.environ.get("AGX_HOME"):
        return Path(os.environ["AGX_HOME"]).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "alliance-graph-explorer"


def author_name() -> str:
    """Who the write log names: ``AGX_AUTHOR``, else the ``author`` setting, else the OS user."""
    named = os.environ.get("AGX_AUTHOR", "").strip() or text_setting("author")
    if named:
        return named
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name (a container without a passwd entry)
        return "someone"


@dataclass(frozen=True)
class Workspace:
    """A workspace: the name a person sees and types, and its SQLite file."""

    name: str
    path: Path

    @property
    def url(self) -> str:
        """What :func:`graph.store.open_store` takes."""
        return f"{WORKSPACE_SCHEME}:///{self.path}"


def _home(home: Path | None) -> Path:
    return Path(home) if home is not None else agx_home()


def _folder(home: Path | None) -> Path:
    return _home(home) / "workspaces"


def usable_name(wanted: str, default: str = "Workspace") -> str:
    """``wanted`` without what no workspace name may hold (a file's name: ``<``, ``/``, …).

    >>> usable_name("evil<img src=x>.zip"), usable_name("..."), usable_name("lesmis")
    ('evilimg src=x.zip', 'Workspace', 'lesmis')
    """
    kept = "".join(char for char in wanted if char not in _FORBIDDEN and ord(char) >= 32)
    return kept.strip().lstrip(".")[:100].strip() or default


def _checked_name(name: str) -> str:
    """A name that can be a file name on every platform; WorkspaceError says why not."""
    name = name.strip()
    if not name or name.startswith(".") or len(name) > 100:
        raise WorkspaceError(
            f"'{name}' cannot name a workspace: give 1 to 100 characters, not starting with a dot."
        )
    bad = sorted({char for char in name if char in _FORBIDDEN or ord(char) < 32})
    if bad:
        shown = " ".join(repr(char) for char in bad)
        raise WorkspaceError(f"'{name}' cannot name a workspace: it holds {shown}. Leave these out.")
    return name


def list_workspaces(home: Path | None = None) -> list[Workspace]:
    """The workspaces in ``home`` (default :func:`agx_home`), by name."""
    folder = _folder(home)
    if not folder.is_dir():
        return []
    found = [Workspace(path.name[: -len(SUFFIX)], path) for path in folder.glob(f"*{SUFFIX}")]
    return sorted((w for w in found if w.path.is_file()), key=lambda w: w.name.casefold())


def _find(name: str, home: Path | None) -> Workspace:
    workspaces = list_workspaces(home)
    for workspace in workspaces:
        if workspace.name == name:
            return workspace
    for workspace in workspaces:
        if workspace.name.casefold() == name.strip().casefold():
            return workspace
    names = ", ".join(workspace.name for workspace in workspaces) or "none yet"
    raise WorkspaceError(
        f"There is no workspace '{name}' in {_folder(home)} (there are: {names}). "
        "See `python -m graph workspace list`."
    )


def _taken(name: str, home: Path | None) -> bool:
    return any(workspace.name.casefold() == name.casefold() for workspace in list_workspaces(home))


def _set_current(workspace: Workspace, home: Path | None) -> None:
    write_file(_home(home) / "current", workspace.name.encode("utf-8"))


def _check_opens(workspace: Workspace) -> None:
    """Open the workspace once (which migrates an older one, after a backup copy); a newer
    one is refused naming both schema versions."""
    try:
        SQLiteStore(workspace.path, url=workspace.url).close()
    except InputError as error:
        if "newer than this program knows" in str(error):
            raise WorkspaceError(
                f"The workspace '{workspace.name}' ({workspace.path}) was written by a newer version "
                f"of Alliance Graph Explorer: {error} This program reads schema version "
                f"{SCHEMA_VERSION}."
            ) from None
        raise


def current_workspace(home: Path | None = None) -> Workspace:
    """The workspace in use; on first use, ``NATO`` made from the bundled dataset."""
    marker = _home(home) / "current"
    name = marker.read_text(encoding="utf-8").strip() if marker.is_file() else ""
    workspaces = list_workspaces(home)
    for workspace in workspaces:
        if workspace.name == name:
            return workspace
    if workspaces:  # the current one was deleted or renamed elsewhere: the first by name
        _set_current(workspaces[0], home)
        return workspaces[0]
    with _FIRST_USE:  # sessions of one server arriving together make it once
        if _taken(FIRST, home):
            workspace = _find(FIRST, home)
        else:
            try:
                workspace = new_workspace(FIRST, home=home)
            except WorkspaceError:  # another process made it at the same moment
                workspace = _find(FIRST, home)
        _set_current(workspace, home)
    return workspace


def new_workspace(
    name: str, source: Path | None = None, home: Path | None = None, author: str | None = None
) -> Workspace:
    """A new workspace holding the bundled dataset (``source`` None) or what ``source`` holds
    (a folder or any file :func:`graph.readers.read_path` reads), written as one import."""
    name = _checked_name(name)
    if _taken(name, home):
        raise WorkspaceError(f"There is a workspace '{name}' already; choose another name.")
    path = resolve_path(source)
    dataset, report = read_path(path)
    if dataset is None:
        raise DatasetError(f"{path} was refused; no workspace was made:", report)
    note = "the bundled dataset" if source is None else f"from {path.name}"
    return new_workspace_from_dataset(name, dataset, home, author, note)


def new_workspace_from_dataset(
    name: str, dataset: Dataset, home: Path | None = None, author: str | None = None, note: str = ""
) -> Workspace:
    """A new workspace holding ``dataset`` (already read and checked), written as one import."""
    return _made(name, home, lambda store: store.write(dataset, author or author_name(), note, kind="import"))


def _made(name: str, home: Path | None, fill) -> Workspace:  # type: ignore[no-untyped-def]
    """A new workspace called ``name``, filled by ``fill(store)`` in a file of its own that takes
    its name only when complete (a stopped or failed fill leaves no workspace)."""
    name = _checked_name(name)
    if _taken(name, home):
        raise WorkspaceError(f"There is a workspace '{name}' already; choose another name.")
    folder = _folder(home)
    folder.mkdir(parents=True, exist_ok=True)
    # Unique to this call: threads of one server share its process id.
    temporary = folder / f".{name}.{os.getpid()}.{uuid.uuid4().hex[:12]}.making"
    final = folder / f"{name}{SUFFIX}"
    _remove_files(temporary)
    try:
        store = SQLiteStore(temporary, create=True)
        try:
            fill(store)
        finally:
            store.close()
        try:
            os.link(temporary, final)  # fails when the name was taken meanwhile: never replaces
        except FileExistsError:
            raise WorkspaceError(f"There is a workspace '{name}' already; choose another name.") from None
    finally:
        _remove_files(temporary)
    return Workspace(name, final)


def _remove_files(path: Path) -> None:
    """The file and SQLite's files beside it (-wal, -shm)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def open_workspace(name: str, home: Path | None = None) -> Workspace:
    """Make workspace ``name`` the current one (checked to open first)."""
    workspace = _find(name, home)
    _check_opens(workspace)
    _set_current(workspace, home)
    return workspace


def rename_workspace(old: str, new: str, home: Path | None = None) -> Workspace:
    """Give a workspace another name (it stays current if it was)."""
    workspace = _find(old, home)
    new = _checked_name(new)
    if new.casefold() != workspace.name.casefold() and _taken(new, home):
        raise WorkspaceError(f"There is a workspace '{new}' already; choose another name.")
    target = workspace.path.with_name(f"{new}{SUFFIX}")
    was_current = current_workspace(home).name == workspace.name
    for suffix in ("-wal", "-shm"):
        if Path(f"{workspace.path}{suffix}").exists():
            os.replace(f"{workspace.path}{suffix}", f"{target}{suffix}")
    os.replace(workspace.path, target)
    renamed = Workspace(new, target)
    if was_current:
        _set_current(renamed, home)
    return renamed


def delete_workspace(name: str, home: Path | None = None) -> None:
    """Delete a workspace's file (the caller asks for confirmation first)."""
    workspace = _find(name, home)
    _remove_files(workspace.path)
    marker = _home(home) / "current"
    if marker.is_file() and marker.read_text(encoding="utf-8").strip() == workspace.name:
        marker.unlink()


# ---- backups ---------------------------------------------------------------------------------


def _csv(header: list[str], rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {key: neutralise_formula("" if value is None else str(value)) for key, value in row.items()}
        )
    return buffer.getvalue().encode("utf-8")


def export_workspace(workspace: Workspace, target: Path) -> Path:
    """A tables zip of the workspace: entities, claims, sources, decisions (our CSV tables, which
    every reader of ours opens), ``log.csv`` (the write log) and ``writes.json`` (the write each
    row belongs to). Written atomically: ``target`` is whole or as it was."""
    store = SQLiteStore(workspace.path, url=workspace.url)
    try:
        dataset = store.dataset()
        rows = store.row_writes()
        log = store.log_rows()
        kept = store.kept_undone()
    finally:
        store.close()
    files = {name: _csv(header, table) for name, (header, table) in dataset_tables(dataset).items()}
    files[LOG_FILE] = _csv(LOG_COLUMNS, [dict(zip(LOG_COLUMNS, row, strict=True)) for row in log])
    files[ROWS_FILE] = json.dumps({"name": dataset.name, "rows": rows}).encode("utf-8")
    undone = {str(batch): {"body": body, "redone": redone} for batch, (body, redone) in kept.items()}
    files[UNDONE_FILE] = json.dumps(undone, ensure_ascii=False).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return write_file(target, buffer.getvalue())


Kept = dict[int, tuple[str, int | None]]  # an undone write → what it did (JSON), the write that redid it


def _backup_parts(archive: Path) -> tuple[Dataset, list[tuple], dict[str, list[int]], Kept] | None:  # type: ignore[type-arg]
    """The tables, the log, the row writes and what the undone writes did, of one of our backups
    (one made before redo has no ``undone.json``: its undone writes cannot be redone); None for
    any other file."""
    if not zipfile.is_zipfile(archive):
        return None
    with zipfile.ZipFile(archive) as opened:
        names = set(opened.namelist())
        if not {LOG_FILE, ROWS_FILE} <= names:
            return None
        log_text = opened.read(LOG_FILE).decode("utf-8")
        rows = json.loads(opened.read(ROWS_FILE).decode("utf-8"))
        redo = json.loads(opened.read(UNDONE_FILE).decode("utf-8")) if UNDONE_FILE in names else {}
    dataset, report = read_file(archive.name, archive.read_bytes())
    if dataset is None:
        raise DatasetError(f"The backup {archive} was refused; no workspace was made:", report)
    log = []
    for row in csv.DictReader(io.StringIO(log_text)):
        counts = [int(row[column]) for column in ("entities", "claims", "sources", "decisions")]
        undone = row["undone"] or None
        log.append(
            (
                int(row["id"]),
                row["kind"],
                row["author"],
                row["note"],
                row["written"],
                *counts,
                undone,
                row["undone_by"] or None,
            )
        )
    kept = {int(batch): (str(item["body"]), item.get("redone")) for batch, item in redo.items()}
    return replace(dataset, name=rows.get("name", dataset.name)), log, rows["rows"], kept


def _parts(dataset: Dataset, rows: dict[str, list[int]]) -> dict[int, Dataset]:
    """The rows each write added, as one dataset per write."""
    tables: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))  # type: ignore[type-arg]
    for table in ("entities", "claims", "sources", "decisions"):
        items = getattr(dataset, table)
        if len(items) != len(rows.get(table, [])):
            raise InputError(f"The backup's {ROWS_FILE} does not match its {table} table; it was changed.")
        for item, number in zip(items, rows[table], strict=True):
            tables[number][table].append(item)
    return {
        number: Dataset(
            tuple(parts["entities"]),
            tuple(parts["claims"]),
            tuple(parts["sources"]),
            name=dataset.name,
            decisions=tuple(parts["decisions"]),
            attribute_types=dataset.attribute_types,
        )
        for number, parts in tables.items()
    }


def import_workspace(archive: Path, name: str | None = None, home: Path | None = None) -> Workspace:
    """A new workspace from a backup made by :func:`export_workspace` (tables, decisions and the
    write log restored as they were), or from any file or folder our readers read (FtM
    included), written as one import. ``name`` defaults to the file's name."""
    archive = Path(archive)
    name = _checked_name(name or archive.name.split(".")[0])
    backup = _backup_parts(archive) if archive.is_file() else None
    if backup is None:
        return new_workspace(name, archive, home)
    dataset, log, rows, kept = backup
    parts = _parts(dataset, rows)

    def fill(store: SQLiteStore) -> None:
        store.restore(log, parts)
        store.keep_undone(kept)

    return _made(name, home, fill)
