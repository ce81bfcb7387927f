"""Redo: an undone or reverted write written again from what it did (graph/store/sql_redo.py and
the memory store), in every kind of store."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.build import build_graph
from graph.cli import main
from graph.edits import AddNote, EditEntity, Retract, apply_edits
from graph.errors import DatasetError, InputError, WriteConflictError
from graph.model import Claim, Dataset, Decision, Entity, Source
from graph.store import MemoryStore, Store, open_store
from tests.test_edits import KINDS, OPS, TINY, _new_store, _operation, tables

ARTICLE = Dataset(
    (Entity("person:novak", "person", "Karel Novák", ("Novak",)),),
    (
        Claim("person:novak", "national_of", "state:FIN", "source:art", locator="para 2"),
        Claim("state:SWE", "partner_in", "framework:pfp", "source:art", "1994-05-09", role="", note="n"),
    ),
    (Source("source:art", "A handover (example)", url="https://example.org/h", published="2024-03-07"),),
    decisions=(Decision("state:SWE", "state:FIN", "not_same", "ann", "2024-03-08", "two states"),),
)


@pytest.fixture(params=KINDS)
def store(request, tmp_path: Path) -> Iterator[Store]:
    """The tiny dataset in a new store of each kind."""
    made = _new_store(request.param, tmp_path, request)
    yield made
    made.close()


def content(store: Store) -> tuple:
    """What the store says, without who and when (a redo is a new write, by whoever redid it)."""
    entities, claims, sources, retracted, notes, revisions = tables(store)
    return (
        entities,
        claims,
        sources,
        sorted(((r.claim, r.reason, r.on) for r in retracted), key=repr),
        sorted(((n.entity, n.text, n.claim) for n in notes), key=repr),
        sorted(((r.before, r.after, r.source, r.locator, r.note) for r in revisions), key=repr),
        sorted(store.decisions(), key=repr),
    )


def record(store: Store, batch: int):
    return next(entry for entry in store.history() if entry.id == batch)


def test_an_undone_merge_is_redone_as_a_new_write_of_its_kind(store: Store) -> None:
    before = content(store)
    merged = store.write(ARTICLE, author="ann", note="A handover", kind="article merge")
    after = content(store)
    assert after != before
    store.undo(merged.stamp, author="ben")
    assert content(store) == before
    assert record(store, merged.batch).redoable
    again = store.redo(merged.stamp, author="cy")
    assert content(store) == after, "every entity, claim, source and decision back"
    assert (again.entities, again.claims, again.sources, again.decisions) == (1, 2, 1, 1)
    newest = store.history()[0]
    assert (newest.id, newest.kind, newest.author) == (again.batch, "article merge", "cy")
    assert newest.note == f"redo of write {merged.batch}: A handover"
    assert record(store, merged.batch).redone == again.batch and not record(store, merged.batch).redoable
    with pytest.raises(WriteConflictError, match=f"redone already, as write {again.batch}"):
        store.redo(merged.batch)
    store.undo()  # the redo is a write like any other
    assert content(store) == before
    store.redo(again.batch)
    assert content(store) == after


def test_a_hand_edit_is_redone_whole(store: Store) -> None:
    edits = [
        Retract("state:SWE", "member_of", "wrong day", object="alliance:nato"),
        EditEntity("state:FIN", label="Suomi", aliases=("Finland",), reason="the local name"),
        AddNote("Neutral until 2022.", entity="state:SWE"),
    ]
    edited = apply_edits(store, edits, "ann", "corrections")
    after = content(store)
    store.undo()
    before = content(store)
    assert before != after and not store.retracted()
    again = store.redo(edited.batch)
    assert content(store) == after
    assert store.entity("state:FIN").entity.label == "Suomi"
    assert [r.reason for r in store.retracted()] == ["wrong day"]
    assert record(store, again.batch).kind == "edit"


def test_a_reverted_write_is_redone(store: Store) -> None:
    first = store.write(ARTICLE, note="the article", kind="article merge")
    apply_edits(store, [AddNote("Unrelated.", entity="alliance:nato")], "ann")
    after = content(store)
    store.revert(first.stamp)
    store.redo(first.stamp)
    assert content(store) == after


def test_a_redo_that_no_longer_fits_is_refused_and_changes_nothing(store: Store) -> None:
    renamed = apply_edits(store, [EditEntity("state:FIN", label="Suomi", reason="local name")], "ann")
    store.undo()
    apply_edits(store, [EditEntity("state:FIN", label="Finland (state)", reason="clearer")], "bob")
    now = content(store)
    with pytest.raises(WriteConflictError, match="state:FIN was changed since it was read"):
        store.redo(renamed.batch)
    assert content(store) == now and record(store, renamed.batch).redoable, "it may be redone later"

    with pytest.raises(WriteConflictError, match="is not undone"):
        store.redo(store.history()[0].id)
    with pytest.raises(InputError, match="Write 99 is not in"):
        store.redo(99)


def test_a_redo_of_a_write_whose_ids_were_taken_since_is_refused(store: Store) -> None:
    merged = store.write(ARTICLE, kind="article merge")
    store.undo()
    other = Entity("person:novak", "person", "Someone else")
    store.write(Dataset((other,), (), ()), note="another Novák")
    with pytest.raises(DatasetError, match="person:novak"):
        store.redo(merged.batch)
    assert store.entity("person:novak").entity.label == "Someone else"


def test_a_write_undone_by_an_older_version_says_why_it_cannot_be_redone(tmp_path: Path) -> None:
    path = tmp_path / "older.sqlite"
    store = open_store(f"sqlite:///{path}", create=True)
    store.write(TINY, note="load")
    merged = store.write(ARTICLE, kind="article merge")
    store.undo()
    store.close()
    with sqlite3.connect(path) as older:  # as a version before redo left it: nothing kept
        older.execute("DELETE FROM undone_writes")
    older.close()
    store = open_store(f"sqlite:///{path}")
    assert not record(store, merged.batch).redoable
    with pytest.raises(WriteConflictError, match=r"older version of the program.*cannot be redone"):
        store.redo(merged.batch)
    store.close()


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=st.lists(st.lists(OPS, min_size=1, max_size=3), min_size=1, max_size=5))
def test_any_edits_undone_in_turn_then_redone_in_turn_say_what_they_said(
    kind: str, batches: list[list[tuple]]
) -> None:
    path = Path(tempfile.mkdtemp()) / "store.sqlite"  # a new file for each example
    store: Store = (
        MemoryStore(build_graph(TINY)) if kind == "memory" else open_store(f"sqlite:///{path}", create=True)
    )
    if kind == "sqlite":
        store.write(TINY, note="load")
    try:
        original = content(store)
        written = []
        for batch in batches:
            try:
                result = apply_edits(store, [_operation(store, drawn) for drawn in batch], "hypothesis")  # type: ignore[misc]
            except DatasetError:
                continue  # refused whole: nothing was written
            if result.batch is not None:
                written.append(result.batch)
        edited = content(store)
        for _ in written:
            store.undo()
        assert content(store) == original
        for batch in written:  # the first undone last: redone first
            store.redo(batch)
        assert content(store) == edited
        assert store.check().ok
    finally:
        store.close()


def test_the_command_line_redoes_an_undone_import_of_the_workspace(capsys) -> None:
    assert main(["store", "undo"]) == 0  # write 1: the bundled dataset, the whole workspace
    assert "Undid batch 1" in capsys.readouterr().out
    assert main(["store", "history"]) == 0
    assert "[undone; `store redo` writes it again]" in capsys.readouterr().out
    assert main(["store", "redo", "1"]) == 0
    assert "Redid write 1 as write 2: added 104 entities" in capsys.readouterr().out
    assert main(["store", "history"]) == 0
    listed = capsys.readouterr().out
    assert "[undone; redone as write 2]" in listed and "redo of write 1" in listed
    assert main(["store", "redo", "1"]) != 0
    assert "redone already, as write 2" in capsys.readouterr().err
