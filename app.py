"""Alliance Graph Explorer: the Streamlit front end. It wires widgets to ``graph`` functions."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pandas as pd
import streamlit as st

import graph
from graph.build import graph_to_dataset
from graph.details import (
    edge_details,
    entity_details,
    neighbour_rows,
    relation_phrase,
    step_citations,
    step_text,
)
from graph.export import EXPORTERS, export_view
from graph.ingest import EDITABLE_FIELDS, apply_review, extract, merge_proposal
from graph.layout import LARGE_GRAPH, Groups, Positions, compute_layout, group_layout, group_nodes
from graph.lod import LINKS_PREFIX, group_index, group_summary, needs_aggregation, view_payload
from graph.query import Catalogue, catalogue
from graph.readers import SUFFIXES, check_dataset, read_upload
from graph.view import ARTICLE_DATE, COLOR_MODES, MAX_DEPTH, PRESETS, SIZE_MODES, ViewSpec, apply_view, today
from graph.vocabulary import ATTRIBUTES, RELATIONS
from ui.graph_view import encode_payload, ensure_static_assets, graph_view
from ui.runtime import tune_gc
from ui.safety import guarded
from ui.text import link, md, safe_url

GRAPH_KEY = "graph_view"


# ---- Data: shared, frozen, built once ---------------------------------------------------------


@st.cache_resource
def static_assets() -> None:
    """Copy vis-network into static/ once per server process, not on every rerun."""
    ensure_static_assets()


@st.cache_resource(show_spinner="Loading the NATO dataset…")
def bundled_graph() -> nx.MultiDiGraph:
    """The bundled dataset, frozen: every session reads the same object, none can change it."""
    return nx.freeze(graph.load_graph())


@st.cache_resource(show_spinner="Computing the layout…", max_entries=16)
def layout_for(_G: nx.MultiDiGraph, graph_token: str) -> Positions:
    """Positions for a whole graph of up to LARGE_GRAPH nodes, computed once per graph (by token)."""
    return compute_layout(_G)


@st.cache_resource(show_spinner="Finding the groups of this large graph…", max_entries=16)
def groups_for(_G: nx.MultiDiGraph, graph_token: str) -> Groups | None:
    """Groups (communities) of a graph above LARGE_GRAPH nodes: the unit of layout and level of detail."""
    return group_nodes(_G) if _G.number_of_nodes() > LARGE_GRAPH else None


@st.cache_resource(show_spinner=False, max_entries=8192)
def group_layout_for(_G: nx.MultiDiGraph, graph_token: str, index: int) -> Positions:
    """One group's positions: one bounded call (at most about 0.3 s), made when first needed."""
    return group_layout(_G, groups_for(_G, graph_token), index)


def positions_for(G: nx.MultiDiGraph, token: str, nodes) -> Positions:
    """Positions for ``nodes`` (at least): the whole layout of a small graph, the groups they are in for a
    large one. A reopened snapshot keeps the positions it was saved with."""
    saved = (G.graph.get("snapshot") or {}).get("positions") or {}
    if saved and all(node in saved for node in nodes):
        return dict(saved)
    groups = groups_for(G, token)
    if groups is None:
        return {**layout_for(G, token), **saved}
    positions: Positions = {}
    with st.spinner("Laying out the groups in view…"):
        for index in sorted({groups.of[node] for node in nodes}):
            positions.update(group_layout_for(G, token, index))
    return {**positions, **saved}


@st.cache_resource(max_entries=16, show_spinner=False)
def catalogue_for(_G: nx.MultiDiGraph, graph_token: str) -> Catalogue:
    """Counts and picker labels of a whole graph, once per graph (not on every rerun)."""
    return catalogue(_G)


@st.cache_resource(max_entries=64, show_spinner=False)
def view_for(_G: nx.MultiDiGraph, graph_token: str, spec: ViewSpec) -> nx.MultiDiGraph:
    """The subgraph of one view, frozen and shared: filters run once per graph and spec."""
    return nx.freeze(apply_view(_G, spec))


@st.cache_resource(max_entries=64, show_spinner=False)
def view_size_for(_G: nx.MultiDiGraph, graph_token: str, spec: ViewSpec) -> tuple[int, int]:
    """Entities and relations in one view. Counting a MultiDiGraph's edges is a full pass
    (about 85 ms on a 50,000-node view here), so it is done once per view, not per rerun."""
    view = view_for(_G, graph_token, spec)
    return view.number_of_nodes(), view.number_of_edges()


