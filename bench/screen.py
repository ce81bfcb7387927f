"""How readable the first screen is: canvas share, label and node sizes, overlaps, emphasis.

Run: .venv/bin/python bench/screen.py [--shots DIR]

Opens the app in headless Chromium at 1500 × 1000 and 1280 × 720, on the default view and
each preset, and measures at the first frame (after the initial fit), through the page's
vis-network instance:

* the share of the window the graph's canvas gets;
* each drawn label's size on screen (font size × scale) and each node's radius on screen;
* pairs of labels that overlap by more than 3 pixels;
* whether the legend covers a node;
* the opacity of emphasised and faded nodes.

The browser tests (tests/e2e/test_readable.py) assert the same figures with ``measure``.
With ``--shots`` a screenshot of each view is saved there.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.local_app import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

VIEWPORTS = {"1500x1000": {"width": 1500, "height": 1000}, "1280x720": {"width": 1280, "height": 720}}
VIEWS = {
    "default": "",
    "excluded": "?preset=excluded",
    "members": "?preset=members",
    "partners": "?preset=partners",
    "attendance": "?preset=attendance",
}

# Everything is read from the page's own vis-network instance (no guessing from pixels).
MEASURE = """
(el) => {
  const network = el.network, body = network.body, scale = network.getScale();
  const canvas = el.getBoundingClientRect();
  const ids = body.nodeIndices.filter((id) => !String(id).startsWith('group '));
  const nodes = ids.map((id) => {
    const node = body.nodes[id];
    const centre = network.canvasToDOM({x: node.x, y: node.y});
    const options = body.data.nodes.get(id) || {};
    return {id, x: centre.x, y: centre.y, radius: node.options.size * scale, faded: !!options.faded,
            dim: !!options.dim, emphasis: !!options.emphasis, type: options.type || '',
            background: (node.options.color || {}).background || ''};
  });
  const labels = el.labelsDrawn || [];
  let overlaps = 0;
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i].box, b = labels[j].box;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 3 && h > 3) overlaps += 1;
    }
  }
  const legend = el.parentElement.querySelector('.agx-legend');
  let legendCovers = [];
  if (legend && legend.offsetParent !== null) {
    const l = legend.getBoundingClientRect();
    legendCovers = nodes.filter((n) => {
      const x = canvas.left + n.x, y = canvas.top + n.y;
      return x + n.radius > l.left && x - n.radius < l.right
        && y + n.radius > l.top && y - n.radius < l.bottom;
    }).map((n) => n.id);
  }
  return {scale, canvas: {width: canvas.width, height: canvas.height},
          window: {width: window.innerWidth, height: window.innerHeight},
          labels: labels.map((l) => ({id: l.id, px: l.px})), nodes, overlaps, legendCovers};
}
"""


def measure(graph_element) -> dict:
    """The figures of the view drawn in ``graph_element`` (a Playwright locator of the graph view)."""
    raw = graph_element.evaluate(MEASURE)
    labels = [item["px"] for item in raw["labels"]]
    nodes = raw["nodes"]
    area = raw["window"]["width"] * raw["window"]["height"]
    return {
        "scale": raw["scale"],
        "canvas_share": raw["canvas"]["width"] * raw["canvas"]["height"] / area,
        "nodes": len(nodes),
        "labels_drawn": len(labels),
        "readable_labels": sum(px >= 11 for px in labels) / len(nodes) if nodes else 1.0,
        "median_label_px": sorted(labels)[len(labels) // 2] if labels else 0.0,
        "small_nodes": sum(node["radius"] < 6 for node in nodes),
        "min_node_px": min((node["radius"] for node in nodes), default=0.0),
        "overlaps": raw["overlaps"],
        "legend_covers": raw["legendCovers"],
        "raw": raw,
    }


def open_view(page, url: str) -> None:
    page.goto(url)
    graph = page.locator('[data-testid="graph-view"]')
    graph.wait_for(timeout=60_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('*')].map(e => e.shadowRoot).filter(Boolean)"
        ".map(r => r.querySelector('[data-testid=graph-view]')).some(e => e && e.dataset.ready === 'true')",
        timeout=60_000,
    )
    page.get_by_role("tab", name="Paths").wait_for(timeout=60_000)
    page.wait_for_timeout(800)  # the full page has arrived and the graph is fitted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shots", type=Path, help="save a screenshot of each view in this folder")
    arguments = parser.parse_args()
    from playwright.sync_api import sync_playwright

    log = Path("/tmp/agx-screen-server.log")
    with serve(log) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        header = (
            f"{'window':<11}{'view':<12}{'canvas':>7}{'nodes':>6}{'labels ≥11px':>13}{'median px':>10}"
            f"{'nodes <6px':>11}{'overlaps':>9}{'legend over':>12}"
        )
        print(header)
        for size, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            for name, query in VIEWS.items():
                open_view(page, url + query)
                figures = measure(page.locator('[data-testid="graph-view"]'))
                print(
                    f"{size:<11}{name:<12}{figures['canvas_share']:>7.0%}{figures['nodes']:>6}"
                    f"{figures['readable_labels']:>13.0%}{figures['median_label_px']:>10.1f}"
                    f"{figures['small_nodes']:>11}{figures['overlaps']:>9}{len(figures['legend_covers']):>12}"
                )
                if arguments.shots:
                    arguments.shots.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(arguments.shots / f"{name}-{size}.png"))
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
