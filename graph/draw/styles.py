"""How a view is styled: colours, sizes, fading and emphasis, computed and never stored back.

Each node's colour group and size follow ``ViewSpec.color_by`` and ``size_by``: by type,
framework, community, degree or betweenness, or by the graph's own data (see below);
:func:`view_style` gathers what every node and edge item of a view needs to know.

A graph read from a file keeps its node attributes (typed: see
``G.graph["attribute_types"]``) and its drawing data as ``viz:x``, ``viz:y`` (Gephi's axes,
y up), ``viz:z``, ``viz:size`` and ``viz:color`` (``#rrggbb`` or ``#rrggbbaa``). This module
lists what a view can be coloured or sized by, and turns an attribute, or the file's own
drawing, into colours, sizes and positions (screen axes, y down, as vis-network uses).

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", club="Mr. Hi", weight=3, **{"viz:x": 1.0, "viz:y": 2.0, "viz:color": "#ff0000"})
>>> G.add_node("b", club="Officer", weight=9)
>>> G.graph["attribute_types"] = {"node": {"club": "string", "weight": "integer"}}
>>> summary = describe_attributes(G)
>>> [item.name for item in summary.categorical], [item.name for item in summary.numeric]
(['club', 'weight'], ['weight'])
>>> summary.positions, summary.colors, summary.sizes
(1, 1, 0)
>>> file_positions(G)
{'a': (1.0, -2.0)}
>>> colors_by(G, "club")
{'a': '#0072B2', 'b': '#E69F00'}
>>> sizes_by(G, "weight")
{'a': 8.0, 'b': 26.0}
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.dates import holds_on
from graph.draw.items import EdgeRow, LegendEntry, Positions
from graph.draw.layout import BOX
from graph.model import VIZ_PREFIX
from graph.query import path_marks
from graph.temporal.changes import edge_statuses
from graph.view import ATTRIBUTE_PREFIX, ViewSpec, comparison, faded_nodes

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


# ---- The graph's own attributes and picture --------------------------------------------------

MAX_CATEGORIES = 24  # an attribute with at most this many values can colour a view
NUMERIC_TYPES = ("integer", "double")


@dataclass(frozen=True)
class AttributeSummary:
    """One node attribute: its name, type, how many nodes have it, how many distinct values."""

    name: str
    type: str
    nodes: int
    distinct: int
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class GraphAttributes:
    """What a graph offers for drawing: attributes to colour or size by, and its own picture."""

    categorical: tuple[AttributeSummary, ...]  # colour by: few distinct values
    numeric: tuple[AttributeSummary, ...]  # size by (and colour by, as a gradient)
    positions: int  # nodes with the file's own position
    colors: int
    sizes: int

    @property
    def has_positions(self) -> bool:
        return self.positions > 0

    @property
    def has_colors(self) -> bool:
        return self.colors > 0

    @property
    def has_sizes(self) -> bool:
        return self.sizes > 0


def node_attribute_types(G: nx.Graph) -> dict[str, str]:
    """The graph's own node attributes (not ours, not drawing data) with their types."""
    declared = dict(G.graph.get("attribute_types", {}).get("node", {}))
    for name in G.graph.get("entity_columns", []):
        declared.setdefault(name, "string")
    return {name: kind for name, kind in declared.items() if not name.startswith(VIZ_PREFIX)}


def describe_attributes(G: nx.Graph) -> GraphAttributes:
    """The node attributes a view can be coloured or sized by, and the file's own drawing data."""
    types = node_attribute_types(G)
    values: dict[str, Counter[Any]] = {name: Counter() for name in types}
    positions = colors = sizes = 0
    for _, data in G.nodes(data=True):
        for name, counter in values.items():
            value = data.get(name)
            if value is not None and value != "":
                counter[value] += 1
        positions += "viz:x" in data and "viz:y" in data
        colors += "viz:color" in data
        sizes += "viz:size" in data
    categorical, numeric = [], []
    for name, kind in types.items():
        counter = values[name]
        if not counter:
            continue
        numbers = [float(value) for value in counter if isinstance(value, int | float)]
        summary = AttributeSummary(
            name,
            kind,
            sum(counter.values()),
            len(counter),
            min(numbers) if numbers else None,
            max(numbers) if numbers else None,
        )
        if len(counter) <= MAX_CATEGORIES:
            categorical.append(summary)
        if kind in NUMERIC_TYPES and numbers:
            numeric.append(summary)
    return GraphAttributes(tuple(categorical), tuple(numeric), positions, colors, sizes)


