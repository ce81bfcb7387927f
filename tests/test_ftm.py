"""FollowTheMoney in and out: files written with the followthemoney library itself, our NATO
tables through FtM and back, bad input named by line and field, the command line."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
from followthemoney import model

import graph
from graph.cli import main
from graph.export import EXPORTERS, export_view
from graph.load import load_dataset
from graph.readers import read_file, read_path
from graph.view import ViewSpec

ROOT = Path(__file__).resolve().parents[1]
BAUER_URL = "https://www.nato.int/cps/en/natohq/who_is_who_182240.htm"
MC_URL = "https://www.nato.int/cps/en/natohq/topics_49633.htm"


def entity(schema: str, entity_id: str, **properties) -> dict:
    """An FtM entity made by followthemoney (its values cleaned by the library)."""
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for prop, value in properties.items():
        proxy.add(prop, value)
    return proxy.to_dict()


def lines(*entities: dict) -> bytes:
    return "".join(json.dumps(item) + "\n" for item in entities).encode()


@pytest.fixture
def officials() -> bytes:
    """A Person with a nationality holding a Position through a dated Occupancy with a source URL,
    and an organisation's dated Membership of another."""
    return lines(
        entity("Person", "p-bauer", name="Rob Bauer", nationality="nl"),
        entity("PublicBody", "mc", name="NATO Military Committee"),
        entity("Organization", "nato", name="NATO", alias="OTAN"),
        entity("Position", "chair-mc", name="Chair of the Military Committee", organization="mc"),
        entity(
            "Occupancy",
            "occ-bauer",
            holder="p-bauer",
            post="chair-mc",
            startDate="2021-06-25",
            endDate="2025-01-17",
            sourceUrl=BAUER_URL,
            publisher="NATO",
            retrievedAt="2025-02-01",
        ),
        entity(
            "Membership",
            "mem-mc",
            member="mc",
            organization="nato",
            role="highest military authority",
            startDate="1949-10",
            sourceUrl=MC_URL,
            publisher="NATO",
        ),
    )


def claims_of(dataset) -> dict[tuple[str, str, str], tuple]:
    sources = {source.id: source for source in dataset.sources}
    return {
        (claim.subject, claim.relation, claim.object): (
            claim.start,
            claim.end,
            claim.role,
            sources[claim.source].url,
        )
        for claim in dataset.claims
    }


def test_officials_written_with_followthemoney_load_with_claims_dates_and_citations(officials) -> None:
    dataset, report = read_file("officials.ftm.json", officials)
    assert report.ok, report.format()
    types = {item.id: item.type for item in dataset.entities}
    assert types == {
        "p-bauer": "person",
        "mc": "body",
        "nato": "organization",
        "state:NLD": "state",
    }
    claims = claims_of(dataset)
    assert claims[("p-bauer", "holds_office", "mc")] == (
        "2021-06-25",
        "2025-01-17",
        "Chair of the Military Committee",
        BAUER_URL,
    )
    assert claims[("mc", "member_of", "nato")] == ("1949-10", None, "highest military authority", MC_URL)
    assert claims[("p-bauer", "national_of", "state:NLD")][3] == ""  # cites the file: the Person has no URL
    source = next(item for item in dataset.sources if item.url == BAUER_URL)
    assert source.publisher == "NATO" and "retrieved 2025-02-01" in source.title
    assert "cite the file itself" in report.format()
    G = graph.readers.graph_of(dataset)
    assert G.nodes["nato"]["aliases"] == ["OTAN"]


def test_the_export_of_that_graph_validates_and_gives_back_the_same_dates_and_urls(officials) -> None:
    dataset, _ = read_file("officials.ftm.json", officials)
    G = graph.readers.graph_of(dataset)
    written = export_view(G, ViewSpec(), "ftm")
    schemas = []
    for line in written.decode().splitlines():
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)  # followthemoney cleans every value again
        assert proxy.to_dict()["properties"] == data["properties"], "no value was invalid"
        assert proxy.schema.validate(data) is None
        schemas.append(data["schema"])
    assert {"Person", "Occupancy", "Position", "Membership", "PublicBody", "Article"} <= set(schemas)
    occupancy = next(json.loads(line) for line in written.decode().splitlines() if '"Occupancy"' in line)
    assert occupancy["properties"]["startDate"] == ["2021-06-25"]
    assert occupancy["properties"]["sourceUrl"] == [BAUER_URL]
    assert occupancy["properties"]["publisher"] == ["NATO"]
    again, report = read_file("again.ftm.json", written)
    assert report.ok, report.format()
    assert claims_of(again) == claims_of(dataset)
    assert {item.id: item.type for item in again.entities} == {
        item.id: item.type for item in dataset.entities
    }


