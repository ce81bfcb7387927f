"""Does memory come back when a session replaces its upload? Three large uploads in a row.

Run: ``.venv/bin/python bench/upload_memory.py [--nodes 1000000] [--uploads 3]``

The app runs in this process under Streamlit's AppTest (the script, its callbacks and the
shared caches are the server's; only the browser is missing). One session uploads a
node-link JSON file of ``--nodes`` nodes (bench/synthetic.py: about 19 MB for a million),
the app opens its first view (groups, catalogue, payload) and runs once more (the next
click), then the same session uploads another file of the same size, and so on. After each
upload the process's resident memory (VmRSS) is printed, with its peak (VmHWM), the time the
upload took, and whether the previous upload's graph is still alive (a weak reference).
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
import weakref
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

import ui.cache  # noqa: E402  (the app's own module: AppTest runs the script in this process)
from bench.synthetic import node_link_bytes  # noqa: E402


def memory_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1_000_000)
    parser.add_argument("--uploads", type=int, default=3)
    arguments = parser.parse_args()
    os.environ["AGX_HOME"] = tempfile.mkdtemp(prefix="agx-upload-memory-")  # never the user's workspaces
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=1800)
    at.run()
    print(f"app started: RSS {memory_mb('VmRSS'):,.0f} MB")
    previous: weakref.ref | None = None
    rows = []
    for number in range(1, arguments.uploads + 1):
        content = node_link_bytes(arguments.nodes, seed=number)
        name = f"upload-{number}.json"
        started = time.perf_counter()
        at.file_uploader(key="w_upload").set_value([(name, content, "application/json")]).run()
        took = time.perf_counter() - started
        del content
        # AppTest keeps each widget's format function (for its own inspection) until the widget
        # is drawn again, and some of ours close over the graph: one more run, as the next click
        # in a browser would be, lets the previous graph go. A browser session does not need it.
        at.run()
        # Each upload becomes a workspace of its own, shown whole (within the in-memory budget)
        source = at.session_state["source"]
        loaded = ui.cache.whole(source.url, source.version, source.name) if source.whole else None
        assert loaded is not None and loaded.G.number_of_nodes() == arguments.nodes, [
            e.value for e in at.error
        ] or f"{source.name} is not held whole: take fewer --nodes"
        alive = previous is not None and previous() is not None
        previous = weakref.ref(loaded.G)
        del loaded
        gc.collect()
        rows.append((number, took, memory_mb("VmRSS"), memory_mb("VmHWM"), alive))
        print(
            f"upload {number}: {took:.1f} s, RSS {rows[-1][2]:,.0f} MB, peak {rows[-1][3]:,.0f} MB, "
            f"previous upload's graph still alive: {alive if number > 1 else '—'}",
            flush=True,
        )
    first = rows[0][2]
    print(
        "\n| nodes per upload | uploads | RSS after the first | after the last | growth | peak |\n"
        "|---|---|---|---|---|---|\n"
        f"| {arguments.nodes:,} | {arguments.uploads} | {first:,.0f} MB | {rows[-1][2]:,.0f} MB "
        f"| {(rows[-1][2] - first) / first * 100:+.0f} % | {rows[-1][3]:,.0f} MB |"
    )


if __name__ == "__main__":
    main()
