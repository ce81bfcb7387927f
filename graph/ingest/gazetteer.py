"""The gazetteer: the names the dataset knows, state names (ISO 3166) and demonyms, longest first.

>>> import graph
>>> gazetteer = gazetteer_for(graph.load_graph())
>>> [(m.id, m.how) for m in gazetteer.find("The German minister came to NATO headquarters.")]
[('state:DEU', 'demonym'), ('place:nato-hq', 'reference')]
"""

from __future__ import annotations

import re

import networkx as nx

from graph.ingest.base import Mention
from graph.ingest.names import AMBIGUOUS_STATE_NAMES, DEMONYMS, EXTRA_STATE_NAMES, fold

REFERENCES = {
    "the Alliance": "alliance:nato",
    "the alliance": "alliance:nato",
    "the military alliance": "alliance:nato",
    "the Western alliance": "alliance:nato",
    "the defense alliance": "alliance:nato",
    "the defence alliance": "alliance:nato",
    "the North Atlantic Alliance": "alliance:nato",
    "the bloc": "alliance:nato",
    "the military bloc": "alliance:nato",
    "Nato": "alliance:nato",
    "NATO headquarters": "place:nato-hq",
    "Nato headquarters": "place:nato-hq",
    "NATO Headquarters": "place:nato-hq",
}


def _acronym(name: str) -> bool:
    """A short name in mixed case that is still an acronym: 'PfP', 'NRC' (two capitals or more, one word).

    >>> _acronym("PfP"), _acronym("EU"), _acronym("Ali"), _acronym("Nato")
    (True, False, False, False)
    """
    return len(name) >= 3 and " " not in name and sum(c.isupper() for c in name) >= 2


def _state_names(G: nx.MultiDiGraph) -> dict[str, str]:
    """Names of states the dataset does not know (ISO 3166), as id candidates ``state:ISO3``."""
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        if "," in name or name in AMBIGUOUS_STATE_NAMES:
            continue
        names[name] = f"state:{country.alpha_3}"
    names.update({name: f"state:{code}" for name, code in EXTRA_STATE_NAMES.items()})
    return names


class Gazetteer:
    """Names the dataset already knows (plus state names and demonyms), matched longest first."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        names: dict[str, tuple[str, str]] = {}
        for node, data in G.nodes(data=True):
            for name, how in [(data.get("label", ""), "label")] + [
                (alias, "alias") for alias in data.get("aliases", [])
            ]:
                if len(name) >= 4 or (len(name) >= 2 and name.isupper()) or _acronym(name):
                    names.setdefault(name, (node, how))
        for name, (node, how) in list(names.items()):
            kind = str(G.nodes[node].get("type", "")) if node in G else ""
            if kind in ("state", "framework") and name.upper() not in names and len(name) >= 3:
                names[name.upper()] = (node, how)  # datelines and acronyms: "ROMANIA", "PFP"
            if kind in ("framework", "body") and " " in name and name[0].isupper():
                names.setdefault(name[0].lower() + name[1:], (node, how))  # "partners across the globe"
            if kind == "framework" and name.endswith("partners"):
                names.setdefault(name[:-1], (node, how))  # "global partner"
        for name, node in _state_names(G).items():
            names.setdefault(name, (node, "state name"))
        for demonym, code in DEMONYMS.items():
            names.setdefault(demonym, (f"state:{code}", "demonym"))
        for name, node in REFERENCES.items():
            if node in G:
                names.setdefault(name, (node, "reference"))
        ordered = sorted(names, key=len, reverse=True)
        self.names = names
        self.pattern = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(name) for name in ordered) + r")(?![\w-])"
        )
        self.people = {node for node, data in G.nodes(data=True) if data.get("type") == "person"}
        self.size = (G.number_of_nodes(), G.number_of_edges())
        self.surnames = {
            fold(data["label"]).split()[-1]: node
            for node, data in G.nodes(data=True)
            if data.get("type") == "person" and data.get("label")
        }
        self.G = G

    def find(self, text: str) -> list[Mention]:
        return [
            Mention(self.names[m.group(1)][0], m.start(), m.end(), m.group(1), self.names[m.group(1)][1])
            for m in self.pattern.finditer(text)
        ]

    def label(self, node: str) -> str:
        if node in self.G:
            return str(self.G.nodes[node].get("label", node))
        return next(
            (name for name, (found, how) in self.names.items() if found == node and how != "demonym"), node
        )


_GAZETTEERS: dict[int, tuple[nx.MultiDiGraph, Gazetteer]] = {}


def gazetteer_for(G: nx.MultiDiGraph) -> Gazetteer:
    """One gazetteer per graph object (graphs handed to extract are not changed by it)."""
    cached = _GAZETTEERS.get(id(G))
    if cached is not None and cached[0] is G and cached[1].size == (G.number_of_nodes(), G.number_of_edges()):
        return cached[1]
    gazetteer = Gazetteer(G)
    if len(_GAZETTEERS) > 8:
        _GAZETTEERS.clear()
    _GAZETTEERS[id(G)] = (G, gazetteer)
    return gazetteer
