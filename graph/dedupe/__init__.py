"""Duplicates: a scored queue of entities that may be one, and recorded decisions that merge them.

Extraction from many articles names one thing in several ways ("Turkey" / "Türkiye",
"General Pavel" / "Petr Pavel", "the Secretary General" / "Jens Stoltenberg", two
"Meeting of 2023-12-14"). This package finds such pairs and applies what a person decided:

- :func:`candidates` — pairs of entities of the same type that may be one, scored 0–1 with
  the reasons that fired, best first, without the pairs already decided. Pairs come from
  blocks (the same folded name, a rare name token, initials, the same office over
  overlapping periods, the same event date, the same ISO code), never from all pairs.
- :func:`compare` — both entities side by side with their claims and sources (two columns).
- :func:`apply_decisions` — the dataset with every ``same`` pair merged, transitively, into
  the entity that comes first in the entities table (the one the dataset already had:
  merges append new entities at the end). Claims are re-pointed, never dropped; the merged
  entity keeps every label and alias. ``not_same`` and ``later`` only leave the queue.
- :func:`read_decisions` / :func:`write_decisions` — the decisions table (``decisions.csv``).

Decisions are data, not state: undoing one is removing its row and applying again.

The parts, lowest first (each imports only those before it, never this package):

- ``profiles`` — what scoring knows of each entity (names, offices, neighbours), per dataset;
- ``scoring`` — the score of one pair and its reasons;
- ``queue`` — the blocks that propose pairs, and :func:`candidates`;
- ``side_by_side`` — :func:`compare`;
- ``decisions`` — checking, reading, writing and recording decisions, and the merged tables.

Applying decisions (:func:`apply_decisions`, :func:`merge_map`, :func:`effective_decisions`)
lives in graph.build, below both this package and graph.readers, which applies them to every
dataset it reads; they are re-exported here.

>>> from graph.model import Claim, Dataset, Decision, Entity, Source
>>> dataset = Dataset(
...     (Entity("state:TUR", "state", "Türkiye", ("Turkey",)), Entity("state:turkey", "state", "Turkey"),
...      Entity("alliance:nato", "alliance", "NATO")),
...     (Claim("state:turkey", "member_of", "alliance:nato", "s1", start="1952-02-18"),),
...     (Source("s1", "Members", url="https://www.nato.int/"),))
>>> [(c.left, c.right, c.reasons[0]) for c in candidates(dataset)]
[('state:TUR', 'state:turkey', "'Turkey' is a name of both")]
>>> merged = apply_decisions(dataset, [Decision("state:TUR", "state:turkey", "same")])
>>> [entity.id for entity in merged.entities], merged.claims[0].subject
(['state:TUR', 'alliance:nato'], 'state:TUR')
"""

from __future__ import annotations

from graph.build import apply_decisions, effective_decisions, merge_map
from graph.dedupe.decisions import (
    check_decisions,
    check_output_folder,
    decide,
    read_decisions,
    read_numbered_decisions,
    set_aside_unknown,
    write_decisions,
    write_merged,
)
from graph.dedupe.queue import MIN_SCORE, Candidate, all_pairs_candidates, candidates
from graph.dedupe.side_by_side import ComparedClaim, Comparison, Side, compare

__all__ = [
    "MIN_SCORE",
    "Candidate",
    "ComparedClaim",
    "Comparison",
    "Side",
    "all_pairs_candidates",
    "apply_decisions",
    "candidates",
    "check_decisions",
    "check_output_folder",
    "compare",
    "decide",
    "effective_decisions",
    "merge_map",
    "read_decisions",
    "read_numbered_decisions",
    "set_aside_unknown",
    "write_decisions",
    "write_merged",
]
