"""No spinner in the graph's place (AppTest).

A spinner shows where the next element of its container will go. Shown in the place of the graph
the last run drew, it wraps that graph, and the browser mounts the graph again and redraws it from
nothing: after a 10,000-node upload, one first frame in three came 1.5–2.5 s late. app.py gives
slow work containers of its own (``agx_page_work``, ``agx_graph_work``).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
import streamlit as st
import streamlit.elements.spinner as spinner
from streamlit.testing.v1 import AppTest

import ui.graph_view
from bench.synthetic import ba_graph, tables, zipped
from graph.settings import configure

APP = str(Path(__file__).resolve().parents[1] / "app.py")


class AtOnce:
    """In place of the spinner's timer: the spinner is shown at once, however quick the work."""

    def __init__(self, _delay: float, function) -> None:
        self.function = function

    def run(self) -> None:
        self.function()

    def start(self) -> None:
        self.run()  # as wrapped by add_script_run_ctx

    def cancel(self) -> None:
        pass


def test_no_spinner_shows_in_the_graph_s_place(monkeypatch: pytest.MonkeyPatch) -> None:
    spinners: list[tuple[tuple[int, ...], str]] = []
    graphs: set[tuple[int, ...]] = set()

    def enqueue(message):
        transient = message.delta.new_transient
        if message.delta.HasField("new_transient") and transient.elements:
            spinners.append((tuple(message.metadata.delta_path), transient.elements[-1].spinner.text))
        return real_enqueue(message)

    def graph_view(*arguments, **keywords):
        cursor = st._main._active_dg._cursor  # where the graph goes (private API)
        assert cursor is not None
        graphs.add(tuple(cursor.delta_path))
        return real_graph_view(*arguments, **keywords)

    real_enqueue, real_graph_view = spinner.enqueue_message, ui.graph_view.graph_view
    monkeypatch.setattr(spinner, "threading", SimpleNamespace(Timer=AtOnce, Lock=threading.Lock))
    monkeypatch.setattr(spinner, "enqueue_message", enqueue)
    monkeypatch.setattr(ui.graph_view, "graph_view", graph_view)

    monkeypatch.setenv("AGX_LARGE_GRAPH", "300")  # the upload is cut into groups, laid out when shown
    try:
        at = AppTest.from_file(APP, default_timeout=120).run()
        upload = zipped(tables(ba_graph(400, seed=20261207)))  # new to every cache
        at.file_uploader(key="w_upload").set_value([("spinners.zip", upload, "application/zip")]).run()
    finally:
        monkeypatch.delenv("AGX_LARGE_GRAPH")
        configure(os.environ)  # the app set the limits of this process: back to the defaults
    assert not at.exception, at.exception
    assert "the new workspace spinners" in " ".join(item.value for item in at.success)

    shown = {text for _, text in spinners}
    assert "Laying out the groups in view…" in shown  # the upload's groups, laid out to be shown
    assert "Reading the workspace…" in shown  # the workspace the upload became
    assert graphs
    assert not [(path, text) for path, text in spinners if path in graphs]
