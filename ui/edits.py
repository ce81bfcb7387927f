"""Hand edits from the Details panel's forms, written through graph.edits: checked as an import is,
then one write of the workspace's log (kind ``edit``, the author), which the History tab undoes.

A refusal names the form's field and writes nothing; the form stays open with what was typed. A
new entity whose name matches stored ones is held back with "did you mean …?" until the user
picks one of them or says it is another entity. After a write the view shows the workspace as
it is now: the whole graph is cached per store version, a claims store's fetch is fetched again.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.edits import (
    AddClaim,
    AddEntity,
    AddNote,
    AddSource,
    EditEntity,
    Operation,
    Retract,
    apply_checked,
    check_edits,
)
from graph.edits.ids import with_entity
from graph.errors import GraphError
from graph.report import ImportReport
from graph.store import Store
from graph.vocabulary import relation_sentence
from graph.workspace import author_name
from ui import cache, state, store_mode
from ui.state import HeldEdit, Message
from ui.text import md

FORM = "form"  # the "file" a form's report names (its lines are the form's operations)

# How a form names the field a check refers to, by operation and column.
FIELD_NAMES: dict[type, dict[str, str]] = {
    AddSource: {"id": "Source", "title": "Title", "url": "URL", "published": "Published", "kind": "Kind"},
    AddEntity: {"id": "Id", "type": "Type", "label": "Label"},
    AddClaim: {
        "subject": "Subject",
        "relation": "Relation",
        "object": "Object",
        "value": "Value",
        "source": "Source",
        "start": "Start",
        "end": "End",
    },
    Retract: {"source": "Claim", "object": "Claim", "value": "Claim", "date": "Date", "reason": "Reason"},
    EditEntity: {"id": "Entity", "type": "Type", "source": "Source", "label": "Label"},
    AddNote: {"entity": "Entity", "claim": "Claim", "text": "Note"},
}


def store() -> Store | None:
    """The store this session writes (the workspace, or --store); None before the first run."""
    target = store_mode.target()
    return None if target is None else cache.store_for(target)


def label_of(entity_id: str) -> str:
    """An entity's label as the store holds it (its id when it has none)."""
    found = store()
    if found is None or not found.has(entity_id):
        return entity_id
    return found.entity(entity_id).entity.label or entity_id


def refusal(report: ImportReport, operations: Sequence[Operation]) -> str:
    """The report's errors, each after the name of the form's field it is about."""
    lines = []
    for issue in report.errors:
        operation = operations[issue.line - 1] if issue.line and issue.line <= len(operations) else None
        names = FIELD_NAMES.get(type(operation), {})
        field = names.get(issue.column or "", (issue.column or "").capitalize())
        hint = f" {issue.hint[0].upper()}{issue.hint[1:]}" if issue.hint else ""
        lines.append(f"- **{md(field)}**: {md(issue.message)}{md(hint)}")
    return "Nothing was written:\n\n" + "\n".join(lines)


def save(
    form: str,
    operations: Sequence[Operation],
    note: str,
    *,
    allow_similar: bool = False,
    select: str | None = None,
) -> bool:
    """Check ``operations`` and write them as one edit; True when written (the form then closes,
    and the entity ``select`` names, if any, is selected).

    A refusal, or "did you mean …?", is said in the ``edit`` message and the form stays open."""
    found = store()
    if found is None:
        return False
    if store_mode.read_only():
        state.set_message("edit", Message("error", f"{store_mode.where().capitalize()} can only be read."))
        return False
    checked = check_edits(found, list(operations), FORM)
    if not checked.report.ok:
        state.set_message("edit", Message("error", refusal(checked.report, operations)))
        return False
    if checked.similar and not allow_similar:
        state.set_held_edit(HeldEdit(form, tuple(operations), note, checked.similar))
        state.set_message("edit", None)
        return False
    try:
        result = apply_checked(found, checked, author_name(), note, allow_similar=True, file=FORM)
    except GraphError as error:  # a stale version, a full disk, a file made read-only…
        state.set_message("edit", Message("error", f"The edit was refused; nothing was written. {error}"))
        return False
    state.close_edit_form()
    if select is not None:
        state.select("node", select)
    if store_mode.url() is not None:  # explored by search and expand: fetch again what is on screen
        store_mode.refetch({claim.subject for claim in checked.change.addition.claims})
    state.set_message(
        "edit",
        Message(
            "success",
            f"Saved to {store_mode.where()} as write {result.batch} ({note}). "
            "The History tab lists it and can undo it.",
        ),
    )
    return True


def create_anyway() -> None:
    """ "No, it is another entity": write the held edit as it was."""
    held = state.held_edit()
    if held is None:
        return
    added = [op.id for op in held.operations if isinstance(op, AddEntity)]
    shown = added[0] if held.form == "new_entity" and added else None  # as when nothing was held back
    save(held.form, held.operations, held.note, allow_similar=True, select=shown)


def use_stored(new: str, stored: str) -> None:
    """ "Yes, I meant that one": the held edit about the stored entity instead; from the "+ New
    entity" form nothing is written and the stored entity is selected."""
    held = state.held_edit()
    if held is None:
        return
    if held.form == "new_entity":
        state.close_edit_form()
        state.select("node", stored)
        return
    state.set_held_edit(None)
    save(held.form, with_entity(held.operations, new, stored), held.note.replace(new, stored))


def claim_text(claim: AddClaim | Retract, labels: dict[str, str] | None = None) -> str:
    """A claim of an operation as a sentence (labels where known)."""
    names = labels or {}
    return relation_sentence(
        names.get(claim.subject, claim.subject), claim.relation, names.get(claim.target, claim.target)
    )
