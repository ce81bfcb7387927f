"""The Details panel's edit forms, part two: correct or retract a stored claim (with a reason), add a
note to the entity or one of its claims, edit the entity (cited, or with an editor's note); and
what the panel lists besides the relations: the notes, and the retracted claims ("Show retracted").

Claims are never overwritten: a correction retracts the old claim and adds the corrected one in
one write (graph.edits), which the History tab undoes whole.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from graph.edits import AddClaim, AddNote, EditEntity, Operation, Retract
from graph.model import Claim
from graph.store.changes import ClaimKey
from graph.vocabulary import ENTITY_TYPES, is_attribute, relation_sentence
from ui import cache, edits, state
from ui.panels.edit_forms import (
    citation_fields,
    cited,
    claims_of,
    form_buttons,
    refuse,
    selected_node,
    source_search,
    text,
)
from ui.state import LoadedGraph
from ui.text import md

ACTIONS = ("Retract", "Correct")


def namer(loaded: LoadedGraph) -> Any:
    """id → label: from the graph shown, else from the store."""

    def name(entity_id: str) -> str:
        if entity_id in loaded.G:
            return str(loaded.G.nodes[entity_id].get("label", entity_id))
        return edits.label_of(entity_id)

    return name


def claim_sentence(claim: Claim | ClaimKey, name: Any) -> str:
    if isinstance(claim, Claim):
        subject, relation, target = claim.subject, claim.relation, claim.object
    else:
        subject, relation, target = claim
    return relation_sentence(name(subject), relation, target if is_attribute(relation) else name(target))


def claim_choice(claim: Claim, name: Any) -> str:
    """A stored claim as the pickers list it: the sentence, its dates and its source."""
    dates = " – ".join(part for part in (claim.start or "", claim.end or "") if part)
    return claim_sentence(claim, name) + (f" ({dates})" if dates else "") + f" · {claim.source}"


# ---- Correct or retract -------------------------------------------------------------------------


def claims_form(loaded: LoadedGraph, node: str) -> None:
    """Pick a stored claim about ``node``; retract it with a reason, or correct it (the corrected
    claim added and the old one retracted, in one write)."""
    claims, name = claims_of(node), namer(loaded)
    if not claims:
        st.info("No claim about it is stored.")
        return
    index = st.selectbox(
        "Claim", range(len(claims)), key="w_edit_claim", format_func=lambda i: claim_choice(claims[i], name)
    )
    action = st.radio("What to do", ACTIONS, key="w_edit_action", horizontal=True)
    claim = claims[index or 0]
    sources = source_search() if action == "Correct" else ()
    with st.form("w_edit_form_claims", border=False):
        if action == "Correct":
            if is_attribute(claim.relation):
                st.text_input("Value", value=claim.object, key=f"w_edit_value_{index}")
            start, end = st.columns(2)
            start.text_input("Start", value=claim.start or "", key=f"w_edit_start_{index}")
            end.text_input("End", value=claim.end or "", key=f"w_edit_end_{index}")
            citation_fields(sources, first=claim.source, locator=claim.locator)
        st.text_input("Reason (required): why the claim is wrong", key="w_edit_reason")
        form_buttons("Retract the claim" if action == "Retract" else "Save the correction", on_claims)


def on_claims() -> None:
    node, reason = selected_node(), text("w_edit_reason")
    index = int(state.widget("w_edit_claim") or 0)
    claims = claims_of(node) if node else ()
    if node is None or index >= len(claims):
        return
    if not reason:
        refuse("Reason", "say why the claim is wrong (it is kept with the retraction).")
        return
    claim = claims[index]
    literal = is_attribute(claim.relation)
    retract = Retract(
        claim.subject,
        claim.relation,
        reason,
        object=None if literal else claim.object,
        value=claim.object if literal else None,
        source=claim.source,
    )
    target_name = claim.object if literal else edits.label_of(claim.object)
    sentence = relation_sentence(edits.label_of(claim.subject), claim.relation, target_name)
    if state.widget("w_edit_action") != "Correct":
        edits.save("claims", [retract], f"retracted: {sentence} ({reason})")
        return
    corrected = correction(claim, index)
    if corrected is not None:
        edits.save("claims", [*corrected[:-1], retract, corrected[-1]], f"corrected: {sentence} ({reason})")


def correction(claim: Claim, index: int) -> list[Operation] | None:
    """The corrected claim as the form gives it (last), after the source it adds if new; None
    (refused, the message says why) when no source is cited or nothing would change."""
    citation = cited()
    if citation is None:
        return None
    source, added = citation
    literal = is_attribute(claim.relation)
    target = text(f"w_edit_value_{index}") if literal else claim.object
    quote = text("w_edit_quote")
    corrected = AddClaim(
        claim.subject,
        claim.relation,
        source,
        object=None if literal else target,
        value=target if literal else None,
        start=text(f"w_edit_start_{index}") or None,
        end=text(f"w_edit_end_{index}") or None,
        locator=text("w_edit_locator"),
        quote=quote,
        note="" if quote else claim.note,
        role=claim.role,
    )
    same = (corrected.target, corrected.start, corrected.end, corrected.source, corrected.locator)
    if same == (claim.object, claim.start, claim.end, claim.source, claim.locator) and not quote:
        refuse("Claim", "the correction changes nothing: change a date, the value, the source or locator.")
        return None
    return [*added, corrected]


# ---- A note ----------------------------------------------------------------------------------------


def note_form(loaded: LoadedGraph, node: str) -> None:
    """A note on the entity, or on one of its claims (not a claim: never drawn as a relation)."""
    name = namer(loaded)
    keys = list(dict.fromkeys((c.subject, c.relation, c.object) for c in claims_of(node)))
    with st.form("w_edit_form_note", border=False):
        st.selectbox(
            "About",
            range(-1, len(keys)),
            key="w_edit_note_about",
            format_func=lambda i: f"{name(node)} (the entity)" if i < 0 else claim_sentence(keys[i], name),
        )
        st.text_area("Note", key="w_edit_note_text", placeholder="An analyst's remark: what to check, why…")
        form_buttons("Save the note", on_note)


def on_note() -> None:
    node, note = selected_node(), text("w_edit_note_text")
    if node is None:
        return
    if not note:
        refuse("Note", "write the note.")
        return
    keys = list(dict.fromkeys((c.subject, c.relation, c.object) for c in claims_of(node)))
    about = int(state.widget("w_edit_note_about") or -1)
    on_claim = 0 <= about < len(keys)
    operation = AddNote(note, claim=keys[about]) if on_claim else AddNote(note, entity=node)
    edits.save("note", [operation], f"note on {edits.label_of(node)}")


# ---- Edit the entity ------------------------------------------------------------------------------


def entity_form(node: str) -> None:
    """New values for the entity's label, type, aliases, description and attributes, cited by a
    source or explained by an editor's note."""
    store = edits.store()
    if store is None or not store.has(node):
        return
    entity = store.entity(node).entity
    sources = source_search()
    with st.form("w_edit_form_entity", border=False):
        label, kind = st.columns([0.65, 0.35])
        label.text_input("Label", value=entity.label, key="w_edit_entity_label")
        types = list(dict.fromkeys([*ENTITY_TYPES, entity.type]))
        kind.selectbox("Type", types, index=types.index(entity.type), key="w_edit_entity_type")
        st.text_input("Aliases (separated by |)", value="|".join(entity.aliases), key="w_edit_entity_aliases")
        st.text_area("Description", value=entity.description, key="w_edit_entity_description", height=80)
        st.text_area(
            "Attributes (name=value, one a line)",
            value="\n".join(f"{key}={value}" for key, value in entity.attributes),
            key="w_edit_entity_attributes",
            height=80,
        )
        citation_fields(sources, quote=False)
        st.text_input("Or an editor's note: why (when no source is cited)", key="w_edit_reason")
        form_buttons("Save the entity", on_entity)


