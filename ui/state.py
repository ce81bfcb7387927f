"""The session's state: the only module that reads or writes Streamlit's ``session_state``.

What a session holds, typed:

* the **view** (:class:`graph.view.ViewSpec`), which the URL mirrors;
* one **selection** (:class:`Selection`: a node, an edge, a group, or nothing);
* the **source** (:class:`Source`): the workspace (or ``--store``) this session reads and writes,
  as found at the start of the last run;
* the **loaded graph** (:class:`LoadedGraph`: on a store explored by search and expand, what has
  been fetched; None when the whole workspace is shown, shared by every session) and the writes
  this session made (undo);
* the last timeline step (the as-of dates before and after it: who joined or left on the way);
* messages for the next run (a refused link, an import report, the article builder's result)
  and the article proposal under review.

Panels read state through the functions here and change it through the actions here (select,
focus, step through time, open a graph, remember a write…); widget values are read and set through
:func:`widget` and :func:`set_widgets`, so no module invents a key of its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx
import streamlit as st

from graph.edits import Operation
from graph.errors import GraphError
from graph.model import Dataset
from graph.store import WriteStamp
from graph.view import ViewSpec, unknown_entities

GRAPH_KEY = "graph_view"  # the graph component's key: its click events arrive under it


@dataclass(frozen=True)
class LoadedGraph:
    """A graph a session opened (frozen: cached views and payloads share it)."""

    G: nx.MultiDiGraph
    token: str  # the cache key of everything computed from this graph
    name: str  # what the user sees: file names, or the dataset and merged sources


@dataclass(frozen=True)
class Source:
    """Where a session's data lives, found at the start of each run (ui/store_mode.py: resolve)."""

    url: str  # the store read and written: a workspace's SQLite file, or --store URL
    name: str  # what the user sees: the workspace's name, or the store's URL without password
    version: str  # the store's version when the run started (changes with every write)
    whole: bool  # held whole in memory (within the budget); else explored by search and expand
    read_only: bool  # the file could be opened only for reading: nothing may be written
    workspace: bool  # a workspace of $AGX_HOME (the picker manages it), not a --store


@dataclass(frozen=True)
class Selection:
    """What the details panel shows: a node (entity id), an edge (edge id) or a group (0-based index)."""

    kind: Literal["node", "edge", "group"]
    id: str | int


@dataclass(frozen=True)
class Message:
    """A message for the user, shown once or until replaced; ``details`` is shown as plain text."""

    level: Literal["success", "info", "warning", "error"]
    text: str
    details: str = ""


_state: Any = st.session_state  # the one reference to Streamlit's session state


# ---- The view and the selection -----------------------------------------------------------------


def init(query_params: Mapping[str, str | list[str]], G: Container[str]) -> None:
    """On a session's first run, read the view from the URL (a shared link); later runs keep theirs."""
    if "spec" in _state:
        return
    try:
        initial = ViewSpec.from_query_params(query_params)
    except GraphError as error:
        _state["url_error"] = f"The link's view could not be used: {error}"
        initial = ViewSpec()
    initial, problems = unknown_entities(G, initial)
    if problems:
        _state["url_error"] = " ".join(problems)
    _state["spec"] = initial
    _state["selection"] = Selection("node", initial.selected) if initial.selected else None
    _state["widgets_stale"] = True
    # A link to a path or a comparison opens the tab that lists it (a closed tab is not drawn).
    if initial.path:
        _state["w_tab"] = "Paths"
    elif initial.changed_from:
        _state["w_tab"] = "Time"


def spec() -> ViewSpec:
    return _state["spec"]


def selection() -> Selection | None:
    return _state.get("selection")


def set_spec(new: ViewSpec) -> None:
    """Show ``new``: the view, its selected node and every sidebar widget follow it."""
    _state["spec"] = new
    current = selection()
    if new.selected:
        _state["selection"] = Selection("node", new.selected)
    elif current is not None and current.kind == "node":
        _state["selection"] = None
    _state["widgets_stale"] = True


