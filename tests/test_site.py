"""The site builder behind ``make html`` (tools/build_site.py), on small made-up lessons.

The real lessons' site is checked in a browser by tests/test_browser.py.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import build_site  # noqa: E402  (a script's folder, not a package)

# A 1x1 PNG, shown by a lesson cell as a stand-in for a timeline.
PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5E"
    "rkJggg=="
)


class RelLinks(HTMLParser):
    """The ``rel`` links (prev / index / next) of a page, as (rel, href) pairs."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "rel" in attrs:
            self.links.append((attrs["rel"], attrs["href"]))


def write_lesson(folder: Path, name: str, first: str, *code: str) -> Path:
    nb = new_notebook(
        cells=[new_markdown_cell(first), *(new_code_cell(c) for c in code)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}},
    )
    path = folder / name
    nbformat.write(nb, path)
    return path


def test_title_and_what_youll_do_come_from_the_first_markdown_cell(tmp_path):
    path = write_lesson(
        tmp_path, "01_a.ipynb",
        "# 01 · Start `Process`\n\n**What you'll do:** start a child\nand watch it.\n\n"
        "**What you'll learn:** more.",
    )
    lesson = build_site.read_lesson(path)
    assert lesson.title_md == "01 · Start `Process`"
    assert lesson.summary_md == "start a child and watch it."
    assert lesson.page == "01_a.html"
    assert build_site.inline_html(lesson.title_md) == "01 · Start <code>Process</code>"


def test_a_lesson_without_h1_is_named_by_its_file(tmp_path):
    lesson = build_site.read_lesson(write_lesson(tmp_path, "02_b.ipynb", "Some text."))
    assert (lesson.title_md, lesson.summary_md) == ("02_b", "")


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ('href="02_join.ipynb"', 'href="02_join.html"'),
        ('href="02_join.ipynb#Set-up"', 'href="02_join.html#Set-up"'),
        ("href='../notebooks/02_join.ipynb'", "href='02_join.html'"),
        ('href="99_unknown.ipynb"', 'href="99_unknown.ipynb"'),
        ('href="https://example.org/02_join.ipynb"', 'href="https://example.org/02_join.ipynb"'),
        ('href="/02_join.ipynb"', 'href="/02_join.ipynb"'),
    ],
)
def test_links_to_lessons_point_at_their_pages(link, expected):
    rewritten = build_site.rewrite_lesson_links(f"<a {link}>x</a>", {"02_join"})
    assert rewritten == f"<a {expected}>x</a>"


def test_broken_links_finds_missing_files_and_anchors(tmp_path):
    (tmp_path / "a.html").write_text(
        '<h1 id="top">A</h1><h2 id="01-%C2%B7-x">B</h2>'
        '<a href="#top">ok</a><a href="#01-%C2%B7-x">ok</a><a href="b.html#there">ok</a>'
        '<img src="data:image/png;base64,AAAA"><a href="https://example.org/">ok</a>'
        '<a href="missing.html">bad</a><a href="b.html#nowhere">bad</a>'
        '<script src="js/x.js"></script>'
    )
    (tmp_path / "b.html").write_text('<p id="there">B</p><a href="a.html">ok</a>')
    assert build_site.broken_links(tmp_path) == [
        ("a.html", "missing.html"), ("a.html", "b.html#nowhere"), ("a.html", "js/x.js"),
    ]


def test_build_executes_exports_links_and_indexes(tmp_path, capsys):
    lessons = tmp_path / "notebooks"
    lessons.mkdir()
    first = write_lesson(
        lessons, "01_a.ipynb",
        "# 01 · First\n\n**What you'll do:** print a sum. Next: [lesson 2](02_b.ipynb#Part-two).",
        "print(1 + 1)",
    )
    second = write_lesson(
        lessons, "02_b.ipynb",
        "# 02 · Second\n\n**What you'll do:** see a picture.\n\n## Part two",
        f"from IPython.display import Image\nImage(data=__import__('base64').b64decode('{PNG}'))",
        "import ipywidgets\nipywidgets.IntSlider(value=3)",
    )
    site = tmp_path / "site"
    site.mkdir()
    (site / "00_gone.html").write_text("a page of a lesson that no longer exists")

    assert build_site.build([second, first], site, jobs=2) == 0

    assert sorted(p.name for p in site.iterdir()) == ["01_a.html", "02_b.html", "index.html"]
    index = (site / "index.html").read_text()
    assert index.index('href="01_a.html"') < index.index('href="02_b.html"')
    assert "print a sum" in index and "see a picture" in index
    page_a = (site / "01_a.html").read_text()
    assert "<title>01 · First</title>" in page_a
    assert 'href="02_b.html#Part-two"' in page_a  # the lesson's own link, rewritten
    nav = [("index", "index.html"), ("next", "02_b.html")]
    assert RelLinks(page_a).links == nav * 2  # top and bottom
    assert ">2\n<" in page_a or ">2<" in page_a  # the cell was executed
    page_b = (site / "02_b.html").read_text()
    assert "data:image/png;base64," in page_b
    assert 'type="application/vnd.jupyter.widget-state+json"' in page_b  # the slider's state
    assert '"IntSliderModel"' in page_b
    assert RelLinks(page_b).links == [("prev", "01_a.html"), ("index", "index.html")] * 2
    assert "2 of 2 lessons" in capsys.readouterr().out


def test_build_fails_on_a_failing_cell_and_on_a_broken_link(tmp_path, capsys):
    broken = write_lesson(
        tmp_path, "01_broken.ipynb",
        "# 01 · Broken\n\nSee [the code](../helpers/nothing.py).",
        "print('fine')",
    )
    failing = write_lesson(tmp_path, "02_fails.ipynb", "# 02 · Fails", "raise ValueError('boom')")
    site = tmp_path / "site"

    assert build_site.build([broken, failing], site, jobs=2) == 1

    err = capsys.readouterr().err
    assert "02_fails.ipynb: CellExecutionError" in err and "boom" in err
    assert "01_broken.html: broken link ../helpers/nothing.py" in err
    assert "02_fails.html" not in {p.name for p in site.iterdir()}
