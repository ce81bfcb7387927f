"""Labels for a graph file whose nodes have none: the field that reads most like names.

Many files name their nodes in another field: airlines.graphml carries airport codes in a
``tooltip`` ("LIT(lngx=-92.22,laty=34.73)") and numbers as ids. Each candidate field (name,
label, title, tooltip, code, in any case) is measured on the nodes: how many nodes have it, how
many of its values hold letters, how many are distinct, how many are short enough to read on a
node. The best field, when it reads better than the ids, gives the labels; the import report
says which field it was.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

LABEL_FIELDS = ("name", "label", "title", "tooltip", "code")  # in order of preference on a tie
SAMPLE = 5_000  # nodes measured (a large file's first ones)
LONGEST = 60  # a value longer than this does not read as a name on a node
# A bracket of key=value pairs after a name ("LIT(lngx=-92.2,laty=34.7)") is data, not the name.
_DATA_TAIL = re.compile(r"\s*[(\[{][^()\[\]{}]*=[^()\[\]{}]*[)\]}]\s*$")


class LabelledNode(Protocol):
    id: Any
    label: Any
    attributes: dict[str, Any]


@dataclass(frozen=True)
class LabelChoice:
    """The field labels are taken from, its score (0 to 1) and an example label."""

    field: str
    score: float
    example: str

    def message(self) -> str:
        """What the import report says about the choice."""
        return (
            f"no node has a label; labels are taken from the field '{self.field}', which reads most "
            f"like names (e.g. '{self.example}'; score {self.score:.2f} of 1)."
        )


def readable_part(value: Any) -> str:
    """The part of a value a person reads as a name.

    >>> readable_part("LIT(lngx=-92.224444,laty=34.729444)"), readable_part(" Paris (France) ")
    ('LIT', 'Paris (France)')
    """
    return _DATA_TAIL.sub("", str(value)).strip()


def name_score(values: Sequence[Any], total: int) -> float:
    """How much ``values`` (one per node that has the field, of ``total`` nodes) read like names:
    the share of nodes with a non-empty text value, times the shares of those values that hold a
    letter, that are distinct, and that are short enough.

    >>> name_score(["LIT(lngx=1,laty=2)", "CAK(lngx=3,laty=4)"], 2), name_score(["1", "2"], 2)
    (1.0, 0.0)
    """
    texts = [readable_part(value) for value in values if isinstance(value, str) and value.strip()]
    texts = [text for text in texts if text]
    if not texts or total <= 0:
        return 0.0
    coverage = len(texts) / total
    lettered = sum(1 for text in texts if any(char.isalpha() for char in text)) / len(texts)
    distinct = len(set(texts)) / len(texts)
    short = sum(1 for text in texts if len(text) <= LONGEST) / len(texts)
    return coverage * lettered * distinct * short


def choose_label_field(nodes: Iterable[LabelledNode]) -> LabelChoice | None:
    """The field to label nodes with, when no node has a label and a field reads better than the
    ids; None otherwise (the labels, or the ids, stay).

    >>> from types import SimpleNamespace as Node
    >>> nodes = [Node(id=str(n), label=None, attributes={"tooltip": f"{code}(lngx=1,laty=2)", "x": 1.0})
    ...          for n, code in enumerate(["LIT", "CAK", "ALB"])]
    >>> choose_label_field(nodes)
    LabelChoice(field='tooltip', score=1.0, example='LIT')
    """
    sample = list(itertools.islice(nodes, SAMPLE))
    if not sample or any(_has_label(node) for node in sample):
        return None
    fields: dict[str, str] = {}  # lower-case candidate → the file's own spelling, first seen
    for node in sample:
        for name in node.attributes:
            if str(name).casefold() in LABEL_FIELDS:
                fields.setdefault(str(name).casefold(), str(name))
    best: LabelChoice | None = None
    floor = name_score([str(node.id) for node in sample], len(sample))
    for candidate in LABEL_FIELDS:
        if candidate not in fields:
            continue
        name = fields[candidate]
        values = [node.attributes[name] for node in sample if name in node.attributes]
        score = round(name_score(values, len(sample)), 3)
        if score > floor and score >= 0.5 and (best is None or score > best.score):
            example = next(
                readable_part(value) for value in values if isinstance(value, str) and value.strip()
            )
            best = LabelChoice(name, score, example)
    return best


def _has_label(node: LabelledNode) -> bool:
    label = node.label if node.label is not None else node.attributes.get("label")
    return label is not None and str(label).strip() != ""
