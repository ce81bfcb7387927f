"""Editing by hand (graph.edits, issue 23): checked as an import, one undoable write each, on
every store (memory, DuckDB and the throwaway PostgreSQL of tests/conftest.py)."""

from __future__ import annotations

import json
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.build import build_graph
from graph.cli import main
from graph.edits import (
    AddClaim,
    AddEntity,
    AddNote,
    AddSource,
    EditEntity,
    FieldProblem,
    Retract,
    apply_edits,
    parse_operation,
    read_edits,
)
from graph.errors import DatasetError, WriteConflictError
from graph.model import Claim, Dataset, Entity, Source
from graph.store import MemoryStore, Store, ViewSpec, open_store, whole_view
from graph.timeline.diff import diff

SOURCES = (
    Source(
        "source:a", "Partners", publisher="Example Press", published="2020-01-01", url="https://example.org/a"
    ),
    Source(
        "source:b", "Members", publisher="Example Press", published="2023-05-01", url="https://example.org/b"
    ),
)
ENTITIES = (
    Entity("state:SWE", "state", "Sweden"),
    Entity("state:FIN", "state", "Finland"),
    Entity("alliance:nato", "alliance", "NATO", ("North Atlantic Treaty Organization",)),
    Entity("framework:pfp", "framework", "Partnership for Peace"),
)
JOINED = Claim("state:SWE", "member_of", "alliance:nato", "source:b", "2024-03-07")
CLAIMS = (
    JOINED,
    Claim("state:FIN", "member_of", "alliance:nato", "source:b", "2023-04-04"),
    Claim("state:SWE", "partner_in", "framework:pfp", "source:a", "1994"),
    Claim("state:FIN", "partner_in", "framework:pfp", "source:a", "1994"),
)
TINY = Dataset(ENTITIES, CLAIMS, SOURCES, name="tiny")
KINDS = ("memory", "sqlite", "duckdb", "postgres")
MakeStore = Callable[[], Store]


@pytest.fixture(params=KINDS)
def store(request, tmp_path: Path) -> Iterator[Store]:
    """The tiny dataset in a new store of each kind."""
    made = _new_store(request.param, tmp_path, request)
    yield made
    made.close()


def _new_store(kind: str, tmp_path: Path, request) -> Store:
    if kind == "memory":
        return MemoryStore(build_graph(TINY))
    if kind == "duckdb":
        url = f"duckdb:///{tmp_path}/edits-{uuid.uuid4().hex[:8]}.duckdb"
    elif kind == "sqlite":
        url = f"sqlite:///{tmp_path}/edits-{uuid.uuid4().hex[:8]}.sqlite"
    else:
        url = request.getfixturevalue("postgres_server").create_database(f"e_{uuid.uuid4().hex[:16]}")
    made = open_store(url, create=True)
    made.write(TINY, author="loader", note="load")
    return made


def edges(store: Store, spec: ViewSpec | None = None) -> set[tuple[str, str, str]]:
    G = store.view(spec or ViewSpec()).graph
    return {(subject, data["relation"], target) for subject, target, data in G.edges(data=True)}


def tables(store: Store) -> tuple:
    """Everything an edit can change, in an order that does not depend on the store."""
    entities = sorted((record.entity for record in map(store.entity, sorted(_ids(store)))), key=repr)
    return (
        entities,
        sorted(store.claims(), key=repr),
        sorted(
            store.sources([source.id for source in SOURCES] + [f"source:new{i}" for i in range(9)]), key=repr
        ),
        store.retracted(),
        store.notes(),
        store.revisions(),
    )


def _ids(store: Store) -> set[str]:
    return {node for node in whole_view(store, ViewSpec()).nodes}


# ---- reading operations ----------------------------------------------------------------------


