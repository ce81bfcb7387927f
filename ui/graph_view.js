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
  return nodes.map((node) => {
    const copy = Object.assign({}, node, { title: textElement(node.title || "") });
    const moved = dragged.get(node.id);
    if (moved) { copy.x = moved.x; copy.y = moved.y; }
    return copy;
  });
}

function prepareEdges(edges) {
  return edges.map((edge) => Object.assign({}, edge, { title: textElement(edge.title || "") }));
}

function layerOf(data) {
  // Links drawn by us under the nodes (see EDGE_LAYER in graph/render.py), batched by style.
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
  box.replaceChildren();
  const body = document.createElement("details");
  body.open = true;
  const title = document.createElement("summary");
  title.className = "agx-legend-title";
  title.textContent = "Legend";
  body.appendChild(title);
  const add = (label, swatchClass, colour, dashed) => {
    const row = document.createElement("div");
    row.className = "agx-legend-row";
    const swatch = document.createElement("span");
    swatch.className = swatchClass;
    if (swatchClass === "agx-swatch-node") swatch.style.background = colour;
    else swatch.style.borderTop = (dashed ? "3px dashed " : "2px solid ") + colour;
    const text = document.createElement("span");
    text.textContent = label;
    row.append(swatch, text);
    body.appendChild(row);
  };
  for (const item of legend.nodes || []) add(item.label, "agx-swatch-node", item.color, false);
  const positive = (legend.edges || []).filter((item) => !item.negative);
  if (positive.length) add("relation (arrow: subject → object)", "agx-swatch-edge", positive[0].color, false);
  for (const item of (legend.edges || []).filter((item) => item.negative)) {
    add(item.label + " (negative)", "agx-swatch-edge", item.color, item.dashed);
  }
  for (const note of legend.notes || []) {
    const row = document.createElement("div");
    row.className = "agx-legend-note";
    row.textContent = note;
    body.appendChild(row);
  }
  box.appendChild(body);
}

function savePng(host) {
  // Exactly what the canvas shows, on white (the canvas itself is transparent).
  const canvas = host.querySelector("canvas");
  const copy = document.createElement("canvas");
  copy.width = canvas.width;
  copy.height = canvas.height;
  const context = copy.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, copy.width, copy.height);
  context.drawImage(canvas, 0, 0);
  const link = document.createElement("a");
  link.href = copy.toDataURL("image/png");
  link.download = "graph-view.png";
  document.body.appendChild(link);
  link.click();
  link.remove();
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

function markDrawn(host, entities) {
  // When this payload's first frame is on the canvas, and when the page is still again after it
  // (two animation frames later): read by the browser tests and bench/large.py.
  host.dataset.drawnEntities = "";
  host.network.once("afterDrawing", () => {
    host.dataset.firstFrameAt = String(performance.now());
    requestAnimationFrame(() => requestAnimationFrame(() => {
      host.dataset.stillAt = String(performance.now());
      host.dataset.drawnEntities = String(entities);
    }));
  });
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
  status.textContent = data.notice || "";

  if (!host.reported && !host.fallback) host.fallback = setTimeout(() => reportDrawn(host, setTriggerValue), 3000);

  loadVis(data.vis_url).then((vis) => {
    if (host.network && raw === host.lastRaw) {
      // The same view again (a rerun for another widget): nothing to rebuild, which on a
      // 10,000-node view saves about a second.
      host.dataset.drawnEntities = String(data.entities);
      return;
    }
    host.lastRaw = raw;
    if (!host.network) {
      host.dragged = new Map();
      host.nodeSet = new vis.DataSet(prepareNodes(data.nodes, host.dragged));
      host.layer = layerOf(data);
      host.edgeSet = new vis.DataSet(host.layer ? [] : prepareEdges(data.edges));
      host.network = new vis.Network(host, { nodes: host.nodeSet, edges: host.edgeSet }, data.options);
      host.network.on("beforeDrawing", (context) => drawLayer(host, context));
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
        host.network.fit({ animation: false });
        host.dataset.ready = "true";
        reportDrawn(host, setTriggerValue);
      });
      markDrawn(host, data.entities);
      fitButton.onclick = () => host.network.fit({ animation: { duration: 300 } });
      saveButton.onclick = () => savePng(host);
      host.nodeIds = data.nodes.map((node) => node.id).sort().join("\n");
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
        const keep = ids === host.nodeIds
          ? { position: host.network.getViewPosition(), scale: host.network.getScale() }
          : null;
        host.layer = layer;
        host.nodeSet = new vis.DataSet(prepareNodes(data.nodes, host.dragged));
        host.edgeSet = new vis.DataSet(layer ? [] : prepareEdges(data.edges));
        host.network.setData({ nodes: host.nodeSet, edges: host.edgeSet });
        if (keep) host.network.moveTo({ position: keep.position, scale: keep.scale, animation: false });
        else host.network.fit({ animation: false });
      } else {
        syncDataSet(host.edgeSet, []);  // edges first, so none points at a removed node
        syncDataSet(host.nodeSet, prepareNodes(data.nodes, host.dragged));
        syncDataSet(host.edgeSet, prepareEdges(data.edges));
        if (ids !== host.nodeIds) host.network.fit({ animation: false });
      }
      host.dataset.appliedAt = String(performance.now());
      markDrawn(host, data.entities);  // after the update: the next frame is this payload's
      host.nodeIds = ids;
    }
    if (data.selected && host.nodeSet.get(data.selected)) host.network.selectNodes([data.selected], false);
    else host.network.unselectAll();
    host.dataset.selected = data.selected || "";
  }).catch((error) => {
    reportDrawn(host, setTriggerValue);
    status.textContent = "The graph view could not start: " + error.message;
  });
}
