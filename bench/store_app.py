"""The explorer on a large claims store: server time of a search and an expand in the app.

Run:  .venv/bin/python bench/store_app.py                        (1,000,000 claims, DuckDB and PostgreSQL)
      .venv/bin/python bench/store_app.py --claims 100000 --searches 20   (a quick run)
      .venv/bin/python bench/store_app.py --store duckdb:///big.duckdb    (a store you already have)

``bench/store.py`` asks the stores directly; this asks the app. A synthetic dataset of N
claims over N/5 entities (bench/synthetic.py, as bench/store.py) is written to a DuckDB
file and to a throwaway PostgreSQL server (bench/postgres_server.py); then, for each
store, a child process runs the app (``app.py`` under Streamlit's AppTest, with
``AGX_STORE`` set, as ``scripts/run.sh -- --store URL`` does) and times, as server time
of one rerun each:

* open: the first run of a session (nothing is read before it is asked for);
* search: the header's search box (``w_store_search``): the store searched, the best
  match fetched with its neighbours, selected, and the page drawn with its details;
* expand: "Expand" in the details panel of the entity just found (``store_expand``):
  its neighbours fetched under the view's filters and the page drawn again.

A session runs ``--per-session`` searches one after another, each followed by an expand,
so what is on screen grows as it does for a person (then a new session starts). The
memory of the app process (VmRSS now, VmHWM peak) is read at the end, with the store open
and every session's graph still cached. Nothing is asserted; the table is printed at the end
with the targets of the store issue (search p95 < 100 ms, expand depth 1 p95 < 150 ms of
the store's own time; app memory < 1 GB). Here the times include drawing the page.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.store import memory_mb, percentile  # noqa: E402

TARGETS = {"search p95": 0.100, "expand p95": 0.150, "memory": 1024.0}


def search_texts(claims: int, count: int, seed: int = 11) -> list[str]:
    """Whole labels, prefixes and word starts of random entities, as a person would type them."""
    from bench.synthetic import claims_dataset

    entities = claims_dataset(claims // 5, claims).entities
    rng = random.Random(seed)
    texts = []
    for number in range(count):
        label = rng.choice(entities).label
        first, second = label.split(" ", 1)
        texts.append((label, first[:5], f"{first} {second[:3]}")[number % 3])
    return texts


def viewed(at) -> int:
    """Entities on screen, from the header's line of counts ("47 entities and 107 relations in view, …")."""
    import re

    for item in at.markdown:
        if "in view, as of" in item.value:
            found = re.search(r"([\d,]+) entities", item.value.split("\n")[-1])
            if found:
                return int(found.group(1).replace(",", ""))
    return -1


def app_child(task: dict) -> dict:
    """In a process of its own: the app on the store, sessions of searches and expands."""
    from streamlit.testing.v1 import AppTest

    os.environ["AGX_STORE"] = task["url"]
    texts = task["texts"]
    opened, searches, expands, on_screen, misses = [], [], [], [], 0
    for first in range(0, len(texts), task["per_session"]):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        started = time.perf_counter()
        at.run()
        opened.append(time.perf_counter() - started)
        if at.exception:
            return {"error": str(at.exception[0].value)}
        for text in texts[first : first + task["per_session"]]:
            started = time.perf_counter()
            at.text_input(key="w_store_search").input(text).run()
            searches.append(time.perf_counter() - started)
            if at.exception:
                return {"error": str(at.exception[0].value)}
            expand = [button for button in at.button if button.key == "store_expand"]
            if not expand:
                misses += 1
                continue
            started = time.perf_counter()
            expand[0].click().run()
            expands.append(time.perf_counter() - started)
            if at.exception:
                return {"error": str(at.exception[0].value)}
        on_screen.append(viewed(at))
    return {
        "open": opened,
        "search": searches,
        "expand": expands,
        "misses": misses,
        "on_screen": on_screen,
        "memory": memory_mb(),
    }


