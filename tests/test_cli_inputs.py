"""`--data` and `validate` take every input the readers read, and refuse the rest in one line."""

from __future__ import annotations

import json
import os

import pytest

import graph.readers
from graph.cli import main


def node_link(path):
    path.write_text(
        json.dumps({"nodes": [{"id": "a"}, {"id": "b"}], "edges": [{"source": "a", "target": "b"}]})
    )
    return path


@pytest.mark.parametrize("name", ["g.json", "g.txt", "g"])
def test_validate_reads_a_graph_file_whatever_its_suffix(tmp_path, capsys, name: str) -> None:
    assert main(["validate", str(node_link(tmp_path / name))]) == 0
    out = capsys.readouterr().out
    assert "dataset usable" in out and "2 entities, 1 claims" in out


def test_stats_and_export_print_the_import_report_summary(tmp_path, capsys) -> None:
    path = node_link(tmp_path / "g.json")
    assert main(["stats", "--data", str(path)]) == 0
    assert "Import report: 0 error(s)" in capsys.readouterr().out
    assert main(["export", "--data", str(path), "--format", "json", "-o", str(tmp_path / "out.json")]) == 0
    assert "Import report: " in capsys.readouterr().out
    assert main(["export", "--data", str(path), "--format", "json", "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert "Import report: " in captured.err and json.loads(captured.out)["nodes"]


def test_devices_and_fifos_are_refused_before_reading(tmp_path, capsys) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        assert main(["stats", "--data", path]) == 1
        error = capsys.readouterr().err
        assert "this is not a regular file" in error and "Traceback" not in error


def test_an_unreadable_file_is_one_clear_line(tmp_path, capsys, monkeypatch) -> None:
    path = node_link(tmp_path / "locked.json")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(graph.readers, "open", denied, raising=False)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "the file cannot be read (Permission denied)" in out