@st.cache_resource(max_entries=64, show_spinner=False)
def payload_for(_G: nx.MultiDiGraph, graph_token: str, spec: ViewSpec) -> bytes:
    """The encoded vis-network data of one view, cached by graph token and view spec.

    Bytes are immutable, so every session may share them; a second open of a view costs
    no layout, no payload building and no JSON encoding.
    """
    payload = view_payload(
        _G,
        spec,
        groups_for(_G, graph_token),
        lambda nodes: positions_for(_G, graph_token, nodes),
        view=view_for(_G, graph_token, spec),
    )
    return encode_payload(payload)


def current_graph() -> tuple[nx.MultiDiGraph, str, str]:
    """The graph this session looks at: an upload of its own, or the shared bundled one."""
    upload = st.session_state.get("upload")
    if upload is not None:
        return upload["G"], upload["token"], upload["name"]
    return bundled_graph(), "bundled:nato", "NATO (bundled)"


# ---- View state ---------------------------------------------------------------------------


def spec() -> ViewSpec:
    return st.session_state["spec"]


def set_spec(new: ViewSpec) -> None:
    st.session_state["spec"] = new
    sync_widgets(new)


def sync_widgets(view: ViewSpec) -> None:
    """Make every sidebar widget show ``view`` (called from callbacks, before widgets are drawn)."""
    G, token, _ = current_graph()
    present_types = list(catalogue_for(G, token).type_counts)
    present_relations = list(catalogue_for(G, token).relation_counts)
    st.session_state["w_types"] = list(view.types) if view.types is not None else present_types
    st.session_state["w_relations"] = (
        list(view.relations) if view.relations is not None else present_relations
    )
    st.session_state["w_framework"] = view.framework
    st.session_state["w_as_of"] = (
        dt.date.fromisoformat(view.as_of) if view.as_of and len(view.as_of) == 10 else None
    )
    st.session_state["w_focus"] = view.focus
    st.session_state["w_depth"] = view.depth
    st.session_state["w_hide_isolated"] = view.hide_isolated
    st.session_state["w_color_by"] = view.color_by
    st.session_state["w_size_by"] = view.size_by
    st.session_state["w_preset"] = view.preset


def init_state() -> None:
    """On a session's first run, read the view from the URL (a shared link)."""
    if "spec" in st.session_state:
        return
    try:
        initial = ViewSpec.from_query_params(st.query_params.to_dict())
    except graph.GraphError as error:
        st.session_state["url_error"] = f"The link's view could not be used: {error}"
        initial = ViewSpec()
    G, _, _ = current_graph()
    for field in ("focus", "framework", "selected"):
        if getattr(initial, field) and getattr(initial, field) not in G:
            st.session_state["url_error"] = (
                f"The link names an entity this dataset does not have: {getattr(initial, field)}"
            )
            initial = initial.with_changes(**{field: None}, preset=initial.preset)
    st.session_state["spec"] = initial
    st.session_state["selected_edge"] = None
    st.session_state["selected_group"] = None
    sync_widgets(initial)


def select(node: str | None) -> None:
    st.session_state["selected_edge"] = None
    st.session_state["selected_group"] = None
    st.session_state["spec"] = spec().with_changes(selected=node, preset=spec().preset)


# ---- Callbacks ------------------------------------------------------------------------------


def on_graph_click() -> None:
    event = (st.session_state.get(GRAPH_KEY) or {}).get("click")
    if not event:
        return
    if event.get("kind") == "node" and group_index(event["id"]) is not None:
        st.session_state["selected_group"] = group_index(event["id"])
        st.session_state["selected_edge"] = None
    elif event.get("kind") == "node":
        select(event["id"])
    elif event.get("kind") == "edge" and not str(event["id"]).startswith(LINKS_PREFIX):
        st.session_state["selected_edge"] = event["id"]


def on_graph_double_click() -> None:
    event = (st.session_state.get(GRAPH_KEY) or {}).get("dblclick")
    if event and event.get("kind") == "node" and group_index(event["id"]) is not None:
        expand_group(group_index(event["id"]))
    elif event and event.get("kind") == "node":
        focus_on(event["id"])


