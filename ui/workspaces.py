"""The workspace picker (in the sidebar) and the read-only banner.

A workspace is an embedded store in ``$AGX_HOME`` (graph/workspace.py): everything a person does
is written there at once. The picker opens one, makes a new one (from the bundled data or from a
file), renames, deletes after a confirmation, and downloads one as a tables zip (the backup that
``python -m graph workspace import`` restores).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from graph.errors import GraphError
from graph.workspace import (
    author_name,
    current_workspace,
    delete_workspace,
    export_workspace,
    list_workspaces,
    new_workspace,
    open_workspace,
    rename_workspace,
    usable_name,
)
from ui import cache, state
from ui.safety import LOG
from ui.state import Message
from ui.text import md


def unique_name(wanted: str) -> str:
    """``wanted``, or ``wanted 2``, ``wanted 3``… when a workspace already has that name."""
    taken = {workspace.name for workspace in list_workspaces()}
    name, number = usable_name(wanted)[:90].strip(), 2  # a file's name may hold <, /, …
    candidate = name
    while candidate in taken:
        candidate, number = f"{name} {number}", number + 1
    return candidate


def switch_to(name: str, message: Message | None = None) -> None:
    """Look at the workspace ``name`` from the whole graph; it becomes the current one (new sessions
    and the command line open it)."""
    open_workspace(name)
    state.open_workspace(name)
    state.set_confirming_delete(None)
    state.set_message("workspace", message)


def _guarded(action_name: str, action: Callable[[], None]) -> None:
    """Run a picker action; a refusal (a name taken, a file that cannot be written) is said."""
    try:
        action()
    except GraphError as error:
        state.set_message("workspace", Message("error", f"{action_name} was refused: {error}"))
    except OSError as error:
        LOG.exception("%s failed", action_name)
        state.set_message("workspace", Message("error", f"{action_name} failed: {error}"))


def on_open(key: str) -> None:
    """The picker's callback. A picker drawn before the app itself changed workspace (an older
    ``key``) speaks for a browser that had not yet seen the change: its value is not a choice."""
    if key != state.picker_key():
        return
    name = state.widget(key)
    if name and name != state.workspace_name():
        _guarded("Opening the workspace", lambda: switch_to(name))


def on_new() -> None:
    def make() -> None:
        name = unique_name(str(state.widget("w_workspace_new") or "NATO"))
        workspace = new_workspace(name, author=author_name())
        switch_to(
            workspace.name, Message("success", f"New workspace {workspace.name}, from the bundled data.")
        )
        state.set_widgets(w_workspace_new="")

    _guarded("Making the workspace", make)


def on_rename() -> None:
    old, new = state.workspace_name(), str(state.widget("w_workspace_rename") or "").strip()
    if not old or not new:
        return

    def rename() -> None:
        workspace = rename_workspace(old, new)
        cache.store_for.clear()  # its file moved: the old connection is not used again
        switch_to(workspace.name, Message("success", f"{old} is now called {workspace.name}."))
        state.set_widgets(w_workspace_rename="")

    _guarded("Renaming the workspace", rename)


def on_delete(confirmed: bool) -> None:
    name = state.workspace_name()
    if not confirmed:
        state.set_confirming_delete(name)
        return

    def delete() -> None:
        assert name is not None
        cache.store_for.clear()  # no connection keeps the deleted file open
        delete_workspace(name)
        state.set_confirming_delete(None)
        others = list_workspaces()
        # With none left, the current one is made again from the bundled data.
        following = others[0].name if others else current_workspace().name
        switch_to(following, Message("success", f"The workspace {name} was deleted."))

    _guarded("Deleting the workspace", delete)


def zipped(name: str) -> bytes:
    """The workspace as a tables zip (entities, claims, sources, decisions, and log.csv)."""
    for workspace in list_workspaces():
        if workspace.name == name:
            with tempfile.TemporaryDirectory() as folder:
                return export_workspace(workspace, Path(folder) / f"{name}.zip").read_bytes()
    raise GraphError(f"the workspace {name} is gone (deleted or renamed by another session)")


def picker() -> None:
    """The sidebar's workspace section, under the filters: pick one, or manage them."""
    bar = st.sidebar
    current = state.workspace_name()
    if cache.store_url() is not None:
        return  # --store or --data: no workspace to pick
    names = [workspace.name for workspace in list_workspaces()]
    bar.divider()
    bar.selectbox(
        "Workspace",
        names,
        index=names.index(current) if current in names else None,
        key=(key := state.picker_key()),
        on_change=on_open,
        args=(key,),
        help="Everything you merge, decide or upload is saved in the workspace at once.",
    )
    message = state.message("workspace")
    if message is not None:
        getattr(bar, message.level)(md(message.text))
    # Its widgets are drawn only when asked for: seven widgets cost every rerun about 10 ms.
    if bar.toggle("Manage workspaces", key="w_workspace_manage"):
        with bar.container(border=True):
            _manage(current)


def _manage(current: str | None) -> None:
    st.text_input("New workspace", key="w_workspace_new", placeholder="a name")
    st.button("New from the bundled data", on_click=on_new, key="w_workspace_new_bundled", width="stretch")
    st.caption("To make one from a file, upload it in the Import tab.")
    if not current:
        return
    st.text_input("Rename to", key="w_workspace_rename", placeholder=current)
    st.button("Rename", on_click=on_rename, key="w_workspace_do_rename", width="stretch")
    st.download_button(
        "Download as a tables zip",
        data=lambda: zipped(current),
        file_name=f"{current}.zip",
        mime="application/zip",
        key="w_workspace_download",
        on_click="ignore",
        width="stretch",
    )
    if state.confirming_delete() == current:
        st.warning(
            f"Delete the workspace {md(current)} and everything in it? Download it first to keep a copy."
        )
        first, second = st.columns(2)
        first.button(
            "Delete for good", on_click=on_delete, args=(True,), key="w_workspace_confirm", type="primary"
        )
        second.button("Keep it", on_click=state.set_confirming_delete, args=(None,), key="w_workspace_keep")
    else:
        st.button("Delete…", on_click=on_delete, args=(False,), key="w_workspace_delete", width="stretch")


def read_only_banner() -> None:
    """A banner over the page when the workspace's file can only be read."""
    source = state.source()
    if source is not None and source.read_only:
        st.warning(
            f"**{md(source.name)} is read-only**: its file can be read but not written, so merging, "
            "deciding, importing into it and undoing are turned off. To change it, make its file "
            "writable and reload, or download it (sidebar) and import it as a new workspace."
        )
