"""FtM entities (checked by followthemoney) → our entities, claims and sources.

The mapping table is in graph/ftm.py. Order of reading: link entities (Membership,
Occupancy …) and Notes first; then the properties an entity holds itself (an Event's
``involved``, a Person's ``nationality``, an Event's ``date``) fill in only the relations
and facts that no link or Note of the file already gives for that entity, since our own
export writes both (the link keeps the claim's dates and source, the property is what
Aleph and OpenSanctions show).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graph.ftm import (
    COUNTRY_RELATIONS,
    KEYWORD_ID,
    KEYWORD_KIND,
    KEYWORD_SOURCE,
    KEYWORD_TYPE,
    LINK_RELATIONS,
    MARKERS,
    NATIVE_FACTS,
    TYPE_OF_SCHEMA,
    marker,
    slug_id,
    state_of_code,
)
from graph.model import SOURCE_KINDS, Claim, Dataset, Entity, Source
from graph.readers.foreign.losses import Tally
from graph.readers.foreign.model import UPLOAD_SOURCE
from graph.report import ImportReport
from graph.text import clean_text, id_problem, normal_id
from graph.vocabulary import ATTRIBUTES, ENTITY_TYPES, RELATIONS

# Properties every Thing may hold that the mapping reads (the rest become ftm:* columns).
_READ_ALWAYS = {
    "name",
    "alias",
    "weakAlias",
    "previousName",
    "description",
    "summary",
    "keywords",
    "sourceUrl",
    "publisher",
    "publisherUrl",
    "retrievedAt",
    "proof",
    "title",
    "full",
    *COUNTRY_RELATIONS,
}
_READ_EVENT = {"involved", "organizer", "location", "addressEntity", "date", "startDate", "endDate"}
Key = tuple[str, str]  # (entity, relation or attribute)


def claim_dates(proxy: Any, tally: Tally, where: str) -> tuple[str | None, str | None]:
    """A link's start and end (``startDate``/``endDate``, else an Occupancy's period), as dates."""

    def day(*names: str) -> str | None:
        for prop in names:
            value = proxy.first(prop) if prop in proxy.schema.properties else None
            if value:
                if len(value) > 10:
                    tally.note("time", where, "info", prop, "dates had a time of day, which was dropped")
                return str(value[:10])
        return None

    return day("startDate", "periodStart", "date"), day("endDate", "periodEnd")


class Mapping:
    """One file's entities, read into our three tables."""

    def __init__(self, file: str, proxies: dict[str, Any], tally: Tally) -> None:
        self.file = file
        self.proxies = proxies
        self.tally = tally
        self.ids: dict[str, str] = {}  # FtM id → our id
        self.entities: dict[str, Entity] = {}
        self.claims: list[Claim] = []
        self.sources: dict[str, Source] = {}
        self.given: set[Key] = set()  # (entity, relation) given by a link or a Note
        self.proof_ids = {value for proxy in proxies.values() for value in _values(proxy, "proof")}
        self.sources_from_proof: dict[str, str] = {}  # FtM id of a proof Article → our source id
        self.file_cited = 0
        self.posts_used: set[str] = set()
        self.unmapped: Counter[str] = Counter()
        self.kept_columns: Counter[str] = Counter()

    # Entities -------------------------------------------------------------------------

    def kind_of(self, proxy: Any) -> str:
        """'entity', 'source', 'post', 'note', 'link' or 'other' (a schema we do not read)."""
        schema = proxy.schema
        if schema.edge:
            return "link"
        if schema.is_a("Position"):
            return "post"
        if schema.is_a("Note"):
            return "note"
        if schema.is_a("Document") and (
            proxy.id in self.proof_ids or marker(proxy.get("keywords"), KEYWORD_SOURCE)
        ):
            return "source"
        if any(schema.is_a(name) for name, _ in TYPE_OF_SCHEMA):
            return "entity"
        return "other"

    def our_id(self, proxy: Any) -> str:
        own = marker(proxy.get("keywords"), KEYWORD_ID)
        candidate = normal_id(clean_text(own)) if own else proxy.id
        return candidate if not id_problem(candidate) else proxy.id

    def our_type(self, proxy: Any) -> str:
        own = marker(proxy.get("keywords"), KEYWORD_TYPE)
        if own in ENTITY_TYPES:
            return str(own)
        return next(ours for name, ours in TYPE_OF_SCHEMA if proxy.schema.is_a(name))

    def add_entity(self, proxy: Any) -> None:
        entity_id = self.ids[proxy.id]
        entity_type = self.our_type(proxy)
        names = [clean_text(name) for name in proxy.get("name")]
        label = names[0] if names else clean_text(proxy.caption or proxy.id)
        aliases = [
            clean_text(alias)
            for prop in ("alias", "weakAlias", "previousName")
            for alias in _values(proxy, prop)
        ]
        aliases = list(dict.fromkeys(name for name in names[1:] + aliases if name != label))
        texts = _values(proxy, "description") or _values(proxy, "summary")
        attributes: dict[str, str] = {}
        if entity_type == "state":
            state = next((state_of_code(code) for code in _values(proxy, "country")), None)
            if state is not None:
                attributes["iso3"] = state[2]
        attributes.update(self.columns(proxy))
        self.entities[entity_id] = Entity(
            entity_id,
            entity_type,
            label,
            tuple(aliases),
            clean_text(texts[0]) if texts else "",
            tuple(sorted(attributes.items())),
        )

    def columns(self, proxy: Any) -> dict[str, str]:
        """The properties the mapping does not read, as ``ftm:<property>`` columns."""
        read = set(_READ_ALWAYS)
        if proxy.schema.is_a("Event"):
            read |= _READ_EVENT
        read |= {prop for schema, prop in NATIVE_FACTS if proxy.schema.is_a(schema)}
        columns: dict[str, str] = {}
        for prop, values in proxy.properties.items():
            if prop == "keywords":
                values = [value for value in values if not value.startswith(MARKERS)]
                if not values:
                    continue
            elif prop in read:
                continue
            columns[f"ftm:{prop}"] = clean_text("|".join(sorted(str(value) for value in values)))
            self.kept_columns[f"{proxy.schema.name}.{prop}"] += 1
        return columns

    def state(self, code: str, where: str) -> str | None:
        """Our state for a country code, added to the entities when the file has none."""
        found = state_of_code(code)
        if found is None:
            self.tally.note(
                "country",
                f"{where}: {code}",
                "warning",
                "country",
                "country codes are not ISO 3166 countries; their claims were not made",
                "use ISO 3166 alpha-2 codes.",
            )
            return None
        state_id, name, iso3 = found
        if state_id not in self.entities:
            self.entities[state_id] = Entity(state_id, "state", name, (), "", (("iso3", iso3),))
        return state_id

    # Sources ----------------------------------------------------------------------------

    def cited(self, proxy: Any) -> list[str]:
        """The sources an FtM entity names: its proof Articles, else its URL and publisher, else
        the file."""
        found = [
            self.sources_from_proof[value]
            for value in _values(proxy, "proof")
            if value in self.sources_from_proof
        ]
        if found:
            return list(dict.fromkeys(found))
        urls = [url for url in _values(proxy, "sourceUrl") + _values(proxy, "publisherUrl") if _http(url)]
        publishers = _values(proxy, "publisher")
        if urls or publishers:
            url = urls[0] if urls else ""
            publisher = clean_text(publishers[0]) if publishers else ""
            source_id = slug_id("source", url.partition("://")[2] or publisher)
            if source_id not in self.sources:
                retrieved = _values(proxy, "retrievedAt")
                title = url.partition("://")[2] or publisher
                if retrieved:
                    title = f"{title}, retrieved {retrieved[0][:10]}"
                self.sources[source_id] = Source(source_id, title, publisher, "", None, url, "")
            return [source_id]
        self.file_cited += 1
        if UPLOAD_SOURCE not in self.sources:
            self.sources[UPLOAD_SOURCE] = Source(
                UPLOAD_SOURCE, self.file, "uploaded file", "", None, "", "secondary"
            )
        return [UPLOAD_SOURCE]

    def add_source(self, proxy: Any) -> None:
        source_id = self.our_source_id(proxy)
        urls = [url for url in _values(proxy, "sourceUrl") if _http(url)]
        kind = marker(proxy.get("keywords"), KEYWORD_KIND) or ""
        published = _values(proxy, "publishedAt") or _values(proxy, "date")
        self.sources[source_id] = Source(
            source_id,
            clean_text((_values(proxy, "title") or [proxy.caption or proxy.id])[0]),
            clean_text((_values(proxy, "publisher") or [""])[0]),
            clean_text((_values(proxy, "author") or [""])[0]),
            published[0][:10] if published else None,
            urls[0] if urls else "",
            kind if kind in SOURCE_KINDS else "",
        )
        self.sources_from_proof[proxy.id] = source_id

    def our_source_id(self, proxy: Any) -> str:
        own = marker(proxy.get("keywords"), KEYWORD_SOURCE)
        candidate = normal_id(clean_text(own)) if own else proxy.id
        return candidate if not id_problem(candidate) else proxy.id

    # Claims -------------------------------------------------------------------------------

    def claim(
        self, proxy: Any, subject: str, relation: str, target: str, role: str = "", given: bool = True
    ) -> None:
        """One claim per source the FtM entity cites."""
        start, end = (
            claim_dates(proxy, self.tally, proxy.id)
            if proxy.schema.is_a("Interval") and not proxy.schema.is_a("Event")
            else (None, None)
        )
        # A link's note is its description; a Note's (a literal claim) its summary.
        note: list[str] = []
        if proxy.schema.edge:
            note = _values(proxy, "description")
        elif proxy.schema.is_a("Note"):
            note = _values(proxy, "summary")
        for source in self.cited(proxy):
            self.claims.append(
                Claim(
                    subject,
                    relation,
                    target,
                    source,
                    start,
                    end,
                    "",
                    clean_text(note[0]) if note else "",
                    clean_text(role),
                )
            )
        if given:
            self.given.add((target if relation in ("attended", "hosted") else subject, relation))

    def read_link(self, proxy: Any) -> None:
        schema = proxy.schema
        relation, swap = LINK_RELATIONS.get(schema.name, ("related_to", False))
        subjects, targets = _values(proxy, schema.edge_source), _values(proxy, schema.edge_target)
        if swap:
            subjects, targets = targets, subjects
        role = (_values(proxy, "role") or [""])[0]
        if schema.name == "UnknownLink":
            named, _, rest = role.partition(": ")
            if named in RELATIONS:
                relation, role = named, rest
        elif schema.name not in LINK_RELATIONS:
            role = schema.name if not role else f"{schema.name}: {role}"
            self.unmapped[f"{schema.name} (read as related_to)"] += 1
        for subject in subjects:
            for target in targets:
                if schema.name == "Occupancy":
                    self.read_occupancy(proxy, subject, target)
                elif self.known(subject, proxy) and self.known(target, proxy):
                    self.claim(proxy, self.ids[subject], relation, self.ids[target], role)

    def read_occupancy(self, proxy: Any, holder: str, post_id: str) -> None:
        post = self.proxies.get(post_id)
        if not self.known(holder, proxy) or post is None or not post.schema.is_a("Position"):
            self.tally.note(
                "post",
                f"{proxy.id}: {post_id}",
                "warning",
                "post",
                "Occupancies name no Position of the file and were skipped",
            )
            return
        self.posts_used.add(post_id)
        role = clean_text(post.caption or "")
        targets = [self.ids[value] for value in _values(post, "organization") if value in self.ids]
        if not targets:
            targets = [state for code in _values(post, "country") if (state := self.state(code, post.id))]
        if not targets:
            post_entity = self.ids.setdefault(post.id, post.id)
            self.entities.setdefault(post_entity, Entity(post_entity, "other", role or post.id))
            self.unmapped["Position without organisation or country (the post is an entity)"] += 1
            targets = [post_entity]
        for target in targets:
            self.claim(proxy, self.ids[holder], "holds_office", target, role)

    def known(self, ftm_ref: str, proxy: Any) -> bool:
        if ftm_ref in self.ids:
            return True
        self.tally.note(
            "dangling",
            f"{proxy.id} → {ftm_ref}",
            "warning",
            "properties",
            "links name an entity the file does not hold (or that was skipped); those claims were not made",
            "include every entity a link names.",
        )
        return False

    def read_note(self, proxy: Any) -> None:
        name = (_values(proxy, "name") or [""])[0]
        values = _values(proxy, "description")
        subjects = [value for value in _values(proxy, "entity") if value in self.ids]
        if name not in ATTRIBUTES or not values or not subjects:
            self.unmapped["Note (not one of our facts)"] += 1
            return
        for subject in subjects:
            self.claim(proxy, self.ids[subject], name, clean_text(values[0]))

    # Properties an entity holds itself ----------------------------------------------------

    def read_own(self, proxy: Any) -> None:
        """Relations and facts from an entity's own properties, where no link or Note gave them."""
        entity_id = self.ids[proxy.id]
        own_state = self.entities[entity_id].type == "state"
        for prop, relation in COUNTRY_RELATIONS.items():
            if proxy.schema.is_a("Event"):
                relation = "held_in" if prop == "country" else relation
            elif proxy.schema.is_a("Person") and prop in ("country", "mainCountry"):
                relation = "located_in"
            for code in _values(proxy, prop):
                state = self.state(code, proxy.id)
                if state and not own_state and state != entity_id:
                    self.fill(proxy, entity_id, relation, state)
        if proxy.schema.is_a("Event"):
            self.read_event(proxy, entity_id)
        for (schema, prop), attribute in NATIVE_FACTS.items():
            if proxy.schema.is_a(schema) and prop in proxy.schema.properties:
                for value in _values(proxy, prop)[:1]:
                    self.fill(
                        proxy,
                        entity_id,
                        attribute,
                        value[:10] if attribute in ("date", "end_date", "founded") else clean_text(value),
                    )

    def read_event(self, proxy: Any, event: str) -> None:
        for prop, relation in (("involved", "attended"), ("organizer", "hosted")):
            for value in _values(proxy, prop):
                if self.known(value, proxy):
                    self.fill(proxy, self.ids[value], relation, event, key=event)
        for value in _values(proxy, "addressEntity"):
            if self.known(value, proxy):
                self.fill(proxy, event, "held_in", self.ids[value])
        for text in _values(proxy, "location"):
            place = slug_id("place", text)
            self.entities.setdefault(place, Entity(place, "place", clean_text(text)))
            self.fill(proxy, event, "held_in", place)

    def fill(self, proxy: Any, subject: str, relation: str, target: str, key: str | None = None) -> None:
        if ((key or subject), relation) in self.given:
            return
        self.claim(proxy, subject, relation, target, given=False)

    # The whole file -----------------------------------------------------------------------

    def read_all(self) -> None:
        kinds = {key: self.kind_of(proxy) for key, proxy in self.proxies.items()}
        for key, kind in kinds.items():
            if kind == "source":
                self.add_source(self.proxies[key])
            elif kind == "entity":
                self.ids[key] = self.our_id(self.proxies[key])
            elif kind == "other":
                self.unmapped[f"{self.proxies[key].schema.name} (not read)"] += 1
        for key, kind in kinds.items():
            if kind == "entity":
                self.add_entity(self.proxies[key])
        for key, kind in kinds.items():
            if kind == "link":
                self.read_link(self.proxies[key])
            elif kind == "note":
                self.read_note(self.proxies[key])
        for key, kind in kinds.items():
            if kind == "entity":
                self.read_own(self.proxies[key])
            elif kind == "post" and key not in self.posts_used:
                self.unmapped["Position that no Occupancy names (not read)"] += 1

    def summarise(self, report: ImportReport) -> None:
        if self.file_cited:
            report.add(
                "warning",
                self.file,
                None,
                "sourceUrl",
                f"{self.file_cited:,} claim(s) come from FtM entities without sourceUrl, publisher or proof; "
                "they cite the file itself.",
                "add sourceUrl and publisher to the links and entities.",
            )
        if self.unmapped:
            report.add(
                "info",
                self.file,
                None,
                "schema",
                "not mapped to a relation or entity of ours: "
                + ", ".join(f"{name} ×{count:,}" for name, count in sorted(self.unmapped.items())[:20])
                + ".",
            )
        if self.kept_columns:
            report.add(
                "info",
                self.file,
                None,
                "properties",
                "FtM properties with no place of ours, kept as ftm:<property> columns of the entities: "
                + ", ".join(f"{name} ×{count:,}" for name, count in sorted(self.kept_columns.items())[:20])
                + ".",
            )

    def dataset(self) -> Dataset:
        cited = {claim.source for claim in self.claims}
        return Dataset(
            tuple(self.entities.values()),
            tuple(dict.fromkeys(self.claims)),
            tuple(source for key, source in self.sources.items() if key in cited),
            name=self.file,
        )


def _values(proxy: Any, prop: str) -> list[str]:
    return list(proxy.get(prop, quiet=True)) if prop in proxy.schema.properties else []


def _http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))
