// The graph view: vis-network hosted in a Streamlit custom component (v2).
// Python sends {nodes, edges, legend, options, selected, vis_url}; clicks go back as triggers.
// User text is only ever set with textContent (tooltips, legend), never as HTML.

const LOADING = "__agxVisLoading";

function loadVis(url) {
  if (window.vis && window.vis.Network) return Promise.resolve(window.vis);
  if (!window[LOADING]) {
    window[LOADING] = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => resolve(window.vis);
      script.onerror = () => reject(new Error("could not load " + url));
      document.head.appendChild(script);
    });
  }
  return window[LOADING];
}

function textElement(text) {
  const element = document.createElement("div");
  element.className = "agx-tip";
  element.textContent = text;
  return element;
}

function prepareNodes(nodes, dragged) {
  // Labels are drawn by drawLabels, not by vis-network (whose labels shrink with the zoom).
  return nodes.map((node) => {
    const copy = Object.assign({}, node, {
      title: textElement(node.title || ""), label: undefined, agxLabel: node.label || node.id,
    });
    const moved = dragged.get(node.id);
    if (moved) { copy.x = moved.x; copy.y = moved.y; }
    return copy;
  });
}

// ---- Labels: always LABEL_FONT pixels on screen, never on top of one another -----------------
// Each label goes to the right of its node, else below, left or above, wherever it covers no
// other label and no other node; the most important nodes (the selection, the emphasised, then
// the largest) are placed first, and a label with no free place waits until one zooms in.
// Longer names are cut (graph/draw/readable.py's LABEL_CHARS); the tooltip and panel give them whole.

const LABEL_FONT = 12;
const LABEL_CHARS = 26;
const CELL = 64;

function canvasLabel(label) {
  const text = String(label || "");
  return text.length <= LABEL_CHARS ? text : text.slice(0, LABEL_CHARS - 1).trimEnd() + "…";
}

// Marks (payload.marks, ui/graph_view.py with_marks): who joined (began) or left (ended) at a
// timeline step, or changed between two compared dates: ringed in the change's colour and,
// like the selection and the emphasised, always named. The colours are the change colours of
// the legend (payload.mark_colours).

function labelItems(data) {
  const marks = data.marks || {};
  const colours = data.mark_colours || {};
  return data.nodes
    .filter((node) => node.label)
    .map((node) => ({
      id: node.id,
      text: canvasLabel(node.label),
      bold: node.id === data.selected || !!node.emphasis || !!marks[node.id],
      mark: marks[node.id] ? colours[marks[node.id]] || "#222222" : undefined,
      dim: !!node.dim && !marks[node.id],
      weight: (node.id === data.selected ? 1e9 : 0) + (node.emphasis ? 1e6 : 0) +
        (marks[node.id] ? 1e5 : 0) + (node.size || 0),
    }))
    .sort((a, b) => b.weight - a.weight);
}

function drawMarks(host, context) {
  // In canvas coordinates (afterDrawing's context): a ring around each marked node.
  const nodes = host.network.body.nodes;
  const scale = host.network.getScale();
  context.save();
  for (const item of host.labelItems || []) {
    const node = item.mark && nodes[item.id];
    if (!node || node.options.hidden) continue;
    context.beginPath();
    context.arc(node.x, node.y, (node.options.size || 10) + 4 / scale, 0, 2 * Math.PI);
    context.strokeStyle = item.mark;
    context.lineWidth = 3 / scale;  // the same on screen at every zoom
    context.stroke();
  }
  context.restore();
}

const MAX_FIT_SCALE = 1.6;  // a small view is not blown up beyond this when fitted

function hideTips(host) {
  // vis-network shows a hover tooltip until the pointer blurs its item, which it misses when the
  // pointer leaves the canvas or the view moves under it (a fit): hide it then ourselves.
  for (const tip of host.querySelectorAll(".vis-tooltip")) tip.style.visibility = "hidden";
}

function closeHelp(root) {
  const help = root && root.querySelector(".agx-help");
  if (help && help.open) help.open = false;
}