def select(kind: Literal["node", "edge", "group"] | None, item: str | int | None = None) -> None:
    """Select a node, an edge or a group (or nothing); only a node is part of the view (and URL).
    The Details tab opens to show it."""
    chosen = Selection(kind, item) if kind is not None and item is not None else None
    if chosen != _state.get("selection") and _state.get("edit_form") != "new_entity":
        # A form of the Details panel is about the entity it was opened on: another one closes it.
        _state["edit_form"] = _state["held_edit"] = _state["message_edit"] = None
    _state["selection"] = chosen
    if kind is not None:
        _state["w_tab"] = "Details"
    node = str(item) if kind == "node" and item is not None else None
    _state["spec"] = spec().with_changes(selected=node, preset=spec().preset)


def clear_selection() -> None:
    select(None)


def change_view(make: Callable[[], ViewSpec]) -> None:
    """Show the view ``make()`` returns; when it refuses the change (two dates in the wrong order),
    keep the current view, say why on the next run, and set the widgets back."""
    try:
        new = make()
    except GraphError as error:
        _state["url_error"] = f"The view was not changed: {error}"
        _state["widgets_stale"] = True
        return
    set_spec(new)


def show_path(ends: tuple[str, str] | None) -> None:
    """Draw the shortest paths between two entities on the graph (None: no path); the URL keeps them."""
    current = spec()
    set_spec(current.with_changes(path=ends or (), preset=current.preset))


def focus_on(node: str) -> None:
    set_spec(spec().with_changes(focus=node, selected=node))


def expand_group(index: int) -> None:
    """Show a group node by node (an aggregated view); it stays expanded across filters."""
    current = spec()
    if str(index + 1) not in current.expanded:
        set_spec(current.with_changes(expanded=(*current.expanded, str(index + 1)), preset=current.preset))
    _state["selection"] = Selection("group", index)


def collapse_groups(index: int | None = None) -> None:
    """Draw one group (or all, without ``index``) as a single node again."""
    current = spec()
    kept = () if index is None else tuple(item for item in current.expanded if item != str(index + 1))
    set_spec(current.with_changes(expanded=kept, preset=current.preset))


# ---- Time: the timeline and a comparison of two dates ---------------------------------------------


def set_as_of(day: str | None) -> None:
    """Show the view as of ``day`` (a timeline step): the preset and the selection stay, and a
    comparison of two dates ends (it would hide the as-of date). The step is remembered, so
    the graph and the Time tab can say who joined or left on the way (:func:`last_step`)."""
    current = spec()
    _state["last_step"] = (current.as_of, day)
    set_spec(current.with_changes(as_of=day, changed_from=None, changed_to=None, preset=current.preset))


def last_step() -> tuple[str, str] | None:
    """The as-of date before the last step and the one it led to, while the view still shows the
    second and both are dates; None otherwise (no step yet, or the view has changed since)."""
    step = _state.get("last_step")
    if not step or None in step or step[0] == step[1] or spec().as_of != step[1]:
        return None
    return step[0], step[1]


def compare(first: str | None, second: str | None) -> None:
    """Show what changed after ``first`` up to ``second`` (None: today); None for ``first`` ends it."""
    current = spec()
    change_view(lambda: current.with_changes(changed_from=first, changed_to=second, preset=current.preset))


def playing() -> bool:
    """True while the timeline plays (a timer in the page asks for each next step)."""
    return bool(_state.get("playing"))


def play() -> None:
    _state["playing"] = True


def pause() -> None:
    _state["playing"] = False


# ---- Widgets --------------------------------------------------------------------------------------


def reset_widgets() -> None:
    """Set every generated widget back from the view on the next run (a value the view refused)."""
    _state["widgets_stale"] = True


def widgets_stale() -> bool:
    """True once after the view changed: the sidebar then sets its widgets from spec() before drawing."""
    return bool(_state.pop("widgets_stale", False))


