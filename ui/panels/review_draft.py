"""Build from text, part three: the review in progress, saved as the reviewer works.

What the article form holds, the proposal (with what was added by hand) and every row's tick
and edits are kept in the session's store, one draft per author (graph/ingest/draft.py,
graph/store/drafts.py), at the end of every run that changed them. A reload, a crash or a new
browser tab finds the review where it was left; each workspace keeps its own. A merge leaves
the form as it is on screen; "Clear the article" empties it and forgets the draft. A draft this
version cannot read is kept as it is (nothing is saved over it) until the reviewer discards it.
"""

from __future__ import annotations

import datetime as dt
import uuid

import streamlit as st

from graph.errors import GraphError
from graph.ingest.draft import (
    ArticleForm,
    DraftError,
    ReviewDraft,
    draft_from_json,
    draft_to_json,
    proposal_to_json,
)
from graph.ingest.workflow import review
from graph.workspace import author_name
from ui import cache, state, store_mode
from ui.panels.review import current_edits
from ui.state import Message
from ui.text import md

FIELDS = ("text", "title", "url", "publisher", "author")  # the form's text fields; and "date"


def form_key(name: str) -> str:
    """The widget key of the form's field ``name`` ("text", "title", "url", "date", "publisher",
    "author") in its current generation (a restore or a clear makes the widgets anew)."""
    generation = state.article_form()[0]
    return f"w_ingest_{name}" if generation == 0 else f"w_ingest_{name}_{generation}"


def form_start() -> ArticleForm:
    """The values the form's widgets start from (empty unless a review was put back)."""
    return state.article_form()[1] or ArticleForm()


def on_screen() -> ReviewDraft:
    """The review as it stands in this session."""
    published = state.widget(form_key("date"))
    form = ArticleForm(
        **{name: str(state.widget(form_key(name)) or "") for name in FIELDS},
        published=published.isoformat() if isinstance(published, dt.date) else None,
    )
    current = state.proposal()
    if current is None:
        return ReviewDraft(form)
    return ReviewDraft(form, current[1], current_edits(), state.review_defaults())


def _when(saved: str) -> str:
    """'2026-12-08 14:02 UTC' from the store's ISO time (as it is, if it is not one)."""
    try:
        return dt.datetime.fromisoformat(saved).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return saved


def _show(draft: ReviewDraft) -> None:
    """Put ``draft`` on screen: the form's widgets made anew from it, then the review."""
    state.start_article_form(draft.form)
    state.set_proposal(None if draft.proposal is None else (uuid.uuid4().hex, draft.proposal))
    if draft.proposal is not None:
        state.set_review_defaults(draft.defaults)
        state.carry_review({row: dict(change) for row, change in draft.edits.items()})


def _restored(draft: ReviewDraft, saved: str) -> Message:
    title = draft.form.title or "the pasted article"
    if draft.proposal is None:
        return Message("info", f"The article you were writing ({title}), saved {_when(saved)}, is back.")
    ticked = len(review(draft.proposal, {row: dict(change) for row, change in draft.edits.items()}).claims)
    return Message(
        "info",
        f"Your review of {title}, saved {_when(saved)}, is back as you left it: "
        f"{len(draft.proposal.claims)} claims proposed, {ticked} ticked.",
    )


def restore() -> None:
    """On a session's first run, and after a workspace switch: the review saved in the store back
    on screen (before the form is drawn)."""
    store_url, known = store_mode.target(), state.saved_draft()
    if store_url is None or (known is not None and known[0] == store_url):
        return
    try:
        saved = cache.store_for(store_url).draft(author_name())
    except GraphError as error:  # the store cannot be read now: nothing is saved over what it holds
        state.set_saved_draft(store_url, None, unreadable=True)
        state.set_message("ingest", Message("warning", f"Your saved review could not be read: {error}"))
        return
    if saved is None:
        if known is not None:  # a workspace switch: the review on screen belongs to the one left
            _show(ReviewDraft(ArticleForm()))
        state.set_saved_draft(store_url, None)
        return
    try:
        draft = draft_from_json(saved.body)
    except DraftError as error:
        state.set_saved_draft(store_url, saved.body, unreadable=True)
        state.set_message(
            "ingest",
            Message(
                "warning",
                f"The review you saved {_when(saved.saved)} in {store_mode.where()} could not be read "
                f"({error}). It is kept as it is, and what you do here is not saved, until you discard it.",
            ),
        )
        return
    _show(draft)
    state.set_saved_draft(store_url, saved.body)
    state.set_message("ingest", _restored(draft, saved.saved))


def save() -> None:
    """Keep the review as it stands in the store, if it changed since it was last kept (an empty
    form and no proposal: the draft is forgotten)."""
    store_url, known = store_mode.target(), state.saved_draft()
    if store_url is None or known is None or known[0] != store_url or known[2] or store_mode.read_only():
        return
    draft = on_screen()
    proposal = draft.proposal
    kept = (
        None
        if proposal is None
        else state.made_from("proposal_json", proposal, lambda: proposal_to_json(proposal))
    )
    body = None if draft.is_empty() else draft_to_json(draft, kept)
    if body == known[1]:
        return
    store = cache.store_for(store_url)
    try:  # never waiting behind another write: a later run saves it (graph/store/drafts.py)
        if body is None:
            done = store.drop_draft(author_name(), wait=False)
        else:
            done = store.save_draft(author_name(), body, wait=False) is not None
    except GraphError as error:
        st.warning(
            md(
                f"Your review could not be saved in {store_mode.where()}: {error} It stays in this "
                "browser tab until it is merged; a reload would lose it."
            )
        )
        return
    if not done:
        st.caption(
            f"Another write to {md(store_mode.where())} is under way: your review is kept here and "
            "is saved at your next step once that write is over (a reload before then would lose what "
            "changed since)."
        )
        return
    state.set_saved_draft(store_url, body)


def on_clear() -> None:
    """Empty the form and the review; the saved draft is forgotten at the end of the run."""
    _show(ReviewDraft(ArticleForm()))
    state.set_message("ingest", None)


def on_discard_unreadable() -> None:
    """Forget a saved review this version cannot read, so that the one on screen is saved again."""
    store_url = store_mode.target()
    if store_url is None:
        return
    try:
        cache.store_for(store_url).drop_draft(author_name())
    except GraphError as error:
        state.set_message("ingest", Message("error", f"The saved review could not be discarded: {error}"))
        return
    state.set_saved_draft(store_url, None)
    state.set_message("ingest", Message("success", "The saved review was discarded; this one is saved now."))


def unreadable_kept() -> bool:
    """True while a saved review that could not be read is kept (and the reviewer may discard it)."""
    known = state.saved_draft()
    return known is not None and known[2] and known[1] is not None
