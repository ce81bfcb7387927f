"""Nothing leaves the machine, even on a hostile WebSocket handshake (ui/server.py).

The server runs in a child process with an audit hook (``sys.addaudithook``) that records
every name lookup and connection the process attempts and blocks those that would leave
127.0.0.1, so the test itself never reaches the network. Plain ``streamlit run`` is run the
same way to show what the launcher prevents: there, a foreign Origin makes the server try to
look up checkip.amazonaws.com, and an Origin on another local port is accepted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.local_app import free_port, stop, wait_until_healthy
from bench.local_app import websocket_handshake as handshake

ROOT = Path(__file__).resolve().parents[1]

AUDITED = """
import json, sys
sys.path.insert(0, {root!r})
LOG = open({log!r}, "a", buffering=1)
WATCHED = {{"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr",
           "socket.connect", "socket.sendto", "socket.sendmsg"}}

def loopback(host):
    host = host.decode() if isinstance(host, bytes) else host
    return host is None or str(host) in ("localhost", "::1", "") or str(host).startswith("127.")

def hook(event, arguments):
    if event not in WATCHED:
        return
    if event == "socket.getaddrinfo" or event.startswith("socket.gethostby"):
        host = arguments[0]
    else:
        address = arguments[1]
        if not isinstance(address, tuple):  # a Unix socket
            return
        host = address[0]
    outside = not loopback(host)
    LOG.write(json.dumps({{"event": event, "host": str(host), "outside": outside}}) + "\\n")
    if outside:
        raise PermissionError(f"blocked by the test: {{event}} {{host}}")

sys.addaudithook(hook)
if {launcher!r} == "ours":
    from ui.server import main
    main(sys.argv[1:])
else:
    from streamlit.web import cli
    cli.main(["run", {app!r}, *sys.argv[1:]], prog_name="streamlit")
"""


@contextmanager
def audited_server(tmp_path: Path, launcher: str) -> Iterator[tuple[int, Path]]:
    port, log = free_port(), tmp_path / f"{launcher}-audit.jsonl"
    script = tmp_path / f"{launcher}.py"
    script.write_text(
        AUDITED.format(root=str(ROOT), log=str(log), launcher=launcher, app=str(ROOT / "app.py"))
    )
    output = (tmp_path / f"{launcher}.log").open("w")
    process = subprocess.Popen(
        [sys.executable, str(script), "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT,
        stdout=output,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}/", process, tmp_path / f"{launcher}.log", seconds=90)
        yield port, log
    finally:
        stop(process, seconds=15)
        output.close()


def attempts(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def hostile_handshakes(port: int) -> dict[str, str]:
    other = port + 1 if port < 65535 else port - 1
    return {
        "foreign": handshake(port, f"127.0.0.1:{port}", "http://evil.example"),
        "foreign https": handshake(port, f"127.0.0.1:{port}", "https://attacker.test:8443"),
        "other local port": handshake(port, f"127.0.0.1:{port}", f"http://127.0.0.1:{other}"),
        "other localhost port": handshake(port, f"localhost:{port}", f"http://localhost:{other}"),
        "null": handshake(port, f"127.0.0.1:{port}", "null"),
    }


def test_hostile_handshakes_are_refused_without_looking_outside(tmp_path) -> None:
    with audited_server(tmp_path, "ours") as (port, log):
        before = attempts(log)
        assert handshake(port, f"127.0.0.1:{port}", f"http://127.0.0.1:{port}").startswith("HTTP/1.1 101")
        assert handshake(port, f"localhost:{port}", f"http://localhost:{port}").startswith("HTTP/1.1 101")
        answers = hostile_handshakes(port)
        assert all(answer.startswith("HTTP/1.1 403") for answer in answers.values()), answers
        assert handshake(port, "evil.example", "http://evil.example").startswith("HTTP/1.1 403"), (
            "DNS rebinding"
        )
        time.sleep(1)  # anything the handshakes set off
        during = attempts(log)[len(before) :]
    assert [item for item in before + during if item["outside"]] == []


def test_plain_streamlit_looks_outside_and_accepts_other_local_ports(tmp_path) -> None:
    """What ui/server.py prevents (the lookups are blocked by the audit hook, so nothing leaves)."""
    with audited_server(tmp_path, "plain") as (port, log):
        answers = hostile_handshakes(port)
        time.sleep(1)
        outside = {item["host"] for item in attempts(log) if item["outside"]}
    assert answers["foreign"].startswith("HTTP/1.1 403")
    assert answers["other local port"].startswith("HTTP/1.1 101"), "another local program's page may connect"
    assert "checkip.amazonaws.com" in outside, outside


def test_the_app_and_the_browser_tests_start_through_the_launcher() -> None:
    assert "-m ui.server" in (ROOT / "scripts" / "run.sh").read_text()
    assert '"ui.server"' in (ROOT / "bench" / "local_app.py").read_text()