def test_nato_tables_through_ftm_and_back_keep_every_entity_claim_date_and_source() -> None:
    written = export_view(graph.load_graph(), ViewSpec(), "ftm")
    for line in written.decode().splitlines():
        data = json.loads(line)
        assert model.get_proxy(data, cleaned=False).to_dict()["properties"] == data["properties"]
    back, report = read_file("nato.ftm.json", written)
    assert report.ok and not report.warnings, report.format()
    original = load_dataset()
    assert set(back.entities) == set(original.entities)
    assert set(back.sources) == set(original.sources)

    def unlocated(claims):  # FtM has no place for a locator (para 2, page 4): it is the one loss
        return {dataclasses.replace(claim, locator="") for claim in claims}

    assert unlocated(back.claims) == unlocated(original.claims)
    assert len(back.claims) == len(original.claims)


def test_a_json_array_of_entities_is_read_whatever_the_suffix(officials) -> None:
    array = json.dumps([json.loads(line) for line in officials.decode().splitlines()]).encode()
    for name in ("entities.json", "export.txt", "aleph"):
        dataset, report = read_file(name, array)
        assert report.ok and ("p-bauer", "holds_office", "mc") in claims_of(dataset)
    dataset, _ = read_file("stream.txt", officials)
    assert ("mc", "member_of", "nato") in claims_of(dataset)


def test_events_other_links_notes_and_unmapped_properties_are_read_or_said() -> None:
    content = lines(
        entity("Person", "ada", name="Ada", birthDate="1950-02-01", country="fr"),
        entity("Company", "acme", name="Acme", jurisdiction="de", incorporationDate="1990"),
        entity(
            "Event",
            "summit",
            name="Summit",
            date="2021-06-14",
            involved="ada",
            organizer="acme",
            location="Brussels, Belgium",
            sourceUrl="https://example.org/summit",
        ),
        entity("Ownership", "own-1", owner="ada", asset="acme", startDate="2001"),
        entity("UnknownLink", "u-1", subject="ada", object="acme", role="adviser"),
        entity("Note", "note-1", entity="ada", name="rank", description="General"),
        entity("Vessel", "ship", name="Ship"),
    )
    dataset, report = read_file("mixed.ftm.json", content)
    assert report.ok, report.format()
    claims = claims_of(dataset)
    assert claims[("ada", "attended", "summit")][3] == "https://example.org/summit"
    assert ("acme", "hosted", "summit") in claims
    assert ("acme", "located_in", "state:DEU") in claims and ("ada", "located_in", "state:FRA") in claims
    place = next(item for item in dataset.entities if item.type == "place")
    assert place.label == "Brussels, Belgium" and ("summit", "held_in", place.id) in claims
    assert ("summit", "date", "2021-06-14") in claims and ("acme", "founded", "1990") in claims
    assert claims[("ada", "related_to", "acme")][:3] in ((None, None, "adviser"), ("2001", None, "Ownership"))
    assert ("ada", "rank", "General") in claims
    ada = next(item for item in dataset.entities if item.id == "ada")
    assert dict(ada.attributes) == {"ftm:birthDate": "1950-02-01"}
    text = report.format()
    assert "Vessel (not read) ×1" in text and "Ownership (read as related_to) ×1" in text
    assert "Person.birthDate ×1" in text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n{"id": "b", oops}\n', "line 2"),
        (
            b'{"id": "a", "schema": "Person", "properties": {"name": ["A"], "birthDate": ["1950-13-45"]}}\n',
            "line 1: properties.birthDate",
        ),
        (
            b'{"id": "a", "schema": "Person", "properties": {"name": ["A"], "colour": ["red"]}}\n',
            "line 1: properties.colour",
        ),
        (
            b'{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n'
            b'{"id": "b", "schema": "Persn", "properties": {}}\n',
            "line 2: Persn",
        ),
        (
            b'[{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}, '
            b'{"schema": "Person", "properties": {}}]',
            "entry 2",
        ),
    ],
)
def test_bad_input_is_named_by_line_and_field(content: bytes, expected: str) -> None:
    _, report = read_file("bad.ftm.json", content)
    assert expected in report.format()


