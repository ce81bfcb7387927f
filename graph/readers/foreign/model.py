"""A graph as another tool's file holds it, before our rules are applied: what every format module fills."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

UPLOAD_SOURCE = "upload"
Period = tuple[str | None, str | None]


@dataclass
class ForeignNode:
    id: Any
    attributes: dict[str, Any] = field(default_factory=dict)
    label: Any = None
    viz: dict[str, Any] = field(default_factory=dict)  # x, y (Gephi's axes: y up), z, size, color, shape
    periods: list[Period] = field(default_factory=list)


@dataclass
class ForeignEdge:
    source: Any
    target: Any
    id: Any = None
    attributes: dict[str, Any] = field(default_factory=dict)
    viz: dict[str, Any] = field(default_factory=dict)  # color, thickness
    periods: list[Period] = field(default_factory=list)
    directed: bool | None = None  # None: the graph's default


@dataclass
class ForeignGraph:
    """A graph as a file holds it, before our rules are applied."""

    file: str
    directed: bool = True
    nodes: list[ForeignNode] = field(default_factory=list)
    edges: list[ForeignEdge] = field(default_factory=list)
    node_types: dict[str, str] = field(default_factory=dict)  # declared types (one of ATTRIBUTE_TYPES)
    edge_types: dict[str, str] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)
    sources: dict[str, Any] = field(default_factory=dict)  # from our own exports
    name: str | None = None
    time_is_date: bool = True  # False: the file's times are numbers (GEXF timeformat double …)
