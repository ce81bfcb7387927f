"""Level of detail: a view too large to draw node by node is shown as groups.

Above ``limit("lod_nodes")`` entities in view, each group of the layout (a community, or a pool of
small components; see :func:`graph.draw.layout.group_nodes`) becomes one node at the centre
of its disc, sized by how many of its members are in view, and the links between two
groups become one line whose width grows with their number. Groups named in
``ViewSpec.expanded`` are shown node by node in place, up to the same budget. The
drawing has the same shape as :func:`graph.draw.plain.plain_drawing`'s, with a notice that
says what is aggregated; :func:`graph.draw.payload.view_payload` chooses between the two.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import networkx as nx

from graph.draw.items import (
    EDGE_ID_SEPARATOR,
    Drawing,
    EdgeItem,
    EdgeRow,
    Legend,
    LegendEntry,
    NodeItem,
    PositionsFor,
)
from graph.draw.layout import Groups
from graph.draw.plain import edge_item, legend, node_item
from graph.draw.styles import EDGE_COLOR, NO_GROUP, PALETTE, TYPE_STYLE, view_edges, view_style
from graph.settings import limit
from graph.view import ViewSpec

GROUP_PREFIX = "group "  # group ids hold a space, which no entity id may contain
LINKS_PREFIX = "links "


BUNDLES_PER_GROUP = 6  # the strongest bundles of links kept for each group in an aggregated view

# The first frame fits the view into the canvas (vis-network's fit()), so how large a group looks
# depends on how far apart the groups are. A group's circle fills its disc in the proportion of
# its members in view, and is never smaller than MIN_GROUP_PIXELS (its radius on screen) in the
# smallest graph area we design for (FIT_CANVAS). At most MAX_GROUPS_DRAWN groups, the largest,
# are drawn: about a thousand discs fill such a canvas at that size.
FIT_CANVAS = (800.0, 600.0)
MIN_GROUP_PIXELS = 6.0
MAX_GROUPS_DRAWN = 1_000


def fitted_scale(
    circles: list[tuple[float, float, float]], canvas: tuple[float, float] = FIT_CANVAS
) -> float:
    """The scale vis-network's ``fit()`` gives circles ``(x, y, radius)``: the canvas over their
    extent with a 10 % margin, at most 1.

    >>> round(fitted_scale([(0, 0, 10), (1000, 0, 10)]), 3)  # 1,020 wide: 800 / 1,122
    0.713
    """
    if not circles:
        return 1.0
    width = max(x + r for x, _, r in circles) - min(x - r for x, _, r in circles)
    height = max(y + r for _, y, r in circles) - min(y - r for _, y, r in circles)
    scale = min(canvas[0] / max(1.1 * width, 1e-9), canvas[1] / max(1.1 * height, 1e-9))
    return min(scale, 1.0)


def readable_sizes(
    circles: list[tuple[float, float, float]], fixed: Sequence[tuple[float, float, float]] = ()
) -> list[float]:
    """Radii for ``circles`` (x, y, natural radius) so that each is drawn at least MIN_GROUP_PIXELS
    once the view (with the ``fixed`` circles: expanded groups' discs) is fitted to FIT_CANVAS."""
    sizes = [radius for _, _, radius in circles]
    for _ in range(8):  # raising the smallest may widen the extent a little: settle in a few steps
        scale = fitted_scale(
            [(x, y, size) for (x, y, _), size in zip(circles, sizes, strict=True)] + list(fixed)
        )
        least = MIN_GROUP_PIXELS / scale * 1.01
        if all(size >= least for size in sizes):
            break
        sizes = [max(size, least) for size in sizes]
    return [round(size, 1) for size in sizes]


def _strongest_bundles(bundles: Counter[tuple[str, str]]) -> set[tuple[str, str]]:
    """The bundles among each end's BUNDLES_PER_GROUP strongest: a readable skeleton, not a hairball."""
    by_end: dict[str, list[tuple[int, tuple[str, str]]]] = {}
    for pair, count in bundles.items():
        for end in pair:
            by_end.setdefault(end, []).append((count, pair))
    kept: set[tuple[str, str]] = set()
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
    """True when the view has more entities than the budget (``lod_nodes``) and the graph has groups."""
    return groups is not None and view.number_of_nodes() > limit("lod_nodes")


def expanded_groups(view: nx.MultiDiGraph, spec: ViewSpec, groups: Groups) -> tuple[list[int], list[int]]:
    """The groups of ``spec.expanded`` that fit in the budget, and those that do not (in spec order)."""
    counts = Counter(groups.of[node] for node in view if node in groups.of)
    budget = limit("lod_nodes")
    shown, refused, total = [], [], 0
    for text in dict.fromkeys(spec.expanded):
        index = int(text) - 1
        if not 0 <= index < len(groups) or not counts.get(index):
            continue
        if total + counts[index] > budget:
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


def aggregated_drawing(
    G: nx.MultiDiGraph, view: nx.MultiDiGraph, spec: ViewSpec, groups: Groups, positions_for: PositionsFor
) -> Drawing:
    """The view with collapsed groups as single nodes; the expanded groups' members node by node.

    ``positions_for`` is asked only for the members of expanded groups.
    """
    shown, refused = expanded_groups(view, spec, groups)
    in_view: dict[int, list[str]] = {}
    for node in view:
        in_view.setdefault(groups.of[node], []).append(node)

    individual = [node for index in shown for node in in_view[index]]
    positions = positions_for(individual) if individual else {}
    shown_one_by_one = view.subgraph(individual)
    rows = view_edges(shown_one_by_one) if individual else []
    style = view_style(G, shown_one_by_one, spec, rows) if individual else None
    nodes: list[NodeItem] = [node_item(G, node, style, positions) for node in individual] if style else []

    collapsed = sorted(
        (index for index in in_view if index not in shown),
        key=lambda index: (-len(in_view[index]), index),
    )
    drawn = sorted(collapsed[:MAX_GROUPS_DRAWN])
    nodes += _group_items(G, view, spec, groups, in_view, drawn, shown)
    edges, bundles, kept = _aggregated_edges(G, view, groups, set(shown), set(drawn), style)
    notice = _aggregation_notice(view, in_view, collapsed, drawn, (bundles, kept), refused)
    return Drawing(
        nodes=nodes,
        edges=edges,
        legend=_aggregated_legend(shown_one_by_one, spec, style, rows),
        notice=notice,
        selected=style["selected"] if style else None,
        edge_layer=len(edges) > limit("edge_layer"),
        aggregation={"groups": len(drawn), "expanded": [index + 1 for index in shown]},
    )


def _group_items(
    G: nx.MultiDiGraph,
    view: nx.MultiDiGraph,
    spec: ViewSpec,
    groups: Groups,
    in_view: dict[int, list[str]],
    drawn: list[int],
    shown: list[int],
) -> list[NodeItem]:
    """One node per drawn group, at the centre of its disc, large enough to be seen once fitted."""
    natural = [
        (
            *groups.centres[index],
            0.9 * groups.radii[index] * math.sqrt(len(in_view[index]) / max(len(groups.members[index]), 1)),
        )
        for index in drawn
    ]
    sizes = readable_sizes(natural, [(*groups.centres[index], groups.radii[index]) for index in shown])
    return [
        _group_item(group_summary(G, view, groups, index), spec, groups, index, size)
        for index, size in zip(drawn, sizes, strict=True)
    ]


def _group_item(summary: dict[str, Any], spec: ViewSpec, groups: Groups, index: int, size: float) -> NodeItem:
    """Group ``index`` as one node, coloured by its commonest type (or its place in the palette)."""
    dominant = summary["types"][0][0] if summary["types"] else ""
    colour = (
        TYPE_STYLE.get(dominant, (NO_GROUP, "dot"))[0]
        if spec.color_by == "type"
        else PALETTE[index % len(PALETTE)]
    )
    x, y = groups.centres[index]
    return {
        "id": group_id(index),
        "label": f"Group {index + 1} · {summary['count']:,}",
        "title": _group_tooltip(summary),
        "shape": "dot",
        "size": size,
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


def _aggregated_edges(
    G: nx.MultiDiGraph,
    view: nx.MultiDiGraph,
    groups: Groups,
    open_groups: set[int],
    drawn_groups: set[int],
    style: dict[str, Any] | None,
) -> tuple[list[EdgeItem], int, int]:
    """The relations among expanded members, then the strongest bundles of links between drawn
    groups (each bundle one line); and how many bundles there are, and how many are drawn."""

    def representative(node: str) -> str | None:
        index = groups.of[node]
        return node if index in open_groups else group_id(index) if index in drawn_groups else None

    edges: list[EdgeItem] = []
    bundles: Counter[tuple[str, str]] = Counter()
    for subject, target, key, data in view.edges(keys=True, data=True):
        a, b = representative(subject), representative(target)
        if a is None or b is None:
            continue  # a group left out of the drawing
        if a == subject and b == target and style is not None:
            edges.append(edge_item(G, subject, target, key, data, style))
        elif a != b:
            bundles[(a, b) if a < b else (b, a)] += 1
    strongest = _strongest_bundles(bundles)
    edges += [_bundle_item(a, b, count) for (a, b), count in sorted(bundles.items()) if (a, b) in strongest]
    return edges, len(bundles), len(strongest)


def _bundle_item(a: str, b: str, count: int) -> EdgeItem:
    """The links between two groups (or a group and an expanded member) as one line."""
    return {
        "id": f"{LINKS_PREFIX}{a}{EDGE_ID_SEPARATOR}{b}",
        "from": a,
        "to": b,
        "relation": "",
        "title": f"{count:,} link{'s' if count != 1 else ''} between {a} and {b}",
        "arrows": "",
        "width": round(min(1 + math.log2(count), 10), 1),
        "color": {"color": EDGE_COLOR + "90", "highlight": "#000000"},
        "count": count,
    }


def _aggregation_notice(
    view: nx.MultiDiGraph,
    in_view: dict[int, list[str]],
    collapsed: list[int],
    drawn: list[int],
    bundles: tuple[int, int],
    refused: list[int],
) -> str:
    """What the aggregated view shows and leaves out, and how to see more (``bundles``: how many
    bundles of links between groups there are, and how many are drawn)."""
    budget = limit("lod_nodes")
    notice = (
        f"Level of detail: {view.number_of_nodes():,} entities are in view, more than the {budget:,} "
        f"drawn one by one, so {len(collapsed):,} groups (communities of linked entities) are each drawn "
        "as one circle, sized by its members, and the links between two groups as one line. "
        "Double-click a group to show its members; filter or focus to see fewer entities."
    )
    if left_out := len(collapsed) - len(drawn):
        hidden = sum(len(in_view[index]) for index in collapsed[MAX_GROUPS_DRAWN:])
        notice += (
            f" Only the {len(drawn):,} largest groups are drawn, so that each can be seen; the other "
            f"{left_out:,} ({hidden:,} entities) are not: filter or focus to see them."
        )
    if bundles[1] < bundles[0]:
        notice += (
            f" Between groups, the {bundles[1]:,} strongest of {bundles[0]:,} bundles of links are drawn "
            f"(each group's {BUNDLES_PER_GROUP} strongest)."
        )
    if refused:
        notice += (
            f" Not expanded (over the {budget:,} budget): "
            + ", ".join(f"group {index + 1}" for index in refused)
            + "."
        )
    return notice


def _aggregated_legend(
    shown_one_by_one: nx.MultiDiGraph, spec: ViewSpec, style: dict[str, Any] | None, rows: list[EdgeRow]
) -> Legend:
    """The groups' entry and note, then the legend of the members drawn one by one."""
    node_legend = (
        legend(shown_one_by_one, spec, style["groups"], style["colours"], rows, own=style["own_legend"])
        if style
        else None
    )
    group_entry: LegendEntry = {"label": "group of entities (double-click to expand)", "shape": "dot"}
    return {
        "nodes": [{**group_entry, "color": EDGE_COLOR}, *(node_legend["nodes"] if node_legend else [])],
        "edges": node_legend["edges"] if node_legend else [],
        "notes": [
            "line width: number of links between groups",
            *(node_legend["notes"] if node_legend else []),
        ],
    }
