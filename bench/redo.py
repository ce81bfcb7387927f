"""What keeping an undone write for redo costs the undo, and what a redo takes
(docs/workspaces.md, "Undo, revert and redo").

Run: .venv/bin/python bench/redo.py [--sizes 1000,10000,100000]

For each size, a SQLite workspace on disk holds the bundled dataset, then one write of that many
new claims among 500 new entities (as an import of a large file). It times, in one run:

- **undo, keeping what it did** (what the store does now: the write's rows read and kept as
  JSON in ``undone_writes``, then taken back);
- **undo, as before redo** (the baseline: the rows taken back, nothing kept), on a copy of the
  same workspace;
- **redo** (the kept write applied again as a new write).

Each figure is the median of three rounds; the kept text's size is printed beside it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere, as bench/rerun.py

from bench.workspace import seconds as timed  # noqa: E402
from bench.workspace import synthetic  # noqa: E402
from graph.load import load_dataset  # noqa: E402
from graph.store import open_store  # noqa: E402
from graph.store.sql_edits import SQLEditing  # noqa: E402
from graph.store.sql_redo import KEPT, SQLRedoing  # noqa: E402


def one_round(folder: Path, size: int) -> tuple[float, float, float, int]:
    made = folder / f"made-{size}.sqlite"
    if not made.exists():
        store = open_store(f"sqlite:///{made}", create=True)
        store.write(load_dataset(), note="the bundled dataset")
        store.write(synthetic(size, 500), note="a large file")  # as bench/workspace.py's writes
        store.close()
    keeping, baseline = folder / "keeping.sqlite", folder / "baseline.sqlite"
    shutil.copy(made, keeping)
    shutil.copy(made, baseline)
    store = open_store(f"sqlite:///{keeping}")
    undo = timed(store.undo)
    batch = store.history()[0].id
    kept = len(store._fetch(KEPT, {"batch": batch})[0][0])  # type: ignore[attr-defined]
    redo = timed(lambda: store.redo(batch))
    store.close()
    store = open_store(f"sqlite:///{baseline}")
    original = SQLRedoing._take_back
    SQLRedoing._take_back = SQLEditing._take_back  # type: ignore[method-assign]  # nothing kept
    try:
        before = timed(store.undo)
    finally:
        SQLRedoing._take_back = original  # type: ignore[method-assign]
    store.close()
    return undo, before, redo, kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    print("| claims in the write | undo, keeping what it did | undo, as before redo | redo | kept |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as name:
        for size in sizes:
            rounds = [one_round(Path(name), size) for _ in range(3)]
            undo, before, redo = (statistics.median(r[i] for r in rounds) for i in range(3))
            print(
                f"| {size:,} | {undo * 1000:,.0f} ms | {before * 1000:,.0f} ms | {redo * 1000:,.0f} ms "
                f"| {rounds[0][3] / 1_048_576:.1f} MiB |"
            )


if __name__ == "__main__":
    main()
