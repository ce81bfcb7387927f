"""The details panel: the selected entity, relation or group, every statement with its sources."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd
import streamlit as st

from graph.details import edge_details, entity_details, neighbour_rows, relation_phrase
from graph.draw import group_summary
from graph.vocabulary import phrase
from ui import cache, state, store_mode
from ui.panels.claim_forms import claims_form, entity_form, note_form, notes_and_retracted
from ui.panels.edit_forms import did_you_mean, edit_buttons, new_entity_form, relation_form, show_message
from ui.state import LoadedGraph
from ui.text import citation_lines, md


def relation_id(relation: str) -> str:
    """A relation's id, small, beside its phrase (for those who filter or write data by it)."""
    return f":small[:gray[{md(relation)}]]"


def on_neighbour_row() -> None:
    table = state.widget("w_neighbours")
    rows = table.selection.rows if table else []
    ids = state.neighbour_ids()
    if rows and rows[0] < len(ids):
        state.select("node", ids[rows[0]])


def group_panel(loaded: LoadedGraph, view: nx.MultiDiGraph, index: int) -> None:
    """A group of an aggregated view: what it holds, and a button to expand or collapse it."""
    groups = cache.groups_for(loaded.G, loaded.token)
    if groups is None or not 0 <= index < len(groups):
        state.clear_selection()
        return
    summary = group_summary(loaded.G, view, groups, index)
    expanded = str(index + 1) in state.spec().expanded
    st.subheader(f"Group {index + 1}", anchor=False)
    st.caption(
        f"{summary['count']:,} entities in view ({summary['kind']}); "
        + ", ".join(f"{md(name)} {count:,}" for name, count in summary["types"])
    )
    first, second = st.columns(2)
    if expanded:
        first.button("Draw as one node", on_click=state.collapse_groups, args=(index,), width="stretch")
    else:
        first.button(
            "Show its members", on_click=state.expand_group, args=(index,), width="stretch", type="primary"
        )
    if state.spec().expanded:
        second.button("Collapse all groups", on_click=state.collapse_groups, width="stretch")
    st.markdown("#### Best linked members")
    st.dataframe(
        pd.DataFrame(summary["best_linked"], columns=["id", "entity", "links in view"]),
        hide_index=True,
        width="stretch",
    )


def edge_panel(loaded: LoadedGraph, edge: str) -> None:
    """A clicked relation: the sentence, its dates and every source."""
    try:
        info = edge_details(loaded.G, edge)
    except (KeyError, ValueError):
        state.clear_selection()  # the relation is not in this graph (any more)
        return
    st.subheader("Relation", anchor=False)
    st.markdown(f"**{md(info['sentence'])}** {relation_id(info['relation'])}")
    if info["period"]:
        st.caption(info["period"])
    if info["negative"]:
        st.warning("A negative relation (exclusion or suspension).")
    if info["conflict"]:
        st.warning("Sources disagree on the dates of this relation; the other versions are on the entity.")
    st.markdown("**Sources**\n\n" + citation_lines(info["citations"]))


