"""The loader: ids stay strings, and every broken dataset gets an exact, located report entry."""

from __future__ import annotations

from pathlib import Path

import pytest

import graph
from graph.load import read_dataset, write_dataset
from graph.report import Issue
from tests.conftest import CLAIMS, ENTITIES, SOURCES
from tests.conftest import write_dataset as write_tables


def test_tiny_dataset_loads_without_errors(tiny_folder: Path) -> None:
    dataset, report = read_dataset(tiny_folder)
    assert report.ok, report.format()
    assert dataset is not None
    assert len(dataset.entities) == 9
    assert len(dataset.claims) == 12
    assert {source.id for source in dataset.sources} == {"s-nato", "s-article"}
    assert report.issues == []


def test_ids_stay_strings(tmp_path: Path) -> None:
    entities = (
        ENTITIES
        + "007,person,Bond,,\nNA,state,Namibia?,,\nnull,place,Nowhere,,\n"
        + "1,place,One,,\n1.0,place,One point zero,,\n"
    )
    folder = write_tables(tmp_path / "d", entities=entities)
    dataset, report = read_dataset(folder)
    assert report.ok, report.format()
    ids = {entity.id for entity in dataset.entities}
    assert {"007", "NA", "null", "1", "1.0"} <= ids


def test_aliases_are_split_and_trimmed(tiny_folder: Path) -> None:
    dataset = graph.load_dataset(tiny_folder)
    nato = next(entity for entity in dataset.entities if entity.id == "alliance:nato")
    assert nato.aliases == ("North Atlantic Treaty Organization", "the Alliance")


def test_extra_entity_column_becomes_attribute(tmp_path: Path) -> None:
    entities = ENTITIES.replace("description\n", "description,iso3\n", 1).replace(
        "state:FIN,state,Finland,Suomi,\n", "state:FIN,state,Finland,Suomi,,FIN\n"
    )
    entities = "\n".join(
        line if line.count(",") == 5 or not line else line + "," for line in entities.splitlines()
    )
    folder = write_tables(tmp_path / "d", entities=entities + "\n")
    dataset, report = read_dataset(folder)
    assert report.ok, report.format()
    finland = next(entity for entity in dataset.entities if entity.id == "state:FIN")
    assert finland.attributes == (("iso3", "FIN"),)
    assert Issue("info", "entities.csv", 1, "iso3", "the extra column 'iso3' is loaded as an attribute.") in (
        report.issues
    )
    G = graph.load_graph(folder)
    assert G.nodes["state:FIN"]["iso3"] == "FIN"


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "d", entities=b"\xef\xbb\xbf" + ENTITIES.encode())
    dataset, report = read_dataset(folder)
    assert dataset is not None
    assert report.issues == [
        Issue("info", "entities.csv", 1, None, "a UTF-8 byte order mark was found and ignored.")
    ]


def test_write_then_read_gives_the_same_dataset(tiny_folder: Path, tmp_path: Path) -> None:
    dataset = graph.load_dataset(tiny_folder)
    copy = graph.load_dataset(write_dataset(dataset, tmp_path / "copy"))
    assert set(copy.entities) == set(dataset.entities)
    assert set(copy.claims) == set(dataset.claims)
    assert set(copy.sources) == set(dataset.sources)


def test_load_dataset_raises_with_the_whole_report(tmp_path: Path) -> None:
    claims = CLAIMS + "state:XXX,member_of,alliance:nato,,,s-nato,,\nstate:FIN,member_of,alliance:nato,,,,,\n"
    folder = write_tables(tmp_path / "d", claims=claims)
    with pytest.raises(graph.DatasetError) as caught:
        graph.load_dataset(folder)
    text = str(caught.value)
    assert "claims.csv:14 [subject]: unknown entity 'state:XXX'" in text
    assert "claims.csv:15 [source]: the claim has no source." in text
    assert "2 error(s)" in text


def test_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(graph.InputError, match="does not exist"):
        graph.load_graph(tmp_path / "nowhere")


