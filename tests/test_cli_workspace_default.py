"""Every command reads the current workspace unless given --data or --store, and a command that
writes (ingest --merge, dedupe --apply, claim add) writes it as one logged write of its kind, which
`store undo` takes back. Each test runs in a fresh AGX_HOME (tests/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.cli import main
from graph.dedupe import write_decisions
from graph.load import write_dataset
from graph.model import Dataset, Decision
from graph.store import open_store
from graph.workspace import current_workspace
from tests.conftest import HANDOVER
from tests.test_dedupe import CLAIMS, PEOPLE, SOURCES

SECOND = "Karel Novak attended the partner meeting on 14 July 2021."  # about the person HANDOVER adds


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def kinds() -> list[str]:
    """The current workspace's writes, newest first, by kind."""
    store = open_store(current_workspace().url)
    try:
        return [record.kind for record in store.history()]
    finally:
        store.close()


def article(tmp_path: Path, text: str, name: str) -> tuple[str, ...]:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return ("ingest", str(path), "--source-url", f"https://example.org/{name}", "--published", "2021-07-15")


def subjects(folder: Path) -> set[str]:
    return {claim["subject"] for claim in json.loads((folder / "proposals.json").read_text())}


def test_ingest_matches_names_in_the_workspace_and_merges_into_it(capsys, tmp_path: Path) -> None:
    code, _, _ = run(capsys, *article(tmp_path, SECOND, "second"), "-o", str(tmp_path / "before"))
    assert code == 0 and kinds() == ["import"], "proposed tables only: nothing written"
    code, out, err = run(capsys, *article(tmp_path, HANDOVER, "handover"), "--title", "A handover", "--merge")
    assert code == 0, err
    assert "as write 2: 3 claims, 1 entities, 1 sources" in out and "store undo" in out
    assert kinds() == ["article merge", "import"]
    store = open_store(current_workspace().url)
    try:
        novak = store.search("Karel Novak", limit=1)[0].id
        assert novak not in subjects(tmp_path / "before")
    finally:
        store.close()
    code, _, _ = run(capsys, *article(tmp_path, SECOND, "second"), "-o", str(tmp_path / "after"))
    assert code == 0 and novak in subjects(tmp_path / "after"), "the merged person is known now"
    code, out, _ = run(capsys, "store", "undo")
    assert code == 0 and kinds()[0] == "article merge"  # kept in the log, marked undone
    code, out, _ = run(capsys, "stats")
    assert "104 entities" in out


def test_ingest_says_what_it_needs_and_keeps_data_and_folders_working(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, *article(tmp_path, SECOND, "second"))
    assert code == 1 and "Give -o OUT_DIR for the proposed tables to review, or --merge" in err
    code, _, err = run(capsys, *article(tmp_path, SECOND, "second"), "--merge", "--data", "data/nato")
    assert code == 1 and "--data is only read" in err
    code, out, err = run(
        capsys, *article(tmp_path, SECOND, "second"), "--data", "data/nato", "-o", str(tmp_path / "out")
    )
    assert code == 0 and "Wrote" in out, err
    assert kinds() == ["import"], "--data and -o: nothing written to the workspace"


def people_workspace(capsys, tmp_path: Path) -> None:
    folder = write_dataset(Dataset(PEOPLE, CLAIMS, SOURCES), tmp_path / "people")
    assert run(capsys, "workspace", "new", "People", str(folder))[0] == 0
    assert run(capsys, "workspace", "open", "People")[0] == 0


def test_dedupe_lists_and_applies_decisions_in_the_workspace(capsys, tmp_path: Path) -> None:
    people_workspace(capsys, tmp_path)
    code, out, _ = run(capsys, "dedupe", "--limit", "1")
    assert code == 0 and out.startswith("3 candidate pair(s) among 4 entities"), "the workspace, not data/"
    decisions = write_decisions(
        [Decision("person:a", "person:c", "same", "me", "2024-06-01", "rank only")], tmp_path / "mine.csv"
    )
    code, _, err = run(capsys, "dedupe", "--apply", str(decisions), "-o", str(tmp_path / "out"))
    assert code == 1 and "-o OUT_DIR goes with --data FOLDER" in err
    code, out, err = run(capsys, "dedupe", "--apply", str(decisions))
    assert code == 0, err
    assert "Wrote 1 decisions to sqlite:///" in out and "merged away 1 entities" in out
    assert kinds() == ["decision", "import"]
    code, out, _ = run(capsys, "dedupe")
    assert out.startswith("1 candidate pair(s) among 3 entities") and "1 decision(s)" in out
    code, out, _ = run(capsys, "dedupe", "--apply", str(decisions))
    assert code == 0 and "Nothing to write" in out and kinds() == ["decision", "import"], "written once"
    assert run(capsys, "store", "undo")[0] == 0
    code, out, _ = run(capsys, "dedupe")
    assert out.startswith("3 candidate pair(s) among 4 entities")
    code, out, _ = run(capsys, "dedupe", "--data", str(tmp_path / "people"), "--limit", "1")
    assert code == 0 and out.startswith("3 candidate pair(s) among 4 entities"), "--data as before"


def test_a_claim_added_without_a_store_goes_to_the_workspace(capsys) -> None:
    code, out, err = run(
        capsys,
        "claim",
        "add",
        "state:AUT",
        "attended",
        "event:partners-meeting-2021-07",
        "--source",
        "nato-partners-meeting-2021",
        "--note",
        "seen in the photographs",
    )
    assert code == 0, err
    assert "Wrote edit 2 to sqlite:///" in out and "NATO.sqlite" in out
    assert kinds() == ["edit", "import"]


def test_show_lists_the_workspace_notes_and_retracted_claims(capsys) -> None:
    """`show` on the current workspace (held whole in memory) still lists what only its store holds:
    the entity's notes, and with --retracted its retracted claims with the reason."""
    reason = "not on the published list"
    assert run(capsys, "note", "add", "state:JPN", "Check the invitation list.")[0] == 0
    retract = (
        "claim",
        "retract",
        "state:JPN",
        "invited_to",
        "event:partners-meeting-2021-07",
        "--reason",
        reason,
    )
    assert run(capsys, *retract)[0] == 0
    code, shown, _ = run(capsys, "show", "state:JPN", "--retracted")
    assert code == 0
    assert "Notes:\n  Check the invitation list." in shown
    assert "Retracted claims:" in shown and reason in shown
    assert "was invited to" not in shown.split("Notes:")[0], "the retracted claim leaves the relations"
