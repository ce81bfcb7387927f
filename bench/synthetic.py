"""Synthetic datasets for the large-graph benchmark: Barabási–Albert graphs as our three CSV tables.

Every node gets a type and every edge a relation and a citation, so the tables go
through the same loader and validator as a user's upload. Types and relations are
spread by a fixed rule, so a filter (say, without people) removes a known share.
"""

from __future__ import annotations

import csv
import io
import random
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


def claim_period(index: int, seed: int = 7) -> tuple[str, str, str]:
    """A start, an end and a source for claim ``index`` of a dated synthetic graph.

    About 85 % of claims start between 1950 and 2024 (60 % to the day, 25 % to the month,
    15 % to the year) and a third of those end 1–20 years later; the rest have no dates.
    Each dated claim cites the source of its start's decade, published on the decade's
    last day; undated claims cite the undated source (never "reported", see graph.timeline).
    """
    rng = random.Random(seed * 1_000_003 + index)
    if rng.random() >= 0.85:
        return "", "", SOURCE_ID
    year = rng.randint(1950, 2024)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    kind = rng.random()
    start = (
        f"{year}-{month:02d}-{day:02d}"
        if kind < 0.6
        else (f"{year}-{month:02d}" if kind < 0.85 else str(year))
    )
    end = ""
    if rng.random() < 1 / 3:
        end = f"{year + rng.randint(1, 20)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return start, end, f"{SOURCE_ID}-{year // 10 * 10}s"


def tables(G: nx.Graph, dated: bool = False) -> dict[str, bytes]:
    """entities.csv, claims.csv and sources.csv for ``G`` (nodes ``n<i>``); ``dated`` gives claims
    periods and sources publication dates (:func:`claim_period`)."""
    entities = [
        [node, TYPES[int(node[1:]) % len(TYPES)], f"Node {node[1:]}", "", "", ""]
        for node in sorted(G, key=str)
    ]
    claims = []
    for i, (u, v) in enumerate(G.edges()):
        start, end, source = claim_period(i) if dated else ("", "", SOURCE_ID)
        relation = RELATIONS[(int(u[1:]) + int(v[1:])) % len(RELATIONS)]
        claims.append([u, relation, v, start, end, source, f"edge {i}", "", ""])
    sources = [[SOURCE_ID, "Synthetic Barabási–Albert graph", "bench/synthetic.py", "", "", "", "other"]]
    if dated:
        sources += [
            [
                f"{SOURCE_ID}-{decade}s",
                f"Synthetic claims of the {decade}s",
                "bench/synthetic.py",
                "",
                f"{decade + 9}-12-31",
                "",
                "other",
            ]
            for decade in range(1950, 2030, 10)
        ]
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


def graphml_bytes(nodes: int, edges: int, seed: int = 7) -> bytes:
    """A bare GraphML file (no attributes) of ``nodes`` nodes and ``edges`` random edges, as a
    careless export or an attacker would send: 600,000 nodes and edges make about 34 MB."""
    rng = random.Random(seed)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n<graph edgedefault="directed">\n'
    ]
    parts += [f'<node id="n{i}"/>\n' for i in range(nodes)]
    parts += [
        f'<edge source="n{rng.randrange(nodes)}" target="n{rng.randrange(nodes)}"/>\n' for _ in range(edges)
    ]
    parts.append("</graph>\n</graphml>\n")
    return "".join(parts).encode("utf-8")


def node_link_bytes(nodes: int, edges: int = 0, seed: int = 7) -> bytes:
    """A node-link JSON file (networkx, D3) of ``nodes`` nodes and ``edges`` random edges; a
    million nodes without edges make about 19 MB."""
    rng = random.Random(seed)
    node_text = ",".join(f'{{"id":"n{i}"}}' for i in range(nodes))
    edge_text = ",".join(
        f'{{"source":"n{rng.randrange(nodes)}","target":"n{rng.randrange(nodes)}"}}' for _ in range(edges)
    )
    return f'{{"directed":true,"nodes":[{node_text}],"edges":[{edge_text}]}}'.encode()
