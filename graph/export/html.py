"""Standalone HTML: one file that opens by double-click, offline, with the same picture.

vis-network is inlined (no CDN, no Bootstrap). The graph, the legend and one table each of
entities, sources, relations, citations and facts travel as JSON in a ``<script
type="application/json">`` block (``<`` escaped); the page computes a node's details and
tooltips when they are asked for, and puts text in with ``textContent`` only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any

import networkx as nx

from graph.assets import vis_network_source
from graph.draw.items import edge_id
from graph.export.csv_formats import NOTE_COLUMNS, view_notes
from graph.export.registry import ExportContext, Exporter, register
from graph.settings import limit
from graph.vocabulary import phrases

PAGE_SCRIPT = r"""
(function () {
  const data = JSON.parse(document.getElementById("agx-data").textContent);
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls; return e; };
  const safeUrl = (url) => { try { const u = new URL(url); return (u.protocol === "https:" || u.protocol === "http:") ? u.href : null; }
    catch (e) { return null; } };
  const period = (start, end) => start && end ? start + " – " + end : start ? "from " + start : end ? "until " + end : "";
  // One table each: entities (drawn first), sources, relations, their citations, facts.
  const E = data.entities, S = data.sources, R = data.relations;
  const ID = 0, LABEL = 1, TYPE = 2, DESCRIPTION = 3, CONFLICTS = 4, X = 5, Y = 6, SIZE = 7, STYLE = 8;
  const SUBJECT = 0, OBJECT = 1, KEY = 2, RELATION = 3, START = 4, END = 5, ROLE = 6, NEGATIVE = 7, CONFLICT = 8,
    EDGE_STYLE = 9, EDGE_LABEL = 10;
  const byId = new Map(E.map((row, index) => [row[ID], index]));
  const citationsOf = R.map(() => []);
  for (const [relation, source, locator, note] of data.citations) citationsOf[relation].push([source, locator, note]);
  const relationsOf = E.map(() => []);
  R.forEach((row, index) => { relationsOf[row[SUBJECT]].push(index); if (row[OBJECT] !== row[SUBJECT]) relationsOf[row[OBJECT]].push(index); });
  const factsOf = E.map(() => []);
  for (const fact of data.facts) factsOf[fact[0]].push(fact);
  const edgeId = (row) => E[row[SUBJECT]][ID] + "\u241f" + E[row[OBJECT]][ID] + "\u241f" + row[KEY];
  const edgeIndex = new Map();

  const nodes = new vis.DataSet(), edges = new vis.DataSet();
  const nodeItems = [];
  for (const row of E) {
    if (row[STYLE] < 0) break;  // entities beyond the drawn ones only name the other ends of relations
    const item = Object.assign({ id: row[ID], label: row[LABEL], size: row[SIZE] }, data.node_styles[row[STYLE]]);
    if (row[X] !== null) { item.x = row[X]; item.y = row[Y]; }
    nodeItems.push(item);
  }
  nodes.add(nodeItems);
  const edgeItems = [];
  const layer = new Map();  // large views: links drawn under the nodes in one pass per look
  R.forEach((row, index) => {
    if (row[EDGE_STYLE] < 0) return;
    if (data.edge_layer) {
      const look = data.edge_styles[row[EDGE_STYLE]];
      const colour = (look.color && look.color.color) || "#8A8A8A";
      const key = colour + "|" + (look.width || 1) + "|" + (look.dashes ? 1 : 0);
      if (!layer.has(key)) layer.set(key, { colour, width: look.width || 1, dashed: !!look.dashes, ends: [] });
      layer.get(key).ends.push(E[row[SUBJECT]][ID], E[row[OBJECT]][ID]);
      return;
    }
    const id = edgeId(row); edgeIndex.set(id, index);
    const item = Object.assign({ id: id, from: E[row[SUBJECT]][ID], to: E[row[OBJECT]][ID], relation: row[RELATION] },
      data.edge_styles[row[EDGE_STYLE]]);
    if (row[EDGE_LABEL]) item.label = data.phrases[row[RELATION]] || row[RELATION];
    edgeItems.push(item);
  });
  edges.add(edgeItems);
  const container = document.getElementById("graph");
  const network = new vis.Network(container, { nodes, edges }, data.options);
  container.network = network;
  if (data.edge_layer) network.on("beforeDrawing", (context) => {
    const drawn = network.body.nodes; const scale = network.getScale();
    for (const batch of layer.values()) {
      context.beginPath();
      for (let i = 0; i < batch.ends.length; i += 2) {
        const a = drawn[batch.ends[i]], b = drawn[batch.ends[i + 1]];
        if (a && b) { context.moveTo(a.x, a.y); context.lineTo(b.x, b.y); }
      }
      context.strokeStyle = batch.colour; context.lineWidth = batch.width / scale;
      context.setLineDash(batch.dashed ? [6 / scale, 4 / scale] : []); context.stroke();
    }
    context.setLineDash([]);
  });
  network.once("afterDrawing", () => { network.fit({ animation: false }); container.dataset.ready = "true"; });

  // Tooltips are written when hovered, as text: none is built for items nobody points at.
  const tip = document.getElementById("tip");
  const nodeTip = (index) => { const row = E[index];
    const lines = [row[LABEL] + " (" + row[TYPE] + ")", row[ID]];
    if (row[DESCRIPTION]) lines.push(row[DESCRIPTION]);
    if (row[CONFLICTS].length) lines.push("Sources disagree on: " + row[CONFLICTS].join(", "));
    return lines.join("\n"); };
  // A relation as one line, as graph.vocabulary.relation_sentence writes it for the app and the CLI.
  const sentence = (subject, relation, object, role, when) =>
    subject + " " + (data.phrases[relation] || relation.replaceAll("_", " ")) + " " + object + (role ? " as " + role : "") + (when ? " (" + when + ")" : "");
  const relationText = (row) => sentence(E[row[SUBJECT]][LABEL], row[RELATION], E[row[OBJECT]][LABEL], row[ROLE], period(row[START], row[END]));
  const edgeTip = (index) => { const row = R[index];
    const lines = [relationText(row)];
    for (const source of [...new Set(citationsOf[index].map((c) => c[0]))]) lines.push("• " + (S[source][1] || S[source][0]) + " (" + (S[source][2] || "unknown publisher") + ")");
    if (row[CONFLICT]) lines.push("Sources disagree on the dates.");
    return lines.join("\n"); };
  const showTip = (text, event) => { tip.textContent = text; tip.style.left = (event.pointer.DOM.x + 14) + "px";
    tip.style.top = (event.pointer.DOM.y + 14) + "px"; tip.style.visibility = "visible"; };
  network.on("hoverNode", (p) => showTip(nodeTip(byId.get(p.node)), p));
  network.on("hoverEdge", (p) => { if (edgeIndex.has(p.edge)) showTip(edgeTip(edgeIndex.get(p.edge)), p); });
  network.on("blurNode", () => { tip.style.visibility = "hidden"; });
  network.on("blurEdge", () => { tip.style.visibility = "hidden"; });

  const legend = document.getElementById("legend");
  legend.appendChild(el("h2", "Legend"));
  for (const item of data.legend.nodes) {
    const row = el("div", "", "row"); const s = el("span", "", "dot"); s.style.background = item.color;
    row.append(s, el("span", item.label)); legend.appendChild(row);
  }
  for (const item of data.legend.edges) {
    if (!item.change) continue;  // a view comparing two dates: what changed, in colour
    const row = el("div", "", "row"); const s = el("span", "", "line"); s.style.borderTop = "3px solid " + item.color;
    row.append(s, el("span", item.label)); legend.appendChild(row);
  }
  for (const item of data.legend.edges) {
    if (!item.negative) continue;
    const row = el("div", "", "row"); const s = el("span", "", "line"); s.style.borderTop = "3px dashed " + item.color;
    row.append(s, el("span", item.label + " (negative)")); legend.appendChild(row);
  }
  const plain = el("div", "", "row"); const line = el("span", "", "line"); line.style.borderTop = "2px solid #8A8A8A";
  const words = data.legend.undirected ? "link (no direction: the file says so)" : "relation (arrow: subject → object)";
  plain.append(line, el("span", words)); legend.appendChild(plain);
  for (const note of data.legend.notes) legend.appendChild(el("div", note, "note"));

  const details = document.getElementById("details");
  const citations = (list) => {
    const ul = el("ul");
    for (const [source, locator, note] of list) {
      const [id, title, publisher, published, url] = S[source];
      const li = el("li"); const href = safeUrl(url);
      if (href) { const a = el("a", title || id); a.href = href; a.rel = "noopener noreferrer"; a.target = "_blank"; li.appendChild(a); }
      else li.appendChild(el("span", title || id));
      li.appendChild(el("span", [publisher, published, locator].filter(Boolean).map((x) => ", " + x).join("")));
      if (note) li.appendChild(el("div", note, "note"));
      ul.appendChild(li);
    }
    return ul;
  };
  const showNode = (id) => {
    const index = byId.get(id); if (index === undefined) return; const info = E[index];
    details.replaceChildren(el("h2", info[LABEL]), el("div", info[TYPE] + " · " + info[ID], "muted"));
    if (info[DESCRIPTION]) details.appendChild(el("p", info[DESCRIPTION]));
    const facts = new Map();
    for (const fact of factsOf[index]) { if (!facts.has(fact[1])) facts.set(fact[1], []); facts.get(fact[1]).push(fact); }
    for (const attribute of [...facts.keys()].sort()) {
      details.appendChild(el("h3", attribute + (info[CONFLICTS].includes(attribute) ? " — sources disagree" : "")));
      for (const [, , value, start, end, list] of facts.get(attribute)) { const p = period(start, end);
        details.appendChild(el("div", value + (p ? " (" + p + ")" : ""), "value")); details.appendChild(citations(list)); }
    }
    details.appendChild(el("h3", "Relations"));
    const rows = relationsOf[index].map((r) => { const row = R[r]; const outgoing = row[SUBJECT] === index;
      return { r, row, outgoing, other: E[outgoing ? row[OBJECT] : row[SUBJECT]][LABEL] }; });
    rows.sort((a, b) => a.row[RELATION].localeCompare(b.row[RELATION]) || (a.outgoing === b.outgoing ? 0 : a.outgoing ? -1 : 1)
      || a.other.localeCompare(b.other) || (a.row[START] || "").localeCompare(b.row[START] || ""));
    for (const { r, row } of rows) {
      details.appendChild(el("div", relationText(row), row[NEGATIVE] ? "value negative" : "value"));
      details.appendChild(citations(citationsOf[r]));
    }
    // Notes: [entity, subject, relation, object, text, author, written]; remarks, never relations.
    const notes = data.notes.filter((n) => n[0] === id || n[3] === id);
    if (notes.length) details.appendChild(el("h3", "Notes"));
    for (const [, subject, relation, object, text, author, written] of notes) {
      details.appendChild(el("div", text, "value"));
      const about = relation ? "on " + [subject, relation, object].join(" ") + " · " : "";
      details.appendChild(el("div", about + (author || "someone") + ", " + written.slice(0, 10), "note"));
    }
    details.dataset.selected = id;
  };
  const showEdge = (id) => {
    const index = edgeIndex.get(id); if (index === undefined) return; const row = R[index];
    details.replaceChildren(el("h2", "Relation"), el("div", relationText(row), "value"),
      citations(citationsOf[index]));
    details.dataset.selected = id;
  };
  network.on("click", (p) => { if (p.nodes.length) showNode(p.nodes[0]); else if (p.edges.length) showEdge(p.edges[0]); });
  if (data.selected) { network.selectNodes([data.selected]); showNode(data.selected); }
})();
"""

STYLE = """
body { margin: 0; font-family: sans-serif; color: #222; display: grid; grid-template-columns: 1fr 360px;
       grid-template-rows: auto 1fr; height: 100vh; }
