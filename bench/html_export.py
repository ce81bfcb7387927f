"""The standalone HTML export of a large view: file size, export time and first draw in Chromium.

Run: ``.venv/bin/python bench/html_export.py [--sizes 1000,10000]``. For each size it writes
a Barabási–Albert graph (bench/synthetic.py) as our zipped tables, then runs, as a user
would, ``python -m graph export --data ba.zip --format html -o page.html`` (a new process:
reading, layout and export included) and opens the page in headless Chromium with every
non-file request blocked, until the page says it has drawn (``#graph[data-ready]``).
Nothing is asserted; the figures are printed as a table.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.local_app import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from bench.synthetic import ba_graph, tables, zipped  # noqa: E402


def export(data: Path, page: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of the export process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "graph", "export", "--data", str(data), "--format", "html", "-o", str(page)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def first_draw(browser, page_file: Path) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    started = time.perf_counter()
    page.goto(page_file.as_uri())
    page.wait_for_function(
        "() => document.getElementById('graph').dataset.ready === 'true'", timeout=180_000, polling=20
    )
    elapsed = time.perf_counter() - started
    context.close()
    if errors:
        raise RuntimeError(f"the page reported errors: {errors}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="node counts, comma-separated")
    arguments = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="agx-bench-html-") as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for size in (int(part) for part in arguments.sizes.split(",")):
            data = Path(folder) / f"ba-{size}.zip"
            data.write_bytes(zipped(tables(ba_graph(size))))
            page = Path(folder) / f"ba-{size}.html"
            exported, cpu = export(data, page)
            drawn = first_draw(browser, page)
            rows.append((size, page.stat().st_size, exported, cpu, drawn))
        browser.close()
    print(f"Load average before the run: {load[0]:.1f} (2 cores: above 2, other work shares the CPU).")
    print(
        "| nodes | page size | export (CLI process): wall | its CPU time | first draw in Chromium "
        "| total (wall) |"
    )
    print("|---|---|---|---|---|---|")
    for size, bytes_, exported, cpu, drawn in rows:
        cells = [f"{size:,}", f"{bytes_ / 1e6:.1f} MB", f"{exported:.1f} s", f"{cpu:.1f} s", f"{drawn:.1f} s"]
        print("| " + " | ".join([*cells, f"{exported + drawn:.1f} s"]) + " |")


if __name__ == "__main__":
    main()
