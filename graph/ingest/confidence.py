"""How far each rule is trusted: its precision measured on the development texts, not a guess.

``confidence.json`` (next to this module) is written by ``bench/rule_confidence.py``: for each
rule, how many claims it proposed on the development part of the real corpus, how many of them
the hand-checked gold holds, their ratio, and the day it was measured. A proposed claim carries
its rule's precision as its confidence; "Confident only" in the review keeps the claims whose
rule measured at least :data:`CONFIDENT`. A rule the development texts never exercised has no
measurement: its claims get at most :data:`UNMEASURED`, below the confident threshold.

>>> 0 < rule_confidence("title names office", 0.8) <= 1
True
>>> rule_confidence("a rule nobody measured", 0.8) == UNMEASURED
True
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

TABLE = Path(__file__).with_name("confidence.json")
CONFIDENT = 0.9  # "Confident only" keeps claims whose rule measured at least this precision
UNMEASURED = 0.5  # the most a rule without a measurement is trusted


@cache
def measured() -> dict[str, Any]:
    """The stored table: ``measured`` (the day), ``texts``, ``rules`` (name → proposed, right, precision)."""
    if not TABLE.is_file():
        return {"measured": None, "texts": 0, "rules": {}}
    return dict(json.loads(TABLE.read_text(encoding="utf-8")))


def rule_confidence(rule: str, prior: float) -> float:
    """The rule's measured precision; ``prior`` (the rule author's estimate) only caps an unmeasured rule."""
    entry = measured()["rules"].get(rule)
    if entry and entry.get("proposed"):
        return float(entry["precision"])
    return min(prior, UNMEASURED)


def is_confident(confidence: float) -> bool:
    """Whether a claim of that confidence is among the "Confident only" ones."""
    return confidence >= CONFIDENT
