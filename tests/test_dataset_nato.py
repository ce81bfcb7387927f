"""The bundled NATO dataset: integrity, and the questions users ask of it, answered from the data."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest

import graph
from graph.dates import is_valid_date, parse_date
from graph.load import BUNDLED_DATASET, read_dataset
from graph.vocabulary import ATTRIBUTES, RELATIONS

MEETING = "event:partners-meeting-2021-07"
FRAMEWORKS = ("framework:eapc", "framework:pfp", "framework:md", "framework:ici", "framework:patg")


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return nx.freeze(graph.load_graph())


def _rows(name: str) -> list[dict[str, str]]:
    with open(BUNDLED_DATASET / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_validates_without_errors_or_warnings() -> None:
    dataset, report = read_dataset(BUNDLED_DATASET)
    assert dataset is not None
    assert report.errors == [] and report.warnings == [], report.format()


def test_every_claim_is_cited_and_every_citation_resolves() -> None:
    sources = {row["id"]: row for row in _rows("sources.csv")}
    entities = {row["id"] for row in _rows("entities.csv")}
    for line, claim in enumerate(_rows("claims.csv"), start=2):
        assert claim["source"] in sources, f"claims.csv:{line} cites unknown source {claim['source']!r}"
        assert claim["locator"], f"claims.csv:{line} has no locator"
        assert claim["subject"] in entities, f"claims.csv:{line}"
        if claim["relation"] in RELATIONS:
            assert claim["object"] in entities, f"claims.csv:{line} dangles"
        else:
            assert claim["relation"] in ATTRIBUTES, f"claims.csv:{line}"
        for column in ("start", "end"):
            assert not claim[column] or is_valid_date(claim[column]), f"claims.csv:{line} [{column}]"
        if claim["start"] and claim["end"]:
            assert parse_date(claim["start"]) < parse_date(claim["end"]), f"claims.csv:{line}"


def test_every_source_has_an_http_url_and_a_title() -> None:
    for source in _rows("sources.csv"):
        assert source["url"].startswith(("https://", "http://")), source["id"]
        assert source["title"], source["id"]
        assert source["kind"] in ("primary", "secondary", "press"), source["id"]


def test_every_source_and_entity_is_used(G: nx.MultiDiGraph) -> None:
    cited = {claim["source"] for claim in _rows("claims.csv")}
    assert set(G.graph["sources"]) == cited, "a source that no claim cites should not be listed"
    isolated = [node for node in G if G.degree(node) == 0]
    assert isolated == []


def test_every_edge_has_citations(G: nx.MultiDiGraph) -> None:
    for subject, target, data in G.edges(data=True):
        assert data["citations"], (subject, target, data["relation"])


def test_members_on_the_article_date_and_today(G: nx.MultiDiGraph) -> None:
    on_article_date = graph.members(G, "alliance:nato", "2021-07-14")
    assert len(on_article_date) == 30
    assert "state:FIN" not in on_article_date and "state:SWE" not in on_article_date
    assert "state:MKD" in on_article_date
    assert len(graph.members(G, "alliance:nato", "today")) == 32
    assert len(graph.members(G, "alliance:nato", "1949-12-31")) == 12
    assert len(graph.members(G, "alliance:nato", "2020-03-26")) == 29


def test_forty_partners_in_july_2021(G: nx.MultiDiGraph) -> None:
    counts = {framework: len(graph.partners(G, framework, "2021-07-14")) for framework in FRAMEWORKS}
    assert counts == {
        "framework:eapc": 20,
        "framework:pfp": 20,
        "framework:md": 7,
        "framework:ici": 4,
        "framework:patg": 9,
    }
    everyone = set().union(*(graph.partners(G, framework, "2021-07-14") for framework in FRAMEWORKS))
    assert len(everyone) == 40
    members = set(graph.members(G, "alliance:nato", "2021-07-14"))
    assert not everyone & members, "in July 2021 no partner was also a member"


def test_partners_who_later_joined_nato(G: nx.MultiDiGraph) -> None:
    partners_2021 = set().union(*(graph.partners(G, framework, "2021-07-14") for framework in FRAMEWORKS))
    members_today = set(graph.members(G, "alliance:nato", "today"))
    assert partners_2021 & members_today == {"state:FIN", "state:SWE"}
    assert "state:FIN" not in graph.partners(G, "framework:pfp", "today")


def test_who_was_excluded_and_invited(G: nx.MultiDiGraph) -> None:
    assert graph.excluded_from(G, MEETING) == ["state:BLR", "state:RUS"]
    invited_states = [node for node in graph.invited_to(G, MEETING) if G.nodes[node]["type"] == "state"]
    assert len(invited_states) == 38
    invited_frameworks = {
        node for node in graph.invited_to(G, MEETING) if G.nodes[node]["type"] == "framework"
    }
    assert invited_frameworks == {"framework:eapc", "framework:md", "framework:ici", "framework:patg"}
    for node in ("state:RUS", "state:BLR"):
        edge = G.edges[node, MEETING, "excluded_from"]
        assert edge["negative"] is True
        assert "rozoff-2021" in edge["citations"]


def test_who_hosted_the_meeting_and_in_which_office(G: nx.MultiDiGraph) -> None:
    hosts = graph.subjects_of(G, "hosted", MEETING)
    assert "person:wiermann" in hosts
    assert graph.objects_of(G, "person:wiermann", "holds_office", "2021-07-13") == ["body:ims"]
    office = G.edges["person:wiermann", "body:ims", "holds_office"]
    assert office["role"] == "Director General"
    assert (office["start"], office["end"]) == ("2019-07-11", "2022-07-14")
    assert "nato-partners-meeting-2021" in G.edges["person:wiermann", MEETING, "hosted"]["citations"]


def test_chair_of_the_military_committee_over_time(G: nx.MultiDiGraph) -> None:
    assert graph.subjects_of(G, "holds_office", "body:mc", "2021-07-14") == ["person:bauer"]
    assert graph.subjects_of(G, "holds_office", "body:mc", "2020-01-01") == ["person:peach"]
    assert "person:wiermann" in graph.subjects_of(G, "holds_office", "body:mc", "2019-01-01")
    assert graph.subjects_of(G, "holds_office", "body:mc", "today") == ["person:cavo-dragone"]


def test_known_disagreements_are_kept_as_conflicts(G: nx.MultiDiGraph) -> None:
    disputed = dict(graph.conflicts(G))
    assert disputed[MEETING] == ["date"]
    assert {item["value"] for item in G.nodes[MEETING]["facts"]["date"]} == {"2021-07-13", "2021-07-14"}
    assert disputed["person:wiermann"] == ["rank"]
    assert "holds_office → body:mc" in disputed["person:bauer"]
    assert "released" in disputed["publication:nato-2030-agenda"]
    assert "partner_in → framework:ici" in disputed["state:KWT"]


def test_the_summit_and_the_agenda(G: nx.MultiDiGraph) -> None:
    assert G.nodes["event:brussels-summit-2021"]["date"] == "2021-06-14"
    assert graph.objects_of(G, MEETING, "reviews") == ["event:brussels-summit-2021"]
    assert graph.objects_of(G, "publication:nato-2030-agenda", "adopted_at") == ["event:brussels-summit-2021"]


def test_suspensions_are_dated(G: nx.MultiDiGraph) -> None:
    russia = [
        data for _, _, data in G.out_edges("state:RUS", data=True) if data["relation"] == "suspended_from"
    ]
    assert "2014-04-01" in {data["start"] for data in russia}
    belarus = {
        data["start"]
        for _, _, data in G.out_edges("state:BLR", data=True)
        if data["relation"] == "suspended_from"
    }
    assert belarus == {"2021-05-31", "2021-11"}


def test_the_article_and_its_author(G: nx.MultiDiGraph) -> None:
    assert graph.subjects_of(G, "authored", "publication:rozoff-2021") == ["person:rozoff"]
    assert set(graph.objects_of(G, "publication:rozoff-2021", "published_in")) == {
        "organization:anti-bellum",
        "organization:antiwar-com",
    }


def test_notes_do_not_copy_the_seed_article() -> None:
    """Notes are in our own words: no run of eight words may come from the article."""
    article = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article.txt"
    if not article.exists():
        pytest.skip("the seed article is not next to this checkout")
    words = article.read_text(encoding="utf-8").lower().split()
    shingles = {" ".join(words[index : index + 8]) for index in range(len(words) - 7)}
    for claim in _rows("claims.csv"):
        note = claim["note"].lower().split()
        for index in range(len(note) - 7):
            assert " ".join(note[index : index + 8]) not in shingles, claim


def test_the_dataset_readme_lists_every_source() -> None:
    readme = (BUNDLED_DATASET / "README.md").read_text(encoding="utf-8")
    for source in _rows("sources.csv"):
        assert f"`{source['id']}`" in readme, source["id"]
        assert source["url"] in readme, source["id"]
