"""Node positions computed on the server, so the browser never simulates physics.

Positions are computed once for a whole graph (a registry of pure functions
``(G, seed) -> {node: (x, y)}`` scaled to a common pixel box); a large graph is cut into
groups (communities) laid out one by one. A small view gets a layout of its own, made to be
read (graph.draw.readable), from the whole graph's (which view gets which: graph.draw.positions).
"""

from __future__ import annotations

import math
import random
import threading
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graph.draw.items import Positions
from graph.settings import limit

LayoutFunction = Callable[[nx.Graph, int], Positions]

BOX = 1600.0  # the layout fills a square of this many pixels (vis-network units)


def _scale(raw: dict[str, tuple[float, float]]) -> Positions:
    """Centre on 0 and scale the longest side to BOX."""
    if not raw:
        return {}
    xs = [point[0] for point in raw.values()]
    ys = [point[1] for point in raw.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx = (max(xs) + min(xs)) / 2
    cy = (max(ys) + min(ys)) / 2
    factor = BOX / span
    return {node: (round((x - cx) * factor, 2), round((y - cy) * factor, 2)) for node, (x, y) in raw.items()}


def simple_graph(G: nx.Graph) -> nx.Graph:
    """An undirected simple graph with one weight per linked pair.

    Relations that link one hub to many nodes at once (an event's invitations) pull
    weakly, so the layout follows the structural links (membership, partnership).
    """
    simple = nx.Graph()
    simple.add_nodes_from(G)
    for subject, target, data in G.edges(data=True):
        weight = WEAK_RELATIONS.get(data.get("relation", ""), 1.0)
        previous = simple.get_edge_data(subject, target, {}).get("weight", 0.0)
        simple.add_edge(subject, target, weight=max(previous, weight))
    return simple


WEAK_RELATIONS = {"invited_to": 0.08, "excluded_from": 0.3}


def spring(G: nx.Graph, seed: int = 7) -> Positions:
    """Fruchterman–Reingold (networkx), seeded so the same graph always looks the same."""
    simple = simple_graph(G)
    if simple.number_of_nodes() == 0:
        return {}
    k = 2.2 / math.sqrt(max(simple.number_of_nodes(), 1))
    raw = nx.spring_layout(simple, seed=seed, k=k, iterations=300, weight="weight")
    return _scale({node: (float(x), float(y)) for node, (x, y) in raw.items()})


def forceatlas2(G: nx.Graph, seed: int = 7) -> Positions:
    """ForceAtlas2 (networkx): hubs push apart, so frameworks and their partners form clear stars."""
    simple = simple_graph(G)
    if simple.number_of_nodes() == 0:
        return {}
    raw = nx.forceatlas2_layout(
        simple, max_iter=400, seed=seed, scaling_ratio=3.0, gravity=2.0, weight="weight"
    )
    return _scale({node: (float(x), float(y)) for node, (x, y) in raw.items()})


_IGRAPH_RANDOM = threading.Lock()


def fruchterman_reingold(G: nx.Graph, seed: int = 7) -> Positions:
    """igraph's Fruchterman–Reingold (in C, grid-accelerated): about 0.1 s for 1,000 nodes, 3 s for 10,000.

    igraph draws from a process-wide random generator; a seeded one is swapped in under a
    lock so that the same graph always gets the same picture, whatever other sessions do.
    """
    import igraph

    nodes = list(G)
    if not nodes:
        return {}
    index = {node: position for position, node in enumerate(nodes)}
    edges = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in G.edges() if u != v})
    # A seeded start spread like igraph's own (a box of side ~√n): the same graph, the same picture.
    half = math.sqrt(len(nodes))
    start = np.random.default_rng(seed).uniform(-half, half, (len(nodes), 2)).tolist()
    with _IGRAPH_RANDOM:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            layout = igraph.Graph(n=len(nodes), edges=edges).layout_fruchterman_reingold(
                seed=start, niter=500, grid=True
            )
        finally:
            igraph.set_random_number_generator(random)
    return _scale({node: (float(layout[i][0]), float(layout[i][1])) for node, i in index.items()})


def circle(G: nx.Graph, seed: int = 7) -> Positions:
    """Nodes on a circle in id order: instant, for very large graphs or as a fallback."""
    nodes = sorted(G, key=str)
    count = max(len(nodes), 1)
    return _scale(
        {
            node: (math.cos(2 * math.pi * i / count), math.sin(2 * math.pi * i / count))
            for i, node in enumerate(nodes)
        }
    )