function watchHelp(parentElement) {
  // The Keys pop-up closes on Escape and on any click outside it (another tab, the canvas…).
  const help = parentElement.querySelector(".agx-help");
  if (!help || help.dataset.watched) return;
  help.dataset.watched = "1";
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") closeHelp(parentElement); }, true);
  document.addEventListener("pointerdown", (event) => {
    if (!event.composedPath().includes(help)) closeHelp(parentElement);
  }, true);
}

function fitLegend(parentElement) {
  // The legend wraps; the canvas gives up the height of its extra lines, so the page never scrolls.
  const bar = parentElement.querySelector(".agx-bar");
  const wrap = parentElement.querySelector(".agx-wrap");
  if (!bar || !wrap) return;
  const extra = Math.max(0, Math.round(bar.getBoundingClientRect().height) - 24);
  wrap.style.setProperty("--agx-legend-extra", extra + "px");
}

function fit(host, animate) {
  const network = host.network;
  hideTips(host);
  network.fit({ animation: false });
  if (network.getScale() > MAX_FIT_SCALE) {
    network.moveTo({ scale: MAX_FIT_SCALE, animation: false });
  }
  if (animate) {
    const target = { position: network.getViewPosition(), scale: network.getScale() };
    network.moveTo(Object.assign(target, { animation: { duration: 300 } }));
  }
}

function allOnScreen(host) {
  const network = host.network, width = host.clientWidth, height = host.clientHeight;
  const positions = network.getPositions();
  return Object.values(positions).every((position) => {
    const point = network.canvasToDOM(position);
    return point.x >= 0 && point.y >= 0 && point.x <= width && point.y <= height;
  });
}

function fitFrame(host, frame) {
  // Frame [minX, minY, maxX, maxY]: every position the view's layout holds, whatever the date.
  const [left, top, right, bottom] = frame;
  const margin = 40;
  const scale = Math.min(
    (host.clientWidth - 2 * margin) / Math.max(right - left, 1),
    (host.clientHeight - 2 * margin) / Math.max(bottom - top, 1),
    MAX_FIT_SCALE,
  );
  host.network.moveTo({ position: { x: (left + right) / 2, y: (top + bottom) / 2 }, scale, animation: false });
}

function keepOrFit(host, data, viewport) {
  // The node set changed. In the same layout (a timeline step, a filter on dates) every node keeps
  // its place: keep the viewport while all of them are on screen, else show the whole frame of the
  // layout, so that the steps after it do not move the view again. A new layout is fitted.
  if (data.frame_key && data.frame_key === host.frameKey) {
    if (viewport) host.network.moveTo({ position: viewport.position, scale: viewport.scale, animation: false });
    if (allOnScreen(host)) return;
    if (data.frame) { fitFrame(host, data.frame); return; }
  }
  fit(host, false);
}

