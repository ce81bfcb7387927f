"""Turn a view subgraph into vis-network data: nodes, edges, legend and options.

Rendering attributes (colour, size, shape, fading) are computed here from the view and
the spec; they are never stored back into the graph. User text reaches the page only
as JSON data (labels, plain-text tooltips); the front end puts it in with textContent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.dates import holds_on, period_text
from graph.layout import Positions
from graph.payload import Aggregation, EdgeItem, Legend, LegendEntry, NodeItem
from graph.query import path_marks
from graph.settings import limit
from graph.view import ATTRIBUTE_PREFIX, ViewSpec, comparison, faded_nodes
from graph.vocabulary import NEGATIVE_RELATIONS, phrase, relation_sentence

EDGE_ID_SEPARATOR = "\u241f"  # joins subject, object and key into one edge id

# Okabe–Ito colours (readable with colour-blindness), one per entity type.
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "state": ("#0072B2", "dot"),
    "alliance": ("#D55E00", "star"),
    "framework": ("#E69F00", "diamond"),
    "body": ("#009E73", "square"),
    "person": ("#CC79A7", "triangle"),
    "event": ("#F0E442", "hexagon"),
    "place": ("#56B4E9", "triangleDown"),
    "publication": ("#999999", "square"),
    "organization": ("#7F7F7F", "dot"),
    "other": ("#B0B0B0", "dot"),
}
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#F0E442",
    "#000000",
    "#882255",
    "#44AA99",
    "#117733",
    "#AA4499",
]
NEGATIVE_COLOR = "#C00000"
EDGE_COLOR = "#8A8A8A"
# A view comparing two dates (ViewSpec.changed_from): what changed in colour, the rest faded.
# Okabe–Ito hues, told apart with colour-blindness; ended is not red, which marks negative relations.
CHANGE_STYLE: dict[str, tuple[str, str]] = {  # status → (colour, legend text)
    "began": ("#009E73", "began"),
    "ended": ("#E69F00", "ended"),
    "began_and_ended": ("#0072B2", "began and ended"),
}
CHANGE_WIDTH = 3.0
FADED_ALPHA = "40"  # hex alpha appended to colours of faded nodes: 25 % opacity
MUTED_ALPHA = "55"  # beside an emphasis, everything else: 33 % opacity
EMPHASIS_GROWTH = 1.5  # emphasised nodes are drawn this much larger (at least EMPHASIS_MIN pixels)
EMPHASIS_MIN = 18.0
NO_GROUP = "#BBBBBB"
DIMMED_FONT = {"color": "#22222255"}
LAYER_COLOURS = {  # (negative, dimmed) → one shared colour object per kind of layer link
    (negative, dimmed): {
        "color": (NEGATIVE_COLOR if negative else EDGE_COLOR) + (FADED_ALPHA if dimmed else "")
    }
    for negative in (False, True)
    for dimmed in (False, True)
}
# Above limit("label_view") nodes: labels only when zoomed in, links hidden while moving.
# Above limit("edge_layer") edges the browser draws links as one canvas layer under the nodes
# instead of as vis-network edges: vis spends about 25 µs per edge on every new data set (0.4 s
# for 16,000 here) and more on each frame; the layer costs a few milliseconds. Layer links have
# no hover or click; nodes keep both, and a node's relations are listed in the details panel.


def edge_id(subject: str, target: str, key: str) -> str:
    return EDGE_ID_SEPARATOR.join((subject, target, key))


def split_edge_id(value: str) -> tuple[str, str, str]:
    subject, target, key = value.split(EDGE_ID_SEPARATOR)
    return subject, target, key


def node_tooltip(G: nx.MultiDiGraph, node: str, data: dict[str, Any] | None = None) -> str:
    data = G.nodes[node] if data is None else data
    lines = [f"{data.get('label', node)} ({data.get('type', '')})", node]
    if data.get("description"):
        lines.append(data["description"])
    if data.get("conflict"):
        lines.append("Sources disagree on: " + ", ".join(data.get("conflicts", [])))
    return "\n".join(lines)


def edge_tooltip(G: nx.MultiDiGraph, subject: str, target: str, data: dict[str, Any]) -> str:
    sources = G.graph.get("sources", {})
    lines = [
        relation_sentence(
            G.nodes[subject].get("label", subject),
            data["relation"],
            G.nodes[target].get("label", target),
            data.get("role") or "",
            period_text(data.get("start"), data.get("end")),
        )
    ]
    for citation in data.get("citations", []):
        source = sources.get(citation, {})
        lines.append(
            f"• {source.get('title') or citation} ({source.get('publisher') or 'unknown publisher'})"
        )
    if data.get("conflict"):
        lines.append("Sources disagree on the dates.")
    return "\n".join(lines)


EdgeRow = tuple[str, str, str, dict[str, Any]]


def view_edges(view: nx.MultiDiGraph) -> list[EdgeRow]:
    """The view's edges with keys and data, listed once for everything a payload needs.

    On a 10,000-node view one pass over a MultiDiGraph's nested edge dicts took about
    25 ms here (more per edge than on small views, whose dicts stay in the processor's
    cache), and a payload needed four of them (sizes, count, items, legend).
    """
    return list(view.edges(keys=True, data=True))


def own_colours(
    G: nx.MultiDiGraph, view: nx.MultiDiGraph, spec: ViewSpec
) -> tuple[dict[str, str], list[LegendEntry]]:
    """For ``color_by`` "file" or "attr:NAME": each node's colour and the legend's entries.

    A node without a colour of its own (or without the attribute) is grey.
    """
    from graph.attributes import colors_by, file_colors

    if spec.color_by == "file":
        colours = file_colors(G)
        return {node: colours.get(node, NO_GROUP) for node in view}, [
            {"label": "the file's own colours", "color": NO_GROUP, "shape": "dot"}
        ]
    name = spec.color_by[len(ATTRIBUTE_PREFIX) :]
    colours = colors_by(G, name)
    by_value: dict[str, str] = {}
    for node in view:
        value = G.nodes[node].get(name)
        if value not in (None, "") and node in colours:
            by_value.setdefault(str(value), colours[node])
    entries: list[LegendEntry] = [
        {"label": f"{name}: {value}", "color": colour, "shape": "dot"}
        for value, colour in sorted(by_value.items())[:12]
    ]
    if len(by_value) > 12:
        entries.append(
            {"label": f"{name}: {len(by_value) - 12} more values", "color": NO_GROUP, "shape": "dot"}
        )
    return {node: colours.get(node, NO_GROUP) for node in view}, entries


def node_groups(G: nx.MultiDiGraph, view: nx.MultiDiGraph, spec: ViewSpec) -> dict[str, str]:
    """The colour group of each node for ``spec.color_by`` (type, framework or community; for the
    file's colours and attributes, the colour itself)."""
    if spec.color_by == "file" or spec.color_by.startswith(ATTRIBUTE_PREFIX):
        return own_colours(G, view, spec)[0]
    if spec.color_by == "type":
        return {node: data.get("type", "") for node, data in view.nodes(data=True)}
    if spec.color_by == "framework":
        groups = {}
        for node, data in view.nodes(data=True):
            if data.get("type") in ("framework", "alliance"):
                groups[node] = node
                continue
            memberships = sorted(
                target
                for _, target, edge in G.out_edges(node, data=True)
                if edge["relation"] in ("partner_in", "member_of")
                and (spec.as_of is None or holds_on(edge.get("start"), edge.get("end"), spec.as_of))
            )
            groups[node] = memberships[0] if memberships else ""
        return groups
    undirected = nx.Graph(view.to_undirected(as_view=True))
    communities = nx.community.louvain_communities(undirected, seed=7) if undirected.number_of_edges() else []
    groups = {node: "" for node in view}
    for index, community in enumerate(sorted(communities, key=lambda c: (-len(c), min(c)))):
        for node in community:
            groups[node] = f"community {index + 1}"
    return groups


def node_sizes(view: nx.MultiDiGraph, spec: ViewSpec, edges: list[EdgeRow] | None = None) -> dict[str, float]:
    """Node sizes in pixels (8–20) for ``spec.size_by`` (``edges``: the view's edges, if listed).

    The range is narrow on purpose: a hub drawn much larger takes the room its neighbours' labels
    need (see graph.layout.view_layout)."""
    if spec.size_by == "uniform" or view.number_of_nodes() == 0:
        return dict.fromkeys(view, 12.0)
    if spec.size_by == "file" or spec.size_by.startswith(ATTRIBUTE_PREFIX):
        return _own_sizes(view, spec)
    if spec.size_by == "betweenness":
        k = None if view.number_of_nodes() <= 2000 else 300
        scores = nx.betweenness_centrality(nx.Graph(view.to_undirected(as_view=True)), k=k, seed=7)
    else:  # one pass over the edges: asking a MultiDiGraph for each node's degree costs 3× more
        scores = dict.fromkeys(view, 0.0)
        for subject, target, *_ in view.edges() if edges is None else edges:
            scores[subject] += 1
            scores[target] += 1
    top = max(scores.values()) or 1.0
    return {node: round(8 + 12 * (score / top) ** 0.5, 1) for node, score in scores.items()}


def _own_sizes(view: nx.MultiDiGraph, spec: ViewSpec) -> dict[str, float]:
    """Sizes from the file's own (``viz:size``) or a numeric attribute, scaled to 8–20 pixels."""
    from graph.attributes import file_sizes, sizes_by

    if spec.size_by == "file":
        raw = file_sizes(view)
        if not raw:
            return dict.fromkeys(view, 12.0)
        low, high = min(raw.values()), max(raw.values())
        span = (high - low) or 1.0
        return {
            node: round(8 + 12 * ((raw[node] - low) / span) ** 0.5, 1) if node in raw else 8.0
            for node in view
        }
    return {
        node: round(size, 1)
        for node, size in sizes_by(view, spec.size_by[len(ATTRIBUTE_PREFIX) :], 8, 20).items()
    }


def _color_for_groups(groups: dict[str, str], spec: ViewSpec) -> dict[str, str]:
    if spec.color_by == "file" or spec.color_by.startswith(ATTRIBUTE_PREFIX):  # the group is the colour
        return {group: group for group in set(groups.values())}
    if spec.color_by == "type":
        return {group: TYPE_STYLE.get(group, ("#7F7F7F", "dot"))[0] for group in set(groups.values())}
    names = sorted({group for group in groups.values() if group})
    colours = {name: PALETTE[index % len(PALETTE)] for index, name in enumerate(names)}
    colours[""] = NO_GROUP
    return colours


def emphasised_nodes(view: nx.MultiDiGraph, spec: ViewSpec, edges: list[EdgeRow] | None = None) -> set[str]:
    """The entities joined by a relation of ``spec.emphasis`` in the view (e.g. Russia, Belarus and
    the meeting they were excluded from)."""
    if not spec.emphasis:
        return set()
    rows = view.edges(keys=True, data=True) if edges is None else edges
    wanted = set(spec.emphasis)
    return {
        end for subject, target, _, data in rows if data["relation"] in wanted for end in (subject, target)
    }


def edge_change_status(
    view: nx.MultiDiGraph, spec: ViewSpec, edges: list[EdgeRow] | None = None
) -> dict[tuple[str, str, str], str] | None:
    """In a view comparing two dates, each edge's status (began, ended, began_and_ended,
    unchanged, undated: see graph.timeline.EdgeChanges); None in any other view."""
    dates = comparison(spec)
    if dates is None:
        return None
    from graph.timeline.diff import edge_statuses  # graph.timeline builds on the view

    rows = view_edges(view) if edges is None else edges
    statuses = edge_statuses(view, *dates)
    return {
        (subject, target, key): statuses.status((subject, target, key)) or "unchanged"
        for subject, target, key, _ in rows
    }


def view_style(
    G: nx.MultiDiGraph, view: nx.MultiDiGraph, spec: ViewSpec, edges: list[EdgeRow] | None = None
) -> dict[str, Any]:
    """What node and edge items need to know about the whole view: groups, colours, sizes, fading.

    ``edges``: the view's edges as listed by ``view_edges``, when the caller has them (each
    pass over a large MultiDiGraph's edges costs more per edge than the last fits in cache).
    """
    faded = set(faded_nodes(view, spec))
    changes = edge_change_status(view, spec, edges)
    if changes is not None:  # entities no change touches are faded, as are unchanged relations
        faded |= set(view) - {
            node for edge, status in changes.items() if status in CHANGE_STYLE for node in edge[:2]
        }
    own: list[LegendEntry] = []
    if spec.color_by == "file" or spec.color_by.startswith(ATTRIBUTE_PREFIX):
        groups, own = own_colours(G, view, spec)
    else:
        groups = node_groups(G, view, spec)
    selected = spec.selected if spec.selected in view else None
    path_nodes, path_edges = path_marks(G, view, spec.path)  # the path finder's path, drawn
    emphasised = emphasised_nodes(view, spec, edges) | path_nodes
    return {
        "faded": faded,
        "own_legend": own,
        "emphasis": set(spec.emphasis),
        "emphasised": emphasised,
        "groups": groups,
        "colours": _color_for_groups(groups, spec),
        "sizes": node_sizes(view, spec, edges),
        "selected": selected,
        "neighbourhood": {selected, *nx.all_neighbors(view, selected), *path_nodes} if selected else set(),
        "path_edges": path_edges,
        "edges": (count := view.number_of_edges() if edges is None else len(edges)),
        "edge_labels": count <= 12,
        "changes": changes,  # edge key → status, in a view comparing two dates
        # (colour, dimmed, selected) → the colour object every such node shares (node_item)
        "colour_objects": {},
    }


def node_item(
    G: nx.MultiDiGraph,
    node: str,
    style: dict[str, Any],
    positions: Positions,
    data: dict[str, Any] | None = None,
) -> NodeItem:
    """One vis-network node (``data``: its attributes, when the caller has them at hand).

    Defaults shared by all nodes live in vis_options, not here.
    """
    data = G.nodes[node] if data is None else data
    selected, faded = style["selected"], style["faded"]
    group = style["groups"].get(node, "")
    colour = style["colours"].get(group, NO_GROUP)
    emphasised = node in style["emphasised"]
    muted = bool(style["emphasised"]) and not emphasised and node != selected
    dimmed = node in faded or muted or (selected is not None and node not in style["neighbourhood"])
    is_selected = node == selected
    # Nodes of one colour and state share one colour object (encoded as often as it is used):
    # fewer allocations keep building a 10,000-node payload close to linear.
    colours = style["colour_objects"]
    alpha = FADED_ALPHA if node in faded else MUTED_ALPHA if dimmed else ""
    if (colour, alpha, is_selected) not in colours:
        fill = colour + alpha
        colours[(colour, alpha, is_selected)] = {
            "background": fill,
            "border": "#222222" if is_selected else fill,
            "highlight": {"background": colour, "border": "#000000"},
        }
    kind = data.get("type", "")
    item: NodeItem = {
        "id": node,
        "label": data.get("label", node),
        "title": node_tooltip(G, node, data),
        "shape": TYPE_STYLE.get(kind, ("", "dot"))[1],
        "size": style["sizes"].get(node, 12.0),
        "color": colours[(colour, alpha, is_selected)],
        "type": kind,
        "group_name": group,
        "faded": node in faded,
        "conflict": bool(data.get("conflict")),
    }
    if is_selected:
        item["borderWidth"] = 4
    if emphasised:
        item["size"] = max(EMPHASIS_MIN, round(item["size"] * EMPHASIS_GROWTH, 1))
        item["emphasis"] = True
    if dimmed:
        item["font"] = DIMMED_FONT
        item["dim"] = True
    if item["conflict"]:
        item["shapeProperties"] = {"borderDashes": [4, 3]}
        item["borderWidth"] = max(item.get("borderWidth", 1), 2)
    if node in positions:
        item["x"], item["y"] = positions[node]
    return item


def edge_item(
    G: nx.MultiDiGraph, subject: str, target: str, key: str, data: dict[str, Any], style: dict[str, Any]
) -> EdgeItem:
    """One vis-network edge (arrows, smoothness and fonts are defaults in vis_options)."""
    selected, faded = style["selected"], style["faded"]
    negative = data["relation"] in NEGATIVE_RELATIONS
    on_path = (subject, target, key) in style["path_edges"]
    emphasised = data["relation"] in style["emphasis"] or on_path
    change: str | None = (style.get("changes") or {}).get((subject, target, key))
    changed = change in CHANGE_STYLE
    dimmed = not on_path and (
        (change is not None and not changed)
        or (not changed and (subject in faded or target in faded))
        or (selected is not None and selected not in (subject, target))
        or (bool(style["emphasis"] or style["path_edges"]) and not emphasised)
    )
    colour = CHANGE_STYLE[change][0] if change in CHANGE_STYLE else NEGATIVE_COLOR if negative else EDGE_COLOR
    item: EdgeItem = {
        "id": edge_id(subject, target, key),
        "from": subject,
        "to": target,
        "relation": data["relation"],
        "title": edge_tooltip(G, subject, target, data),
        "color": {"color": colour + (FADED_ALPHA if dimmed else ""), "highlight": "#000000"},
    }
    if change is not None:
        item["change"] = change
    if style["edge_labels"] and not dimmed:
        item["label"] = phrase(data["relation"])
    if negative:
        item.update({"dashes": [8, 6], "width": 2.5, "negative": True})
    elif data.get("conflict"):
        item["dashes"] = [2, 4]
    if emphasised:
        item["width"] = 4.5
    if changed:
        item["width"] = max(item.get("width", 1), CHANGE_WIDTH)
    return item


def layer_edge(
    subject: str, target: str, data: dict[str, Any], style: dict[str, Any], key: str = ""
) -> EdgeItem:
    """A link of the browser's edge layer: its ends and how it is drawn, nothing to hover or click."""
    selected, faded = style["selected"], style["faded"]
    negative = data["relation"] in NEGATIVE_RELATIONS
    change = (style.get("changes") or {}).get((subject, target, key))
    if change in CHANGE_STYLE:
        return {
            "from": subject,
            "to": target,
            "color": {"color": CHANGE_STYLE[change][0]},
            "width": CHANGE_WIDTH,
        }
    dimmed = (
        change is not None
        or subject in faded
        or target in faded
        or (selected is not None and selected not in (subject, target))
    )
    item: EdgeItem = {"from": subject, "to": target, "color": LAYER_COLOURS[negative, dimmed]}
    if negative:
        item.update({"dashes": True, "width": 2.5})
    return item


@dataclass(frozen=True)
class Drawing:
    """What a view draws: node and edge items, legend, notice (see graph.payload.view_payload)."""

    nodes: list[NodeItem]
    edges: list[EdgeItem]
    legend: Legend
    notice: str
    selected: str | None
    edge_layer: bool
    aggregation: Aggregation | None = None


def plain_drawing(
    G: nx.MultiDiGraph, view: nx.MultiDiGraph, spec: ViewSpec, positions: Positions, screen: bool = False
) -> Drawing:
    """The view node by node, built in one pass over it.

    ``G`` is the whole graph (for labels of colour groups), ``view`` the subgraph shown.
    Nodes without a position are placed by the browser (physics stays off). With ``screen``,
    a view of more than ``edge_layer`` links gets compact edges for the browser's edge layer.
    """
    rows = view_edges(view)
    style = view_style(G, view, spec, rows)
    nodes = [node_item(G, node, style, positions, data) for node, data in view.nodes(data=True)]
    layer = screen and style["edges"] > limit("edge_layer")
    if layer:
        edges = [layer_edge(subject, target, data, style, key) for subject, target, key, data in rows]
    else:
        edges = [edge_item(G, subject, target, key, data, style) for subject, target, key, data in rows]
    notice = ""
    if view.number_of_nodes() > limit("label_view"):
        notice = f"{view.number_of_nodes():,} entities in view: labels appear when you zoom in."
    if layer:
        notice += (
            f" The {len(edges):,} links are drawn as one light layer (no arrows, no hover): click a node "
            "to read its relations and their sources."
        )
    return Drawing(
        nodes=nodes,
        edges=edges,
        legend=legend(
            view, spec, style["groups"], style["colours"], rows, style["emphasised"], style["own_legend"]
        ),
        notice=notice.strip(),
        selected=style["selected"],
        edge_layer=layer,
    )


def legend(
    view: nx.MultiDiGraph,
    spec: ViewSpec,
    groups: dict[str, str],
    colours: dict[str, str],
    edges: list[EdgeRow] | None = None,
    emphasised: set[str] | None = None,
    own: list[LegendEntry] | None = None,
) -> Legend:
    """Legend entries for the node colours and the relations in the view (``edges``: as listed)."""
    node_items: list[LegendEntry]
    if own is not None and (spec.color_by == "file" or spec.color_by.startswith(ATTRIBUTE_PREFIX)):
        node_items = own
    elif spec.color_by == "type":
        node_items = [
            {"label": name, "color": TYPE_STYLE[name][0], "shape": TYPE_STYLE[name][1]}
            for name in TYPE_STYLE
            if name in set(groups.values())
        ]
    else:
        labels = {}
        for group in sorted(set(groups.values())):
            labels[group] = group or "none"
        node_items = [
            {
                "label": view.nodes[g].get("label", g) if g in view else labels[g],
                "color": colours.get(g, NO_GROUP),
                "shape": "dot",
            }
            for g in labels
        ]
    rows = view_edges(view) if edges is None else edges
    relations = sorted({data["relation"] for _, _, _, data in rows})
    edge_items: list[LegendEntry] = [
        {
            "label": phrase(relation),
            "relation": relation,
            "color": NEGATIVE_COLOR if relation in NEGATIVE_RELATIONS else EDGE_COLOR,
            "dashed": relation in NEGATIVE_RELATIONS,
            "negative": relation in NEGATIVE_RELATIONS,
        }
        for relation in relations
    ]
    if (dates := comparison(spec)) is not None:
        changes: list[LegendEntry] = [
            {"label": f"{text} after {dates[0]}, by {dates[1]}", "color": colour, "change": True}
            for colour, text in CHANGE_STYLE.values()
        ]
        edge_items = changes + [item for item in edge_items if item.get("negative")]
    notes = []
    if dates is not None:
        notes.append("faded: unchanged between the two dates, or undated")
    if spec.emphasis and emphasised:
        names = sorted(view.nodes[node].get("label", node) for node in emphasised if node in view)
        shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
        notes.append(f"emphasised: {', '.join(map(phrase, spec.emphasis))} — {shown}; the rest is faded")
    if any(data.get("conflict") for _, data in view.nodes(data=True)):
        notes.append("dashed border: sources disagree")
    if spec.fade_relations:
        notes.append(
            "faded: linked only as " + ", ".join(f"'{phrase(name)}'" for name in spec.fade_relations)
        )
    return {"nodes": node_items, "edges": edge_items, "notes": notes}


def vis_options(node_count: int) -> dict[str, Any]:
    """vis-network options: positions come from the server, so physics stays off.

    Labels are drawn only once they are readable (``drawThreshold``, in screen pixels): a
    large view fitted to the screen shows shapes, and names appear as one zooms in.
    """
    large = node_count > limit("label_view")
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "width": 1,
            "font": {"size": 10, "align": "middle", "color": "#555555"},
        },
        "nodes": {
            "borderWidth": 1,
            "font": {
                "size": 16,
                "face": "sans-serif",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "color": "#222222",
            },
            "scaling": {"label": {"drawThreshold": 8 if large else 5}},
        },
    }
