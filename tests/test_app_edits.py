"""Hand edits in the app (issue 23), AppTest on a temporary workspace: the Details panel's forms
write through graph.edits as one logged "edit" each, refusals name the field and write nothing,
a retracted claim leaves the view and is listed under "Show retracted", History's undo brings it
back, and "+ New entity" asks "did you mean …?" before it creates a look-alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.store import ClaimFilter, open_store
from graph.workspace import current_workspace
from tests.conftest import texts, view_counts

APP = str(Path(__file__).resolve().parents[1] / "app.py")


pytestmark = pytest.mark.usefixtures("home")


def selected(entity: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    return at.selectbox(key="w_search").set_value(entity).run()


def history(at: AppTest):
    at.session_state["w_tab"] = "History"
    return next(table.value for table in at.run().dataframe if "kind" in table.value.columns)


def stored(**wanted):
    store = open_store(current_workspace().url)
    try:
        return store.claims(ClaimFilter(**wanted)), store
    finally:
        store.close()


def fill(at: AppTest, **values: str) -> None:
    for key, value in values.items():
        at.text_input(key=f"w_edit_{key}").input(value)


def add_relation(at: AppTest, relation: str, target: str, **values: str) -> AppTest:
    at.button(key="w_edit_open_relation").click().run()
    at.selectbox(key="w_edit_relation").set_value(relation).run()
    at.selectbox(key="w_edit_object").set_value(target).run()
    fill(at, **values)
    return at.button(key="w_edit_save").click().run()


def open_claim(at: AppTest, action: str, sentence: str) -> AppTest:
    """Open "Correct or retract" on the claim whose choice reads ``sentence``."""
    at.button(key="w_edit_open_claims").click().run()
    picker = at.selectbox(key="w_edit_claim")
    picker.select_index(next(i for i, option in enumerate(picker.options) if sentence in option)).run()
    return at.radio(key="w_edit_action").set_value(action).run()


def test_add_a_relation_with_a_new_source_is_one_logged_edit_drawn_at_once() -> None:
    at = selected("state:AUT")
    at = add_relation(
        at,
        "member_of",
        "alliance:nato",
        start="2030-01",
        source_title="Austria joins (example)",
        source_url="https://example.org/austria",
        source_publisher="Example Press",
        source_published="2030-01-02",
        locator="para 1",
        quote="Austria became a member",
    )
    assert not at.exception and not at.error
    assert "Saved to the workspace NATO as write" in texts(at.success)
    assert "Austria is a member of NATO" in texts(at.success)
    assert view_counts(at).startswith("104 entities and 215 relations"), "the new relation is drawn"
    assert "Austria joins (example)" in texts(at.markdown), "its citation is in Details"
    claims, store = stored(subject="state:AUT", relations=("member_of",))
    (claim,) = claims
    assert (claim.object, claim.start, claim.locator) == ("alliance:nato", "2030-01", "para 1")
    assert "Austria became a member" in claim.note
    store = open_store(current_workspace().url)
    (source,) = store.sources([claim.source])
    store.close()
    assert (source.url, source.publisher, source.published) == (
        "https://example.org/austria",
        "Example Press",
        "2030-01-02",
    )
    last = history(at).iloc[0]
    assert (last["kind"], last["who"], int(last["claims"]), int(last["sources"])) == (
        "edit",
        "Ada Analyst",
        1,
        1,
    )


def test_a_relation_whose_types_are_not_allowed_is_refused_naming_the_field_and_nothing_is_written() -> None:
    at = selected("state:SWE")
    before = len(history(at))
    at.session_state["w_tab"] = "Details"
    at = add_relation(
        at.run(), "member_of", "framework:pfp", source_title="Wrong (example)", locator="p. 3", end="1990"
    )
    assert not at.exception
    message = texts(at.error)
    assert "Nothing was written" in message and "Relation" in message
    assert "'member_of' does not link a state (state:SWE) to a framework (framework:pfp)" in message
    assert at.text_input(key="w_edit_source_title").value == "Wrong (example)", "the input is kept"
    assert len(history(at)) == before
    claims, _ = stored(subject="state:SWE", relations=("member_of",))
    assert [claim.object for claim in claims] == ["alliance:nato"]


def test_a_claim_without_a_source_or_with_dates_out_of_order_is_refused() -> None:
    at = add_relation(selected("state:AUT"), "member_of", "alliance:nato", start="2030")
    assert "**Source**" in at.error[0].value and "cites a source" in texts(at.error)
    fill(at, source_title="Example", end="2020")
    at.button(key="w_edit_save").click().run()
    assert "the end (2020) comes before the start (2030)" in texts(at.error)
    assert "**End**" in at.error[0].value
    assert stored(subject="state:AUT", relations=("member_of",))[0] == ()


def test_retract_leaves_the_view_is_listed_as_retracted_and_undo_in_history_brings_it_back() -> None:
    at = selected("state:SWE")
    at = open_claim(at, "Retract", "Sweden is a member of NATO")
    fill(at, reason="added under the wrong source (example)")
    at.button(key="w_edit_save").click().run()
    assert not at.exception and not at.error
    assert view_counts(at).startswith("104 entities and 213 relations"), "gone from the view"
    assert stored(subject="state:SWE", relations=("member_of",))[0] == ()
    at.toggle(key="w_show_retracted").set_value(True).run()
    listed = texts(at.markdown)
    assert "~~Sweden is a member of NATO~~" in listed
    assert "Retracted: added under the wrong source (example) — Ada Analyst" in listed
    log = history(at)
    assert log.iloc[0]["kind"] == "edit" and "retracted: Sweden is a member of NATO" in log.iloc[0]["note"]
    at.button(key="w_history_undo").click().run()
    assert not at.exception
    assert view_counts(at).startswith("104 entities and 214 relations"), "back in the view"
    assert len(stored(subject="state:SWE", relations=("member_of",))[0]) == 1


def test_correct_retracts_the_old_claim_and_adds_the_corrected_one_in_one_write() -> None:
    at = open_claim(selected("state:SWE"), "Correct", "Sweden is a member of NATO")
    start = next(box for box in at.text_input if (box.key or "").startswith("w_edit_start_"))
    assert start.value == "2024-03-07", "the form starts from the claim"
    start.input("2024-03")
    fill(at, locator="para 2", reason="the month is what the source supports (example)")
    at.button(key="w_edit_save").click().run()
    assert not at.exception and not at.error, texts(at.error)
    (claim,), _ = stored(subject="state:SWE", relations=("member_of",))
    assert (claim.start, claim.locator, claim.source) == ("2024-03", "para 2", "nato-enlargement")
    store = open_store(current_workspace().url)
    (retraction,) = store.retracted("state:SWE")
    store.close()
    assert retraction.claim.start == "2024-03-07" and retraction.reason.startswith("the month")
    last = history(at).iloc[0]
    assert last["kind"] == "edit" and last["note"].startswith("corrected: Sweden is a member of NATO")


def test_a_note_on_the_entity_is_shown_in_details_and_is_no_relation() -> None:
    at = selected("state:SWE")
    before = view_counts(at)
    at.button(key="w_edit_open_note").click().run()
    at.text_area(key="w_edit_note_text").input("Check when the ratification was deposited.")
    at.button(key="w_edit_save").click().run()
    assert not at.exception and not at.error
    assert "#### Notes" in texts(at.markdown)
    assert "Check when the ratification was deposited." in texts(at.markdown)
    assert view_counts(at) == before, "a note is not drawn"
    assert history(at).iloc[0]["kind"] == "edit"


def test_edit_the_entity_with_an_editors_note() -> None:
    at = selected("state:SWE")
    at.button(key="w_edit_open_entity").click().run()
    fill(at, entity_aliases="Sverige|Konungariket Sverige")
    at.button(key="w_edit_save").click().run()
    assert "**Source**" in at.error[0].value, "an entity edit is cited or explained"
    fill(at, reason="the official name in Swedish (example)")
    at.button(key="w_edit_save").click().run()
    assert not at.exception and not at.error, texts(at.error)
    assert "Konungariket Sverige" in texts(at.markdown)
    store = open_store(current_workspace().url)
    (revision,) = store.revisions("state:SWE")
    store.close()
    assert revision.fields == ("aliases",) and revision.note.startswith("the official name")


def test_new_entity_asks_did_you_mean_before_it_creates_a_look_alike() -> None:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.button(key="w_new_entity").click().run()
    at.selectbox(key="w_edit_new_type").set_value("state").run()
    at.text_input(key="w_edit_new_label").input("Sweden")
    at.text_input(key="w_edit_why").input("example")
    at.button(key="w_edit_save").click().run()
    assert not at.exception
    assert "Did you mean Sweden (state:SWE)?" in texts(at.warning)
    before = len(history(at))
    at.session_state["w_tab"] = "Details"
    at.run().button(key="w_edit_use_state:SWE").click().run()
    assert at.session_state["selection"].id == "state:SWE", "the stored entity is selected"
    assert len(history(at)) == before, "nothing was written"
    at.session_state["w_tab"] = "Details"
    at.run().button(key="w_new_entity").click().run()
    at.selectbox(key="w_edit_new_type").set_value("state").run()
    at.text_input(key="w_edit_new_label").input("Sweden")
    at.text_input(key="w_edit_why").input("another Sweden, for the example")
    at.button(key="w_edit_save").click().run()
    at.button(key="w_edit_create_anyway").click().run()
    assert not at.exception and not at.error
    assert at.session_state["selection"].id == "state:sweden"
    assert view_counts(at).startswith("105 entities")


def test_a_relation_to_a_new_entity_asks_did_you_mean_and_yes_cites_the_stored_one() -> None:
    at = selected("state:AUT")
    at.button(key="w_edit_open_relation").click().run()
    at.selectbox(key="w_edit_relation").set_value("invited_to").run()
    at.toggle(key="w_edit_object_new").set_value(True).run()
    at.selectbox(key="w_edit_object_type").set_value("alliance").run()
    at.text_input(key="w_edit_object_label").input("NATO").run()
    assert "Austria was invited to NATO" in texts(at.markdown), "the sentence follows the fields"
    fill(at, source_title="An invitation (example)", locator="p. 2")
    at.button(key="w_edit_save").click().run()
    assert "Did you mean NATO (alliance:nato)?" in texts(at.warning)
    invited = [claim.object for claim in stored(subject="state:AUT", relations=("invited_to",))[0]]
    assert "alliance:nato" not in invited, "held back: nothing written yet"
    at.button(key="w_edit_use_alliance:nato").click().run()
    assert not at.exception and not at.error, texts(at.error)
    claims, _ = stored(subject="state:AUT", relations=("invited_to",))
    assert "alliance:nato" in [claim.object for claim in claims]
    store = open_store(current_workspace().url)
    assert not store.has("alliance:nato-2"), "no look-alike was made"
    store.close()


def test_a_new_entity_with_a_bad_id_and_a_correction_that_changes_nothing_are_refused() -> None:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.button(key="w_new_entity").click().run()
    at.text_input(key="w_edit_new_label").input("Somewhere")
    at.text_input(key="w_edit_new_id").input("place:some where")
    at.text_input(key="w_edit_why").input("example")
    at.button(key="w_edit_save").click().run()
    assert "**Id**" in at.error[0].value and "contains spaces" in texts(at.error)
    assert at.text_input(key="w_edit_new_id").value == "place:some where", "the input is kept"
    at = open_claim(selected("state:SWE"), "Correct", "Sweden is a member of NATO")
    fill(at, reason="no reason")
    at.button(key="w_edit_save").click().run()
    assert "the correction changes nothing" in texts(at.error)
    assert len(stored(subject="state:SWE", relations=("member_of",))[0]) == 1


def test_a_read_only_workspace_turns_the_forms_off_and_says_why() -> None:
    current_workspace().path.chmod(0o444)
    at = selected("state:SWE")
    assert not at.exception
    assert all(
        at.button(key=f"w_edit_open_{name}").disabled for name in ("relation", "claims", "note", "entity")
    )
    assert at.button(key="w_new_entity").disabled
    assert "can only be read: editing is off" in texts(at.caption)


def test_above_the_budget_the_object_is_found_by_a_search_of_the_store(monkeypatch) -> None:
    current_workspace()
    monkeypatch.setenv("AGX_MAX_ELEMENTS", "100")
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.text_input(key="w_store_search").input("Austria").run()
    assert "Austria" in [item.value for item in at.subheader]
    at.button(key="w_edit_open_relation").click().run()
    at.text_input(key="w_edit_object_query").input("North Atlantic Treaty").run()
    at.selectbox(key="w_edit_object").set_value("alliance:nato").run()
    fill(at, start="2030", source_title="Austria joins (example)", locator="para 1")
    at.button(key="w_edit_save").click().run()
    assert not at.exception and not at.error, texts(at.error)
    assert "Saved to the workspace NATO as write" in texts(at.success)
    assert len(stored(subject="state:AUT", relations=("member_of",))[0]) == 1
    assert "Austria joins (example)" in texts(at.markdown), "the fetched graph was fetched again"