LAYOUTS: dict[str, LayoutFunction] = {
    "spring": spring,
    "forceatlas2": forceatlas2,
    "fruchterman-reingold": fruchterman_reingold,
    "circle": circle,
}


def remove_overlaps(positions: Positions, min_distance: float = 110.0, rounds: int = 60) -> Positions:
    """Push apart nodes closer than ``min_distance`` so that none hides another.

    Pairs are found through a grid of ``min_distance`` cells, so each round is linear in
    the number of nodes. Coincident nodes are separated along a fixed, id-based angle.
    """
    points = {node: [x, y] for node, (x, y) in positions.items()}
    for _ in range(rounds):
        grid: dict[tuple[int, int], list[str]] = {}
        for node, (x, y) in points.items():
            grid.setdefault((int(x // min_distance), int(y // min_distance)), []).append(node)
        moved = False
        for (cx, cy), members in grid.items():
            nearby = [
                other for dx in (-1, 0, 1) for dy in (-1, 0, 1) for other in grid.get((cx + dx, cy + dy), [])
            ]
            for node in members:
                for other in nearby:
                    if other <= node:
                        continue
                    (x1, y1), (x2, y2) = points[node], points[other]
                    dx, dy = x2 - x1, y2 - y1
                    distance = math.hypot(dx, dy)
                    if distance >= min_distance:
                        continue
                    if distance < 1e-6:
                        angle = (zlib.crc32(other.encode()) % 360) * math.pi / 180
                        dx, dy, distance = math.cos(angle), math.sin(angle), 1.0
                    push = (min_distance - distance) / 2 / distance
                    points[node][0] -= dx * push
                    points[node][1] -= dy * push
                    points[other][0] += dx * push
                    points[other][1] += dy * push
                    moved = True
        if not moved:
            break
    return {node: (round(x, 2), round(y, 2)) for node, (x, y) in points.items()}


def median_nearest_distance(positions: Positions, sample: int = 2000) -> float:
    """The median distance from a node to its nearest neighbour (a sample on big layouts)."""
    if len(positions) < 2:
        return 0.0
    points = np.array(list(positions.values()), dtype=float)
    probes = (
        points
        if len(points) <= sample
        else points[np.random.default_rng(7).choice(len(points), sample, False)]
    )
    nearest = []
    for start in range(0, len(probes), 256):
        block = probes[start : start + 256]
        distances = np.sqrt(((block[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
        distances[distances == 0] = np.inf
        nearest.extend(distances.min(axis=1))
    finite = [value for value in nearest if np.isfinite(value)]
    return float(np.median(finite)) if finite else 0.0


# networkx's ForceAtlas2 builds n×n arrays (17 s for 1,000 nodes here), so it lays out small graphs
# only. Medium graphs get igraph's Fruchterman–Reingold in one call (0.3 s at 2,000 nodes); above
# ``large_graph`` the graph is cut into groups (communities) laid out one by one, so that no single
# call holds the interpreter for long (igraph keeps the GIL) and a view that only needs some
# groups, or only their outlines, does not pay for the rest.
# The thresholds are limits (graph.settings): small_graph, large_graph, max_group (the most
# nodes laid out in one call: about 0.2 s) and min_group (smaller communities, and isolated
# nodes, are pooled together).
GROUP_SPACING = 60.0  # typical distance between neighbours inside a group, in pixels


@dataclass(frozen=True)
class Groups:
    """A graph cut into groups for layout and level of detail.

    ``members[i]`` are the nodes of group ``i`` (largest groups first); ``centres[i]`` and
    ``radii[i]`` place each group as a disc that overlaps no other. ``labels[i]`` says what
    the group is ("community" or "small components").
    """

    of: Mapping[str, int]
    members: tuple[tuple[str, ...], ...]
    centres: tuple[tuple[float, float], ...]
    radii: tuple[float, ...]
    kinds: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.members)


def _seeded_igraph(seed: int, call: Callable[[], Any]) -> Any:
    """Run an igraph call with igraph's process-wide random generator seeded, under a lock."""
    import igraph

    with _IGRAPH_RANDOM:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            return call()
        finally:
            igraph.set_random_number_generator(random)


def _index_graph(adjacency: Mapping[str, Any], nodes: list[str]) -> Any:
    """An undirected simple igraph graph of ``nodes`` (in that order) and the links among them."""
    import igraph

    index = {node: position for position, node in enumerate(nodes)}
    edges = [
        (i, j)
        for node, i in index.items()
        for other in adjacency[node]
        if (j := index.get(other)) is not None and i < j
    ]
    return igraph.Graph(n=len(nodes), edges=edges)


def _communities(adjacency: Mapping[str, Any], nodes: list[str], seed: int) -> list[list[str]]:
    """Leiden communities (modularity, two passes: 0.2 s for 50,000 nodes), none above ``max_group``."""
    max_group = limit("max_group")
    if len(nodes) <= max_group:
        return [nodes]
    graph = _index_graph(adjacency, nodes)
    found = _seeded_igraph(
        seed, lambda: graph.community_leiden(objective_function="modularity", n_iterations=2)
    )
    parts = [[nodes[i] for i in part] for part in found if part]
    if len(parts) <= 1:  # cannot be split by structure: cut in id order
        ordered = sorted(nodes, key=str)
        return [ordered[start : start + max_group] for start in range(0, len(ordered), max_group)]
    result: list[list[str]] = []
    for part in parts:
        result.extend(_communities(adjacency, part, seed) if len(part) > max_group else [part])
    return result


def _separate_discs(centres: np.ndarray, radii: np.ndarray, gap: float, rounds: int = 300) -> np.ndarray:
    """Push discs apart until none overlaps another (all pairs: there are at most a few hundred)."""
    points = centres.astype(float).copy()
    for _ in range(rounds):
        delta = points[None, :, :] - points[:, None, :]
        distance = np.sqrt((delta**2).sum(axis=2))
        needed = radii[:, None] + radii[None, :] + gap
        np.fill_diagonal(distance, np.inf)
        overlap = np.where(distance < needed, needed - distance, 0.0)
        if not overlap.any():
            break
        safe = np.where(distance == np.inf, 1.0, np.maximum(distance, 1e-6))
        push = (overlap / safe / 2)[:, :, None] * delta
        points -= push.sum(axis=1)
    return points


def group_nodes(G: nx.Graph, seed: int = 7) -> Groups:
    """Cut ``G`` into groups (communities) and place each group as a disc.

    Communities of fewer than ``min_group`` nodes, isolated nodes included, are pooled into
    "small components" groups. The discs are placed by a layout of the group graph (one
    node per group, weighted by the links between groups) and pushed apart.
    """
    nodes = sorted(G, key=str)
    if not nodes:
        return Groups({}, (), (), (), ())
    min_group, max_group = limit("min_group"), limit("max_group")
    simple = nx.Graph()
    simple.add_nodes_from(nodes)
    simple.add_edges_from((u, v) for u, v in G.edges() if u != v)
    communities: list[list[str]] = []
    pooled: list[str] = []
    for component in sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c))):
        if len(component) < min_group:
            pooled.extend(sorted(component, key=str))
        else:
            communities.extend(_communities(simple.adj, sorted(component, key=str), seed))
    parts = sorted(
        [(sorted(part, key=str), "community") for part in communities if len(part) >= min_group],
        key=lambda item: (-len(item[0]), item[0][0]),
    )
    pooled.extend(node for part in communities if len(part) < min_group for node in part)
    pooled.sort(key=str)
    parts += [(pooled[i : i + max_group], "small components") for i in range(0, len(pooled), max_group)]
    members = tuple(tuple(part) for part, _ in parts)
    of = {node: index for index, part in enumerate(members) for node in part}

    radii = np.array([GROUP_SPACING * 0.75 * math.sqrt(len(part)) + GROUP_SPACING for part in members])
    quotient = nx.Graph()
    quotient.add_nodes_from(range(len(members)))
    for u, v in simple.edges():
        a, b = of[u], of[v]
        if a != b:
            weight = quotient.get_edge_data(a, b, {}).get("weight", 0) + 1
            quotient.add_edge(a, b, weight=weight)
    if len(members) == 1:
        raw = {0: (0.0, 0.0)}
    else:
        raw = nx.forceatlas2_layout(
            quotient, max_iter=300, seed=seed, gravity=1.0, node_size=dict(enumerate(radii))
        )
    start = np.array([raw[i] for i in range(len(members))], dtype=float)
    # Spread the sketch to about the size the discs need, then remove what still overlaps.
    span = float(np.ptp(start, axis=0).max()) or 1.0
    start = start / span * float(math.sqrt((radii**2).sum()))
    centres = _separate_discs(start, radii, gap=GROUP_SPACING)
    return Groups(
        of=of,
        members=members,
        centres=tuple((round(float(x), 2), round(float(y), 2)) for x, y in centres),
        radii=tuple(round(float(r), 2) for r in radii),
        kinds=tuple(kind for _, kind in parts),
    )


def _adjacency(G: nx.Graph, nodes: list[str]) -> Mapping[str, Any]:
    """Neighbours of each of ``nodes``, both directions for a directed graph."""
    if G.is_directed():
        return {node: {*G.successors(node), *G.predecessors(node)} for node in nodes}
    return G.adj


def group_layout(G: nx.Graph, groups: Groups, index: int, seed: int = 7) -> Positions:
    """Positions of the members of group ``index``, inside its disc (one igraph call, at most 0.2 s)."""
    nodes = list(groups.members[index])
    cx, cy = groups.centres[index]
    radius = groups.radii[index] - GROUP_SPACING / 2
    if len(nodes) == 1:
        return {nodes[0]: (cx, cy)}
    graph = _index_graph(_adjacency(G, nodes), nodes)
    half = math.sqrt(len(nodes))
    start = np.random.default_rng(seed).uniform(-half, half, (len(nodes), 2)).tolist()
    layout = _seeded_igraph(seed, lambda: graph.layout_fruchterman_reingold(seed=start, niter=500, grid=True))
    points = np.array(layout.coords, dtype=float)
    points -= points.mean(axis=0)
    reach = float(np.sqrt((points**2).sum(axis=1)).max()) or 1.0
    points *= radius / reach
    return {
        node: (round(cx + x, 2), round(cy + y, 2))
        for node, (x, y) in zip(nodes, points.tolist(), strict=True)
    }


def clustered(G: nx.Graph, seed: int = 7) -> Positions:
    """Groups (communities) as discs, each laid out on its own: bounded work per call, any size."""
    groups = group_nodes(G, seed)
    positions: Positions = {}
    for index in range(len(groups)):
        positions.update(group_layout(G, groups, index, seed))
    return positions


LAYOUTS["clustered"] = clustered


def compute_layout(
    G: nx.Graph,
    name: str | None = None,
    seed: int = 7,
    spacing: float = 110.0,
    start: Mapping[str, tuple[float, float]] | None = None,
    settle: bool = True,
) -> Positions:
    """Positions for every node of ``G`` with the named layout, spread so that no node hides another.

    Without a name, graphs up to ``small_graph`` nodes get ForceAtlas2 (but igraph's
    Fruchterman–Reingold up to ``readable_view``, where every view gets its own layout from
    this one), up to ``large_graph`` igraph's Fruchterman–Reingold, and larger ones the
    clustered layout (groups laid out one by one).
    A graph that grew from one already laid out (``start``: its positions, e.g. what a claims
    store had fetched before) is instead laid out from there (see :func:`grown`), so the
    nodes one has seen stay about where they were; without ``settle`` the new nodes are only
    placed beside their neighbours, as is (see :func:`grown`).
    Up to ``large_graph`` nodes the layout is then scaled so that a typical node is ``spacing``
    from its nearest neighbour (clusters keep their shape) and the remaining overlaps are
    pushed apart; the clustered layout spaces its groups itself.
    """
    large = G.number_of_nodes() > limit("large_graph")
    if name is None and start and not large and any(node in start for node in G):
        positions = grown(G, start, seed, spacing, settle)
        if not settle:
            return positions
    else:
        if name is None:
            if G.number_of_nodes() <= limit("readable_view"):
                # Every view of such a graph gets a layout of its own (readable_layout), started
                # from this one: ForceAtlas2's finer picture would never be seen, and it cost
                # about 250 ms of a first visit on the bundled data (igraph: about 20 ms).
                name = "fruchterman-reingold"
            elif G.number_of_nodes() <= limit("small_graph"):
                name = "forceatlas2"
            elif not large:
                name = "fruchterman-reingold"
            else:
                name = "clustered"
        positions = LAYOUTS[name](G, seed)
        if large or name == "clustered":
            return positions
    typical = median_nearest_distance(positions)
    if typical > 0:
        factor = spacing / typical
        positions = {node: (x * factor, y * factor) for node, (x, y) in positions.items()}
    return remove_overlaps(positions, min_distance=spacing)


GROWN_TEMPERATURE = 0.3  # how far (in typical distances) a node may move at first, growing a layout


def grown(
    G: nx.Graph,
    start: Mapping[str, tuple[float, float]],
    seed: int = 7,
    spacing: float = 110.0,
    settle: bool = True,
) -> Positions:
    """The layout of ``G`` from ``start`` (the positions of a graph it grew from, ``spacing`` apart):
    each new node begins beside its placed neighbours (nearest to the placed first), then
    igraph's Fruchterman–Reingold settles them all from there. About 30 ms for 150 nodes,
    where ForceAtlas2 from nothing took about 200 ms. Without ``settle``, only the new nodes
    are placed (a start for the views' own layouts, when every view gets one).

    >>> before = {"a": (0.0, 0.0), "b": (110.0, 0.0)}
    >>> after = grown(nx.path_graph(["a", "b", "c"]), before)
    >>> sorted(after), after["c"][0] > after["a"][0]
    (['a', 'b', 'c'], True)
    """
    simple = simple_graph(G)
    nodes = list(simple)
    if not nodes:
        return {}
    rng = np.random.default_rng(seed)
    placed = {node: (start[node][0] / spacing, start[node][1] / spacing) for node in nodes if node in start}
    waiting = [node for node in nodes if node in placed]
    while waiting:  # breadth first from what was placed: each new node beside its placed neighbours
        following = []
        for node in waiting:
            for neighbour in simple[node]:
                if neighbour in placed:
                    continue
                around = [placed[other] for other in simple[neighbour] if other in placed]
                x, y = np.mean(around, axis=0) + rng.normal(0.0, 0.5, 2)
                placed[neighbour] = (float(x), float(y))
                following.append(neighbour)
        waiting = following
    if len(placed) < len(nodes):  # parts not linked to anything seen before: beside the picture
        points = np.array(list(placed.values()))
        low, high = points.min(axis=0), points.max(axis=0)
        for node in nodes:
            if node not in placed:
                x = high[0] + 1.0 + rng.uniform(0.0, 2.0)
                y = rng.uniform(low[1], high[1] + 1.0)
                placed[node] = (float(x), float(y))
    if not settle:
        return {node: (placed[node][0] * spacing, placed[node][1] * spacing) for node in nodes}
    points = started_forces(simple, nodes, placed, seed, GROWN_TEMPERATURE)  # turned back onto the start
    return {
        node: (float(x) * spacing, float(y) * spacing) for node, (x, y) in zip(nodes, points, strict=True)
    }


def started_forces(
    simple: nx.Graph,
    nodes: list[str],
    start: Mapping[str, tuple[float, float]] | None,
    seed: int,
    temperature: float | None = None,
) -> np.ndarray:
    """igraph's Fruchterman–Reingold (in C: about 50 ms for 100 nodes, where networkx's
    ForceAtlas2 took 300 ms and held the server's lock) from ``start`` where every node has a
    place there, else from a seeded random start; links weighted as in :func:`simple_graph`."""
    import igraph

    if len(nodes) == 1:
        return np.zeros((1, 2))
    index = {node: position for position, node in enumerate(nodes)}
    pairs = [
        (index[u], index[v], data.get("weight", 1.0)) for u, v, data in simple.edges(data=True) if u != v
    ]
    started = start is not None and bool(start) and all(node in start for node in nodes)
    if start is not None and started:
        begin = [[float(start[node][0]), float(start[node][1])] for node in nodes]
    else:
        half = math.sqrt(len(nodes))
        begin = np.random.default_rng(seed).uniform(-half, half, (len(nodes), 2)).tolist()
    network = igraph.Graph(n=len(nodes), edges=[(u, v) for u, v, _ in pairs])
    layout = _seeded_igraph(
        seed,
        lambda: network.layout_fruchterman_reingold(
            seed=begin,
            niter=1000,
            weights=[weight for _, _, weight in pairs] or None,
            start_temp=temperature if temperature is not None else math.sqrt(len(nodes)) / 10,
        ),
    )
    points = np.array([[float(x), float(y)] for x, y in layout])
    return _aligned(points, np.array(begin)) if started else points


def _aligned(points: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """``points`` turned (or mirrored), moved and scaled to lie as near ``reference`` as they can
    (orthogonal Procrustes). igraph's Fruchterman–Reingold returns its picture turned half
    round from the start it was given: without this, a view would turn over at each step.

    >>> square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 2.0]])
    >>> np.round(_aligned(-square * 3 + 5, square), 6).tolist() == square.tolist()
    True
    """
    if len(points) < 2:
        return points
    here, there = points.mean(axis=0), reference.mean(axis=0)
    moved, target = points - here, reference - there
    spread = float((moved**2).sum())
    if spread == 0:
        return points
    left, singular, right = np.linalg.svd(moved.T @ target)
    turn = left @ right
    scale = float(singular.sum()) / spread
    return moved @ turn * scale + there