def test_every_field_problem_names_the_field() -> None:
    cases = {
        '{"op": "add_claim", "subject": "a", "relation": "member_of", "object": "b"}': "source",
        '{"op": "add_claim", "subject": "a", "relation": "date", "object": "b", "value": "2"}': "value",
        '{"op": "retract", "subject": "a", "relation": "member_of", "object": "b"}': "reason",
        '{"op": "note", "claim": {"subject": "a", "relation": "member_of"}, "text": "x"}': "claim.object",
        '{"op": "add_entity", "id": "state:X", "type": "state", "label": "X", "colour": "red"}': "colour",
        '{"op": "rename", "id": "state:X"}': "op",
        '{"op": "edit_entity", "id": "state:X", "label": "Y", "version": "3"}': "version",
    }
    for line, field in cases.items():
        with pytest.raises(FieldProblem) as raised:
            parse_operation(json.loads(line))
        assert raised.value.field == field, line


def test_a_file_with_bad_lines_names_each_line_and_field() -> None:
    lines = [
        '{"op": "note", "entity": "state:SWE", "text": "ok"}',
        "",
        "not json",
        '{"op": "note", "text": "x"}',
    ]
    with pytest.raises(DatasetError) as raised:
        read_edits(lines, "mine.jsonl")
    text = str(raised.value)
    assert "mine.jsonl:3" in text and "mine.jsonl:4 [entity]" in text and "mine.jsonl:1" not in text


# ---- edit apply: one bad line refuses the file -----------------------------------------------

BAD_LINES = {
    "unknown relation": (
        {
            "op": "add_claim",
            "subject": "state:SWE",
            "relation": "allied_with",
            "object": "state:FIN",
            "source": "source:a",
        },
        "relation",
    ),
    "types not allowed": (
        {
            "op": "add_claim",
            "subject": "state:SWE",
            "relation": "member_of",
            "object": "framework:pfp",
            "source": "source:a",
        },
        "relation",
    ),
    "no source": (
        {"op": "add_claim", "subject": "state:SWE", "relation": "partner_in", "object": "framework:pfp"},
        "source",
    ),
    "dates out of order": (
        {
            "op": "add_claim",
            "subject": "state:FIN",
            "relation": "partner_in",
            "object": "framework:pfp",
            "source": "source:new",
            "start": "2024",
            "end": "2020",
        },
        "end",
    ),
}
GOOD_LINES = [
    {
        "op": "add_source",
        "id": "source:new",
        "title": "A new source",
        "published": "2024-05-01",
        "url": "https://example.org/n",
    },
    {
        "op": "retract",
        "subject": "state:SWE",
        "relation": "member_of",
        "object": "alliance:nato",
        "reason": "wrong",
    },
    {"op": "note", "entity": "state:FIN", "text": "Check the date."},
]


@pytest.mark.parametrize("problem", sorted(BAD_LINES))
def test_edit_apply_refuses_a_file_with_one_bad_line(problem: str, tmp_path: Path, capsys) -> None:
    url = f"duckdb:///{tmp_path}/store.duckdb"
    store = open_store(url, create=True)
    store.write(TINY, note="load")
    before = (store.summary(), store.claims(), store.retracted(), store.notes())
    store.close()
    bad, field = BAD_LINES[problem]
    lines = [*GOOD_LINES[:2], bad, GOOD_LINES[2]]
    path = tmp_path / "edits.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    assert main(["edit", "apply", str(path), "--store", url]) == 1
    error = capsys.readouterr().err
    assert f"edits.jsonl:3 [{field}]" in error and "nothing was written" in error
    assert "edits.jsonl:1" not in error and "edits.jsonl:4" not in error
    store = open_store(url)
    try:
        assert (store.summary(), store.claims(), store.retracted(), store.notes()) == before
    finally:
        store.close()


def test_edit_apply_writes_one_undoable_write(tmp_path: Path, capsys) -> None:
    url = f"duckdb:///{tmp_path}/store.duckdb"
    open_store(url, create=True).write(TINY, note="load")
    path = tmp_path / "edits.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in GOOD_LINES), encoding="utf-8")
    assert main(["edit", "apply", str(path), "--store", url, "--author", "ann", "--note", "fix"]) == 0
    assert "1 source, 1 retraction, 1 note" in capsys.readouterr().out
    assert main(["show", "state:SWE", "--retracted", "--store", url]) == 0
    shown = capsys.readouterr().out
    assert "Retracted claims:" in shown and "by ann (write 2): wrong" in shown
    assert main(["show", "state:FIN", "--store", url]) == 0
    assert "Notes:\n  Check the date.  — ann" in capsys.readouterr().out
    assert main(["store", "undo", "--store", url]) == 0
    store = open_store(url)
    try:
        assert store.retracted() == () and store.notes() == () and JOINED in store.claims()
    finally:
        store.close()


