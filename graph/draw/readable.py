"""A readable layout for a small view: every label can be read at the first frame.

The view's own structure is laid out by forces (from the whole graph's positions, so a view
keeps the arrangement people have seen), then each node's box — the node and its label to
its right — is packed at the free spot nearest where the forces put it, the way word clouds
are packed. It depends only on the labels and the nodes' sizes it is given.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import networkx as nx
import numpy as np

from graph.draw.items import Positions
from graph.draw.layout import simple_graph, started_forces

LABEL_FONT = 12.0  # pixels: the size the graph view draws labels at, whatever the zoom
LABEL_GAP = 4.0  # pixels between a node and its label, drawn to its right
LABEL_CHARS = 26  # longer labels are cut with an ellipsis on the canvas (whole in tooltips and panels)
CHAR_WIDTH = 0.55  # average advance of a sans-serif character, in font sizes
VIEW_ASPECT = 1.6  # width / height of the canvas the layout is made for (1.4 to 1.7 in practice)
PACKING = 0.9  # the picture is made this much larger than its boxes, before packing spreads it


def canvas_label(label: str) -> str:
    """The label as the canvas shows it: at most LABEL_CHARS characters.

    >>> canvas_label("NATO partners' military representatives meeting (July 2021)")
    "NATO partners' military r…"
    """
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def label_box(label: str, radius: float) -> tuple[float, float, float]:
    """Width, height and horizontal offset of a node's box: the node and its label to its right.

    The offset is how far right of the node's centre the box's centre lies, in pixels.
    """
    text = CHAR_WIDTH * LABEL_FONT * len(canvas_label(label))
    width = 2 * radius + LABEL_GAP + text + 6.0
    height = max(2 * radius, LABEL_FONT * 1.3) + 6.0
    return width, height, (LABEL_GAP + text) / 2


SPIRAL_STEPS = 4096  # candidate spots per node, on a spiral out to about 1,700 pixels
_SPIRAL_CHUNK = 256


def _spiral(aspect: float) -> np.ndarray:
    """Offsets along an Archimedean spiral (about half a pixel apart), stretched to ``aspect``."""
    angle = np.arange(SPIRAL_STEPS) * 0.35
    radius = 1.2 * angle
    return np.stack(
        [radius * np.cos(angle) * math.sqrt(aspect), radius * np.sin(angle) / math.sqrt(aspect)], 1
    )


def _pack(targets: np.ndarray, sizes: np.ndarray, order: list[int], aspect: float) -> np.ndarray:
    """Place boxes (width and height ``sizes``) one by one, in ``order``, each at the free spot
    nearest its target on a spiral around it: dense, and near where the force layout put it
    (the way word clouds are packed)."""
    offsets = _spiral(aspect)
    low = np.empty((0, 2))
    high = np.empty((0, 2))
    placed = targets.copy()
    for index in order:
        half = sizes[index] / 2
        spot = targets[index] + offsets[-1]
        for start in range(0, SPIRAL_STEPS, _SPIRAL_CHUNK):
            candidates = targets[index] + offsets[start : start + _SPIRAL_CHUNK]
            if not len(low):
                spot = candidates[0]
                break
            hit = (
                (candidates[:, None, 0] - half[0] < high[None, :, 0])
                & (candidates[:, None, 0] + half[0] > low[None, :, 0])
                & (candidates[:, None, 1] - half[1] < high[None, :, 1])
                & (candidates[:, None, 1] + half[1] > low[None, :, 1])
            ).any(axis=1)
            free = np.flatnonzero(~hit)
            if free.size:
                spot = candidates[free[0]]
                break
        placed[index] = spot
        low = np.vstack([low, spot - half])
        high = np.vstack([high, spot + half])
    return placed


def view_layout(
    view: nx.Graph,
    labels: Mapping[str, str],
    radii: Mapping[str, float],
    start: Mapping[str, tuple[float, float]] | None = None,
    seed: int = 7,
) -> Positions:
    """Positions for a small view, made to be read at the first frame.

    The view's own structure is laid out (igraph's Fruchterman–Reingold, starting from ``start``
    — e.g. the whole graph's positions — so a view keeps the arrangement people have seen) and stretched
    over a picture of the canvas's shape, a little larger than its nodes and labels need.
    Then each node's box (the node and its label to its right, at LABEL_FONT pixels) is placed,
    best linked first, at the free spot nearest where the force layout put it. Fitted to a
    canvas of about 900 × 550 pixels, nine labels in ten or more are drawn, none on another.
    """
    nodes = list(view)
    if not nodes:
        return {}
    simple = simple_graph(view)
    points = started_forces(simple, nodes, start, seed)
    boxes = np.array([label_box(labels.get(node, node), radii.get(node, 12.0)) for node in nodes])
    sizes, offsets = boxes[:, :2], boxes[:, 2]
    area = float((sizes[:, 0] * sizes[:, 1]).sum()) / PACKING
    height = math.sqrt(area / VIEW_ASPECT)
    width = height * VIEW_ASPECT
    # Stretch the middle 90 % of the nodes over the picture, so that a few outliers do not
    # squeeze everything else into a corner.
    low, high = np.percentile(points, 5, axis=0), np.percentile(points, 95, axis=0)
    span = high - low
    span[span == 0] = 1.0
    targets = (points - (low + high) / 2) * np.array([width, height]) * 0.9 / span
    targets = np.clip(targets, -np.array([width, height]) / 2, np.array([width, height]) / 2)
    targets[:, 0] += offsets  # a box is placed by its centre; its node sits at its left end
    degree = dict(simple.degree())
    order = sorted(range(len(nodes)), key=lambda index: (-degree[nodes[index]], str(nodes[index])))
    placed = _pack(targets, sizes, order, VIEW_ASPECT)
    return {
        node: (round(float(x - offset), 1), round(float(y), 1))
        for node, (x, y), offset in zip(nodes, placed, offsets, strict=True)
    }
