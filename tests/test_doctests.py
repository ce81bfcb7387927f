"""The examples in the library's docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize(
    "name",
    [
        "graph",
        "graph.build",
        "graph.dates",
        "graph.report",
        "graph.model",
        "graph.text",
        "graph.attributes",
        "graph.readers",
    ],
)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
