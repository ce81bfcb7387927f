"""The plain drawing: a view node by node as vis-network data (nodes, edges, legend, options).

Rendering attributes (colour, size, shape, fading) come from the view and the spec
(graph.draw.styles); they are never stored back into the graph. User text reaches the page only
as JSON data (labels, plain-text tooltips); the front end puts it in with textContent.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.dates import period_text
from graph.draw.items import Drawing, EdgeItem, EdgeRow, Legend, LegendEntry, NodeItem, Positions, edge_id
from graph.draw.styles import (
    CHANGE_STYLE,
    CHANGE_WIDTH,
    EDGE_COLOR,
    EMPHASIS_GROWTH,
    EMPHASIS_MIN,
    FADED_ALPHA,
    MUTED_ALPHA,
    NEGATIVE_COLOR,
    NO_GROUP,
    TYPE_STYLE,
    view_edges,
    view_style,
)
from graph.settings import limit
from graph.view import ATTRIBUTE_PREFIX, ViewSpec, comparison
from graph.vocabulary import NEGATIVE_RELATIONS, phrase, relation_sentence

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


def undirected_edge(G: nx.MultiDiGraph, data: dict[str, Any]) -> bool:  # type: ignore[type-arg]
    """True when the file the graph came from said this link has no direction: its own ``directed``
    attribute (GEXF, GraphML and graphology say it per edge), else the file's default.

    >>> G = nx.MultiDiGraph(properties={"edgedefault": "undirected"})
    >>> undirected_edge(G, {}), undirected_edge(G, {"directed": True}), undirected_edge(nx.MultiDiGraph(), {})
    (True, False, False)
    """
    own = data.get("directed")
    if isinstance(own, bool):
        return not own
    return bool(G.graph.get("properties", {}).get("edgedefault") == "undirected")


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
    if undirected_edge(G, data):  # drawn without an arrow, as the file has it (lesmis.gexf, karate)
        item["arrows"] = ""
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
    drawn: Legend = {"nodes": node_items, "edges": edge_items, "notes": notes}
    if rows and all(undirected_edge(view, data) for _, _, _, data in rows):
        drawn["undirected"] = True
    return drawn


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
