"""Level of detail: a view too large to draw node by node is shown as groups.

Above LOD_NODES entities in view, each group of the layout (a community, or a pool of
small components; see :func:`graph.layout.group_nodes`) becomes one node at the centre
of its disc, sized by how many of its members are in view, and the links between two
groups become one line whose width grows with their number. Groups named in
``ViewSpec.expanded`` are shown node by node in place, up to the same budget. The
payload has the same shape as :func:`graph.render.vis_payload`, with a notice that says
what is aggregated.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from graph.layout import Groups, Positions
from graph.render import (
    EDGE_COLOR,
    EDGE_LAYER,
    NO_GROUP,
    PALETTE,
    TYPE_STYLE,
    edge_item,
    legend,
    node_item,
    view_edges,
    view_style,
    vis_options,
    vis_payload,
)
from graph.view import ViewSpec, apply_view

# The most entities drawn node by node. 10,000 redraw in about a second in software-rendered
# Chromium here (see the README's benchmark); a faster machine may raise it with AGX_LOD_NODES.
LOD_NODES = int(os.environ.get("AGX_LOD_NODES", "10000"))
GROUP_PREFIX = "group "  # group ids hold a space, which no entity id may contain
LINKS_PREFIX = "links "


BUNDLES_PER_GROUP = 6  # the strongest bundles of links kept for each group in an aggregated view


def _strongest_bundles(bundles: Counter[tuple[str, str]]) -> set[tuple[str, str]]:
    """The bundles among each end's BUNDLES_PER_GROUP strongest: a readable skeleton, not a hairball."""
    by_end: dict[str, list[tuple[int, tuple[str, str]]]] = {}
    for pair, count in bundles.items():
        for end in pair:
            by_end.setdefault(end, []).append((count, pair))
    kept = set()
    for items in by_end.values():
        items.sort(key=lambda item: (-item[0], item[1]))
        kept.update(pair for _, pair in items[:BUNDLES_PER_GROUP])
    return kept


def group_id(index: int) -> str:
    """The id of group ``index`` (0-based) in the view: "group 1" for the first."""
    return f"{GROUP_PREFIX}{index + 1}"


def group_index(value: str) -> int | None:
    """The 0-based index of a group id, or None when ``value`` is not a group id."""
    if not isinstance(value, str) or not value.startswith(GROUP_PREFIX):
        return None
    number = value[len(GROUP_PREFIX) :]
    return int(number) - 1 if number.isascii() and number.isdigit() and int(number) > 0 else None


def needs_aggregation(view: nx.MultiDiGraph, groups: Groups | None) -> bool:
    """True when the view has more entities than LOD_NODES and the graph has groups."""
    return groups is not None and view.number_of_nodes() > LOD_NODES


def expanded_groups(view: nx.MultiDiGraph, spec: ViewSpec, groups: Groups) -> tuple[list[int], list[int]]:
    """The groups of ``spec.expanded`` that fit in the budget, and those that do not (in spec order)."""
    counts = Counter(groups.of[node] for node in view if node in groups.of)
    shown, refused, total = [], [], 0
    for text in dict.fromkeys(spec.expanded):
        index = int(text) - 1
        if not 0 <= index < len(groups) or not counts.get(index):
            continue
        if total + counts[index] > LOD_NODES:
            refused.append(index)
            continue
        shown.append(index)
        total += counts[index]
    return shown, refused


def group_summary(G: nx.MultiDiGraph, view: nx.MultiDiGraph, groups: Groups, index: int) -> dict[str, Any]:
    """What a group holds in the view: how many entities, their types, the best linked ones."""
    members = [node for node in groups.members[index] if node in view]
    types = Counter(G.nodes[node].get("type", "") for node in members)
    best = sorted(members, key=lambda node: (-view.degree(node), str(node)))[:10]
    return {
        "id": group_id(index),
        "kind": groups.kinds[index],
        "count": len(members),
        "types": types.most_common(),
        "best_linked": [(node, G.nodes[node].get("label", node), view.degree(node)) for node in best],
    }


def _group_tooltip(summary: dict[str, Any]) -> str:
    count = summary["count"]
    types = ", ".join(f"{name} {share * 100 / count:.0f}%" for name, share in summary["types"][:4])
    best = ", ".join(label for _, label, _ in summary["best_linked"][:5])
    return "\n".join(
        (
            f"Group {summary['id'][len(GROUP_PREFIX) :]}: {count:,} entities in view ({summary['kind']})",
            f"Types: {types}",
            f"Best linked: {best}",
            "Double-click to show its members; click for details.",
        )
    )


def view_payload(
    G: nx.MultiDiGraph,
    spec: ViewSpec,
    groups: Groups | None,
    positions_for: Callable[[Iterable[str]], Positions],
    view: nx.MultiDiGraph | None = None,
) -> dict[str, Any]:
    """The payload of ``spec``'s view: node by node, or aggregated when it has more than LOD_NODES.

    ``positions_for(nodes)`` returns positions covering ``nodes``; it is asked only for the
    nodes that will be drawn one by one, so a caller can lay out groups lazily. ``view`` is
    ``apply_view(G, spec)`` when the caller already has it.
    """
    view = apply_view(G, spec) if view is None else view
    if groups is not None and needs_aggregation(view, groups):
        shown, _ = expanded_groups(view, spec, groups)
        members = [node for index in shown for node in groups.members[index] if node in view]
        return aggregated_payload(G, view, spec, groups, positions_for(members))
    return vis_payload(G, view, spec, positions_for(list(view)), screen=True)


