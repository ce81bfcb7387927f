"""The second time axis: what had been reported by a day.

A claim holds from its ``start`` to its ``end``; it was *reported* on the ``published``
dates of its sources. "As reported by R" keeps the claims with at least one source
published on or before R, and of each kept claim only those sources, with the dates
those sources gave (a start only a later source gave is not known on R).

- A source published with reduced precision counts from the last day its date may mean:
  ``2015`` is known by 2015-12-31, ``2022-06`` by 2022-06-30 (before that, a reader may
  not yet have had it).
- A source with no publication date (or one that is not an ISO date) cannot be placed
  on the axis, so it counts as not yet published on any day: claims only such sources
  support disappear from every "reported by" view (:func:`undated_sources` lists them).

Entity facts (an event's date, a person's rank) follow the same rule; an entity itself
stays, as it does under the as-of filter (``hide_isolated`` drops it when nothing links it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import reduce
from typing import Any

import networkx as nx

from graph.dates import is_valid_date, more_precise
from graph.temporal.periods import last_day


def published_on_or_before(published: str | None, day: dt.date) -> bool:
    """True when a source with this publication date had certainly appeared by ``day``.

    >>> import datetime as dt
    >>> [published_on_or_before("2015", dt.date(2015, month, 1)) for month in (6, 12)]
    [False, False]
    >>> published_on_or_before("2015", dt.date(2015, 12, 31))
    True
    >>> published_on_or_before("", dt.date(2100, 1, 1))
    False
    """
    if not published or not is_valid_date(published):
        return False
    return last_day(published) <= day


def known_sources(G: nx.MultiDiGraph, day: dt.date) -> frozenset[str]:
    """The ids of the sources of ``G`` published on or before ``day``."""
    return frozenset(
        source_id
        for source_id, row in G.graph.get("sources", {}).items()
        if published_on_or_before(row.get("published"), day)
    )


def undated_sources(G: nx.MultiDiGraph) -> list[str]:
    """The sources with no usable publication date: never counted as reported."""
    return sorted(
        source_id
        for source_id, row in G.graph.get("sources", {}).items()
        if not row.get("published") or not is_valid_date(row["published"])
    )


def _period(evidence: Iterable[Mapping[str, Any]]) -> tuple[str | None, str | None]:
    items = list(evidence)
    return (
        reduce(more_precise, (item.get("start") for item in items), None),
        reduce(more_precise, (item.get("end") for item in items), None),
    )


def reported_edge(data: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any] | None:
    """An edge's attributes as reported by the ``known`` sources, or None when none of them cites it.

    The edge's period is rebuilt from what the known sources said (the builder merged
    compatible dates, so the most precise of them is the period). When some known
    citation has no evidence entry (an imported graph), the edge keeps its own period.

    >>> edge = {"start": "2014-04-01", "end": None, "citations": ["early", "late"],
    ...         "evidence": [{"source": "early", "start": "2014-04", "end": None},
    ...                      {"source": "late", "start": "2014-04-01", "end": None}]}
    >>> reported = reported_edge(edge, frozenset({"early"}))
    >>> reported["citations"], reported["start"]
    (['early'], '2014-04')
    >>> reported_edge(edge, frozenset()) is None
    True
    """
    citations = [source for source in data.get("citations", ()) if source in known]
    if not citations:
        return None
    evidence = [item for item in data.get("evidence", ()) if item.get("source") in known]
    result = dict(data)
    result["citations"] = citations
    result["evidence"] = evidence
    if {item.get("source") for item in evidence} >= set(citations):
        result["start"], result["end"] = _period(evidence)
    return result


def reported_facts(data: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """A node's attributes with only the facts (literal claims) the ``known`` sources support.

    A fact no known source gives is dropped, with the plain attribute the builder set
    from it; when the sources agreed, the plain attribute becomes the most precise value
    left (``2021-07`` when only the source that said ``2021-07-14`` is not yet known). A
    conflict mark stays, even when one side of it is not yet reported.
    """
    facts = data.get("facts") or {}
    if not facts:
        return dict(data)
    result = dict(data)
    kept_facts: dict[str, list[dict[str, Any]]] = {}
    for attribute, values in facts.items():
        kept = []
        for item in values:
            citations = [source for source in item.get("citations", ()) if source in known]
            if citations:
                evidence = [entry for entry in item.get("evidence", ()) if entry.get("source") in known]
                kept.append({**item, "citations": citations, "evidence": evidence})
        if not kept:
            result.pop(attribute, None)
            continue
        kept_facts[attribute] = kept
        values_left = [item["value"] for item in kept]
        if attribute in result and result[attribute] not in values_left:
            result[attribute] = max(values_left, key=len)  # the sources agreed: the most precise left
    result["facts"] = kept_facts
    return result
