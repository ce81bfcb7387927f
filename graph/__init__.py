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
from graph.load import BUNDLED_DATASET, load_dataset, read_dataset, resolve_path, write_dataset
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

    ``path`` may also be one GraphML, GEXF, node-link JSON or snapshot file, or a zip of
    our three tables. Raises DatasetError (with the full import report) when the data has
    errors, InputError when the path cannot be used.
    """
    resolved = resolve_path(path)
    if resolved.is_dir():
        return build_graph(load_dataset(resolved))
    from graph.readers import read_upload

    G, report = read_upload([(resolved.name, resolved.read_bytes())])
    if G is None:
        raise DatasetError(f"The file {resolved} was refused:", report)
    return G
