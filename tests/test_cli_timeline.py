"""``python -m graph diff`` in its three formats, ``chart``, and ``--reported-by``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest
from PIL import Image

from graph.cli import main
from tests.conftest import write_dataset

BUNDLED_QUESTION = ["diff", "--from", "2021-07-14", "--to", "2024-07-14"]


def test_diff_json_has_the_documented_shape(capsys) -> None:
    assert main([*BUNDLED_QUESTION, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["from", "to", "began", "ended", "undated"]
    assert (data["from"], data["to"]) == ("2021-07-14", "2024-07-14")
    joined = [(c["subject_label"], c["start"]) for c in data["began"] if c["relation"] == "member_of"]
    assert joined == [("Finland", "2023-04-04"), ("Sweden", "2024-03-07")]
    left = sorted((c["subject"], c["object"]) for c in data["ended"] if c["relation"] == "partner_in")
    assert left == [
        ("state:FIN", "framework:eapc"),
        ("state:FIN", "framework:pfp"),
        ("state:SWE", "framework:eapc"),
        ("state:SWE", "framework:pfp"),
    ]
    for claim in (*data["began"], *data["ended"], *data["undated"]):
        assert claim["citations"] and {"subject", "relation", "object", "start", "end"} <= set(claim)


def test_diff_markdown_groups_by_relation_with_footnoted_sources(capsys) -> None:
    assert main(BUNDLED_QUESTION) == 0
    text = capsys.readouterr().out
    assert text.startswith("# What changed between 2021-07-14 and 2024-07-14\n")
    members = text.split("### became member of NATO\n\n")[1].split("\n\n")[0].splitlines()
    assert [line.split(",")[0] for line in members] == ["- Finland", "- Sweden"]
    number = members[0].rsplit("[^", 1)[1].rstrip("]")
    footnote = next(line for line in text.splitlines() if line.startswith(f"[^{number}]: "))
    assert footnote == (
        f"[^{number}]: *Enlargement and Article 10*, NATO, 2024-03-08. "
        "<https://www.nato.int/cps/ru/natohq/topics_49212.htm?selectedLocale=en>"
    )
    assert "### left Partnership for Peace" in text and "### left Euro-Atlantic Partnership Council" in text
    assert "## Undated (" in text


def test_diff_csv_has_one_row_per_claim_with_its_status(tmp_path: Path, capsys) -> None:
    output = tmp_path / "changes.csv"
    assert main([*BUNDLED_QUESTION, "--format", "csv", "-o", str(output)]) == 0
    assert "Wrote" in capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8"))))
    assert main([*BUNDLED_QUESTION, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [row["status"] for row in rows] == (
        ["began"] * len(data["began"]) + ["ended"] * len(data["ended"]) + ["undated"] * len(data["undated"])
    )
    sweden = next(row for row in rows if row["subject"] == "state:SWE" and row["relation"] == "member_of")
    assert (sweden["start"], sweden["citations"], sweden["precision"]) == (
        "2024-03-07",
        "nato-enlargement",
        "day",
    )
    assert list(tmp_path.iterdir()) == [output], "no temporary file is left behind"
    plain = tmp_path / "plain.txt"
    plain.write_bytes(b"x")
    assert output.stat().st_mode == plain.stat().st_mode, "the mode of any new file, not mkstemp's 0600"


def test_diff_2014_names_russias_suspension_and_both_sources(capsys) -> None:
    assert main(["diff", "--from", "2013-12-31", "--to", "2014-12-31", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(c["subject"], c["relation"], c["start"]) for c in data["began"]] == [
        ("state:RUS", "suspended_from", "2014-04-01")
    ]
    assert set(data["began"][0]["dated_by"]) == {"nbc-russia-2014", "nato-russia-2023"}


def test_diff_accepts_today_and_the_view_options(capsys) -> None:
    assert (
        main(
            ["diff", "--from", "2021-07-14", "--to", "today", "--relations", "member_of", "--format", "json"]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["to"] == dt.date.today().isoformat()
    assert {c["relation"] for c in (*data["began"], *data["ended"], *data["undated"])} == {"member_of"}


def test_diff_reported_by_leaves_out_what_was_not_yet_published(capsys) -> None:
    assert main([*BUNDLED_QUESTION, "--reported-by", "2023-12-31", "--format", "json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert not [c for c in data["began"] if c["relation"] == "member_of"], "the source is of 2024-03-08"
    assert "source(s) with no publication date count as not yet published" in captured.err
    assert main([*BUNDLED_QUESTION, "--reported-by", "2024-03-08", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len([c for c in data["began"] if c["relation"] == "member_of"]) == 2


def test_diff_errors_are_clean(capsys, tmp_path: Path) -> None:
    assert main(["diff", "--from", "2024-07-14", "--to", "2021-07-14"]) == 1
    assert "is after the second" in capsys.readouterr().err
    assert main(["diff", "--from", "2021-07-14", "--to", "2024-13-01"]) == 1
    assert "to: '2024-13-01' is not a real date" in capsys.readouterr().err
    assert main([*BUNDLED_QUESTION, "--reported-by", "someday"]) == 1
    assert "reported_by: 'someday' is not an ISO date" in capsys.readouterr().err
    assert main([*BUNDLED_QUESTION, "-o", str(tmp_path / "missing" / "out.md")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main([*BUNDLED_QUESTION, "--focus", "nobody-here"]) == 1
    assert "nobody-here" in capsys.readouterr().err


def test_diff_on_another_dataset(tmp_path: Path, capsys) -> None:
    folder = write_dataset(tmp_path / "tiny")
    assert main(["diff", "--data", str(folder), "--from", "2022-01-01", "--to", "2023-12-31"]) == 0
    text = capsys.readouterr().out
    assert "### became member of NATO\n\n- Finland, 2023-04-04" in text
    assert "### left Partnership for Peace\n\n- Finland, 2023-04-04" in text


def test_export_takes_reported_by(tmp_path: Path, capsys) -> None:
    output = tmp_path / "view.json"
    edge = ("person:cavo-dragone", "person:bauer")
    for when, present in (("2023-09-15", False), ("2023-09-16", True), ("today", True)):
        assert main(["export", "--format", "json", "-o", str(output), "--reported-by", when]) == 0
        data = json.loads(output.read_text(encoding="utf-8"))
        links = data.get("edges") or data.get("links")
        found = any((link["source"], link["target"]) == edge for link in links)
        assert found == present, when
    capsys.readouterr()


def test_chart_writes_svg_and_png(tmp_path: Path, capsys) -> None:
    svg = tmp_path / "members.svg"
    assert main(["chart", "-o", str(svg), "--to", "2025-01-01"]) == 0
    assert "NATO (11 steps)" in capsys.readouterr().out
    root = ET.fromstring(svg.read_bytes())
    markers = [c for c in root.iter("{http://www.w3.org/2000/svg}circle") if c.attrib.get("class") == "step"]
    assert len(markers) > 11
    png = tmp_path / "members.png"
    assert main(["chart", "-o", str(png), "--scale", "0.5", "--types", "state,alliance"]) == 0
    image = Image.open(png)
    assert image.format == "PNG" and image.size == (560, 280)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["members.png", "members.svg"]
    capsys.readouterr()
    assert main(["chart", "-o", str(svg), "--relations", "hosted"]) == 1
    assert "no member_of relation" in capsys.readouterr().err


def test_export_takes_a_comparison_of_two_dates(tmp_path: Path, capsys) -> None:
    output = tmp_path / "changes.svg"
    options = ["--changed-from", "2021-07-14", "--changed-to", "2024-07-14"]
    assert main(["export", "--format", "svg", "-o", str(output), *options]) == 0
    picture = output.read_text(encoding="utf-8")
    assert "began after 2021-07-14, by 2024-07-14" in picture, "the legend says what the colours mean"
    assert (
        main(
            ["export", "--format", "svg", "-o", str(output), "--changed-from", "2024", "--changed-to", "2021"]
        )
        == 1
    )
    assert "changed_from (2024) is after changed_to (2021)" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # diff brings its own two dates
        main([*BUNDLED_QUESTION, "--changed-from", "2021-07-14"])
    assert "unrecognized arguments: --changed-from" in capsys.readouterr().err