def widget(key: str, default: Any = None) -> Any:
    """The current value of the widget ``key`` (in a callback, the value just chosen)."""
    return _state.get(key, default)


def set_widgets(**values: Any) -> None:
    """Set widget values before they are drawn (e.g. clear a search box after it was used)."""
    for key, value in values.items():
        _state[key] = value


def graph_event(name: Literal["click", "dblclick"]) -> dict[str, Any] | None:
    """The graph component's latest ``click`` or ``dblclick`` event."""
    return (_state.get(GRAPH_KEY) or {}).get(name)


# ---- The loaded graph, uploads and merges ---------------------------------------------------------


def source() -> Source | None:
    """Where this session's data lives (None before the first run found it)."""
    return _state.get("source")


def set_source(value: Source) -> None:
    _state["source"] = value


def workspace_name() -> str | None:
    """The workspace this session looks at (None: the current one, taken on the first run)."""
    return _state.get("workspace")


def set_workspace_name(name: str) -> None:
    _state["workspace"] = name


def picker_key() -> str:
    """The workspace picker's widget key, new each time the app itself changes the workspace
    looked at (an upload saved, a workspace made, renamed or deleted, or picked). A browser sends
    every widget's value with each click; one that had not yet drawn the new workspace in the
    picker sent the old one, which read as the person picking it again: a filter chip clicked
    while an upload became its workspace reopened the workspace left (bench/large.py, about one
    run in three). The picker's callback ignores a value sent for an older key."""
    return f"w_workspace_{_state.get('picker_generation', 0)}"


def _new_picker() -> None:
    _state["picker_generation"] = _state.get("picker_generation", 0) + 1


def open_workspace(name: str, view: ViewSpec | None = None) -> None:
    """Look at the workspace ``name`` from ``view`` (default: the whole graph); this session's
    writes stay in that workspace's history, and undo is there (History tab)."""
    _state["workspace"] = name
    _new_picker()  # the picker shows it
    _state["store_batches"] = []
    _state["proposal"] = None
    _state["pending_write"] = None
    open_graph(None, view)


def _adopt_workspace(name: str) -> None:
    """Look at the workspace ``name`` that the graph on screen was just saved as: the view, the
    selection and what the person changed meanwhile stay (a filter set while it was saved)."""
    _state["workspace"] = name
    _new_picker()
    _state["store_batches"] = []
    _state["proposal"] = None
    _state["pending_write"] = None
    show_graph(None)


def confirming_delete() -> str | None:
    """The workspace the user asked to delete, waiting for the confirmation."""
    return _state.get("confirm_delete")


def set_confirming_delete(name: str | None) -> None:
    _state["confirm_delete"] = name


def confirming_undo() -> tuple[WriteStamp, str] | None:
    """The write (an import) the user asked to undo or revert ("undo", "revert"), waiting for the
    confirmation."""
    return _state.get("confirm_undo")


def set_confirming_undo(value: tuple[WriteStamp, str] | None) -> None:
    _state["confirm_undo"] = value


def loaded() -> LoadedGraph | None:
    """What this session fetched from a store explored by search and expand; None when the whole
    workspace is shown."""
    return _state.get("loaded")


def open_graph(graph: LoadedGraph | None, view: ViewSpec | None = None) -> None:
    """Look at ``graph`` (None: the whole workspace) from ``view`` (default: the whole graph)."""
    # Streamlit keeps a replaced value until the run ends; deleting it first lets the old graph
    # go now, so this run's cache.settle() gives its memory back.
    _state.pop("loaded", None)
    _state["loaded"] = graph
    _state["selection"] = None
    set_spec(view or ViewSpec())


def show_graph(graph: LoadedGraph | None) -> None:
    """Look at ``graph`` with the same view and selection (a claims store's graph after a fetch)."""
    _state.pop("loaded", None)
    _state["loaded"] = graph
    _state["widgets_stale"] = True


