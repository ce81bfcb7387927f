"""Alliance Graph Explorer's library: sourced datasets, the graph built from them, and queries.

>>> import graph
>>> G = graph.load_graph()             # the bundled NATO dataset
>>> graph.members(G, "alliance:nato", as_of="2021-07-14")[:2]
['state:ALB', 'state:BEL']

This package never imports Streamlit; the app and the CLI are thin shells over it.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graph.build import build_graph, graph_to_dataset
from graph.errors import DatasetError, GraphError, InputError, UnknownEntityError
from graph.load import BUNDLED_DATASET, load_dataset, read_dataset, write_dataset
from graph.model import Claim, Dataset, Entity, Source
from graph.query import (
    Match,
    Step,
    conflicts,
    excluded_from,
    filter_graph,
    invited_to,
    members,
    neighbourhood,
    objects_of,
    partners,
    search,
    shortest_paths,
    subjects_of,
)
from graph.readers import load_path
from graph.report import ImportReport, Issue

__all__ = [
    "BUNDLED_DATASET",
    "Claim",
    "Dataset",
    "DatasetError",
    "Entity",
    "GraphError",
    "ImportReport",
    "InputError",
    "Issue",
    "Match",
    "Source",
    "Step",
    "UnknownEntityError",
    "build_graph",
    "conflicts",
    "excluded_from",
    "filter_graph",
    "graph_to_dataset",
    "invited_to",
    "load_dataset",
    "load_graph",
    "members",
    "neighbourhood",
    "objects_of",
    "partners",
    "read_dataset",
    "search",
    "shortest_paths",
    "subjects_of",
    "write_dataset",
]


def load_graph(path: str | Path | None = None) -> nx.MultiDiGraph:
    """Load a dataset folder (the bundled NATO dataset when None) and build its graph.

    ``path`` may also be one graph file of any format graph/readers reads (GEXF,
    GraphML, node-link, graphology or Cytoscape JSON, a snapshot), or a zip of our
    tables. Raises DatasetError (with the full import report) when the data has
    errors, InputError when the path cannot be used.
    """
    return load_path(path)
