"""The app on a saved workspace (AppTest, a temporary AGX_HOME): opened whole within the budget,
every merge, decision and upload written at once with its kind and author, the picker, the
History tab's undo and revert, a read-only file and one that cannot be opened."""

from __future__ import annotations

import hashlib
import io
import threading
import time
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from streamlit.runtime.scriptrunner_utils.exceptions import StopException
from streamlit.testing.v1 import AppTest

import ui.cache
import ui.panels.import_data
import ui.state
from graph.draw import opening_view
from graph.errors import WorkspaceError
from graph.model import Claim, Dataset
from graph.readers import read_upload
from graph.store import open_store
from graph.workspace import current_workspace, list_workspaces
from tests.conftest import (
    CLAIMS,
    ENTITIES,
    HANDOVER,
    SOURCES,
    open_tab,
    propose,
    texts,
    view_counts,
    workspace_picker,
)

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SOURCE = "nato-partners-meeting-2021"  # a source of the bundled data
SECOND = "Karel Novak attended the partner meeting on 14 July 2021."  # about the person HANDOVER adds


pytestmark = pytest.mark.usefixtures("home")


def started() -> AppTest:
    return AppTest.from_file(APP, default_timeout=120).run()


def data_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "data").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def merged(at: AppTest, text: str = HANDOVER, title: str = "A handover") -> AppTest:
    propose(at, text, title=title)
    return at.button(key="w_merge").click().run()


def test_the_app_opens_the_current_workspace_whole_made_from_the_bundled_data(home) -> None:
    before = data_digest()
    at = started()
    assert not at.exception and not at.error
    assert view_counts(at).startswith("104 entities and 214 relations in view, as of any date")
    assert [workspace.name for workspace in list_workspaces()] == ["NATO"]
    assert current_workspace().path.is_relative_to(home)
    assert workspace_picker(at).value == "NATO"
    at.pills(key="w_preset").set_value("excluded").run()
    assert view_counts(at).startswith("47 entities and 107 relations in view, as of 2021-07-14")
    assert data_digest() == before, "the bundled data is the template, never written"


def test_a_merge_is_written_at_once_with_its_kind_and_author_and_seen_by_a_new_session() -> None:
    at = merged(started())
    assert not at.exception
    assert any("Written to the workspace NATO as write" in item.value for item in at.success)
    assert view_counts(at).startswith("105 entities and 216 relations")
    again = started()  # another tab, or the page reloaded: a new session
    assert view_counts(again).startswith("105 entities and 216 relations")
    history = open_tab(again, "History").dataframe[0].value
    assert history.iloc[0]["kind"] == "article merge"
    assert history.iloc[0]["who"] == "Ada Analyst"
    assert history.iloc[0]["note"] == "A handover"
    assert int(history.iloc[0]["claims"]) == 3


def test_a_write_from_elsewhere_shows_on_the_next_rerun() -> None:
    at = started()
    assert view_counts(at).startswith("104 entities and 214 relations")
    store = open_store(current_workspace().url)
    try:
        store.write(
            Dataset(
                claims=(Claim("state:AUT", "member_of", "alliance:nato", start="2030-01-01", source=SOURCE),)
            ),
            author="cli",
            note="from the command line",
            kind="edit",
        )
    finally:
        store.close()
    at.run()
    assert not at.exception
    assert view_counts(at).startswith("104 entities and 215 relations"), "the new claim is drawn"
    history = open_tab(at, "History").dataframe[0].value
    assert history.iloc[0]["who"] == "cli"


