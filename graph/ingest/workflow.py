"""Review, merge, undo: what happens to an article's proposal, for the app and the command line.

1. :func:`review` — the accepted proposals, with the reviewer's edits, as tables.
2. :func:`pending_conflicts` — which of them disagree with the dataset, before anything is
   merged. It reads only the claims about the entities the proposal touches, so a reviewer
   clicking through a proposal on a large graph does not wait for the whole graph.
3. :func:`merge` — the merged graph, checked like any dataset, or the report of why not.
   Undoing a merge is going back to the graph before it (the app keeps that graph; a
   dataset folder keeps its previous tables until the merged ones are written).

What the rules missed, the reviewer adds by hand before merging: :func:`quiet_sentences` lists
the sentences that name two or more entities but gave no claim (where to read first),
:func:`add_entity` adds an entity the text names that was not recognised, and :func:`add_claim`
adds a claim read in one sentence, checked against the vocabulary's domain/range table and
cited, like every proposal, to the article and that sentence.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx

from graph.build import graph_to_dataset
from graph.dates import is_valid_date
from graph.errors import ReviewError
from graph.ingest.base import BY_REVIEWER, Proposal, ProposedClaim
from graph.ingest.merge import MergeConflict, apply_review, merge_proposal
from graph.ingest.names import fold, slug
from graph.model import Dataset, Entity
from graph.readers import check_dataset
from graph.report import ImportReport
from graph.vocabulary import ATTRIBUTES, DOMAIN_RANGE, ENTITY_TYPES, RELATIONS, allows, phrase


def review(proposal: Any, edits: dict[Any, dict[str, Any]] | None = None) -> Dataset:
    """The tables of the accepted proposals with ``edits`` applied (see apply_review)."""
    return apply_review(proposal, edits or {})


def pending_conflicts(G: nx.MultiDiGraph, addition: Dataset) -> list[MergeConflict]:
    """The accepted claims that disagree with what ``G`` already says about their subjects."""
    subjects = {claim.subject for claim in addition.claims}
    _, conflicts = merge_proposal(graph_to_dataset(G, subjects=subjects), addition)
    return conflicts


@dataclass(frozen=True)
class MergeOutcome:
    """A merge: the new graph (None when the merged tables were refused) and what to tell the user."""

    graph: nx.MultiDiGraph | None
    report: ImportReport
    conflicts: list[MergeConflict]
    added_claims: int
    source_title: str

    @property
    def message(self) -> str:
        if self.graph is None:
            return "The merge was refused; the dataset is unchanged."
        kept = (
            f"; {len(self.conflicts)} of them disagree with earlier sources and are kept side by side."
            if self.conflicts
            else "."
        )
        return f"Merged {self.added_claims} claims as the source '{self.source_title}'{kept}"


def merge(G: nx.MultiDiGraph, addition: Dataset) -> MergeOutcome:
    """``G`` with ``addition`` merged in as a new source, checked as any dataset is (``G`` is unchanged)."""
    merged, conflicts = merge_proposal(graph_to_dataset(G), addition)
    merged_graph, report = check_dataset(merged)
    title = addition.sources[0].title if addition.sources else "proposal"
    return MergeOutcome(merged_graph, report, conflicts, len(addition.claims), title)


def marked_sentence(proposal: Any, index: int, left: str = "«", right: str = "»") -> str:
    """Claim ``index``'s sentence with the words its rule matched between ``left`` and ``right``.

    >>> import graph
    >>> from graph.ingest import extract
    >>> proposal = extract("Admiral Rob Bauer spoke at the meeting on 14 July 2021.", title="t",
    ...                    url="https://x.org/a", published="2021-07-14", G=graph.load_graph())
    >>> [marked_sentence(proposal, index) for index, claim in enumerate(proposal.claims)
    ...  if claim.relation == "spoke_at"]
    ['Admiral «Rob Bauer» «spoke» at «the meeting» on 14 July 2021.']
    """
    claim = proposal.claims[index]
    sentence = proposal.sentence_text(claim.sentence)
    pieces, position = [], 0
    for start, end in sorted(set(claim.spans)):
        if start < position:
            continue
        pieces += [sentence[position:start], left, sentence[start:end], right]
        position = end
    pieces.append(sentence[position:])
    return "".join(pieces).strip()


# ---- What the rules missed, added by the reviewer --------------------------------------------------


def text_entities(proposal: Proposal) -> list[Entity]:
    """The entities the text names, known to the dataset or new, in the order the text first names
    them (then those a rule or the reviewer added without a mention): what a claim added by hand
    may link."""
    by_id = {entity.id: entity for entity in [*proposal.matched, *proposal.new_entities]}
    order = [mention.id for mention in sorted(proposal.mentions, key=lambda m: m.start)]
    order += [node for claim in proposal.claims for node in (claim.subject, claim.object)]
    return [by_id[node] for node in dict.fromkeys([*order, *by_id]) if node in by_id]


def named_in_sentences(proposal: Proposal) -> dict[int, list[str]]:
    """The ids of the entities each sentence names (by the sentence's index), in the order named."""
    starts = [start for start, _ in proposal.sentences]
    named: dict[int, list[str]] = {}
    for mention in sorted(proposal.mentions, key=lambda m: m.start):
        named.setdefault(max(bisect.bisect_right(starts, mention.start) - 1, 0), []).append(mention.id)
    return {index: list(dict.fromkeys(ids)) for index, ids in named.items()}


def quiet_sentences(proposal: Proposal) -> list[tuple[int, list[str]]]:
    """The sentences that name two or more entities but gave no claim, each with the ids of those
    entities in the order named: where a reviewer reads first for what the rules missed.

    >>> from graph.ingest import extract
    >>> proposal = extract("Admiral Rob Bauer spoke at the meeting. Finland and Sweden were praised.",
    ...                    title="t", url="https://x.org/a", published="2021-07-14")
    >>> quiet_sentences(proposal)
    [(1, ['state:FIN', 'state:SWE'])]
    """
    claimed = {claim.sentence for claim in proposal.claims}
    return [
        (index, ids)
        for index, ids in sorted(named_in_sentences(proposal).items())
        if index not in claimed and len(ids) >= 2
    ]


def _known(G: nx.MultiDiGraph | None, entity_type: str, key: str) -> Entity | None:
    """The dataset's entity of ``entity_type`` whose label or an alias folds to ``key``."""
    for node, data in G.nodes(data=True) if G is not None else ():
        names = [data.get("label", node), *(data.get("aliases") or ())]
        if data.get("type") == entity_type and key in {fold(str(name)) for name in names}:
            return Entity(node, entity_type, str(data.get("label", node)))
    return None


def add_entity(
    proposal: Proposal, entity_type: str, label: str, G: nx.MultiDiGraph | None = None
) -> tuple[Proposal, str]:
    """``proposal`` with an entity the text names that the rules did not recognise, and its id.

    An entity of that type already among the text's entities or in the dataset ``G`` under that
    name (label or alias, letters folded) is reused, never doubled; otherwise a new candidate gets
    an id from its transliterated name. ``proposal`` is unchanged.

    >>> from graph.ingest import extract
    >>> proposal = extract("Radosław Sikorski was there.", title="t", url="https://x.org/a")
    >>> proposal, node = add_entity(proposal, "person", " Radosław  Sikorski ")
    >>> node, [e.label for e in proposal.new_entities if e.id == node]
    ('person:radoslaw-sikorski', ['Radosław Sikorski'])
    """
    label = " ".join(label.split())
    if not label:
        raise ReviewError("Name", "write the entity's name as the text gives it.")
    if entity_type not in ENTITY_TYPES:
        raise ReviewError("Type", f"'{entity_type}' is not a type; choose one of {', '.join(ENTITY_TYPES)}.")
    key = fold(label)
    for entity in text_entities(proposal):
        if entity.type == entity_type and key in {fold(name) for name in (entity.label, *entity.aliases)}:
            return proposal, entity.id
    known = _known(G, entity_type, key)
    if known is not None:
        return replace(proposal, matched=[*proposal.matched, known]), known.id
    taken = {entity.id for entity in text_entities(proposal)} | set(G if G is not None else ())
    base = f"{entity_type}:{slug(label)}"
    node, number = base, 1
    while node in taken:
        number += 1
        node = f"{base}-{number}"
    entity = Entity(node, entity_type, label, (), "Added by the reviewer: named in the text.")
    return replace(proposal, new_entities=[*proposal.new_entities, entity]), node


def _check_value(relation: str, value: str) -> None:
    kind = ATTRIBUTES[relation]
    if not value:
        raise ReviewError("Value", f"write the {relation.replace('_', ' ')} the sentence gives.")
    if kind == "date" and not is_valid_date(value):
        raise ReviewError("Value", f"{value!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY.")
    if kind == "integer" and not value.isdigit():
        raise ReviewError("Value", f"{value!r} is not a whole number; write digits only, such as 30.")


def _check_link(relation: str, subject: Entity, target: Entity) -> None:
    if not allows(relation, subject.type, target.type):
        subjects, objects = DOMAIN_RANGE[relation]
        raise ReviewError(
            "Relation",
            f"'{phrase(relation)}' does not link a {subject.type} to a {target.type}: it links "
            f"{' or '.join(sorted(subjects))} to {' or '.join(sorted(objects))}. Choose another relation.",
        )


def _check_claim(
    proposal: Proposal, subject: str, relation: str, target: str, sentence: int, start: str | None
) -> None:
    """Refuse (ReviewError naming the field) a claim :func:`add_claim` cannot keep."""
    entities = {entity.id: entity for entity in text_entities(proposal)}
    if subject not in entities:
        raise ReviewError("Subject", f"{subject!r} is not named in the text; add it as an entity first.")
    if relation in ATTRIBUTES:
        _check_value(relation, target)
    elif relation in RELATIONS:
        if target not in entities:
            raise ReviewError("Object", f"{target!r} is not named in the text; add it as an entity first.")
        _check_link(relation, entities[subject], entities[target])
    else:
        raise ReviewError("Relation", f"'{relation}' is not in the vocabulary; choose one from the list.")
    if not 0 <= sentence < len(proposal.sentences):
        raise ReviewError("Sentence", f"the text has sentences 1 to {len(proposal.sentences)}.")
    if start and not is_valid_date(start):
        raise ReviewError(
            "Start", f"{start!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY, or leave it empty."
        )
    for row, claim in enumerate(proposal.claims, 1):
        if (claim.subject, claim.relation, claim.object) == (subject, relation, target):
            raise ReviewError("Claim", f"it is proposed already, in row {row}: tick that row.")


def add_claim(
    proposal: Proposal,
    subject: str,
    relation: str,
    target: str,
    sentence: int,
    start: str | None = None,
    role: str = "",
) -> Proposal:
    """``proposal`` with a claim the reviewer read in sentence ``sentence`` (0-based) and the rules
    missed: ``subject`` and, for a relation, ``target`` are among :func:`text_entities`; for an
    attribute ``target`` is its value. It is checked as the rules' claims are (the vocabulary's
    domain/range table, dates), merged like them and cited to the article and the sentence.
    Refused with :class:`~graph.errors.ReviewError`, naming the field, when it cannot be kept or
    is proposed already. ``proposal`` is unchanged.

    >>> from graph.ingest import extract
    >>> proposal = extract("Finland and Sweden were praised at the meeting.", title="t",
    ...                    url="https://x.org/a", published="2021-07-14")
    >>> added = add_claim(proposal, "state:FIN", "partner_in", "framework:pfp", 0)
    Traceback (most recent call last):
    ...
    graph.errors.ReviewError: Object: 'framework:pfp' is not named in the text; add it as an entity first.
    >>> added = add_claim(proposal, "state:SWE", "national_of", "state:FIN", 0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.ReviewError: Relation: 'is a national of' does not link a state to a state: ...
    """
    target = " ".join(target.split())
    _check_claim(proposal, subject, relation, target, sentence, start)
    first, last = proposal.sentences[sentence]
    spans = tuple(
        (mention.start - first, mention.end - first)
        for mention in proposal.mentions
        if mention.id in (subject, target) and first <= mention.start and mention.end <= last
    )
    claim = ProposedClaim(
        subject,
        relation,
        target,
        sentence,
        first,
        last,
        1.0,
        BY_REVIEWER,
        start or None,
        role.strip(),
        spans=spans,
    )
    return replace(proposal, claims=[*proposal.claims, claim])
