"""The edit operations, typed and frozen, and how each is read from a JSON object.

One JSON object a line in an edits file (``edit apply``), or one form in the app: ``op``
names the operation, the other keys its fields. A missing or ill-typed field is refused
with its name (:class:`FieldProblem`); whether the operation fits the store is checked
later (:mod:`graph.edits.checks`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graph.store.changes import ClaimKey


class FieldProblem(ValueError):
    """A field of an operation that is missing or of the wrong kind; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class AddSource:
    """A new source a claim can cite."""

    id: str
    title: str
    url: str = ""
    publisher: str = ""
    published: str | None = None
    author: str = ""
    kind: str = ""


@dataclass(frozen=True)
class AddEntity:
    """A new entity. ``distinct`` says it is not the entity the duplicate scorer matched."""

    id: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    attributes: tuple[tuple[str, str], ...] = ()
    distinct: bool = False


@dataclass(frozen=True)
class EditEntity:
    """New values for a stored entity's fields (None: unchanged), cited by ``source`` or
    explained by ``reason`` (an editor's note)."""

    id: str
    label: str | None = None
    type: str | None = None
    aliases: tuple[str, ...] | None = None
    description: str | None = None
    attributes: tuple[tuple[str, str], ...] | None = None
    source: str = ""
    locator: str = ""
    reason: str = ""
    version: int | None = None


@dataclass(frozen=True)
class AddClaim:
    """A sourced claim: ``subject relation object`` (an entity) or ``value`` (a literal)."""

    subject: str
    relation: str
    source: str
    object: str | None = None
    value: str | None = None
    start: str | None = None
    end: str | None = None
    locator: str = ""
    quote: str = ""
    note: str = ""
    role: str = ""

    @property
    def target(self) -> str:
        return self.object if self.object is not None else (self.value or "")


@dataclass(frozen=True)
class Retract:
    """Take the matching claims out of every view, with a reason (``source`` None: every source).

    ``date`` is the day the retraction counts from (default: the day it is written)."""

    subject: str
    relation: str
    reason: str
    object: str | None = None
    value: str | None = None
    source: str | None = None
    date: str | None = None
    version: int | None = None

    @property
    def target(self) -> str:
        return self.object if self.object is not None else (self.value or "")


@dataclass(frozen=True)
class AddNote:
    """An analyst's remark on an entity or on a claim (subject, relation, object)."""

    text: str
    entity: str | None = None
    claim: ClaimKey | None = None
    version: int | None = None


Operation = AddSource | AddEntity | EditEntity | AddClaim | Retract | AddNote


# ---- reading a JSON object -------------------------------------------------------------------


class _Fields:
    """The fields of one JSON object, read with their names (an unknown one is refused)."""

    def __init__(self, data: Mapping[str, Any], known: tuple[str, ...]) -> None:
        self.data = data
        for name in data:
            if name not in ("op", *known):
                raise FieldProblem(
                    name, f"unknown field '{name}' (this operation takes: {', '.join(known)})."
                )

    def text(self, name: str, required: bool = False) -> str | None:
        value = self.data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise FieldProblem(name, f"'{name}' is required.")
            return None
        if not isinstance(value, str):
            raise FieldProblem(name, f"'{name}' must be text, not {type(value).__name__}.")
        return value.strip()

    def cleared(self, name: str) -> str | None:
        """None when absent; else the text, which may be empty (the field cleared)."""
        if name in self.data and self.data[name] == "":
            return ""
        return self.text(name)

    def required(self, name: str) -> str:
        return self.text(name, required=True) or ""

    def plain(self, name: str) -> str:
        return self.text(name) or ""

    def texts(self, name: str) -> tuple[str, ...] | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise FieldProblem(name, f"'{name}' must be a list of texts.")
        return tuple(item.strip() for item in value if item.strip())

    def pairs(self, name: str) -> tuple[tuple[str, str], ...] | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, dict) or not all(isinstance(item, str) for item in value.values()):
            raise FieldProblem(name, f'\'{name}\' must be an object of texts, e.g. {{"iso3": "SWE"}}.')
        return tuple(sorted((str(key), item) for key, item in value.items()))

    def flag(self, name: str) -> bool:
        value = self.data.get(name, False)
        if not isinstance(value, bool):
            raise FieldProblem(name, f"'{name}' must be true or false.")
        return value

    def version(self) -> int | None:
        value = self.data.get("version")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise FieldProblem("version", "'version' must be a whole number of 0 or more.")
        return value

    def target(self) -> tuple[str | None, str | None]:
        found, value = self.text("object"), self.text("value")
        if found is not None and value is not None:
            raise FieldProblem("value", "give 'object' (an entity) or 'value' (a literal), not both.")
        if found is None and value is None:
            raise FieldProblem("object", "'object' (an entity id) or 'value' (a literal) is required.")
        return found, value


