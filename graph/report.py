"""The import report: every problem found in a dataset, with where it is and how to fix it.

Severities follow Gephi's import report: ``error`` refuses the dataset as a whole,
``warning`` loads with a change the user should know of (e.g. a duplicate skipped),
``info`` is for the record.

A report stays small whatever the file: after :data:`MAX_PER_KIND` issues of one kind
(same severity, file and fix) the rest are only counted, and the formatted report says
"… and 999,990 more like this" after the last one shown.

>>> report = ImportReport()
>>> for line in range(2, 1000):
...     report.add("warning", "claims.csv", line, "note", f"line {line} is odd.", "look at it.")
>>> len(report.issues), report.count("warning")
(10, 998)
>>> report.format().splitlines()[-2]
'… and 988 more like this (WARNING claims.csv).'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
MAX_PER_KIND = 10  # issues of one kind kept word for word; the rest are counted
MAX_ISSUES = 500  # issues kept in all, whatever their kind
Kind = tuple[str, str, str]  # severity, file, hint


@dataclass(frozen=True)
class Issue:
    """One entry of an import report."""

    severity: Severity
    file: str
    line: int | None
    column: str | None
    message: str
    hint: str = ""

    def format(self) -> str:
        """``ERROR claims.csv:12 [relation]: unknown relation 'x'. Fix: …``"""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.column:
            where += f" [{self.column}]"
        text = f"{self.severity.upper()} {where}: {self.message}"
        if self.hint:
            text += f" Fix: {self.hint}"
        return text

    @property
    def kind(self) -> Kind:
        return (self.severity, self.file, self.hint)


@dataclass
class ImportReport:
    """An ordered list of issues; built while a dataset is read, then read-only."""

    issues: list[Issue] = field(default_factory=list)
    # Issues beyond the caps, counted by kind but not kept.
    suppressed: Counter[Kind] = field(default_factory=Counter)
    _kept: Counter[Kind] = field(default_factory=Counter, repr=False, compare=False)

    def add(
        self,
        severity: Severity,
        file: str,
        line: int | None,
        column: str | None,
        message: str,
        hint: str = "",
    ) -> None:
        self.append(Issue(severity, file, line, column, message, hint))

    def append(self, issue: Issue) -> None:
        kind = issue.kind
        if self._kept[kind] >= MAX_PER_KIND or len(self.issues) >= MAX_ISSUES:
            self.suppressed[kind] += 1
            return
        self._kept[kind] += 1
        self.issues.append(issue)

    def extend(self, other: ImportReport) -> None:
        for issue in other.issues:
            self.append(issue)
        for kind, count in other.suppressed.items():
            self.suppressed[kind] += count

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when the dataset is usable (no errors; warnings are allowed)."""
        return not self.errors and not any(kind[0] == "error" for kind in self.suppressed)

    def count(self, severity: Severity) -> int:
        """How many issues of ``severity`` were found, those only counted included."""
        kept = sum(1 for issue in self.issues if issue.severity == severity)
        return kept + sum(number for kind, number in self.suppressed.items() if kind[0] == severity)

    def format(self) -> str:
        """All issues, errors first, one a line, then a one-line summary."""
        ordered = sorted(self.issues, key=lambda issue: SEVERITY_ORDER[issue.severity])
        last_of_kind = {issue.kind: index for index, issue in enumerate(ordered)}
        lines = []
        for index, issue in enumerate(ordered):
            lines.append(issue.format())
            if last_of_kind[issue.kind] == index and self.suppressed.get(issue.kind):
                more = self.suppressed[issue.kind]
                lines.append(f"… and {more:,} more like this ({issue.severity.upper()} {issue.file}).")
        for kind, number in self.suppressed.items():
            if kind not in last_of_kind:
                lines.append(f"… and {number:,} more {kind[0]}(s) in {kind[1]}.")
        lines.append(self.summary())
        return "\n".join(lines)

    def summary(self) -> str:
        counts = {severity: self.count(severity) for severity in ("error", "warning", "info")}
        verdict = "usable" if self.ok else "refused"
        return (
            f"{counts['error']} error(s), {counts['warning']} warning(s), "
            f"{counts['info']} info: dataset {verdict}"
        )