def test_taking_back_an_import_asks_first_with_what_it_brought() -> None:
    """The workspace's first write is the bundled dataset's import: one click on Undo would have
    emptied the workspace for good. It asks first; "Keep it" changes nothing; confirmed, it is done.
    An earlier import picked for Revert asks the same way."""
    at = open_tab(started(), "History")
    first = at.dataframe[0].value.set_index("write").loc[1]
    assert at.button(key="w_history_undo").label.startswith("Undo the last write (1: import")
    at.button(key="w_history_undo").click().run()
    assert not at.exception
    asked = texts(at.warning)
    brought = f"{first['entities']} entities, {first['claims']} claims and {first['sources']} sources"
    assert (
        "Write 1 (import: the bundled dataset)" in asked
        and brought in asked
        and "until it is redone" in asked
    )
    assert view_counts(at).startswith("104 entities and 214 relations"), "nothing taken back yet"
    at.button(key="w_history_keep").click().run()
    assert not texts(at.warning) and view_counts(at).startswith("104 entities and 214 relations")

    at = merged(at)  # a later write: the import is now reverted, not undone
    open_tab(at, "History")
    at.selectbox(key="w_revert_pick").set_value(1).run()
    at.button(key="w_history_revert").click().run()
    assert (
        "Write 1 (import" in texts(at.warning)
        and at.button(key="w_history_confirm").label == "Revert write 1"
    )
    at.button(key="w_history_confirm").click().run()
    assert not at.exception
    refusal = texts(at.error)
    assert "The revert was refused; nothing changed." in refusal, "the merge names entities the import added"
    assert (
        at.button(key="w_history_undo")
        .click()
        .run()
        .button(key="w_history_undo")
        .label.startswith("Undo the last write (1: import")
    ), "a merge is undone at once, without asking"
    at.button(key="w_history_undo").click().run()
    at.button(key="w_history_confirm").click().run()
    assert not at.exception
    assert any("Write 1 was undone" in item.value for item in at.success)
    assert view_counts(at).startswith("0 entities")

    # Undone is not lost: Redo writes the import again, as a new write.
    redo = next(box for box in at.selectbox if box.label == "An undone write")
    assert redo.value == 1 and redo.options[0].startswith("1: import"), "the last undone comes first"
    at.button(key="w_history_redo").click().run()
    assert not at.exception
    assert "Write 1 was written again as write" in texts(at.success)
    assert view_counts(at).startswith("104 entities and 214 relations"), "the workspace as it was"
    log = at.dataframe[0].value.set_index("write")
    newest = log.index.max()
    assert log.loc[1, "undone"] == f"redone as {newest}" and log.loc[newest, "kind"] == "import"
    assert log.loc[newest, "note"].startswith("redo of write 1")


def test_undo_the_last_write_and_a_refused_revert_names_the_later_write() -> None:
    at = merged(started())
    at = merged(at, SECOND, title="A visit")
    assert not at.exception
    after_two = view_counts(at)
    open_tab(at, "History")
    records = at.dataframe[0].value
    first, second = int(records.iloc[1]["write"]), int(records.iloc[0]["write"])
    at.selectbox(key="w_revert_pick").set_value(first).run()
    at.button(key="w_history_revert").click().run()
    assert not at.exception
    refusal = texts(at.error)
    assert "The revert was refused; nothing changed." in refusal and str(second) in refusal, refusal
    assert view_counts(at) == after_two, "a refusal changes nothing"
    assert at.session_state["w_tab"] == "History"
    at.button(key="w_history_undo").click().run()
    assert any(f"Write {second} was undone" in item.value for item in at.success)
    assert view_counts(at).startswith("105 entities and 216 relations")
    log = open_tab(at, "History").dataframe[0].value.set_index("write")
    assert log.loc[second, "undone"] == "yes" and log.loc[first, "undone"] == ""


def test_an_earlier_write_no_later_write_touched_is_reverted() -> None:
    at = merged(started())
    store = open_store(current_workspace().url)
    try:  # a later write about something else
        store.write(
            Dataset(
                claims=(Claim("state:AUT", "member_of", "alliance:nato", start="2030-01-01", source=SOURCE),)
            ),
            author="cli",
            kind="edit",
        )
    finally:
        store.close()
    log = open_tab(at, "History").dataframe[0].value
    merge_write = int(log[log["kind"] == "article merge"].iloc[0]["write"])
    at.selectbox(key="w_revert_pick").set_value(merge_write).run()
    at.button(key="w_history_revert").click().run()
    assert not at.exception
    assert any(f"Write {merge_write} was reverted" in item.value for item in at.success), texts(at.error)
    assert view_counts(at).startswith("104 entities and 215 relations"), "the later write stays"


