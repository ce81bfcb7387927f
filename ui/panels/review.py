"""Build from text, part two: the review of an article's proposal. The table of proposed claims
(tick, untick or edit each), and what the rules missed, added by hand: an entity the text names,
a claim read in one sentence (the sentences that name two or more entities but gave no claim are
listed first). Everything added is checked by graph.ingest.workflow and cited, like the rules'
claims, to the article and its sentence; the reviewer's ticks and edits are kept throughout.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from graph.errors import ReviewError
from graph.ingest import EDITABLE_FIELDS
from graph.ingest.confidence import is_confident
from graph.ingest.workflow import add_claim, add_entity, marked_sentence, quiet_sentences, text_entities
from graph.vocabulary import (
    ATTRIBUTES,
    DOMAIN_RANGE,
    ENTITY_TYPES,
    RELATIONS,
    is_attribute,
    phrase,
    relation_sentence,
)
from ui import state, store_mode
from ui.state import Message
from ui.text import md

# The types a reviewer adds from an article (an imported graph's "other" is not one).
NEW_TYPES = [kind for kind in ENTITY_TYPES if kind != "other"]


def _table_edits() -> dict[int, dict[str, Any]]:
    table = state.widget(state.review_table_key())
    edited = table.get("edited_rows", {}) if isinstance(table, dict) else {}
    return {int(index): dict(change) for index, change in edited.items()}


def current_edits() -> dict[int, dict[str, Any]]:
    """Every row's ticks and changes: the defaults chosen ("Accept all" …), then what was carried
    over from before the table last started again, then what was done in the table since."""
    current = state.proposal()
    count = len(current[1].claims) if current else 0
    defaults, carried, table = state.review_defaults(), state.review_carried(), _table_edits()
    edits = {}
    for index in range(count):
        row = {} if defaults is None else {"accept": defaults}
        row.update(carried.get(index, {}))
        row.update(table.get(index, {}))
        if row:
            edits[index] = row
    return edits


def on_accept_all(value: bool | None) -> None:
    """Tick every row (True), none (False) or the confident ones (None); the edits stay."""
    kept = {index: {k: v for k, v in row.items() if k != "accept"} for index, row in current_edits().items()}
    state.carry_review({index: row for index, row in kept.items() if row})
    state.set_review_defaults(value)


def _reads(names: dict[str, str], claim: Any) -> str:
    """A proposal as a person reads it: "Karel Novak holds an office in International Military
    Staff as Director General (from 2024-03-07)"."""
    return relation_sentence(
        names.get(claim.subject, claim.subject),
        claim.relation,
        claim.object if is_attribute(claim.relation) else names.get(claim.object, claim.object),
        claim.role,
        f"from {claim.start}" if claim.start else "",
    )


def review_table(proposal: Any) -> None:
    """The proposals, one row each: the claim as the rules proposed it, in words; the sentence
    with the words its rule matched in «»; the fields a reviewer may edit; the rule and its
    confidence. Every row starts from the reviewer's choices carried over. (Its values change
    only when the table starts again under a new key: the browser's grid drops its edits when
    the values under them change.)"""
    names = {entity.id: entity.label for entity in text_entities(proposal)}
    defaults, carried = state.review_defaults(), state.review_carried()
    rows = []
    for index, claim in enumerate(proposal.claims):
        change = carried.get(index, {})
        accept = is_confident(claim.confidence) if defaults is None else defaults
        rows.append(
            {
                "accept": change.get("accept", accept),
                "proposed": _reads(names, claim),
                "evidence": marked_sentence(proposal, index),
                "relation": change.get("relation", claim.relation),
                "object": change.get("object", claim.object),
                "start": change.get("start", claim.start or ""),
                "role": change.get("role", claim.role),
                "confidence": round(claim.confidence, 2),
                "rule": claim.rule,
                "subject": claim.subject,
                "note": claim.note,
            }
        )
    if not rows:
        st.info("The rules proposed no claim. Add what you read in the text below.")
        return
    st.data_editor(
        pd.DataFrame(rows),
        key=state.review_table_key(),
        hide_index=True,
        width="stretch",
        disabled=[column for column in rows[0] if column not in ("accept", *EDITABLE_FIELDS)],
        column_config={
            "relation": st.column_config.SelectboxColumn(
                "relation", options=sorted(RELATIONS) + sorted(ATTRIBUTES), required=True
            ),
            "proposed": st.column_config.TextColumn(
                "proposed",
                help="The claim as the rules proposed it, in words (edit it on the right)",
                width="large",
            ),
            "evidence": st.column_config.TextColumn(
                "evidence", help="The sentence, with the words the rule matched in «»", width="large"
            ),
        },
    )
    st.caption(
        "Keyboard: arrow keys move between cells, Space ticks or unticks, Enter edits; select a run of "
        "ticks and copy and paste it (Ctrl+C, Ctrl+V) to set many rows at once."
    )


# ---- What the rules missed ----------------------------------------------------------------------


def _grow(added: Any, ticked: int | None = None) -> None:
    """Keep ``added`` as the proposal under review, with every row's ticks and edits so far
    (and row ``ticked`` ticked: the reviewer's own claim)."""
    edits = current_edits()
    if ticked is not None:
        edits[ticked] = {**edits.get(ticked, {}), "accept": True}
    state.grow_proposal((state.proposal()[0], added), edits)


