"""A foreign graph as our tables: nodes mapped, edges mapped, losses reported, one Dataset."""

from __future__ import annotations

from pathlib import PurePosixPath

from graph.load import warn_lookalikes
from graph.model import Claim, Dataset, Entity, Source
from graph.readers.foreign.citations import file_sources
from graph.readers.foreign.edges import edge_claims
from graph.readers.foreign.losses import Tally
from graph.readers.foreign.model import UPLOAD_SOURCE, ForeignGraph
from graph.readers.foreign.nodes import merge_repeats, node_entities, node_ids
from graph.readers.foreign.values import colours_as_data
from graph.report import ImportReport
from graph.text import clean_text


def to_dataset(foreign: ForeignGraph, report: ImportReport) -> Dataset | None:
    """Our tables for ``foreign``; None (with the reason in ``report``) when nothing can be loaded."""
    file = foreign.file
    tally = Tally(report, file)
    merge_repeats(foreign)
    colours_as_data(foreign, report)
    mapping, kept = node_ids(foreign, tally, report)
    sources = file_sources(foreign, report)
    entities, fact_claims, node_types = node_entities(foreign, mapping, kept, sources, tally, report)
    claims, edge_types = edge_claims(foreign, mapping, sources, tally, report)
    claims.extend(fact_claims)
    tally.flush()
    if not entities:
        report.add("error", file, None, None, "the graph has no nodes.", "check that this is the right file.")
        return None
    warn_lookalikes([entity.id for entity in entities], report, file)
    return _dataset(foreign, entities, claims, sources, {"entities": node_types, "claims": edge_types})


def _dataset(
    foreign: ForeignGraph,
    entities: list[Entity],
    claims: list[Claim],
    sources: dict[str, Source],
    types: dict[str, dict[str, str]],
) -> Dataset:
    """The Dataset: the sources cited, the attributes that are not text with their types, the graph's
    properties."""
    cited = {claim.source for claim in claims} | {UPLOAD_SOURCE}
    attribute_types = tuple(
        sorted(
            (table, name, kind)
            for table, kinds in types.items()
            for name, kind in kinds.items()
            if kind != "string"
        )
    )
    properties = dict(foreign.properties)
    if not foreign.directed:
        properties["edgedefault"] = "undirected"
    return Dataset(
        tuple(entities),
        tuple(dict.fromkeys(claims)),
        tuple(source for source_id, source in sources.items() if source_id in cited),
        name=clean_text(foreign.name or PurePosixPath(foreign.file).stem or "upload"),
        attribute_types=attribute_types,
        properties=tuple(sorted((clean_text(str(k)), clean_text(str(v))) for k, v in properties.items())),
    )
