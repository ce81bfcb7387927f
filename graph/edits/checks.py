"""Edit operations checked against a store as an import is checked, and turned into one Change.

The rules are an import's (:func:`graph.store.base.check_addition`, the readers' checks):
the id rule; entity types and relations from the vocabulary; the types a relation links
(:data:`graph.vocabulary.DOMAIN_RANGE`); dates that are dates, in order; a claim cites a
source, stored or added before it in the same edits. Besides: a retraction names stored
claims and says why; an entity edit is cited or explained; a new entity whose name the
duplicate scorer (:mod:`graph.dedupe`) matches to another is held back with "did you
mean …?" unless the caller says it is distinct. Every problem names the line and the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from graph.dates import is_valid_date, parse_date
from graph.dedupe import candidates
from graph.edits.operations import AddClaim, AddEntity, AddNote, AddSource, EditEntity, Operation, Retract
from graph.model import SOURCE_KINDS, Claim, Dataset, Entity, Source
from graph.report import ImportReport
from graph.store.base import ClaimFilter, Store
from graph.store.changes import Change, ClaimKey, Expected, Note, Retraction, Revision, today
from graph.store.sql_write import fingerprint
from graph.text import id_problem
from graph.vocabulary import ATTRIBUTES, DOMAIN_RANGE, ENTITY_TYPES, RELATIONS, allows, is_attribute


@dataclass
class Checked:
    """The change the operations make, the report of what was found, and the "did you mean"
    matches (new entity id → the stored or added entities it may duplicate)."""

    change: Change
    report: ImportReport
    similar: dict[str, list[str]] = field(default_factory=dict)


class _Checker:
    """Operations checked one after the other; what earlier ones add is known to later ones."""

    def __init__(self, store: Store, file: str) -> None:
        self.store = store
        self.file = file
        self.report = ImportReport()
        self.line = 0
        self.entities: dict[str, Entity | None] = {}  # stored (or None: absent), then as edited
        self.added_entities: dict[str, Entity] = {}
        self.sources: dict[str, Source] = {}
        self.added_sources: list[Source] = []
        self.claims: list[Claim] = []
        self.retractions: list[Retraction] = []
        self.revisions: dict[str, Revision] = {}
        self.notes: list[Note] = []
        self.expected: list[Expected] = []
        self.similar: dict[str, list[str]] = {}

    def error(self, column: str, message: str, hint: str = "") -> None:
        self.report.add("error", self.file, self.line, column, message, hint)

    # ---- what the store and earlier operations hold ------------------------------------------

    def entity(self, entity_id: str) -> Entity | None:
        if entity_id in self.added_entities:
            return self.added_entities[entity_id]
        if entity_id in self.revisions:
            return self.revisions[entity_id].after
        if entity_id not in self.entities:
            self.entities[entity_id] = (
                self.store.entity(entity_id).entity if self.store.has(entity_id) else None
            )
        return self.entities[entity_id]

    def source_known(self, source_id: str) -> bool:
        if source_id not in self.sources:
            found = self.store.sources([source_id])
            if found:
                self.sources[source_id] = found[0]
        return source_id in self.sources

    def need_entity(self, column: str, entity_id: str) -> Entity | None:
        found = self.entity(entity_id)
        if found is None:
            matches = self.store.search(entity_id, limit=3)
            hint = (
                f"did you mean {', '.join(m.id for m in matches)}?"
                if matches
                else "add it first (add_entity)."
            )
            self.error(column, f"'{entity_id}' is not a stored entity and not added above.", hint)
        return found

    def need_source(self, column: str, source_id: str) -> bool:
        if self.source_known(source_id):
            return True
        self.error(
            column,
            f"the source '{source_id}' is not stored and not added above.",
            "add it first (add_source).",
        )
        return False

    def dates(self, start: str | None, end: str | None) -> None:
        for column, value in (("start", start), ("end", end)):
            if value is not None and not is_valid_date(value):
                self.error(column, f"'{value}' is not a date.", "write YYYY, YYYY-MM or YYYY-MM-DD.")
        if (
            start
            and end
            and is_valid_date(start)
            and is_valid_date(end)
            and parse_date(end) < parse_date(start)
        ):
            self.error("end", f"the end ({end}) comes before the start ({start}).", "swap the two dates.")

    def relation(self, relation: str) -> bool:
        if relation in RELATIONS or is_attribute(relation):
            return True
        self.error(
            "relation",
            f"unknown relation '{relation}'.",
            f"use one of: {', '.join(RELATIONS)}; or an attribute: {', '.join(ATTRIBUTES)}.",
        )
        return False

    def identifier(self, column: str, value: str) -> bool:
        problem = id_problem(value)
        if problem is not None:
            self.error(
                column,
                f"the {column} {value!r} {problem}.",
                "use a slug such as state:SWE or source:nato-2024.",
            )
        return problem is None

    # ---- the operations ------------------------------------------------------------------

    def add_source(self, op: AddSource) -> None:
        if not self.identifier("id", op.id):
            return
        if op.published is not None and not is_valid_date(op.published):
            self.error("published", f"'{op.published}' is not a date.", "write YYYY, YYYY-MM or YYYY-MM-DD.")
        if op.kind and op.kind not in SOURCE_KINDS:
            self.error("kind", f"unknown source kind '{op.kind}'.", f"use one of: {', '.join(SOURCE_KINDS)}.")
        source = Source(op.id, op.title, op.publisher, op.author, op.published, op.url, op.kind)
        if self.source_known(op.id):
            if self.sources[op.id] != source:
                self.error(
                    "id", f"the source '{op.id}' exists with other content.", "cite it, or choose a new id."
                )
            return
        self.sources[op.id] = source
        self.added_sources.append(source)

    def add_entity(self, op: AddEntity) -> None:
        if not self.identifier("id", op.id):
            return
        if op.type not in ENTITY_TYPES:
            self.error("type", f"unknown entity type '{op.type}'.", f"use one of: {', '.join(ENTITY_TYPES)}.")
            return
        entity = Entity(op.id, op.type, op.label, op.aliases, op.description, op.attributes)
        existing = self.entity(op.id)
        if existing is not None:
            if existing != entity:
                self.error(
                    "id", f"the entity '{op.id}' exists.", "change it with edit_entity, or choose a new id."
                )
            return
        if not op.distinct:
            self.look_alike(entity)
        self.added_entities[op.id] = entity

    def look_alike(self, entity: Entity) -> None:
        """Remember the entities the duplicate scorer matches to ``entity`` (by its names)."""
        others: dict[str, Entity] = {e.id: e for e in self.added_entities.values() if e.type == entity.type}
        for name in (entity.label, *entity.aliases):
            for match in self.store.search(name, limit=5):
                found = self.entity(match.id)
                if found is not None and found.type == entity.type:
                    others.setdefault(found.id, found)
        if not others:
            return
        pairs = candidates(Dataset((*others.values(), entity)))
        matched = [
            pair.left if pair.right == entity.id else pair.right
            for pair in pairs
            if entity.id in (pair.left, pair.right)
        ]
        if matched:
            named = ", ".join(f"{other} ({others[other].label})" for other in matched)
            self.similar[entity.id] = matched
            self.report.add(
                "warning",
                self.file,
                self.line,
                "label",
                f"did you mean {named}? The name of '{entity.id}' matches it.",
                'if it is another entity, add "distinct": true to this line (or --allow-similar).',
            )

    def add_claim(self, op: AddClaim) -> None:
        known = self.relation(op.relation)
        subject = self.need_entity("subject", op.subject)
        target: Entity | None = None
        if known and is_attribute(op.relation):
            if op.value is None:
                self.error(
                    "object", f"'{op.relation}' takes a literal 'value', not an entity.", 'write "value": ….'
                )
            elif ATTRIBUTES[op.relation] == "date" and not is_valid_date(op.value):
                self.error("value", f"'{op.value}' is not a date.", "write YYYY, YYYY-MM or YYYY-MM-DD.")
            elif ATTRIBUTES[op.relation] == "integer" and not op.value.lstrip("-").isdigit():
                self.error("value", f"'{op.value}' is not a whole number.")
        elif known:
            if op.object is None:
                self.error("value", f"'{op.relation}' links two entities: give 'object', not 'value'.")
            else:
                target = self.need_entity("object", op.object)
        if known and subject is not None and target is not None:
            self.domain_range(op.relation, subject, target)
        self.need_source("source", op.source)
        self.dates(op.start, op.end)
        note = " ".join(part for part in (op.note, f"“{op.quote}”" if op.quote else "") if part)
        self.claims.append(
            Claim(op.subject, op.relation, op.target, op.source, op.start, op.end, op.locator, note, op.role)
        )

    def domain_range(self, relation: str, subject: Entity, target: Entity, column: str = "relation") -> bool:
        if allows(relation, subject.type, target.type):
            return True
        subjects, objects = DOMAIN_RANGE[relation]
        self.error(
            column,
            f"'{relation}' does not link a {subject.type} ({subject.id}) to a {target.type} ({target.id}).",
            f"it links {' or '.join(sorted(subjects))} to {' or '.join(sorted(objects))}.",
        )
        return False

    def stored_claims(self, subject: str, relation: str, target: str, source: str | None) -> list[Claim]:
        wanted = ClaimFilter(subject=subject, relations=(relation,), source=source)
        return [claim for claim in self.store.claims(wanted) if claim.object == target]

    def retract(self, op: Retract) -> None:
        if not self.relation(op.relation):
            return
        if op.date is not None and not is_valid_date(op.date):
            self.error("date", f"'{op.date}' is not a date.", "write YYYY, YYYY-MM or YYYY-MM-DD.")
            return
        found = self.stored_claims(op.subject, op.relation, op.target, op.source)
        taken = {retraction.claim for retraction in self.retractions}
        found = [claim for claim in found if claim not in taken]
        if not found:
            column = "source" if op.source else ("value" if op.value is not None else "object")
            self.error(
                column,
                f"no stored claim '{op.subject} {op.relation} {op.target}'"
                + (f" cites '{op.source}'." if op.source else "."),
                "check it with `python -m graph show`; a retracted claim is listed by show --retracted.",
            )
            return
        for claim in found:
            self.retractions.append(Retraction(claim, op.reason, op.date or today()))
            if op.version is not None:
                self.expected.append(Expected("claim", fingerprint(claim), op.version, _claim_label(claim)))

    def edit_entity(self, op: EditEntity) -> None:
        if op.id in self.added_entities:
            self.error("id", f"'{op.id}' is added above: give its values there.")
            return
        if op.id in self.revisions:
            self.error("id", f"'{op.id}' is edited above already: one edit of an entity per file.")
            return
        before = self.need_entity("id", op.id)
        if before is None:
            return
        changes = {
            name: value
            for name in ("label", "type", "aliases", "description", "attributes")
            if (value := getattr(op, name)) is not None
        }
        after = replace(before, **changes)
        if after == before:
            self.error(
                "id",
                f"the edit of '{op.id}' changes nothing.",
                "give a new label, type, aliases, description or attributes.",
            )
            return
        if after.type not in ENTITY_TYPES:
            self.error(
                "type", f"unknown entity type '{after.type}'.", f"use one of: {', '.join(ENTITY_TYPES)}."
            )
            return
        if not op.source and not op.reason:
            self.error(
                "source",
                "an entity edit cites a source or gives a reason.",
                'add "source": … or "reason": ….',
            )
        if op.source:
            self.need_source("source", op.source)
        if after.type != before.type:
            self.type_still_fits(after)
        self.revisions[op.id] = Revision(before, after, op.source, op.locator, op.reason)
        if op.version is not None:
            self.expected.append(Expected("entity", op.id, op.version, op.id))

    def type_still_fits(self, after: Entity) -> None:
        """Every stored claim of the entity is still allowed with its new type."""
        for claim in self.store.entity(after.id).claims:
            if is_attribute(claim.relation) or claim.relation not in DOMAIN_RANGE:
                continue
            subject = after if claim.subject == after.id else self.entity(claim.subject)
            target = after if claim.object == after.id else self.entity(claim.object)
            if (
                subject is not None
                and target is not None
                and not self.domain_range(claim.relation, subject, target, "type")
            ):
                return

    def note(self, op: AddNote) -> None:
        if op.entity is not None:
            if self.need_entity("entity", op.entity) is not None:
                self.notes.append(Note(op.entity, op.text))
                if op.version is not None:
                    self.expected.append(Expected("entity", op.entity, op.version, op.entity))
            return
        subject, relation, target = op.claim or ("", "", "")
        stored = self.stored_claims(subject, relation, target, None)
        added = [c for c in self.claims if (c.subject, c.relation, c.object) == (subject, relation, target)]
        if not stored and not added:
            self.error("claim", f"no claim '{subject} {relation} {target}' is stored or added above.")
            return
        self.notes.append(Note(subject, op.text, _claim_key(subject, relation, target)))
        if op.version is not None:
            for claim in stored:
                self.expected.append(Expected("claim", fingerprint(claim), op.version, _claim_label(claim)))

    def checked(self) -> Checked:
        change = Change(
            Dataset(
                tuple(self.added_entities.values()),
                tuple(self.claims),
                tuple(self.added_sources),
                name="edits",
            ),
            tuple(self.retractions),
            tuple(self.revisions.values()),
            tuple(self.notes),
            tuple(self.expected),
        )
        return Checked(change, self.report, self.similar)


def _claim_key(subject: str, relation: str, target: str) -> ClaimKey:
    return (subject, relation, target)


def _claim_label(claim: Claim) -> str:
    return f"'{claim.subject} {claim.relation} {claim.object}' [{claim.source}]"


def check_operations(
    store: Store, operations: Sequence[tuple[int, Operation]], file: str = "edits"
) -> Checked:
    """The change ``operations`` (each with its line) make to ``store``, and what is wrong with them."""
    checker = _Checker(store, file)
    handlers = {
        AddSource: checker.add_source,
        AddEntity: checker.add_entity,
        EditEntity: checker.edit_entity,
        AddClaim: checker.add_claim,
        Retract: checker.retract,
        AddNote: checker.note,
    }
    for line, operation in operations:
        checker.line = line
        handlers[type(operation)](operation)  # type: ignore[operator]
    return checker.checked()