# Each case: a name, the tables to change, and the exact report entry it must produce.
RELATIONS_HINT = "use one of: " + ", ".join(
    list(graph.vocabulary.RELATIONS) + list(graph.vocabulary.ATTRIBUTES)
)
BAD_DATASETS: list[tuple[str, dict[str, str | bytes], Issue]] = [
    (
        "unknown entity in a claim",
        {"claims": CLAIMS + "state:XXX,member_of,alliance:nato,,,s-nato,,\n"},
        Issue(
            "error",
            "claims.csv",
            14,
            "subject",
            "unknown entity 'state:XXX'.",
            "add it to entities.csv or correct the id.",
        ),
    ),
    (
        "unknown object entity",
        {"claims": CLAIMS + "state:FIN,member_of,alliance:natoo,,,s-nato,,\n"},
        Issue(
            "error",
            "claims.csv",
            14,
            "object",
            "unknown entity 'alliance:natoo'.",
            "add it to entities.csv or correct the id.",
        ),
    ),
    (
        "unknown relation",
        {"claims": CLAIMS + "state:FIN,membr_of,alliance:nato,,,s-nato,,\n"},
        Issue("error", "claims.csv", 14, "relation", "unknown relation 'membr_of'.", RELATIONS_HINT + "."),
    ),
    (
        "unknown entity type",
        {"entities": ENTITIES + "thing:x,gadget,A gadget,,\n"},
        Issue(
            "error",
            "entities.csv",
            11,
            "type",
            "unknown entity type 'gadget'.",
            "use one of: " + ", ".join(graph.vocabulary.ENTITY_TYPES) + ".",
        ),
    ),
    (
        "impossible date",
        {"claims": CLAIMS + "state:AUT,member_of,alliance:nato,2021-02-30,,s-nato,,\n"},
        Issue(
            "error",
            "claims.csv",
            14,
            "start",
            "'2021-02-30' is not a real date (day is out of range for month).",
            "write dates as YYYY-MM-DD (or YYYY-MM, YYYY).",
        ),
    ),
    (
        "date in another format",
        {"claims": CLAIMS + "state:AUT,member_of,alliance:nato,14/07/2021,,s-nato,,\n"},
        Issue(
            "error",
            "claims.csv",
            14,
            "start",
            "'14/07/2021' is not an ISO date; write YYYY-MM-DD, YYYY-MM or YYYY.",
            "write dates as YYYY-MM-DD (or YYYY-MM, YYYY).",
        ),
    ),
    (
        "reversed dates",
        {"claims": CLAIMS + "state:AUT,member_of,alliance:nato,2021-01-01,2020-01-01,s-nato,,\n"},
        Issue(
            "error",
            "claims.csv",
            14,
            "end",
            "the end 2020-01-01 is before the start 2021-01-01.",
            "swap them or correct one.",
        ),
    ),
    (
        "claim without a source",
        {"claims": CLAIMS + "state:AUT,member_of,alliance:nato,,,,,\n"},
        Issue(
            "error",
            "claims.csv",
            14,
            "source",
            "the claim has no source.",
            "cite a source id from sources.csv; every claim needs one.",
        ),
    ),
    (
        "claim citing an unknown source",
        {"claims": CLAIMS + "state:AUT,member_of,alliance:nato,,,s-missing,,\n"},
        Issue(
            "error",
            "claims.csv",
            14,
            "source",
            "unknown source 's-missing'.",
            "add it to sources.csv or correct the id.",
        ),
    ),
    (
        "source without a URL",
        {"sources": SOURCES + "s-book,A book,,,,,secondary\n"},
        Issue(
            "warning",
            "sources.csv",
            4,
            "url",
            "source 's-book' has no URL, so readers cannot check it.",
            "add the address of the page or document.",
        ),
    ),
    (
        "source with a javascript URL",
        {"sources": SOURCES + "s-evil,Evil,,,,javascript:alert(1),press\n"},
        Issue(
            "error",
            "sources.csv",
            4,
            "url",
            "the URL 'javascript:alert(1)' of source 's-evil' is not an http(s) address.",
            "use an address that starts with https:// or http://.",
        ),
    ),
    (
        "duplicate entity id",
        {"entities": ENTITIES + "state:FIN,state,Finland again,,\n"},
        Issue(
            "warning",
            "entities.csv",
            11,
            "id",
            "duplicate entity id 'state:FIN' (first defined on line 3); this row is skipped.",
            "merge the two rows or give one a new id.",
        ),
    ),
    (
        "duplicate source id",
        {"sources": SOURCES + "s-nato,Another,,,,https://example.org,press\n"},
        Issue(
            "warning",
            "sources.csv",
            4,
            "id",
            "duplicate source id 's-nato' (first defined on line 2); this row is skipped.",
            "merge the two rows or give one a new id.",
        ),
    ),
    (
        "missing column",
        {"sources": "id,title,publisher,author,published,kind\ns-nato,NATO,NATO,,2021-07-13,primary\n"},
        Issue(
            "error",
            "sources.csv",
            1,
            "url",
            "the required column 'url' is missing.",
            "the header must contain id,title,publisher,author,published,url,kind.",
        ),
    ),
    (
        "extra column in claims",
        {
            "claims": CLAIMS.replace("note\n", "note,confidence\n", 1)
            .replace("\n", ",\n")
            .replace("note,confidence,\n", "note,confidence\n", 1)
        },
        # Extra claim columns are edge attributes (a file's weights, say), kept like entity columns.
        Issue(
            "info", "claims.csv", 1, "confidence", "the extra column 'confidence' is loaded as an attribute."
        ),
    ),
    (
        "duplicate column",
        {"sources": "id,title,title,publisher,author,published,url,kind\n"},
        Issue("error", "sources.csv", 1, "title", "the column 'title' appears twice.", "keep one of them."),
    ),
    (
        "extra field on a row",
        {"claims": CLAIMS + "state:AUT,member_of,alliance:nato,,,s-nato,,,surplus\n"},
        Issue(
            "error",
            "claims.csv",
            14,
            None,
            "the row has 9 fields but the header has 8.",
            "check for a missing or extra comma, or quote cells that contain commas.",
        ),
    ),
    (
        "extra field on the first data row",
        {
            "sources": "id,title,publisher,author,published,url,kind\ns-nato,NATO,NATO,,2021-07-13,https://nato.int,primary,x\n"
        },
        Issue(
            "error",
            "sources.csv",
            2,
            None,
            "the row has 8 fields but the header has 7.",
            "check for a missing or extra comma, or quote cells that contain commas.",
        ),
    ),
    (
        "Latin-1 encoding",
        {"entities": ENTITIES.encode("latin-1")},
        Issue(
            "error",
            "entities.csv",
            6,
            None,
            "the file is not valid UTF-8 (byte 0xD6 at line 6); it looks like Latin-1 or Windows-1252.",
            "save the file as UTF-8.",
        ),
    ),
    (
        "UTF-16 encoding",
        {"sources": SOURCES.encode("utf-16")},
        Issue(
            "error",
            "sources.csv",
            None,
            None,
            "the file is encoded as UTF-16.",
            "save it as UTF-8 (in Excel: 'CSV UTF-8'; in LibreOffice: character set 'Unicode (UTF-8)').",
        ),
    ),
    (
        "NUL bytes",
        {"sources": SOURCES.encode() + b"s-x,\x00\x00,,,,,\n"},
        Issue(
            "error",
            "sources.csv",
            4,
            None,
            "the file contains NUL bytes, so it is binary or not UTF-8 text.",
            "check that this is the right file and save it as UTF-8 CSV.",
        ),
    ),
    (
        "semicolon separated",
        {"sources": SOURCES.replace(",", ";")},
        Issue(
            "error",
            "sources.csv",
            1,
            None,
            "the header has one column that contains ';': the file is separated by semicolons.",
            "save it with commas as separators.",
        ),
    ),
    (
        "unterminated quote",
        {"claims": CLAIMS + 'state:AUT,member_of,alliance:nato,,,s-nato,"para 1,\n'},
        Issue(
            "error",
            "claims.csv",
            14,
            None,
            "the CSV cannot be parsed (unexpected end of data); a quote is probably not closed.",
            'close the quote, or double quotes inside a quoted cell ("").',
        ),
    ),
    (
        "empty file",
        {"sources": ""},
        Issue(
            "error",
            "sources.csv",
            None,
            None,
            "the file is empty.",
            "it needs a header row: id,title,publisher,author,published,url,kind.",
        ),
    ),
    (
        "empty id",
        {"entities": ENTITIES + ",state,Nameless,,\n"},
        Issue("error", "entities.csv", 11, "id", "the id is empty.", "give every row an id."),
    ),
    (
        "id with spaces",
        {"entities": ENTITIES + "state:new zealand,state,New Zealand,,\n"},
        Issue(
            "error",
            "entities.csv",
            11,
            "id",
            "the id 'state:new zealand' contains spaces or control characters.",
            "use a slug such as state:RUS or person:wiermann.",
        ),
    ),
    (
        "attribute that needs a number",
        {"claims": CLAIMS + "event:meeting,participating_nations,thirty-two,,,s-nato,,\n"},
        Issue(
            "error",
            "claims.csv",
            14,
            "object",
            "'participating_nations' needs a whole number, not 'thirty-two'.",
            "write digits only, e.g. 38.",
        ),
    ),
    (
        "repeated claim",
        {"claims": CLAIMS + "state:AUT,invited_to,event:meeting,,,s-nato,para 5,\n"},
        Issue(
            "warning",
            "claims.csv",
            14,
            None,
            "this claim repeats line 6 and is skipped.",
            "delete one of the two rows.",
        ),
    ),
    (
        "self-loop",
        {"claims": CLAIMS + "state:AUT,partner_in,state:AUT,,,s-nato,,\n"},
        Issue(
            "warning",
            "claims.csv",
            14,
            "object",
            "'state:AUT' partner_in itself (a self-loop).",
            "check the subject and object.",
        ),
    ),
    (
        "entity column clashing with the graph's own names",
        {"entities": "id,type,label,aliases,description,facts\n"},
        Issue(
            "error",
            "entities.csv",
            1,
            "facts",
            "the column 'facts' clashes with a name the graph uses for its own data.",
            "rename the column (for a sourced value, make it a claim instead).",
        ),
    ),
    (
        "missing table",
        {"sources": None},
        Issue(
            "error",
            "sources.csv",
            None,
            None,
            "the file is missing from {folder}.",
            "a dataset folder needs entities.csv, claims.csv, sources.csv.",
        ),
    ),
]