def expand_group(index: int) -> None:
    """Show a group node by node (an aggregated view); it stays expanded across filters."""
    current = spec()
    if str(index + 1) not in current.expanded:
        set_spec(current.with_changes(expanded=(*current.expanded, str(index + 1)), preset=current.preset))
    st.session_state["selected_group"] = index


def collapse_groups(index: int | None = None) -> None:
    """Draw one group (or all, without ``index``) as a single node again."""
    current = spec()
    kept = () if index is None else tuple(item for item in current.expanded if item != str(index + 1))
    set_spec(current.with_changes(expanded=kept, preset=current.preset))


def focus_on(node: str) -> None:
    set_spec(spec().with_changes(focus=node, selected=node))


def on_preset() -> None:
    name = st.session_state["w_preset"]
    if name:
        set_spec(PRESETS[name].spec)


def on_filter_change() -> None:
    G, token, _ = current_graph()
    present_types = set(catalogue_for(G, token).type_counts)
    present_relations = set(catalogue_for(G, token).relation_counts)
    types = tuple(st.session_state["w_types"])
    relations = tuple(st.session_state["w_relations"])
    as_of = st.session_state["w_as_of"]
    st.session_state["spec"] = spec().with_changes(
        types=None if set(types) >= present_types else tuple(sorted(types)),
        relations=None if set(relations) >= present_relations else tuple(sorted(relations)),
        framework=st.session_state["w_framework"],
        as_of=as_of.isoformat() if as_of else None,
        focus=st.session_state["w_focus"],
        depth=st.session_state["w_depth"],
        hide_isolated=st.session_state["w_hide_isolated"],
        color_by=st.session_state["w_color_by"],
        size_by=st.session_state["w_size_by"],
        selected=spec().selected,
    )
    st.session_state["w_preset"] = None


def set_as_of(value: str | None) -> None:
    set_spec(spec().with_changes(as_of=value, preset=spec().preset))


def on_search() -> None:
    node = st.session_state.get("w_search")
    if node:
        select(node)
        st.session_state["w_search"] = None


def on_neighbour_row() -> None:
    state = st.session_state.get("w_neighbours")
    rows = state.selection.rows if state else []
    if rows and st.session_state.get("neighbour_ids"):
        select(st.session_state["neighbour_ids"][rows[0]])


def on_upload() -> None:
    files = st.session_state.get("w_upload") or []
    if not files:
        return
    G, report = read_upload([(file.name, file.getvalue()) for file in files])
    st.session_state["upload_report"] = (", ".join(file.name for file in files), report)
    if G is None:
        return  # refused: the current graph stays as it was
    name = ", ".join(file.name for file in files)
    st.session_state["upload"] = {"G": nx.freeze(G), "token": f"upload:{name}:{id(G)}", "name": name}
    snapshot = G.graph.get("snapshot")
    set_spec(snapshot["spec"] if snapshot else ViewSpec())
    st.session_state["selected_edge"] = None
    st.session_state["selected_group"] = None


def back_to_bundled() -> None:
    st.session_state["upload"] = None
    st.session_state["upload_report"] = None
    st.session_state["selected_group"] = None
    set_spec(ViewSpec())


# ---- Sidebar ----------------------------------------------------------------------------------


PICKER_LIMIT = 2000  # above this many entities a picker asks for part of a name, then lists matches


def entity_picker(
    container, label: str, key: str, G: nx.MultiDiGraph, token: str, default: str | None = None, **options
) -> str | None:
    """A selectbox of entities, showing ``default`` until the user picks one. On a large graph (over
    PICKER_LIMIT) a search box comes first and the selectbox lists its best 100 matches, so no
    rerun sends (and no browser renders) 50,000 options."""
    listing = catalogue_for(G, token)
    if len(listing.by_label) <= PICKER_LIMIT:
        index = listing.by_label.index(default) if default in G else None
        return container.selectbox(
            label, listing.by_label, index=index, key=key, format_func=listing.choice_labels.get, **options
        )
    query = container.text_input(
        f"{label} · type part of a name",
        key=f"{key}_query",
        placeholder=f"{len(listing.by_label):,} entities",
    )
    matches = [match.id for match in graph.search(G, query, limit=100)] if query.strip() else []
    current = st.session_state.get(key, default)
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


def sidebar_frame(dataset_name: str) -> None:
    """The sidebar's heading: drawn with the first paint too, so the graph never moves sideways."""
    st.sidebar.header("Explore")
    st.sidebar.caption(f"Dataset: {dataset_name}")