function drawLabels(host, context) {
  const items = host.labelItems || [];
  const network = host.network;
  const drawn = [];
  if (!items.length) { host.labelsDrawn = drawn; return; }
  const canvas = context.canvas;
  const width = canvas.clientWidth, height = canvas.clientHeight;
  const ratio = canvas.width / Math.max(width, 1);
  const scale = network.getScale();
  const translation = network.body.view.translation;
  const nodes = network.body.nodes;
  const grid = new Map();
  const cells = (box, visit) => {
    for (let cx = Math.floor(box.left / CELL); cx <= Math.floor(box.right / CELL); cx++) {
      for (let cy = Math.floor(box.top / CELL); cy <= Math.floor(box.bottom / CELL); cy++) {
        if (visit(cx + ":" + cy) === false) return false;
      }
    }
    return true;
  };
  const add = (box) => cells(box, (key) => { if (!grid.has(key)) grid.set(key, []); grid.get(key).push(box); });
  // ``overNodes``: the label may cover other nodes (never other labels): the leading names of a
  // crowded view sit among many dots.
  const free = (box, overNodes) => cells(box, (key) => !(grid.get(key) || []).some((other) =>
    other.owner !== box.owner && !(overNodes && other.node) && box.left < other.right - 1 &&
    box.right > other.left + 1 && box.top < other.bottom - 1 && box.bottom > other.top + 1));
  const placed = [];
  for (const item of items) {
    const node = nodes[item.id];
    if (!node || node.options.hidden) continue;
    const x = node.x * scale + translation.x, y = node.y * scale + translation.y;
    const r = (node.options.size || 10) * scale;
    if (x + r < 0 || y + r < 0 || x - r > width || y - r > height) continue;
    add({ left: x - r, top: y - r, right: x + r, bottom: y + r, owner: item.id, node: true });
    placed.push([item, x, y, r]);
  }
  context.save();
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.textBaseline = "middle";
  context.lineJoin = "round";
  // The most important names are tried whatever the zoom; the others once their node is drawn
  // large enough to be told apart (zoom in to read them).
  const leaders = Math.max(20, Math.ceil(placed.length / 20));
  for (const [rank, [item, x, y, r]] of placed.entries()) {
    if (r < 2.5 && !item.bold && rank >= leaders) continue;
    const size = item.bold ? LABEL_FONT + 1 : LABEL_FONT;
    context.font = (item.bold ? "600 " : "") + size + "px sans-serif";
    const w = context.measureText(item.text).width, h = size * 1.25;
    const spots = [[x + r + 3, y - h / 2], [x - w / 2, y + r + 1], [x - r - 3 - w, y - h / 2], [x - w / 2, y - r - 1 - h]];
    const inside = (left, top) => left >= 0 && top >= 0 && left + w <= width && top + h <= height;
    const fits = (overNodes) => spots.find(([left, top]) => inside(left, top) &&
      free({ left, top, right: left + w, bottom: top + h, owner: item.id }, overNodes));
    let chosen = fits(false) || (rank < leaders ? fits(true) : undefined);
    // The selection and the emphasised are always named: where the label covers least.
    if (!chosen && item.bold) chosen = spots.find(([left, top]) => inside(left, top)) || spots[0];
    if (chosen) {
      const [left, top] = chosen;
      const box = { left, top, right: left + w, bottom: top + h, owner: item.id };
      add(box);
      context.lineWidth = 3;
      context.strokeStyle = "rgba(255, 255, 255, 0.9)";
      context.strokeText(item.text, left, top + h / 2);
      context.fillStyle = item.dim ? "rgba(34, 34, 34, 0.45)" : "#222222";
      context.fillText(item.text, left, top + h / 2);
      drawn.push({ id: item.id, px: size, mark: item.mark || "", box: { left, top, right: box.right, bottom: box.bottom } });
    }
  }
  context.restore();
  host.labelsDrawn = drawn;
}

function prepareEdges(edges) {
  return edges.map((edge) => Object.assign({}, edge, { title: textElement(edge.title || "") }));
}

function layerOf(data) {
  // Links drawn by us under the nodes (see the edge_layer limit, graph/settings.py), batched by style.
  if (!data.edge_layer) return null;
  const batches = new Map();
  for (const edge of data.edges) {
    const colour = (edge.color && edge.color.color) || "#8A8A8A";
    const key = colour + "|" + (edge.width || 1) + "|" + (edge.dashes ? 1 : 0);
    if (!batches.has(key)) batches.set(key, { colour, width: edge.width || 1, dashed: !!edge.dashes, ends: [] });
    batches.get(key).ends.push(edge.from, edge.to);
  }
  return [...batches.values()];
}

function drawLayer(host, context) {
  if (!host.layer) return;
  const nodes = host.network.body.nodes;
  const scale = host.network.getScale();
  for (const batch of host.layer) {
    context.beginPath();
    for (let i = 0; i < batch.ends.length; i += 2) {
      const a = nodes[batch.ends[i]];
      const b = nodes[batch.ends[i + 1]];
      if (!a || !b) continue;
      context.moveTo(a.x, a.y);
      context.lineTo(b.x, b.y);
    }
    context.strokeStyle = batch.colour;
    context.lineWidth = batch.width / scale;  // the same on screen at every zoom
    context.setLineDash(batch.dashed ? [6 / scale, 4 / scale] : []);
    context.stroke();
  }
  context.setLineDash([]);
}

