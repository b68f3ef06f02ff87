"""The site builder behind ``make html`` (tools/site), on small made-up lessons.

The scripts the site copies into ``static/`` are stand-ins here (``assets``): the real
ones, and the real lessons' site offline, are checked in a browser by
tests/test_browser.py.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tools.site import build, lessons, links, offline, pages
from tools.site.assets import REQUIRE_CONFIG

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


@pytest.fixture
def assets(tmp_path) -> Path:
    """A stand-in for tools/site-assets/node_modules: the files the build copies."""
    modules = tmp_path / "node_modules"
    packages = {
        "requirejs": ("2.3.8", "MIT", {"require.js": "var requirejs;"}),
        "@jupyter-widgets/html-manager": ("1.0.15", "BSD-3-Clause", {
            "dist/embed-amd.js": 'define("@jupyter-widgets/base",[],{});x=n.p+"0a1b.woff2";',
            "dist/0a1b.woff2": "font",
            "dist/embed.js": "not for AMD pages",
            "dist/embed.js.map": "{}",
        }),
        "@fortawesome/fontawesome-free": ("5.15.4", "OFL-1.1", {"LICENSE.txt": "fonts"}),
    }
    for name, (version, license_, files) in packages.items():
        folder = modules / name
        for file, text in files.items():
            (folder / file).parent.mkdir(parents=True, exist_ok=True)
            (folder / file).write_text(text)
        (folder / "package.json").write_text(
            f'{{"name": "{name}", "version": "{version}", "license": "{license_}"}}'
        )
    return modules


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
    lesson = lessons.read_lesson(path)
    assert lesson.title_md == "01 · Start `Process`"
    assert lesson.summary_md == "start a child and watch it."
    assert lesson.page == "01_a.html"
    assert lessons.inline_html(lesson.title_md) == "01 · Start <code>Process</code>"


def test_a_lesson_without_h1_is_named_by_its_file(tmp_path):
    lesson = lessons.read_lesson(write_lesson(tmp_path, "02_b.ipynb", "Some text."))
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
    rewritten = pages.rewrite_lesson_links(f"<a {link}>x</a>", {"02_join"})
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
    assert links.broken_links(tmp_path) == [
        ("a.html", "missing.html"), ("a.html", "b.html#nowhere"), ("a.html", "js/x.js"),
    ]


def test_build_executes_exports_links_and_indexes(tmp_path, assets, capsys):
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
    (site / "static").mkdir()
    (site / "static" / "old.js").write_text("left from an earlier build")

    assert build.build([second, first], site, jobs=2, assets=assets) == 0

    assert sorted(p.name for p in site.iterdir()) == [
        "01_a.html", "02_b.html", "index.html", "static"
    ]
    static = sorted(str(p.relative_to(site)) for p in (site / "static").rglob("*"))
    assert static == [
        "static/NOTICE.txt", "static/html-manager", "static/html-manager/0a1b.woff2",
        "static/html-manager/embed-amd.js", "static/html-manager/fontawesome-LICENSE.txt",
        "static/require.js",
    ]
    notice = (site / "static" / "NOTICE.txt").read_text()
    assert "@jupyter-widgets/html-manager 1.0.15, license BSD-3-Clause" in notice
    assert "requirejs 2.3.8" in notice and "@fortawesome/fontawesome-free 5.15.4" in notice
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
    # Offline: require.js and the widget manager come from the site; no MathJax, no CDN.
    for page in (page_a, page_b):
        assert '<script data-jupyter-widgets-cdn="static/widgets-not-bundled/" ' \
            'src="static/require.js"></script>' in page
        assert REQUIRE_CONFIG in page
        assert offline.remote_resources(page) == []
        assert "mathjax" not in page.lower()
    assert "var widgetRendererSrc = 'static/html-manager/embed-amd.js';" in page_b
    assert "2 of 2 lessons" in capsys.readouterr().out


def test_build_of_stored_outputs_runs_nothing_and_shows_what_the_lesson_stored(tmp_path, assets,
                                                                              capsys):
    """``--stored`` (the browser tests' site): each page shows the outputs the lesson
    stored; its code is not run (here it would fail)."""
    path = write_lesson(tmp_path, "01_stored.ipynb", "# 01 · Stored", "raise ValueError('run')")
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout",
                                                  text="what a run printed\n")]
    nbformat.write(nb, path)
    site = tmp_path / "site"

    assert build.main([str(path), "--out", str(site), "--assets", str(assets), "--stored"]) == 0

    assert "what a run printed" in (site / "01_stored.html").read_text()
    assert "01_stored.html: stored outputs" in capsys.readouterr().out


class Folds(HTMLParser):
    """Per ``<details class="site-solution">`` of a page: its summary and its text."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.folds: list[list[str]] = []
        self.depth = 0  # <details> open inside the fold being read (0: none is read)
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "details" and self.depth:
            self.depth += 1
        elif tag == "details" and ("class", "site-solution") in attrs:
            self.depth = 1
            self.folds.append([])

    def handle_endtag(self, tag):
        if tag == "details" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.folds[-1].append(data)


def test_a_solution_is_folded_with_its_code_and_output(tmp_path, assets):
    """Issue #28: a solution's prose, its ``%%solution`` cells and what they printed,
    in one closed <details>; a fold with no solution cell after it stays as it was."""
    path = write_lesson(tmp_path, "01_fold.ipynb", "# 01 · Fold", "print('exercise')",
                        "%%solution\nanswer = 1", "%%solution\ncheck(answer)", "print('after')")
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(2, new_markdown_cell(
        "<details><summary>Solutions (click to open; the two collapsed cells below "
        "run them)</summary>\n\nThe answer is **one**.\n\n</details>"))
    for cell in nb.cells[3:5]:
        cell.metadata["tags"] = ["solution"]
        cell.outputs = [new_output("stream", name="stdout", text="Right: one\n")]
    nb.cells.append(new_markdown_cell("<details><summary>A note</summary>\n\nOnly prose.\n\n"
                                      "</details>"))
    nbformat.write(nb, path)
    site = tmp_path / "site"

    assert build.main([str(path), "--out", str(site), "--assets", str(assets), "--stored"]) == 0

    page = (site / "01_fold.html").read_text()
    (fold,) = Folds(page).folds
    text = "".join(fold)
    assert text.startswith("Solutions (click to open)")
    for inside in ("one", "solution", "answer", "check", "Right: one"):
        assert inside in text, text
    assert "exercise" not in text and "after" not in text
    assert "<details><summary>A note</summary>" in page


def test_build_fails_on_a_failing_cell_and_on_a_broken_link(tmp_path, assets, capsys):
    broken = write_lesson(
        tmp_path, "01_broken.ipynb",
        "# 01 · Broken\n\nSee [the code](../helpers/nothing.py).",
        "print('fine')",
    )
    failing = write_lesson(tmp_path, "02_fails.ipynb", "# 02 · Fails", "raise ValueError('boom')")
    online = write_lesson(
        tmp_path, "03_online.ipynb",
        "# 03 · Online\n\nThe area is $\\pi r^2$.\n\n```mermaid\ngraph LR\n  a --> b\n```\n\n"
        "![a picture](https://example.org/picture.png)",
    )
    site = tmp_path / "site"

    assert build.build([broken, failing, online], site, jobs=2, assets=assets) == 1

    err = capsys.readouterr().err
    assert "02_fails.ipynb: CellExecutionError" in err and "boom" in err
    assert "01_broken.html: broken link ../helpers/nothing.py" in err
    assert "03_online.ipynb: OfflineError: the page would not work offline: it uses TeX " \
        "math, and the site bundles no MathJax; it has a mermaid diagram" in err
    assert {"02_fails.html", "03_online.html"}.isdisjoint(p.name for p in site.iterdir())


def test_a_page_loading_from_outside_the_site_fails_the_build(tmp_path, assets, capsys):
    lesson = write_lesson(
        tmp_path, "01_remote.ipynb", "# 01 · Remote",
        "from IPython.display import HTML\n"
        "HTML('<img src=\"https://example.org/picture.png\">')",
    )
    assert build.build([lesson], tmp_path / "site", assets=assets) == 1
    err = capsys.readouterr().err
    assert "01_remote.html: loads from outside the site: <img src> https://example.org/" in err


def test_build_without_the_scripts_says_how_to_get_them(tmp_path, capsys):
    lesson = write_lesson(tmp_path, "01_a.ipynb", "# 01 · A", "print(1)")
    missing = tmp_path / "node_modules"
    assert build.build([lesson], tmp_path / "site", assets=missing) == 1
    err = capsys.readouterr().err
    assert "require.js is missing" in err and "make html" in err


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ('<script src="static/require.js"></script><img src="data:image/png;base64,AA">', []),
        ('<a href="https://docs.python.org/3/">docs</a>', []),  # a link, not a load
        ('<script src="https://cdn.example/x.js"></script>',
         ["<script src> https://cdn.example/x.js"]),
        ('<link rel="stylesheet" href="//cdn.example/x.css">',
         ["<link href> //cdn.example/x.css"]),
        ('<img srcset="a.png 1x, https://x.example/b.png 2x">',
         ["<img srcset> https://x.example/b.png"]),
        ("<script>var s = 'https://cdn.example/embed.js';</script>",
         ["<script> https://cdn.example/embed.js"]),
        ('<script type="application/vnd.jupyter.widget-state+json">'
         '{"value": "https://example.org"}</script>', []),  # data, not code
        ("<style>/* see https://example.org */ a { color: red; }</style>", []),
        ("<style>@import url('https://fonts.example/x.css');</style>",
         ["<style> @import url('https://fonts.example/x.css"]),
        ('<div style="background: url(https://x.example/a.png)"></div>',
         ["<div style> url(https://x.example/a.png"]),
    ],
)
def test_remote_resources_are_what_a_page_loads_from_elsewhere(page, expected):
    assert offline.remote_resources(page) == expected


