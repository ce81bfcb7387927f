"""What the walk through one article remembers, and the entities it proposes on the way.

An :class:`Extractor` lives for one article: the sentence view and the rules read what earlier
sentences named (the last person, state, framework and event, who holds which role, each
person's nationality) and add the new entities they find through it, so that a person or an
event named twice is one candidate.
"""

from __future__ import annotations

import re
from dataclasses import replace

import networkx as nx

from graph.ingest.base import Proposal
from graph.ingest.gazetteer import Gazetteer
from graph.ingest.names import COMMANDS, HONORIFICS, fold, slug
from graph.ingest.patterns import OPERATION, PARTICLE
from graph.model import Entity


class Extractor:
    """One article's memory (what coreference needs) and its new entities; rules see it as ``view.ex``."""

    def __init__(
        self, G: nx.MultiDiGraph, gazetteer: Gazetteer, proposal: Proposal, published: str | None
    ) -> None:
        self.G = G
        self.gazetteer = gazetteer
        self.proposal = proposal
        self.published = published
        self.last_person: str | None = None
        self.last_state: str | None = None
        self.last_framework: str | None = None
        self.last_year: int | None = None
        self.main_event: str | None = None
        self.last_event: str | None = None
        self.role_holders: dict[str, str] = {}
        self.nationality: dict[str, str] = {}
        self.new: dict[str, Entity] = {}
        self.gazetteer_extra: dict[str, str] = {}
        self.event_dates: dict[str, str] = {}
        self.events_by_kind: dict[str, str] = {}  # short names the text defines: "(PIAG)"
        self.dateline: str | None = None  # the town of a dateline: "OSTEND, Belgium -- …"
        self.article_id = proposal.article_id

    def entity_type(self, node: str) -> str:
        if node in self.G:
            return str(self.G.nodes[node]["type"])
        if node in self.new:
            return self.new[node].type
        return node.partition(":")[0] if node.startswith("state:") else ""

    def label(self, node: str) -> str:
        """The label of a dataset entity or of a new candidate (the id when neither)."""
        if node in self.new and node not in self.G:
            return self.new[node].label
        return self.gazetteer.label(node)

    def is_operation(self, node: str) -> bool:
        """A military operation or mission (ISAF, Resolute Support): not a meeting held somewhere, nor
        what "the meeting" refers back to."""
        return bool(node) and OPERATION.search(self.label(node)) is not None

    def add_new(self, entity: Entity) -> str:
        if entity.id not in self.G and entity.id not in self.new:
            self.new[entity.id] = entity
            self.proposal.new_entities.append(entity)
        elif entity.id in self.new:
            known = self.new[entity.id]
            aliases = tuple(
                a for a in dict.fromkeys(known.aliases + entity.aliases + (entity.label,)) if a != known.label
            )
            if aliases != known.aliases:
                updated = replace(known, aliases=aliases)
                self.new[entity.id] = updated
                self.proposal.new_entities[self.proposal.new_entities.index(known)] = updated
        return entity.id

    def command(self, node: str) -> str:
        """One of NATO's strategic commands (``COMMANDS``): the dataset's, else a new candidate."""
        if node in self.G:
            return node
        label, aliases = COMMANDS[node]
        return self.add_new(
            Entity(node, "body", label, aliases, "A NATO strategic command named in the text.")
        )

    def state_entity(self, node: str, name: str) -> str:
        """A state the dataset lacks becomes a new candidate under its ISO id."""
        if node not in self.G and node.startswith("state:"):
            label = self.gazetteer.label(node)
            return self.add_new(
                Entity(node, "state", label if label != node else name, (), "A state named in the text.")
            )
        return node

    def by_given_name(self, given: str) -> str | None:
        """The one person met so far whose given name this is ("Sir Stuart" after "Sir Stuart Peach")."""

        def first(label: str) -> list[str]:
            return [word for word in label.split() if word not in HONORIFICS][:1]

        met = {m.id for m in self.proposal.mentions}
        nodes = [n for n, e in self.new.items() if e.type == "person" and first(e.label) == [given]]
        nodes += [n for n in self.gazetteer.people & met if first(self.gazetteer.label(n)) == [given]]
        return nodes[0] if len(set(nodes)) == 1 else None

    def person(self, name: str, rank: str = "") -> str:
        """A known person (full name or family name), or a new candidate."""
        name = re.sub(r"['’]s$", "", name.strip())
        known = self.gazetteer.names.get(name)
        if known and known[0] in self.gazetteer.people:
            return known[0]
        family = fold(name).split()[-1] if name.split() else ""
        if family in self.gazetteer.surnames and (
            len(name.split()) == 1
            or fold(self.gazetteer.label(self.gazetteer.surnames[family])).endswith(fold(name))
        ):
            return self.gazetteer.surnames[family]
        for node in self.new:
            entity = self.new[node]
            if entity.type == "person" and fold(entity.label).split()[-1:] == fold(name).split()[-1:]:
                if len(name.split()) > len(entity.label.split()):
                    self.add_new(Entity(node, "person", name, (entity.label,), entity.description))
                return node
        surname = name.split()[-1]
        words = name.split()
        # the family name runs from its first particle: "Jaap de Hoop Scheffer" → "de Hoop Scheffer"
        first = next((i for i, w in enumerate(words[1:-1], 1) if re.fullmatch(PARTICLE, w)), None)
        family_name = " ".join(words[first:]) if first else surname
        return self.add_new(
            Entity(
                f"person:{slug(surname)}",
                "person",
                name,
                (family_name,) if family_name != name else (),
                "A person named in the text" + (f" ({rank})." if rank else "."),
            )
        )