def test_the_one_line_forms(tmp_path: Path, capsys) -> None:
    url = f"duckdb:///{tmp_path}/store.duckdb"
    open_store(url, create=True).write(TINY, note="load")
    add = [
        "claim",
        "add",
        "state:SWE",
        "partner_in",
        "framework:pfp",
        "--source",
        "source:b",
        "--start",
        "1994-05-09",
    ]
    assert main([*add, "--locator", "para 3", "--quote", "joined the partnership", "--store", url]) == 0
    assert (
        main(
            ["claim", "retract", "state:SWE", "member_of", "alliance:nato", "--reason", "no", "--store", url]
        )
        == 0
    )
    assert main(["note", "add", "state:SWE", "Two sources disagree on the day.", "--store", url]) == 0
    assert (
        main(["note", "add", "--claim", "state:FIN", "member_of", "alliance:nato", "Check.", "--store", url])
        == 0
    )
    assert (
        main(
            [
                "claim",
                "add",
                "state:SWE",
                "member_of",
                "framework:pfp",
                "--source",
                "source:b",
                "--store",
                url,
            ]
        )
        == 1
    )
    assert "'member_of' does not link a state (state:SWE) to a framework" in capsys.readouterr().err
    store = open_store(url)
    try:
        assert [r.reason for r in store.retracted()] == ["no"]
        assert [n.text for n in store.notes("state:SWE")] == ["Two sources disagree on the day."]
        assert [n.claim for n in store.notes("state:FIN")] == [("state:FIN", "member_of", "alliance:nato")]
        added = store.claims()[-1]
        assert (added.source, added.start, added.locator) == ("source:b", "1994-05-09", "para 3")
    finally:
        store.close()


# ---- retraction: gone from every read, back on undo, still reported before it ----------------


def test_retracted_claims_leave_every_read(store: Store) -> None:
    assert ("state:SWE", "member_of", "alliance:nato") in edges(store)
    result = apply_edits(
        store,
        [Retract("state:SWE", "member_of", "wrong accession", object="alliance:nato", date="2024-06-01")],
        "ann",
    )
    assert result.batch is not None
    gone = ("state:SWE", "member_of", "alliance:nato")
    assert gone not in edges(store)
    assert JOINED not in store.claims() and JOINED not in store.entity("state:SWE").claims
    assert "alliance:nato" not in store.neighbours(["state:SWE"]).graph
    assert len(store.paths("state:SWE", "alliance:nato").paths[0]) == 3  # through the partnership now
    whole = whole_view(store, ViewSpec())
    assert not whole.has_edge("state:SWE", "alliance:nato")
    began = diff(whole, "2024-01-01", "2024-12-31").began
    assert [(item["subject"], item["object"]) for item in began] == []
    [retraction] = store.retracted("state:SWE")
    assert (retraction.claim, retraction.reason, retraction.on, retraction.author) == (
        JOINED,
        "wrong accession",
        "2024-06-01",
        "ann",
    )
    assert store.retracted("framework:pfp") == ()
    assert store.check().ok, store.check().format()
    # As reported by a day before the retraction, the claim shows as it was known then.
    assert gone in edges(store, ViewSpec(reported_by="2024-05-31"))
    assert gone not in edges(store, ViewSpec(reported_by="2024-06-01"))
    assert store.undo() is not None
    assert gone in edges(store) and JOINED in store.claims() and store.retracted() == ()
    assert store.check().ok, store.check().format()


