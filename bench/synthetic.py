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


# ---- a claims dataset for the store benchmark ----------------------------------------------------

SYLLABLES = (
    "ka", "ro", "mi", "ta", "ve", "lin", "dor", "sa", "ne", "ul", "bra", "tis", "gar", "fe", "zo",
    "pol", "an", "ri", "mur", "es", "kov", "ber", "ia", "on", "stan", "val", "ce", "ny", "hu", "lo",
)  # fmt: skip
ACCENTED = str.maketrans({"a": "á", "o": "ö", "e": "é", "u": "ü"})
CLAIM_RELATIONS = ("member_of", "partner_in", "attended", "part_of", "located_in", "related_to")
SOURCES_COUNT = 1000


def _word(rng) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _date(rng, year: int) -> str:
    precision = rng.random()
    if precision < 0.4:
        return f"{year:04d}"
    if precision < 0.7:
        return f"{year:04d}-{rng.randint(1, 12):02d}"
    return f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def claims_dataset(entities: int, claims: int, seed: int = 7):
    """A dataset of ``entities`` entities and exactly ``claims`` claims between them, dated.

    Links grow by preferential attachment (each new entity links to ``claims // entities``
    earlier ones, chosen in proportion to their links so far), so a few entities have
    thousands of links, as alliances and capitals do. Claims start between 1950 and 2024
    (a year, a month or a day), a third of them end 1–20 years later, one in ten is
    undated; labels are made-up words, one entity in five has an alias (some accented).
    Claims beyond the links repeat a link with another source (an edge with two citations).
    """
    import random

    from graph.model import Claim, Dataset, Entity, Source

    rng = random.Random(seed)
    per_entity = max(1, claims // entities)
    rows = []
    for index in range(entities):
        label = f"{_word(rng)} {_word(rng)}"
        aliases: tuple[str, ...] = ()
        if rng.random() < 0.2:
            alias = _word(rng)
            aliases = (alias.translate(ACCENTED) if rng.random() < 0.5 else alias,)
        rows.append(Entity(f"e{index}", TYPES[index % len(TYPES)], label, aliases))
    ends: list[int] = []  # each link's ends, twice each: picking from it is preferential attachment
    links: list[tuple[int, int]] = []
    for index in range(per_entity, entities):
        targets = set(range(per_entity)) if index == per_entity else set()
        while len(targets) < per_entity:
            targets.add(rng.choice(ends))
        for target in sorted(targets):
            links.append((index, target))
            ends.extend((index, target))
    made = []
    for number in range(claims):
        subject, target = links[number % len(links)]
        start = end = None
        if rng.random() >= 0.1:
            year = rng.randint(1950, 2024)
            start = _date(rng, year)
            if rng.random() < 0.33:
                end = _date(rng, min(year + rng.randint(1, 20), 2030))
        relation = CLAIM_RELATIONS[(subject + target) % len(CLAIM_RELATIONS)]
        source = f"src{number % SOURCES_COUNT}"
        made.append(Claim(f"e{subject}", relation, f"e{target}", source, start, end, f"item {number}"))
    sources = tuple(
        Source(
            f"src{index}",
            f"Synthetic source {index}",
            "bench/synthetic.py",
            url=f"https://example.org/{index}",
        )
        for index in range(SOURCES_COUNT)
    )
    return Dataset(tuple(rows), tuple(made), sources, name=f"synthetic-{claims}")