const REPLACE_ABOVE = 3000;  // nodes + edges above which an update replaces the data sets

function syncDataSet(dataset, items) {
  const wanted = new Set(items.map((item) => item.id));
  const stale = dataset.getIds().filter((id) => !wanted.has(id));
  if (stale.length) dataset.remove(stale);
  dataset.update(items);
}

function drawLegend(box, legend) {
  // One collapsible line (or two) under the canvas; what is emphasised comes first.
  box.replaceChildren();
  const body = document.createElement("div");
  const title = document.createElement("button");
  title.type = "button";
  title.className = "agx-legend-toggle";
  title.textContent = "Legend";
  title.setAttribute("aria-expanded", String(!box.dataset.closed));
  title.onclick = () => {
    box.dataset.closed = box.dataset.closed ? "" : "1";
    items.hidden = !!box.dataset.closed;
    title.setAttribute("aria-expanded", String(!box.dataset.closed));
  };
  body.appendChild(title);
  const items = document.createElement("span");
  items.className = "agx-legend-items";
  const note = (text, className) => {
    const row = document.createElement("span");
    row.className = className;
    row.textContent = text;
    items.appendChild(row);
  };
  const add = (label, swatchClass, colour, dashed, id) => {
    const row = document.createElement("span");
    row.className = "agx-legend-row";
    const swatch = document.createElement("span");
    swatch.className = swatchClass;
    if (swatchClass === "agx-swatch-node") swatch.style.background = colour;
    else swatch.style.borderTop = (dashed ? "3px dashed " : "2px solid ") + colour;
    const text = document.createElement("span");
    text.textContent = label;
    row.append(swatch, text);
    if (id) {  // a relation's id, small, beside its phrase
      const small = document.createElement("small");
      small.className = "agx-legend-id";
      small.textContent = id;
      row.appendChild(small);
    }
    items.appendChild(row);
  };
  const notes = legend.notes || [];
  for (const text of notes.filter((text) => text.startsWith("emphasised"))) note(text, "agx-legend-emphasis");
  const changes = (legend.edges || []).filter((item) => item.change);  // a view comparing two dates
  for (const item of changes) add(item.label, "agx-swatch-edge", item.color, false);
  for (const item of legend.nodes || []) add(item.label, "agx-swatch-node", item.color, false);
  const positive = (legend.edges || []).filter((item) => !item.negative && !item.change);
  if (positive.length) add(relationWords(legend), "agx-swatch-edge", positive[0].color, false);
  for (const item of (legend.edges || []).filter((item) => item.negative)) {
    add(item.label + " (negative)", "agx-swatch-edge", item.color, item.dashed, item.relation);
  }
  for (const text of notes.filter((text) => !text.startsWith("emphasised"))) note(text, "agx-legend-note");
  items.hidden = !!box.dataset.closed;
  body.appendChild(items);
  box.appendChild(body);
}

function describe(host, data) {
  // What a screen reader announces for the canvas, and the names it can read in a list.
  const selected = data.selected && data.nodes.find((node) => node.id === data.selected);
  host.setAttribute(
    "aria-label",
    `Network graph: ${data.entities} entities, ${data.edges.length} links in view` +
      (selected ? `; selected: ${selected.label}` : "") +
      ". Arrow keys move through the neighbours, Enter selects, Escape clears, f fits, / searches.",
  );
  const list = host.parentElement.querySelector(".agx-sr-only");
  if (!list) return;
  const shown = data.nodes.slice(0, 500);
  list.replaceChildren(...shown.map((node) => {
    const item = document.createElement("li");
    item.textContent = `${node.label} (${node.type})`;
    return item;
  }));
  if (data.nodes.length > shown.length) {
    const more = document.createElement("li");
    more.textContent = `and ${data.nodes.length - shown.length} more`;
    list.appendChild(more);
  }
}

// ---- Keyboard: / searches; arrows move through the selection's neighbours; Enter, Escape, f ------

