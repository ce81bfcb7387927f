"""Build the graph from an article: propose sourced claims from text, for review and merging.

>>> from graph.ingest import extract
>>> proposal = extract("Admiral Rob Bauer spoke at the meeting.", title="t", url="https://x.org/a",
...                    published="2021-07-14")
>>> [e.id for e in proposal.matched]
['person:bauer']
"""

from graph.ingest.base import Proposal, ProposedClaim
from graph.ingest.extract import extract
from graph.ingest.merge import EDITABLE_FIELDS, MergeConflict, apply_review, merge_proposal

__all__ = [
    "EDITABLE_FIELDS",
    "MergeConflict",
    "Proposal",
    "ProposedClaim",
    "apply_review",
    "extract",
    "merge_proposal",
]