def test_followthemoney_is_imported_only_when_an_ftm_file_is_read_or_written() -> None:
    code = (
        "import sys, graph, graph.readers, graph.export, graph.cli; "
        "graph.load_graph(); assert 'followthemoney' not in sys.modules, 'imported at start'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_command_line_validates_counts_loads_and_exports_ftm(tmp_path, capsys, officials) -> None:
    path = tmp_path / "officials.jsonl"
    path.write_bytes(officials)
    assert main(["validate", str(path)]) == 0
    assert "dataset usable" in capsys.readouterr().out
    assert main(["stats", "--data", str(path)]) == 0
    assert "4 entities" in capsys.readouterr().out.replace("entities:", "entities")
    store = f"duckdb:///{tmp_path}/ftm.duckdb"
    assert main(["store", "load", str(path), "--store", store]) == 0
    assert "Wrote 4 entities, 3 claims" in capsys.readouterr().out
    target = tmp_path / "out.ftm.json"
    assert main(["export", "--data", str(path), "--format", "ftm", "-o", str(target)]) == 0
    dataset, report = read_path(target)
    assert report.ok and claims_of(dataset)[("p-bauer", "holds_office", "mc")][0] == "2021-06-25"
    assert EXPORTERS["ftm"].extension == "ftm.json"


def test_the_apps_upload_takes_ftm_files(officials) -> None:
    for name in ("officials.ftm.json", "officials.jsonl", "officials.ftm"):
        assert f".{name.rpartition('.')[2]}" in graph.readers.SUFFIXES, "the upload widget offers it"
        G, report = graph.readers.read_upload([(name, officials)])
        assert G is not None and report.ok, report.format()
        assert G.nodes["p-bauer"]["type"] == "person"
        assert any(data["role"] == "Chair of the Military Committee" for _, _, data in G.edges(data=True))


def test_the_app_loads_an_uploaded_ftm_file_and_exports_it(officials) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.file_uploader(key="w_upload").set_value([("officials.ftm.json", officials, "application/json")]).run()
    assert not at.exception and not at.error, [item.value for item in at.error]
    line = next(item.value for item in at.markdown if "in view, as of" in item.value)
    assert "4 entities and 3 relations in view" in line
    at.session_state["w_tab"] = "Export"  # a closed tab is not drawn (ui/side_panel.py)
    at.run()
    assert f"{EXPORTERS['ftm'].description} (.ftm.json)" in at.selectbox(key="w_export_format").options


def test_opensanctions_nested_targets_are_unnested() -> None:
    """``targets.nested.json`` puts adjacent entities inside the properties, without the link
    back to the parent (the Occupancy has no holder: it sits in the Person's positionOccupancies)."""
    position = entity("Position", "pos-minister", name="Minister of Defence", country="ee")
    occupancy = entity(
        "Occupancy",
        "occ-1",
        startDate="2022-07-18",
        endDate="2024-07-23",
        sourceUrl="https://example.org/ministers",
    )
    occupancy["properties"]["post"] = [position]
    person = entity("Person", "p-1", name="Hanno Pevkur", nationality="ee")
    person["properties"]["positionOccupancies"] = [occupancy]
    dataset, report = read_file("targets.nested.json", lines(person, person))
    assert report.ok, report.format()
    claims = claims_of(dataset)
    assert claims[("p-1", "holds_office", "state:EST")] == (
        "2022-07-18",
        "2024-07-23",
        "Minister of Defence",
        "https://example.org/ministers",
    )
    assert ("p-1", "national_of", "state:EST") in claims
