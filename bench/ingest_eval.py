"""Precision and recall of article extraction: real published texts and our short gold sets.

Run: .venv/bin/python bench/ingest_eval.py [--verbose] [--held-out] [--speed] [--confident]
                                            [--extra GOLD.json]

The real texts live outside the repository (``../shared/corpus/articles/``); their gold
claims and entities are in ``tests/gold/articles.json``. A third of them is held out
(listed in the gold file): it is scored only with ``--held-out``, which is meant to be
run once, at the end, never while tuning. The short sets (``tests/gold/ingest*.json``) are
our own paraphrases. ``--extra`` scores another annotated set kept outside the repository (a
gold file of ``articles.json``'s form, its texts in the folder its ``texts`` key names): round 4
of issue 24 used a second set of 24 published texts this way (docs/ingest.md).

Entities the dataset knows are compared by id. A new candidate is matched to a gold one of
the same type: a person by family name, an event by its date (the first unmatched gold
event on that date, in order of the text; an event the text does not date, by a word of its
name other than "summit", "meeting" …), anything else by its name; "publication:this-
article" is the ingested text itself. Claims are compared as (subject, relation, object)
after that matching; a proposal that is one of the gold file's ``also`` claims (true by the
text but not required) counts neither as a hit nor as an error. Each rule's precision is
over the claims it proposed, its recall over all gold claims; a claim proposed by two rules
counts for both.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere, as bench/rerun.py

import networkx as nx  # noqa: E402

import graph  # noqa: E402
from graph.ingest import extract  # noqa: E402
from graph.ingest.confidence import is_confident  # noqa: E402
from graph.ingest.names import fold, slug  # noqa: E402

GOLD_DIR = ROOT / "tests" / "gold"
CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
ARTICLES_GOLD = GOLD_DIR / "articles.json"
SHORT_SETS = {
    "short texts, development": GOLD_DIR / "ingest.json",
    "short texts, held out": GOLD_DIR / "ingest_heldout.json",
}
THIS_ARTICLE = "publication:this-article"
Triple = tuple[str, str, str]


@dataclass
class Score:
    """Counts over a set of texts, with per-rule counts and the misses for --verbose."""

    texts: int = 0
    entity_hits: int = 0
    entity_predicted: int = 0
    entity_gold: int = 0
    claim_hits: int = 0
    claim_predicted: int = 0
    claim_gold: int = 0
    dated_hits: int = 0
    dated_right: int = 0
    seconds: float = 0.0
    words: int = 0
    rule_predicted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    rule_hits: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lines: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        return {
            "entity precision": self.entity_hits / max(self.entity_predicted, 1),
            "entity recall": self.entity_hits / max(self.entity_gold, 1),
            "claim precision": self.claim_hits / max(self.claim_predicted, 1),
            "claim recall": self.claim_hits / max(self.claim_gold, 1),
            "start dates right": self.dated_right / self.dated_hits if self.dated_hits else float("nan"),
            "texts": self.texts,
            "gold claims": self.claim_gold,
            "gold entities": self.entity_gold,
        }


def family_key(label: str) -> str:
    """The folded last word of a person's name: 'Jaap de Hoop Scheffer' → 'scheffer'."""
    words = fold(label).replace("-", " ").split()
    return words[-1] if words else ""


GENERIC_EVENT_WORDS = frozenset(
    {"the", "a", "an", "of", "in", "at", "on", "for", "with", "and", "to", "nato", "meeting", "summit"}
    | {"session", "conference", "ceremony", "forum", "event"}
)


def event_words(names: list[str]) -> set[str]:
    """The words that tell one event from another: 'Istanbul' in 'NATO Summit in Istanbul'."""
    return {word for name in names for word in re.findall(r"[a-z0-9]+", fold(name))} - GENERIC_EVENT_WORDS