header { grid-column: 1 / 3; padding: 8px 16px; border-bottom: 1px solid #ddd; }
header h1 { font-size: 18px; margin: 0; } header p { margin: 2px 0 0; font-size: 12px; color: #555; }
#stage { position: relative; }
#graph { position: absolute; inset: 0; }
#legend { position: absolute; top: 8px; left: 8px; background: rgba(255,255,255,.92); border: 1px solid #ddd;
          border-radius: 6px; padding: 6px 10px; font-size: 12px; }
#legend h2 { font-size: 13px; margin: 0 0 4px; } .row { display: flex; gap: 6px; align-items: center; }
.dot { display: inline-block; width: 11px; height: 11px; border-radius: 50%; } .line { display: inline-block; width: 22px; }
#details { overflow: auto; padding: 8px 14px; border-left: 1px solid #ddd; font-size: 13px; }
#details h2 { font-size: 17px; margin: 6px 0; } #details h3 { font-size: 14px; margin: 12px 0 4px; }
.muted, .note { color: #666; font-size: 12px; } .value { font-weight: 600; margin-top: 6px; } .negative { color: #a00; }
ul { margin: 2px 0 6px 16px; padding: 0; } .tip { white-space: pre-wrap; max-width: 360px; font-size: 12px; }
div.vis-tooltip { position: absolute; visibility: hidden; padding: 6px 8px; background: #fffbe6; border: 1px solid #808074;
                  border-radius: 3px; font-size: 12px; pointer-events: none; }
"""


def _json_for_script(value: Any) -> str:
    """JSON that cannot close the script element it sits in."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


NODE_ITEM_DATA = ("id", "label", "title", "x", "y", "size", "type", "group_name", "faded", "conflict")
EDGE_ITEM_DATA = ("id", "from", "to", "relation", "title", "label")


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a look's value: flat dicts and lists by content, nested ones by
    identity (the payload shares one colour object among the nodes of one colour)."""
    if isinstance(value, dict):
        items = tuple(value.items())
        return items if all(not isinstance(item, dict | list) for _, item in items) else id(value)
    if isinstance(value, list):
        return tuple(value) if all(not isinstance(item, dict | list) for item in value) else id(value)
    return value


def _style_index(
    styles: dict[Any, tuple[int, dict[str, Any]]], item: Mapping[str, Any], skip: tuple[str, ...]
) -> int:
    """The index of an item's look (colour, shape, dashes …) in a table of distinct looks."""
    look = {name: value for name, value in item.items() if name not in skip}
    key = tuple((name, _frozen(value)) for name, value in look.items())
    if key not in styles:
        styles[key] = (len(styles), look)
    return styles[key][0]


@dataclass
class PageTables:
    """The page's tables, filled in the order the page reads them: an entity, a source, a look
    each get the next row the first time they are met."""

    G: nx.MultiDiGraph
    node_styles: dict[Any, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    edge_styles: dict[Any, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    entities: list[list[Any]] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)  # entity id → row
    sources: dict[str, int] = field(default_factory=dict)  # source id → row
    source_rows: list[list[str]] = field(default_factory=list)
    relations: list[list[Any]] = field(default_factory=list)
    citations: list[list[Any]] = field(default_factory=list)
    facts: list[list[Any]] = field(default_factory=list)

    def add_entity(self, node: str, item: Mapping[str, Any] | None) -> int:
        """An entity's row; ``item`` is its drawn node, None for one that only ends a relation."""
        data = self.G.nodes[node]
        self.index[node] = len(self.entities)
        self.entities.append(
            [
                node,
                data.get("label", node),
                data.get("type", ""),
                data.get("description", ""),
                list(data.get("conflicts", [])),
                None if item is None else item.get("x"),
                None if item is None else item.get("y"),
                None if item is None else item["size"],
                -1 if item is None else _style_index(self.node_styles, item, NODE_ITEM_DATA),
            ]
        )
        return self.index[node]

    def source_index(self, source_id: str) -> int:
        if source_id not in self.sources:
            source = self.G.graph.get("sources", {}).get(source_id, {})
            self.sources[source_id] = len(self.source_rows)
            self.source_rows.append(
                [
                    source_id,
                    source.get("title") or "",
                    source.get("publisher") or "",
                    source.get("published") or "",
                    source.get("url") or "",
                ]
            )
        return self.sources[source_id]

    def incident_edges(self) -> list[tuple[str, str, str, dict[str, Any]]]:
        """Every relation of the entities listed so far, in the whole graph (once or twice each)."""
        G, drawn_nodes = self.G, list(self.index)
        if len(drawn_nodes) * 4 > G.number_of_nodes():  # most of the graph: one pass over its edges
            return [
                edge
                for edge in G.edges(keys=True, data=True)
                if edge[0] in self.index or edge[1] in self.index
            ]
        return [
            edge
            for node in drawn_nodes
            for edge in [*G.out_edges(node, keys=True, data=True), *G.in_edges(node, keys=True, data=True)]
        ]

    def add_relations(self, drawn: Mapping[str, Mapping[str, Any]]) -> None:
        """The relations of the drawn entities with their citations (``drawn``: edge items by id)."""
        seen: set[tuple[str, str, str]] = set()
        for subject, target, key, data in self.incident_edges():
            if (subject, target, key) in seen:
                continue
            seen.add((subject, target, key))
            ends = [
                self.index[end] if end in self.index else self.add_entity(end, None)
                for end in (subject, target)
            ]
            drawn_edge = drawn.get(edge_id(subject, target, key))
            relation_index = len(self.relations)
            self.relations.append(
                [
                    ends[0],
                    ends[1],
                    key,
                    data["relation"],
                    data.get("start"),
                    data.get("end"),
                    data.get("role") or "",
                    1 if data.get("negative") else 0,
                    1 if data.get("conflict") else 0,
                    -1 if drawn_edge is None else _style_index(self.edge_styles, drawn_edge, EDGE_ITEM_DATA),
                    1 if drawn_edge is not None and "label" in drawn_edge else 0,
                ]
            )
            for evidence in data.get("evidence", []):
                self.citations.append(
                    [
                        relation_index,
                        self.source_index(evidence["source"]),
                        evidence.get("locator") or "",
                        evidence.get("note") or "",
                    ]
                )

    def add_facts(self, nodes: list[str]) -> None:
        """The sourced values of each of ``nodes`` (attribute claims), with their citations."""
        for node in nodes:
            for attribute, values in sorted(self.G.nodes[node].get("facts", {}).items()):
                for value in values:
                    self.facts.append(
                        [
                            self.index[node],
                            attribute,
                            value["value"],
                            value["start"],
                            value["end"],
                            [
                                [self.source_index(e["source"]), e.get("locator") or "", e.get("note") or ""]
                                for e in value["evidence"]
                            ],
                        ]
                    )


def page_data(context: ExportContext) -> dict[str, Any]:
    """The page's data as tables: entities, sources, relations, citations, facts, and the drawn looks.

    Details and tooltips are computed in the page when asked for, from these tables, rather
    than written out for every node (a 10,000-node page: 25 MB before, a few MB now). The
    relations are every relation of a drawn entity in the whole graph, as the app shows them.
    """
    tables = PageTables(context.G)
    for item in context.payload["nodes"]:
        tables.add_entity(item["id"], item)
    tables.add_relations({item["id"]: item for item in context.payload["edges"]})
    tables.add_facts([item["id"] for item in context.payload["nodes"]])
    return {
        "options": context.payload["options"],
        # Above limit("edge_layer") links the page draws them as one layer, as the app does (vis-network
        # spends about 100 µs per edge item here: 2 s of a 20,000-link page's first draw).
        "edge_layer": len(context.payload["edges"]) > limit("edge_layer"),
        "legend": context.payload["legend"],
        "selected": context.payload.get("selected"),
        "node_styles": [look for _, look in tables.node_styles.values()],
        "edge_styles": [look for _, look in tables.edge_styles.values()],
        "entities": tables.entities,
        "sources": tables.source_rows,
        "relations": tables.relations,
        "citations": tables.citations,
        "facts": tables.facts,
        "phrases": phrases(),  # how each relation reads (graph.vocabulary)
        "notes": [[note[column] for column in NOTE_COLUMNS] for note in view_notes(context)],
    }


def write_html(context: ExportContext) -> bytes:
    title = f"Alliance Graph Explorer — {context.G.graph.get('name', 'graph')}"
    summary = (
        f"{context.view.number_of_nodes()} entities, {context.view.number_of_edges()} relations"
        f", as of {context.spec.as_of or 'any date'}. Click a node or a relation for its sources."
    )
    if context.view.number_of_edges() > limit("edge_layer"):
        summary += " Links are drawn as one layer (no hover): click a node to read its relations."
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n"
        f"<script>\n{vis_network_source()}\n</script>\n</head>\n<body>\n"
        f"<header><h1>{escape(title)}</h1><p>{escape(summary)}</p></header>\n"
        '<div id="stage"><div id="graph" data-testid="graph-view"></div><aside id="legend"></aside>'
        '<div id="tip" class="tip vis-tooltip"></div></div>\n'
        '<aside id="details"><p class="muted">Click a node or a relation to see its sources.</p></aside>\n'
        f'<script type="application/json" id="agx-data">{_json_for_script(page_data(context))}</script>\n'
        f"<script>{PAGE_SCRIPT}</script>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


register(
    Exporter(
        "html",
        "html",
        "text/html",
        "Standalone web page (offline, click for sources)",
        write_html,
        "Chromium, offline",
    )
)
