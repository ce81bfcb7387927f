"""Which tools to use: entities (our gazetteer or spaCy's EntityRuler) and dates (our rules or dateparser).

Run: .venv/bin/pip install "spacy>=3.8,<3.9" "dateparser==1.4.3" && .venv/bin/python bench/ingest_tools.py

Dates: on the development part of the real corpus (tests/gold/articles.json; needs
../shared/corpus/articles/), every date the gold gives (claim starts and ends, event dates)
is looked for among the dates each tool finds in the article, resolved against the
article's publication date; a found date matches when it agrees to the gold's precision
(a day, a month or a year). "found" counts every date a tool reports (its noise);
times are for all development texts, median of 3 runs. Neither spaCy nor dateparser is a
dependency of the app: this script is the measurement behind keeping our own rules.

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
from graph.ingest.gazetteer import Gazetteer

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
    compare_dates()


def compare_dates() -> None:
    import datetime

    import dateparser.search

    from graph.ingest.dates import find_dates
    from graph.ingest.extract import split_sentences

    root = Path(__file__).resolve().parents[1]
    corpus = root.parent / "shared" / "corpus" / "articles"
    if not corpus.is_dir():
        print("(no corpus next to this checkout: dates not compared)")
        return
    gold = json.loads((root / "tests" / "gold" / "articles.json").read_text(encoding="utf-8"))
    items = []
    for item in gold["articles"]:
        if item["part"] != "development":
            continue
        meta = json.loads((corpus / item["file"].replace(".txt", ".meta.json")).read_text(encoding="utf-8"))
        wanted = {c[i] for c in item["claims"] for i in (3, 4) if c[i]}
        wanted |= {e["date"] for e in item["new_entities"] if e.get("date")}
        items.append(((corpus / item["file"]).read_text(encoding="utf-8"), meta["published"], wanted))

    def with_rules(text: str, published: str) -> set[str]:
        return {d.value for s, e in split_sentences(text) for d in find_dates(text[s:e], published)}

    def with_dateparser(text: str, published: str) -> set[str]:
        base = datetime.datetime.fromisoformat(published)
        found = dateparser.search.search_dates(
            text, languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
        )
        return {moment.date().isoformat() for _, moment in found or []}

    print(f"\n{'dates':<28}{'gold':>6}{'matched':>9}{'found':>7}{'ms (all texts)':>16}")
    for name, find in (
        ("our rules (graph/ingest/dates)", with_rules),
        ("dateparser.search_dates", with_dateparser),
    ):
        matched = total = found_count = 0
        for text, published, wanted in items:
            found = find(text, published)
            found_count += len(found)
            total += len(wanted)
            matched += sum(any(value.startswith(day) for value in found) for day in wanted)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            for text, published, _ in items:
                find(text, published)
            times.append((time.perf_counter() - started) * 1000)
        print(f"{name:<28}{total:>6}{matched:>9}{found_count:>7}{statistics.median(times):>16.1f}")


if __name__ == "__main__":
    main()
