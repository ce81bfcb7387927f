"""Safe text for Streamlit markdown: user text is escaped, links must be http(s)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

from graph.details import Citation

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&:])")


def md(text: object) -> str:
    """Escape every character markdown, HTML or LaTeX would interpret, so text shows as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def safe_url(url: str) -> str | None:
    """The URL with characters that would end a markdown link encoded, or None unless http(s)."""
    if not re.match(r"^https?://", url or "", re.IGNORECASE):
        return None
    return quote(url, safe=":/?#[]@!$&'*+,;=%~-._")


def link(title: str, url: str) -> str:
    """A markdown link to an http(s) URL, or the escaped title alone."""
    target = safe_url(url)
    return f"[{md(title)}]({target})" if target else md(title)


def citation_lines(citations: Iterable[Citation]) -> str:
    """Sources as a markdown list: linked title, publisher, date, locator, and the note in italics."""
    lines = []
    for citation in citations:
        parts = [link(citation.title, citation.url)]
        parts += [md(part) for part in (citation.publisher, citation.published, citation.locator) if part]
        line = "- " + ", ".join(parts)
        if citation.note:
            line += f"  \n  _{md(citation.note)}_"
        lines.append(line)
    return "\n".join(lines)
