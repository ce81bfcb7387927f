"""What a write merges into: an entity or source id the store already holds with other content.

A load that brings ``rozoff-2021`` with another title, date and URL than the stored
``rozoff-2021`` is not the same source: attaching its claims to the stored one would cite
them to a text that never said them. Such ids are refused (``on_conflict="refuse"``, the
default), each differing field named in the report, or kept apart under a new id
(``"rename"``: ``rozoff-2021-2``), the addition's claims and decisions following the rename.

>>> from graph.model import Claim, Source
>>> stored = {"s1": Source("s1", "Old title", url="https://a.example")}
>>> addition = Dataset(sources=(Source("s1", "New title", url="https://a.example"),),
...                    claims=(Claim("state:FIN", "member_of", "alliance:nato", "s1"),))
>>> kept, report = reconcile(addition, {}, stored, "rename", lambda ids: set())
>>> kept.sources[0].id, kept.claims[0].source
('s1-2', 's1-2')
>>> print(report.issues[0].message)
the source 's1' is stored with title 'Old title'; this write has 'New title'. Kept apart as 's1-2'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

from graph.errors import InputError
from graph.model import Dataset, Entity, Source
from graph.report import ImportReport
from graph.vocabulary import is_attribute

ON_CONFLICT = ("refuse", "rename")
ENTITY_FIELDS = ("type", "label", "aliases", "description", "attributes")
SOURCE_FIELDS = ("title", "publisher", "author", "published", "url", "kind")
Taken = Callable[[Iterable[str]], set[str]]  # which of these ids the store holds
RENAME_HINT = "give it another id, or keep it apart under a new one (--on-conflict rename)."


def only_same_ids(report: ImportReport) -> bool:
    """True when every error of ``report`` is an id stored with other content (so that writing
    again with ``on_conflict="rename"`` may succeed)."""
    return bool(report.errors) and all(issue.hint == RENAME_HINT for issue in report.errors)


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        return repr("|".join(item if isinstance(item, str) else "=".join(item) for item in value))
    return repr(value if value is not None else "")


def _comparable(row: Entity | Source, name: str) -> Any:
    value = getattr(row, name)
    if name == "attributes":
        return tuple(sorted(value))
    return value if value not in (None, "") else ""


def differences(stored: Entity | Source, given: Entity | Source) -> list[str]:
    """The fields in which ``given`` differs from the ``stored`` row with its id."""
    fields = ENTITY_FIELDS if isinstance(stored, Entity) else SOURCE_FIELDS
    return [name for name in fields if _comparable(stored, name) != _comparable(given, name)]


def _free_id(row_id: str, taken: Taken, used: set[str]) -> str:
    for start in range(2, 10_000, 20):
        candidates = [f"{row_id}-{number}" for number in range(start, start + 20)]
        stored = taken(candidates)
        for candidate in candidates:
            if candidate not in stored and candidate not in used:
                return candidate
    raise InputError(f"No free id was found for '{row_id}' (tried {row_id}-2 … {row_id}-9999).")


def reconcile(
    addition: Dataset,
    stored_entities: Mapping[str, Entity],
    stored_sources: Mapping[str, Source],
    on_conflict: str,
    taken: Taken,
) -> tuple[Dataset, ImportReport]:
    """``addition`` with every id stored with other content refused (errors in the report) or
    renamed (warnings, and the addition rewritten to the new ids)."""
    if on_conflict not in ON_CONFLICT:
        raise InputError(f"on_conflict must be one of {', '.join(ON_CONFLICT)}, not {on_conflict!r}.")
    report = ImportReport()
    used = addition.entity_ids() | addition.source_ids()
    renamed: dict[str, dict[str, str]] = {"entities": {}, "sources": {}}
    tables: list[
        tuple[str, str, tuple[Entity | Source, ...], Mapping[str, Entity] | Mapping[str, Source]]
    ] = [
        ("entities", "entity", addition.entities, stored_entities),
        ("sources", "source", addition.sources, stored_sources),
    ]
    for table, what, rows, stored in tables:
        for line, row in enumerate(rows, 1):
            before = stored.get(row.id)
            changed = differences(before, row) if before is not None else []
            if not changed or row.id in renamed[table]:
                continue
            new_id = _free_id(row.id, taken, used) if on_conflict == "rename" else ""
            used.add(new_id)
            for name in changed:
                message = (
                    f"the {what} '{row.id}' is stored with {name} {_shown(getattr(before, name))}; "
                    f"this write has {_shown(getattr(row, name))}."
                )
                if new_id:
                    report.add("warning", f"{table}.csv", line, name, f"{message} Kept apart as '{new_id}'.")
                else:
                    report.add(
                        "error",
                        f"{table}.csv",
                        line,
                        name,
                        message,
                        RENAME_HINT,
                    )
            if new_id:
                renamed[table][row.id] = new_id
    if not (renamed["entities"] or renamed["sources"]):
        return addition, report
    return _renamed(addition, renamed["entities"], renamed["sources"]), report


def _renamed(addition: Dataset, entities: dict[str, str], sources: dict[str, str]) -> Dataset:
    """``addition`` with its rows, claims and decisions moved to the new ids."""

    def entity(name: str) -> str:
        return entities.get(name, name)

    return replace(
        addition,
        entities=tuple(replace(row, id=entity(row.id)) for row in addition.entities),
        sources=tuple(replace(row, id=sources.get(row.id, row.id)) for row in addition.sources),
        claims=tuple(
            replace(
                claim,
                subject=entity(claim.subject),
                object=claim.object if is_attribute(claim.relation) else entity(claim.object),
                source=sources.get(claim.source, claim.source),
            )
            for claim in addition.claims
        ),
        decisions=tuple(
            replace(decision, left=entity(decision.left), right=entity(decision.right))
            for decision in addition.decisions
        ),
    )