def sidebar(G: nx.MultiDiGraph, token: str, dataset_name: str) -> None:
    bar = st.sidebar
    sidebar_frame(dataset_name)
    listing = catalogue_for(G, token)
    entity_picker(
        bar,
        "Search by name or alias",
        "w_search",
        G,
        token,
        on_change=on_search,
        placeholder="Type a name, e.g. Russia or Wiermann",
    )

    bar.selectbox(
        "Preset",
        list(PRESETS),
        index=None,
        key="w_preset",
        on_change=on_preset,
        format_func=lambda name: PRESETS[name].title,
        placeholder="Choose a ready-made view",
    )
    if spec().preset:
        bar.info(PRESETS[spec().preset].description)

    bar.subheader("Filters")
    type_counts, relation_counts = listing.type_counts, listing.relation_counts
    bar.multiselect(
        "Entity types",
        sorted(type_counts),
        key="w_types",
        on_change=on_filter_change,
        format_func=lambda name: f"{name} ({type_counts[name]})",
    )
    bar.multiselect(
        "Relations",
        sorted(relation_counts),
        key="w_relations",
        on_change=on_filter_change,
        format_func=lambda name: (
            f"{name} ({relation_counts[name]})" + (" ⊘" if RELATIONS[name].negative else "")
        ),
    )
    frameworks = listing.frameworks
    bar.selectbox(
        "Framework",
        frameworks,
        index=None,
        key="w_framework",
        on_change=on_filter_change,
        format_func=lambda node: G.nodes[node].get("label", node),
        placeholder="All frameworks",
    )

    bar.date_input(
        "As of",
        key="w_as_of",
        on_change=on_filter_change,
        value=None,
        min_value=dt.date(1900, 1, 1),
        max_value=dt.date(2100, 12, 31),
        format="YYYY-MM-DD",
        help="Show only relations that held on this day (start ≤ day < end). Empty: every date.",
    )
    first, second, third = bar.columns(3)
    first.button("Article date", on_click=set_as_of, args=(ARTICLE_DATE,), help=ARTICLE_DATE, width="stretch")
    second.button("Today", on_click=set_as_of, args=(today(),), width="stretch")
    third.button("Any date", on_click=set_as_of, args=(None,), width="stretch")

    entity_picker(
        bar,
        "Focus on",
        "w_focus",
        G,
        token,
        on_change=on_filter_change,
        placeholder="Nothing: the whole graph",
    )
    bar.slider("Depth around the focus", 0, MAX_DEPTH, key="w_depth", on_change=on_filter_change)
    bar.checkbox("Hide isolated nodes", key="w_hide_isolated", on_change=on_filter_change)

    bar.subheader("Style")
    bar.radio("Colour by", COLOR_MODES, key="w_color_by", on_change=on_filter_change, horizontal=True)
    bar.radio("Size by", SIZE_MODES, key="w_size_by", on_change=on_filter_change, horizontal=True)


# ---- Main panels ------------------------------------------------------------------------------


def citation_lines(citations) -> str:
    lines = []
    for citation in citations:
        parts = [link(citation.title, citation.url)]
        if citation.publisher:
            parts.append(md(citation.publisher))
        if citation.published:
            parts.append(md(citation.published))
        if citation.locator:
            parts.append(md(citation.locator))
        line = "- " + ", ".join(parts)
        if citation.note:
            line += f"  \n  _{md(citation.note)}_"
        lines.append(line)
    return "\n".join(lines)


def group_panel(G: nx.MultiDiGraph, token: str, view: nx.MultiDiGraph, index: int) -> None:
    """Details of a group of an aggregated view: what it holds, and a button to expand or collapse it."""
    groups = groups_for(G, token)
    if groups is None or not 0 <= index < len(groups):
        st.session_state["selected_group"] = None
        return
    summary = group_summary(G, view, groups, index)
    expanded = str(index + 1) in spec().expanded
    st.subheader(f"Group {index + 1}", anchor=False)
    st.caption(
        f"{summary['count']:,} entities in view ({summary['kind']}); "
        + ", ".join(f"{md(name)} {count:,}" for name, count in summary["types"])
    )
    first, second = st.columns(2)
    if expanded:
        first.button("Draw as one node", on_click=collapse_groups, args=(index,), width="stretch")
    else:
        first.button(
            "Show its members", on_click=expand_group, args=(index,), width="stretch", type="primary"
        )
    if spec().expanded:
        second.button("Collapse all groups", on_click=collapse_groups, width="stretch")
    st.markdown("#### Best linked members")
    st.dataframe(
        pd.DataFrame(summary["best_linked"], columns=["id", "entity", "links in view"]),
        hide_index=True,
        width="stretch",
    )
    st.divider()


