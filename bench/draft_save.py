"""What keeping a review in progress costs the app (docs/ingest.md, "Your review is kept").

Run: .venv/bin/python bench/draft_save.py

The Build tab keeps the review (graph/ingest/draft.py) in the workspace at the end of a run,
only when it changed since it was last kept (ui/panels/review_draft.py). For two articles (the
seed article, and a long one: the seed and every text of the shared corpus, one after another,
when the corpus is there) it times, per run, in a SQLite workspace on disk:

- **unchanged**: the review as text, compared with what was kept (most runs: a click elsewhere);
- **changed**: the same, then saved (a tick, an edit, a claim added);
- **naive**: the whole review made into text again and saved on every run, changed or not
  (the baseline: the app keeps the proposal's text while the proposal is the same, and saves
  only what changed);
- **read back**: what a reload does once: the draft read and checked.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from anywhere, as bench/rerun.py

import graph  # noqa: E402
from graph.ingest import extract  # noqa: E402
from graph.ingest.draft import (  # noqa: E402
    ArticleForm,
    ReviewDraft,
    draft_from_json,
    draft_to_json,
    proposal_to_json,
)
from graph.store import open_store  # noqa: E402

SEED = ROOT.parent / "shared" / "seed" / "article.txt"
CORPUS = ROOT.parent / "shared" / "corpus" / "articles"


def median_ms(run: Callable[[], object], times: int = 50) -> float:
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        spent.append(time.perf_counter() - start)
    return statistics.median(spent) * 1000


def texts() -> list[tuple[str, str]]:
    if not SEED.is_file():
        sys.exit(f"{SEED} is not there: the bench reads the seed article.")
    seed = SEED.read_text(encoding="utf-8")
    found = [("seed article", seed)]
    if CORPUS.is_dir():
        articles = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]
        found.append((f"seed + {len(articles)} corpus texts", "\n\n".join([seed, *articles])))
    return found


def figures(store: Any, name: str, text: str, G: Any) -> str:
    """One article's row: its review kept as the app keeps it, and the naive baseline."""
    proposal = extract(text, title=name, published="2021-07-14", G=G)
    edits = {row: {"accept": row % 2 == 0} for row in range(len(proposal.claims))}
    draft = ReviewDraft(ArticleForm(text, name, published="2021-07-14"), proposal, edits, None)
    proposal_json = proposal_to_json(proposal)  # the app keeps it while the proposal is the same
    kept = draft_to_json(draft, proposal_json)
    store.save_draft("bench", kept)

    def unchanged() -> bool:
        return draft_to_json(draft, proposal_json) == kept

    def changed() -> None:
        if draft_to_json(draft, proposal_json) != "":
            store.save_draft("bench", kept)

    def naive() -> None:
        store.save_draft("bench", draft_to_json(draft))

    def read_back() -> ReviewDraft:
        saved = store.draft("bench")
        assert saved is not None
        return draft_from_json(saved.body)

    assert read_back() == draft, "the review reads back whole"
    return (
        f"| {name} | {len(text):,} | {len(proposal.claims)} | {len(kept) / 1024:.0f} KiB "
        f"| {median_ms(unchanged):.2f} ms | {median_ms(changed):.2f} ms | {median_ms(naive):.2f} ms "
        f"| {median_ms(read_back):.2f} ms |"
    )


def main() -> None:
    G = graph.load_graph()
    print(
        "| article | characters | claims | draft | unchanged | changed | naive (save every run) | read back |"
    )
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'workspace.sqlite'}", create=True)
        for name, text in texts():
            print(figures(store, name, text, G))
        store.close()
    print("\nMedians of 50 runs each. The app pays 'unchanged' on most runs, 'changed' on a run that")
    print("changed the review; 'naive' turns every proposal into text again and saves it on every run.")


if __name__ == "__main__":
    main()
