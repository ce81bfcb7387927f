"""A review in progress is kept: the draft as text (graph/ingest/draft.py), one per author in every
kind of store (graph/store/drafts.py), and the app that saves it as the reviewer works and finds
it again after a reload (ui/panels/review_draft.py)."""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path

import networkx as nx
import pytest
import streamlit
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from bench.ingest_eval import CORPUS, extract_item
from graph.ingest import extract
from graph.ingest.draft import (
    ArticleForm,
    DraftError,
    ReviewDraft,
    draft_from_json,
    draft_to_json,
    proposal_to_json,
)
from graph.ingest.workflow import add_claim, add_entity
from graph.store import MemoryStore, open_store
from graph.store.sqlite_store import _writer_lock
from graph.workspace import current_workspace, list_workspaces, new_workspace
from tests.conftest import HANDOVER, open_tab, propose, texts, workspace_picker

ROOT = Path(__file__).resolve().parents[1]
PASSAGE = HANDOVER + " Sweden has long worked closely with the Partnership for Peace, and Ukraine too."


@pytest.fixture(scope="module")
def proposal(nato):
    made = extract(PASSAGE, title="A handover", url="https://example.org/h", published="2024-03-07", G=nato)
    grown, _ = add_entity(made, "person", "Radosław Sikorski", nato)
    return add_claim(grown, "state:SWE", "partner_in", "framework:pfp", 1, start="1994-05-09")


def _draft(proposal) -> ReviewDraft:
    form = ArticleForm(proposal.text, "A handover", "https://example.org/h", "2024-03-07", "NATO", "Ana")
    return ReviewDraft(form, proposal, {0: {"accept": False, "role": "Deputy"}, 2: {"start": ""}}, True)


# ---- the draft as text ----------------------------------------------------------------------------


def test_a_review_reads_back_whole(proposal) -> None:
    draft = _draft(proposal)
    again = draft_from_json(draft_to_json(draft))
    assert again == draft
    assert (
        again.proposal.new_entities == proposal.new_entities and again.proposal.mentions == proposal.mentions
    )
    assert again.proposal.claims[0].spans == proposal.claims[0].spans, "the evidence's marked words too"
    assert draft_from_json(draft_to_json(ReviewDraft(ArticleForm("only typed")))).form.text == "only typed"
    assert draft_to_json(draft, proposal_to_json(proposal)) == draft_to_json(draft), (
        "its proposal kept as text"
    )
    assert ReviewDraft(ArticleForm()).is_empty() and not ReviewDraft(ArticleForm(title="x")).is_empty()


edit = st.fixed_dictionaries(
    {},
    optional={
        "accept": st.booleans(),
        "relation": st.sampled_from(["member_of", "holds_office", "partner_in"]),
        "object": st.text(max_size=20),
        "start": st.one_of(st.none(), st.text(max_size=12)),
        "role": st.text(max_size=20),
    },
)


@settings(max_examples=60, deadline=None)
@given(
    edits=st.dictionaries(st.integers(0, 3), edit, max_size=4),
    defaults=st.sampled_from([True, False, None]),
    title=st.text(max_size=30),
)
def test_any_ticks_and_edits_read_back_as_they_were(proposal, edits, defaults, title) -> None:
    draft = ReviewDraft(ArticleForm(proposal.text, title), proposal, edits, defaults)
    assert draft_from_json(draft_to_json(draft)) == draft


def _broken(proposal, change) -> str:
    data = json.loads(draft_to_json(_draft(proposal)))
    change(data)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("change", "field", "said"),
    [
        (lambda d: d.update(format=2), "format", "newer than this program reads"),
        (lambda d: d["form"].update(text=["a"]), "form.text", "expected text"),
        (
            lambda d: d["proposal"]["claims"][0].update(sentence=99),
            "proposal.claims[0].sentence",
            "is not one",
        ),
        (lambda d: d["proposal"]["claims"][1].pop("relation"), "proposal.claims[1].relation", "missing"),
        (
            lambda d: d["proposal"]["claims"][0].update(confidence="high"),
            "proposal.claims[0].confidence",
            "number",
        ),
        (
            lambda d: d["proposal"]["mentions"][0].update(end=10**6),
            "proposal.mentions[0]",
            "outside the text",
        ),
        (lambda d: d["proposal"]["sentences"].__setitem__(0, [0]), "proposal.sentences[0]", "pair"),
        (lambda d: d["edits"].update({"999": {}}), "edits.999", "there is no row 999"),
        (lambda d: d["edits"]["0"].update(accept="yes"), "edits.0.accept", "not a tick"),
        (lambda d: d["edits"]["0"].update(subject="state:X"), "edits.0.subject", "not a tick"),
        (lambda d: d.update(defaults="all"), "defaults", "true or false"),
        (lambda d: d["form"].update(published="14 July 2021"), "form.published", "YYYY-MM-DD"),
    ],
)
def test_a_draft_this_version_cannot_read_is_refused_naming_the_field(proposal, change, field, said) -> None:
    with pytest.raises(DraftError, match=said) as refused:
        draft_from_json(_broken(proposal, change))
    assert refused.value.field == field
    with pytest.raises(DraftError, match="not JSON"):
        draft_from_json('{"format": 1, "form": ')