def aggregated_payload(
    G: nx.MultiDiGraph, view: nx.MultiDiGraph, spec: ViewSpec, groups: Groups, positions: Positions
) -> dict[str, Any]:
    """The view with collapsed groups as single nodes; ``positions`` covers the expanded groups' members."""
    shown, refused = expanded_groups(view, spec, groups)
    open_groups = set(shown)
    in_view: dict[int, list[str]] = {}
    for node in view:
        in_view.setdefault(groups.of[node], []).append(node)

    individual = [node for index in shown for node in in_view[index]]
    shown_one_by_one = view.subgraph(individual)
    rows = view_edges(shown_one_by_one) if individual else []
    style = view_style(G, shown_one_by_one, spec, rows) if individual else None
    nodes = [node_item(G, node, style, positions) for node in individual] if style else []

    largest = max((len(members) for index, members in in_view.items() if index not in open_groups), default=1)
    for index in sorted(in_view):
        if index in open_groups:
            continue
        summary = group_summary(G, view, groups, index)
        dominant = summary["types"][0][0] if summary["types"] else ""
        colour = (
            TYPE_STYLE.get(dominant, (NO_GROUP, "dot"))[0]
            if spec.color_by == "type"
            else PALETTE[index % len(PALETTE)]
        )
        x, y = groups.centres[index]
        nodes.append(
            {
                "id": group_id(index),
                "label": f"Group {index + 1} · {summary['count']:,}",
                "title": _group_tooltip(summary),
                "shape": "dot",
                "size": round(14 + 46 * math.sqrt(summary["count"] / largest), 1),
                "color": {
                    "background": colour + "B0",
                    "border": colour,
                    "highlight": {"background": colour, "border": "#000000"},
                },
                "borderWidth": 2,
                "type": "group",
                "group_name": dominant,
                "faded": False,
                "conflict": False,
                "members": summary["count"],
                "x": x,
                "y": y,
            }
        )

    def representative(node: str) -> str:
        index = groups.of[node]
        return node if index in open_groups else group_id(index)

    edges = []
    bundles: Counter[tuple[str, str]] = Counter()
    for subject, target, key, data in view.edges(keys=True, data=True):
        a, b = representative(subject), representative(target)
        if a == subject and b == target:
            edges.append(edge_item(G, subject, target, key, data, style))
        elif a != b:
            bundles[(a, b) if a < b else (b, a)] += 1
    strongest = _strongest_bundles(bundles)
    for (a, b), count in sorted(bundles.items()):
        if (a, b) not in strongest:
            continue
        edges.append(
            {
                "id": f"{LINKS_PREFIX}{a}\u241f{b}",
                "from": a,
                "to": b,
                "relation": "",
                "title": f"{count:,} link{'s' if count != 1 else ''} between {a} and {b}",
                "arrows": "",
                "width": round(min(1 + math.log2(count), 10), 1),
                "color": {"color": EDGE_COLOR + "90", "highlight": "#000000"},
                "count": count,
            }
        )

    collapsed = len(in_view) - len(shown)
    notice = (
        f"Level of detail: {view.number_of_nodes():,} entities are in view, more than the {LOD_NODES:,} "
        f"drawn one by one, so {collapsed:,} groups (communities of linked entities) are each drawn "
        "as one circle, sized by its members, and the links between two groups as one line. "
        "Double-click a group to show its members; filter or focus to see fewer entities."
    )
    if len(strongest) < len(bundles):
        notice += (
            f" Between groups, the {len(strongest):,} strongest of {len(bundles):,} bundles of links are "
            "drawn "
            f"(each group's {BUNDLES_PER_GROUP} strongest)."
        )
    if refused:
        notice += (
            f" Not expanded (over the {LOD_NODES:,} budget): "
            + ", ".join(f"group {index + 1}" for index in refused)
            + "."
        )
    node_legend = legend(shown_one_by_one, spec, style["groups"], style["colours"], rows) if style else None
    return {
        "nodes": nodes,
        "edges": edges,
        "notice": notice,
        "legend": {
            "nodes": [
                {"label": "group of entities (double-click to expand)", "color": EDGE_COLOR, "shape": "dot"}
            ]
            + (node_legend["nodes"] if node_legend else []),
            "edges": node_legend["edges"] if node_legend else [],
            "notes": ["line width: number of links between groups"]
            + (node_legend["notes"] if node_legend else []),
        },
        "selected": style["selected"] if style else None,
        "options": vis_options(view.number_of_nodes()),
        "aggregated": {"groups": collapsed, "expanded": [index + 1 for index in shown]},
        "entities": view.number_of_nodes(),
        "edge_layer": len(edges) > EDGE_LAYER,
    }
