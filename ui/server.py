"""Start the app's Streamlit server with an origin check that never looks outside the machine.

Run: ``python -m ui.server [STREAMLIT OPTIONS]`` (what ``scripts/run.sh`` and the tests'
``bench/local_app.py`` do) is ``streamlit run app.py [STREAMLIT OPTIONS]`` with two changes
made in the server process before it starts:

* **The WebSocket origin check.** Streamlit 1.67 (``starlette_websocket._is_origin_allowed``
  → ``server_util.is_url_from_allowed_origins``) compares a foreign ``Origin`` with the
  machine's "internal" address, found by opening a UDP socket towards 8.8.8.8, and its
  "external" address, found by an HTTP request to checkip.amazonaws.com — a DNS lookup and a
  connection attempt on every such handshake, from the server's event loop. It also accepts
  ``localhost`` and ``127.0.0.1`` on any port, so a page served by another local program could
  open the app. Streamlit has no option to turn this off. Here a handshake is accepted when
  its ``Host`` passes ``server.allowedHosts`` (unchanged) and its ``Origin`` is exactly one
  of :func:`accepted_origins`: ``http://127.0.0.1:PORT`` and ``http://localhost:PORT`` for
  the app's own port, and the origins listed in ``server.corsAllowedOrigins`` (a reverse
  proxy's, see docs/security.md), compared as text. A handshake without ``Origin`` (not a browser,
  so no page's cookies or rights come with it) is accepted, as Streamlit does.
* **The address lookups themselves** (``streamlit.net_util.get_external_ip`` and
  ``get_internal_ip``, also used by the start-up banner) answer None without looking.
* **The library loaded while the browser connects.** The first visit after a start waited about
  1.4 s for the modules the page imports (networkx, pandas, igraph and ``graph/``). Once the
  server listens, a thread imports them (:func:`warm_up`) while the browser opens the page and
  loads Streamlit's scripts, and the first run of the page script waits for it to finish
  (:func:`after_warm_up`): two threads importing the same package at once can each hold a
  module the other waits for, which Python ends with an ImportError in one of them.
"""

from __future__ import annotations

import functools
import importlib
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

APP = Path(__file__).resolve().parents[1] / "app.py"
# What the page imports that takes time, imported before its first run (warm_up).
WARM_MODULES = (
    "networkx",
    "pandas",
    "igraph",
    "graph.edits",
    "graph.store",
    "graph.view",
    "graph.draw",
    "graph.readers",
    "graph.timeline",
    "graph.workspace",
    "graph.dedupe",
    "graph.ingest",
    "graph.export",
    "graph.query",
)
WARM_UP_SECONDS = 60.0  # the longest a run waits for warm_up (a stalled import: the run imports it itself)
LOG = logging.getLogger(__name__)
warmed = threading.Event()


def accepted_origins() -> frozenset[str]:
    """The Origins a WebSocket handshake may come from (see the module's docstring)."""
    from streamlit import config

    port = config.get_option("server.port")
    listed = config.get_option("server.corsAllowedOrigins") or []
    return frozenset(
        {f"http://127.0.0.1:{port}", f"http://localhost:{port}"}
        | {origin.strip().rstrip("/") for origin in listed if origin.strip()}
    )


def origin_allowed(origin: str | None, host: str | None) -> bool:
    """Streamlit's handshake check, without address lookups and without other local ports."""
    from streamlit.web.server.starlette import starlette_websocket

    if not starlette_websocket.is_host_allowed(host):
        return False
    return origin is None or origin.strip().rstrip("/") in accepted_origins()


def url_allowed(url: str) -> bool:
    """``server_util.is_url_from_allowed_origins`` for any other caller: the same origins, no lookup."""
    return url.strip().rstrip("/") in accepted_origins()


def no_address() -> None:
    """In place of Streamlit's lookups of this machine's addresses: nothing is looked up."""
    return None


def install() -> None:
    """Replace Streamlit's origin check and address lookups in this process (before the server starts)."""
    from streamlit import net_util
    from streamlit.web.server import server_util
    from streamlit.web.server.starlette import starlette_websocket

    starlette_websocket._is_origin_allowed = origin_allowed  # looked up by name on each handshake
    server_util.is_url_from_allowed_origins = url_allowed
    net_util.get_external_ip = no_address
    net_util.get_internal_ip = no_address


def warm_up(modules: tuple[str, ...] = WARM_MODULES) -> None:
    """Import ``modules``, then set :data:`warmed` (also when one fails: the page's own import of
    it then says why, as it would have without this)."""
    try:
        for name in modules:
            importlib.import_module(name)
    except Exception:
        LOG.exception("Loading the library before the first visit failed")
    finally:
        warmed.set()


def after_warm_up(run_script: Callable[..., Any]) -> Callable[..., Any]:
    """``run_script`` (Streamlit's ``ScriptRunner._run_script``), once :func:`warm_up` is done."""

    @functools.wraps(run_script)
    def run(*arguments: Any, **keywords: Any) -> Any:
        warmed.wait(WARM_UP_SECONDS)
        return run_script(*arguments, **keywords)

    return run


def warm_up_once_started(on_server_start: Callable[[Any], None]) -> Callable[[Any], None]:
    """Streamlit's ``bootstrap._on_server_start``, then :func:`warm_up` in a thread of its own: by
    then the server has made its own imports (it imports none of WARM_MODULES), so the main thread
    and the warm-up do not import the same packages at once."""

    @functools.wraps(on_server_start)
    def started(server: Any) -> None:
        on_server_start(server)
        threading.Thread(target=warm_up, name="agx-warm-up", daemon=True).start()

    return started


def main(arguments: list[str]) -> None:
    """``streamlit run app.py ARGUMENTS`` in this process, with :func:`install` applied and the
    library loaded while the browser connects."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
    from streamlit.web import bootstrap, cli

    install()
    ScriptRunner._run_script = after_warm_up(ScriptRunner._run_script)  # type: ignore[method-assign]
    bootstrap._on_server_start = warm_up_once_started(bootstrap._on_server_start)  # type: ignore[assignment]
    cli.main(["run", str(APP), *arguments], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
