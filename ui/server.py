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
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app.py"


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


def main(arguments: list[str]) -> None:
    """``streamlit run app.py ARGUMENTS`` in this process, with :func:`install` applied."""
    from streamlit.web import cli

    install()
    cli.main(["run", str(APP), *arguments], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