def run_child(task: dict, timeout: float) -> dict:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(task)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )
    if completed.returncode != 0:
        return {"error": (completed.stderr.strip().splitlines() or ["killed"])[-1]}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def load(url: str, claims: int) -> float:
    """Write the synthetic dataset to the store at ``url`` (in this process); seconds taken."""
    from bench.synthetic import claims_dataset
    from graph.store import open_store

    dataset = claims_dataset(claims // 5, claims)
    started = time.perf_counter()
    store = open_store(url, create=True)
    store.write(dataset, note="bench/store_app.py")
    store.close()
    return time.perf_counter() - started


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def report(results: dict[str, dict], claims: int, loads: dict[str, float], before: str) -> None:
    print()
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, CPython {platform.python_version()}; "
        f"load average before: {before}. {claims:,} claims over {claims // 5:,} entities."
    )
    print()
    print(
        "| store | load | open p50 | search p50 | search p95 | expand p50 | expand p95 "
        "| on screen after a session | app memory (now / peak) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, result in results.items():
        if "error" in result:
            print(f"| {name} | {result['error']} |")
            continue
        now, peak = result["memory"]
        cells = [name, f"{loads[name]:.1f} s", milliseconds(percentile(result["open"], 0.5))]
        for kind in ("search", "expand"):
            cells += [milliseconds(percentile(result[kind], share)) for share in (0.5, 0.95)]
        cells.append(f"{min(result['on_screen']):,}–{max(result['on_screen']):,} entities")
        cells.append(f"{now:,.0f} / {peak:,.0f} MB")
        print("| " + " | ".join(cells) + " |")
    print()
    for name, result in results.items():
        if "error" in result:
            continue
        checks = [
            ("search p95", percentile(result["search"], 0.95), milliseconds),
            ("expand p95", percentile(result["expand"], 0.95), milliseconds),
            ("memory", result["memory"][0], lambda value: f"{value:,.0f} MB"),
        ]
        text = "; ".join(
            f"{label} {show(value)} ({'met' if value < TARGETS[label] else 'missed'})"
            for label, value, show in checks
        )
        print(
            f"- {name}: {text}; {len(result['search'])} searches, {len(result['expand'])} expands "
            f"({result['misses']} searches selected nothing)."
        )


def step(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=1_000_000, help="claims in the synthetic store")
    parser.add_argument("--stores", default="duckdb,postgres", help="which of duckdb,postgres")
    parser.add_argument("--store", help="a store URL that already holds data (no synthetic load)")
    parser.add_argument("--searches", type=int, default=60, help="searches (each followed by an expand)")
    parser.add_argument("--per-session", type=int, default=10, help="searches per app session")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(app_child(json.loads(arguments.child))))
        return
    before = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    texts = search_texts(arguments.claims, arguments.searches)
    results: dict[str, dict] = {}
    loads: dict[str, float] = {}
    task = {"texts": texts, "per_session": arguments.per_session}
    if arguments.store:
        loads["given"] = 0.0
        results["given"] = run_child(task | {"url": arguments.store}, timeout=3600)
        report(results, arguments.claims, loads, before)
        return
    with tempfile.TemporaryDirectory(prefix="agx-store-app-") as folder:
        for name in arguments.stores.split(","):
            if name == "duckdb":
                url = f"duckdb:///{Path(folder) / 'bench.duckdb'}"
                step(f"duckdb: loading {arguments.claims:,} claims")
                loads[name] = load(url, arguments.claims)
                step("duckdb: the app")
                results[name] = run_child(task | {"url": url}, timeout=3600)
            elif name == "postgres":
                from bench.postgres_server import PostgresServer

                with PostgresServer() as server:
                    url = server.create_database("agx_bench")
                    step(f"postgres: loading {arguments.claims:,} claims")
                    loads[name] = load(url, arguments.claims)
                    step("postgres: the app")
                    results[name] = run_child(task | {"url": url}, timeout=3600)
    report(results, arguments.claims, loads, before)


if __name__ == "__main__":
    main()
