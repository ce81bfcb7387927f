"""Server time of a click while an article's proposal is open on a large upload (AppTest).

Run: .venv/bin/python bench/proposal.py [--size 20000] [--repeat 20]

The app is opened, a synthetic graph of ``--size`` entities (our three tables, zipped) is
uploaded, an article is pasted and its claims proposed. Then the same rerun a click causes
(a plain rerun: what a click that does not change the view costs) is timed. Beside it,
the naive baseline measured in the same run: what each such rerun used to compute — the
whole dataset rebuilt and merged with the proposal to list the conflicts — against what it
computes now (the conflicts of the touched subjects, cached per review).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import ba_graph, tables, zipped  # noqa: E402

APP = str(ROOT / "app.py")
# Our own sentences (no article's text): people, an office, a meeting and an exclusion.
ARTICLE = (
    "Admiral Rob Bauer, Chair of the NATO Military Committee, spoke at a meeting of partner "
    "nations in Brussels on 14 July 2021. Lieutenant General Hans-Werner Wiermann hosted the "
    "meeting as Director General of the International Military Staff. Russia and Belarus were "
    "excluded from the meeting. Finland joined NATO on 4 April 2023."
)


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    return f"{statistics.median(ordered):>10.0f}{ordered[int(len(ordered) * 0.9) - 1]:>10.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=20)
    arguments = parser.parse_args()

    upload = zipped(tables(ba_graph(arguments.size)))
    at = AppTest.from_file(APP, default_timeout=600).run()
    at.file_uploader(key="w_upload").set_value([("synthetic.zip", upload, "application/zip")]).run()
    at.text_area(key="w_ingest_text").input(ARTICLE)
    at.text_input(key="w_ingest_title").input("Benchmark article")
    at.text_input(key="w_ingest_url").input("https://example.org/article")
    at.button(key="w_propose").click().run()
    assert not at.exception, at.exception
    claims = len(at.data_editor[0].value)
    first_check = timed(at.run)  # the conflicts of this review, computed once

    clicks = {"rerun (a click that changes nothing)": lambda: at.run()}
    print(
        f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{arguments.size:,} entities uploaded; {claims} claims proposed; first check {first_check:.0f} ms")
    print()
    print(f"{'rerun with the proposal open':<42}{'median ms':>10}{'p90 ms':>10}")
    for name, action in clicks.items():
        samples = [timed(action) for _ in range(arguments.repeat)]
        assert not at.exception, at.exception
        print(f"{name:<42}{summary(samples)}")

    # The naive baseline: what every such rerun computed before (whole dataset rebuilt and merged).
    import networkx as nx

    from graph.build import graph_to_dataset
    from graph.ingest import extract, merge_proposal
    from graph.ingest.workflow import pending_conflicts, review
    from graph.readers import read_upload

    G, _ = read_upload([("synthetic.zip", upload)])
    assert G is not None
    G = nx.freeze(G)
    addition = review(extract(ARTICLE, title="t", url="https://example.org/a", published="2021-07-14", G=G))
    naive = [timed(lambda: merge_proposal(graph_to_dataset(G), addition)) for _ in range(3)]
    touched = [timed(lambda: pending_conflicts(G, addition)) for _ in range(arguments.repeat)]
    print(f"\n{'conflict check, computed per rerun':<42}{'median ms':>10}{'p90 ms':>10}")
    print(f"{'before: whole dataset merged (naive)':<42}{summary(naive)}")
    print(f"{'now: touched subjects only (uncached)':<42}{summary(touched)}")


if __name__ == "__main__":
    main()