@pytest.mark.skipif(not CORPUS.exists(), reason="no shared corpus")
def test_the_review_of_every_published_text_of_the_corpus_reads_back_whole(nato) -> None:
    texts = sorted(CORPUS.glob("*.txt"))
    for path in texts:
        _, made, _ = extract_item({"file": path.name}, nato)
        source = made.source
        form = ArticleForm(made.text, source.title, source.url, source.published, source.publisher)
        edits = {row: {"accept": row % 2 == 0, "role": "Ambassador"} for row in range(len(made.claims))}
        draft = ReviewDraft(form, made, edits, None)
        assert draft_from_json(draft_to_json(draft)) == draft, path.name
    assert len(texts) >= 40


# ---- in every kind of store -----------------------------------------------------------------------


def _kept_per_author(store) -> None:
    before = store.version()
    assert store.draft("ana") is None
    store.save_draft("ana", "first")
    store.save_draft("ana", "second ✓ ł")
    store.save_draft("ben", "his")
    assert store.draft("ana").body == "second ✓ ł" and store.draft("ben").body == "his"
    assert store.version() == before and not store.history(), "a draft is not a write of the data"
    store.drop_draft("ana")
    store.drop_draft("nobody")
    assert store.draft("ana") is None and store.draft("ben").body == "his"


def test_each_author_has_one_draft_in_memory() -> None:
    _kept_per_author(MemoryStore(nx.MultiDiGraph()))


@pytest.mark.parametrize("scheme", ["sqlite", "duckdb"])
def test_each_author_has_one_draft_in_an_embedded_store_and_it_survives_reopening(tmp_path, scheme) -> None:
    url = f"{scheme}:///{tmp_path / 'store.db'}"
    store = open_store(url, create=True)
    _kept_per_author(store)
    store.save_draft("ana", "kept")
    store.close()
    store = open_store(url)
    assert store.draft("ana").body == "kept" and store.draft("ben").body == "his"
    store.close()


def test_each_author_has_one_draft_in_postgres(postgres_url) -> None:
    store = open_store(postgres_url, create=True)
    _kept_per_author(store)
    store.close()


def test_a_read_only_store_keeps_no_draft(tmp_path) -> None:
    path = tmp_path / "ro.sqlite"
    open_store(f"sqlite:///{path}", create=True).close()
    path.chmod(0o444)
    try:
        store = open_store(f"sqlite:///{path}")
        assert store.read_only
        with pytest.raises(Exception, match="read"):
            store.save_draft("ana", "x")
    finally:
        path.chmod(0o644)


# ---- in the app -----------------------------------------------------------------------------------


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()


def field(at: AppTest, label: str):
    """The article form's field by its label (its key changes when a review is put back)."""
    return next(widget for widget in [*at.text_area, *at.text_input] if widget.label == label)


def _reviewed() -> AppTest:
    """A review under way: an article proposed, every row unticked, one claim added by hand."""
    at = propose(_app(), text=PASSAGE, title="A handover")
    at.button(key="w_accept_none").click().run()
    at.selectbox(key="w_missed_subject").set_value("state:SWE")
    at.selectbox(key="w_missed_relation").set_value("partner_in")
    at.selectbox(key="w_missed_object").set_value("framework:pfp").run()
    at.text_input(key="w_missed_start").input("1994-05-09").run()
    at.button(key="w_missed_add_claim").click().run()
    assert not at.exception
    return at


@pytest.mark.usefixtures("home")
def test_a_review_is_back_as_it_was_left_after_a_reload_and_merges_from_there() -> None:
    before = _reviewed()
    table = before.data_editor[0].value
    assert table["accept"].tolist() == [False, False, False, True]

    at = open_tab(_app(), "Build")  # a reload: a new session on the same workspace
    assert not at.exception
    assert field(at, "Article text").value == PASSAGE
    assert field(at, "Title").value == "A handover"
    assert field(at, "Address (URL)").value == "https://example.org/handover"
    assert "Your review of A handover, saved" in texts(at.info)
    assert "4 claims proposed, 1 ticked" in texts(at.info)
    again = at.data_editor[0].value
    assert again["accept"].tolist() == [False, False, False, True]
    assert again.drop(columns="accept").equals(table.drop(columns="accept")), "every row as it was"
    assert at.button(key="w_merge").label == "Merge 1 accepted claims"

    at.button(key="w_merge").click().run()
    assert not at.exception and ": 1 claims, 0 entities" in texts(at.success)
    after = open_tab(_app(), "Build")
    assert not after.data_editor, "a merged review is not offered again"
    assert field(after, "Article text").value == PASSAGE, "the form stays as it was on screen"


@pytest.mark.usefixtures("home")
def test_clearing_the_article_forgets_the_review() -> None:
    at = _reviewed()
    at.button(key="w_ingest_clear").click().run()
    assert not at.exception and not at.data_editor and field(at, "Article text").value == ""
    store = open_store(current_workspace().url)
    assert store.draft("Ada Analyst") is None
    again = open_tab(_app(), "Build")
    assert field(again, "Article text").value == "" and "is back" not in texts(again.info)