def name_key(label: str) -> str:
    words = fold(label).replace("-", " ").split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def align(
    proposal: Any, gold_new: list[dict[str, Any]], G: nx.MultiDiGraph, article_id: str
) -> dict[str, str]:
    """Map each proposed entity id to the gold id it stands for (itself when unmatched)."""
    mapping = {article_id: THIS_ARTICLE}
    dates: dict[str, str] = {}
    for claim in proposal.claims:
        if claim.relation == "date":
            dates.setdefault(claim.subject, claim.object)
    for entity in proposal.new_entities:
        in_id = re.search(r"-(\d{4}(?:-\d\d){0,2})(?:-\d)?$", entity.id)
        if entity.type == "event" and in_id:
            dates.setdefault(entity.id, in_id.group(1))
    taken: set[str] = set()
    gold_ids = {item["id"] for item in gold_new}
    for entity in proposal.new_entities:
        if entity.id in gold_ids and entity.id not in taken:
            mapping[entity.id] = entity.id
            taken.add(entity.id)
    # Events with the most precise dates are matched first; among gold events with a
    # compatible date, the one whose label shares most words with the proposed one wins.
    ordered = sorted(proposal.new_entities, key=lambda e: -len(dates.get(e.id, "")))
    for entity in ordered:
        if entity.id in mapping:
            continue
        names = [entity.label, *entity.aliases]
        candidates: list[tuple[int, int, str]] = []
        for item in gold_new:
            if item["id"] in taken or item["type"] != entity.type:
                continue
            gold_names = [item["label"], *item.get("aliases", [])]
            if entity.type == "person":
                same = bool({family_key(n) for n in names} & {family_key(n) for n in gold_names})
            elif entity.type == "event" and dates.get(entity.id):
                date, wanted = dates[entity.id], item.get("date") or "-"
                same = date.startswith(wanted) or wanted.startswith(date)
            elif entity.type == "event":  # undated: by the words of its name
                same = bool(event_words(names) & event_words(gold_names))
            else:
                same = bool({name_key(n) for n in names} & {name_key(n) for n in gold_names})
            if same:
                shared = set(name_key(entity.label).split()) & set(name_key(item["label"]).split())
                candidates.append((-len(shared), len(candidates), item["id"]))
        if candidates:
            chosen = min(candidates)[2]
            mapping[entity.id] = chosen
            taken.add(chosen)
    return mapping


def score_text(
    score: Score,
    proposal: Any,
    G: nx.MultiDiGraph,
    gold_entities: set[str],
    gold_claims: list[list[Any]],
    also: set[Triple],
    gold_new: list[dict[str, Any]],
    name: str,
    confident_only: bool = False,
) -> None:
    article_id = getattr(proposal, "article_id", "") or f"publication:{slug(proposal.source.title)[:50]}"
    mapping = align(proposal, gold_new, G, article_id)
    predicted_entities = {mapping.get(e.id, e.id) for e in proposal.matched} | {
        mapping.get(e.id, e.id) for e in proposal.new_entities
    }
    gold_triples = {(c[0], c[1], c[2]) for c in gold_claims}
    gold_starts: dict[Triple, set[str]] = defaultdict(set)
    for claim in gold_claims:
        if len(claim) > 3 and claim[3]:
            gold_starts[(claim[0], claim[1], claim[2])].add(claim[3])
    predicted: dict[Triple, set[str]] = defaultdict(set)
    starts: dict[Triple, set[str]] = defaultdict(set)
    for claim in proposal.claims:
        if confident_only and not is_confident(claim.confidence):
            continue  # the review's "Confident only": rules that measured >= 0.9 on development
        if claim.relation not in graph.vocabulary.RELATIONS:
            continue  # literal values (an event's date) are scored through the events they date
        triple = (
            mapping.get(claim.subject, claim.subject),
            claim.relation,
            mapping.get(claim.object, claim.object),
        )
        predicted[triple].add(getattr(claim, "rule", "") or claim.method)
        if claim.start:
            starts[triple].add(claim.start)
    counted = {triple for triple in predicted if triple not in also or triple in gold_triples}
    hits = counted & gold_triples
    score.texts += 1
    score.entity_hits += len(predicted_entities & gold_entities)
    score.entity_predicted += len(predicted_entities)
    score.entity_gold += len(gold_entities)
    score.claim_hits += len(hits)
    score.claim_predicted += len(counted)
    score.claim_gold += len(gold_triples)
    wrong_dates = []
    for triple in hits & gold_starts.keys():
        score.dated_hits += 1
        score.dated_right += bool(starts[triple] & gold_starts[triple])
        if not starts[triple] & gold_starts[triple]:
            ours, theirs = sorted(map(str, starts[triple])), sorted(gold_starts[triple])
            wrong_dates.append(f"   date wrong:         {triple} {ours}, gold {theirs}")
    for triple in counted:
        for rule in predicted[triple]:
            score.rule_predicted[rule] += 1
            score.rule_hits[rule] += triple in gold_triples
    score.lines.append(f"== {name}")
    score.lines.extend(wrong_dates)
    for extra in sorted(predicted_entities - gold_entities):
        score.lines.append(f"   entity not in gold: {extra}")
    for missing in sorted(gold_entities - predicted_entities):
        score.lines.append(f"   entity missed:      {missing}")
    for triple in sorted(counted - gold_triples):
        score.lines.append(f"   claim not in gold:  {triple} by {sorted(predicted[triple])}")
    for triple in sorted(gold_triples - counted):
        score.lines.append(f"   claim missed:       {triple}")


