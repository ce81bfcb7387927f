"""The large-graph benchmark runs end to end on small graphs (100 and 1,000 nodes).

A smoke test, not a timing test: it checks that every measurement was taken for both
pipelines, not how fast they were. bench/large.py starts its own server and browser.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_runs_on_small_graphs() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "large.py"),
            "--sizes",
            "100,1000",
            "--no-nato",
            "--still-cap",
            "5",
            "--pyvis-cap",
            "60",
            "--cap",
            "60",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    table = done.stdout
    assert "Machine:" in table
    for label in ("100", "1,000"):
        pyvis = next(line for line in table.splitlines() if line.startswith(f"| {label} | plain pyvis |"))
        ours = next(line for line in table.splitlines() if line.startswith(f"| {label} | ours |"))
        ratio = next(line for line in table.splitlines() if line.startswith(f"| {label} | ours / pyvis |"))
        cells = [cell.strip() for cell in ours.strip("|").split("|")][2:]
        assert len(cells) == 13, ours
        assert cells[0] == f"{label} nodes"
        assert all(re.fullmatch(r"[\d.,]+ (ms|s|KB|MB)", cell) for cell in cells[1:]), ours  # all measured
        assert re.search(r"\| [\d.]+ (ms|s) \|", pyvis), pyvis  # pyvis built its page
        assert "1/" in ratio or "×" in ratio, ratio
