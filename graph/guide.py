"""What the header says about the graph that is open: its presets, its lead sentence, its search hint.

The bundled dataset comes with presets, a lead that says what it is about and a search hint that
names two of its entities. Any other graph (an upload such as Les Misérables) gets what fits it:
the presets whose entities it holds (usually none), a lead that names it, and a search hint made
of its own best-connected entities.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import networkx as nx

from graph.view import Preset, presets_for

# The bundled dataset, in one sentence (the landing view's lead).
BUNDLED_LEAD = (
    "NATO's members and partners around the July 2021 partner meeting that left out Russia and "
    "Belarus, every link with its sources. Pick a preset, search a name or click a node."
)
# Entities of the bundled dataset that a search hint names (the name a person would type).
BUNDLED_EXAMPLES: dict[str, str] = {"state:RUS": "Russia", "person:wiermann": "Wiermann"}
EXAMPLE_LENGTH = 24  # a longer label would not fit the search box's hint


@dataclass(frozen=True)
class Guide:
    """The header's words for one graph."""

    presets: dict[str, Preset]
    lead: str  # the line under the header when nothing else is said
    search_hint: str


def guide(G: nx.MultiDiGraph, name: str) -> Guide:
    """The presets, lead and search hint for ``G``, opened under ``name`` (a file name).

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("a", {"label": "Valjean"}), ("b", {"label": "Javert"})])
    >>> G.add_node("c", label="Cosette")
    >>> G.add_edges_from([("a", "b"), ("a", "c")])
    [0, 0]
    >>> found = guide(G, "lesmis.gexf")
    >>> found.presets, found.search_hint
    ({}, 'Search, e.g. Valjean')
    >>> found.lead.startswith("lesmis.gexf: ")
    True
    """
    presets = presets_for(G)
    if presets and all(entity in G for entity in BUNDLED_EXAMPLES):
        return Guide(presets, BUNDLED_LEAD, _hint(list(BUNDLED_EXAMPLES.values())))
    lead = (
        f"{name}: click a node for its details, double-click to focus on it, hover for a summary; "
        "the Import tab goes back to the bundled dataset."
    )
    return Guide(presets, lead, _hint(search_examples(G)))


def search_examples(G: nx.MultiDiGraph, count: int = 2) -> list[str]:
    """The labels of the ``count`` entities with the most neighbours (short ones, ties by label).

    >>> G = nx.MultiDiGraph([("x", "y"), ("x", "z"), ("y", "z"), ("x", "w")])
    >>> search_examples(G)
    ['x', 'y']
    """
    labelled = [
        (len(set(G.predecessors(node)) | set(G.successors(node))), str(G.nodes[node].get("label", node)))
        for node in G
    ]
    short = [item for item in labelled if 0 < len(item[1]) <= EXAMPLE_LENGTH]
    return [
        label for _, label in heapq.nsmallest(count, short, key=lambda item: (-item[0], item[1].casefold()))
    ]


def _hint(examples: list[str]) -> str:
    """The search box's placeholder: short enough to be read whole in a 1280-pixel-wide window (the
    "/" key that focuses the box is in the graph's keys pop-up).

    >>> _hint(["Russia", "Wiermann"]), _hint([])
    ('Search, e.g. Russia', 'Search a name')
    """
    if not examples:
        return "Search a name"
    return f"Search, e.g. {examples[0]}"
