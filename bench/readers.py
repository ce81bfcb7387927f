"""Checking an upload, a merge and a file in memory against the old way (write a temporary
folder, read it back), side by side in one run.

Run: ``.venv/bin/python bench/readers.py [--sizes 2000,20000] [--corpus]``. Each size is a
Barabási–Albert graph as our zipped tables (bench/synthetic.py). Figures are CPU time,
the best of three runs; nothing is asserted. ``--corpus`` also times every file of
../shared/corpus/graph-files (read and build), when that folder is there.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import ba_graph, tables, zipped  # noqa: E402
from graph.build import build_graph, graph_to_dataset  # noqa: E402
from graph.load import read_dataset, write_dataset  # noqa: E402
from graph.readers import check_dataset, read_files, read_upload  # noqa: E402

RUNS = 3


def best(function, runs: int | None = None) -> float:
    """The least CPU time of this process (user + system: file writes included) over the runs.

    CPU time rather than wall time: the machine's two cores are shared with other work, and
    a wall clock measures that work too."""
    times = []
    for _ in range(runs or RUNS):
        started = time.process_time()
        function()
        times.append(time.process_time() - started)
    return min(times)


def upload_through_a_folder(upload: bytes, build: bool = False) -> None:
    """The old check of an upload: unpack the tables to a temporary folder and read it back."""
    with zipfile.ZipFile(io.BytesIO(upload)) as archive, tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "upload"
        root.mkdir()
        for name in archive.namelist():
            (root / name).write_bytes(archive.read(name))
        dataset, report = read_dataset(root)
        assert dataset is not None, report.format()
    if build:
        build_graph(dataset)


def merge_through_a_folder(dataset) -> None:
    """The old check_dataset: write the dataset out, read it back, build its graph."""
    with tempfile.TemporaryDirectory() as folder:
        checked, report = read_dataset(write_dataset(dataset, Path(folder) / "merge"))
        assert checked is not None, report.format()
    build_graph(checked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--corpus", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs (default 3)")
    arguments = parser.parse_args()
    global RUNS
    RUNS = arguments.runs
    print(
        "| nodes | check an upload: temporary folder | in memory | check and build an upload: temporary "
        "folder | in memory | check and build a merge: temporary folder | in memory |"
    )
    print("|---|---|---|---|---|---|---|")
    for size in (int(part) for part in arguments.sizes.split(",")):
        upload = zipped(tables(ba_graph(size)))
        G, report = read_upload([("ba.zip", upload)])
        assert G is not None, report.format()
        dataset = graph_to_dataset(G)
        folder = best(lambda upload=upload: upload_through_a_folder(upload))
        memory = best(lambda upload=upload: read_files([("ba.zip", upload)]))
        built_folder = best(lambda upload=upload: upload_through_a_folder(upload, build=True))
        built_memory = best(lambda upload=upload: read_upload([("ba.zip", upload)]))
        merge_folder = best(lambda dataset=dataset: merge_through_a_folder(dataset))
        merge_memory = best(lambda dataset=dataset: check_dataset(dataset))
        print(
            f"| {size:,} | {folder:.2f} s | {memory:.2f} s | {built_folder:.2f} s | {built_memory:.2f} s "
            f"| {merge_folder:.2f} s | {merge_memory:.2f} s |"
        )
    corpus = ROOT.parent / "shared" / "corpus" / "graph-files"
    if arguments.corpus and corpus.is_dir():
        print("\n| file | nodes | edges | read and build |")
        print("|---|---|---|---|")
        for path in sorted(corpus.iterdir()):
            if path.suffix not in (".gexf", ".graphml", ".json", ".cyjs") or path.name == "expected.json":
                continue
            content = path.read_bytes()
            G, _ = read_upload([(path.name, content)])
            seconds = best(lambda content=content, name=path.name: read_upload([(name, content)]), runs=1)
            nodes, edges = (G.number_of_nodes(), G.number_of_edges()) if G is not None else ("refused", "")
            print(f"| {path.name} | {nodes} | {edges} | {seconds:.2f} s |")


if __name__ == "__main__":
    main()
