"""Many users at once (bounded, loopback only): 20 concurrent sessions filter, click and export.

Each session must see only its own view and selection, no request may fail, and the
app must stay responsive. The figures are printed (run with -s) and kept in docs/security.md ("Many users").
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import statistics
import threading
import time
import urllib.request

import pytest

from bench.local_app import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
SESSIONS = 20
STATES = [
    "state:RUS",
    "state:BLR",
    "state:FIN",
    "state:SWE",
    "state:AUT",
    "state:IRL",
    "state:MLT",
    "state:CHE",
    "state:UKR",
    "state:GEO",
    "state:MDA",
    "state:ARM",
    "state:AZE",
    "state:KAZ",
    "state:SRB",
    "state:BIH",
    "state:JPN",
    "state:AUS",
    "state:COL",
    "state:KWT",
]
VIEWS = [
    "?preset=partners&types=framework,state&relations=partner_in&as_of=2021-07-14&hide_isolated=1&color_by=framework",
    "?types=state,framework&as_of=2021-07-14",
    "?as_of=2024-06-01",
    "?relations=partner_in,excluded_from,invited_to",
]


async def one_session(browser, url: str, index: int, figures: dict[str, list[float]]) -> dict:
    context = await browser.new_context(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    failed: list[str] = []
    dialogs: list[str] = []
    page = await context.new_page()
    page.set_default_timeout(120_000)
    page.set_default_navigation_timeout(120_000)
    await asyncio.sleep(0.25 * index)  # people arrive over a few seconds, not in the same millisecond
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    first, second = STATES[index], STATES[(index + 7) % len(STATES)]
    query = VIEWS[index % len(VIEWS)] + f"&selected={first.replace(':', '%3A')}"
    started = time.perf_counter()
    await page.goto(url + query)
    graph = page.locator('[data-testid="graph-view"]')
    await graph.wait_for(timeout=120_000)
    await page.wait_for_function(
        "() => [...document.querySelectorAll('*')].map(e => e.shadowRoot).filter(Boolean)"
        ".map(r => r.querySelector('[data-testid=graph-view]')).some(e => e && e.dataset.ready === 'true')",
        timeout=120_000,
    )
    figures["open → drawn"].append(time.perf_counter() - started)
    assert await graph.evaluate("el => el.dataset.selected") == first

    # Click another node on the canvas. With 20 browsers sharing the test machine's two cores, a
    # press can take longer than a tap, so a click that did not register is repeated (at most 3 times).
    started = time.perf_counter()
    for _attempt in range(3):
        await graph.evaluate("(el, id) => el.network.focus(id, {scale: 1.4, animation: false})", second)
        await page.wait_for_timeout(300)
        point = await graph.evaluate(
            "(el, id) => el.network.canvasToDOM(el.network.getPositions([id])[id])", second
        )
        box = await graph.bounding_box()
        await page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        try:
            await page.wait_for_function(
                "id => new URLSearchParams(location.search).get('selected') === id",
                arg=second,
                timeout=30_000,
            )
            break
        except Exception:
            continue
    figures["click → selected"].append(time.perf_counter() - started)

    # Export the view as node-link JSON, once the session's reruns have settled.
    await page.get_by_role("tab", name="Export").click()
    box_input = page.get_by_label("Format")
    await box_input.click()
    await box_input.fill("Node-link")
    await box_input.press("Enter")
    button = page.get_by_role("button", name="Download JSON", exact=True)
    await button.wait_for(timeout=120_000)
    started = time.perf_counter()
    exported = None
    tries: list[str] = []
    for _attempt in range(5):  # a click while the page reruns can be lost, as for a person: click again
        await page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=120_000)
        await button.wait_for(timeout=120_000)
        try:
            async with page.expect_download(timeout=60_000) as download_info:
                await button.click()
            download = await download_info.value
            exported = json.loads((await download.path()).read_text(encoding="utf-8"))
            break
        except Exception as error:  # recorded: the assertion below names each failed try
            tries.append(f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")
            await page.wait_for_timeout(1000)
    assert exported is not None, f"the export was never delivered: {tries}"
    figures["export → file"].append(time.perf_counter() - started)
    drawn = await graph.evaluate("el => el.network.body.data.nodes.length")
    state = {
        "selected": await graph.evaluate("el => el.dataset.selected"),
        "url": page.url,
        "exported_nodes": len(exported["nodes"]),
        "drawn_nodes": drawn,
        "failed": failed,
        "dialogs": dialogs,
        "expected": second,
        "view": VIEWS[index % len(VIEWS)],
    }
    await context.close()
    return state


async def run_sessions(url: str) -> tuple[list[dict], dict[str, list[float]], float]:
    from playwright.async_api import async_playwright

    figures: dict[str, list[float]] = {"open → drawn": [], "click → selected": [], "export → file": []}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        started = time.perf_counter()
        results = await asyncio.wait_for(
            asyncio.gather(*(one_session(browser, url, index, figures) for index in range(SESSIONS))),
            timeout=600,
        )
        elapsed = time.perf_counter() - started
        await browser.close()
    return results, figures, elapsed


def poll_health(url: str, stop: threading.Event, latencies: list[float]) -> None:
    """How long the server takes to answer while the sessions run (its own responsiveness)."""
    while not stop.is_set():
        started = time.perf_counter()
        with urllib.request.urlopen(url + "_stcore/health", timeout=30) as response:
            response.read()
        latencies.append(time.perf_counter() - started)
        stop.wait(0.5)


def test_twenty_concurrent_sessions(app_url) -> None:
    stop = threading.Event()
    latencies: list[float] = []
    poller = threading.Thread(target=poll_health, args=(app_url, stop, latencies), daemon=True)
    poller.start()
    try:
        # A thread of its own: the sync Playwright of the other browser tests keeps an event
        # loop running in this one, and asyncio.run refuses to nest inside it.
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as executor:
            results, figures, elapsed = executor.submit(asyncio.run, run_sessions(app_url)).result()
    finally:
        stop.set()
        poller.join(timeout=35)
    figures["server health"] = latencies
    assert len(results) == SESSIONS
    for result in results:
        assert result["selected"] == result["expected"], "a session saw another session's selection"
        assert f"selected={result['expected'].replace(':', '%3A')}" in result["url"]
        assert result["exported_nodes"] == result["drawn_nodes"], "each export is of its own session's view"
        assert result["failed"] == [] and result["dialogs"] == []
    print(f"\n{SESSIONS} concurrent sessions in {elapsed:.1f} s")
    for name, values in figures.items():
        values.sort()
        p90 = values[int(len(values) * 0.9) - 1]
        median = statistics.median(values)
        print(f"  {name:<18} median {median:5.2f} s   p90 {p90:5.2f} s   max {values[-1]:5.2f} s")
    assert max(figures["export → file"]) < 30, "exports stay quick under load"
    latencies.sort()
    assert latencies[int(len(latencies) * 0.9) - 1] < 1.0, "the server answers at once nine times in ten"
    assert latencies[-1] < 20, "and never stalls for long, although the 20 browsers share its two cores"