function neighboursOf(host) {
  const network = host.network;
  const selected = host.dataset.selected;
  if (selected && host.nodeSet.get(selected)) return network.getConnectedNodes(selected);
  return (host.labelItems || []).map((item) => item.id);  // nothing selected: the most important first
}

function onKey(host, event, setTriggerValue, status) {
  const network = host.network;
  if (!network) return;
  if (event.key === "f") { fit(host, true); event.preventDefault(); return; }
  if (event.key === "Escape") {
    closeHelp(host.parentElement);
    host.candidate = null;
    setTriggerValue("click", { kind: "none", id: "" });
    event.preventDefault();
    return;
  }
  if (event.key === "Enter" && host.candidate) {
    setTriggerValue("click", { kind: "node", id: host.candidate });
    event.preventDefault();
    return;
  }
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
  if (!step) return;
  event.preventDefault();
  const around = neighboursOf(host);
  if (!around.length) return;
  const at = around.indexOf(host.candidate);
  host.candidate = around[(at + step + around.length) % around.length];
  network.selectNodes(host.dataset.selected ? [host.dataset.selected, host.candidate] : [host.candidate], false);
  const node = host.nodeSet.get(host.candidate);
  status.textContent = `${node ? node.agxLabel : host.candidate} — Enter to select it, Escape to clear.`;
}

function searchShortcut() {
  // "/" anywhere on the page (outside a text field) puts the cursor in the search box.
  if (window.__agxSearchKey) return;
  window.__agxSearchKey = true;
  document.addEventListener("keydown", (event) => {
    const target = event.composedPath()[0];
    const typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
    if (event.key !== "/" || typing) return;
    const box = document.querySelector(".st-key-w_search input");
    if (box) { event.preventDefault(); box.focus(); }
  });
}

function editEscape() {
  // Escape in an open edit form of the Details panel (ui/panels/edit_forms.py) presses its Cancel;
  // an open drop-down list takes the first Escape itself.
  if (window.__agxEditEscape) return;
  window.__agxEditEscape = true;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    const target = event.composedPath()[0];
    const box = target && target.closest && target.closest('[class*="st-key-agx_edit_box"]');
    if (!box || target.getAttribute("aria-expanded") === "true") return;
    const cancel = box.querySelector(".st-key-w_edit_cancel button");
    if (cancel) { event.preventDefault(); cancel.click(); }
  });
}

function savePng(host) {
  // What the canvas shows, on white, framed for a report (issue 27): the title and the view's
  // dates above it; the legend, wrapped inside its frame, and the sources line below it.
  const canvas = host.querySelector("canvas");
  const ratio = canvas.width / Math.max(1, canvas.clientWidth || canvas.width);
  const report = host.report || {};
  const copy = document.createElement("canvas");
  const plan = planReport(copy.getContext("2d"), report.caption || {}, report.legend || {}, canvas.width, ratio);
  copy.width = canvas.width;
  copy.height = plan.head + canvas.height + plan.foot;
  const context = copy.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, copy.width, copy.height);
  context.drawImage(canvas, 0, plan.head);
  for (const op of plan.ops) drawReportOp(context, op, op.below ? plan.head + canvas.height : 0, ratio);
  const link = document.createElement("a");
  link.href = copy.toDataURL("image/png");
  link.download = "graph-view.png";
  document.body.appendChild(link);
  link.click();
  link.remove();
}

function reportFont(size, ratio) {
  return `${Math.round(size * ratio)}px "DejaVu Sans", Verdana, sans-serif`;
}

function wrapWords(context, text, width) {
  // Lines no wider than width (measured in the font set on context); a long word is cut.
  const lines = [];
  for (let word of String(text).split(/\s+/).filter(Boolean)) {
    const joined = lines.length ? `${lines[lines.length - 1]} ${word}` : word;
    if (lines.length && context.measureText(joined).width <= width) { lines[lines.length - 1] = joined; continue; }
    while (word.length > 1 && context.measureText(word).width > width) {
      let cut = word.length - 1;
      while (cut > 1 && context.measureText(word.slice(0, cut)).width > width) cut -= 1;
      lines.push(word.slice(0, cut));
      word = word.slice(cut);
    }
    lines.push(word);
  }
  return lines.length ? lines : [""];
}

