"""Ids for what a form adds (a new entity, a new source), and a new entity swapped for a stored one.

The app's forms ask for a label or a title, not an id: the id is made from it, as extraction
makes its ids (:func:`graph.ingest.names.slug`), and numbered when the store holds it already.
When "did you mean …?" finds that a new entity is a stored one, :func:`with_entity` gives the
same operations about the stored entity instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from graph.edits.operations import AddClaim, AddEntity, AddNote, EditEntity, Operation, Retract
from graph.ingest.names import slug
from graph.store.base import Store


def _free(base: str, taken: Callable[[str], bool]) -> str:
    """``base``, or ``base-2``, ``base-3``… the first that is not taken."""
    candidate, number = base, 1
    while taken(candidate):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def entity_id(store: Store, entity_type: str, label: str) -> str:
    """An id for a new entity of ``entity_type`` named ``label`` that the store does not hold.

    >>> from graph.store import open_store
    >>> store = open_store("memory:")
    >>> entity_id(store, "person", "Sauli Niinistö"), entity_id(store, "state", "Sweden")
    ('person:sauli-niinisto', 'state:sweden')
    """
    return _free(f"{entity_type}:{slug(label)[:60]}", store.has)


def source_id(store: Store, title: str, published: str | None = None) -> str:
    """An id for a new source titled ``title`` (and published on that day) that the store does not hold.

    >>> from graph.store import open_store
    >>> source_id(open_store("memory:"), "Sweden becomes NATO's 32nd Ally", "2024-03-07")
    'source:sweden-becomes-nato-s-32nd-ally-2024-03-07'
    """
    base = f"source:{slug(title)[:60]}" + (f"-{published}" if published else "")
    return _free(base, lambda candidate: bool(store.sources([candidate])))


def with_entity(operations: Sequence[Operation], new: str, stored: str) -> list[Operation]:
    """The operations about the stored entity ``stored`` instead of the new entity ``new`` (its
    ``add_entity`` left out): the answer "yes, I meant that one" to "did you mean …?".

    >>> operations = [AddEntity("state:sweden", "state", "Sweden"),
    ...               AddClaim("state:sweden", "member_of", "source:x", object="alliance:nato")]
    >>> [(op.subject, op.object) for op in with_entity(operations, "state:sweden", "state:SWE")]
    [('state:SWE', 'alliance:nato')]
    """

    def swap(value: str | None) -> str | None:
        return stored if value == new else value

    kept: list[Operation] = []
    for operation in operations:
        if isinstance(operation, AddEntity) and operation.id == new:
            continue
        if isinstance(operation, AddClaim | Retract):
            subject = swap(operation.subject) or ""
            operation = replace(operation, subject=subject, object=swap(operation.object))
        elif isinstance(operation, AddNote) and operation.entity is not None:
            operation = replace(operation, entity=swap(operation.entity))
        elif isinstance(operation, EditEntity):
            operation = replace(operation, id=swap(operation.id) or "")
        kept.append(operation)
    return kept
