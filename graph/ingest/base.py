"""What the extractor and its rules share: mentions, titles, proposed claims, the proposal, ``@rule``.

The lowest module of ``graph/ingest/`` besides ``names`` and ``dates``: the walk through an
article (``extract``), the sentence view (``sentence``) and every rule module
(``rules/``) import it, and it imports none of them.

>>> claim = ProposedClaim("person:bauer", "spoke_at", "event:x", 0, 0, 5, 0.7, "spoke at event")
>>> claim.method
'spoke at event'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from graph.model import Claim, Dataset, Entity, Source

Span = tuple[int, int]
# The "rule" of a claim the reviewer added by hand, reading the text (graph.ingest.workflow.add_claim).
BY_REVIEWER = "added by the reviewer"
RuleFunction = TypeVar("RuleFunction", bound=Callable[..., None])


@dataclass(frozen=True)
class Mention:
    """An entity found at characters ``start``–``end`` of the text."""

    id: str
    start: int
    end: int
    text: str
    how: str  # label, alias, demonym, reference, title+name, new, coreference, event


@dataclass(frozen=True)
class EventMention:
    """An event the sentence names or refers to, at its noun phrase."""

    id: str
    start: int
    end: int
    kind: str
    how: str  # known, new, anaphor


@dataclass(frozen=True)
class Title:
    """A title next to a person's name: the role, and the organisation it names (if any)."""

    person: str
    role: str
    organisation: str | None
    start: int
    end: int
    name_start: int
    name_end: int
    rank: str = ""


@dataclass(frozen=True)
class ProposedClaim:
    """A claim proposed for review: the rule that fired and the spans of the words it matched.

    ``spans`` are (start, end) character offsets within the claim's sentence;
    ``char_start``–``char_end`` cover them in the whole text.
    """

    subject: str
    relation: str
    object: str
    sentence: int
    char_start: int
    char_end: int
    confidence: float
    rule: str
    start: str | None = None
    role: str = ""
    note: str = ""
    end: str | None = None
    spans: tuple[tuple[int, int], ...] = ()

    @property
    def method(self) -> str:
        """The rule's name (the older name of the field)."""
        return self.rule


@dataclass
class Proposal:
    """What extraction proposes for one text: its source, entities and claims."""

    text: str
    source: Source
    sentences: list[tuple[int, int]]
    matched: list[Entity] = field(default_factory=list)
    new_entities: list[Entity] = field(default_factory=list)
    claims: list[ProposedClaim] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    article_id: str = ""

    def sentence_text(self, index: int) -> str:
        start, end = self.sentences[index]
        return self.text[start:end]

    def matched_words(self, index: int) -> list[str]:
        """The words claim ``index`` matched in its sentence, for highlighting."""
        claim = self.claims[index]
        sentence = self.sentence_text(claim.sentence)
        return [sentence[start:end] for start, end in claim.spans]

    def to_dataset(self, accepted: set[int] | None = None) -> Dataset:
        """The three tables of the accepted claims (all when None), citing the article."""
        chosen = [claim for index, claim in enumerate(self.claims) if accepted is None or index in accepted]
        used = {claim.subject for claim in chosen} | {claim.object for claim in chosen}
        entities = [entity for entity in self.new_entities if entity.id in used]
        claims = [
            Claim(
                claim.subject,
                claim.relation,
                claim.object,
                self.source.id,
                claim.start,
                claim.end,
                f"sentence {claim.sentence + 1}, characters {claim.char_start}-{claim.char_end}",
                (
                    "Added by the reviewer, who read it in this sentence."
                    if claim.rule == BY_REVIEWER
                    else f"Proposed by rule '{claim.rule}' (confidence {claim.confidence:.2f})."
                )
                + (f" {claim.note}" if claim.note else ""),
                claim.role,
            )
            for claim in chosen
        ]
        return Dataset(tuple(entities), tuple(dict.fromkeys(claims)), (self.source,), name="proposal")


def span(mention: Mention | EventMention) -> Span:
    """Where a mention is in its sentence, as a claim's span."""
    return (mention.start, mention.end)


def rule(name: str) -> Callable[[RuleFunction], RuleFunction]:
    """Name a rule: ``name`` is what its claims carry (``graph.ingest.rules.RULES`` lists it)."""

    def name_it(function: RuleFunction) -> RuleFunction:
        function.rule_name = name  # type: ignore[attr-defined]
        return function

    return name_it


def rule_name(function: Callable[..., None]) -> str:
    """The name ``@rule`` gave ``function``."""
    return str(function.rule_name)  # type: ignore[attr-defined]