def attributes(lines: str) -> tuple[tuple[str, str], ...] | None:
    """``name=value`` lines as pairs; None (refused, the message says which line) when one is not."""
    pairs = []
    for line in (line.strip() for line in lines.splitlines()):
        if not line:
            continue
        name, sign, value = line.partition("=")
        if not sign or not name.strip():
            refuse("Attributes", f"'{line}' is not name=value.")
            return None
        pairs.append((name.strip(), value.strip()))
    return tuple(sorted(pairs))


def on_entity() -> None:
    node, reason = selected_node(), text("w_edit_reason")
    if node is None:
        return
    pairs = attributes(str(state.widget("w_edit_entity_attributes") or ""))
    if pairs is None:
        return
    citation = cited(optional=True)
    if citation is None:
        return
    source, added = citation
    if not source and not reason:
        refuse("Source", "an entity edit cites a source, or says why in an editor's note.")
        return
    aliases = tuple(part.strip() for part in text("w_edit_entity_aliases").split("|") if part.strip())
    operation = EditEntity(
        node,
        label=text("w_edit_entity_label"),
        type=str(state.widget("w_edit_entity_type") or ""),
        aliases=aliases,
        description=text("w_edit_entity_description"),
        attributes=pairs,
        source=source,
        locator=text("w_edit_locator") if source else "",
        reason=reason,
    )
    operations: list[Operation] = [*added, operation]
    edits.save("entity", operations, f"edited {edits.label_of(node)}" + (f" ({reason})" if reason else ""))


# ---- What the panel lists: notes, retracted claims ------------------------------------------------


def notes_and_retracted(loaded: LoadedGraph, node: str) -> None:
    """The notes on the entity and its claims; the retracted claims, with why, who and when."""
    source = state.source()
    if source is None:
        return
    name = namer(loaded)
    notes = cache.notes_for(source.url, source.version, node)
    if notes:
        st.markdown("#### Notes")
        st.markdown(
            "\n".join(
                f"- {md(note.text)}  \n  :small[:gray[{md(note.author)}, {md(note.written[:10])}"
                + (f" · on: {md(claim_sentence(note.claim, name))}" if note.claim else "")
                + "]]"
                for note in notes
            )
        )
    retracted = cache.retracted_for(source.url, source.version, node)
    if not st.toggle(f"Show retracted ({len(retracted)})", key="w_show_retracted"):
        return
    if not retracted:
        st.caption("No claim about it has been retracted.")
        return
    st.markdown(
        "\n".join(
            f"- ~~{md(claim_sentence(item.claim, name))}~~ · {md(item.claim.source)}  \n"
            f"  Retracted: {md(item.reason)} — {md(item.author)}, {md(item.written[:16].replace('T', ' '))}"
            f" (counts from {md(item.on)})"
            for item in retracted
        )
    )