function relationWords(legend) {
  // A file that says its links have no direction is drawn without arrows (graph/draw/plain.py).
  return legend.undirected ? "link (no direction: the file says so)" : "relation (arrow: subject → object)";
}

function reportItems(legend) {
  const edges = legend.edges || [];
  return [
    ...(legend.nodes || []).map((item) => ({ mark: "node", color: item.color, text: item.label })),
    ...edges.filter((item) => item.change).map((item) => ({ mark: "edge", color: item.color, text: item.label })),
    { mark: legend.undirected ? "edge" : "arrow", color: "#8a8a8a", text: relationWords(legend) },
    ...edges.filter((item) => item.negative).map((item) => ({ mark: "dashed", color: item.color, text: `${item.label} (negative)` })),
    ...(legend.notes || []).map((text) => ({ mark: "", color: "", text })),
  ];
}

function planReport(context, caption, legend, width, ratio) {
  // Where each line of text and each legend mark goes: ops above the canvas, or below it.
  const pad = 12 * ratio, ops = [];
  let y = pad;
  for (const [text, size, color] of [[caption.title, 20, "#111111"], [caption.dates, 13, "#333333"]]) {
    context.font = reportFont(size, ratio);
    for (const line of wrapWords(context, text || "", width - 2 * pad)) {
      ops.push({ text: line, x: pad, y, size, color });
      y += size * 1.35 * ratio;
    }
  }
  const head = y + 6 * ratio, line = 16 * ratio, swatch = 26 * ratio;
  let x = 2 * pad, row = pad + 8 * ratio, rowLines = 1;
  context.font = reportFont(12, ratio);
  for (const item of reportItems(legend)) {
    const lines = wrapWords(context, item.text, width - 4 * pad - swatch);
    const itemWidth = swatch + Math.max(...lines.map((text) => context.measureText(text).width)) + 20 * ratio;
    if (x > 2 * pad && x + itemWidth > width - 2 * pad) { row += rowLines * line; x = 2 * pad; rowLines = 1; }
    ops.push({ mark: item.mark, color: item.color, x, y: row + line / 2, below: true });
    lines.forEach((text, index) => ops.push({ text, x: x + swatch, y: row + index * line + 2 * ratio, size: 12, color: "#222222", below: true }));
    rowLines = Math.max(rowLines, lines.length);
    x += itemWidth;
  }
  const legendBottom = row + rowLines * line + 6 * ratio;
  ops.unshift({ frame: [pad, pad, width - 2 * pad, legendBottom - pad], below: true });
  let foot = legendBottom + 8 * ratio;
  context.font = reportFont(12, ratio);
  for (const text of wrapWords(context, caption.sources || "", width - 2 * pad)) {
    ops.push({ text, x: pad, y: foot, size: 12, color: "#333333", below: true });
    foot += 12 * 1.35 * ratio;
  }
  return { head, foot: foot + pad, ops };
}

function drawReportOp(context, op, top, ratio) {
  context.save();
  if (op.frame) {
    const [x, y, w, h] = op.frame.map(Math.round);
    context.strokeStyle = "#cccccc";
    context.lineWidth = Math.max(1, Math.round(ratio));
    context.strokeRect(x + 0.5, top + y + 0.5, w, h);
  } else if (op.text !== undefined) {
    context.font = reportFont(op.size, ratio);
    context.fillStyle = op.color;
    context.textBaseline = "top";
    context.fillText(op.text, op.x, top + op.y);
  } else if (op.mark === "node") {
    context.fillStyle = op.color;
    context.beginPath();
    context.arc(op.x + 8 * ratio, top + op.y, 5 * ratio, 0, 2 * Math.PI);
    context.fill();
  } else if (op.mark) {
    const y = top + op.y, end = op.x + 18 * ratio;
    context.strokeStyle = context.fillStyle = op.color;
    context.lineWidth = 2 * ratio;
    if (op.mark === "dashed") context.setLineDash([5 * ratio, 3 * ratio]);
    context.beginPath(); context.moveTo(op.x, y); context.lineTo(end, y); context.stroke();
    context.setLineDash([]);
    context.beginPath(); context.moveTo(end + 3 * ratio, y); context.lineTo(end - 5 * ratio, y - 4 * ratio);
    context.lineTo(end - 5 * ratio, y + 4 * ratio); context.closePath(); context.fill();
  }
  context.restore();
}