def test_an_entity_shows_its_history_in_the_details_panel() -> None:
    at = merged(started())
    store = open_store(current_workspace().url)
    try:
        node = next(entity for entity in store.dataset().entities if "novak" in entity.id)
    finally:
        store.close()
    at.selectbox(key="w_search").set_value(node.id).run()
    assert not at.exception
    expander = next(item for item in at.expander if item.label.startswith("History ("))
    assert "article merge by Ada Analyst: A handover" in texts(expander.markdown)


def test_a_duplicate_decision_is_a_write_of_kind_decision() -> None:
    entities = ENTITIES + "state:turkey,state,Turkey,,\nstate:TUR,state,Türkiye,Turkey|Turkiye,\n"
    claims = (
        CLAIMS
        + "state:TUR,member_of,alliance:nato,1952-02-18,,s-nato,para 6,\n"
        + "state:turkey,member_of,alliance:nato,1952,,s-article,para 9,\n"
    )
    at = started()
    upload(at, [("entities.csv", entities), ("claims.csv", claims), ("sources.csv", SOURCES)])
    assert workspace_picker(at).value == "entities"
    at.session_state["w_tab"] = "Build"
    at.session_state["w_build_tab"] = "Duplicates"
    at.run()
    at.button(key="w_dedupe_same").click().run()
    assert not at.exception
    assert view_counts(at).startswith("10 entities")
    history = open_tab(at, "History").dataframe[0].value
    assert list(history["kind"])[:2] == ["decision", "import"]


def upload(at: AppTest, files: list[tuple[str, str]]) -> AppTest:
    at.session_state["w_tab"] = "Import"
    at.run()
    at.file_uploader(key="w_upload").set_value([(name, text.encode(), "text/csv") for name, text in files])
    return at.run()


def test_an_upload_whose_reading_was_stopped_is_read_on_the_next_run_and_saved_once(monkeypatch) -> None:
    """A click stops the run that reads an upload (Streamlit raises its StopException at the next
    yield point); the next run, before any widget is drawn, reads it again and opens it as one
    workspace, and a later run does not read it a third time."""
    real_read, calls = ui.panels.import_data.read_upload, []

    def stopped_once(files):
        calls.append(1)
        if len(calls) == 1:
            raise StopException()  # as Streamlit's yield point does when a newer request arrives
        return real_read(files)

    monkeypatch.setattr(ui.panels.import_data, "read_upload", stopped_once)
    tables = [("entities.csv", ENTITIES), ("claims.csv", CLAIMS), ("sources.csv", SOURCES)]
    at = upload(started(), tables)
    assert len(calls) == 1 and sorted(workspace.name for workspace in list_workspaces()) == ["NATO"]
    assert at.session_state["upload_work"].pending, "stopped while reading: still to be read"
    at.run()  # the click's run
    assert not at.exception
    assert len(calls) == 2, "read again"
    assert sorted(workspace.name for workspace in list_workspaces()) == ["NATO", "entities"]
    assert workspace_picker(at).value == "entities"
    assert view_counts(at).startswith("9 entities and 9 relations")
    assert "Imported entities.csv, claims.csv, sources.csv as the new workspace entities" in texts(at.success)
    at.run()
    assert len(calls) == 2 and len(list_workspaces()) == 2, "read and saved once"


def test_an_upload_opens_as_a_new_workspace_or_is_merged_into_the_current_one() -> None:
    tables = [("entities.csv", ENTITIES), ("claims.csv", CLAIMS), ("sources.csv", SOURCES)]
    at = upload(started(), tables)
    assert not at.exception
    assert view_counts(at).startswith("9 entities and 9 relations")
    assert sorted(workspace.name for workspace in list_workspaces()) == ["NATO", "entities"]
    assert workspace_picker(at).value == "entities"
    assert current_workspace().name == "NATO", "another tab's upload does not change what new tabs open"
    workspace_picker(at).set_value("NATO").run()
    assert view_counts(at).startswith("104 entities")
    at.radio(key="w_upload_into").set_value("merge").run()
    upload(
        at,
        [
            (
                "entities.csv",
                ENTITIES.splitlines()[0] + "\nstate:XYZ,state,Xyzland,,\nframework:xyz,framework,Xyz,,\n",
            ),
            ("claims.csv", CLAIMS.splitlines()[0] + "\nstate:XYZ,partner_in,framework:xyz,,,s-x,,\n"),
            ("sources.csv", SOURCES.splitlines()[0] + "\ns-x,Xyz,,,,https://example.org/xyz,press\n"),
        ],
    )
    assert not at.exception, at.exception
    assert view_counts(at).startswith("106 entities and 215 relations"), "merged into NATO"
    assert open_tab(at, "History").dataframe[0].value.iloc[0]["kind"] == "import"


