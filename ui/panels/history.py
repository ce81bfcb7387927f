"""The History tab: every write to the workspace (when, who, kind, note, counts), with Undo of the
last write, Revert of an earlier one and Redo of an undone one (written again as a new write). A
refusal names the later write that blocks it, or what no longer fits, and changes nothing
(graph.errors.WriteConflictError, DatasetError)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from graph.errors import DatasetError, GraphError
from graph.store import WriteRecord
from graph.workspace import author_name
from ui import cache, state, store_mode
from ui.state import Message
from ui.text import md

# What a person reads first comes first: the side panel shows about four columns of ten (whether
# a write was undone, or redone, among them).
COLUMNS = ["write", "undone", "kind", "note", "who", "when", "entities", "claims", "sources", "decisions"]
WIDTHS = {
    **{name: st.column_config.Column(width="small") for name in COLUMNS if name not in ("when", "note")},
    "note": st.column_config.TextColumn(width="medium"),
}


def rows(records: Iterable[WriteRecord]) -> list[dict[str, object]]:
    """One row per write, newest first (also the Details panel's history of an entity)."""
    return [
        {
            "write": record.id,
            "when": record.written[:19].replace("T", " "),
            "who": record.author,
            "kind": record.kind,
            "note": record.note,
            "entities": record.entities,
            "claims": record.claims,
            "sources": record.sources,
            "decisions": record.decisions,
            "undone": _undone(record),
        }
        for record in records
    ]


def _undone(record: WriteRecord) -> str:
    if record.redone is not None:
        return f"redone as {record.redone}"  # undone, then written again
    return "yes" if record.undone else ""


def records() -> tuple[WriteRecord, ...]:
    source = state.source()
    return () if source is None else cache.history_for(source.url, source.version)


def find(batch: int) -> WriteRecord | None:
    return next((record for record in records() if record.id == batch), None)


def on_undo(batch: int) -> None:
    """Undo the last write (as listed when the button was drawn); an import is confirmed first."""
    record = find(batch)
    if record is not None and not _asks_first(record, "undo"):
        _take_back(record, "undo")


def on_revert() -> None:
    """Revert the write picked in the list, if no later write touched the same claims or entities
    (an import is confirmed first)."""
    batch = state.widget("w_revert_pick")
    record = find(int(batch)) if batch is not None else None
    if record is not None and not _asks_first(record, "revert"):
        _take_back(record, "revert")


def _asks_first(record: WriteRecord, how: str) -> bool:
    """An import (a whole dataset or an upload) may be all the workspace holds: the first click
    asks, the second (``on_confirm``) takes it back."""
    if record.kind != "import":
        return False
    state.set_confirming_undo((record.stamp, how))
    return True


def _asked() -> tuple[WriteRecord, str] | None:
    """The import waiting for confirmation, if it is still this workspace's and not taken back
    (the stamp names the author and time too, so another workspace's write 1 is never it)."""
    asked = state.confirming_undo()
    record = find(asked[0].batch) if asked else None
    if asked is None or record is None or record.undone or record.stamp != asked[0]:
        return None
    return record, asked[1]


def on_confirm() -> None:
    asked = _asked()
    state.set_confirming_undo(None)
    if asked is not None:
        _take_back(*asked)


def on_keep() -> None:
    state.set_confirming_undo(None)


def _take_back(record: WriteRecord, how: str) -> None:
    target = store_mode.target()
    if target is None:
        return
    store = cache.store_for(target)
    try:
        if how == "undo":
            result = store.undo(record.stamp, author=author_name())
        else:
            result = store.revert(record.stamp, author=author_name())
    except GraphError as error:  # a later write, or the store cannot write now: nothing changed
        state.set_message("history", Message("error", f"The {how} was refused; nothing changed. {error}"))
        return
    _forget(record.id)
    state.set_message("history", _done("undone" if how == "undo" else "reverted", record.id, result))


def on_redo(key: str) -> None:
    """Write the undone write picked in the list (widget ``key``) again, as a new write."""
    batch = state.widget(key)
    record = find(int(batch)) if batch is not None else None
    target = store_mode.target()
    if record is None or target is None:
        return
    try:
        result = cache.store_for(target).redo(record.stamp, author=author_name())
    except DatasetError as error:  # an id taken since by other content: named, field by field
        refused = f"The redo was refused; nothing changed. {error}"
        state.set_message("history", Message("error", refused, error.report.format()))
        return
    except GraphError as error:  # changed since, redone already, or the store cannot write now
        state.set_message("history", Message("error", f"The redo was refused; nothing changed. {error}"))
        return
    if store_mode.url() is not None:
        store_mode.refetch(())
    if result.batch is None:
        said = f"The workspace holds everything write {record.id} did already; nothing was written."
        state.set_message("history", Message("info", said))
        return
    state.set_message(
        "history",
        Message(
            "success",
            f"Write {record.id} was written again as write {result.batch}: {result.claims} claims, "
            f"{result.entities} entities, {result.sources} sources, {result.decisions} decisions. "
            "It can be undone.",
        ),
    )


def _redo(listed: tuple[WriteRecord, ...], read_only: bool) -> None:
    """The undone writes that can be written again, the last undone first (so undos in a row are
    redone in the order they were made), and the button that does it."""
    redoable = sorted(
        (record for record in listed if record.redoable), key=lambda r: r.undone_at, reverse=True
    )
    if not redoable:
        return
    first, second = st.columns([0.7, 0.3], vertical_alignment="bottom")
    by_id = {record.id: record for record in redoable}
    key = f"w_redo_pick_{redoable[0].id}"  # a new undo starts the list again on it
    first.selectbox(
        "An undone write",
        list(by_id),
        key=key,
        format_func=lambda batch: f"{batch}: {by_id[batch].kind}, {by_id[batch].note or 'no note'}",
    )
    second.button("Redo it", on_click=on_redo, args=(key,), key="w_history_redo", disabled=read_only)


def _confirmation() -> None:
    """Asked before an import is taken back: what it brought, and the two ways on."""
    asked = _asked()
    if asked is None:
        return
    record, how = asked
    st.warning(
        f"Write {record.id} ({md(record.kind)}: {md(record.note or 'no note')}) brought {record.entities:,} "
        f"entities, {record.claims:,} claims and {record.sources:,} sources. Taking it back removes them "
        "from the workspace until it is redone (Redo, below, writes it again)."
    )
    yes, no = st.columns(2)
    yes.button(
        f"{'Undo' if how == 'undo' else 'Revert'} write {record.id}",
        on_click=on_confirm,
        key="w_history_confirm",
        type="primary",
        width="stretch",
    )
    no.button("Keep it", on_click=on_keep, key="w_history_keep", width="stretch")


def _forget(batch: int) -> None:
    """The session's own undo (Build, Duplicates) no longer offers a write undone here."""
    last = state.last_store_batch()
    if last is not None and last.batch == batch:
        state.pop_store_batch()
    if store_mode.url() is not None:
        store_mode.refetch(())


def _done(how: str, batch: int, result: object) -> Message:
    claims = getattr(result, "claims", None)
    counted = f" ({claims} claims)" if claims is not None else ""
    return Message("success", f"Write {batch} was {how}{counted}; the view shows the workspace as it is now.")


def history_panel() -> None:
    source = state.source()
    if source is None:
        return
    st.markdown(
        f"Every write to {md(store_mode.where())}, newest first: article merges, hand edits, decisions, "
        "imports. Undo takes back the last write; Revert takes back an earlier one when no later write "
        "touched the same claims; Redo writes an undone one again, as a new write."
    )
    message = state.message("history")
    if message is not None:
        getattr(st, message.level)(md(message.text))
        if message.details:
            st.code(message.details, language=None)  # the refusal's report, field by field
    listed = records()
    if not listed:
        st.info("Nothing has been written yet.")
        return
    st.dataframe(
        pd.DataFrame(rows(listed), columns=COLUMNS),
        hide_index=True,
        width="stretch",
        key="w_log",
        column_config=WIDTHS,  # the note, the widest, is read without scrolling the table
    )
    _undo_and_revert(listed, source.read_only)
    _redo(listed, source.read_only)
    _confirmation()


def _undo_and_revert(listed: tuple[WriteRecord, ...], read_only: bool) -> None:
    """Undo of the last write still in force, and Revert of an earlier one."""
    live = [record for record in listed if not record.undone]
    if not live:
        return
    last = live[0]
    st.button(
        f"Undo the last write ({last.id}: {last.kind}, by {last.author})",
        on_click=on_undo,
        args=(last.id,),
        key="w_history_undo",
        disabled=read_only,
    )
    choices = [record.id for record in live[1:]]
    if not choices:
        return
    first, second = st.columns([0.7, 0.3], vertical_alignment="bottom")
    by_id = {record.id: record for record in live}
    first.selectbox(
        "An earlier write",
        choices,
        key="w_revert_pick",
        format_func=lambda batch: f"{batch}: {by_id[batch].kind}, {by_id[batch].note or 'no note'}",
    )
    second.button("Revert it", on_click=on_revert, key="w_history_revert", disabled=read_only)
