"""What a picture of a view says about itself: a title, the dates it shows, the sources it draws.

The server's PNG and SVG print these three lines, and the app hands them to the browser so the
canvas's own "Save PNG" prints the same ones.

>>> import graph
>>> from graph.view import PRESETS, apply_view
>>> G = graph.load_graph()
>>> spec = PRESETS["excluded"].spec
>>> caption = view_caption(G, apply_view(G, spec), spec)
>>> caption.title
'Excluded from the July 2021 partner meeting'
>>> caption.dates.startswith("As of 2021-07-14")
True
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

import networkx as nx

from graph.view import PRESETS, ViewSpec, comparison

NAMED_SOURCES = 3  # titles spelled out on the sources line; the rest are counted


@dataclass(frozen=True)
class Caption:
    """Three lines of plain text: what the view is, when, and from which sources."""

    title: str
    dates: str
    sources: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def view_caption(G: nx.MultiDiGraph, view: nx.MultiDiGraph, spec: ViewSpec) -> Caption:
    """The caption of ``view``, the subgraph of ``G`` that ``spec`` shows."""
    return Caption(view_title(G, spec), view_dates(view, spec), view_sources(G, view))


def view_title(G: nx.MultiDiGraph, spec: ViewSpec) -> str:
    """The preset's title, else the dataset's name, with the focus and the comparison if any.

    >>> view_title(nx.MultiDiGraph(name="nato"), ViewSpec(changed_from="2014"))
    'nato: what changed'
    """
    if spec.preset in PRESETS:
        return PRESETS[spec.preset].title
    parts = [str(G.graph.get("name") or "graph")]
    if spec.focus and spec.focus in G:
        parts.append(f"around {G.nodes[spec.focus].get('label') or spec.focus}")
    if comparison(spec) is not None:
        parts.append("what changed")
    return f"{parts[0]}: {', '.join(parts[1:])}" if len(parts) > 1 else parts[0]


def view_dates(view: nx.MultiDiGraph, spec: ViewSpec) -> str:
    """The view's time: its as-of date or the two dates it compares, its reported-by date.

    >>> view_dates(nx.MultiDiGraph(), ViewSpec(changed_from="2014-01-01", changed_to="2024-01-01"))
    'Changes from 2014-01-01 to 2024-01-01 · everything reported · 0 entities, 0 relations'
    """
    dates = comparison(spec)
    if dates is not None:
        held = f"Changes from {dates[0]} to {dates[1]}"
    elif spec.as_of:
        held = f"As of {spec.as_of}"
    else:
        held = "All dates (no as-of date)"
    reported = f"reported by {spec.reported_by}" if spec.reported_by else "everything reported"
    counts = f"{view.number_of_nodes():,} entities, {view.number_of_edges():,} relations"
    return f"{held} · {reported} · {counts}"


def view_sources(G: nx.MultiDiGraph, view: nx.MultiDiGraph) -> str:
    """How many sources the drawn relations cite, with the titles of the most cited few.

    >>> H = nx.MultiDiGraph(sources={"s1": {"title": "A report"}})
    >>> H.add_edge("a", "b", citations=["s1"])
    0
    >>> view_sources(H, H)
    'Sources of the 1 relation drawn: 1 source — A report'
    """
    cited = Counter(
        source
        for _, _, data in view.edges(data=True)
        for source in dict.fromkeys(data.get("citations") or ())
    )
    relations = view.number_of_edges()
    drawn = f"the {relations:,} relation{'s' if relations != 1 else ''} drawn"
    if not cited:
        return f"Sources: {drawn} cite no source" if relations else "Sources: no relation drawn"
    known = G.graph.get("sources", {})
    ranked = sorted(cited, key=lambda source: (-cited[source], source))
    title_of = {source: str((known.get(source) or {}).get("title") or source) for source in ranked}
    # Two sources may share a title (two pages of one site): a title is named once.
    titles = list(dict.fromkeys(title_of[source] for source in ranked))[:NAMED_SOURCES]
    more = sum(1 for source in ranked if title_of[source] not in titles)
    listed = "; ".join(titles) + (f"; and {more:,} more" if more else "")
    return f"Sources of {drawn}: {len(ranked):,} source{'s' if len(ranked) != 1 else ''} — {listed}"
