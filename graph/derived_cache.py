"""Derived data kept on disk between server starts: a large workspace's graph and its groups.

Reading a 100,000-claim workspace, building its graph and cutting it into groups takes several
seconds, every time the server starts. What they produce depends only on the workspace's
content (its version changes with every write, by anyone) and on this program's code, so
it is kept in files named by both: a write or an upgrade makes a new name, and an old file
is never read for newer data.

The files are pickles in a folder of the user's data folder (``$AGX_HOME/cache``), the same
trust as the workspace files beside them. Each is written atomically (a complete file or
none); one that cannot be read is computed again, never used in part. Only the newest
:data:`KEEP` files are kept. Deleting the folder loses nothing.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> calls = []
>>> def make():
...     calls.append(1)
...     return {"answer": 42}
>>> remembered(folder, ("a workspace", "version 3", "graph"), make)
{'answer': 42}
>>> remembered(folder, ("a workspace", "version 3", "graph"), make), len(calls)  # read, not made
({'answer': 42}, 1)
>>> remembered(folder, ("a workspace", "version 4", "graph"), make) and len(calls)  # a write: made
2
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from graph.output import OutputError, write_file

T = TypeVar("T")
KEEP = 12  # files kept: a few workspaces' graph and groups, each at its newest versions
SUFFIX = ".pickle"
LOG = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of this program's library code (every module of graph/): a new version of the code
    makes new names, so data derived by an older one is never read."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def entry_path(folder: Path, key: tuple[str, ...]) -> Path:
    """The file for ``key`` (hashed: a store URL's password never reaches a file name)."""
    digest = hashlib.sha256("\x1f".join((code_fingerprint(), *key)).encode("utf-8")).hexdigest()
    return folder / f"{digest[:32]}{SUFFIX}"


def remembered(folder: Path, key: tuple[str, ...], make: Callable[[], T]) -> T:
    """What ``make()`` returns for ``key``: read from ``folder`` when an earlier call (in this
    process or another) kept it, else made and kept. Failing to keep it (a full disk, a
    read-only folder) is logged and changes nothing else."""
    path = entry_path(folder, key)
    try:
        with path.open("rb") as handle:
            value: T = pickle.load(handle)
        path.touch()  # the newest use: kept longest
        return value
    except FileNotFoundError:
        pass
    except Exception as error:  # a damaged or foreign file: made again, and replaced below
        LOG.warning("Derived data %s could not be read (%s); computing it again", path, error)
    value = make()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_file(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        _forget_oldest(folder)
    except (OSError, OutputError) as error:
        LOG.warning("Derived data could not be kept in %s (%s); it will be computed again", folder, error)
    return value


def _forget_oldest(folder: Path) -> None:
    files = sorted(folder.glob(f"*{SUFFIX}"), key=lambda path: path.stat().st_mtime, reverse=True)
    for path in files[KEEP:]:
        path.unlink(missing_ok=True)
