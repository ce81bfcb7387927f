"""A timer in the page that plays the timeline: while playing, it asks the server for the next step.

The server draws each step (the view as of that day, ui.cache); the browser only waits. The
timer is armed when a step has arrived, so a slow step delays the next one instead of piling
requests up: the pause between two steps is at least ``interval_ms``. AppTest does not run it
(no browser): tests press the step buttons, tests/e2e plays it in Chromium.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  clearTimeout(parentElement.agxTimer);
  if (data && data.playing) {
    parentElement.agxTimer = setTimeout(() => setTriggerValue("tick", data.at), data.interval_ms);
  }
  return () => clearTimeout(parentElement.agxTimer);
}
"""

_component = st.components.v2.component("agx_timeline_ticker", js=_JS)


def ticker(playing: bool, at: str, interval_ms: int, on_tick: Callable[[], None]) -> None:
    """Mount the timer; ``on_tick`` runs before the rerun each tick causes (``at``: the step shown)."""
    _component(
        key="agx_ticker",
        data={"playing": playing, "at": at, "interval_ms": interval_ms},
        on_tick_change=on_tick,
        height=0,
    )