def details_panel(G: nx.MultiDiGraph, token: str, view: nx.MultiDiGraph) -> None:
    if st.session_state.get("selected_group") is not None:
        group_panel(G, token, view, st.session_state["selected_group"])
    edge = st.session_state.get("selected_edge")
    if edge:
        try:
            info = edge_details(G, edge)
        except (KeyError, ValueError):
            st.session_state["selected_edge"] = None
        else:
            st.subheader("Relation")
            role = f" as {md(info['role'])}" if info["role"] else ""
            st.markdown(
                f"**{md(info['subject_label'])}** `{info['relation']}`{role} **{md(info['object_label'])}**"
            )
            if info["period"]:
                st.caption(info["period"])
            if info["negative"]:
                st.warning("A negative relation (exclusion or suspension).")
            if info["conflict"]:
                st.warning(
                    "Sources disagree on the dates of this relation; the other versions are on the entity."
                )
            st.markdown("**Sources**\n\n" + citation_lines(info["citations"]))
            st.divider()

    node = spec().selected
    if not node or node not in G:
        st.info(
            "Click a node in the graph, pick a row in a table, or search in the sidebar to see its details "
            "and sources."
        )
        return
    info = entity_details(G, node)
    st.subheader(md(info["label"]), anchor=False)
    st.caption(f"{md(info['type'])} · {md(info['id'])}")
    if info["aliases"]:
        st.markdown("Also known as: " + ", ".join(md(alias) for alias in info["aliases"]))
    if info["description"]:
        st.markdown(md(info["description"]))
    for name, value in info["attributes"].items():
        st.markdown(f"**{md(name)}**: {md(value)}")
    first, second = st.columns(2)
    first.button("Focus here", on_click=focus_on, args=(node,), width="stretch", key="focus_here")
    second.button("Clear selection", on_click=select, args=(None,), width="stretch", key="clear_selection")
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
            st.markdown(f"**{md(current)}**" + (" (negative)" if relation["negative"] else ""))
        flag = " ⚠ sources disagree on the dates" if relation["conflict"] else ""
        period = f" · {md(relation['period'])}" if relation["period"] else ""
        expanded = open_all or relation["negative"] or relation["conflict"]
        with st.expander(md(relation_phrase(relation, info["label"])) + flag, expanded=expanded):
            st.markdown(f"{period}\n\n" + citation_lines(relation["citations"]))

    st.markdown("#### Neighbours")
    rows = neighbour_rows(G, node, info)
    st.session_state["neighbour_ids"] = [row["id"] for row in rows]
    st.dataframe(
        pd.DataFrame(rows, columns=["relation", "neighbour", "type", "period", "sources", "id"]),
        key="w_neighbours",
        on_select=on_neighbour_row,
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
    )


def path_finder(G: nx.MultiDiGraph, token: str) -> None:
    first, second = st.columns(2)
    source = entity_picker(first, "From", "w_path_from", G, token, default=spec().selected)
    target = entity_picker(second, "To", "w_path_to", G, token)
    if not source or not target:
        st.caption("Choose two entities to see how they are connected, step by step, with sources.")
        return
    paths = graph.shortest_paths(G, source, target, limit=3)
    if not paths:
        st.warning("These two entities are not connected in this dataset.")
        return
    for number, path in enumerate(paths, 1):
        st.markdown(f"**Path {number}** ({len(path)} step{'s' if len(path) != 1 else ''})")
        for step in path:
            st.markdown(f"1. {md(step_text(G, step))}\n\n" + citation_lines(step_citations(G, step)))


