"""What the site says of a lesson: its title and "What you'll do" line."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat


#: The "What you'll do" line of a lesson's first markdown cell (CONTRIBUTING.md).
WHAT_YOULL_DO = re.compile(r"\*\*What you['’]ll do:?\*\*:?\s*(.+)", re.IGNORECASE)


@dataclass(frozen=True)
class Lesson:
    """One notebook of the site: where it is and how the index names it."""

    path: Path
    title_md: str  # the H1 of the first markdown cell, as markdown
    summary_md: str  # its "What you'll do" sentence, as markdown ('' if none)

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def page(self) -> str:
        return self.stem + ".html"


def read_lesson(path: Path) -> Lesson:
    """Read a notebook's title and "What you'll do" sentence from its first markdown cell.

    The title falls back to the file's stem when the cell has no H1.
    """
    nb = nbformat.read(path, as_version=4)
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    title = next(
        (line[2:].strip() for line in first.splitlines() if line.startswith("# ")), path.stem
    )
    summary = ""
    for paragraph in re.split(r"\n\s*\n", first):
        found = WHAT_YOULL_DO.search(" ".join(paragraph.split()))
        if found:
            summary = found.group(1).strip()
            break
    return Lesson(path=path, title_md=title, summary_md=summary)


def inline_html(markdown_text: str) -> str:
    """Render one line of markdown (code spans, emphasis, links) as inline HTML."""
    import mistune

    rendered = mistune.create_markdown(escape=True)(markdown_text).strip()
    return re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.DOTALL)


def plain_text(markdown_text: str) -> str:
    """A line of markdown as escaped plain text (for <title> and navigation bars)."""
    return html.escape(re.sub(r"[`*_]", "", markdown_text))