def load_gold() -> dict[str, Any]:
    return json.loads(ARTICLES_GOLD.read_text(encoding="utf-8"))


def extract_item(item: dict[str, Any], G: nx.MultiDiGraph, folder: Path = CORPUS) -> tuple[str, Any, float]:
    """The text of one gold item, its proposal (with the metadata the app's form takes: title,
    address, date, publisher, author) and the seconds extraction took."""
    text = (folder / item["file"]).read_text(encoding="utf-8")
    meta = json.loads((folder / item["file"].replace(".txt", ".meta.json")).read_text(encoding="utf-8"))
    started = time.perf_counter()
    proposal = extract(
        text,
        title=meta["title"],
        url=meta["url"],
        published=meta["published"],
        publisher=meta.get("publisher", ""),
        author=meta.get("author", ""),
        G=G,
    )
    return text, proposal, time.perf_counter() - started


def evaluate_corpus(
    part: str,
    G: nx.MultiDiGraph | None = None,
    confident_only: bool = False,
    gold: dict[str, Any] | None = None,
    folder: Path = CORPUS,
) -> Score:
    """Score the real texts of one part ("development" or "held-out"); needs the corpus folder.
    ``confident_only``: only the claims "Confident only" keeps in the review. ``gold`` and
    ``folder``: another annotated set (``--extra``) and the folder of its texts."""
    G = graph.load_graph() if G is None else G
    score = Score()
    for item in (load_gold() if gold is None else gold)["articles"]:
        if item["part"] != part:
            continue
        text, proposal, seconds = extract_item(item, G, folder)
        score.seconds += seconds
        score.words += len(text.split())
        also = {(c[0], c[1], c[2]) for c in item.get("also", [])}
        score_text(
            score,
            proposal,
            G,
            set(item["entities"]),
            item["claims"],
            also,
            item["new_entities"],
            item["file"],
            confident_only,
        )
    return score


def score_short_set(gold: Path, G: nx.MultiDiGraph) -> Score:
    """Score one of the short gold sets (texts written for the tests)."""
    score = Score()
    for item in json.loads(gold.read_text(encoding="utf-8")):
        proposal = extract(
            item["text"],
            title=item["title"],
            url="https://example.org/gold",
            published=item["published"],
            G=G,
        )
        score_text(score, proposal, G, set(item["entities"]), item["claims"], set(), [], item["title"])
    return score


def evaluate(gold: Path, verbose: bool = False, G: nx.MultiDiGraph | None = None) -> dict[str, float]:
    """The figures of one short gold set."""
    score = score_short_set(gold, graph.load_graph() if G is None else G)
    if verbose:
        print("\n".join(score.lines))
    return score.figures()


def speed(G: nx.MultiDiGraph, words: int = 1000, runs: int = 5) -> tuple[int, float]:
    """Median seconds to extract from a text of about ``words`` words made of development texts."""
    parts = []
    for item in load_gold()["articles"]:
        if item["part"] == "development":
            parts.append((CORPUS / item["file"]).read_text(encoding="utf-8"))
        if sum(len(p.split()) for p in parts) >= words:
            break
    text = "\n\n".join(parts)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        extract(text, title="speed", url="https://example.org/speed", published="2020-01-01", G=G)
        times.append(time.perf_counter() - started)
    return len(text.split()), statistics.median(times)