def entity_panel(loaded: LoadedGraph, view: nx.MultiDiGraph, node: str) -> None:
    """An entity: label, type, aliases, attributes (conflicts side by side), relations, neighbours.
    On a claims store, every claim about it is read from the store, not only what is on screen."""
    source = store_mode.entity_graph(node) or loaded.G
    info = entity_details(source, node)
    st.subheader(md(info["label"]), anchor=False)
    st.caption(f"{md(info['type'])} · {md(info['id'])}")
    if info["aliases"]:
        st.markdown("Also known as: " + ", ".join(md(alias) for alias in info["aliases"]))
    if info["description"]:
        st.markdown(md(info["description"]))
    for name, value in info["attributes"].items():
        st.markdown(f"**{md(name)}**: {md(value)}")
    first, second = st.columns(2)
    first.button("Focus here", on_click=state.focus_on, args=(node,), width="stretch", key="focus_here")
    if store_mode.url():  # a claims store: fetch what is linked to it
        st.button(
            "Expand: add its neighbours from the store",
            on_click=store_mode.expand,
            args=([node],),
            kwargs={"select": node},
            width="stretch",
            key="store_expand",
        )
    second.button("Clear selection", on_click=state.clear_selection, width="stretch", key="clear_selection")
    if node not in view:
        st.caption("This entity is not in the current view (a filter hides it).")

    for fact in info["facts"]:
        st.markdown(f"**{md(fact['attribute'])}**")
        if fact["conflict"]:
            st.warning("Sources disagree: each version is shown with its sources.")
            columns = st.columns(len(fact["values"]))
            for column, value in zip(columns, fact["values"], strict=True):
                with column.container(border=True):
                    st.markdown(f"**{md(value['value'])}** {md(value['period'])}")
                    st.markdown(citation_lines(value["citations"]))
        else:
            for value in fact["values"]:
                period = f" ({md(value['period'])})" if value["period"] else ""
                st.markdown(f"{md(value['value'])}{period}\n\n" + citation_lines(value["citations"]))

    st.markdown("#### Relations")
    current = None
    open_all = len(info["relations"]) <= 12
    for relation in info["relations"]:
        if relation["relation"] != current:
            current = relation["relation"]
            negative = " (negative)" if relation["negative"] else ""
            st.markdown(f"**{md(phrase(current))}**{negative} {relation_id(current)}")
        flag = " ⚠ sources disagree on the dates" if relation["conflict"] else ""
        period = f" · {md(relation['period'])}" if relation["period"] else ""
        expanded = open_all or relation["negative"] or relation["conflict"]
        with st.expander(md(relation_phrase(relation, info["label"])) + flag, expanded=expanded):
            st.markdown(f"{period}\n\n" + citation_lines(relation["citations"]))

    editing_panel(loaded, node, info)
    entity_history(node)
    st.markdown("#### Neighbours")
    rows = neighbour_rows(source, node, info)
    state.set_neighbour_ids([row["id"] for row in rows])
    st.dataframe(
        pd.DataFrame(rows, columns=["relation", "neighbour", "type", "period", "sources", "id"]),
        key="w_neighbours",
        on_select=on_neighbour_row,
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
    )


def editing_panel(loaded: LoadedGraph, node: str, info: dict[str, Any]) -> None:
    """Under an entity's relations: the edit buttons, the open form and its message (ui/panels/
    edit_forms.py, claim_forms.py); then its notes and, on demand, its retracted claims."""
    st.markdown("#### Edit")
    source = state.source()
    edit_buttons(source is None or source.read_only)
    form = state.edit_form()
    if form != "new_entity":
        show_message()
    with st.container(key="agx_edit_box"):
        if form == "relation":
            relation_form(loaded, node, info)
        elif form == "claims":
            claims_form(loaded, node)
        elif form == "note":
            note_form(loaded, node)
        elif form == "entity":
            entity_form(node)
        if form is not None and form != "new_entity":
            did_you_mean(form)
    notes_and_retracted(loaded, node)


def entity_history(node: str, shown: int = 20) -> None:
    """The writes that touched this entity (History tab for the whole log), newest first."""
    source = state.source()
    if source is None:
        return
    records = cache.entity_history_for(source.url, source.version, node)
    with st.expander(f"History ({len(records)} writes)", expanded=False):
        lines = [
            f"- write {record.id}, {md(record.written[:16].replace('T', ' '))}, {md(record.kind)} by "
            f"{md(record.author)}{': ' + md(record.note) if record.note else ''}"
            + (" (undone)" if record.undone else "")
            for record in records[:shown]
        ]
        more = (
            f"\n\n{len(records) - shown:,} earlier writes are in the History tab."
            if len(records) > shown
            else ""
        )
        st.markdown("\n".join(lines) + more if lines else "No write has touched it.")


def details_panel(loaded: LoadedGraph, view: nx.MultiDiGraph) -> None:
    message = state.message("store")
    if message is not None:
        (st.warning if message.level in ("warning", "error") else st.info)(md(message.text))
    selected = state.selection()
    if state.edit_form() == "new_entity":
        new_entity_form()
    if selected is not None and selected.kind == "group":
        group_panel(loaded, view, int(selected.id))
    elif selected is not None and selected.kind == "edge":
        edge_panel(loaded, str(selected.id))
    elif selected is not None and selected.kind == "node" and selected.id in loaded.G:
        entity_panel(loaded, view, str(selected.id))
    else:
        st.info(
            "Click a node in the graph, pick a row in a table, or search by name (at the top) to see its "
            "details and sources."
        )