@pytest.mark.usefixtures("home")
def test_each_workspace_keeps_its_own_review() -> None:
    at = _reviewed()
    new_workspace("Other")
    at.run()
    workspace_picker(at).set_value("Other").run()
    assert not at.exception and not at.data_editor, "the review belongs to the workspace it merges into"
    assert field(at, "Article text").value == ""
    nato = next(workspace for workspace in list_workspaces() if workspace.name == "NATO")
    assert open_store(nato.url).draft("Ada Analyst") is not None, "kept where it was made"
    assert open_store(current_workspace().url).draft("Ada Analyst") is None, "nothing to keep here"
    workspace_picker(at).set_value("NATO").run()
    assert field(at, "Article text").value == PASSAGE
    assert not at.exception and at.data_editor[0].value["accept"].tolist() == [False, False, False, True]


@pytest.mark.usefixtures("home")
def test_a_saved_review_this_version_cannot_read_is_kept_until_discarded() -> None:
    store = open_store(current_workspace().url)
    store.save_draft("Ada Analyst", '{"format": 9}')
    at = open_tab(_app(), "Build")
    assert not at.exception
    said = texts(at.warning)
    assert "could not be read (format: version 9, newer than this program reads (1))" in said
    field(at, "Article text").input("Sweden joined.").run()
    assert store.draft("Ada Analyst").body == '{"format": 9}', "nothing is saved over it"
    at.button(key="w_draft_discard").click().run()
    assert not at.exception and "discarded" in texts(at.success)
    assert json.loads(store.draft("Ada Analyst").body)["form"]["text"] == "Sweden joined."


@pytest.mark.usefixtures("home")
def test_a_read_only_workspace_shows_the_review_kept_and_saves_nothing() -> None:
    _reviewed()
    workspace = current_workspace()
    body = open_store(workspace.url).draft("Ada Analyst").body
    workspace.path.chmod(0o444)
    streamlit.cache_resource.clear()  # the stores the server opened for writing (a new server)
    try:
        at = open_tab(_app(), "Build")
        assert not at.exception and "could not be saved" not in texts(at.warning)
        assert at.data_editor[0].value["accept"].tolist() == [False, False, False, True]
        assert at.button(key="w_merge").disabled
        at.button(key="w_accept_all").click().run()
        assert not at.exception and "could not be saved" not in texts(at.warning)
        assert open_store(workspace.url).draft("Ada Analyst").body == body
    finally:
        workspace.path.chmod(0o644)


# ---- never standing still behind another write ----------------------------------------------------


def _held_elsewhere(url: str, seconds: float):
    """A process that holds the store's write transaction for ``seconds`` (started and waited for)."""
    started = multiprocessing.get_context("fork").Event()

    def hold() -> None:
        store = open_store(url)
        with store._writing():
            started.set()
            time.sleep(seconds)

    process = multiprocessing.get_context("fork").Process(target=hold)
    process.start()
    assert started.wait(30)
    return process


@pytest.mark.parametrize("scheme", ["sqlite", "postgres"])
def test_a_draft_is_not_saved_behind_another_processs_write_and_is_saved_after(
    tmp_path, scheme, request
) -> None:
    if scheme == "sqlite":
        url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_url")
    open_store(url, create=True).close()
    store = open_store(url)
    process = _held_elsewhere(url, 3)
    began = time.perf_counter()
    assert store.save_draft("ana", "kept", wait=False) is None
    assert store.drop_draft("ana", wait=False) is False
    assert time.perf_counter() - began < 1, "it does not wait for the other write"
    process.join()
    assert store.save_draft("ana", "kept", wait=False).body == "kept"
    store.close()


def test_a_draft_is_not_saved_behind_a_write_of_this_process(tmp_path) -> None:
    for url in (f"sqlite:///{tmp_path / 'w.sqlite'}", f"duckdb:///{tmp_path / 'w.duckdb'}"):
        store = open_store(url, create=True)
        with store._lock:  # another session's write (an upload saved as a workspace, in a thread)
            assert store.save_draft("ana", "kept", wait=False) is None
        assert store.save_draft("ana", "kept", wait=False).body == "kept"
        store.close()


@pytest.mark.usefixtures("home")
def test_the_app_says_the_review_waits_for_another_write_and_saves_it_after() -> None:
    at = _reviewed()
    workspace = current_workspace()
    before = open_store(workspace.url).draft("Ada Analyst").body
    with _writer_lock(str(workspace.path)):  # another session of this server is writing
        at.button(key="w_accept_all").click().run()
        assert not at.exception
        assert "Another write to the workspace NATO is under way" in texts(at.caption)
        assert open_store(workspace.url).draft("Ada Analyst").body == before, "not saved meanwhile"
    at.run()
    assert "under way" not in texts(at.caption)
    assert json.loads(open_store(workspace.url).draft("Ada Analyst").body)["defaults"] is True
