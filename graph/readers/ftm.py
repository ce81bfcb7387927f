"""FollowTheMoney entities (Aleph and OpenSanctions exports, ``ftm`` streams, our FtM export).

One ``{"id", "schema", "properties"}`` object a line (JSON lines), or one JSON array of
them, whatever the file's suffix. ``followthemoney``'s model reads and checks every entity
(``model.get_proxy``); fragments of one entity over several lines are merged, as ``ftm
aggregate`` does, and entities nested in properties (OpenSanctions' ``targets.nested.json``)
are read as entities of their own. The mapping is in graph/ftm.py. What does not map is said in the report:
entities and links of schemas we do not read, and properties kept as ``ftm:<property>``
columns of the entities table. A claim cites the sources its FtM entity names (``proof``
Articles, else ``sourceUrl``, ``publisher``, ``publisherUrl``, ``retrievedAt``), else one
source for the whole file.

>>> line = b'{"id": "p1", "schema": "Person", "properties": {"name": ["Ada"], "nationality": ["de"]}}'
>>> dataset, report = read("people.ftm.json", line)
>>> [(claim.subject, claim.relation, claim.object) for claim in dataset.claims]
[('p1', 'national_of', 'state:DEU')]
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from importlib.metadata import version
from typing import Any

from graph.budget import over_budget, tick
from graph.load import check_rows, dataset_rows
from graph.model import Dataset
from graph.readers.foreign.losses import Tally
from graph.readers.ftm_mapping import Mapping
from graph.readers.jsondata import MAX_JSON_DEPTH, depth, parse_json
from graph.readers.registry import Reader, register
from graph.report import ImportReport

Item = tuple[str, Any]  # where (line N or entry N), the parsed object
_ENTITY_START = re.compile(rb'\{\s*"(id|schema|properties)"\s*:')


def _is_entity(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("schema"), str)
        and isinstance(item.get("properties"), dict)
    )


def sniff(head: bytes) -> bool:
    """True when the first line is one FtM entity (JSON lines)."""
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)
    if not first[0].startswith(b"{"):
        return False
    try:
        return _is_entity(json.loads(first[0]))
    except ValueError:
        # A first line longer than the sniffed head: an entity begins with one of its own keys.
        return len(first) == 1 and _ENTITY_START.match(first[0]) is not None and b'"schema"' in first[0]


def accepts(data: Any) -> bool:
    """One FtM entity, or a JSON array of them."""
    if isinstance(data, list):
        sample = data[:50]
        return bool(sample) and all(_is_entity(item) for item in sample)
    return _is_entity(data) and "id" in data


def _not_json(value: str) -> Any:
    raise ValueError(f"{value} is not valid JSON")


def _json_lines(name: str, content: bytes, report: ImportReport) -> list[Item] | None:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.add("error", name, None, None, "the file is not UTF-8 text.", "save it as UTF-8 JSON lines.")
        return None
    items: list[Item] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line, parse_constant=_not_json)
        except (ValueError, RecursionError) as error:
            report.add(
                "error",
                name,
                number,
                None,
                f"line {number} is not valid JSON ({error}).",
                "write one FtM entity as one JSON object a line.",
            )
            return None
        if depth(item, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
            report.add("error", name, number, None, f"line {number} is nested too deep.", "flatten it.")
            return None
        items.append((f"line {number}", item))
    return items


def read(name: str, content: bytes) -> tuple[Dataset | None, ImportReport]:
    """Read FtM JSON lines, or one JSON array of entities."""
    report = ImportReport()
    stripped = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"["):
        parsed, data = parse_json(name, content, report)
        if not parsed:
            return None, report
        if not isinstance(data, list):
            report.add(
                "error", name, None, None, "the JSON is not a list of FtM entities.", "check the file."
            )
            return None, report
        return read_parsed(name, data, report), report
    if over_budget(name, content.count(b"\n"), report):
        return None, report
    items = _json_lines(name, content, report)
    if items is None:
        return None, report
    return read_items(name, items, report), report


def read_parsed(name: str, data: Any, report: ImportReport) -> Dataset | None:
    """A parsed JSON array of entities (or one entity)."""
    entries = data if isinstance(data, list) else [data]
    return read_items(name, [(f"entry {index}", item) for index, item in enumerate(entries, 1)], report)


def _check_item(where: str, item: Any, model: Any, tally: Tally) -> dict[str, Any] | None:
    """The item as FtM data for ``model.get_proxy``, or None (said in the report)."""
    if not isinstance(item, dict):
        tally.note("not-object", where, "warning", None, "entries are not JSON objects and were skipped")
        return None
    schema = item.get("schema")
    if not isinstance(schema, str) or model.get(schema) is None:
        tally.note(
            "schema",
            f"{where}: {str(schema)[:40]}",
            "warning",
            "schema",
            "entities have no schema FtM knows and were skipped",
            "use a schema of followthemoney's model (Person, Organization, Membership …).",
        )
        return None
    entity_id = item.get("id")
    if not isinstance(entity_id, str) or not entity_id.strip():
        tally.note(
            "id", where, "warning", "id", "entities have no id and were skipped", "give each entity an id."
        )
        return None
    raw = item.get("properties")
    if not isinstance(raw, dict):
        tally.note(
            "properties",
            where,
            "warning",
            "properties",
            "entities have no properties object and were skipped",
        )
        return None
    properties = _checked_properties(where, model.get(schema), raw, tally)
    return {"id": entity_id, "schema": schema, "properties": properties}


def _checked_properties(where: str, schema: Any, raw: dict[str, Any], tally: Tally) -> dict[str, list[Any]]:
    """The properties of the schema, with values FtM would drop said (by line and field)."""
    properties: dict[str, list[Any]] = {}
    for prop, values in raw.items():
        values = values if isinstance(values, list) else [values]
        found = schema.get(prop)
        if found is None:
            tally.note(
                "unknown-property",
                f"{where}: properties.{prop}",
                "warning",
                "properties",
                f"properties are not properties of their schema in FtM {_version()} and were dropped",
                "check the property names against followthemoney's model.",
            )
            continue
        for value in values:
            if not isinstance(value, str | int | float) or found.type.clean(value) is None:
                tally.note(
                    "bad-value",
                    f"{where}: properties.{prop} = {json.dumps(value, default=str)[:40]}",
                    "warning",
                    "properties",
                    "values are not valid for their property (FtM's checks) and were dropped",
                    "write dates as ISO dates, countries as ISO 3166 codes, references as entity ids.",
                )
        properties[prop] = [value for value in values if isinstance(value, str | int | float)]
    return properties


def _version() -> str:
    return version("followthemoney")


def _unnest(where: str, item: Any, model: Any, found: list[Item]) -> None:
    """An entity and the entities nested in its properties (OpenSanctions' ``targets.nested.json``
    puts adjacent entities there), each as an entity of its own: its place holds its id, and one
    reached through a reverse property (a Person's ``positionOccupancies``) names its parent (the
    Occupancy's ``holder``), which the nested form leaves out."""
    if not _is_entity(item):
        found.append((where, item))
        return
    schema = model.get(item["schema"])
    properties: dict[str, Any] = {}
    for prop, values in item["properties"].items():
        kept = []
        for value in values if isinstance(values, list) else [values]:
            if not (_is_entity(value) and isinstance(value.get("id"), str)):
                kept.append(value)
                continue
            reverse = (
                schema.get(prop).reverse if schema is not None and schema.get(prop) is not None else None
            )
            if reverse is not None and isinstance(item.get("id"), str):
                named = value["properties"].get(reverse.name)
                named = named if isinstance(named, list) else [] if named is None else [named]
                if item["id"] not in named:
                    value = {
                        **value,
                        "properties": {**value["properties"], reverse.name: [*named, item["id"]]},
                    }
            _unnest(where, value, model, found)
            kept.append(value["id"])
        properties[prop] = kept
    found.append((where, {**item, "properties": properties}))


def _proxies(name: str, items: list[Item], tally: Tally) -> dict[str, tuple[str, Any]]:
    """Every entity the model accepts, by FtM id (fragments of one id merged), with where it was."""
    from followthemoney import model
    from followthemoney.exc import InvalidData

    proxies: dict[str, tuple[str, Any]] = {}
    flat: list[Item] = []
    for where, item in items:
        _unnest(where, item, model, flat)
    for where, item in flat:
        tick()
        data = _check_item(where, item, model, tally)
        if data is None:
            continue
        try:
            proxy = model.get_proxy(data, cleaned=False)
        except InvalidData as error:
            tally.note(
                "invalid", f"{where}: {error}"[:80], "warning", None, "entities FtM refuses were skipped"
            )
            continue
        entity_id = str(data["id"])
        if entity_id in proxies:
            try:
                proxies[entity_id][1].merge(proxy)
            except InvalidData:
                tally.note(
                    "fragments",
                    f"{where}: {entity_id}",
                    "warning",
                    "schema",
                    "entities repeat an id with a schema that does not fit the first and were skipped",
                )
            continue
        proxies[entity_id] = (where, proxy)
    return proxies


def read_items(name: str, items: list[Item], report: ImportReport) -> Dataset | None:
    """Our tables from FtM entities: checked by followthemoney, mapped, then checked as ours."""
    tally = Tally(report, name)
    proxies = _proxies(name, items, tally)
    if not proxies:
        tally.flush()
        report.add("error", name, None, None, "the file holds no FtM entity we can read.", "check the file.")
        return None
    mapping = Mapping(name, {key: proxy for key, (_, proxy) in proxies.items()}, tally)
    mapping.read_all()
    tally.flush()
    mapping.summarise(report)
    checks = ImportReport()
    checked = check_rows(dataset_rows(mapping.dataset()), name, checks, clean=True)
    for issue in checks.issues:
        if "extra column 'iso3'" not in issue.message:  # our states' code: not news to the user
            # The tables were made here, not read from CSV files: name the FtM file and the table.
            report.append(replace(issue, file=f"{name} ({issue.file.removesuffix('.csv')})", line=None))
    report.suppressed.update(checks.suppressed)
    return checked


register(
    Reader(
        "ftm",
        "FollowTheMoney entities (Aleph, OpenSanctions)",
        (".json", ".jsonl", ".ftm"),
        sniff,
        read,
        accepts,
        read_parsed,
    )
)
