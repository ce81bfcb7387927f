"""A graph's own attributes for drawing: "colour by", "size by" and the file's own picture.

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

from graph.layout import BOX, Positions
from graph.model import VIZ_PREFIX
from graph.render import NO_GROUP, PALETTE
from graph.view import ViewSpec

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

    With ``fit`` they are centred and scaled to the layouts' box (graph/layout.py BOX), so
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
