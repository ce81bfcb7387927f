"""Shared fixtures: tiny datasets written in code, so tests never depend on the bundled data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import settings

from graph.ingest import extract

# Property tests check what holds, not how fast: a per-example deadline only makes them fail
# when the machine is busy (two cores shared with a browser and a database server).
settings.register_profile("agx", deadline=None)
settings.load_profile("agx")

ENTITIES = """id,type,label,aliases,description
alliance:nato,alliance,NATO,North Atlantic Treaty Organization|the Alliance,A military alliance
state:FIN,state,Finland,Suomi,
state:RUS,state,Russia,Russian Federation,
state:BLR,state,Belarus,,
state:AUT,state,Austria,Österreich,
framework:pfp,framework,Partnership for Peace,PfP,
event:meeting,event,Partner meeting,,A meeting of partners
person:host,person,Hans Host,,
body:ims,body,International Military Staff,IMS,
"""

CLAIMS = """subject,relation,object,start,end,source,locator,note
state:FIN,member_of,alliance:nato,2023-04-04,,s-nato,para 1,Finland joined
state:FIN,partner_in,framework:pfp,1994-05-09,2023-04-04,s-nato,para 2,
state:RUS,partner_in,framework:pfp,1994-06-22,,s-nato,para 3,
state:AUT,partner_in,framework:pfp,1995-02-10,,s-nato,para 4,
state:AUT,invited_to,event:meeting,,,s-nato,para 5,
state:RUS,excluded_from,event:meeting,,,s-article,para 8,
state:RUS,excluded_from,event:meeting,,,s-nato,para 5,
state:BLR,excluded_from,event:meeting,,,s-article,para 8,
person:host,hosted,event:meeting,,,s-nato,para 1,
person:host,holds_office,body:ims,2019-07-11,2022-07-14,s-nato,para 1,
event:meeting,date,2021-07-14,,,s-article,para 1,the article's date
event:meeting,date,2021-07-13,,,s-nato,para 1,NATO's date
"""

SOURCES = """id,title,publisher,author,published,url,kind
s-nato,NATO release,NATO,,2021-07-13,https://www.nato.int/release,primary
s-article,An article,Antiwar.com,A. Author,2021-07-14,https://news.example.org/article,press
"""


def write_dataset(
    folder: Path, entities: str = ENTITIES, claims: str = CLAIMS, sources: str = SOURCES
) -> Path:
    """Write three CSV tables (as text, or bytes for encoding tests) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in (("entities.csv", entities), ("claims.csv", claims), ("sources.csv", sources)):
        if content is None:
            continue
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            (folder / name).write_text(content, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def agx_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets a fresh, empty workspace folder (AGX_HOME): no test reads or writes the
    real one, and a command without --data or --store makes its NATO workspace there."""
    home = tmp_path_factory.mktemp("agx_home")
    monkeypatch.setenv("AGX_HOME", str(home))
    return home


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace folder the test can look into (AGX_HOME), and an author for the write log; for
    the app's workspace tests (``pytestmark = pytest.mark.usefixtures("home")``)."""
    folder = tmp_path / "agx-home"
    monkeypatch.setenv("AGX_HOME", str(folder))
    monkeypatch.setenv("AGX_AUTHOR", "Ada Analyst")
    monkeypatch.delenv("AGX_STORE", raising=False)
    return folder


def texts(elements) -> str:
    """What a person reads in these AppTest elements (markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", "\n".join(str(item.value) for item in elements))


def workspace_picker(at):
    """The sidebar's workspace picker (AppTest); its key changes when the app switches workspace."""
    return next(item for item in at.sidebar.selectbox if item.label == "Workspace")


@pytest.fixture
def tiny_folder(tmp_path: Path) -> Path:
    return write_dataset(tmp_path / "tiny")


@pytest.fixture
def tiny_graph(tiny_folder: Path):
    import graph

    return graph.load_graph(tiny_folder)


@pytest.fixture(scope="session")
def nato():
    """The bundled dataset, frozen: a test that tried to change it would fail."""
    import networkx as nx

    import graph

    return nx.freeze(graph.load_graph())


@pytest.fixture(scope="session")
def positions(nato):
    from graph.draw import compute_layout

    return compute_layout(nato)


# A sentence the extraction turns into a new person with an office (tests of the review and merge).
HANDOVER = (
    "Lieutenant General Karel Novak took over from Lieutenant General Janusz Adamczak as Director "
    "General of the International Military Staff."
)


def open_tab(at, name: str):
    """Open a tab of the app's side panel (AppTest) and run: a closed tab is not drawn (ui/side_panel.py)."""
    at.session_state["w_tab"] = name
    return at.run()


def extract_from(nato, text: str, published: str = "2024-05-10"):
    """Extract from a sentence or two of our own, as the extraction rules' tests do."""
    return extract(text, title="t", url="https://example.org/t", published=published, G=nato)


def triples(proposal, relation: str | None = None) -> set[tuple[str, str, str]]:
    """The (subject, relation, object) of a proposal's claims, of one relation or all."""
    return {
        (c.subject, c.relation, c.object)
        for c in proposal.claims
        if relation is None or c.relation == relation
    }


def propose(at, text: str = HANDOVER, title: str | None = None, url: str = "https://example.org/handover"):
    """Paste ``text`` in the app's Build tab (AppTest) with its source, and press Propose."""
    open_tab(at, "Build")
    at.text_area(key="w_ingest_text").input(text).run()
    if title is not None:
        at.text_input(key="w_ingest_title").input(title).run()
    at.text_input(key="w_ingest_url").input(url).run()
    return at.button(key="w_propose").click().run()


def view_counts(at) -> str:
    """The app header's line of counts ("47 entities and 107 relations in view, as of …"), as read."""
    line = next(item.value for item in at.markdown if "in view, as of" in item.value)
    return re.sub(r"\\(.)", r"\1", line.split("\n")[-1])


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server for the session (bench/postgres_server.py), stopped at the end.

    Skipped when Debian's server binaries are missing, unless AGX_REQUIRE_POSTGRES is set
    (scripts/test.sh sets it after installing them), in which case the suite fails.
    """
    import os

    from bench.postgres_server import PostgresServer, find_binaries

    if find_binaries() is None:
        message = "PostgreSQL's server binaries are missing (scripts/test.sh installs Debian's postgresql)"
        if os.environ.get("AGX_REQUIRE_POSTGRES"):
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A new, empty database on the session's server."""
    import uuid

    return postgres_server.create_database(f"test_{uuid.uuid4().hex[:16]}")
