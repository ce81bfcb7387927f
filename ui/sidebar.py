"""The sidebar: one widget per view field, generated from the settings table (search and presets are
in the header, ui/header.py).

Each field of :class:`graph.view.ViewSpec` with a ``section`` gets the widget of its kind
(:data:`WIDGETS`); its key is ``w_<field>`` and its callback writes the field back into the
view. Adding a filter to the view adds its widget here with no code of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

import graph
from graph.query import Catalogue
from graph.settings import Setting, limit
from graph.view import ARTICLE_DATE, ATTRIBUTE_PREFIX, MAX_DEPTH, today, view_settings
from graph.vocabulary import RELATIONS, phrase
from ui import cache, state, store_mode
from ui.state import LoadedGraph
from ui.text import md


def key_of(name: str) -> str:
    return f"w_{name}"


# ---- Entity pickers -----------------------------------------------------------------------------


def entity_picker(
    container: Any, label: str, key: str, loaded: LoadedGraph, default: str | None = None, **options: Any
) -> str | None:
    """A selectbox of entities, showing ``default`` until the user picks one. On a large graph (over
    the ``picker`` limit) a search box comes first and the selectbox lists its best 100 matches, so
    no rerun sends (and no browser renders) 50,000 options."""
    G = loaded.G
    listing = cache.catalogue_for(G, loaded.token)
    if len(listing.by_label) <= limit("picker"):
        index = listing.by_label.index(default) if default in G else None
        return container.selectbox(
            label, listing.by_label, index=index, key=key, format_func=listing.choice_labels.get, **options
        )
    query = container.text_input(
        f"{label} · type part of a name",
        key=f"{key}_query",
        persist_state=options.get("persist_state"),
        placeholder=f"{len(listing.by_label):,} entities",
    )
    matches = [match.id for match in graph.search(G, query, limit=100)] if query.strip() else []
    current = state.widget(key, default)
    choices = ([current] if current in G and current not in matches else []) + matches
    if query.strip() and not matches:
        options["placeholder"] = "No match: try another spelling"
    return container.selectbox(
        label,
        choices,
        index=choices.index(current) if current in choices else None,
        key=key,
        format_func=listing.choice_labels.get,
        **options,
    )


# ---- One widget per kind of view field ----------------------------------------------------------


def to_widget(setting: Setting, value: Any, listing: Catalogue) -> Any:
    """The widget value that shows a view field's ``value``."""
    if setting.kind == "types":
        return list(value) if value is not None else list(listing.type_counts)
    if setting.kind == "relations":
        return list(value) if value is not None else list(listing.relation_counts)
    if setting.kind == "date":
        return value or ""
    return value


def from_widget(setting: Setting, value: Any, listing: Catalogue) -> Any:
    """A view field's value from its widget's: "every type" is stored as None (all, even new ones)."""
    if setting.kind in ("types", "relations"):
        return None if set(value) >= set(_listed(setting, listing)) else tuple(sorted(value))
    if setting.kind == "date":
        return " ".join(str(value or "").split()) or None
    return value


def stale_choice(setting: Setting, value: Any, listing: Catalogue) -> bool:
    """True when a list widget holds options this graph does not have: they can only come from the
    browser's older page (another graph's, or counts before a write), whose widget state a rerun
    may carry when it was sent before the browser applied the last run's values. The widget is set
    back from the view, with no message: the person chose nothing.
    """
    if setting.kind not in ("types", "relations"):
        return False
    return not set(value or ()) <= set(_listed(setting, listing))


def _listed(setting: Setting, listing: Catalogue) -> dict[str, int]:
    """What a list widget offers: the graph's entity types or its relations, with their counts."""
    return listing.type_counts if setting.kind == "types" else listing.relation_counts


def on_field(name: str) -> None:
    """A generated widget changed: write its field into the view (a manual change leaves the preset)."""
    loaded = store_mode.shown()
    listing = cache.catalogue_for(loaded.G, loaded.token)
    setting, chosen = view_settings()[name], state.widget(key_of(name))
    if stale_choice(setting, chosen, listing):
        state.reset_widgets()
        return
    value = from_widget(setting, chosen, listing)
    current = state.spec()
    state.change_view(lambda: current.with_changes(**{name: value}, selected=current.selected))