def test_a_correction_retracts_and_adds_in_one_write(store: Store) -> None:
    before = tables(store)
    fixed = AddClaim(
        "state:SWE", "member_of", "source:b", object="alliance:nato", start="2024-03-08", locator="p. 2"
    )
    result = apply_edits(
        store,
        [Retract("state:SWE", "member_of", "wrong day", object="alliance:nato"), fixed],
        "ann",
        "correct the day",
    )
    assert (result.claims, len(store.retracted())) == (1, 1)
    G = store.view(ViewSpec()).graph
    assert [
        data["start"] for _, _, data in G.edges("state:SWE", data=True) if data["relation"] == "member_of"
    ] == ["2024-03-08"]
    store.undo()
    assert tables(store) == before


def test_an_entity_edit_keeps_the_old_value_and_undo_restores_it(store: Store) -> None:
    before = tables(store)
    edit = EditEntity(
        "state:SWE",
        label="Kingdom of Sweden",
        aliases=("Sverige",),
        description="A Nordic state.",
        source="source:a",
    )
    apply_edits(store, [edit], "ann")
    with pytest.raises(
        DatasetError, match=r"edits:1 \[source\]: an entity edit cites a source or gives a reason"
    ):
        apply_edits(store, [EditEntity("state:FIN", label="Suomi")])
    apply_edits(store, [EditEntity("state:FIN", label="Suomi", reason="editor's note: the local name")])
    assert store.entity("state:SWE").entity.label == "Kingdom of Sweden"
    assert [match.id for match in store.search("sverige")] == ["state:SWE"]
    [revision] = store.revisions("state:SWE")
    assert (revision.before.label, revision.after.aliases, revision.author) == ("Sweden", ("Sverige",), "ann")
    with pytest.raises(DatasetError, match=r"\[type\]: 'member_of' does not link a person"):
        apply_edits(store, [EditEntity("state:SWE", type="person", reason="test")])
    store.undo()
    store.undo()
    assert tables(store) == before
    assert store.search("sverige") == []


def test_an_edit_of_what_changed_since_it_was_read_is_refused(store: Store) -> None:
    read = store.entity_version("state:SWE")
    done = apply_edits(
        store, [EditEntity("state:SWE", label="Sweden (state)", reason="x", version=read)], "bob"
    )
    assert store.entity_version("state:SWE") == done.batch
    with pytest.raises(
        WriteConflictError, match=rf"changed since you read it \(version {read}\).*write {done.batch}.*bob"
    ):
        apply_edits(store, [EditEntity("state:SWE", label="Sweden again", reason="y", version=read)], "ann")
    claim_read = store.claim_version(JOINED)
    apply_edits(store, [Retract("state:SWE", "member_of", "r", object="alliance:nato", version=claim_read)])
    assert store.entity("state:SWE").entity.label == "Sweden (state)"


def test_notes_are_remarks_not_relations(store: Store) -> None:
    before = edges(store)
    claim_note = AddNote("Which treaty article?", claim=("state:SWE", "member_of", "alliance:nato"))
    apply_edits(store, [AddNote("Neutral until 2022.", entity="state:SWE"), claim_note], "ann")
    assert [note.text for note in store.notes("state:SWE")] == [
        "Neutral until 2022.",
        "Which treaty article?",
    ]
    assert [note.text for note in store.notes("alliance:nato")] == ["Which treaty article?"]
    assert edges(store) == before
    view = store.view(ViewSpec()).graph
    assert {note["text"] for note in view.graph["notes"]} == {"Neutral until 2022.", "Which treaty article?"}
    store.undo()
    assert store.notes() == ()


def test_a_look_alike_entity_is_held_back_unless_said_distinct(store: Store) -> None:
    twin = AddEntity("state:sweden", "state", "Sweden")
    with pytest.raises(DatasetError, match=r"did you mean state:SWE \(Sweden\)\?"):
        apply_edits(store, [twin])
    assert not store.has("state:sweden")
    apply_edits(store, [AddEntity("state:sweden", "state", "Sweden", distinct=True)])
    assert store.has("state:sweden")


