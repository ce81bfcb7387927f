"""Duplicates: the candidate queue, decisions applied and undone, the side-by-side view, the command."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.dedupe import ingest_in_turn, synthetic_duplicates
from graph.build import build_graph, graph_to_dataset
from graph.cli import main
from graph.dedupe import (
    all_pairs_candidates,
    apply_decisions,
    candidates,
    check_decisions,
    compare,
    merge_map,
    read_decisions,
    write_decisions,
    write_merged,
)
from graph.errors import InputError, UnknownEntityError
from graph.ingest.names import fold
from graph.load import read_dataset, write_dataset
from graph.model import DECISION_KINDS, Claim, Dataset, Decision, Entity, Source
from graph.readers import check_dataset
from graph.vocabulary import is_attribute

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
SOURCES = (
    Source("s-2010", "An old report", "NATO", "", "2010-05-01", "https://www.nato.int/a", "primary"),
    Source("s-2018", "A press release", "NATO", "", "2018-03-02", "https://www.nato.int/b", "primary"),
    Source("s-2021", "An article", "Press", "", "2021-07-14", "https://news.example.org/c", "press"),
)
NATO = Entity("alliance:nato", "alliance", "NATO", ("the Alliance",))
MC = Entity("body:mc", "body", "Military Committee", ("MC",))


def dataset(*entities: Entity, claims: tuple[Claim, ...] = ()) -> Dataset:
    return Dataset((NATO, MC, *entities), claims, SOURCES, name="test")


def pairs(queue) -> set[frozenset[str]]:
    return {frozenset((candidate.left, candidate.right)) for candidate in queue}


def offered(queue, first: str, second: str):
    return next(c for c in queue if {c.left, c.right} == {first, second})


# ---- the queue --------------------------------------------------------------------------------


def test_turkey_and_turkiye_are_one_pair_kept_as_the_curated_id() -> None:
    data = dataset(
        Entity("state:TUR", "state", "Türkiye", ("Turkey",), "", (("iso3", "TUR"),)),
        Entity("state:turkiye", "state", "Turkiye", (), "", (("iso3", "TUR"),)),
        Entity("state:GRC", "state", "Greece", (), "", (("iso3", "GRC"),)),
    )
    [candidate] = candidates(data)
    assert (candidate.left, candidate.right) == ("state:TUR", "state:turkiye")  # the earlier row is kept
    assert candidate.score > 0.95
    assert candidate.reasons == ("same name: 'Türkiye' / 'Turkiye'", "same ISO code TUR")


def test_states_with_different_iso_codes_are_not_offered_for_a_shared_name() -> None:
    data = dataset(
        Entity("state:GEO", "state", "Georgia", (), "", (("iso3", "GEO"),)),
        Entity("state:USA-GA", "state", "Georgia", (), "", (("iso3", "XGA"),)),
    )
    assert candidates(data) == []


def test_a_person_with_and_without_a_rank_and_a_family_name_alone() -> None:
    data = dataset(
        Entity("person:pavel", "person", "Petr Pavel", ("Pavel",)),
        Entity("person:general-pavel", "person", "General Petr Pavel"),
        Entity("person:p-pavel", "person", "P. Pavel"),
        Entity("person:bartels", "person", "Knud Bartels", ("Bartels",)),
        Entity("person:bartels-2", "person", "Bartels"),
    )
    queue = candidates(data)
    rank = offered(queue, "person:pavel", "person:general-pavel")
    assert rank.reasons[0] == "same name: 'Petr Pavel' / 'General Petr Pavel'" and rank.score >= 0.9
    assert (
        "same family name 'pavel', compatible given names"
        in offered(queue, "person:pavel", "person:p-pavel").reasons
    )
    bare = offered(queue, "person:bartels", "person:bartels-2")
    assert bare.score >= 0.85  # "Bartels" is the alias of the only Knud Bartels
    assert frozenset(("person:bartels", "person:pavel")) not in pairs(queue)


def test_a_family_name_that_many_people_share_is_weak_evidence() -> None:
    smiths = [Entity(f"person:smith-{i}", "person", f"{given} Smith", ("Smith",)) for i, given in
              enumerate(["Stephen", "John", "Anna", "Maria"])]  # fmt: skip
    data = dataset(*smiths, Entity("person:smith", "person", "Smith"))
    assert candidates(data) == []  # "Smith" alone may be any of them, and the four differ by given name
    weak = candidates(data, min_score=0.0)
    assert pairs(weak) == {frozenset(("person:smith", smith.id)) for smith in smiths}
    assert all(
        c.score == 0.25 and "same family name 'smith' (4 people have it)" in c.reasons[0] for c in weak
    )


def test_two_people_called_the_chair_are_not_one_for_their_title() -> None:
    data = dataset(
        Entity("person:chair-1", "person", "the Chair"), Entity("person:chair-2", "person", "the Chair")
    )
    assert candidates(data) == []


def test_the_secretary_general_is_offered_with_whoever_held_the_office_then() -> None:
    data = dataset(
        Entity("person:stoltenberg", "person", "Jens Stoltenberg"),
        Entity("person:rasmussen", "person", "Anders Fogh Rasmussen"),
        Entity("person:sg", "person", "the Secretary General"),
        Entity("event:summit", "event", "Summit"),
        claims=(
            Claim("person:stoltenberg", "holds_office", "alliance:nato", "s-2021", "2014-10-01", "2024-10-01",
                  role="Secretary General"),
            Claim("person:rasmussen", "holds_office", "alliance:nato", "s-2010", "2009-08-01", "2014-10-01",
                  role="Secretary-General"),
            Claim("person:sg", "spoke_at", "event:summit", "s-2018"),
        ),
    )  # fmt: skip
    [candidate] = candidates(data)
    assert {candidate.left, candidate.right} == {"person:stoltenberg", "person:sg"}
    assert "'the Secretary General' is a title that Jens Stoltenberg held then (NATO)" in candidate.reasons


def test_the_same_office_at_the_same_time_in_two_scripts() -> None:
    office = {"role": "Chair"}
    data = dataset(
        Entity("person:bauer", "person", "Rob Bauer"),
        Entity("person:bauer-cyrillic", "person", "Роб Бауэр"),
        Entity("person:peach", "person", "Stuart Peach"),
        claims=(
            Claim("person:bauer", "holds_office", "body:mc", "s-2021", "2021-06-25", "2024-01-01", **office),
            Claim("person:bauer-cyrillic", "holds_office", "body:mc", "s-2021", "2022", "2023", **office),
            Claim("person:peach", "holds_office", "body:mc", "s-2018", "2018-06-29", "2021-06-25", **office),
        ),
    )
    queue = candidates(data)
    assert pairs(queue) == {frozenset(("person:bauer", "person:bauer-cyrillic"))}
    # Names are folded through anyascii (issue 24), so the Cyrillic spelling now reads as the same name.
    assert queue[0].reasons == (
        "same name: 'Rob Bauer' / 'Роб Бауэр'",
        "same office at the same time: chair of Military Committee",
    )


def test_an_office_many_hold_at_once_says_nothing_and_latin_names_with_no_common_word_are_kept_apart() -> (
    None
):
    people = [Entity(f"person:rep-{i}", "person", name) for i, name in
              enumerate(["Jan Broeks", "Hans Wiermann", "Ana Lopes", "Ivo Horvat", "Eva Novak"])]  # fmt: skip
    representatives = tuple(
        Claim(person.id, "holds_office", "body:mc", "s-2018", "2015", "2019", role="Military Representative")
        for person in people
    )
    chairs = (
        Claim(
            "person:rep-0",
            "holds_office",
            "alliance:nato",
            "s-2018",
            "2016",
            "2020",
            role="Secretary General",
        ),
        Claim(
            "person:rep-1",
            "holds_office",
            "alliance:nato",
            "s-2018",
            "2017",
            "2019",
            role="Secretary General",
        ),
    )
    assert candidates(dataset(*people, claims=representatives)) == []
    assert candidates(dataset(*people, claims=representatives + chairs)) == []  # 0.6 × 0.45 < 0.3


def test_events_with_one_label_on_one_day_are_offered_and_on_two_days_are_not() -> None:
    data = dataset(
        Entity("event:m1", "event", "Meeting of 2023-12-14"),
        Entity("event:m2", "event", "Meeting of 2023-12-14"),
        Entity("event:e1", "event", "Meeting of the Euro-Atlantic Partnership Council"),
        Entity("event:e2", "event", "Meeting of the Euro-Atlantic Partnership Council"),
        claims=(
            Claim("event:m1", "date", "2023-12-14", "s-2021"),
            Claim("event:m2", "date", "2023-12-14", "s-2021"),
            Claim("event:e1", "date", "1997-05-30", "s-2010"),
            Claim("event:e2", "date", "2008", "s-2010"),
        ),
    )
    [candidate] = candidates(data)
    assert {candidate.left, candidate.right} == {"event:m1", "event:m2"}
    assert candidate.reasons == ("same label", "same date 2023-12-14")
    everything = candidates(data, min_score=0.0)
    assert (
        "against: different dates (1997-05-30 / 2008)" in offered(everything, "event:e1", "event:e2").reasons
    )


def test_acronyms_and_a_word_more() -> None:
    data = dataset(
        Entity("body:nac", "body", "North Atlantic Council"),
        Entity("body:nac-2", "body", "NAC"),
        Entity("body:nmc", "body", "NATO Military Committee"),
        Entity("body:eumc", "body", "European Union Military Committee", ("EUMC",)),
    )
    queue = candidates(data)
    assert (
        "'NAC' are the initials of 'North Atlantic Council'"
        in offered(queue, "body:nac", "body:nac-2").reasons
    )
    assert frozenset(("body:mc", "body:nmc")) in pairs(queue)
    assert frozenset(("body:mc", "body:eumc")) not in pairs(queue)


def test_decided_pairs_leave_the_queue_also_through_a_merge() -> None:
    data = dataset(
        Entity("state:TUR", "state", "Türkiye", ("Turkey",)),
        Entity("state:turkey", "state", "Turkey"),
        Entity("state:turkiye", "state", "Turkiye"),
    )
    both = {frozenset(("state:TUR", "state:turkey")), frozenset(("state:TUR", "state:turkiye"))}
    assert pairs(candidates(data)) == both
    later = [Decision("state:turkey", "state:TUR", "later")]
    assert pairs(candidates(data, later)) == {frozenset(("state:TUR", "state:turkiye"))}
    # turkey is TUR, and turkiye is not turkey: so turkiye is not TUR either
    decided = [
        Decision("state:TUR", "state:turkey", "same"),
        Decision("state:turkiye", "state:turkey", "not_same"),
    ]
    assert candidates(data, decided) == []
    assert candidates(apply_decisions(data, decided)) == []
    # undo = remove a row and apply again
    assert pairs(candidates(data, decided[:1])) == {frozenset(("state:TUR", "state:turkiye"))}
    assert pairs(candidates(data, decided[1:])) == both
    assert [e.id for e in apply_decisions(data, decided[1:]).entities] == [e.id for e in data.entities]


@pytest.mark.parametrize("seed", [3, 11])
def test_blocking_finds_every_pair_that_scoring_all_pairs_finds(seed: int) -> None:
    data, _ = synthetic_duplicates(700, seed=seed)
    blocked = candidates(data)
    naive = all_pairs_candidates(data)
    assert [(c.left, c.right, round(c.score, 6)) for c in blocked] == [
        (c.left, c.right, round(c.score, 6)) for c in naive
    ]


def test_planted_duplicates_are_offered_best_first() -> None:
    data, planted = synthetic_duplicates(1500, seed=5)
    queue = candidates(data)
    found = planted & pairs(queue)
    assert len(found) / len(planted) >= 0.9, (len(found), len(planted))
    top = pairs(queue[: len(planted) // 2])
    assert len(top & planted) / len(top) >= 0.9
    assert [c.score for c in queue] == sorted((c.score for c in queue), reverse=True)
    assert all(0.0 <= c.score <= 1.0 and c.reasons for c in queue)


# ---- decisions --------------------------------------------------------------------------------

PEOPLE = (
    Entity("person:a", "person", "Ann Alder", ("Alder",), "first", (("born", "1960"),)),
    Entity("person:b", "person", "A. Alder", (), "second", (("branch", "Navy"),)),
    Entity("person:c", "person", "General Ann Alder"),
    Entity("event:x", "event", "Summit"),
)
CLAIMS = (
    Claim("person:a", "attended", "event:x", "s-2010", locator="p1"),
    Claim("person:b", "attended", "event:x", "s-2010", locator="p1"),  # the same claim once merged
    Claim("person:c", "attended", "event:x", "s-2021", locator="p4"),
    Claim("person:b", "rank", "person:c", "s-2018"),  # a literal that looks like an id stays a literal
    Claim("event:x", "reviews", "event:x", "s-2018"),
    Claim("person:c", "successor_of", "person:b", "s-2018"),
)


def test_same_is_transitive_and_keeps_every_name_and_every_claim_with_its_source() -> None:
    data = Dataset(PEOPLE, CLAIMS, SOURCES)
    decisions = [Decision("person:c", "person:b", "same"), Decision("person:b", "person:a", "same", "lead")]
    merged = apply_decisions(data, decisions)
    assert merge_map(data, decisions) == {"person:b": "person:a", "person:c": "person:a"}
    assert [entity.id for entity in merged.entities] == ["person:a", "event:x"]
    kept = merged.entities[0]
    assert kept.label == "Ann Alder" and kept.description == "first"
    assert kept.aliases == ("Alder", "A. Alder", "General Ann Alder")
    assert kept.attributes == (("born", "1960"), ("branch", "Navy"))
    assert Claim("person:a", "rank", "person:c", "s-2018") in merged.claims
    assert Claim("person:a", "successor_of", "person:a", "s-2018") in merged.claims
    assert Counter(claim.source for claim in merged.claims) == {"s-2010": 1, "s-2021": 1, "s-2018": 3}
    assert merged.decisions == tuple(decisions)
    assert apply_decisions(merged) == merged  # applied again: nothing changes
    graph, report = check_dataset(merged)
    assert graph is not None and report.ok


def test_the_last_row_about_a_pair_counts_and_not_same_merges_nothing() -> None:
    data = Dataset(PEOPLE, CLAIMS, SOURCES)
    assert apply_decisions(data, [Decision("person:a", "person:b", "not_same")]).entities == data.entities
    flip = [Decision("person:a", "person:b", "same"), Decision("person:b", "person:a", "not_same")]
    assert apply_decisions(data, flip).entities == data.entities
    assert apply_decisions(data, list(reversed(flip))).entities[0].aliases == ("Alder", "A. Alder")


def test_a_merge_across_types_is_refused_with_a_message_that_says_what_to_do() -> None:
    data = Dataset(PEOPLE, CLAIMS, SOURCES)
    with pytest.raises(InputError, match=r"'person:a' \(person\) and 'event:x' \(event\) .* types differ"):
        apply_decisions(data, [Decision("person:a", "event:x", "same")])
    report = check_decisions(data, [Decision("person:a", "event:x", "same")])
    assert not report.ok and "types differ" in report.errors[0].message


def test_check_decisions_reports_gone_ids_merged_ids_and_contradictions() -> None:
    data = Dataset(PEOPLE, CLAIMS, SOURCES)
    report = check_decisions(
        data,
        [
            Decision("person:a", "person:b", "same"),
            Decision("person:b", "person:c", "same"),
            Decision("person:a", "person:c", "not_same"),
            Decision("person:gone", "person:lost", "later"),
            Decision("person:a", "person:merged-before", "same"),
        ],
    )
    messages = [issue.format() for issue in report.issues]
    assert report.ok
    assert any(
        "WARNING decisions.csv [decision]: 'person:a' and 'person:c' are decided not to be" in m
        for m in messages
    )
    assert any("neither entity is in this dataset" in m for m in messages)
    assert any("'person:merged-before' is merged already (or gone)" in m for m in messages)


entity_ids = st.sampled_from([f"person:p{i}" for i in range(8)])


@st.composite
def datasets_with_decisions(draw) -> tuple[Dataset, list[Decision]]:
    ids = sorted(set(draw(st.lists(entity_ids, min_size=2, max_size=8))))
    entities = tuple(Entity(node, "person", f"Person {node[-1]}", (f"P{node[-1]}",)) for node in ids)
    relation = st.sampled_from(["attended", "successor_of", "national_of", "rank", "date"])
    claims = tuple(
        Claim(
            subject,
            kind,
            target if not is_attribute(kind) else draw(st.sampled_from(["2020", target])),
            source,
        )
        for subject, kind, target, source in draw(
            st.lists(
                st.tuples(
                    st.sampled_from(ids),
                    relation,
                    st.sampled_from(ids),
                    st.sampled_from(["s-2010", "s-2018"]),
                ),
                max_size=25,
            )
        )
    )
    decisions = [
        Decision(left, right, kind)
        for left, right, kind in draw(
            st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids), st.sampled_from(DECISION_KINDS)),
                     max_size=6)
        )
        if left != right
    ]  # fmt: skip
    return Dataset(entities, claims, SOURCES[:2]), decisions


@given(datasets_with_decisions())
@settings(max_examples=150, deadline=None)
def test_merges_never_lose_a_claim_or_an_id(case: tuple[Dataset, list[Decision]]) -> None:
    data, decisions = case
    mapping = merge_map(data, decisions)
    merged = apply_decisions(data, decisions)

    def pointed(claim: Claim) -> Claim:
        target = claim.object if is_attribute(claim.relation) else mapping.get(claim.object, claim.object)
        return replace(claim, subject=mapping.get(claim.subject, claim.subject), object=target)

    for source in ("s-2010", "s-2018"):  # claims before = claims after, by source
        before = {pointed(claim) for claim in data.claims if claim.source == source}
        assert before == {claim for claim in merged.claims if claim.source == source}
    assert len(merged.claims) == len(set(merged.claims))
    ids_before = {
        node for claim in data.claims for node in (claim.subject, claim.object) if node in data.entity_ids()
    }
    ids_after = {node for claim in merged.claims for node in (claim.subject, claim.object)}
    for node in ids_before:  # an id leaves the claims only when merged, and then its kept id is there
        assert node in ids_after or (node in mapping and mapping[node] in ids_after)
    assert merged.entity_ids() == data.entity_ids() - set(mapping)
    kept_names = {name for entity in merged.entities for name in (entity.label, *entity.aliases)}
    assert kept_names == {name for entity in data.entities for name in (entity.label, *entity.aliases)}
    assert apply_decisions(merged, decisions) == merged
    if decisions:  # undo: no hidden state, so without a row the result is what the other rows give
        without_last = apply_decisions(data, decisions[:-1])
        assert apply_decisions(data, decisions) == merged
        assert apply_decisions(data, decisions[:-1]) == without_last
        assert without_last.entity_ids() == data.entity_ids() - set(merge_map(data, decisions[:-1]))


# ---- the decisions table ----------------------------------------------------------------------

text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)


# An apostrophe before a formula sign is how our CSV files protect a cell; the loader takes it away.
cell = text.filter(
    lambda value: not (value.strip()[:1] == "'" and value.strip()[1:2] in ("=", "+", "-", "@"))
)


@given(st.lists(st.tuples(cell, cell), max_size=5))
@settings(max_examples=60, deadline=None)
def test_decisions_round_trip_through_the_file(tmp_path_factory, cells: list[tuple[str, str]]) -> None:
    decisions = tuple(
        Decision(f"person:a{i}", f"person:b{i}", ("same", "not_same", "later")[i % 3], by.strip(),
                 "2024-06-0" + str(1 + i % 9) if i % 2 else None, note.strip())
        for i, (by, note) in enumerate(cells)
    )  # fmt: skip
    path = write_decisions(decisions, tmp_path_factory.mktemp("decisions") / "decisions.csv")
    assert read_decisions(path) == decisions


def test_a_bad_decisions_file_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "my-decisions.csv"
    path.write_text(
        "left,right,decision,by,date,note\n"
        "state:TUR,state:turkey,same,me,2024-01-01,\n"
        "state:TUR,state:TUR,same,,,\n"
        "state:A,state B,maybe,,2024-13-01,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        read_decisions(path)
    message = str(error.value)
    assert "ERROR my-decisions.csv:3 [right]: the decision names one entity twice." in message
    assert "ERROR my-decisions.csv:4 [right]: 'state B' is not an entity id." in message
    assert (
        "ERROR my-decisions.csv:4 [decision]: unknown decision 'maybe'. "
        "Fix: use one of: same, not_same, later." in message
    )
    assert "ERROR my-decisions.csv:4 [date]: '2024-13-01' is not an ISO date." in message
    with pytest.raises(InputError, match="does not exist"):
        read_decisions(tmp_path / "missing.csv")
    path.write_text("left,right,verdict\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"my-decisions.csv:1 \[decision\]: the required column 'decision'"):
        read_decisions(path)


# ---- side by side -----------------------------------------------------------------------------


def test_compare_shows_both_entities_with_claims_and_sources_from_a_dataset_or_a_graph() -> None:
    data = Dataset(PEOPLE, CLAIMS, SOURCES)
    from_tables = compare(data, "person:b", "person:a")
    from_graph = compare(build_graph(data), "person:b", "person:a")
    assert from_tables == from_graph
    left, right = from_tables.left, from_tables.right
    assert (left.id, right.id, from_tables.kept) == ("person:b", "person:a", "person:a")
    assert left.claims[0].shared and left.claims[0].other_label == "Summit"
    assert left.claims[0].source_title == "An old report" and left.claims[0].url == "https://www.nato.int/a"
    assert {(c.relation, c.direction, c.other) for c in left.claims} == {
        ("attended", "out", "event:x"),
        ("rank", "value", "person:c"),
        ("successor_of", "in", "person:c"),
    }
    assert left.sources == ("s-2010", "s-2018")
    rows = from_tables.rows()
    assert rows[2] == ("label", "A. Alder", "Ann Alder")
    assert ("claim", "attended Summit [An old report]", "attended Summit [An old report]") in rows
    assert json.loads(json.dumps(from_tables.as_dict()))["kept"] == "person:a"
    with pytest.raises(UnknownEntityError):
        compare(data, "person:a", "person:zz")
    with pytest.raises(UnknownEntityError):
        compare(build_graph(data), "person:zz", "person:a")


# ---- writing, and the command -----------------------------------------------------------------


def test_write_merged_is_atomic_and_refuses_the_input_and_foreign_folders(tmp_path: Path) -> None:
    data = apply_decisions(Dataset(PEOPLE, CLAIMS, SOURCES), [Decision("person:a", "person:b", "same")])
    source = write_dataset(Dataset(PEOPLE, CLAIMS, SOURCES), tmp_path / "in")
    with pytest.raises(InputError, match="input dataset's folder"):
        write_merged(data, source, source)
    with pytest.raises(InputError, match="input dataset's folder"):
        write_merged(data, source / "out", source)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "thesis.docx").write_text("mine")
    with pytest.raises(InputError, match=r"not our tables \(thesis.docx\)"):
        write_merged(data, tmp_path / "home", source)
    out = write_merged(data, tmp_path / "out", source)
    assert sorted(path.name for path in out.iterdir()) == [
        "claims.csv",
        "decisions.csv",
        "entities.csv",
        "sources.csv",
    ]
    again = write_merged(apply_decisions(data, []), tmp_path / "out", source)  # an earlier output is replaced
    assert not (again / "decisions.csv").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "home",
        "in",
        "out",
    ]  # no temporary folder left
    reread, report = read_dataset(again)
    assert report.ok and reread is not None and reread.entity_ids() == {"person:a", "person:c", "event:x"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_command_lists_candidates_and_applies_a_decisions_file(capsys, tmp_path: Path) -> None:
    folder = write_dataset(Dataset(PEOPLE, CLAIMS, SOURCES), tmp_path / "people")
    code, out, _ = run(capsys, "dedupe", "--data", str(folder), "--limit", "1")
    assert code == 0
    assert out.startswith("3 candidate pair(s) among 4 entities")
    assert "person:a (Ann Alder)  ~  person:c (General Ann Alder)" in out
    assert "      same name: 'Ann Alder' / 'General Ann Alder'" in out
    assert "… and 2 more (--limit)." in out

    decisions = write_decisions(
        [Decision("person:a", "person:c", "same", "me", "2024-06-01", "=rank only")], tmp_path / "mine.csv"
    )
    code, out, err = run(
        capsys, "dedupe", "--data", str(folder), "--apply", str(decisions), "-o", str(tmp_path / "out")
    )
    assert code == 0, err
    assert "0 error(s)" in out and "Merged away 1 entities: 3 entities, 6 claims" in out
    assert read_decisions(tmp_path / "out" / "decisions.csv")[0].note == "=rank only"
    code, out, _ = run(capsys, "dedupe", "--data", str(tmp_path / "out"))  # its decisions.csv is read
    assert out.startswith("1 candidate pair(s) among 3 entities") and "1 decision(s)" in out

    code, _, err = run(capsys, "dedupe", "--data", str(folder), "--apply", str(decisions), "-o", str(folder))
    assert code == 1 and "input dataset's folder" in err
    code, _, err = run(capsys, "dedupe", "--data", str(folder), "--apply", str(decisions))
    assert code == 1 and "--apply needs -o OUT_DIR" in err
    code, _, err = run(capsys, "dedupe", "--data", str(folder), "--decisions", str(tmp_path / "none.csv"))
    assert code == 1 and "none.csv does not exist" in err


def test_a_decision_naming_no_entity_is_set_aside_with_its_line_and_not_written_back(
    capsys, tmp_path: Path
) -> None:
    """Issue 26, item 7: `state:FIN,state:NOPE,same` used to be taken ("merged into") and written."""
    folder = write_dataset(Dataset(PEOPLE, CLAIMS, SOURCES), tmp_path / "people")
    decisions = tmp_path / "typo.csv"
    decisions.write_text(
        "left,right,decision,by,date,note\n"
        "person:a,person:c,same,me,2024-06-01,\n"
        "person:a,person:nope,same,me,2024-06-01,\n",
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, "dedupe", "--data", str(folder), "--apply", str(decisions), "-o", str(tmp_path / "out")
    )
    assert code == 0, err
    assert "WARNING typo.csv:3 [right]: 'person:nope' is not an entity of this dataset" in err
    assert "merged" not in err.split("person:nope")[1].split("\n")[0]
    written = read_decisions(tmp_path / "out" / "decisions.csv")
    assert [(d.left, d.right) for d in written] == [("person:a", "person:c")]
    assert "Merged away 1 entities" in out


def test_the_command_on_the_bundled_dataset(capsys) -> None:
    code, out, _ = run(capsys, "dedupe")
    assert code == 0 and "among 104 entities" in out


# ---- the "Done when": three real articles, one after the other --------------------------------


def named_alike(data: Dataset) -> set[frozenset[str]]:
    """Pairs of the same type that share a folded label or alias (an independent, naive check)."""
    by_name: dict[tuple[str, str], set[str]] = {}
    for entity in data.entities:
        for name in (entity.label, *entity.aliases):
            by_name.setdefault((entity.type, " ".join(fold(name).split())), set()).add(entity.id)
    return {frozenset((a, b)) for ids in by_name.values() for a in ids for b in ids if a < b}


def contradicted(data: Dataset, pair: frozenset[str]) -> bool:
    """Events dated on days that cannot be one: the queue sets those aside (see docs/duplicates.md)."""
    dates: dict[str, set[str]] = {}
    for claim in data.claims:
        if claim.relation == "date":
            dates.setdefault(claim.subject, set()).add(claim.object)
    first, second = (dates.get(node, set()) for node in sorted(pair))
    return bool(first and second) and not any(
        x == y or x.startswith(y + "-") or y.startswith(x + "-") for x in first for y in second
    )


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the article corpus is not next to this checkout")
@pytest.mark.parametrize(
    "articles",
    [
        ("03-eapc-inaugural-sintra-1997", "08-malta-reactivates-pfp-2008",
         "20-military-committee-meets-partners-2023"),
        ("11-bartels-hands-over-to-pavel-2015", "15-wiermann-elected-dgims-2018",
         "17-nato-ukraine-commission-2021"),
    ],
)  # fmt: skip
def test_three_corpus_articles_leave_no_duplicate_the_queue_does_not_offer(nato, articles) -> None:
    data = graph_to_dataset(ingest_in_turn(nato, list(articles)))  # extract, review, merge, as the app
    queue = candidates(data)
    suspects = {pair for pair in named_alike(data) if not contradicted(data, pair)}
    assert suspects <= pairs(queue), suspects - pairs(queue)
    # decide every pair the queue offers: the strong ones are one, the others are not
    decisions = [Decision(c.left, c.right, "same" if c.score >= 0.8 else "not_same", "test") for c in queue]
    merged = apply_decisions(data, decisions)
    assert candidates(merged) == []
    graph, report = check_dataset(merged)
    assert graph is not None and report.ok, report.format()
    by_source = Counter(claim.source for claim in data.claims)
    assert set(Counter(claim.source for claim in merged.claims)) == set(by_source)


def test_decisions_in_a_dataset_folder_are_applied_when_it_is_loaded(tmp_path: Path) -> None:
    """decisions.csv is the fourth table: a folder's `same` decisions merge on load, every claim kept."""
    import graph

    dataset = Dataset(
        (
            Entity("state:TUR", "state", "Türkiye"),
            Entity("state:turkey", "state", "Turkey"),
            Entity("alliance:nato", "alliance", "NATO"),
        ),
        (
            Claim("state:TUR", "member_of", "alliance:nato", "s1", start="1952-02-18"),
            Claim("state:turkey", "member_of", "alliance:nato", "s2", start="1952"),
        ),
        (Source("s1", "One", url="https://a.example/"), Source("s2", "Two", url="https://b.example/")),
        decisions=(Decision("state:TUR", "state:turkey", "same", "tester", "2026-11-30", ""),),
    )
    folder = write_dataset(dataset, tmp_path / "merged")
    G = graph.load_graph(folder)
    assert "state:turkey" not in G and "state:TUR" in G
    assert "Turkey" in G.nodes["state:TUR"]["aliases"]
    assert sorted(G.edges["state:TUR", "alliance:nato", "member_of"]["citations"]) == ["s1", "s2"]
    # Written out merged, the record stays and reads as information, not as a problem.
    merged, report = read_dataset(write_dataset(graph_to_dataset(G), tmp_path / "out"))
    assert merged is not None and report.ok
