"""NATO's first frame and the redraw after a filter change, with more samples than bench/large.py.

Run:  .venv/bin/python bench/nato_probe.py                      (this checkout)
      .venv/bin/python bench/nato_probe.py --root ../old-checkout  (another checkout's app,
                                                                   to compare, alternating)

The app of ``--root`` is served (``bench/local_app.serve`` of that checkout) and opened in
headless Chromium at 1500 × 1000:

* first frame: ``--visits`` new pages of one browser context (a returning browser, as in
  bench/large.py), each timed from ``goto`` to the graph view's first drawn and fitted frame;
* redraw: the sidebar opened, a pause as a person would take, then the "person" type
  removed from the filter (its tag's ✕); the time from the click to the component's
  receipt of the new view and to its first frame (the component's own marks).

Nothing is asserted; the figures are printed.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

READY = (
    "() => [...document.querySelectorAll('*')].map(e => e.shadowRoot).filter(Boolean)"
    ".map(r => r.querySelector('[data-testid=graph-view]')).some(e => e && e.dataset.ready === 'true')"
)


def timed_visits(context, url: str, visits: int, timeout: float = 60.0) -> list[float]:
    """Seconds from ``goto`` to the graph view's first drawn frame, for ``visits`` new pages of one
    browser context (each left open 2 s for the rest of the page, then closed)."""
    frames = []
    for _ in range(visits):
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_function(READY, timeout=timeout * 1000, polling=20)
        frames.append(time.perf_counter() - started)
        page.wait_for_timeout(2000)
        page.close()
    return frames


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--visits", type=int, default=8)
    arguments = parser.parse_args()
    sys.path.insert(0, str(arguments.root.resolve()))
    from playwright.sync_api import sync_playwright

    from bench import local_app  # the checkout's own server and browser settings

    with local_app.serve(Path("/tmp/agx-nato-probe.log")) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=local_app.CHROMIUM, headless=True, args=local_app.CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 1500, "height": 1000})
        warm = context.new_page()  # the server's caches and the browser's, as for a returning visitor
        warm.goto(url)
        warm.wait_for_function(READY, timeout=60_000)
        warm.wait_for_timeout(3000)
        warm.close()
        frames = timed_visits(context, url, arguments.visits)
        print(
            "first frame (s):",
            " ".join(f"{value:.2f}" for value in frames),
            f"median {statistics.median(frames):.2f}",
        )

        page = context.new_page()
        page.goto(url)
        page.wait_for_function(READY, timeout=60_000)
        page.wait_for_timeout(4000)  # the full page has arrived
        if hasattr(local_app, "open_sidebar"):
            local_app.open_sidebar(page)  # collapsed at first since the canvas-first layout
        page.wait_for_timeout(1500)
        remove = page.locator('[data-testid="stSidebar"]').get_by_role(
            "button", name=re.compile(r"^Remove person \(")
        )
        clicked = page.evaluate("performance.now()")
        remove.click()
        page.wait_for_timeout(3000)
        received, first = page.locator('[data-testid="graph-view"]').evaluate(
            "el => [Number(el.dataset.receivedAt), Number(el.dataset.firstFrameAt)]"
        )
        print(f"filter → new view received {received - clicked:.0f} ms, first frame {first - clicked:.0f} ms")
        browser.close()


if __name__ == "__main__":
    main()