def test_a_claim_cites_a_source_added_in_the_same_edit(store: Store) -> None:
    with pytest.raises(DatasetError, match=r"\[source\]: the source 'source:n' is not stored"):
        apply_edits(store, [AddClaim("state:SWE", "partner_in", "source:n", object="framework:pfp")])
    added = apply_edits(
        store,
        [
            AddSource("source:n", "New", published="2024"),
            AddEntity("framework:efp", "framework", "Enhanced Forward Presence"),
            AddClaim("state:SWE", "partner_in", "source:n", object="framework:efp", start="2024"),
        ],
    )
    assert (added.entities, added.claims, added.sources) == (1, 1, 1)


# ---- exports keep notes and drop retracted claims --------------------------------------------


def test_exports_keep_notes_and_drop_retracted_claims(tmp_path: Path, capsys) -> None:
    url = f"duckdb:///{tmp_path}/store.duckdb"
    store = open_store(url, create=True)
    store.write(TINY, note="load")
    apply_edits(
        store,
        [
            Retract("state:SWE", "member_of", "wrong", object="alliance:nato"),
            AddNote("A remark on Finland.", entity="state:FIN"),
        ],
        "ann",
    )
    store.close()
    out = {fmt: tmp_path / f"view.{fmt}" for fmt in ("tables", "snapshot", "html")}
    for fmt, path in out.items():
        assert main(["export", "--format", fmt, "-o", str(path), "--store", url]) == 0
    with zipfile.ZipFile(out["tables"]) as archive:
        claims = archive.read("claims.csv").decode()
        notes = archive.read("notes.csv").decode()
    assert "state:FIN,member_of,alliance:nato" in claims and "state:SWE,member_of,alliance:nato" not in claims
    assert "state:FIN,,,,A remark on Finland.,ann," in notes
    snapshot = json.loads(out["snapshot"].read_text(encoding="utf-8"))
    assert [note["text"] for note in snapshot["notes"]] == ["A remark on Finland."]
    assert "A remark on Finland." in out["html"].read_text(encoding="utf-8")
    capsys.readouterr()
    assert (
        main(
            [
                "diff",
                "--from",
                "2024-01-01",
                "--to",
                "2024-12-31",
                "--format",
                "json",
                "-o",
                "-",
                "--store",
                url,
            ]
        )
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert [item["subject"] for item in result["began"]] == []


# ---- any edits, each undone in turn, give back the original tables (Hypothesis) -------------

TRIPLES = [
    ("state:SWE", "partner_in", "framework:pfp"),
    ("state:FIN", "partner_in", "framework:pfp"),
    ("state:SWE", "member_of", "alliance:nato"),
    ("state:FIN", "member_of", "alliance:nato"),
]
OPS = st.one_of(
    st.tuples(
        st.just("claim"),
        st.sampled_from(TRIPLES),
        st.sampled_from(["source:a", "source:b"]),
        st.sampled_from([None, "1994", "2001-05", "2024-03-07"]),
    ),
    st.tuples(st.just("retract"), st.integers(0, 20), st.booleans()),
    st.tuples(st.just("note"), st.sampled_from([e.id for e in ENTITIES]), st.integers(0, 20)),
    st.tuples(st.just("edit"), st.sampled_from([e.id for e in ENTITIES]), st.sampled_from(["A", "B", "Ω"])),
    st.tuples(st.just("entity"), st.integers(0, 3)),
    st.tuples(st.just("source"), st.integers(0, 3)),
)


def _operation(store: Store, drawn: tuple) -> object:
    """The operation a drawn tuple stands for, on what the store holds now."""
    kind = drawn[0]
    claims = store.claims()
    if kind == "claim":
        (subject, relation, target), source, start = drawn[1:]
        return AddClaim(subject, relation, source, object=target, start=start)
    if kind == "retract" and claims:
        claim = claims[drawn[1] % len(claims)]
        return Retract(
            claim.subject,
            claim.relation,
            "wrong",
            object=claim.object,
            source=claim.source if drawn[2] else None,
        )
    if kind == "note" and claims:
        claim = claims[drawn[2] % len(claims)]
        return AddNote("on a claim", claim=(claim.subject, claim.relation, claim.object))
    if kind in ("note", "retract"):
        return AddNote("on an entity", entity=ENTITIES[0].id)
    if kind == "edit":
        return EditEntity(drawn[1], label=f"{drawn[1]} {drawn[2]}", reason="renamed")
    if kind == "entity":
        return AddEntity(
            f"organization:new{drawn[1]}", "organization", f"Organisation {drawn[1]}", distinct=True
        )
    return AddSource(f"source:new{drawn[1]}", f"Source {drawn[1]}", published="2025")


@pytest.mark.parametrize("kind", ["memory", "duckdb"])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=st.lists(st.lists(OPS, min_size=1, max_size=3), min_size=1, max_size=5))
def test_any_edits_undone_in_turn_give_back_the_original_tables(
    kind: str, batches: list[list[tuple]]
) -> None:
    store: Store = (
        MemoryStore(build_graph(TINY)) if kind == "memory" else open_store("duckdb:///:memory:", create=True)
    )
    if kind == "duckdb":
        store.write(TINY, note="load")
    try:
        original = tables(store)
        written = 0
        for batch in batches:
            try:
                result = apply_edits(store, [_operation(store, drawn) for drawn in batch], "hypothesis")  # type: ignore[misc]
            except DatasetError:
                continue  # refused whole: nothing was written
            written += result.batch is not None
        for _ in range(written):
            assert store.undo() is not None
        assert tables(store) == original
    finally:
        store.close()