function text(raw) {
  // The payload arrives as UTF-8 JSON bytes (see encode_payload in graph_view.py).
  if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) return new TextDecoder().decode(raw);
  return typeof raw === "string" ? raw : JSON.stringify(raw);
}

function reportDrawn(host, setTriggerValue) {
  // The app sends the sidebar and panels once the graph is on screen (first_paint in app.py).
  if (host.reported) return;
  host.reported = true;
  setTriggerValue("drawn", true);
}

function markDrawn(host, entities, report, setTriggerValue) {
  // When this payload's first frame is on the canvas, and when the page is still again after it
  // (two animation frames later): read by the browser tests and bench/large.py. Then, if the
  // payload asks (an upload being saved: graph_view.with_report), say so to the app.
  host.dataset.drawnEntities = "";
  host.network.once("afterDrawing", () => {
    host.dataset.firstFrameAt = String(performance.now());
    requestAnimationFrame(() => requestAnimationFrame(() => {
      host.dataset.stillAt = String(performance.now());
      host.dataset.drawnEntities = String(entities);
      reportSaved(host, report, setTriggerValue);
    }));
  });
}

function reportSaved(host, token, setTriggerValue) {
  // Once per upload: the app saves it on the run this report causes.
  if (!token || host.reportedToken === token) return;
  host.reportedToken = token;
  setTriggerValue("drawn", token);
}

function withoutReport(raw) {
  // The payload without the request for a report (added last, with_report), which is not part of
  // the view: the same view with or without it is not drawn again.
  const tail = raw.slice(-200);
  const at = tail.indexOf(',"report_drawn":');
  return at < 0 ? raw : raw.slice(0, raw.length - tail.length + at) + "}";
}

