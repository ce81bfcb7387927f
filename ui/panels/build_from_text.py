"""Build from text: paste an article, review the proposed claims, merge them as a new source, undo."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import streamlit as st

from graph.ingest import extract
from graph.ingest.workflow import merge, pending_conflicts, review
from graph.model import Dataset
from ui import cache, state, store_mode
from ui.panels.review import current_edits, missed_section, on_accept_all, review_table
from ui.panels.review_draft import (
    form_key,
    form_start,
    on_clear,
    on_discard_unreadable,
    restore,
    save,
    unreadable_kept,
)
from ui.state import LoadedGraph, Message
from ui.text import md


def on_propose() -> None:
    loaded = store_mode.shown()
    text = state.widget(form_key("text"), "") or ""
    if not text.strip():
        state.set_message("ingest", Message("error", "Paste the text of an article first."))
        return
    published = state.widget(form_key("date"))
    proposal = extract(
        text,
        title=state.widget(form_key("title")) or "Pasted article",
        url=state.widget(form_key("url")) or "",
        published=published.isoformat() if published else None,
        publisher=state.widget(form_key("publisher")) or "",
        author=state.widget(form_key("author")) or "",
        G=store_mode.gazetteer(text) or loaded.G,  # on a claims store, the names the text may mean
    )
    state.set_proposal((uuid.uuid4().hex, proposal))
    missing_date = (
        ""
        if published
        else " No publication date was given, so dates without a year (such as 'July 14') "
        "could not be read and events could not be matched by date: give the date for better proposals."
    )
    state.set_message(
        "ingest",
        Message(
            "success",
            f"{len(proposal.claims)} claims proposed from {len(proposal.sentences)} sentences.{missing_date}",
        ),
    )


def on_merge() -> None:
    """Write the accepted claims to the workspace (or store) at once: one transaction, undoable."""
    current = state.proposal()
    if current is None:
        return
    addition = review(current[1], current_edits())
    if store_mode.url() is None:  # held whole: checked with the dataset as any file is, first
        outcome = merge(store_mode.shown().G, addition)
        if outcome.graph is None:
            state.set_message("ingest", Message("error", outcome.message, outcome.report.format()))
            return
    message = store_mode.guarded_write(addition, current[1].source.title, "article merge")
    if message.level != "error":
        state.set_proposal(None)
    state.set_message("ingest", message)


def on_undo_merge() -> None:
    state.set_message("ingest", store_mode.undo())


def highlighted(proposal: Any) -> str:
    """The text with every recognised entity on a coloured background (the text itself escaped)."""
    pieces = []
    position = 0
    for mention in sorted(proposal.mentions, key=lambda m: m.start):
        if mention.start < position:
            continue
        pieces.append(md(proposal.text[position : mention.start]))
        colour = "orange" if mention.how == "new" else "blue"
        pieces.append(f":{colour}-background[{md(proposal.text[mention.start : mention.end])}]")
        position = mention.end
    pieces.append(md(proposal.text[position:]))
    return "".join(pieces)


def _form() -> None:
    """The article's form, its widgets starting from a review put back (review_draft.restore)."""
    start = form_start()
    st.text_area("Article text", value=start.text, key=form_key("text"), height=180)
    first, second = st.columns(2)
    first.text_input("Title", value=start.title, key=form_key("title"))
    second.text_input("Address (URL)", value=start.url, key=form_key("url"), placeholder="https://…")
    third, fourth, fifth = st.columns(3)
    third.date_input(
        "Published",
        key=form_key("date"),
        value=dt.date.fromisoformat(start.published) if start.published else None,
        format="YYYY-MM-DD",
        min_value=dt.date(1900, 1, 1),
        max_value=dt.date(2100, 12, 31),
    )
    fourth.text_input("Publisher", value=start.publisher, key=form_key("publisher"))
    fifth.text_input("Author", value=start.author, key=form_key("author"))


def _conflicts(loaded: LoadedGraph, key: str, addition: Dataset) -> None:
    edits = json.dumps(current_edits(), sort_keys=True, default=str)
    subjects = {claim.subject for claim in addition.claims}
    around = store_mode.entities_graph(subjects)  # on a claims store: what it says about them
    if around is not None:
        conflicts = tuple(pending_conflicts(around, addition))
    else:
        conflicts = cache.conflicts_for(loaded.G, loaded.token, addition, f"{key}:{edits}")
    if conflicts:
        st.warning(
            "These accepted claims disagree with what the dataset already says; merging keeps every "
            "version with its source:\n\n"
            + "\n".join(
                f"- {md(c.subject)} {md(c.relation)}: proposed {md(c.proposed)}, already "
                f"{md(', '.join(c.existing))}"
                for c in conflicts
            )
        )


SHOW = {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}


def ingest_panel(loaded: LoadedGraph) -> None:
    """The article form and its review, saved in the store as the reviewer works (review_draft)."""
    restore()
    _panel(loaded)
    save()


def _panel(loaded: LoadedGraph) -> None:
    st.markdown(
        "Paste an article: the app proposes sourced claims — entities it knows, new candidates, and "
        "relations, each with the sentence it came from. Review them (tick or untick, or edit the relation, "
        "object, start date or role), then merge the accepted ones into the workspace as a new source. "
        "Nothing changes until you merge; a merge is saved at once and can be undone. Your review is "
        "kept as you work: a reload finds it as you left it."
    )
    _form()
    left, right = st.columns(2)  # two to a row: the side panel is narrow (at 1280 px three were cut)
    left.button("Propose claims", on_click=on_propose, type="primary", key="w_propose")
    if state.proposal() is not None or state.widget(form_key("text")):
        right.button("Clear the article", on_click=on_clear, key="w_ingest_clear")
    if state.store_batches():
        st.button(
            "Undo the last merge", on_click=on_undo_merge, key="w_undo_merge", disabled=store_mode.read_only()
        )
    message = state.message("ingest")
    if message is not None:
        SHOW[message.level](md(message.text))
        if message.details:
            st.code(message.details, language=None)  # the import report, shown as text
    if unreadable_kept():
        st.button("Discard the saved review", on_click=on_discard_unreadable, key="w_draft_discard")
    if state.pending_write() is not None:  # a claims store refused ids it holds with other content
        st.button("Keep them apart under new ids", on_click=store_mode.keep_apart, key="w_keep_apart")
    current = state.proposal()
    if current is None:
        return
    key, proposal = current
    st.markdown("**The text, with what was recognised highlighted**")
    st.markdown(highlighted(proposal))
    first, second, third = st.columns(3)
    first.button("Accept all", on_click=on_accept_all, args=(True,), key="w_accept_all", width="stretch")
    second.button("Accept none", on_click=on_accept_all, args=(False,), key="w_accept_none", width="stretch")
    third.button(
        "Confident only", on_click=on_accept_all, args=(None,), key="w_accept_confident", width="stretch"
    )
    review_table(proposal)
    missed_section(proposal)
    addition = review(proposal, current_edits())
    _conflicts(loaded, key, addition)
    st.button(
        f"Merge {len(addition.claims)} accepted claims",
        on_click=on_merge,
        key="w_merge",
        disabled=store_mode.read_only(),
        help=f"Written to {store_mode.where()} at once; it can be undone.",
    )