def push_store_batch(stamp: WriteStamp) -> None:
    """Remember a write this session made to the claims store: its id, author and time (so it
    can be undone, and no other write in its place)."""
    _state.setdefault("store_batches", []).append(stamp)


def last_store_batch() -> WriteStamp | None:
    """The session's last write to the store, still remembered (undo removes it only once done)."""
    batches = _state.get("store_batches") or []
    return batches[-1] if batches else None


def pop_store_batch() -> WriteStamp | None:
    batches = _state.get("store_batches") or []
    return batches.pop() if batches else None


def store_batches() -> int:
    return len(_state.get("store_batches") or [])


# ---- Hand edits: the open form, and an edit held back by "did you mean …?" -------------------------


@dataclass(frozen=True)
class HeldEdit:
    """An edit held back because a new entity's name matches stored ones (``similar``: new id →
    the ids it may be), kept until the user picks one of them or says it is another entity."""

    form: str  # the form it came from (it stays open, with what was typed)
    operations: tuple[Operation, ...]
    note: str
    similar: dict[str, list[str]]


def edit_form() -> str | None:
    """The edit form open in the Details panel (``relation``, ``retract``, ``new_entity``…), or None."""
    return _state.get("edit_form")


def open_edit_form(name: str) -> None:
    """Open one edit form (one at a time): what another form held back is dropped."""
    _state["edit_form"] = name
    _state["held_edit"] = None
    _state["message_edit"] = None


def open_new_entity_form() -> None:
    """The header's "+ New entity": its form opens in the Details tab."""
    open_edit_form("new_entity")
    _state["w_tab"] = "Details"


def close_edit_form() -> None:
    """Close the open form (saved, or cancelled: Cancel or Escape); its fields start empty next time."""
    _state["edit_form"] = None
    _state["held_edit"] = None


def held_edit() -> HeldEdit | None:
    return _state.get("held_edit")


def set_held_edit(value: HeldEdit | None) -> None:
    _state["held_edit"] = value


# ---- Messages and the article under review --------------------------------------------------------


def take_url_error() -> str | None:
    """The message about an unusable link or a refused change of the view, once."""
    return _state.pop("url_error", None)


Slot = Literal[
    "import", "ingest", "ingest_entity", "ingest_claim", "dedupe", "store", "workspace", "history", "edit"
]


def set_message(slot: Slot, message: Message | None) -> None:
    _state[f"message_{slot}"] = message


def message(slot: Slot) -> Message | None:
    return _state.get(f"message_{slot}")


def pending_write() -> tuple[Dataset, str, str] | None:
    """A write the store refused because ids it holds have other content: (addition, note, kind), kept
    until the user chooses to keep them apart under new ids or leaves it."""
    return _state.get("pending_write")


def set_pending_write(value: tuple[Dataset, str, str] | None) -> None:
    _state["pending_write"] = value


def proposal() -> Any:
    """The article proposal under review, as (key, graph.ingest Proposal), or None."""
    return _state.get("proposal")


def set_proposal(value: Any) -> None:
    """A new article under review: its table starts from the rules' choices."""
    _state["proposal"] = value
    _state["review_defaults"] = None
    _state["review_carried"] = {}
    _state["message_ingest_entity"] = _state["message_ingest_claim"] = None
    _state["review_version"] = _state.get("review_version", 0) + 1


def grow_proposal(value: Any, edits: dict[int, dict[str, Any]]) -> None:
    """The same article's proposal with what the reviewer added; ``edits`` (every row's ticks and
    changes so far) carry over to the table, which starts again with one row more."""
    _state["proposal"] = value
    carry_review(edits)


def review_carried() -> dict[int, dict[str, Any]]:
    """The reviewer's ticks and changes from before the table last started again, by row."""
    return _state.get("review_carried") or {}


def carry_review(edits: dict[int, dict[str, Any]]) -> None:
    """Start the review table again from ``edits`` (its widget cannot grow a row, nor change its
    ticks from outside, and keep what was done in it)."""
    _state["review_carried"] = edits
    _state["review_version"] = _state.get("review_version", 0) + 1