def test_the_picker_makes_renames_downloads_and_deletes_after_confirmation() -> None:
    at = started()
    assert not [item for item in at.sidebar.button if str(item.key).startswith("w_workspace")], (
        "until asked for"
    )
    at.sidebar.toggle(key="w_workspace_manage").set_value(True).run()
    at.sidebar.text_input(key="w_workspace_new").input("Scratch").run()
    at.sidebar.button(key="w_workspace_new_bundled").click().run()
    assert workspace_picker(at).value == "Scratch"
    at.sidebar.text_input(key="w_workspace_rename").input("Notes").run()
    at.sidebar.button(key="w_workspace_do_rename").click().run()
    assert not at.exception
    assert sorted(workspace.name for workspace in list_workspaces()) == ["NATO", "Notes"]
    from ui.workspaces import zipped

    with zipfile.ZipFile(io.BytesIO(zipped("Notes"))) as archive:
        assert {"entities.csv", "claims.csv", "sources.csv", "log.csv"} <= set(archive.namelist())
    at.sidebar.button(key="w_workspace_delete").click().run()
    assert sorted(workspace.name for workspace in list_workspaces()) == ["NATO", "Notes"], "asked first"
    assert any("Delete the workspace Notes" in item.value for item in at.sidebar.warning)
    at.sidebar.button(key="w_workspace_confirm").click().run()
    assert not at.exception
    assert [workspace.name for workspace in list_workspaces()] == ["NATO"]
    assert workspace_picker(at).value == "NATO"


def test_a_read_only_workspace_opens_with_a_banner_and_its_write_buttons_off() -> None:
    workspace = current_workspace()
    workspace.path.chmod(0o444)
    at = propose(started())
    assert not at.exception
    assert view_counts(at).startswith("104 entities and 214 relations")
    assert any("is read-only" in item.value for item in at.warning)
    assert at.button(key="w_merge").disabled
    history = open_tab(at, "History")
    assert history.button(key="w_history_undo").disabled


def test_a_workspace_that_cannot_be_opened_gets_a_page_saying_what_to_do() -> None:
    workspace = current_workspace()
    workspace.path.write_bytes(b"this is not a database" * 100)
    at = started()
    assert not at.exception
    assert any("cannot be used" in item.value for item in at.error)
    assert any("Open another workspace" in item.value for item in at.markdown)
    assert workspace_picker(at).value == "NATO", "the picker can open another"


def test_above_the_budget_the_workspace_is_explored_by_search_and_expand(monkeypatch) -> None:
    current_workspace()  # made from the bundled data first: 449 entities and relations
    monkeypatch.setenv("AGX_MAX_ELEMENTS", "100")
    at = started()
    assert not at.exception
    assert view_counts(at).startswith("0 entities"), "nothing is read before it is asked for"
    at.text_input(key="w_store_search").input("Russia").run()
    assert "Russia" in [item.value for item in at.subheader]
    at = merged(at)
    assert any("Written to the workspace NATO as write" in item.value for item in at.success)


def test_a_refused_merge_changes_nothing_and_says_why() -> None:
    at = open_tab(started(), "Build")
    at.text_area(key="w_ingest_text").input("Finland joined NATO on 4 April 2023.").run()
    at.text_input(key="w_ingest_url").input("javascript:alert(1)").run()
    at.button(key="w_propose").click().run()
    at.button(key="w_merge").click().run()
    assert not at.exception
    assert any("The merge was refused" in item.value for item in at.error)
    assert view_counts(at).startswith("104 entities and 214 relations")
    store = open_store(current_workspace().url)
    try:
        assert [record.kind for record in store.history()] == ["import"], "only the workspace's making"
    finally:
        store.close()


