"""Precision and recall of article extraction on the gold set (tests/gold/ingest.json).

Run: .venv/bin/python bench/ingest_eval.py [--verbose]

Entities are compared by id (known entities, or the ids new candidates get); claims by
(subject, relation, object). The gold texts were written for the tests, in our own words.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere, as bench/rerun.py

import graph
from graph.ingest import extract

GOLD_DIR = Path(__file__).resolve().parents[1] / "tests" / "gold"
SETS = {
    "development (the patterns were tuned on it)": GOLD_DIR / "ingest.json",
    "held out (written after tuning, never tuned on)": GOLD_DIR / "ingest_heldout.json",
}


def evaluate(gold: Path, verbose: bool = False) -> dict[str, float]:
    G = graph.load_graph()
    counts = {
        "entity_hits": 0,
        "entity_predicted": 0,
        "entity_gold": 0,
        "claim_hits": 0,
        "claim_predicted": 0,
        "claim_gold": 0,
    }
    for item in json.loads(gold.read_text(encoding="utf-8")):
        proposal = extract(
            item["text"],
            title=item["title"],
            url="https://example.org/gold",
            published=item["published"],
            G=G,
        )
        predicted_entities = {entity.id for entity in proposal.matched} | {
            e.id for e in proposal.new_entities
        }
        predicted_claims = {
            (c.subject, c.relation, c.object)
            for c in proposal.claims
            if c.relation in graph.vocabulary.RELATIONS
        }
        gold_entities = set(item["entities"])
        gold_claims = {tuple(claim) for claim in item["claims"]}
        counts["entity_hits"] += len(predicted_entities & gold_entities)
        counts["entity_predicted"] += len(predicted_entities)
        counts["entity_gold"] += len(gold_entities)
        counts["claim_hits"] += len(predicted_claims & gold_claims)
        counts["claim_predicted"] += len(predicted_claims)
        counts["claim_gold"] += len(gold_claims)
        if verbose:
            print(f"== {item['title']}")
            for extra in sorted(predicted_entities - gold_entities):
                print(f"   entity not in gold: {extra}")
            for missing in sorted(gold_entities - predicted_entities):
                print(f"   entity missed:      {missing}")
            for extra in sorted(predicted_claims - gold_claims):
                print(f"   claim not in gold:  {extra}")
            for missing in sorted(gold_claims - predicted_claims):
                print(f"   claim missed:       {missing}")
    return {
        "entity precision": counts["entity_hits"] / max(counts["entity_predicted"], 1),
        "entity recall": counts["entity_hits"] / max(counts["entity_gold"], 1),
        "claim precision": counts["claim_hits"] / max(counts["claim_predicted"], 1),
        "claim recall": counts["claim_hits"] / max(counts["claim_gold"], 1),
        "texts": len(json.loads(gold.read_text(encoding="utf-8"))),
        "gold claims": counts["claim_gold"],
        "gold entities": counts["entity_gold"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", action="store_true", help="list every miss and every extra")
    verbose = parser.parse_args().verbose
    print(f"{'gold set':<50}{'texts':>6}{'ent. P':>8}{'ent. R':>8}{'claim P':>9}{'claim R':>9}")
    for name, path in SETS.items():
        figures = evaluate(path, verbose)
        scores = [
            figures[key] for key in ("entity precision", "entity recall", "claim precision", "claim recall")
        ]
        print(f"{name:<50}{figures['texts']:>6}" + "".join(f"{score:>8.2f} " for score in scores))


if __name__ == "__main__":
    main()
