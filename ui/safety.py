"""Keep one failing panel from taking the page down: the error is shown, the rest still works."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import streamlit as st

from ui.text import md

LOG = logging.getLogger("alliance_graph_explorer")


def guarded(title: str, render: Callable[..., Any], *arguments: Any) -> None:
    """Run ``render(*arguments)``; if it raises, say so in place of the panel and show the details.

    The exception is not swallowed: it is logged with its traceback and shown (collapsed)
    to the user, while the graph and the other panels stay usable.
    """
    try:
        render(*arguments)
    except Exception as error:
        LOG.exception("The %s failed", title)
        st.error(
            f"The {title} could not be shown ({md(type(error).__name__)}: {md(error)}). "
            "The graph and the other panels still work; change the view or reload to try again."
        )
        with st.expander("Technical details"):
            st.exception(error)