def review_table_key() -> str:
    """The review table's widget key: a new one when the table must start again from its defaults."""
    return f"proposal_table_{_state.get('review_version', 0)}"


def review_defaults() -> bool | None:
    """Whether every proposal starts ticked (True), unticked (False) or by confidence (None)."""
    return _state.get("review_defaults")


def set_review_defaults(value: bool | None) -> None:
    _state["review_defaults"] = value
    _state["review_version"] = _state.get("review_version", 0) + 1


def article_form() -> tuple[int, Any]:
    """The article form's generation (its widgets' keys end with it; 0: the plain keys) and the
    values they start from (a graph.ingest.draft ArticleForm, or None: empty)."""
    return _state.get("article_form") or (0, None)


def start_article_form(values: Any) -> None:
    """The form's widgets made anew, starting from ``values``: new keys, whose first value is
    their default. (Values set in session state for the old keys were, in a browser test after
    a reload, never shown 3 times in 6 while the server held them; the likely cause is the run
    that set them being cut short by the next. With new keys: shown every time, 11 runs.)"""
    _state["article_form"] = (article_form()[0] + 1, values)


def made_from(name: str, source: Any, make: Callable[[], str]) -> str:
    """``make()``, kept in the session under ``name`` while it is made from the very same object
    ``source`` (held here, so compared by identity): a costly text of what the session holds."""
    held = _state.get(f"made_{name}")
    if held is None or held[0] is not source:
        held = (source, make())
        _state[f"made_{name}"] = held
    return str(held[1])


def saved_draft() -> tuple[str, str | None, bool] | None:
    """The store whose saved review this session has read, the draft's text there now (None: no
    draft), and whether it could not be read (then it is kept, and nothing is saved over it);
    None before the session read one (it reads again after a workspace switch)."""
    return _state.get("saved_draft")


def set_saved_draft(store_url: str, body: str | None, unreadable: bool = False) -> None:
    _state["saved_draft"] = (store_url, body, unreadable)


def neighbour_ids() -> list[str]:
    return _state.get("neighbour_ids") or []


def set_neighbour_ids(ids: list[str]) -> None:
    _state["neighbour_ids"] = ids


def table_ids(kind: str) -> list[str]:
    """The ids of the Tables tab's rows of ``kind`` (node or edge), in the order they were drawn."""
    return (_state.get("table_ids") or {}).get(kind) or []


def set_table_ids(kind: str, ids: list[str]) -> None:
    _state.setdefault("table_ids", {})[kind] = ids


def still_wanted(upload_key: str, file_ids: list[str]) -> None:
    """Stop this run when the session has closed or has changed the files of the uploader
    ``upload_key`` since ``file_ids`` were read; long work calls this now and then
    (graph.budget.limited's cancel hook) and is then abandoned.

    The pending request is looked at first (Streamlit's ScriptRequests, private in 1.67): a
    stop (a closed page; with fast reruns, Streamlit's default, also any newer request of the
    page, which then runs beside this one) or a rerun whose uploader holds other files goes to
    Streamlit's yield point, which raises its StopException or RerunException; a rerun that
    leaves the uploader as it is lets the reading finish. An upload stopped while the page
    is still open is read again by the next run (see :class:`UploadWork`). Should those
    internals change, every request stops the work.
    """
    if _upload_superseded(upload_key, file_ids):
        _ = "loaded" in _state  # Streamlit's yield point: raises its Stop- or RerunException


def _upload_superseded(upload_key: str, file_ids: list[str]) -> bool:
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType

    requests = getattr(get_script_run_ctx(suppress_warning=True), "script_requests", None)
    kind = getattr(requests, "_state", None)
    if requests is None or kind is None:
        return True  # not in a session we can read: let Streamlit decide
    if kind != ScriptRequestType.RERUN:
        return kind == ScriptRequestType.STOP
    widgets = getattr(getattr(requests, "_rerun_data", None), "widget_states", None)
    for widget in getattr(widgets, "widgets", ()):
        if widget.id.endswith(f"-{upload_key}"):
            files = widget.file_uploader_state_value.uploaded_file_info
            return [info.file_id for info in files] != file_ids
    return False  # a rerun that does not touch the uploader: finish reading first