export default function (component) {
  const { parentElement, setTriggerValue, setStateValue } = component;
  const receivedAt = performance.now();
  const raw = text(component.data);
  const data = JSON.parse(raw);
  const host = parentElement.querySelector('[data-testid="graph-view"]');
  const legendBox = parentElement.querySelector(".agx-legend");
  const fitButton = parentElement.querySelector(".agx-fit");
  const saveButton = parentElement.querySelector(".agx-save");
  const status = parentElement.querySelector(".agx-status");
  if (!host || !data) return;
  host.dataset.nodeCount = String(data.nodes.length);
  host.dataset.receivedAt = String(receivedAt);
  drawLegend(legendBox, data.legend || {});
  host.report = { caption: data.caption || {}, legend: data.legend || {} };  // for Save PNG
  fitLegend(parentElement);
  if (!parentElement.agxResize) {
    parentElement.agxResize = new ResizeObserver(() => fitLegend(parentElement));
    parentElement.agxResize.observe(legendBox);
  }
  watchHelp(parentElement);
  host.onpointerleave = () => hideTips(host);
  status.textContent = data.notice || "";
  describe(host, data);
  searchShortcut();
  editEscape();
  host.onkeydown = (event) => onKey(host, event, setTriggerValue, status);

  if (!host.reported && !host.fallback) host.fallback = setTimeout(() => reportDrawn(host, setTriggerValue), 3000);

  loadVis(data.vis_url).then((vis) => {
    const view = withoutReport(raw);
    if (host.network && view === host.lastRaw) {
      // The same view again (a rerun for another widget): nothing to rebuild, which on a
      // 10,000-node view saves about a second.
      host.dataset.drawnEntities = String(data.entities);
      reportSaved(host, data.report_drawn, setTriggerValue);
      return;
    }
    host.lastRaw = view;
    host.labelItems = labelItems(data);
    if (!host.network) {
      host.dragged = new Map();
      host.nodeSet = new vis.DataSet(prepareNodes(data.nodes, host.dragged));
      host.layer = layerOf(data);
      host.edgeSet = new vis.DataSet(host.layer ? [] : prepareEdges(data.edges));
      host.network = new vis.Network(host, { nodes: host.nodeSet, edges: host.edgeSet }, data.options);
      host.network.on("beforeDrawing", (context) => drawLayer(host, context));
      host.network.on("afterDrawing", (context) => { drawMarks(host, context); drawLabels(host, context); });
      host.network.on("click", (params) => {
        if (params.nodes.length) setTriggerValue("click", { kind: "node", id: params.nodes[0] });
        else if (params.edges.length) setTriggerValue("click", { kind: "edge", id: params.edges[0] });
      });
      host.network.on("doubleClick", (params) => {
        if (params.nodes.length) setTriggerValue("dblclick", { kind: "node", id: params.nodes[0] });
      });
      host.network.on("dragEnd", (params) => {
        if (!params.nodes.length) return;
        const positions = host.network.getPositions(params.nodes);
        for (const id of params.nodes) host.dragged.set(id, positions[id]);
        setStateValue("moved", Object.fromEntries(host.dragged));
      });
      host.network.once("afterDrawing", () => {
        fit(host, false);
        host.dataset.ready = "true";
        reportDrawn(host, setTriggerValue);
      });
      markDrawn(host, data.entities, data.report_drawn, setTriggerValue);
      fitButton.onclick = () => fit(host, true);
      saveButton.onclick = () => savePng(host);
      host.nodeIds = data.nodes.map((node) => node.id).sort().join("\n");
      host.frameKey = data.frame_key;
      host.optionsText = JSON.stringify(data.options);
    } else {
      // A large view gets new data sets in one setData: on 10,000 nodes that is one redraw
      // (about 1.1 s here) where item-by-item updates redraw several times (about 1.4 s). A
      // small view is updated in place, which keeps vis-network's hover and selection state.
      // The viewport stays where the user left it unless the set of nodes changed.
      const ids = data.nodes.map((node) => node.id).sort().join("\n");
      const options = JSON.stringify(data.options);
      if (options !== host.optionsText) host.network.setOptions(data.options);
      host.optionsText = options;
      const layer = layerOf(data);
      if (data.nodes.length + data.edges.length > REPLACE_ABOVE || layer || host.layer) {
        const keep = { position: host.network.getViewPosition(), scale: host.network.getScale() };
        host.layer = layer;
        host.nodeSet = new vis.DataSet(prepareNodes(data.nodes, host.dragged));
        host.edgeSet = new vis.DataSet(layer ? [] : prepareEdges(data.edges));
        host.network.setData({ nodes: host.nodeSet, edges: host.edgeSet });
        if (ids === host.nodeIds) host.network.moveTo({ position: keep.position, scale: keep.scale, animation: false });
        else keepOrFit(host, data, keep);
      } else {
        syncDataSet(host.edgeSet, []);  // edges first, so none points at a removed node
        syncDataSet(host.nodeSet, prepareNodes(data.nodes, host.dragged));
        syncDataSet(host.edgeSet, prepareEdges(data.edges));
        if (ids !== host.nodeIds) keepOrFit(host, data, null);
      }
      host.frameKey = data.frame_key;
      host.network.redraw();  // marks and labels may have changed with the same nodes
      host.dataset.appliedAt = String(performance.now());
      markDrawn(host, data.entities, data.report_drawn, setTriggerValue);  // after the update: the next frame is this payload's
      host.nodeIds = ids;
    }
    if (data.selected && host.nodeSet.get(data.selected)) host.network.selectNodes([data.selected], false);
    else host.network.unselectAll();
    host.dataset.selected = data.selected || "";
    host.candidate = null;
  }).catch((error) => {
    reportDrawn(host, setTriggerValue);
    status.textContent = "The graph view could not start: " + error.message;
  });
}
