"""The compact header: the title and what is in view, search, the presets; the landing sentence."""

from __future__ import annotations

import streamlit as st

from graph.store import redact_url
from graph.view import PRESETS, ViewSpec, comparison, presets_for
from ui import cache, state, store_mode
from ui.sidebar import entity_picker
from ui.state import LoadedGraph
from ui.text import md


def on_search() -> None:
    node = state.widget("w_search")
    if node:
        state.select("node", node)
        state.set_widgets(w_search=None)


def on_preset() -> None:
    """A preset button: its view; pressing the active one again goes back to the whole graph."""
    name = state.widget("w_preset")
    current = state.spec()
    opened = state.loaded()
    if name and opened is not None and not store_mode.url() and name not in presets_for(opened.G):
        return  # a preset of another dataset (a button left from before an upload): the view stays
    chosen = PRESETS[name].spec if name else ViewSpec()
    state.set_spec(chosen.with_changes(selected=current.selected, preset=chosen.preset))
    if (store_url := store_mode.url()) is not None and name:  # a store: fetch what the preset shows
        state.show_graph(store_mode.start(store_url, state.spec()))


def when(spec: ViewSpec) -> str:
    """The date the view shows, or the two dates it compares."""
    if (dates := comparison(spec)) is not None:
        return f"{dates[0]} → {dates[1]}"
    return spec.as_of or "any date"


def notices() -> None:
    """What a link or a refused change said, in a container of its own: drawn or not, what follows
    keeps its place. A warning inserted above the graph moved it, and the browser drew it again
    from nothing (seen after an upload on a loaded machine: a stale widget state was refused)."""
    with st.container(key="agx_notices"):
        if error := state.take_url_error():
            st.warning(md(error))


def header(loaded: LoadedGraph, full: bool = True) -> None:
    """The header row. ``full`` is False on a session's first paint (title and counts only)."""
    spec = state.spec()
    entities, relations = cache.view_size_for(loaded.G, loaded.token, spec)
    total = cache.catalogue_for(loaded.G, loaded.token)
    words = cache.guide_for(loaded.G, loaded.token, loaded.name)
    # An upload (or a workspace made from one) names itself; the bundled dataset, with its presets,
    # is the explorer's own.
    opened = "" if store_mode.url() or presets_for(loaded.G) else f" · {md(loaded.name)}"
    with st.container(key="agx_header"):
        title, search, presets = st.columns([0.33, 0.24, 0.43], vertical_alignment="center")
        with title.container(key="agx_title"):
            st.markdown(
                f"**Alliance Graph Explorer**{opened}  \n"
                f"{entities:,} entities and {relations:,} relations in view, as of "
                f"{md(when(spec))} (of {loaded.G.number_of_nodes():,} and {total.edges:,})"
            )
        if full:
            search, new = search.columns([0.64, 0.36], vertical_alignment="center", gap="small")
            new.button(
                "+ New entity",
                key="w_new_entity",
                on_click=state.open_new_entity_form,
                disabled=store_mode.read_only(),
                help="Add an entity by hand (type, label, aliases, description), with why.",
                width="stretch",
            )
        if full and store_mode.url():
            search.text_input(
                "Search the store",
                key="w_store_search",
                on_change=store_mode.on_search,
                placeholder="Search the store by name, then Enter  ( / )",
                label_visibility="collapsed",
            )
        elif full:
            entity_picker(
                search,
                "Search by name or alias",
                "w_search",
                loaded,
                on_change=on_search,
                placeholder=words.search_hint,
                label_visibility="collapsed",
            )
            if words.presets:  # only the dataset they were written for has presets
                presets.pills(
                    "Presets",
                    list(words.presets),
                    key="w_preset",
                    on_change=on_preset,
                    format_func=lambda name: PRESETS[name].short,
                    label_visibility="collapsed",
                    help="Ready-made views of the bundled data; press the active one again for the whole "
                    "graph.",
                )
    # One line under the header, always: what the preset shows, what the bundled data is about, or
    # what one can do (the graph's height is fixed below a header of constant height).
    if (store_url := store_mode.url()) is not None:
        summary = cache.store_summary_for(store_url)
        lead = (
            f"Claims store {redact_url(store_url)}: {summary.entities:,} entities and "
            f"{summary.claims:,} claims, "
            f"{loaded.G.number_of_nodes():,} fetched. Search a name to add it with its neighbours; "
            "double-click a node to add its neighbours."
        )
    elif spec.preset in words.presets:
        lead = PRESETS[spec.preset].description
    elif state.loaded() is not None or spec.with_changes(selected=None) == ViewSpec():
        lead = words.lead  # an upload names itself (with what one can do); the bundled data says what it is
    else:
        lead = "Click a node for its details and sources, double-click to focus on it, hover for a summary."
    with st.container(key="agx_lead"):
        st.markdown(md(lead))