def colors_by(
    G: nx.Graph, name: str, palette: list[str] | tuple[str, ...] = tuple(PALETTE), missing: str = NO_GROUP
) -> dict[str, str]:
    """A colour per node for attribute ``name``: a palette colour per value, commonest value first
    (ties by value); more values than colours, or no value: ``missing``. Numbers with more
    distinct values than the palette holds get a light-to-dark gradient instead."""
    present = {node: data[name] for node, data in G.nodes(data=True) if data.get(name) not in (None, "")}
    counts = Counter(present.values())
    numbers = [value for value in counts if isinstance(value, int | float) and not isinstance(value, bool)]
    if len(counts) > len(palette) and len(numbers) == len(counts):
        low, high = min(numbers), max(numbers)
        span = (high - low) or 1.0
        return {
            node: _gradient((present[node] - low) / span) if node in present else missing for node in G.nodes
        }
    order = sorted(counts, key=lambda value: (-counts[value], str(value)))
    colour = {value: palette[index] for index, value in enumerate(order) if index < len(palette)}
    return {node: colour.get(present[node], missing) if node in present else missing for node in G.nodes}


def _gradient(share: float) -> str:
    """From light blue (0) to dark blue (1)."""
    light, dark = (198, 219, 239), (8, 48, 107)
    red, green, blue = (round(a + (b - a) * share) for a, b in zip(light, dark, strict=True))
    return f"#{red:02x}{green:02x}{blue:02x}"


def sizes_by(G: nx.Graph, name: str, smallest: float = 8.0, largest: float = 26.0) -> dict[str, float]:
    """A size per node from numeric attribute ``name`` (area grows with the value, as Gephi's
    ranking does with a square root); nodes without a number get the smallest size."""
    present = {
        node: float(value)
        for node, value in G.nodes(data=name)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    }
    if not present:
        return dict.fromkeys(G.nodes, smallest)
    low, high = min(present.values()), max(present.values())
    span = (high - low) or 1.0
    return {
        node: round(smallest + (largest - smallest) * math.sqrt((present[node] - low) / span), 1)
        if node in present
        else smallest
        for node in G.nodes
    }


def file_positions(G: nx.Graph, fit: bool = False) -> Positions:
    """The file's own positions in screen axes (y down): ``viz:x`` and minus ``viz:y``.

    With ``fit`` they are centred and scaled to the layouts' box (graph.draw.layout.BOX), so
    labels read at the first frame whatever units the file used.
    """
    positions: Positions = {}
    for node, data in G.nodes(data=True):
        x, y = data.get("viz:x"), data.get("viz:y")
        if (
            isinstance(x, int | float)
            and isinstance(y, int | float)
            and math.isfinite(x)
            and math.isfinite(y)
        ):
            positions[node] = (float(x), -float(y) + 0.0)
    if not fit or not positions:
        return positions
    xs = [point[0] for point in positions.values()]
    ys = [point[1] for point in positions.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    factor = BOX / span
    return {
        node: (round((x - cx) * factor, 2), round((y - cy) * factor, 2)) for node, (x, y) in positions.items()
    }


def file_colors(G: nx.Graph) -> dict[str, str]:
    """The file's own node colours (``#rrggbb`` or ``#rrggbbaa``)."""
    return {node: color for node, color in G.nodes(data="viz:color") if isinstance(color, str) and color}


def file_sizes(G: nx.Graph) -> dict[str, float]:
    """The file's own node sizes, in the file's units."""
    return {
        node: float(size)
        for node, size in G.nodes(data="viz:size")
        if isinstance(size, int | float) and not isinstance(size, bool) and math.isfinite(size)
    }


def own_styles(G: nx.Graph, share: float = 0.5) -> dict[str, tuple[str, ...]]:
    """The choices a graph's own data adds to "colour by", "size by" and "positions": ``file`` when
    at least ``share`` of its nodes carry their own colour, size or position, and ``attr:NAME``
    for each attribute that can colour (categorical or numeric) or size (numeric) a view.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", club="Mr. Hi", **{"viz:x": 1.0, "viz:y": 2.0})
    >>> G.graph["attribute_types"] = {"node": {"club": "string"}}
    >>> own_styles(G)
    {'color_by': ('attr:club',), 'size_by': (), 'positions': ('file',)}
    """
    summary = describe_attributes(G)
    enough = max(1, int(G.number_of_nodes() * share))
    colour = (["file"] if summary.colors >= enough else []) + [
        f"attr:{item.name}" for item in (*summary.categorical, *summary.numeric)
    ]
    return {
        "color_by": tuple(dict.fromkeys(colour)),
        "size_by": tuple(
            (["file"] if summary.sizes >= enough else []) + [f"attr:{item.name}" for item in summary.numeric]
        ),
        "positions": ("file",) if summary.positions >= enough else (),
    }


def opening_view(G: nx.Graph) -> ViewSpec:
    """The view a graph opens with: a file that carries its own picture (a Gephi export, a yEd
    drawing) is shown as drawn — its positions, colours and sizes — with ours one click away."""
    own = own_styles(G)
    return ViewSpec(
        positions="file" if "file" in own["positions"] else "ours",
        color_by="file" if "file" in own["color_by"] else "type",
        size_by="file" if "file" in own["size_by"] else "degree",
    )


# ---- A view's style ----------------------------------------------------------------------------


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
    need (see graph.draw.readable.view_layout)."""
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
    unchanged, undated: see graph.temporal.changes.EdgeChanges); None in any other view."""
    dates = comparison(spec)
    if dates is None:
        return None
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