def set_date(name: str, value: str | None) -> None:
    """A date button: set one date field of the view, keeping the preset (e.g. members today)."""
    current = state.spec()
    state.change_view(lambda: current.with_changes(**{name: value}, preset=current.preset))


def _multiselect(bar: Any, setting: Setting, options: list[str], label_of: Callable[[str], str]) -> None:
    bar.multiselect(
        setting.label,
        options,
        key=key_of(setting.name),
        on_change=on_field,
        args=(setting.name,),
        format_func=label_of,
        help=setting.help,
    )


def _types(bar: Any, setting: Setting, loaded: LoadedGraph, listing: Catalogue) -> None:
    counts = listing.type_counts
    _multiselect(bar, setting, sorted(counts), lambda name: f"{name} ({counts[name]})")


def relation_choice(name: str, count: int) -> str:
    """A relation as the sidebar lists it: its phrase, how many, ⊘ when it is negative, and its id
    beside (the URL and the command line's ``--relations`` take the id), unless the phrase is only
    the id with spaces.

    >>> relation_choice("excluded_from", 3), relation_choice("flies_to", 2)
    ('was excluded from (3) ⊘ · excluded_from', 'flies to (2)')
    """
    known = RELATIONS.get(name)
    said = phrase(name)
    return (
        f"{said} ({count})"
        + (" ⊘" if known and known.negative else "")
        + ("" if said == name.replace("_", " ") else f" · {name}")
    )


def _relations(bar: Any, setting: Setting, loaded: LoadedGraph, listing: Catalogue) -> None:
    counts = listing.relation_counts
    options = sorted(counts, key=lambda name: (phrase(name).casefold(), name))
    _multiselect(bar, setting, options, lambda name: relation_choice(name, counts[name]))


def _framework(bar: Any, setting: Setting, loaded: LoadedGraph, listing: Catalogue) -> None:
    bar.selectbox(
        setting.label,
        listing.frameworks,
        index=None,
        key=key_of(setting.name),
        on_change=on_field,
        args=(setting.name,),
        format_func=lambda node: loaded.G.nodes[node].get("label", node),
        placeholder="All frameworks",
        help=setting.help,
    )


# A date as the view and the command line take it: a day, a month or a year (the browser checks
# the shape; the view checks that the day exists and says why when it does not).
DATE_PATTERN = r"^\s*[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\s*$"
DATE_HINT = "Write a date as YYYY-MM-DD, YYYY-MM or YYYY."


def _date(bar: Any, setting: Setting, loaded: LoadedGraph, listing: Catalogue) -> None:
    """A date typed as text, applied on Enter, on Tab and when the field loses focus.

    Not st.date_input: Streamlit's date field (1.67) commits only once the focus leaves the
    whole widget or its calendar closes; Enter is not a commit key there and Tab from the day
    lands on the widget's own calendar button, so a typed date waited for a click elsewhere. A
    text field commits on Enter and on blur, and takes a month or a year as the view does.
    """
    bar.text_input(
        setting.label,
        key=key_of(setting.name),
        on_change=on_field,
        args=(setting.name,),
        placeholder="YYYY-MM-DD, YYYY-MM or YYYY",
        validate=(DATE_PATTERN, DATE_HINT),
        persist_state="page",  # kept while the Time tab, which draws two of them, is closed
        icon=":material/calendar_today:",
        help=setting.help + " Empty: every date. Applies on Enter, on Tab or when you click elsewhere.",
    )
    first, second, third = bar.columns(3)
    name = setting.name
    first.button(
        "Article date",
        on_click=set_date,
        args=(name, ARTICLE_DATE),
        help=ARTICLE_DATE,
        width="stretch",
        key=f"w_{name}_article",
    )
    second.button("Today", on_click=set_date, args=(name, today()), width="stretch", key=f"w_{name}_today")
    third.button("Any date", on_click=set_date, args=(name, None), width="stretch", key=f"w_{name}_any")


