"""Server time of app reruns on the NATO dataset, measured with Streamlit's AppTest.

Run: .venv/bin/python bench/rerun.py [--repeat N]

Each figure is the wall time of one script rerun (widget change → script done) inside
the server process, without the browser. Printed as median and 90th percentile.

AppTest compiles app.py again on every run (each run gets a new ``ScriptCache``), where the
server compiles it once and keeps the bytecode: about 7 ms a run for today's app.py, which
would be timed as if the server paid it. Here every run shares one cache, as in the server.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

import streamlit.testing.v1.local_script_runner as local_script_runner
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


SHARED_CACHE = ScriptCache()
local_script_runner.ScriptCache = lambda: SHARED_CACHE  # type: ignore[misc,assignment]  # what each run makes


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    arguments = parser.parse_args()
    # A workspace of its own (made from the bundled data on the first run), never the user's.
    os.environ.setdefault("AGX_HOME", tempfile.mkdtemp(prefix="agx-bench-home-"))
    at = AppTest.from_file(APP, default_timeout=120)
    cold = timed(at.run)
    scenarios = {
        "filter change (types)": [
            lambda: at.sidebar.multiselect(key="w_types").set_value(["state", "alliance"]).run(),
            lambda: (
                at.sidebar.multiselect(key="w_types")
                .set_value(
                    [
                        "alliance",
                        "body",
                        "event",
                        "framework",
                        "organization",
                        "person",
                        "place",
                        "publication",
                        "state",
                    ]
                )
                .run()
            ),
        ],
        "preset (excluded ↔ members)": [
            lambda: at.pills(key="w_preset").set_value("excluded").run(),
            lambda: at.pills(key="w_preset").set_value("members").run(),
        ],
        "as-of date (article ↔ today)": [
            lambda: at.sidebar.button(key="w_as_of_article").click().run(),
            lambda: at.sidebar.button(key="w_as_of_today").click().run(),
        ],
        "select an entity (search)": [
            lambda: at.selectbox(key="w_search").set_value("state:RUS").run(),
            lambda: at.selectbox(key="w_search").set_value("person:wiermann").run(),
        ],
    }
    print(
        f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{__import__('os').cpu_count()} cores"
    )
    print(f"First run of a session (cold caches, layout included): {cold:.0f} ms\n")
    print(f"{'rerun':<32}{'median ms':>10}{'p90 ms':>10}{'runs':>6}")
    for name, actions in scenarios.items():
        samples = [timed(actions[index % len(actions)]) for index in range(arguments.repeat)]
        assert not at.exception, at.exception
        samples.sort()
        p90 = samples[int(len(samples) * 0.9) - 1]
        print(f"{name:<32}{statistics.median(samples):>10.0f}{p90:>10.0f}{len(samples):>6}")


if __name__ == "__main__":
    main()