def extra_rows(path: Path, G: nx.MultiDiGraph, held_out: bool, confident: bool) -> list[tuple[str, Score]]:
    """The rows of an annotated set kept outside the repository, one per part."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    folder = path.parent / gold.get("texts", ".")
    parts = sorted({item["part"] for item in gold["articles"]})
    rows = []
    for part in parts:
        if part == "held-out" and not held_out:
            continue
        rows.append((f"extra {path.stem}, {part}", evaluate_corpus(part, G, gold=gold, folder=folder)))
        if confident:
            rows.append(
                (f"extra {path.stem}, {part}, confident", evaluate_corpus(part, G, True, gold, folder))
            )
    return rows


def print_table(rows: list[tuple[str, Score]]) -> None:
    print(
        f"{'set':<32}{'texts':>6}{'gold claims':>12}{'ent. P':>8}{'ent. R':>8}{'claim P':>9}{'claim R':>9}"
        f"{'dates right':>12}"
    )
    for name, score in rows:
        f = score.figures()
        print(
            f"{name:<32}{score.texts:>6}{score.claim_gold:>12}{f['entity precision']:>8.2f}"
            f"{f['entity recall']:>8.2f}{f['claim precision']:>9.2f}{f['claim recall']:>9.2f}"
            f"{f['start dates right']:>12.2f}"
        )


def print_rules(score: Score) -> None:
    print(f"\n{'rule':<42}{'proposed':>9}{'right':>7}{'precision':>10}{'recall':>8}")
    for rule in sorted(score.rule_predicted, key=lambda r: -score.rule_predicted[r]):
        proposed, right = score.rule_predicted[rule], score.rule_hits[rule]
        print(
            f"{rule:<42}{proposed:>9}{right:>7}{right / proposed:>10.2f}"
            f"{right / max(score.claim_gold, 1):>8.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--verbose", action="store_true", help="list every miss and every extra")
    parser.add_argument(
        "--held-out",
        action="store_true",
        help="also score the held-out third (only at the end: never tune on it)",
    )
    parser.add_argument("--speed", action="store_true", help="time a 1,000-word article")
    parser.add_argument(
        "--confident", action="store_true", help='also score only the claims "Confident only" keeps'
    )
    parser.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        metavar="GOLD.json",
        help="also score another annotated set kept outside the repository: a gold file of "
        "articles.json's form whose texts (and .meta.json) are in the folder its 'texts' names, "
        "relative to the file; its 'held-out' part only with --held-out",
    )
    arguments = parser.parse_args()
    G = graph.load_graph()
    rows: list[tuple[str, Score]] = []
    if CORPUS.is_dir():
        parts = ["development", "held-out"] if arguments.held_out else ["development"]
        for part in parts:
            rows.append((f"real texts, {part}", evaluate_corpus(part, G)))
            if arguments.confident:
                rows.append((f"{part}, confident only", evaluate_corpus(part, G, confident_only=True)))
    else:
        print(f"(the corpus is not at {CORPUS}: only the short texts are scored)")
    for path in arguments.extra:
        rows.extend(extra_rows(path, G, arguments.held_out, arguments.confident))
    for name, path in SHORT_SETS.items():
        rows.append((name, score_short_set(path, G)))
    print_table(rows)
    for name, score in rows:
        if name.startswith(("real texts", "extra")):
            print(f"\nPer rule, {name}:", end="")
            print_rules(score)
            print(f"({score.words} words in {score.seconds * 1000:.0f} ms)")
    if arguments.verbose:
        for name, score in rows:
            print(f"\n######## {name}")
            print("\n".join(score.lines))
    if arguments.speed and CORPUS.is_dir():
        words, seconds = speed(G)
        print(f"\nspeed: {words} words extracted in {seconds * 1000:.0f} ms (median of 5)")


if __name__ == "__main__":
    main()