def tables(G: nx.MultiDiGraph, view: nx.MultiDiGraph) -> None:
    nodes = pd.DataFrame(
        [
            {
                "id": node,
                "label": data.get("label", node),
                "type": data.get("type", ""),
                "degree in view": view.degree(node),
                "conflict": bool(data.get("conflict")),
            }
            for node, data in view.nodes(data=True)
        ],
        columns=["id", "label", "type", "degree in view", "conflict"],
    )
    edges = pd.DataFrame(
        [
            {
                "subject": G.nodes[s].get("label", s),
                "relation": d["relation"],
                "object": G.nodes[t].get("label", t),
                "start": d.get("start"),
                "end": d.get("end"),
                "sources": "; ".join(d.get("citations", [])),
            }
            for s, t, d in view.edges(data=True)
        ],
        columns=["subject", "relation", "object", "start", "end", "sources"],
    )
    cited = sorted({citation for _, _, d in view.edges(data=True) for citation in d.get("citations", [])})
    sources = pd.DataFrame(
        [
            {
                **G.graph.get("sources", {}).get(source_id, {"id": source_id}),
                "url": safe_url(G.graph.get("sources", {}).get(source_id, {}).get("url", "")),
            }
            for source_id in cited
        ],
        columns=["id", "title", "publisher", "published", "url", "kind"],
    )
    node_tab, edge_tab, source_tab = st.tabs(
        [f"Nodes ({len(nodes)})", f"Edges ({len(edges)})", f"Sources ({len(sources)})"]
    )
    node_tab.dataframe(nodes, hide_index=True, width="stretch", key="w_nodes_table")
    edge_tab.dataframe(edges, hide_index=True, width="stretch")
    source_tab.dataframe(
        sources, hide_index=True, width="stretch", column_config={"url": st.column_config.LinkColumn("url")}
    )


def export_panel(G: nx.MultiDiGraph, token: str, dataset_name: str) -> None:
    st.markdown(
        "Download the current view (filters applied) with the same positions and colours as on screen. "
        "The graph's own **Save PNG** button saves exactly what the canvas shows."
    )
    name = st.selectbox(
        "Format",
        list(EXPORTERS),
        key="w_export_format",
        format_func=lambda item: f"{EXPORTERS[item].description} (.{EXPORTERS[item].extension})",
    )
    exporter = EXPORTERS[name]
    options = {}
    if name == "png":
        options["scale"] = st.select_slider(
            "Resolution",
            [0.5, 1.0, 1.5, 2.0, 3.0],
            value=1.0,
            key="w_export_scale",
            format_func=lambda value: f"{value}× ({int(1600 * value)} px wide)",
        )
    view_spec = spec()
    view = view_for(G, token, view_spec)
    if needs_aggregation(view, groups_for(G, token)):
        entities, relations = view_size_for(G, token, view_spec)
        st.info(
            f"The graph shows this view as groups (level of detail); a download holds all its "
            f"{entities:,} entities and {relations:,} relations, each at its "
            "place inside its group. Save PNG under the graph saves the groups as shown."
        )
    stem = "-".join(
        part
        for part in (dataset_name.split(" ")[0].split(".")[0].lower(), view_spec.preset or "view")
        if part
    )
    st.download_button(
        f"Download {exporter.name.upper()}",
        data=lambda: export_view(G, view_spec, name, positions_for(G, token, view), options),
        file_name=f"{stem}.{exporter.extension}",
        mime=exporter.mime,
        key="w_export_download",
        type="primary",
        on_click="ignore",
    )
    st.caption(f"Checked by the test suite with: {exporter.checked_with}.")


def on_propose() -> None:
    G, _, _ = current_graph()
    text = st.session_state.get("w_ingest_text", "")
    if not text.strip():
        st.session_state["ingest_message"] = ("error", "Paste the text of an article first.")
        return
    published = st.session_state.get("w_ingest_date")
    proposal = extract(
        text,
        title=st.session_state.get("w_ingest_title") or "Pasted article",
        url=st.session_state.get("w_ingest_url") or "",
        published=published.isoformat() if published else None,
        publisher=st.session_state.get("w_ingest_publisher") or "",
        author=st.session_state.get("w_ingest_author") or "",
        G=G,
    )
    st.session_state["proposal"] = proposal
    missing_date = (
        ""
        if published
        else " No publication date was given, so dates without a year (such as 'July 14') "
        "could not be read and events could not be matched by date: give the date for better proposals."
    )
    st.session_state["ingest_message"] = (
        "success",
        f"{len(proposal.claims)} claims proposed from {len(proposal.sentences)} sentences.{missing_date}",
    )


