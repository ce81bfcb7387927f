"""Nothing is dropped in silence: every loss or change is counted by kind in one report line.

:class:`Tally` counts the losses found one element at a time (with the first few ids);
:func:`report_untyped` and :class:`EdgeLosses` report what is only known for the whole graph.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graph.report import ImportReport, Severity
from graph.vocabulary import ENTITY_TYPES, RELATIONS

EXAMPLES = 3  # ids quoted in a report line


class Tally:
    """Report lines counted by kind, each with the first few examples."""

    def __init__(self, report: ImportReport, file: str) -> None:
        self.report = report
        self.file = file
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = {}
        self.texts: dict[str, tuple[Severity, str | None, str, str]] = {}

    def note(
        self, kind: str, example: Any, severity: Severity, column: str | None, what: str, hint: str = ""
    ) -> None:
        """Count one case; ``what`` reads after the count, e.g. 'edge(s) were skipped'."""
        self.counts[kind] += 1
        examples = self.examples.setdefault(kind, [])
        if len(examples) < EXAMPLES:
            examples.append(str(example))
        self.texts.setdefault(kind, (severity, column, what, hint))

    def flush(self) -> None:
        for kind, count in self.counts.items():
            severity, column, what, hint = self.texts[kind]
            shown = ", ".join(repr(example) for example in self.examples[kind])
            more = "" if count <= len(self.examples[kind]) else ", …"
            self.report.add(
                severity, self.file, None, column, f"{count:,} {what} (e.g. {shown}{more}).", hint
            )
        self.counts.clear()


def report_untyped(file: str, untyped: list[str], report: ImportReport) -> None:
    """One line for the nodes that have no type of ours (they are shown as 'other')."""
    if untyped:
        report.add(
            "warning",
            file,
            None,
            "type",
            f"{len(untyped)} node(s) have no type of ours (e.g. '{untyped[0]}'); they are shown as 'other'.",
            f"give nodes a 'type' attribute: one of {', '.join(ENTITY_TYPES)}.",
        )


@dataclass
class EdgeLosses:
    """What happened to a graph's edges, reported once for all of them."""

    undeclared: list[str] = field(default_factory=list)  # an end of each edge skipped
    loops: list[str] = field(default_factory=list)  # the node of each edge from a node to itself
    parallel: int = 0  # pairs of nodes linked more than once
    unknown_relations: list[str] = field(default_factory=list)  # what each edge said instead
    uncited: int = 0

    def report(self, file: str, report: ImportReport) -> None:
        if self.undeclared:
            report.add(
                "warning",
                file,
                None,
                "edge",
                f"{len(self.undeclared)} edge(s) point to nodes the file does not declare (e.g. "
                f"'{self.undeclared[0]}'); they are skipped.",
                "declare every node an edge uses, or remove those edges.",
            )
        if self.loops:
            report.add(
                "warning",
                file,
                None,
                "edge",
                f"{len(self.loops)} edge(s) link a node to itself (e.g. '{self.loops[0]}'); they are kept.",
                "check those edges.",
            )
        if self.parallel:
            report.add(
                "info",
                file,
                None,
                "edge",
                f"{self.parallel} pair(s) of nodes are linked more than once; every link is kept.",
            )
        if self.unknown_relations:
            report.add(
                "warning",
                file,
                None,
                "relation",
                f"{len(self.unknown_relations)} edge(s) have no relation of ours (e.g. "
                f"'{self.unknown_relations[0]}'); they are shown as 'related_to'.",
                f"give edges a 'relation' attribute: one of {', '.join(RELATIONS)}.",
            )
        if self.uncited:
            report.add(
                "warning",
                file,
                None,
                "citations",
                f"{self.uncited} edge(s) cite no source; they cite the uploaded file itself.",
                "add sources to show where each relation comes from.",
            )
