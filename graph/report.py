"""The import report: every problem found in a dataset, with where it is and how to fix it.

Severities follow Gephi's import report: ``error`` refuses the dataset as a whole,
``warning`` loads with a change the user should know of (e.g. a duplicate skipped),
``info`` is for the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


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


@dataclass
class ImportReport:
    """An ordered list of issues; built while a dataset is read, then read-only."""

    issues: list[Issue] = field(default_factory=list)

    def add(
        self,
        severity: Severity,
        file: str,
        line: int | None,
        column: str | None,
        message: str,
        hint: str = "",
    ) -> None:
        self.issues.append(Issue(severity, file, line, column, message, hint))

    def extend(self, other: ImportReport) -> None:
        self.issues.extend(other.issues)

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when the dataset is usable (no errors; warnings are allowed)."""
        return not self.errors

    def format(self) -> str:
        """All issues, errors first, one a line, then a one-line summary."""
        ordered = sorted(self.issues, key=lambda issue: SEVERITY_ORDER[issue.severity])
        lines = [issue.format() for issue in ordered]
        lines.append(self.summary())
        return "\n".join(lines)

    def summary(self) -> str:
        counts = {severity: 0 for severity in SEVERITY_ORDER}
        for issue in self.issues:
            counts[issue.severity] += 1
        verdict = "usable" if self.ok else "refused"
        return (
            f"{counts['error']} error(s), {counts['warning']} warning(s), "
            f"{counts['info']} info: dataset {verdict}"
        )