def reviewed_addition():
    """The accepted proposals with the reviewer's edits, as tables (None before a proposal)."""
    proposal = st.session_state.get("proposal")
    if proposal is None:
        return None
    table = st.session_state.get("proposal_table")
    return apply_review(proposal, table.get("edited_rows", {}) if isinstance(table, dict) else {})


def on_merge() -> None:
    G, _token, name = current_graph()
    proposal = st.session_state.get("proposal")
    if proposal is None:
        return
    addition = reviewed_addition()
    merged, conflicts = merge_proposal(graph_to_dataset(G), addition)
    merged_graph, report = check_dataset(merged)
    if merged_graph is None:
        st.session_state["ingest_message"] = (
            "error",
            "The merge was refused; the dataset is unchanged.",
            report.format(),
        )
        return
    history = st.session_state.setdefault("merge_history", [])
    history.append(st.session_state.get("upload"))
    label = f"{name} + {proposal.source.title}"
    st.session_state["upload"] = {
        "G": nx.freeze(merged_graph),
        "token": f"merge:{len(history)}:{id(merged_graph)}",
        "name": label,
    }
    st.session_state["proposal"] = None
    st.session_state["ingest_message"] = (
        "success",
        f"Merged {len(addition.claims)} claims as the source '{proposal.source.title}'"
        + (
            f"; {len(conflicts)} of them disagree with earlier sources and are kept side by side."
            if conflicts
            else "."
        ),
    )
    set_spec(ViewSpec())


def on_undo_merge() -> None:
    history = st.session_state.get("merge_history") or []
    if history:
        st.session_state["upload"] = history.pop()
        st.session_state["ingest_message"] = ("success", "The last merge was undone.")
        set_spec(ViewSpec())


def ingest_panel(G: nx.MultiDiGraph) -> None:
    st.markdown(
        "Paste an article: the app proposes sourced claims — entities it knows, new candidates, and "
        "relations, each with the sentence it came from. Review them (tick or untick, or edit the relation, "
        "object, start date or role), then merge the accepted ones into the current dataset as a new source. "
        "Nothing changes until you merge; a merge can be undone."
    )
    st.text_area("Article text", key="w_ingest_text", height=180)
    first, second = st.columns(2)
    first.text_input("Title", key="w_ingest_title")
    second.text_input("Address (URL)", key="w_ingest_url", placeholder="https://…")
    third, fourth, fifth = st.columns(3)
    third.date_input(
        "Published",
        key="w_ingest_date",
        value=None,
        format="YYYY-MM-DD",
        min_value=dt.date(1900, 1, 1),
        max_value=dt.date(2100, 12, 31),
    )
    fourth.text_input("Publisher", key="w_ingest_publisher")
    fifth.text_input("Author", key="w_ingest_author")
    left, right = st.columns(2)
    left.button("Propose claims", on_click=on_propose, type="primary", key="w_propose")
    if st.session_state.get("merge_history"):
        right.button("Undo the last merge", on_click=on_undo_merge, key="w_undo_merge")
    message = st.session_state.get("ingest_message")
    if message:
        (st.success if message[0] == "success" else st.error)(md(message[1]))
        if len(message) > 2:
            st.code(message[2], language=None)  # the import report, shown as text
    proposal = st.session_state.get("proposal")
    if proposal is None:
        return
    st.markdown("**The text, with what was recognised highlighted**")
    st.markdown(highlighted(proposal))
    rows = [
        {
            "accept": claim.confidence >= 0.7,
            "subject": claim.subject,
            "relation": claim.relation,
            "object": claim.object,
            "start": claim.start or "",
            "role": claim.role,
            "confidence": round(claim.confidence, 2),
            "sentence": claim.sentence + 1,
            "found by": claim.method,
            "note": claim.note,
        }
        for claim in proposal.claims
    ]
    st.data_editor(
        pd.DataFrame(rows),
        key="proposal_table",
        hide_index=True,
        width="stretch",
        disabled=[column for column in rows[0] if column not in ("accept", *EDITABLE_FIELDS)]
        if rows
        else True,
        column_config={
            "relation": st.column_config.SelectboxColumn(
                "relation", options=sorted(RELATIONS) + sorted(ATTRIBUTES), required=True
            )
        },
    )
    addition = reviewed_addition()
    _, conflicts = merge_proposal(graph_to_dataset(G), addition)
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
    st.button(f"Merge {len(addition.claims)} accepted claims", on_click=on_merge, key="w_merge")


def highlighted(proposal) -> str:
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