def on_add_entity() -> None:
    current = state.proposal()
    if current is None:
        return
    name = state.widget("w_missed_name", "") or ""
    try:
        added, node = add_entity(
            current[1], state.widget("w_missed_type", "person"), name, store_mode.gazetteer(name) or _graph()
        )
    except ReviewError as error:
        state.set_message("ingest_entity", Message("error", str(error)))
        return
    if node in {entity.id for entity in text_entities(current[1])}:
        said = "is among the text's entities already"
    else:
        said = "is known to the dataset; added" if added.matched != current[1].matched else "added as new"
        _grow(added)
    state.set_widgets(w_missed_name="", w_missed_subject=node)
    state.set_message(
        "ingest_entity", Message("success", f"{' '.join(name.split())} ({node}) {said}: pick it below.")
    )


def _graph() -> Any:
    return store_mode.shown().G


def on_add_claim() -> None:
    current = state.proposal()
    if current is None:
        return
    relation = state.widget("w_missed_relation") or ""
    target = state.widget("w_missed_value" if is_attribute(relation) else "w_missed_object") or ""
    try:
        added = add_claim(
            current[1],
            state.widget("w_missed_subject") or "",
            relation,
            str(target),
            int(state.widget("w_missed_sentence") or 0),
            start=(state.widget("w_missed_start") or "").strip() or None,
            role=state.widget("w_missed_role") or "",
        )
    except ReviewError as error:
        state.set_message("ingest_claim", Message("error", str(error)))
        return
    _grow(added, ticked=len(added.claims) - 1)
    state.set_widgets(w_missed_value="", w_missed_start="", w_missed_role="")
    state.set_message("ingest_entity", None)
    state.set_message(
        "ingest_claim",
        Message("success", f"Added as row {len(added.claims)}, ticked; it is merged with the others."),
    )


def _sentence_choice(proposal: Any, index: int) -> str:
    text = " ".join(proposal.sentence_text(index).split())
    return f"{index + 1}: {text[:90]}…" if len(text) > 90 else f"{index + 1}: {text}"


def _quiet(proposal: Any, names: dict[str, str]) -> list[int]:
    quiet = quiet_sentences(proposal)
    if quiet:
        said = "1 sentence names" if len(quiet) == 1 else f"{len(quiet)} sentences name"
        st.markdown(f"**{said} two or more entities but gave no claim** (read first):")
        box = st.container(height=260) if len(quiet) > 6 else st.container()  # a long article scrolls
        box.markdown(
            "\n".join(
                f"- {index + 1}: {md(' '.join(proposal.sentence_text(index).split()))} "
                f"*({md(', '.join(names.get(node, node) for node in ids))})*"
                for index, ids in quiet
            )
        )
    return [index for index, _ in quiet]


def _relations(subject_type: str) -> list[str]:
    """The relations by their phrase, those a subject of this type may have first, then the
    attributes (a value, not an entity)."""
    first = sorted(RELATIONS, key=lambda name: (subject_type not in DOMAIN_RANGE[name][0], phrase(name)))
    return first + sorted(ATTRIBUTES)


def _said(slot: Any) -> None:
    message = state.message(slot)
    if message is not None:
        (st.success if message.level == "success" else st.error)(md(message.text))


def missed_section(proposal: Any) -> None:
    """Add what the rules missed: an entity the text names, then a claim read in one sentence."""
    said = state.message("ingest_entity") or state.message("ingest_claim")
    with st.expander("Add what the rules missed", expanded=said is not None):
        entities = text_entities(proposal)
        names = {entity.id: entity.label for entity in entities}
        quiet = _quiet(proposal, names)
        st.markdown("**An entity the text names, not recognised**")
        name, kind = st.columns([0.62, 0.38])
        name.text_input(
            "Name, as the text gives it", key="w_missed_name", placeholder="e.g. Radosław Sikorski"
        )
        kind.selectbox("Type", NEW_TYPES, index=NEW_TYPES.index("person"), key="w_missed_type")
        st.button("Add the entity", on_click=on_add_entity, key="w_missed_add_entity")
        _said("ingest_entity")
        st.markdown("**A claim the text states**")
        sentences = list(range(len(proposal.sentences)))
        first = quiet[0] if quiet else 0
        st.selectbox(
            "Read in sentence",
            sentences,
            index=first,
            key="w_missed_sentence",
            format_func=lambda index: _sentence_choice(proposal, index),
        )
        ids = [entity.id for entity in entities]
        label = {entity.id: f"{entity.label} ({entity.type})" for entity in entities}
        subject = st.selectbox("Subject", ids, key="w_missed_subject", format_func=label.__getitem__)
        kinds = {entity.id: entity.type for entity in entities}
        chosen = st.selectbox(
            "Relation",
            _relations(kinds.get(subject or "", "")),
            key="w_missed_relation",
            format_func=lambda name: f"{phrase(name)}" if name in RELATIONS else f"{name} (a value)",
        )
        if is_attribute(chosen or ""):
            target = st.text_input("Value", key="w_missed_value")
        else:
            target = st.selectbox("Object", ids, key="w_missed_object", format_func=label.__getitem__)
        if subject and chosen and target:
            shown = target if is_attribute(chosen) else names.get(target, target)
            st.caption(f"Reads: {md(relation_sentence(names.get(subject, subject), chosen, shown))}")
        start, role = st.columns(2)
        start.text_input("Start (optional)", key="w_missed_start", placeholder="YYYY-MM-DD")
        role.text_input("Role (optional)", key="w_missed_role", placeholder="e.g. Foreign Minister")
        st.button("Add the claim", on_click=on_add_claim, key="w_missed_add_claim", type="primary")
        _said("ingest_claim")
