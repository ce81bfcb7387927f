"""Settings, declared once: every field of a view and every limit of the app.

After Datasette's ``SETTINGS``: each entry has a name, a default, a help text and a kind.

* **View settings** are the fields of :class:`graph.view.ViewSpec`; each field carries a
  :class:`Setting` in its metadata (see :func:`view_setting`). The app's sidebar, the URL
  of a shared view and the command line's view options are generated from them, so adding a
  filter is one field declaration plus its filter function.
* **Limits** (:data:`LIMITS`) are the budgets and thresholds that keep large graphs usable.
  Each can be overridden by an environment variable, read when the app or the command line
  starts (:func:`configure`), never at import.

>>> limit("lod_nodes")
10000
>>> with overridden(lod_nodes=500):
...     limit("lod_nodes")
500
>>> configure({"AGX_LOD_NODES": "20000"})["lod_nodes"]
20000
>>> configure({})["lod_nodes"]
10000
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from graph.errors import InputError

# ---- View settings ----------------------------------------------------------------------------

# How a view field is read from text (URL, command line) and which widget shows it:
#   types, relations — a comma-separated list of names; empty means "all" (None)
#   names            — a comma-separated list (never None)
#   date             — an ISO date (year, month or day)
#   entity           — an entity id
#   framework        — the id of a framework entity
#   depth            — a whole number from 0 to MAX_DEPTH
#   flag             — 1/0 (on the command line: an option without a value)
#   choice           — one of ``choices``
#   groups           — a comma-separated list of group numbers
KINDS = ("types", "relations", "names", "date", "entity", "framework", "depth", "flag", "choice", "groups")


@dataclass(frozen=True)
class Setting:
    """How one view field is shown, shared and typed.

    ``section``: the sidebar section whose widget edits it (None: no widget of its own).
    ``option``: the command-line option (None: not an option).
    """

    label: str
    help: str
    kind: str
    section: str | None = None
    option: str | None = None
    choices: tuple[str, ...] = ()
    # A choice may also be this prefix and a name the graph supplies (e.g. "attr:modularity_class").
    open_prefix: str = ""
    name: str = ""  # filled in from the field's name by view_settings()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown setting kind {self.kind!r}; known: {', '.join(KINDS)}")


def view_setting(
    default: Any,
    label: str,
    help: str,
    kind: str,
    section: str | None = None,
    option: str | None = None,
    choices: tuple[str, ...] = (),
    open_prefix: str = "",
) -> Any:
    """A dataclass field of ViewSpec with its :class:`Setting` (the one place a field is declared)."""
    return field(
        default=default,
        metadata={"setting": Setting(label, help, kind, section, option, choices, open_prefix)},
    )


# ---- Limits ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    """A budget or threshold: its default, what it is for, and the variable that overrides it."""

    name: str
    default: int
    help: str
    env: str


LIMITS: tuple[Limit, ...] = (
    Limit(
        "lod_nodes",
        10_000,
        "Most entities drawn one by one; a larger view is drawn as groups (level of detail). "
        "10,000 redraw in about a second in software-rendered Chromium on 2 cores.",
        "AGX_LOD_NODES",
    ),
    Limit(
        "small_graph",
        200,
        "Graphs up to this many entities (above readable_view) are laid out by ForceAtlas2; "
        "larger ones by igraph.",
        "AGX_SMALL_GRAPH",
    ),
    Limit(
        "large_graph",
        2_000,
        "Graphs above this many entities are cut into groups, each laid out on its own when first shown.",
        "AGX_LARGE_GRAPH",
    ),
    Limit(
        "max_group",
        2_500,
        "Most entities in one group of the clustered layout (one igraph call of about 0.3 s).",
        "AGX_MAX_GROUP",
    ),
    Limit(
        "min_group",
        12,
        "Communities smaller than this (and isolated entities) are pooled into shared groups.",
        "AGX_MIN_GROUP",
    ),
    Limit(
        "readable_view",
        150,
        "Views up to this many entities get a layout of their own, made so that every label can be read "
        "at the first frame; larger views keep the whole graph's positions.",
        "AGX_READABLE_VIEW",
    ),
    Limit(
        "label_view",
        1_000,
        "Views above this many entities show labels only when zoomed in, and hide links while moving.",
        "AGX_LABEL_VIEW",
    ),
    Limit(
        "edge_layer",
        2_000,
        "Views above this many links draw them as one light layer under the nodes (no arrows, no hover).",
        "AGX_EDGE_LAYER",
    ),
    Limit(
        "picker",
        2_000,
        "Above this many entities a picker asks for part of a name first and lists the best 100 matches.",
        "AGX_PICKER",
    ),
    Limit(
        "upload_megabytes",
        50,
        "Largest upload or unpacked archive, in megabytes (the browser's own cap is "
        "server.maxUploadSize in .streamlit/config.toml).",
        "AGX_UPLOAD_MEGABYTES",
    ),
    Limit(
        "max_elements",
        1_000_000,
        "Most entities + relations in one graph held in memory (an upload, --data); larger files are "
        "refused before they are parsed. A million took about 1.4 GB and 20 s to read and build here "
        "(bench/budget.py).",
        "AGX_MAX_ELEMENTS",
    ),
    Limit(
        "read_seconds",
        120,
        "Longest time, in seconds, the app spends reading and building one upload before it stops "
        "and says so.",
        "AGX_READ_SECONDS",
    ),
    Limit(
        "store_connect_seconds",
        5,
        "Longest wait, in seconds, for a PostgreSQL store's server to accept a connection and answer "
        "its greeting; a server that does not is reported (host and this setting) rather than waited for.",
        "AGX_STORE_CONNECT_SECONDS",
    ),
    Limit(
        "store_statement_seconds",
        300,
        "Longest time, in seconds, one statement may run on a PostgreSQL store (the server's "
        "statement_timeout); a writer waiting that long for another one's write gives up and says so "
        "(on a SQLite workspace too: its busy timeout).",
        "AGX_STORE_STATEMENT_SECONDS",
    ),
)
_BY_NAME = {item.name: item for item in LIMITS}
_current: dict[str, int] = {item.name: item.default for item in LIMITS}


@dataclass(frozen=True)
class TextSetting:
    """A setting whose value is text: its default, what it is for, and the variable that sets it."""

    name: str
    default: str
    help: str
    env: str


TEXT_SETTINGS: tuple[TextSetting, ...] = (
    TextSetting(
        "author",
        "",
        "Who the write log names for your merges, decisions, imports and edits; empty: the "
        "operating system's user name.",
        "AGX_AUTHOR",
    ),
)
_texts: dict[str, str] = {item.name: item.default for item in TEXT_SETTINGS}


def text_setting(name: str) -> str:
    """The value of text setting ``name`` in force (its default unless configured or set).

    >>> with text_overridden(author="Ana"):
    ...     text_setting("author")
    'Ana'
    """
    return _texts[name]


def set_text_setting(name: str, value: str) -> None:
    """Set a text setting for the rest of the process (the app's settings form)."""
    if name not in _texts:
        raise KeyError(f"unknown setting: {name}")
    _texts[name] = value.strip()


@contextmanager
def text_overridden(**values: str) -> Iterator[None]:
    """Set some text settings for the duration of a block (tests)."""
    before = dict(_texts)
    for name, value in values.items():
        set_text_setting(name, value)
    try:
        yield
    finally:
        _texts.clear()
        _texts.update(before)


def limit(name: str) -> int:
    """The value of limit ``name`` in force (its default unless configured or overridden)."""
    return _current[name]


def configure(environ: Mapping[str, str]) -> dict[str, int]:
    """Set every limit from ``environ`` (its variable when present, else its default).

    Called when the app or the command line starts. Raises InputError naming the variable
    when a value is not a positive whole number.
    """
    values = {}
    for item in LIMITS:
        text = environ.get(item.env, "").strip()
        if not text:
            values[item.name] = item.default
            continue
        try:
            number = int(text.replace("_", ""))
        except ValueError:
            number = 0
        if number <= 0:
            raise InputError(f"{item.env}={text!r} is not a positive whole number ({item.help})")
        values[item.name] = number
    _current.update(values)
    _texts.update({item.name: environ.get(item.env, item.default).strip() for item in TEXT_SETTINGS})
    return dict(values)


@contextmanager
def overridden(**values: int) -> Iterator[None]:
    """Set some limits for the duration of a block (tests, benchmarks)."""
    unknown = set(values) - set(_BY_NAME)
    if unknown:
        raise KeyError(f"unknown limit(s): {', '.join(sorted(unknown))}")
    before = dict(_current)
    _current.update(values)
    try:
        yield
    finally:
        _current.clear()
        _current.update(before)


def limits_markdown() -> str:
    """The limits as a Markdown table (the README's list is this text)."""
    rows = ["| limit | default | environment variable | what it bounds |", "|---|---|---|---|"]
    rows += [f"| `{item.name}` | {item.default:,} | `{item.env}` | {item.help} |" for item in LIMITS]
    rows += [
        f"| `{item.name}` | {item.default or '—'} | `{item.env}` | {item.help} |" for item in TEXT_SETTINGS
    ]
    return "\n".join(rows)