@dataclass(frozen=True)
class UploadOutcome:
    """What reading and saving an upload came to: a message, and the workspace made from it to open
    (with the view to open it in), if one was made."""

    message: Message
    workspace: str | None = None
    view: ViewSpec | None = None
    saving: PendingSave | None = None  # read, to be saved as a new workspace at the end of the run
    keep_view: bool = False  # the workspace is the upload already shown: keep the view the person has


@dataclass(frozen=True)
class PendingSave:
    """An upload read and shown at once, saved as the new workspace ``name`` at the end of the run
    that shows it (after its graph has been sent to the browser): the upload's first frame does
    not wait for the write. ``loaded`` is then shown as that workspace's graph (same token: no
    second layout or drawing)."""

    name: str
    loaded: LoadedGraph
    view: ViewSpec
    files: str  # the uploaded files' names, for messages
    summary: str  # the import report's summary
    details: str  # the import report's lines


@dataclass
class UploadWork:
    """A session's upload while it is read and saved, seen by every run of the session's page.

    With fast reruns (Streamlit's default) a click asks the running run to stop and starts the
    next one at once, beside it; a stopped run raises at its next touch of the session state, so
    it could not say what it had done. The lock is held while an upload is read and saved: the
    next run waits for the stopped one, then finds the upload still ``pending`` (its reading was
    stopped: read it again) or its ``outcome`` (show it). These are plain attributes, written
    without touching the session state, so a run being stopped still records them.
    """

    lock: threading.Lock = field(default_factory=threading.Lock)
    pending: list[str] | None = None  # the file ids whose reading started and did not end
    outcome: UploadOutcome | None = None  # recorded by the run that saved it, until shown
    saving: PendingSave | None = None  # read and shown, not yet saved (see PendingSave)
    shown: int = 0  # the runs that ended showing ``saving``
    fallback: threading.Timer | None = None  # saves it if the browser never reports it drawn
    writing: bool = False  # ``saving`` is being written by a thread of its own (the page stays free)


def upload_work() -> UploadWork:
    """The session's :class:`UploadWork` (made on first use)."""
    work = _state.get("upload_work")
    if work is None:
        work = _state["upload_work"] = UploadWork()
    return work


def show_upload_outcome(work: UploadWork) -> None:
    """Open the workspace an upload became and show its message, then forget the outcome (only
    then: a run stopped on the way leaves it for the next run, and opening twice is harmless).
    Called where a callback runs, before the workspace picker is drawn."""
    outcome = work.outcome
    if outcome is None:
        return
    if outcome.saving is not None:  # shown now, saved once the browser has drawn it
        work.saving, work.shown = outcome.saving, 0
        open_graph(outcome.saving.loaded, outcome.saving.view)
    if outcome.workspace is not None and outcome.keep_view:
        _adopt_workspace(outcome.workspace)
    elif outcome.workspace is not None:
        open_workspace(outcome.workspace, outcome.view)
    set_message("import", outcome.message)
    work.outcome = None


def saving_upload() -> PendingSave | None:
    """The upload this session shows while it is being saved as a new workspace (None: none)."""
    work = _state.get("upload_work")
    return work.saving if work is not None else None


def download_failures() -> dict[str, str]:
    """Failures of this session's downloads, written by the download callables (which Streamlit
    runs outside the script) and shown by the Export tab on its next run."""
    return _state.setdefault("download_failures", {})


def first_run() -> bool:
    """True only on a session's first run (after that, False whatever caused the run)."""
    if _state.get("painted"):
        return False
    _state["painted"] = True
    return True