def test_whole_graph_is_built_once_per_version(monkeypatch) -> None:
    import ui.cache as cache_module

    at = started()
    calls = []
    original = cache_module.graph_of
    monkeypatch.setattr(cache_module, "graph_of", lambda dataset: calls.append(1) or original(dataset))
    at.pills(key="w_preset").set_value("members").run()
    assert calls == [], "a rerun on the same version builds nothing"


def test_an_upload_is_shown_first_and_saved_at_the_end_of_its_run_without_reading_it_back(
    monkeypatch,
) -> None:
    """The upload's graph is sent before it is written (the first frame does not wait for the
    write); the workspace it becomes is then shown with that same graph: nothing is read back
    from the store and nothing is laid out again."""
    tables = [("entities.csv", ENTITIES), ("claims.csv", CLAIMS), ("sources.csv", SOURCES)]
    at = started()
    at.session_state["w_tab"] = "Import"
    at.run()
    shown_tokens: list[str] = []
    real_payload = ui.cache.payload_for

    def recorded(loaded, token, spec):  # type: ignore[no-untyped-def]
        shown_tokens.append(token)
        return real_payload(loaded, token, spec)

    monkeypatch.setattr(ui.cache, "payload_for", recorded)
    monkeypatch.setattr(ui.cache, "graph_of", lambda dataset: pytest.fail("read back from the store"))
    at.file_uploader(key="w_upload").set_value([(name, text.encode(), "text/csv") for name, text in tables])
    at.run()
    assert not at.exception
    assert shown_tokens and shown_tokens[0].startswith("upload:")
    assert set(shown_tokens) == {shown_tokens[0]}, "the workspace is shown with the upload's own graph"
    assert workspace_picker(at).value == "entities"
    assert view_counts(at).startswith("9 entities and 9 relations")
    assert "Imported entities.csv, claims.csv, sources.csv as the new workspace entities" in texts(at.success)
    store = open_store(next(w for w in list_workspaces() if w.name == "entities").url)
    try:
        assert [record.kind for record in store.history()] == ["import"]
    finally:
        store.close()


def test_an_upload_that_cannot_be_saved_says_so_and_the_workspace_is_shown_again(monkeypatch) -> None:
    def full_disk(*arguments, **keywords):  # type: ignore[no-untyped-def]
        raise WorkspaceError("The disk is full (simulated).")

    monkeypatch.setattr(ui.panels.import_data, "new_workspace_from_dataset", full_disk)
    tables = [("entities.csv", ENTITIES), ("claims.csv", CLAIMS), ("sources.csv", SOURCES)]
    at = upload(started(), tables)
    assert not at.exception
    assert "could not be saved as a workspace: The disk is full (simulated). Nothing was written." in texts(
        at.error
    )
    assert [workspace.name for workspace in list_workspaces()] == ["NATO"]
    assert workspace_picker(at).value == "NATO"
    assert view_counts(at).startswith("104 entities")


def test_a_view_changed_while_an_upload_is_saved_is_kept_when_it_becomes_its_workspace(monkeypatch) -> None:
    """A click while the upload shown is being saved (here: a filter set before the save runs)
    changes the view of that graph; once saved, the workspace is shown with that view, not
    the upload's opening view again."""
    real_save = ui.panels.import_data.save_upload
    monkeypatch.setattr(ui.panels.import_data, "save_upload", lambda: None)  # the save has not run yet
    tables = [("entities.csv", ENTITIES), ("claims.csv", CLAIMS), ("sources.csv", SOURCES)]
    at = upload(started(), tables)
    assert at.session_state["upload_work"].saving is not None
    assert view_counts(at).startswith("9 entities")
    at.sidebar.multiselect(key="w_types").set_value(["state", "alliance"]).run()
    assert view_counts(at).startswith("5 entities")
    monkeypatch.setattr(ui.panels.import_data, "save_upload", real_save)
    at.run()
    assert not at.exception
    assert workspace_picker(at).value == "entities"
    assert view_counts(at).startswith("5 entities"), "the filter set meanwhile stays"
    assert at.session_state["upload_work"].saving is None


def pending_upload(tiny_graph) -> ui.state.PendingSave:
    loaded = ui.state.LoadedGraph(nx.freeze(tiny_graph), "upload:test", "tiny")
    return ui.state.PendingSave("tiny", loaded, opening_view(tiny_graph), "tiny.zip", "dataset usable", "")


