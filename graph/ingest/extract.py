"""Propose sourced claims from an article's text with named rules and the dataset as gazetteer.

Offline and model-free. Entities are found through the labels, aliases and demonyms the
dataset already knows ("German" → Germany, "the Alliance" → NATO), the names of states
(ISO 3166, through ``pycountry``), people through a title, rank or honorific before or
after a capitalised name ("US Secretary of State …", "…, Romania's Foreign Minister"),
named bodies and groupings ("… Commission", "… Initiative"), and events through a noun
(meeting, summit, ceremony …) with a date in the same or a nearby sentence. Pronouns and
phrases such as "he", "the Secretary General", "the initiative" or "the ceremony" are
resolved within the article. Relations come from the rules in ``graph/ingest/rules/``;
every proposed claim keeps its sentence, the character spans of the words it matched, the
name of the rule that fired and a confidence.

This module is the top of ``graph/ingest/``: :func:`extract` splits the text into sentences
and walks them, building a :class:`~graph.ingest.sentence.SentenceView` of each (the
gazetteer's mentions, titled people, named bodies, coreference, dates, events) and running
every rule of :data:`~graph.ingest.rules.RULES` on it.
"""

from __future__ import annotations

import re
from dataclasses import replace

import networkx as nx

from graph.ingest.article import Extractor
from graph.ingest.base import Proposal
from graph.ingest.gazetteer import gazetteer_for
from graph.ingest.names import slug
from graph.ingest.patterns import UPPER
from graph.ingest.rules import run_rules
from graph.ingest.sentence import SentenceView
from graph.model import Entity, Source
from graph.readers import load_path

__all__ = ["extract", "split_sentences"]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; abbreviations like 'U.S.' or 'Adm.' and initials do not end a sentence."""
    spans = []
    start = 0
    for match in re.finditer(rf"[.!?][\"”’)]*(?=\s+(?:{UPPER}|[\"“(])|\s*$)|\n", text):
        end = match.end()
        before = text[max(start, end - 5) : end]
        if match.group(0) != "\n" and re.search(
            r"\b(?:[A-Z]|U\.S|Lt|Adm|Gen|Dr|Mr|Ms|St|No|Nov|Dec|Jan|Feb|Aug|Sept|Oct)\.$", before
        ):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), s + len(text[s:e].rstrip())) for s, e in spans]


def extract(
    text: str,
    title: str = "",
    url: str = "",
    published: str | None = None,
    publisher: str = "",
    author: str = "",
    G: nx.MultiDiGraph | None = None,
    source_id: str | None = None,
) -> Proposal:
    """Propose entities and claims for ``text``, citing it as a new source."""
    if G is None:
        G = load_path(None)  # the bundled dataset, as graph.load_graph()
    gazetteer = gazetteer_for(G)
    source = Source(
        source_id or f"ingest-{slug(title or url or 'text')[:40]}",
        title or url or "Pasted text",
        publisher,
        author,
        published,
        url,
        "press",
    )
    proposal = Proposal(text, source, split_sentences(text))
    proposal.article_id = f"publication:{slug(source.title)[:50]}"
    _walk(Extractor(G, gazetteer, proposal, published))
    return proposal


def _walk(extractor: Extractor) -> None:
    """Each sentence in turn: its view, every rule on it, its mentions kept, what it named remembered."""
    proposal = extractor.proposal
    previous: SentenceView | None = None
    for index, (start, end) in enumerate(proposal.sentences):
        sentence = proposal.text[start:end]
        view = SentenceView(extractor, index, sentence, start, previous)
        run_rules(view)  # rules may add what they recognised (a byline's author, a place)
        proposal.mentions.extend(
            replace(
                m,
                start=m.start + start,
                end=m.end + start,
                how="new" if m.id not in extractor.G and m.how != "coreference" else m.how,
            )
            for m in sorted(view.mentions, key=lambda m: m.start)
        )
        view.remember()
        previous = view
    seen: set[str] = set()
    for node in [m.id for m in proposal.mentions] + [
        n for c in proposal.claims for n in (c.subject, c.object)
    ]:
        if node in extractor.G and node not in seen:
            seen.add(node)
            data = extractor.G.nodes[node]
            proposal.matched.append(Entity(node, data["type"], data["label"]))
