"""Synthetic datasets for the large-graph benchmark: Barabási–Albert graphs as our three CSV tables.

Every node gets a type and every edge a relation and a citation, so the tables go
through the same loader and validator as a user's upload. Types and relations are
spread by a fixed rule, so a filter (say, without people) removes a known share.
"""

from __future__ import annotations

import csv
import io
import zipfile

import networkx as nx

TYPES = (
    "state",
    "state",
    "state",
    "state",
    "state",
    "organization",
    "organization",
    "person",
    "event",
    "body",
)
RELATIONS = ("related_to", "related_to", "member_of", "partner_in", "attended")
SOURCE_ID = "synthetic"


def ba_graph(n: int, m: int = 2, seed: int = 7) -> nx.Graph:
    """A Barabási–Albert graph with string ids ``n0``…, the same one for pyvis and for us."""
    return nx.relabel_nodes(nx.barabasi_albert_graph(n, m, seed=seed), lambda i: f"n{i}")


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def tables(G: nx.Graph) -> dict[str, bytes]:
    """entities.csv, claims.csv and sources.csv for ``G`` (nodes ``n<i>``)."""
    entities = [
        [node, TYPES[int(node[1:]) % len(TYPES)], f"Node {node[1:]}", "", "", ""]
        for node in sorted(G, key=str)
    ]
    claims = [
        [u, RELATIONS[(int(u[1:]) + int(v[1:])) % len(RELATIONS)], v, "", "", SOURCE_ID, f"edge {i}", "", ""]
        for i, (u, v) in enumerate(G.edges())
    ]
    sources = [[SOURCE_ID, "Synthetic Barabási–Albert graph", "bench/synthetic.py", "", "", "", "other"]]
    return {
        "entities.csv": _csv(["id", "type", "label", "aliases", "description", "iso3"], entities),
        "claims.csv": _csv(
            ["subject", "relation", "object", "start", "end", "source", "locator", "note", "role"], claims
        ),
        "sources.csv": _csv(["id", "title", "publisher", "author", "published", "url", "kind"], sources),
    }


def zipped(files: dict[str, bytes]) -> bytes:
    """The tables as one zip, as a user would upload them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