def test_the_manuals_edits_files_apply_to_the_bundled_data() -> None:
    import re

    manual = (Path(__file__).parent.parent / "docs" / "edits.md").read_text(encoding="utf-8")
    first, correction = re.findall(r"```jsonl\n(.*?)```", manual, flags=re.S)
    store = open_store("memory:")
    added = apply_edits(store, read_edits(first.splitlines()), "ann")
    assert (added.claims, added.sources) == (1, 1) and len(store.notes("state:SWE")) == 2
    assert store.entity("state:SWE").entity.aliases == ("Sverige", "Konungariket Sverige")
    corrected = apply_edits(store, read_edits(correction.splitlines()), "ann")
    assert corrected.claims == 1 and [r.claim.locator for r in store.retracted("state:SWE")] == ["para 1"]
    store.undo()
    assert store.retracted() == ()


def test_a_citation_is_picked_by_title_publisher_or_url(store: Store) -> None:
    assert [source.id for source in store.find_sources("PARTNERS")] == ["source:a"]
    assert [source.id for source in store.find_sources("example press")] == ["source:a", "source:b"]
    assert [source.id for source in store.find_sources("example.org/b")] == ["source:b"]
    assert store.find_sources("100%") == () and len(store.find_sources("source:", limit=1)) == 1


def test_an_edit_that_adds_nothing_new_is_no_write(store: Store) -> None:
    before = store.summary()
    source = SOURCES[0]
    same = AddSource(source.id, source.title, source.url, source.publisher, source.published, source.author)
    again = AddClaim(JOINED.subject, JOINED.relation, JOINED.source, object=JOINED.object, start=JOINED.start)
    assert apply_edits(store, [same, again]).batch is None
    assert store.summary() == before


def test_a_write_whose_claim_a_later_edit_retracted_cannot_be_reverted(store: Store) -> None:
    """The write log counts hand edits: a retraction, revision or note touches its entity, so it
    blocks reverting the earlier write it depends on, and shows in that entity's history."""
    added = store.write(
        Dataset(claims=(Claim("state:FIN", "partner_in", "framework:pfp", "source:b", "1995"),)),
        author="ann",
        note="one more claim",
    )
    assert added.batch is not None
    retraction = apply_edits(
        store,
        [Retract("state:FIN", "partner_in", "wrong year", object="framework:pfp", source="source:b")],
        "bob",
    )
    assert retraction.batch is not None
    assert retraction.batch in [record.id for record in store.history(entity="state:FIN")]
    with pytest.raises(WriteConflictError, match=f"write {retraction.batch} "):
        store.revert(added.batch)
    store.undo(retraction.stamp)
    store.revert(added.batch)  # nothing later blocks it now
    assert Claim("state:FIN", "partner_in", "framework:pfp", "source:b", "1995") not in store.claims()