@pytest.mark.parametrize(
    ("markdown", "math"),
    [
        ("The area is $\\pi r^2$.", True),
        ("$$\\sum_i x_i$$", True),
        ("Inline \\(x\\) math.", True),
        ("\\begin{align} x \\end{align}", True),
        ("It costs $5 and $10.", False),
        ("Run `echo $HOME$` in a shell.", False),
        ("```sh\n$ python x.py $a$\n```", False),
        ("No math at all.", False),
    ],
)
def test_math_is_found_outside_code(markdown, math):
    nb = new_notebook(cells=[new_markdown_cell(markdown)])
    assert offline.has_math(nb) is math


def test_a_latex_output_is_math():
    cell = new_code_cell("x", outputs=[
        new_output("display_data", data={"text/latex": "$x$", "text/plain": "x"})
    ])
    assert offline.has_math(new_notebook(cells=[cell]))


def test_only_the_bundled_widget_modules_work_offline():
    state = {
        "a": {"model_module": "@jupyter-widgets/controls", "model_name": "ButtonModel",
              "state": {"_view_module": "@jupyter-widgets/controls"}},
        "b": {"model_module": "@jupyter-widgets/output", "model_name": "OutputModel",
              "state": {"_view_module": "@jupyter-widgets/output"}},
        "c": {"model_module": "@jupyter-widgets/base", "model_name": "LayoutModel",
              "state": {"_view_module": "@jupyter-widgets/base"}},
        "d": {"model_module": "jupyter-matplotlib", "model_name": "MPLCanvasModel",
              "state": {"_view_module": "jupyter-matplotlib"}},
    }
    nb = new_notebook(metadata={"widgets": {
        "application/vnd.jupyter.widget-state+json": {"state": state, "version_major": 2}
    }})
    assert offline.widget_modules(nb) == {
        "@jupyter-widgets/base", "@jupyter-widgets/controls", "@jupyter-widgets/output",
        "jupyter-matplotlib",
    }
    assert offline.offline_problems(nb) == [
        "widget module jupyter-matplotlib is not bundled (only @jupyter-widgets/base, "
        "@jupyter-widgets/controls, @jupyter-widgets/output)"
    ]