def import_panel(dataset_name: str) -> None:
    st.markdown(
        "Import your own data: our three CSV tables (entities.csv, claims.csv, sources.csv, or a zip of "
        "them), GraphML, GEXF, node-link JSON, or a snapshot bundle (.agx.json) that reopens a saved view. "
        "A refused file leaves the current graph as it is."
    )
    st.file_uploader(
        "Files",
        type=[suffix.lstrip(".") for suffix in SUFFIXES],
        accept_multiple_files=True,
        key="w_upload",
        on_change=on_upload,
    )
    if st.session_state.get("upload") is not None:
        st.button("Back to the bundled NATO dataset", on_click=back_to_bundled)
    result = st.session_state.get("upload_report")
    if result:
        name, report = result
        if report.ok:
            st.success(f"Imported {md(name)}: {report.summary()}")
        else:
            st.error(
                f"{md(name)} was refused; the current graph ({md(dataset_name)}) is unchanged. "
                f"{report.summary()}"
            )
        if report.issues:
            st.code(report.format(), language=None)


def first_paint() -> bool:
    """True on the first run of a browser session: only the title and the graph are sent.

    The browser then draws the graph before it builds the sidebar, tabs and panels (about
    0.5 s sooner on a 2-core machine), and the component's first frame, or a 3-second
    fallback, asks for the full page (on_graph_drawn). Every later run sends the full page
    whatever caused it: Streamlit merges a component's queued events, so a click that
    arrives before the "drawn" rerun starts replaces that event, and the page must not
    wait for a report that will never come. AppTest has no browser (no request headers)
    and gets the full page at once.
    """
    if st.session_state.get("painted"):
        return False
    st.session_state["painted"] = True
    return bool(st.context.headers)


def on_graph_drawn() -> None:
    """The browser has drawn the first frame: the rerun this causes sends the full page."""


def draw_graph(G: nx.MultiDiGraph, token: str, view_spec: ViewSpec) -> None:
    graph_view(
        payload_for(G, token, view_spec),
        key=GRAPH_KEY,
        on_click=on_graph_click,
        on_dblclick=on_graph_double_click,
        on_drawn=on_graph_drawn,
    )


def main() -> None:
    st.set_page_config(page_title="Alliance Graph Explorer", layout="wide", page_icon="🕸")
    tune_gc()  # the server process collects less often: reading and filtering large graphs
    static_assets()
    init_state()
    G, token, dataset_name = current_graph()
    if st.session_state.get("url_error"):
        st.warning(md(st.session_state.pop("url_error")))

    view_spec = spec()
    view = view_for(G, token, view_spec)
    st.query_params.from_dict(view_spec.to_query_params())

    st.title("Alliance Graph Explorer", anchor=False)
    as_of = view_spec.as_of or "any date"
    entities, relations = view_size_for(G, token, view_spec)
    st.caption(
        f"{entities:,} entities and {relations:,} relations in view, "
        f"as of {as_of} · "
        f"{md(dataset_name)}: {G.number_of_nodes():,} entities, {catalogue_for(G, token).edges:,} sourced "
        "relations. "
        "Click a node for its details, double-click to focus on it, hover for a summary."
    )
    graph_column, details_column = st.columns([3, 2], gap="medium")
    with graph_column:
        guarded("graph view", draw_graph, G, token, view_spec)
    if first_paint():
        # The sidebar's widgets, the tabs and the details follow once the browser has drawn the graph.
        sidebar_frame(dataset_name)
        return
    sidebar(G, token, dataset_name)
    with graph_column:
        # Tables are built only while their tab is open (on a large view they are the slowest
        # part of a rerun); the other tabs always render, so what one typed there is kept.
        path_tab, table_tab, export_tab, import_tab, ingest_tab = st.tabs(
            ["Path finder", "Tables", "Export", "Import data", "Build from text"],
            key="w_tab",
            on_change="rerun",
        )
        with path_tab:
            guarded("path finder", path_finder, G, token)
        with table_tab:
            if table_tab.open:
                guarded("tables", tables, G, view)
        with export_tab:
            guarded("export panel", export_panel, G, token, dataset_name)
        with import_tab:
            guarded("import panel", import_panel, dataset_name)
        with ingest_tab:
            guarded("article builder", ingest_panel, G)
    with details_column:
        guarded("details panel", details_panel, G, token, view)


main()
