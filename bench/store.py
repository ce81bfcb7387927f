"""The claims stores side by side: DuckDB and PostgreSQL against the in-memory graph.

Run:  .venv/bin/python bench/store.py                          (10^5 and 10^6 claims, all stores)
      .venv/bin/python bench/store.py --sizes 100000 --queries 50   (a quick run)

For each size, a synthetic dataset of N claims over N/5 entities (bench/synthetic.py:
preferential attachment, dated claims of year, month or day precision, aliases, some
accented) is put into each store, and the same questions are asked of each:

* load: from the dataset in memory to a store ready for queries (for the in-memory
  graph: ``build_graph``; for the databases: ``Store.write``, which derives every edge
  and conflict with ``build_graph`` and writes the tables and indexes in one transaction);
* search: labels (whole), prefixes, word starts, folded aliases and substrings of random
  entities, ``Store.search(text, 10)``;
* expand: ``Store.neighbours([id], depth)`` of random entities, depth 1 and 2 (at most
  2,000 entities returned, as the app would ask);
* view: ``Store.view(ViewSpec(as_of="2000-01-01"), limit=2000)``, an as-of view of 2,000 entities;
* path: ``Store.paths(a, b, max_length=4)`` between random entities;
* write and undo: a reviewed proposal (2 new entities, 20 claims about random stored
  entities, one new source) written in one transaction, then undone (3 times; the
  in-memory store rebuilds its graph for each, once at most per minute of budget);
* memory: the resident memory (VmRSS) of the process with the store open after all the
  queries, and its peak (VmHWM). The databases are queried from a new process that only
  opens the store; the in-memory graph is queried where it was built (the dataset it
  was built from freed first). PostgreSQL's server runs in processes of its own.

The in-memory graph is the baseline. Each store runs in a child process (its memory is
its own). PostgreSQL is a throwaway server (bench/postgres_server.py). Nothing is
asserted; the table is printed at the end with the targets of the store issue.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STORES = ("memory", "duckdb", "postgres")
PLANNED: dict[int, int] = {}  # searches and paths asked per size
BUDGET = 60.0  # seconds of answers per kind of question and store, then it stops asking
TARGETS = {"search p95": 0.100, "expand 1 p95": 0.150, "view": 1.0, "memory": 1024.0}


def memory_mb() -> tuple[float, float]:
    """This process's resident memory now and at its peak (VmRSS, VmHWM), in MB."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            values[line[:5]] = int(line.split()[1]) / 1024
    return values["VmRSS"], values["VmHWM"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# ---- children ----------------------------------------------------------------------------------


def plan(size: int, queries: int, seed: int = 11) -> dict:
    """The questions, the same for every store: search texts, entities to expand, path ends."""
    from bench.synthetic import claims_dataset
    from graph.query import fold

    dataset = claims_dataset(size // 5, size)
    rng = random.Random(seed)
    entities = dataset.entities
    texts = []
    for number in range(queries):
        entity = rng.choice(entities)
        first, second = entity.label.split(" ", 1)
        kind = number % 5
        if kind == 0:
            texts.append(entity.label)
        elif kind == 1:
            texts.append(first[:4])
        elif kind == 2:
            texts.append(second[:5].lower())
        elif kind == 3:
            with_alias = rng.choice([e for e in entities[:5000] if e.aliases])
            texts.append(fold(with_alias.aliases[0]))
        else:
            texts.append(first[1:5].lower())
    ids = [entity.id for entity in entities]
    return {
        "texts": texts,
        "expand": [rng.choice(ids) for _ in range(queries)],
        "paths": [(rng.choice(ids), rng.choice(ids)) for _ in range(max(10, queries // 4))],
    }


def proposals(questions: dict, count: int = 3) -> list:
    """What an analyst merges after review: two new entities and 20 claims about stored ones."""
    from graph.model import Claim, Dataset, Entity, Source

    made = []
    for number in range(count):
        people = (
            Entity(f"person:new{number}a", "person", "New A"),
            Entity(f"person:new{number}b", "person", "New B"),
        )
        source = Source(f"review-{number}", "A reviewed article", url="https://example.org/review")
        claims = tuple(
            Claim(
                people[index % 2].id,
                "attended",
                node,
                source.id,
                start="2021-07-14",
                locator=f"sentence {index}",
            )
            for index, node in enumerate(questions["expand"][number * 20 : number * 20 + 20])
        )
        made.append(Dataset(people, claims, (source,), name="proposal"))
    return made


def ask(store, questions: dict) -> dict:
    """Time every question on an open store."""
    from graph.view import ViewSpec

    timings: dict[str, list[float]] = {
        "search": [],
        "expand 1": [],
        "expand 2": [],
        "view": [],
        "path": [],
        "write": [],
        "undo": [],
    }
    sizes: dict[str, list[int]] = {"expand 1": [], "expand 2": [], "view": [], "path": []}

    def timed(name: str, call):
        started = time.perf_counter()
        result = call()
        timings[name].append(time.perf_counter() - started)
        return result

    def within_budget(name: str) -> bool:
        """A slow store answers fewer questions of a kind (at least 5) rather than for hours."""
        return len(timings[name]) < 5 or sum(timings[name]) < BUDGET

    for text in questions["texts"]:
        if not within_budget("search"):
            break
        timed("search", lambda text=text: store.search(text, 10))
    for depth in (1, 2):
        for node in questions["expand"]:
            if not within_budget(f"expand {depth}"):
                break
            found = timed(f"expand {depth}", lambda node=node, depth=depth: store.neighbours([node], depth))
            sizes[f"expand {depth}"].append(found.graph.number_of_nodes())
    spec = ViewSpec(as_of="2000-01-01")
    for _ in range(5):
        found = timed("view", lambda: store.view(spec, limit=2000))
        sizes["view"].append(found.graph.number_of_edges())
    for first, second in questions["paths"]:
        if not within_budget("path"):
            break
        found = timed("path", lambda first=first, second=second: store.paths(first, second, max_length=4))
        sizes["path"].append(len(found.paths[0]) if found.paths else -1)
    for number, proposal in enumerate(proposals(questions)):
        if number and not within_budget("write"):
            break
        result = timed("write", lambda proposal=proposal: store.write(proposal, author="bench"))
        timed("undo", lambda result=result: store.undo(result.batch))
    return {"timings": timings, "sizes": sizes}


def child(task: dict) -> dict:
    """One measurement in a process of its own (see run_child)."""
    from graph.store import open_store

    if task["step"] == "plan":
        return plan(task["size"], task["queries"])
    questions = json.loads(Path(task["plan"]).read_text())
    if task["step"] == "memory":
        from bench.synthetic import claims_dataset
        from graph.build import build_graph
        from graph.store import MemoryStore

        dataset = claims_dataset(task["size"] // 5, task["size"])
        started = time.perf_counter()
        G = build_graph(dataset)
        load = time.perf_counter() - started
        del dataset
        gc.collect()
        result = ask(MemoryStore(G), questions)
        return result | {"load": load, "memory": memory_mb()}
    if task["step"] == "load":
        from bench.synthetic import claims_dataset

        dataset = claims_dataset(task["size"] // 5, task["size"])
        started = time.perf_counter()
        store = open_store(task["url"], create=True)
        store.write(dataset, note="bench/store.py")
        store.close()
        return {"load": time.perf_counter() - started}
    store = open_store(task["url"])
    opened = memory_mb()
    result = ask(store, questions)
    summary = store.summary()
    store.close()
    return result | {
        "memory": memory_mb(),
        "opened": opened,
        "claims": summary.claims,
        "edges": summary.edges,
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
        return {
            "error": (completed.stderr.strip().splitlines() or ["killed"])[-1],
            "code": completed.returncode,
        }
    return json.loads(completed.stdout.strip().splitlines()[-1])


# ---- the run -------------------------------------------------------------------------------------


def load_average() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def measure(sizes: list[int], stores: list[str], queries: int, folder: Path) -> dict:
    results: dict = {}
    server = None
    if "postgres" in stores:
        from bench.postgres_server import PostgresServer

        server = PostgresServer().start()
    try:
        for size in sizes:
            plan_file = folder / f"plan-{size}.json"
            questions = run_child({"step": "plan", "size": size, "queries": queries}, 600)
            PLANNED[size] = len(questions["texts"]) + len(questions["paths"])
            plan_file.write_text(json.dumps(questions))
            for name in stores:
                print(f"  {size:,} claims, {name} …", file=sys.stderr, flush=True)
                task = {"size": size, "plan": str(plan_file)}
                if name == "memory":
                    results[(size, name)] = run_child(task | {"step": "memory"}, 3600)
                    continue
                if name == "duckdb":
                    url = f"duckdb:///{folder}/store-{size}.duckdb"
                else:
                    assert server is not None
                    url = server.create_database(f"bench_{size}")
                loaded = run_child(task | {"step": "load", "url": url}, 3600)
                if "error" in loaded:
                    results[(size, name)] = loaded
                    continue
                results[(size, name)] = run_child(task | {"step": "query", "url": url}, 3600) | loaded
    finally:
        if server is not None:
            server.stop()
    return results


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def row_figures(result: dict) -> dict[str, float]:
    timings = result["timings"]
    return {
        "search p50": statistics.median(timings["search"]),
        "search p95": percentile(timings["search"], 0.95),
        "expand 1 p50": statistics.median(timings["expand 1"]),
        "expand 1 p95": percentile(timings["expand 1"], 0.95),
        "expand 2 p95": percentile(timings["expand 2"], 0.95),
        "view": statistics.median(timings["view"]),
        "path p50": statistics.median(timings["path"]),
        "path p95": percentile(timings["path"], 0.95),
        "write": statistics.median(timings["write"]),
        "undo": statistics.median(timings["undo"]),
    }


def report(results: dict, sizes: list[int], stores: list[str], started: str, loads: tuple[str, str]) -> None:
    columns = ["search p50", "search p95", "expand 1 p50", "expand 1 p95", "expand 2 p95", "view"]
    columns += ["path p50", "path p95", "write", "undo"]
    print(
        f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, CPython {platform.python_version()}; "
        f"load average (1/5/15 min) {loads[0]} before, {loads[1]} after. Run on {started}."
    )
    print("\n| claims | store | load | " + " | ".join(columns) + " | memory (now / peak) |")
    print("|---" * (len(columns) + 4) + "|")
    for size in sizes:
        for name in stores:
            result = results.get((size, name), {"error": "not run"})
            if "error" in result:
                print(f"| {size:,} | {name} | {result['error']} |" + " |" * (len(columns) + 1))
                continue
            figures = row_figures(result)
            now, peak = result["memory"]
            print(
                f"| {size:,} | {name} | {milliseconds(result['load'])} | "
                + " | ".join(milliseconds(figures[column]) for column in columns)
                + f" | {now:,.0f} / {peak:,.0f} MB |"
            )
    print()
    for size in sizes:
        measured = [results[(size, name)] for name in stores if "timings" in results.get((size, name), {})]
        if not measured:
            continue
        result = measured[-1]
        sizes_seen = result["sizes"]
        found = [length for length in sizes_seen["path"] if length >= 0]
        print(
            f"- {size:,} claims: expansions returned {statistics.median(sizes_seen['expand 1']):.0f} "
            f"entities (median; largest {max(sizes_seen['expand 1']):,}) at depth 1 and "
            f"{statistics.median(sizes_seen['expand 2']):.0f} (largest {max(sizes_seen['expand 2']):,}) "
            "at depth 2; "
            f"the view held {sizes_seen['view'][0]:,} links; {len(found)} of {len(sizes_seen['path'])} pairs "
            f"had a path of at most 4 steps."
        )
        for name in stores:
            timings = results.get((size, name), {}).get("timings")
            if timings and len(timings["search"]) + len(timings["path"]) < PLANNED[size]:
                asked = ", ".join(f"{len(values)} {kind}" for kind, values in timings.items())
                print(f"  - {name} answered fewer questions within {BUDGET:.0f} s a kind: {asked}.")
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        print(f"\nGrowth from {small:,} to {large:,} claims ({large // small}× the data), per query (p50):")
        for name in stores:
            first, last = results.get((small, name), {}), results.get((large, name), {})
            if "timings" not in first or "timings" not in last:
                continue
            a, b = row_figures(first), row_figures(last)
            ratios = ", ".join(
                f"{column.replace(' p50', '')} {b[column] / a[column]:.1f}×"
                for column in ("search p50", "expand 1 p50", "view", "path p50")
            )
            print(f"- {name}: {ratios}; load {last['load'] / first['load']:.1f}×")
    print("\nTargets (store issue, this 2-core machine), at the largest size:")
    for name in stores:
        result = results.get((sizes[-1], name), {})
        if "timings" not in result:
            continue
        figures = row_figures(result)
        figures["memory"] = result["memory"][0]
        verdicts = []
        for target, limit in TARGETS.items():
            value = figures[target]
            shown = f"{value:,.0f} MB" if target == "memory" else milliseconds(value)
            verdicts.append(f"{target} {shown} ({'met' if value < limit else 'missed'})")
        print(f"- {name}: " + "; ".join(verdicts))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100000,1000000", help="claims per dataset, comma-separated")
    parser.add_argument("--stores", default=",".join(STORES), help="which of memory,duckdb,postgres")
    parser.add_argument("--queries", type=int, default=200, help="searches and expansions per store")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(child(json.loads(arguments.child))))
        return
    sizes = [int(size) for size in arguments.sizes.split(",")]
    stores = [name for name in arguments.stores.split(",") if name]
    started = time.strftime("%Y-%m-%d, %H:%M UTC", time.gmtime())
    before = load_average()
    with tempfile.TemporaryDirectory(prefix="agx-bench-store-") as folder:
        results = measure(sizes, stores, arguments.queries, Path(folder))
    report(results, sizes, stores, started, (before, load_average()))


if __name__ == "__main__":
    main()
