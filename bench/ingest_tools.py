"""Which tool finds entities better and faster: our regex gazetteer or spaCy's EntityRuler?

Run: .venv/bin/pip install "spacy>=3.8,<3.9" && .venv/bin/python bench/ingest_tools.py

Both are given the same names (the dataset's labels, aliases, demonyms and references)
and the same gold texts (tests/gold/); spaCy runs a blank English pipeline (tokenizer
only: no trained model is downloaded, so its DependencyMatcher, which needs a parser,
cannot be used offline). Entity precision and recall are over the known entities each
finds; times are for the whole gold set, median of 5 runs. spaCy is not a dependency of
the app: this script is the measurement behind choosing the plain patterns.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import graph
from graph.ingest.extract import Gazetteer

GOLD = [
    Path(__file__).resolve().parents[1] / "tests" / "gold" / name
    for name in ("ingest.json", "ingest_heldout.json")
]


def main() -> None:
    import spacy

    G = graph.load_graph()
    gazetteer = Gazetteer(G)
    items = [item for path in GOLD for item in json.loads(path.read_text(encoding="utf-8"))]
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(
        [{"label": "KNOWN", "pattern": name, "id": node} for name, (node, _) in gazetteer.names.items()]
    )

    def with_regex(text: str) -> set[str]:
        return {mention.id for mention in gazetteer.find(text)}

    def with_spacy(text: str) -> set[str]:
        return {entity.ent_id_ for entity in nlp(text).ents}

    print(f"{'tool':<28}{'entity P':>9}{'entity R':>9}{'ms (all texts)':>16}")
    for name, find in (("regex gazetteer (ours)", with_regex), ("spaCy blank + EntityRuler", with_spacy)):
        hits = predicted = gold = 0
        for item in items:
            found = find(item["text"])
            expected = {node for node in item["entities"] if node in G}
            hits += len(found & expected)
            predicted += len(found)
            gold += len(expected)
        times = []
        for _ in range(5):
            started = time.perf_counter()
            for item in items:
                find(item["text"])
            times.append((time.perf_counter() - started) * 1000)
        precision, recall = hits / max(predicted, 1), hits / max(gold, 1)
        print(f"{name:<28}{precision:>9.2f}{recall:>9.2f}{statistics.median(times):>16.1f}")
    print(
        "(Known-entity matching only; people found by rank + name and the relation patterns work on the same "
        "spans either way.)"
    )


if __name__ == "__main__":
    main()
