"""Where a foreign graph's claims come from: the sources our own exports carry, the citations and
evidence on their edges, and the uploaded file itself for everything else."""

from __future__ import annotations

import re
from typing import Any

from graph.dates import is_valid_date
from graph.model import Source
from graph.readers.foreign.losses import Tally
from graph.readers.foreign.model import UPLOAD_SOURCE, ForeignGraph, Period
from graph.readers.foreign.values import as_list, date_or_none, scalar
from graph.report import ImportReport
from graph.text import clean_text, id_problem, normal_id

SOURCE_FIELDS = ("id", "title", "publisher", "author", "published", "url", "kind")
Evidence = tuple[str, str, str, Period | None]  # source, locator, note, the period that source gave


def file_sources(foreign: ForeignGraph, report: ImportReport) -> dict[str, Source]:
    """The sources the file holds (our exports write them), and the uploaded file as a source."""
    sources: dict[str, Source] = {}
    raw = foreign.sources if isinstance(foreign.sources, dict) else {}
    for key, value in raw.items():
        if not isinstance(value, dict):
            continue
        row = {name: clean_text(str(value.get(name) or "")) for name in SOURCE_FIELDS}
        source_id = normal_id(clean_text(str(key)))
        if id_problem(source_id):
            continue
        if row["url"] and not re.match(r"^https?://\S+$", row["url"], re.IGNORECASE):
            report.add(
                "warning",
                foreign.file,
                None,
                "url",
                f"the URL of source '{source_id}' is not an http(s) address and was removed.",
                "use addresses that start with https:// or http://.",
            )
            row["url"] = ""
        published = row["published"] if is_valid_date(row["published"]) else None
        sources[source_id] = Source(
            source_id, row["title"], row["publisher"], row["author"], published, row["url"], row["kind"]
        )
    sources[UPLOAD_SOURCE] = Source(UPLOAD_SOURCE, foreign.file, "uploaded file", "", None, "", "secondary")
    return sources


def _cited_period(item: dict[str, Any], tally: Tally, where: str) -> Period | None:
    """The period one evidence entry gives, None when it gives none; dates that are not dates are
    dropped (and counted)."""
    if "start" not in item and "end" not in item:
        return None
    start, end = date_or_none(scalar(item.get("start"))), date_or_none(scalar(item.get("end")))
    if (
        (start or "").startswith("!")
        or (end or "").startswith("!")
        or (item.get("start") is not None and scalar(item.get("start")) is None)
        or (item.get("end") is not None and scalar(item.get("end")) is None)
    ):
        tally.note(
            "evidence-date",
            where,
            "warning",
            "evidence",
            "citation date(s) are not ISO dates and were dropped",
            "write dates as YYYY-MM-DD.",
        )
        start = None if (start or "").startswith("!") else start
        end = None if (end or "").startswith("!") else end
    return (start, end)


def evidence_entries(
    attributes: dict[str, Any], sources: dict[str, Source], tally: Tally, where: str
) -> list[Evidence]:
    """(source, locator, note, period) for each citation an edge of our own exports carries."""
    citations = [clean_text(c) for c in as_list(attributes.pop("citations", None))]
    evidence = attributes.pop("evidence", None)
    entries: list[Evidence] = []
    if isinstance(evidence, list):
        for item in evidence:
            if isinstance(item, dict) and isinstance(item.get("source"), str) and item["source"] in sources:
                period = _cited_period(item, tally, where)
                entries.append(
                    (
                        item["source"],
                        clean_text(str(scalar(item.get("locator")) or "")),
                        clean_text(str(scalar(item.get("note")) or "")),
                        period,
                    )
                )
    elif evidence is not None:
        tally.note(
            "evidence",
            where,
            "warning",
            "evidence",
            "edge(s) have evidence that is not a list of citations; it was dropped",
            "export the graph again.",
        )
    known = [citation for citation in citations if citation in sources and citation != UPLOAD_SOURCE]
    unknown = [citation for citation in citations if citation not in sources]
    for citation in unknown:
        tally.note(
            "citation",
            citation,
            "warning",
            "citations",
            "citation(s) name sources the file does not hold; they were dropped",
            "keep the sources with the graph (GraphML sources_json, JSON graph.sources).",
        )
    cited = {entry[0] for entry in entries}
    entries.extend((citation, "", "", None) for citation in known if citation not in cited)
    return list(dict.fromkeys(entries))
