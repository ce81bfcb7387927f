"""The command line on a store prints exactly what it prints on the same data in memory."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from graph.cli import main
from graph.store import SCHEMA_VERSION
from tests.conftest import CLAIMS, write_dataset

ROOT = Path(__file__).resolve().parents[1]
NATO = str(ROOT / "data" / "nato")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(params=["duckdb", "postgres"])
def store_url(request, tmp_path: Path) -> str:
    if request.param == "duckdb":
        return f"duckdb:///{tmp_path}/nato.duckdb"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def nato_store(store_url: str, capsys) -> str:
    code, out, _ = run(capsys, "store", "load", NATO, "--store", store_url, "--author", "tests")
    assert code == 0, out
    assert "Wrote 104 entities, 345 claims, 81 sources and 0 decisions" in out
    return store_url


COMMANDS = [
    ("show", "state:RUS"),
    ("show", "person:wiermann"),
    ("show", "event:partners-meeting-2021-07"),
    ("show", "Österreich"),
    ("search", "rus"),
    ("search", "a", "--limit", "40"),
    ("search", "no such name"),
    ("path", "person:wiermann", "state:RUS"),
    ("path", "state:RUS", "state:FIN", "--limit", "6"),
    ("path", "Austria", "Rob Bauer"),
    ("stats",),
    ("show", "state:XXX"),
    ("show", "partner"),
]


def as_read(result: tuple[int, str, str]) -> tuple[int, str, str]:
    """A command's output without the line that says how a file read ("Import report: …"): a
    store was checked when it was loaded, so it has no such line. An export's size is left out
    too: a store hands rows over in its own order, so a zip compresses to a few bytes more or
    less (the rows themselves are compared apart). Everything else is the same."""
    import re

    code, out, err = result
    lines = [line for line in out.split("\n") if not line.startswith("Import report:")]
    return code, re.sub(r", [\d,]+ bytes\)", ", … bytes)", "\n".join(lines).rstrip("\n")), err


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_a_command_prints_the_same_on_a_store(nato_store: str, capsys, argv: tuple[str, ...]) -> None:
    expected = run(capsys, *argv)
    assert as_read(run(capsys, "--store", nato_store, *argv)) == as_read(expected)
    assert expected[1] or expected[2]


def test_store_after_the_command_and_from_the_environment(nato_store: str, capsys, monkeypatch) -> None:
    expected = run(capsys, "show", "state:RUS")
    assert run(capsys, "show", "state:RUS", "--store", nato_store) == expected
    monkeypatch.setenv("AGX_STORE", nato_store)
    assert run(capsys, "show", "state:RUS") == expected
    # --data names the data explicitly, so it wins over the environment's store
    assert as_read(run(capsys, "stats", "--data", NATO)) == as_read(
        run(capsys, "--store", nato_store, "stats")
    )
    code, _, err = run(capsys, "--store", nato_store, "stats", "--data", NATO)
    assert code == 1 and "Give --data PATH or --store URL, not both." in err


def rows_of(archive: bytes) -> dict[str, list[tuple[str, ...]]]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {
            name: sorted(tuple(row) for row in csv.reader(io.StringIO(opened.read(name).decode("utf-8"))))
            for name in opened.namelist()
        }


@pytest.mark.parametrize(
    "options",
    [
        ("--focus", "state:RUS", "--depth", "2"),
        ("--preset", "excluded"),
        ("--types", "state,alliance", "--relations", "member_of", "--as-of", "2021-07-14", "--hide-isolated"),
    ],
    ids=["focus", "preset", "filters"],
)
def test_export_of_a_view_holds_the_same_tables(nato_store, capsys, tmp_path, options) -> None:
    memory, stored = tmp_path / "memory.zip", tmp_path / "store.zip"
    code, out, _ = run(capsys, "export", "--format", "tables", "-o", str(memory), *options)
    assert code == 0
    on_store = run(capsys, "--store", nato_store, "export", "--format", "tables", "-o", str(stored), *options)
    assert as_read(on_store) == as_read((0, out.replace(str(memory), str(stored)), ""))
    assert rows_of(stored.read_bytes()) == rows_of(memory.read_bytes())


def test_export_names_an_unknown_focus(nato_store: str, capsys, tmp_path: Path) -> None:
    argv = ("export", "--format", "json", "-o", str(tmp_path / "x.json"), "--focus", "Russia Federation")
    expected = run(capsys, *argv)
    assert as_read(run(capsys, "--store", nato_store, *argv)) == as_read(expected)


def test_validate_and_info_and_undo(nato_store: str, capsys) -> None:
    code, out, _ = run(capsys, "validate", "--store", nato_store)
    assert code == 0
    assert "0 error(s), 0 warning(s), 0 info: dataset usable" in out
    assert out.rstrip().endswith("104 entities, 345 claims, 81 sources")
    code, out, _ = run(capsys, "store", "info", "--store", nato_store)
    assert code == 0
    assert f"Schema version: {SCHEMA_VERSION}" in out
    assert "104 entities, 214 relations (edges), 345 claims, 81 sources, 0 decisions, 1 writes" in out
    code, out, _ = run(capsys, "store", "load", NATO, "--store", nato_store)
    assert code == 0 and "already holds everything" in out
    code, out, _ = run(capsys, "store", "undo", "--store", nato_store, "--batch", "2")
    assert code == 1
    code, out, _ = run(capsys, "store", "undo", "--store", nato_store)
    assert code == 0 and "Undid batch 1: removed 104 entities, 345 claims" in out
    code, out, _ = run(capsys, "store", "info", "--store", nato_store)
    assert "0 entities, 0 relations (edges), 0 claims" in out
    code, out, _ = run(capsys, "store", "undo", "--store", nato_store)
    assert code == 1 and "no write to undo" in out


def test_a_refused_dataset_writes_nothing(store_url: str, capsys, tmp_path: Path) -> None:
    broken = write_dataset(
        tmp_path / "broken", claims=CLAIMS + "state:FIN,memberof,alliance:nato,,,s-nato,,\n"
    )
    code, out, _ = run(capsys, "store", "load", str(broken), "--store", store_url)
    assert code == 1
    assert "ERROR claims.csv:14 [relation]: unknown relation 'memberof'." in out
    assert out.rstrip().endswith("Nothing was written.")
    if store_url.startswith("duckdb"):
        assert not Path(store_url.removeprefix("duckdb://")).exists()
    else:
        code, _, err = run(capsys, "store", "info", "--store", store_url)
        assert code == 1 and "holds no claims store yet" in err


@pytest.mark.parametrize("export_format", ["tables", "json"])
def test_a_file_loads_as_with_data(
    store_url, capsys, tmp_path: Path, tiny_folder: Path, export_format
) -> None:
    exported = tmp_path / f"tiny.{'zip' if export_format == 'tables' else 'json'}"
    code, _, _ = run(
        capsys, "export", "--data", str(tiny_folder), "--format", export_format, "-o", str(exported)
    )
    assert code == 0
    code, out, _ = run(capsys, "store", "load", str(exported), "--store", store_url)
    assert code == 0, out
    for argv in (
        ("show", "state:RUS"),
        ("show", "event:meeting"),
        ("stats",),
        ("path", "state:FIN", "person:host"),
    ):
        assert as_read(run(capsys, "--store", store_url, *argv)) == as_read(
            run(capsys, *argv, "--data", str(exported))
        )


def test_commands_that_need_a_dataset_say_so(nato_store: str, capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "validate")  # no PATH, no --store: the current workspace's consistency
    assert code == 0 and "Consistency report for sqlite:///" in out and "NATO.sqlite" in out
    article = tmp_path / "article.txt"
    article.write_text("NATO met.", encoding="utf-8")
    argv = ("ingest", str(article), "--source-url", "https://x.example", "--published", "2021-07-14")
    code, _, err = run(capsys, "--store", nato_store, *argv, "-o", str(tmp_path / "out"))
    assert code == 0 and (tmp_path / "out" / "claims.csv").exists(), "names matched against the store"
    both = ("-o", str(tmp_path / "o2"), "--data", "data/nato")
    code, _, err = run(capsys, "--store", nato_store, *argv, *both)
    assert code == 1 and "Give --data PATH or --store URL, not both." in err


def test_reading_a_missing_store_is_a_clear_error(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "--store", f"duckdb:///{tmp_path}/none.duckdb", "show", "state:RUS")
    assert code == 1
    assert "There is no store at" in err and "python -m graph store load PATH --store" in err
    code, out, _ = run(capsys, "store", "info")  # no --store: the current workspace
    assert code == 0 and "workspaces/NATO.sqlite" in out
