"""Duplicates: pairs of entities that may be one, side by side with their claims and sources; a
decision ("same", "not the same", "later") is written to the workspace's decisions table at once and
can be undone (graph/dedupe/)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from graph.dedupe import compare
from graph.model import Dataset, Decision
from graph.workspace import author_name
from ui import cache, state, store_mode
from ui.state import LoadedGraph, Message
from ui.text import md

SHOWN = 200  # the best pairs offered in the picker


def on_decide(left: str, right: str, kind: str) -> None:
    """Write the decision to the workspace (or store) at once: one transaction, undoable."""
    decision = Decision(left, right, kind, author_name(), dt.date.today().isoformat(), "")
    message = store_mode.guarded_write(Dataset(decisions=(decision,)), f"{kind}: {left}, {right}", "decision")
    if message.level == "success":
        words = {"same": "merged", "not_same": "kept apart", "later": "set aside for later"}[kind]
        message = Message("success", f"{left} and {right}: {words}. {message.text}", message.details)
    state.set_message("dedupe", message)


def on_undo() -> None:
    state.set_message("dedupe", store_mode.undo())


def duplicates_panel(loaded: LoadedGraph) -> None:
    st.markdown(
        "Entities of the same type whose names, aliases or offices suggest they may be one, best first. "
        "Compare them side by side; **Same** merges them (every claim keeps its source), **Not the same** "
        "and **Later** take the pair off the list. Decisions are kept in the dataset (`decisions.csv` "
        "in the tables export) and can be undone."
    )
    message = state.message("dedupe")
    if message is not None:
        (st.success if message.level == "success" else st.error)(md(message.text))
        if message.details:
            st.code(message.details, language=None)
    if state.store_batches():
        st.button(
            "Undo the last change", on_click=on_undo, key="w_dedupe_undo", disabled=store_mode.read_only()
        )
    found = cache.candidates_for(loaded.G, loaded.token)
    if not found:
        st.info("No pair of entities looks like a duplicate.")
        return
    shown = found[:SHOWN]
    index = st.selectbox(
        f"Pairs to review ({len(found):,})",
        range(len(shown)),
        key="w_dedupe_pair",
        format_func=lambda i: f"{shown[i].score:.2f} · {shown[i].left_label} ~ {shown[i].right_label}",
    )
    pair = shown[index if index is not None and index < len(shown) else 0]
    st.caption("Why: " + md("; ".join(pair.reasons)))
    comparison = compare(loaded.G, pair.left, pair.right)
    st.dataframe(
        pd.DataFrame(comparison.rows(), columns=["", pair.left_label, pair.right_label]),
        hide_index=True,
        width="stretch",
    )
    first, second, third = st.columns(3)
    first.button(
        "Same",
        on_click=on_decide,
        args=(pair.left, pair.right, "same"),
        type="primary",
        key="w_dedupe_same",
        width="stretch",
        disabled=store_mode.read_only(),
        help=f"Merge into {pair.left}",
    )
    second.button(
        "Not the same",
        on_click=on_decide,
        args=(pair.left, pair.right, "not_same"),
        key="w_dedupe_not_same",
        width="stretch",
        disabled=store_mode.read_only(),
    )
    third.button(
        "Later",
        on_click=on_decide,
        args=(pair.left, pair.right, "later"),
        key="w_dedupe_later",
        width="stretch",
        disabled=store_mode.read_only(),
    )