def test_an_upload_is_saved_without_any_call_to_streamlit(monkeypatch, tiny_graph) -> None:
    """A run asked to stop raises at its next Streamlit call. The save called one (the cached store,
    with its spinner) between the write and the record of what it wrote: the next run found the
    upload still pending and wrote it again ("There is a workspace … already", the filtered view
    never drawn: bench/large.py, 2 runs in 6). The save now makes no such call, and the graph on
    screen is primed as the version written."""

    def streamlit_cache(url: str):
        raise AssertionError(f"the save called the app's cached store for {url}")

    monkeypatch.setattr(ui.cache, "store_for", streamlit_cache)
    outcome = ui.panels.import_data._saved(pending_upload(tiny_graph))
    assert outcome.message.level == "success" and outcome.workspace == "tiny" and outcome.keep_view
    (workspace,) = [item for item in list_workspaces() if item.name == "tiny"]
    store = open_store(workspace.url)
    try:
        version = store.version()
    finally:
        store.close()
    assert ui.cache.whole(workspace.url, version, "tiny").token == "upload:test", "shown as that version"


def test_an_upload_no_browser_reports_drawn_is_saved_by_the_timer(tiny_graph) -> None:
    """A browser says when it has drawn an upload, and the save waits for that; a closed tab never
    says: the timer saves it all the same, once, and the session's next run opens it."""
    work = ui.state.UploadWork(saving=pending_upload(tiny_graph))
    work.fallback = threading.Timer(0.05, ui.panels.import_data._fallback_save, (work,))
    work.fallback.start()
    deadline = time.monotonic() + 30
    while work.saving is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert work.saving is None and work.fallback is None
    assert work.outcome is not None and work.outcome.workspace == "tiny", work.outcome
    ui.panels.import_data.keep_upload(work)  # a later stop: nothing left to save
    assert [item.name for item in list_workspaces()].count("tiny") == 1


def large_upload(people: int = 6000) -> ui.state.PendingSave:
    """An upload whose write takes a while (people, each a member of one of 40 groups)."""
    entities = ["id,type,label,aliases,description"] + [f"group:{g},body,Group {g},," for g in range(40)]
    entities += [f"person:p{i},person,Person {i},," for i in range(people)]
    claims = ["subject,relation,object,start,end,source,locator,note"] + [
        f"person:p{i},member_of,group:{i % 40},2001-01-01,,s,row {i}," for i in range(people)
    ]
    sources = "id,title,publisher,author,published,url,kind\ns,A register,Us,,2024-01-01,https://example.org,other\n"
    files = [("entities.csv", "\n".join(entities) + "\n"), ("claims.csv", "\n".join(claims) + "\n")]
    G, report = read_upload([(name, text.encode()) for name, text in [*files, ("sources.csv", sources)]])
    assert G is not None, report.format()
    loaded = ui.state.LoadedGraph(nx.freeze(G), "upload:large", "people")
    return ui.state.PendingSave("people", loaded, opening_view(G), "people.zip", report.summary(), "")


def test_an_upload_is_written_in_a_thread_of_its_own_and_the_session_is_not_held() -> None:
    """With a browser, the upload shown is written by a thread of its own, without the session's
    lock: a filter or a click made meanwhile runs at once on the upload as shown (it waited for the
    write before), no second write starts, and the outcome is recorded for the next run."""
    work = ui.state.UploadWork(saving=large_upload())
    with work.lock:
        ui.panels.import_data._write_in_background(work)
        ui.panels.import_data._write_in_background(work)  # a later run's save: the write is under way
    started = time.monotonic()
    with work.lock:  # what the next run's finish_upload takes first
        waited = time.monotonic() - started
        assert work.writing and work.saving is not None, "written in the background, still shown as saving"
    assert waited < 0.2, f"the session waited {waited:.2f} s for the write"
    ui.panels.import_data.keep_upload(work)  # a stopped run: it does not write it a second time
    deadline = time.monotonic() + 60
    while work.writing and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not work.writing and work.saving is None
    assert work.outcome is not None and work.outcome.message.level == "success", work.outcome
    assert work.outcome.workspace == "people" and work.outcome.keep_view
    assert [item.name for item in list_workspaces()].count("people") == 1
