"""Standalone HTML: one file that opens by double-click, offline, with the same picture.

vis-network is inlined (no CDN, no Bootstrap). The graph, legend and every entity's
details with citations travel as JSON in a ``<script type="application/json">`` block
(``<`` escaped), and the page script puts text in with ``textContent`` only.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from graph.assets import vis_network_source
from graph.details import edge_details, entity_details
from graph.export import ExportContext, Exporter, register

PAGE_SCRIPT = r"""
(function () {
  const data = JSON.parse(document.getElementById("agx-data").textContent);
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls; return e; };
  const safeUrl = (url) => { try { const u = new URL(url); return (u.protocol === "https:" || u.protocol === "http:") ? u.href : null; }
    catch (e) { return null; } };
  const tip = (text) => { const d = el("div", text, "tip"); return d; };
  const nodes = new vis.DataSet(data.payload.nodes.map((n) => Object.assign({}, n, { title: tip(n.title) })));
  const edges = new vis.DataSet(data.payload.edges.map((e) => Object.assign({}, e, { title: tip(e.title) })));
  const container = document.getElementById("graph");
  const network = new vis.Network(container, { nodes, edges }, data.payload.options);
  container.network = network;
  network.once("afterDrawing", () => { network.fit({ animation: false }); container.dataset.ready = "true"; });
  const legend = document.getElementById("legend");
  legend.appendChild(el("h2", "Legend"));
  for (const item of data.payload.legend.nodes) {
    const row = el("div", "", "row"); const s = el("span", "", "dot"); s.style.background = item.color;
    row.append(s, el("span", item.label)); legend.appendChild(row);
  }
  for (const item of data.payload.legend.edges) {
    if (!item.negative) continue;
    const row = el("div", "", "row"); const s = el("span", "", "line"); s.style.borderTop = "3px dashed " + item.color;
    row.append(s, el("span", item.label + " (negative)")); legend.appendChild(row);
  }
  const plain = el("div", "", "row"); const line = el("span", "", "line"); line.style.borderTop = "2px solid #8A8A8A";
  plain.append(line, el("span", "relation (arrow: subject → object)")); legend.appendChild(plain);
  for (const note of data.payload.legend.notes) legend.appendChild(el("div", note, "note"));

  const details = document.getElementById("details");
  const citations = (list) => {
    const ul = el("ul");
    for (const c of list) {
      const li = el("li"); const url = safeUrl(c.url);
      if (url) { const a = el("a", c.title); a.href = url; a.rel = "noopener noreferrer"; a.target = "_blank"; li.appendChild(a); }
      else li.appendChild(el("span", c.title));
      li.appendChild(el("span", [c.publisher, c.published, c.locator].filter(Boolean).map((x) => ", " + x).join("")));
      if (c.note) li.appendChild(el("div", c.note, "note"));
      ul.appendChild(li);
    }
    return ul;
  };
  const showNode = (id) => {
    const info = data.details[id]; if (!info) return;
    details.replaceChildren(el("h2", info.label), el("div", info.type + " · " + info.id, "muted"));
    if (info.description) details.appendChild(el("p", info.description));
    for (const fact of info.facts) {
      details.appendChild(el("h3", fact.attribute + (fact.conflict ? " — sources disagree" : "")));
      for (const v of fact.values) { details.appendChild(el("div", v.value + (v.period ? " (" + v.period + ")" : ""), "value"));
        details.appendChild(citations(v.citations)); }
    }
    details.appendChild(el("h3", "Relations"));
    for (const r of info.relations) {
      details.appendChild(el("div", r.text + (r.period ? " (" + r.period + ")" : ""), r.negative ? "value negative" : "value"));
      details.appendChild(citations(r.citations));
    }
    details.dataset.selected = id;
  };
  const showEdge = (id) => {
    const info = data.edge_details[id]; if (!info) return;
    details.replaceChildren(el("h2", "Relation"), el("div", info.text + (info.period ? " (" + info.period + ")" : ""), "value"),
      citations(info.citations));
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


def _citations(items) -> list[dict[str, str]]:
    return [
        {
            "title": c.title,
            "publisher": c.publisher,
            "published": c.published,
            "url": c.url,
            "locator": c.locator,
            "note": c.note,
        }
        for c in items
    ]


def _json_for_script(value: Any) -> str:
    """JSON that cannot close the script element it sits in."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_data(context: ExportContext) -> dict[str, Any]:
    G = context.G
    details = {}
    for node in context.view:
        info = entity_details(G, node)
        details[node] = {
            "id": node,
            "label": info["label"],
            "type": info["type"],
            "description": info["description"],
            "facts": [
                {
                    "attribute": fact["attribute"],
                    "conflict": fact["conflict"],
                    "values": [
                        {"value": v["value"], "period": v["period"], "citations": _citations(v["citations"])}
                        for v in fact["values"]
                    ],
                }
                for fact in info["facts"]
            ],
            "relations": [
                {
                    "text": (
                        f"{info['label']} {r['relation']} {r['other_label']}"
                        if r["outgoing"]
                        else f"{r['other_label']} {r['relation']} {info['label']}"
                    )
                    + (f" ({r['role']})" if r["role"] else ""),
                    "period": r["period"],
                    "negative": r["negative"],
                    "citations": _citations(r["citations"]),
                }
                for r in info["relations"]
            ],
        }
    edge_info = {}
    for edge in context.edges:
        info = edge_details(G, edge["id"])
        edge_info[edge["id"]] = {
            "text": f"{info['subject_label']} {info['relation']} {info['object_label']}"
            + (f" ({info['role']})" if info["role"] else ""),
            "period": info["period"],
            "citations": _citations(info["citations"]),
        }
    return {
        "payload": context.payload,
        "details": details,
        "edge_details": edge_info,
        "selected": context.payload.get("selected"),
    }


def write_html(context: ExportContext) -> bytes:
    title = f"Alliance Graph Explorer — {context.G.graph.get('name', 'graph')}"
    summary = (
        f"{context.view.number_of_nodes()} entities, {context.view.number_of_edges()} relations"
        f", as of {context.spec.as_of or 'any date'}. Click a node or a relation for its sources."
    )
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n"
        f"<script>\n{vis_network_source()}\n</script>\n</head>\n<body>\n"
        f"<header><h1>{escape(title)}</h1><p>{escape(summary)}</p></header>\n"
        '<div id="stage"><div id="graph" data-testid="graph-view"></div><aside id="legend"></aside></div>\n'
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
