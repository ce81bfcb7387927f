"""The README is the front door and the manual lives in docs/: the README stays short, its links
lead somewhere, and every page of the manual's nav exists. (`mkdocs build --strict` in
scripts/test.sh checks the links inside docs/.)"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
LONGEST_README = 200

# [text](target) and ![alt](target); a target may carry a "title" after a space.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, https:, mailto: …


def relative_links(markdown: str) -> list[str]:
    """The link and image targets of a Markdown text that are paths in the repository.

    >>> relative_links("See [a](docs/a.md#x), ![b](b.png), [c](https://x.org) and [d](#here).")
    ['docs/a.md', 'b.png']
    """
    without_code = re.sub(r"```.*?```|`[^`\n]*`", "", markdown, flags=re.DOTALL)
    targets = (match.group(1) for match in LINK.finditer(without_code))
    paths = (target.split("#", 1)[0] for target in targets if not EXTERNAL.match(target))
    return [path for path in paths if path]


def nav_pages(nav: list) -> list[str]:
    """Every page of an mkdocs nav, in order, sections included.

    >>> nav_pages(["index.md", {"A": "a.md"}, {"S": [{"B": "b.md"}, "c.md"]}, {"Web": "https://x.org"}])
    ['index.md', 'a.md', 'b.md', 'c.md']
    """
    pages: list[str] = []
    for entry in nav:
        values = entry.values() if isinstance(entry, dict) else [entry]
        for value in values:
            if isinstance(value, list):
                pages += nav_pages(value)
            elif not EXTERNAL.match(value):
                pages.append(value)
    return pages


def mkdocs_config() -> dict:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def test_the_readme_is_under_200_lines() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) < LONGEST_README, (
        f"README.md has {len(lines)} lines; keep it under {LONGEST_README} and move the rest to docs/"
    )


def test_every_relative_link_in_the_readme_points_to_a_file() -> None:
    links = relative_links(README.read_text(encoding="utf-8"))
    assert links, "the README links to the manual and shows a screenshot"
    missing = [link for link in links if not (README.parent / link).exists()]
    assert not missing, f"README.md links to files that do not exist: {missing}"


@pytest.mark.parametrize("bad", ["[gone](docs/no-such-page.md)", "![gone](docs/no-such-picture.png)"])
def test_a_broken_link_would_be_found(bad: str) -> None:
    links = relative_links(f"Intro.\n\n{bad}\n")
    assert links and not (ROOT / links[0]).exists()


def test_every_page_in_the_nav_exists() -> None:
    config = mkdocs_config()
    docs = ROOT / config.get("docs_dir", "docs")
    pages = nav_pages(config["nav"])
    assert "index.md" in pages and "architecture.md" in pages
    missing = [page for page in pages if not (docs / page).is_file()]
    assert not missing, f"mkdocs.yml's nav names pages that do not exist in {docs.name}/: {missing}"
    assert len(pages) == len(set(pages)), "a page is in the nav twice"


def test_the_readme_maps_every_part_of_the_manual() -> None:
    """Each top-level entry of the nav (a page, or a section's first page) is linked from the README."""
    config = mkdocs_config()
    docs_dir = config.get("docs_dir", "docs")
    linked = {Path(link).as_posix() for link in relative_links(README.read_text(encoding="utf-8"))}
    for entry in config["nav"]:
        first = nav_pages([entry])[0]
        assert f"{docs_dir}/{first}" in linked, f"README.md's map of the manual lacks {docs_dir}/{first}"


def test_the_readme_editing_example_runs_as_shown(tmp_path) -> None:
    """The README's edits file and one-line commands, run as written in a fresh workspace
    (AGX_HOME is a new folder for each test): every command succeeds and does what it says."""
    section = README.read_text(encoding="utf-8").split("## Editing by hand", 1)[1].split("\n## ", 1)[0]
    edits = re.search(r"```jsonl\n(.*?)```", section, re.DOTALL)
    commands = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert edits and commands
    (tmp_path / "edits.jsonl").write_text(edits.group(1), encoding="utf-8")
    outputs = []
    for line in commands.group(1).splitlines():
        words = shlex.split(line, comments=True)
        assert words[:3] == ["python", "-m", "graph"]
        done = subprocess.run(
            [sys.executable, *words[1:]], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, f"{line}\n{done.stderr}"
        outputs.append(done.stdout)
    shown = outputs[-1]
    assert "alliance:nato" in shown and "not on the published list" not in shown  # SWE's own claims
    assert "Check when each ratification was deposited." in shown