def _add_source(fields: _Fields) -> AddSource:
    return AddSource(
        fields.required("id"),
        fields.required("title"),
        fields.plain("url"),
        fields.plain("publisher"),
        fields.text("published"),
        fields.plain("author"),
        fields.plain("kind"),
    )


def _add_entity(fields: _Fields) -> AddEntity:
    return AddEntity(
        fields.required("id"),
        fields.required("type"),
        fields.required("label"),
        fields.texts("aliases") or (),
        fields.plain("description"),
        fields.pairs("attributes") or (),
        fields.flag("distinct"),
    )


def _edit_entity(fields: _Fields) -> EditEntity:
    return EditEntity(
        fields.required("id"),
        fields.text("label"),
        fields.text("type"),
        fields.texts("aliases"),
        fields.cleared("description"),
        fields.pairs("attributes"),
        fields.plain("source"),
        fields.plain("locator"),
        fields.plain("reason"),
        fields.version(),
    )


def _add_claim(fields: _Fields) -> AddClaim:
    found, value = fields.target()
    return AddClaim(
        fields.required("subject"),
        fields.required("relation"),
        fields.required("source"),
        found,
        value,
        fields.text("start"),
        fields.text("end"),
        fields.plain("locator"),
        fields.plain("quote"),
        fields.plain("note"),
        fields.plain("role"),
    )


def _retract(fields: _Fields) -> Retract:
    found, value = fields.target()
    return Retract(
        fields.required("subject"),
        fields.required("relation"),
        fields.required("reason"),
        found,
        value,
        fields.text("source"),
        fields.text("date"),
        fields.version(),
    )


def _note(fields: _Fields) -> AddNote:
    entity, claim = fields.text("entity"), fields.data.get("claim")
    if (entity is None) == (claim is None):
        raise FieldProblem("entity", "a note names an 'entity' or a 'claim', one of the two.")
    key: ClaimKey | None = None
    if claim is not None:
        if not isinstance(claim, dict):
            raise FieldProblem("claim", "'claim' must be an object: {subject, relation, object}.")
        inner = _Fields(claim, ("subject", "relation", "object", "value"))
        try:
            found, value = inner.target()
            key = (inner.required("subject"), inner.required("relation"), found or value or "")
        except FieldProblem as problem:
            raise FieldProblem(f"claim.{problem.field}", str(problem)) from None
    return AddNote(fields.required("text"), entity, key, fields.version())


_READERS: dict[str, tuple[tuple[str, ...], Callable[[_Fields], Operation]]] = {
    "add_source": (("id", "title", "url", "publisher", "published", "author", "kind"), _add_source),
    "add_entity": (("id", "type", "label", "aliases", "description", "attributes", "distinct"), _add_entity),
    "edit_entity": (
        (
            "id",
            "label",
            "type",
            "aliases",
            "description",
            "attributes",
            "source",
            "locator",
            "reason",
            "version",
        ),
        _edit_entity,
    ),
    "add_claim": (
        (
            "subject",
            "relation",
            "object",
            "value",
            "start",
            "end",
            "source",
            "locator",
            "quote",
            "note",
            "role",
        ),
        _add_claim,
    ),
    "retract": (("subject", "relation", "object", "value", "source", "reason", "date", "version"), _retract),
    "note": (("entity", "claim", "text", "version"), _note),
}
OPERATIONS: tuple[str, ...] = tuple(_READERS)


def parse_operation(data: object) -> Operation:
    """The operation a JSON object describes; FieldProblem naming the field when it cannot be.

    >>> parse_operation({"op": "note", "entity": "state:SWE", "text": "Check the date."})
    AddNote(text='Check the date.', entity='state:SWE', claim=None, version=None)
    >>> parse_operation({"op": "add_claim", "subject": "state:SWE", "relation": "member_of"})
    Traceback (most recent call last):
    ...
    graph.edits.operations.FieldProblem: 'object' (an entity id) or 'value' (a literal) is required.
    """
    if not isinstance(data, dict):
        raise FieldProblem("op", f"each line must be a JSON object, not {type(data).__name__}.")
    op = data.get("op")
    if op not in _READERS:
        raise FieldProblem("op", f"unknown op {op!r}; use one of: {', '.join(OPERATIONS)}.")
    known, read = _READERS[op]
    return read(_Fields(data, known))