@pytest.mark.parametrize(
    ("changes", "expected"), [case[1:] for case in BAD_DATASETS], ids=[case[0] for case in BAD_DATASETS]
)
def test_bad_dataset_reports_the_exact_entry(tmp_path: Path, changes: dict, expected: Issue) -> None:
    folder = tmp_path / "bad"
    tables = {"entities": ENTITIES, "claims": CLAIMS, "sources": SOURCES} | changes
    write_tables(folder, tables["entities"], tables["claims"], tables["sources"])
    if tables["sources"] is None:
        (folder / "sources.csv").unlink(missing_ok=True)
    expected = Issue(
        expected.severity,
        expected.file,
        expected.line,
        expected.column,
        expected.message.replace("{folder}", str(folder)),
        expected.hint,
    )
    dataset, report = read_dataset(folder)
    assert expected in report.issues, report.format()
    if expected.severity == "error":
        assert dataset is None, "a dataset with errors must be refused as a whole"
    else:
        assert dataset is not None, report.format()


def test_at_least_fifteen_bad_datasets() -> None:
    assert len(BAD_DATASETS) >= 15


def test_a_broken_table_does_not_flood_the_report(tmp_path: Path) -> None:
    """When entities.csv cannot be read at all, claims are not each reported as unknown."""
    folder = write_tables(tmp_path / "d", entities=ENTITIES.encode("utf-16"))
    _, report = read_dataset(folder)
    assert len(report.errors) == 1
    assert report.errors[0].file == "entities.csv"


def test_report_format_names_file_line_column_and_fix() -> None:
    issue = Issue("error", "claims.csv", 12, "relation", "unknown relation 'x'.", "use one of: a, b.")
    assert issue.format() == "ERROR claims.csv:12 [relation]: unknown relation 'x'. Fix: use one of: a, b."
