"""Measure each extraction rule's precision on the development texts and store it as its confidence.

Run: .venv/bin/python bench/rule_confidence.py [--check]

Scores the development part of the real corpus (``../shared/corpus/articles/``, gold in
``tests/gold/articles.json``; never the held-out third) with ``bench/ingest_eval.py`` and writes
``graph/ingest/confidence.json``: for each rule, the claims it proposed, how many the gold holds,
their ratio (its precision, which becomes the confidence of every claim it proposes) and the day
it was measured. ``--check`` only compares the stored table with a fresh measurement.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ingest_eval import CORPUS, evaluate_corpus  # noqa: E402

from graph.ingest.confidence import TABLE  # noqa: E402


def measure() -> dict[str, object]:
    """The table of the development texts as they score today."""
    score = evaluate_corpus("development")
    rules = {
        rule: {
            "proposed": score.rule_predicted[rule],
            "right": score.rule_hits[rule],
            "precision": round(score.rule_hits[rule] / score.rule_predicted[rule], 3),
        }
        for rule in sorted(score.rule_predicted)
        if score.rule_predicted[rule]
    }
    return {
        "about": "Each rule's precision on the development texts; written by bench/rule_confidence.py.",
        "measured": datetime.date.today().isoformat(),
        "texts": score.texts,
        "gold_claims": score.claim_gold,
        "rules": rules,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="compare with the stored table, write nothing")
    arguments = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"the corpus is not at {CORPUS}: nothing to measure")
    table = measure()
    if arguments.check:
        stored = json.loads(TABLE.read_text(encoding="utf-8"))
        same = stored["rules"] == table["rules"]
        print("up to date" if same else "stale: run bench/rule_confidence.py")
        sys.exit(0 if same else 1)
    TABLE.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(table['rules'])} rules measured on {table['texts']} development texts → {TABLE}")
    for rule, entry in table["rules"].items():  # type: ignore[union-attr]
        print(f"  {rule:<42}{entry['right']:>4}/{entry['proposed']:<4}{entry['precision']:>7.2f}")


if __name__ == "__main__":
    main()
