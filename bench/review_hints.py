"""Where the claims the rules miss are, for the reviewer who adds them by hand (docs/ingest.md,
"Adding what the rules missed").

Run: .venv/bin/python bench/review_hints.py

For each development text of the shared corpus (the held-out third is not read: it is scored
only by bench/ingest_eval.py, once per round), the gold claims the rules did not propose are
sorted by what the review offers to add them:

- **entities at hand**: both ends are among the text's entities (the form's pickers), or the
  end is a literal value, so the claim is added in one step; otherwise an entity must be added
  first;
- **in a pointed-to paragraph**: the paragraph the gold cites holds one of the "quiet" sentences
  the review lists (two or more entities named, no claim proposed).

It prints those counts beside the reviewer's reading: how many sentences are listed as quiet,
of how many, and the same figures for a naive pointer that lists every sentence naming two or
more entities (claims or not), to show what the narrower list saves.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere, as bench/rerun.py

import graph  # noqa: E402
from bench.ingest_eval import CORPUS, align, extract_item, load_gold  # noqa: E402
from graph.ingest.names import slug  # noqa: E402
from graph.ingest.workflow import named_in_sentences, quiet_sentences, text_entities  # noqa: E402
from graph.vocabulary import RELATIONS  # noqa: E402


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the text's paragraphs, as the gold counts them: blocks between blank
    lines, or lines where a text has no blank line between its paragraphs."""
    separator = r"\n\s*\n" if re.search(r"\n\s*\n\s*\S", text) else r"\n"
    spans, position = [], 0
    for block in re.split(separator, text):
        start = text.index(block, position)
        if block.strip():
            spans.append((start, start + len(block)))
        position = start + len(block)
    return spans


def cited_paragraphs(locator: str) -> set[int]:
    """'p2' → {1}; 'p1-p3' → {0, 1, 2} (0-based)."""
    numbers = [int(n) for n in re.findall(r"\d+", locator or "")]
    return set(range(numbers[0] - 1, numbers[-1])) if numbers else set()


def text_figures(item: dict[str, Any], G: Any) -> dict[str, int]:
    text, proposal, _ = extract_item(item, G)  # as bench/ingest_eval.py scores it
    article = getattr(proposal, "article_id", "") or f"publication:{slug(proposal.source.title)[:50]}"
    mapping = align(proposal, item["new_entities"], G, article)
    at_hand = {mapping.get(entity.id, entity.id) for entity in text_entities(proposal)} | {
        "publication:this-article"
    }
    proposed = {
        (mapping.get(c.subject, c.subject), c.relation, mapping.get(c.object, c.object))
        for c in proposal.claims
    }
    spans = paragraphs(text)

    def paragraph_of(sentence: int) -> int:
        start = proposal.sentences[sentence][0]
        return next((index for index, (a, b) in enumerate(spans) if a <= start < b), -1)

    quiet = [index for index, _ in quiet_sentences(proposal)]  # the review's list, as shown
    naive = [index for index, ids in named_in_sentences(proposal).items() if len(ids) >= 2]
    pointers = {"quiet": quiet, "naive": naive, "all": list(range(len(proposal.sentences)))}
    touched = {name: {paragraph_of(index) for index in listed} for name, listed in pointers.items()}
    figures = {"missed": 0, "at hand": 0, "paragraphs": len(spans)}
    for name, listed in pointers.items():
        figures[f"{name} sentences"] = len(listed)
        figures[f"{name} paragraphs"] = len(touched[name])
        figures[f"{name} found"] = 0
        figures[f"{name} found at hand"] = 0
    for claim in item["claims"]:
        if (claim[0], claim[1], claim[2]) in proposed:
            continue
        figures["missed"] += 1
        hand = claim[0] in at_hand and (claim[1] not in RELATIONS or claim[2] in at_hand)
        figures["at hand"] += hand
        cited = cited_paragraphs(claim[6] if len(claim) > 6 else "")
        for name in pointers:
            found = bool(cited & touched[name])
            figures[f"{name} found"] += found
            figures[f"{name} found at hand"] += found and hand
    return figures


def share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({part / max(whole, 1):.0%})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--held-out", action="store_true", help="the held-out third instead (read once)")
    arguments = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"The shared corpus is not next to this checkout ({CORPUS}).")
    part = "held-out" if arguments.held_out else "development"
    G = graph.load_graph()
    total: dict[str, int] = {}
    texts = 0
    for item in load_gold()["articles"]:
        if item["part"] != part:
            continue
        texts += 1
        for key, value in text_figures(item, G).items():
            total[key] = total.get(key, 0) + value
    missed = total["missed"]
    print(f"{part} texts: {texts}; gold claims the rules missed: {missed}, of which both ends are")
    print(
        f"among the text's entities, so the review adds them in one step: {share(total['at hand'], missed)}"
    )
    print()
    header = (
        "pointer",
        "sentences listed",
        "paragraphs they touch",
        "missed claims there",
        "of them in one step",
    )
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for name, said in (
        ("quiet", "quiet sentences (the review's list)"),
        ("naive", "every sentence naming two or more entities"),
        ("all", "every sentence (no pointer)"),
    ):
        print(
            " | ".join(
                (
                    said,
                    share(total[f"{name} sentences"], total["all sentences"]),
                    share(total[f"{name} paragraphs"], total["paragraphs"]),
                    share(total[f"{name} found"], missed),
                    share(total[f"{name} found at hand"], missed),
                )
            )
        )


if __name__ == "__main__":
    main()
