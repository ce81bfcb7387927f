"""bench/store.py runs end to end on a small dataset and prints every figure (no time is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_store_benchmark_prints_every_figure(postgres_server) -> None:  # skips with it
    completed = subprocess.run(
        [sys.executable, "bench/store.py", "--sizes", "1000,2000", "--queries", "20"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    rows = [line for line in completed.stdout.splitlines() if line.startswith(("| 1,000 |", "| 2,000 |"))]
    assert len(rows) == 6
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) == 14 and all(cells), row  # size, store, load, 10 timings, memory
        assert cells[-1].endswith("MB")
    assert "Growth from 1,000 to 2,000 claims" in completed.stdout
    assert "- postgres: search p95" in completed.stdout