def _entity(bar: Any, setting: Setting, loaded: LoadedGraph, listing: Catalogue) -> None:
    entity_picker(
        bar,
        setting.label,
        key_of(setting.name),
        loaded,
        on_change=on_field,
        args=(setting.name,),
        placeholder="Nothing: the whole graph",
        help=setting.help,
    )


def _depth(bar: Any, setting: Setting, loaded: LoadedGraph, listing: Catalogue) -> None:
    bar.slider(
        setting.label, 0, MAX_DEPTH, key=key_of(setting.name), on_change=on_field, args=(setting.name,)
    )


def _flag(bar: Any, setting: Setting, loaded: LoadedGraph, listing: Catalogue) -> None:
    bar.checkbox(
        setting.label, key=key_of(setting.name), on_change=on_field, args=(setting.name,), help=setting.help
    )


def _choice(bar: Any, setting: Setting, loaded: LoadedGraph, listing: Catalogue) -> None:
    """A mode of the view; for colours, sizes and positions, also the file's own and its attributes."""
    own = cache.own_styles_for(loaded.G, loaded.token).get(setting.name, ())
    options = [choice for choice in setting.choices if choice != "file" or "file" in own]
    options += [choice for choice in own if choice not in options]
    if len(options) < 2:
        return  # nothing to choose (e.g. positions of a graph that has none of its own)
    current = state.widget(key_of(setting.name))
    if current is not None and current not in options:
        options.append(current)  # a link may name an attribute this graph lacks: shown, not lost
    common = {
        "key": key_of(setting.name),
        "on_change": on_field,
        "args": (setting.name,),
        "help": setting.help,
        "format_func": _choice_label,
    }
    if len(options) <= 4:
        bar.radio(setting.label, options, horizontal=True, **common)
    else:
        bar.selectbox(setting.label, options, **common)


def _choice_label(choice: str) -> str:
    if choice == "file":
        return "the file's own"
    if choice.startswith(ATTRIBUTE_PREFIX):
        return choice[len(ATTRIBUTE_PREFIX) :] + " (attribute)"
    return choice


WIDGETS: dict[str, Callable[[Any, Setting, LoadedGraph, Catalogue], None]] = {
    "types": _types,
    "relations": _relations,
    "framework": _framework,
    "date": _date,
    "entity": _entity,
    "depth": _depth,
    "flag": _flag,
    "choice": _choice,
}


# ---- The sidebar ----------------------------------------------------------------------------------


def heading(loaded: LoadedGraph) -> None:
    """The sidebar's heading: the dataset and its size (drawn with the first paint too)."""
    total = cache.catalogue_for(loaded.G, loaded.token)
    st.sidebar.header("Explore")
    st.sidebar.caption(
        f"Dataset: {md(loaded.name)}, {loaded.G.number_of_nodes():,} entities and {total.edges:,} sourced "
        "relations."
    )


def sync(loaded: LoadedGraph) -> None:
    """Set every generated widget (and the presets) from the view, when it changed: called before
    any widget is drawn."""
    if not state.widgets_stale():
        return
    view = state.spec()
    listing = cache.catalogue_for(loaded.G, loaded.token)
    values = {
        key_of(name): to_widget(setting, getattr(view, name), listing)
        for name, setting in view_settings().items()
        if setting.section is not None
    }
    state.set_widgets(w_preset=view.preset, **values)


# Sections whose widgets a tab of the side panel draws (with section_widgets), not the sidebar.
PANEL_SECTIONS = frozenset({"Time"})


def section_widgets(container: Any, section: str, loaded: LoadedGraph) -> None:
    """The generated widgets of one section of the settings table, in ``container`` (e.g. a tab)."""
    listing = cache.catalogue_for(loaded.G, loaded.token)
    for setting in view_settings().values():
        if setting.section == section:
            WIDGETS[setting.kind](container, setting, loaded, listing)


def sidebar(loaded: LoadedGraph) -> None:
    bar = st.sidebar
    heading(loaded)
    listing = cache.catalogue_for(loaded.G, loaded.token)
    section = None
    for setting in view_settings().values():
        if setting.section is None or setting.section in PANEL_SECTIONS:
            continue
        if setting.section != section:
            section = setting.section
            bar.subheader(section)
        WIDGETS[setting.kind](bar, setting, loaded, listing)
