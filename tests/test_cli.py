"""The command line: each command works on the bundled data and on --data, and errors are clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_validate_bundled_dataset(capsys) -> None:
    code, out, _ = run(capsys, "validate", str(ROOT / "data" / "nato"))
    assert code == 0
    assert "0 error(s), 0 warning(s)" in out


def test_validate_broken_dataset_exits_1_with_located_report(capsys, tmp_path: Path) -> None:
    from tests.conftest import CLAIMS, write_dataset

    folder = write_dataset(tmp_path / "bad", claims=CLAIMS + "state:FIN,memberof,alliance:nato,,,s-nato,,\n")
    code, out, _ = run(capsys, "validate", str(folder))
    assert code == 1
    assert "ERROR claims.csv:14 [relation]: unknown relation 'memberof'." in out
    assert "dataset refused" in out


def test_stats(capsys) -> None:
    code, out, _ = run(capsys, "stats")
    assert code == 0
    assert "104 entities" in out
    assert "member_of          32" in out
    assert "Conflicting claims:" in out and "[event:partners-meeting-2021-07]: date" in out


def test_stats_on_another_dataset(capsys, tiny_folder: Path) -> None:
    code, out, _ = run(capsys, "stats", "--data", str(tiny_folder))
    assert code == 0
    assert out.startswith("9 entities")


def test_show_wiermann_prints_each_fact_with_its_source(capsys) -> None:
    code, out, _ = run(capsys, "show", "person:wiermann")
    assert code == 0
    assert "rank (CONFLICT: sources disagree)" in out
    assert (
        "Hans-Werner Wiermann [person:wiermann] holds an office in International Military Staff [body:ims] "
        "as Director General (2019-07-11 – 2022-07-14)" in out
    )
    assert "https://www.nato.int/cps/en/natohq/news_167904.htm" in out


def test_show_by_name(capsys) -> None:
    code, out, _ = run(capsys, "show", "Wiermann")
    assert code == 0
    assert out.startswith("Hans-Werner Wiermann  [person:wiermann]")


def test_show_the_meeting(capsys) -> None:
    code, out, _ = run(capsys, "show", "event:partners-meeting-2021-07")
    assert code == 0
    assert "date (CONFLICT: sources disagree)" in out
    assert "= 2021-07-13" in out and "= 2021-07-14" in out
    assert "Russia [state:RUS] was excluded from NATO partners' military representatives meeting" in out


def test_show_unknown_entity_is_a_clean_error(capsys) -> None:
    code, _out, err = run(capsys, "show", "zzzz-nothing")
    assert code == 1
    assert err.startswith("error: No entity matches 'zzzz-nothing'")
    assert "Traceback" not in err


def test_path(capsys) -> None:
    code, out, _ = run(capsys, "path", "person:wiermann", "state:RUS")
    assert code == 0
    assert "Path 1 (2 steps):" in out
    assert "Russia [state:RUS] was excluded from" in out


def test_search(capsys) -> None:
    code, out, _ = run(capsys, "search", "osterreich")
    assert code == 0
    assert out.startswith("state:AUT")
    code, out, _ = run(capsys, "search", "qqqqqq")
    assert code == 1


def test_missing_data_path_is_a_clean_error(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "stats", "--data", str(tmp_path / "missing"))
    assert code == 1
    assert "does not exist" in err


def test_refused_dataset_is_a_clean_error(capsys, tmp_path: Path) -> None:
    from tests.conftest import write_dataset

    folder = write_dataset(tmp_path / "bad", sources="")
    code, _, err = run(capsys, "stats", "--data", str(folder))
    assert code == 1
    assert "was refused" in err and "ERROR sources.csv: the file is empty." in err


def test_every_command_is_documented_in_the_manual() -> None:
    manual = (ROOT / "docs" / "command-line.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"python -m graph {name}" in manual, f"docs/command-line.md lacks `python -m graph {name}`"


def test_module_entry_point_runs_without_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "graph", "show", "nothing-here"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
