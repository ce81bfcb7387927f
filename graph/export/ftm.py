"""FollowTheMoney entity JSON lines (Aleph, OpenSanctions, ``ftm`` tools), checked by followthemoney.

The inverse of graph/readers/ftm.py (the mapping is in graph/ftm.py). One FtM entity a
line: each of our entities (a state is a PublicBody with ``country`` and ``jurisdiction``),
each cited source as an Article, and each claim as one link entity (Membership, Occupancy
with its Position, Directorship, Succession, else UnknownLink whose ``role`` names our
relation) or, for a literal claim, a Note. Every claim carries ``startDate``, ``endDate``,
``sourceUrl`` and ``publisher`` of its source and the source's Article as ``proof``; its note
is the link's ``description``. A claim with several sources is one link per source (our
tables hold one claim a source). The properties FtM users look at are filled in too
(a Person's ``nationality``, an Event's ``involved``, ``organizer``, ``date``), so the file
reads well in Aleph; our reader takes the links first and those properties only where no
link gives the same.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from graph.export.csv_formats import view_dataset
from graph.export.registry import ExportContext, Exporter, register
from graph.ftm import (
    KEYWORD_ID,
    KEYWORD_KIND,
    KEYWORD_SOURCE,
    KEYWORD_TYPE,
    SCHEMA_OF_TYPE,
    code_of_state,
    ftm_id,
)
from graph.model import Claim, Dataset, Entity, Source
from graph.vocabulary import is_attribute

# Literal claims FtM has a property for: our attribute → (schema the entity must be, property).
_FACT_PROPERTIES = {
    "date": ("Event", "date"),
    "end_date": ("Event", "endDate"),
    "founded": ("LegalEntity", "incorporationDate"),
    "occupation": ("Person", "profession"),
}


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


class _Writer:
    """The FtM entities of one dataset, built with followthemoney's model (values checked)."""

    def __init__(self, dataset: Dataset) -> None:
        from followthemoney import model

        self.model = model
        self.dataset = dataset
        self.entities = {entity.id: entity for entity in dataset.entities}
        self.sources = {source.id: source for source in dataset.sources}
        self.ids = {entity.id: ftm_id(entity.id) for entity in dataset.entities}
        self.proxies: dict[str, Any] = {}  # our entity id → its FtM entity
        self.extra: dict[str, Any] = {}  # FtM id → Articles, Positions, links, Notes
        self.codes = {
            entity.id: code_of_state(entity.id, dict(entity.attributes).get("iso3", ""))
            for entity in dataset.entities
            if entity.type == "state"
        }

    def make(self, schema: str, entity_id: str, **properties: Any) -> Any:
        proxy = self.model.make_entity(schema)
        proxy.id = entity_id
        for prop, values in properties.items():
            if values not in (None, "", [], ()):
                proxy.add(prop, values, quiet=True)
        return proxy

    def is_a(self, entity_id: str, schema: str) -> bool:
        proxy = self.proxies.get(entity_id)
        return proxy is not None and proxy.schema.is_a(schema)

    def add_entity(self, entity: Entity) -> None:
        schema = SCHEMA_OF_TYPE.get(entity.type, "LegalEntity")
        code = self.codes.get(entity.id)
        proxy = self.make(
            schema,
            self.ids[entity.id],
            name=entity.label,
            alias=list(entity.aliases),
            description=entity.description,
            keywords=[KEYWORD_ID + entity.id, KEYWORD_TYPE + entity.type],
            country=code,
            jurisdiction=code if schema == "PublicBody" else None,
            title=entity.label if schema == "Article" else None,
            full=entity.label if schema == "Address" else None,
        )
        for name, value in entity.attributes:
            prop = name[4:] if name.startswith("ftm:") else ""
            if prop in proxy.schema.properties and not proxy.get(prop):
                proxy.add(prop, value.split("|"), quiet=True)
        self.proxies[entity.id] = proxy

    def add_source(self, source: Source) -> str:
        article_id = "source-" + ftm_id(source.id)
        if article_id not in self.extra:
            self.extra[article_id] = self.make(
                "Article",
                article_id,
                name=source.title,
                title=source.title,
                author=source.author,
                publisher=source.publisher,
                publishedAt=source.published,
                sourceUrl=source.url,
                keywords=[KEYWORD_SOURCE + source.id] + ([KEYWORD_KIND + source.kind] if source.kind else []),
            )
        return article_id

    def cite(self, claim: Claim, dated: bool = True) -> dict[str, Any]:
        """The properties a claim entity carries: its period and note (a link's), its source."""
        source = self.sources.get(claim.source)
        cited: dict[str, Any] = (
            {"startDate": claim.start, "endDate": claim.end, "description": claim.note} if dated else {}
        )
        if source is not None:
            cited.update(sourceUrl=source.url, publisher=source.publisher, proof=self.add_source(source))
        return cited

    def add_claim(self, claim: Claim) -> None:
        if claim.subject not in self.ids:
            return
        key = "claim-" + _digest(
            claim.subject,
            claim.relation,
            claim.object,
            claim.source,
            str(claim.start),
            str(claim.end),
            claim.role,
            claim.locator,
        )
        if is_attribute(claim.relation):
            self.extra[key] = self.make(
                "Note",
                key,
                entity=self.ids[claim.subject],
                name=claim.relation,
                description=claim.object,
                summary=claim.note,
                **self.cite(claim, dated=False),
            )
            self.fill_fact(claim)
            return
        if claim.object not in self.ids:
            return
        self.extra[key] = self.link(key, claim)
        self.fill_relation(claim)

    def link(self, key: str, claim: Claim) -> Any:
        subject, target = self.ids[claim.subject], self.ids[claim.object]
        cited = self.cite(claim)
        if (
            claim.relation == "member_of"
            and self.is_a(claim.subject, "LegalEntity")
            and self.is_a(claim.object, "Organization")
        ):
            return self.make("Membership", key, member=subject, organization=target, role=claim.role, **cited)
        if claim.relation == "holds_office" and claim.role and self.is_a(claim.object, "Organization"):
            if self.is_a(claim.subject, "Person"):
                return self.make("Occupancy", key, holder=subject, post=self.post(claim), **cited)
            if self.is_a(claim.subject, "LegalEntity"):
                return self.make(
                    "Directorship", key, director=subject, organization=target, role=claim.role, **cited
                )
        if (
            claim.relation == "successor_of"
            and self.is_a(claim.subject, "LegalEntity")
            and self.is_a(claim.object, "LegalEntity")
        ):
            return self.make("Succession", key, successor=subject, predecessor=target, **cited)
        role = claim.relation + (f": {claim.role}" if claim.role else "")
        return self.make("UnknownLink", key, subject=subject, object=target, role=role, **cited)

    def post(self, claim: Claim) -> str:
        """The Position a holds_office claim names: one per role and organisation."""
        post_id = "post-" + _digest(claim.role, claim.object)
        if post_id not in self.extra:
            self.extra[post_id] = self.make(
                "Position",
                post_id,
                name=claim.role,
                organization=self.ids[claim.object],
                country=self.codes.get(claim.object),
            )
        return post_id

    def fill_relation(self, claim: Claim) -> None:
        """The properties Aleph shows for a relation: nationality, country, involved, organizer …"""
        subject, target = self.proxies[claim.subject], self.proxies[claim.object]
        code = self.codes.get(claim.object)
        if claim.relation == "national_of" and code and subject.schema.is_a("Person"):
            subject.add("nationality", code, quiet=True)
        elif claim.relation in ("located_in", "held_in") and code and not self.codes.get(claim.subject):
            subject.add("country", code, quiet=True)
        elif claim.relation == "held_in" and subject.schema.is_a("Event") and target.schema.is_a("Address"):
            subject.add("addressEntity", target.id, quiet=True)
        elif (
            claim.relation in ("attended", "hosted")
            and target.schema.is_a("Event")
            and subject.schema.is_a("LegalEntity")
        ):
            target.add("involved" if claim.relation == "attended" else "organizer", subject.id, quiet=True)

    def fill_fact(self, claim: Claim) -> None:
        schema, prop = _FACT_PROPERTIES.get(claim.relation, ("", ""))
        proxy = self.proxies[claim.subject]
        if schema and proxy.schema.is_a(schema):
            proxy.add(prop, claim.object, quiet=True)

    def lines(self) -> bytes:
        for entity in self.dataset.entities:
            self.add_entity(entity)
        for claim in self.dataset.claims:
            self.add_claim(claim)
        everything = list(self.proxies.values()) + list(self.extra.values())
        return "".join(
            json.dumps(proxy.to_dict(), ensure_ascii=False, allow_nan=False, sort_keys=True) + "\n"
            for proxy in everything
        ).encode("utf-8")


def write_ftm(context: ExportContext) -> bytes:
    """The view as FtM entity JSON lines: entities, sources (Articles), then claims."""
    return _Writer(view_dataset(context)).lines()


register(
    Exporter(
        "ftm",
        "ftm.json",
        "application/x-ndjson",  # one JSON entity a line
        "FollowTheMoney entities for Aleph and OpenSanctions tools (JSON lines)",
        write_ftm,
        "followthemoney (model.get_proxy, schema.validate) and our importer",
    )
)
