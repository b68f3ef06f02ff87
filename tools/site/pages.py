"""One lesson's page (executed, exported, linked to its neighbours) and the index."""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

import nbformat

from .assets import NO_WIDGET_CDN, REQUIRE_CONFIG, REQUIRE_JS, WIDGET_MANAGER
from .lessons import Lesson, inline_html, plain_text, read_lesson
from .offline import OfflineError, offline_problems
from .solutions import SOLUTION_BLOCK, fold_solutions


#: An ``href`` to a notebook by a relative path: group 1 is the file's stem, group 2
#: the optional ``#fragment``. Absolute URLs (``https://...``, ``/x``) do not match.
NOTEBOOK_HREF = re.compile(
    r"""href=(["'])(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)(?:[^"'#?]*/)?([^"'/#?]+)\.ipynb(#[^"']*)?\1"""
)


#: What the course changes in how outputs are shown, in JupyterLab and on the site alike.
OUTPUT_CSS = (Path(__file__).parent.parent / "lab" / "custom" / "custom.css").read_text(
    encoding="utf-8")

PAGE_CSS = OUTPUT_CSS + """
nav.site-nav { display: flex; justify-content: space-between; gap: 1em;
  max-width: 1100px; margin: 0.5em auto; padding: 0.5em 1em;
  font-family: system-ui, sans-serif; font-size: 15px;
  border-bottom: 1px solid #ddd; }
nav.site-nav.bottom { border-bottom: none; border-top: 1px solid #ddd; }
nav.site-nav a { color: #0b5cad; text-decoration: none; }
nav.site-nav a:hover { text-decoration: underline; }
nav.site-nav .none { visibility: hidden; }
details.site-solution > summary { cursor: pointer; font-weight: 600; margin: 0.6em 0;
  padding-left: calc(var(--jp-cell-prompt-width, 64px) + 14px); color: #0b5cad; }
"""


INDEX_CSS = """
body { font-family: system-ui, sans-serif; max-width: 900px; margin: 2em auto;
  padding: 0 1em; line-height: 1.5; color: #222; }
ol.lessons { padding-left: 0; list-style: none; }
ol.lessons li { margin: 0.8em 0; }
ol.lessons a { font-weight: 600; }
code { background: #f3f3f3; padding: 0 0.2em; border-radius: 3px; }
"""


#: The page template: nbconvert's JupyterLab look plus the navigation bars; require.js
#: from the site; no MathJax and no mermaid.js (not bundled: the build refuses lessons
#: that need them); each solution folded, its code and output with its prose.
PAGE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
""" + SOLUTION_BLOCK + """
{%- block html_head_js_requirejs -%}
<script src="{{ resources.require_js_url }}"
  data-jupyter-widgets-cdn="{{ resources.site_no_cdn }}"></script>
<script>{{ resources.site_require_config }}</script>
{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block extra_css %}<style type="text/css">{{ resources.site_css }}</style>{% endblock extra_css %}
{%- block body_header -%}{{ super() }}
{{ resources.site_nav_top }}
{%- endblock body_header -%}
{% block body_footer %}{{ resources.site_nav_bottom }}
{{ super() }}{% endblock body_footer %}
"""


def rewrite_lesson_links(page_html: str, stems: set[str]) -> str:
    """Point links to a lesson's ``.ipynb`` (any relative folder) at its page in the site.

    Links to notebooks that are not lessons of the site are left as they are (the link
    check reports them).
    """

    def replace(match: re.Match) -> str:
        quote, stem, fragment = match.group(1), match.group(2), match.group(3) or ""
        if stem not in stems:
            return match.group(0)
        return f"href={quote}{stem}.html{fragment}{quote}"

    return NOTEBOOK_HREF.sub(replace, page_html)


def nav_html(prev: Lesson | None, nxt: Lesson | None, where: str) -> str:
    """The navigation bar of a page: previous lesson, the index, next lesson."""
    left = (
        f'<a rel="prev" href="{prev.page}">&larr; {plain_text(prev.title_md)}</a>'
        if prev
        else '<span class="none">&larr;</span>'
    )
    right = (
        f'<a rel="next" href="{nxt.page}">{plain_text(nxt.title_md)} &rarr;</a>'
        if nxt
        else '<span class="none">&rarr;</span>'
    )
    return (
        f'<nav class="site-nav {where}" aria-label="lessons">{left}'
        f'<a rel="index" href="index.html">All lessons</a>{right}</nav>'
    )


def build_page(
    path: str, out: str, nav_top: str, nav_bottom: str, stems: list[str], timeout: int,
    execute: bool = True,
) -> tuple[str, float, float]:
    """Execute one lesson in a fresh kernel and write its HTML page; runs in a worker.
    With ``execute=False`` the page shows the lesson's stored outputs instead (what
    ``make test`` checks a run gives; the browser tests look at pages, not at runs).

    Returns (page file name, seconds executing, seconds exporting). Raises
    ``nbclient.exceptions.CellExecutionError`` when a cell fails, ``OfflineError`` when
    the page would need the network (and then writes no page).
    """
    from jinja2 import DictLoader
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    source = Path(path)
    nb = nbformat.read(source, as_version=4)
    started = time.perf_counter()
    # The kernel talks over Unix sockets: with TCP, jupyter_client picks ports that are
    # free now and the kernel binds them a moment later -- and with other kernels
    # starting meanwhile (a parallel build, the test suite) one sometimes finds its
    # port taken ("Address already in use").  A socket path is never taken.
    if execute:
        with tempfile.TemporaryDirectory(prefix="site-kernel-") as sockets:
            km = KernelManager(
                kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
                transport="ipc", ip=os.path.join(sockets, "kernel"))
            NotebookClient(
                nb,
                km=km,
                timeout=timeout,
                # (asked to shut down, not killed: a killed kernel cannot run its exit
                # handlers, which unlink the named semaphores of its spawn and forkserver
                # locks -- make outputs left 9 in /dev/shm a run of lessons 00-09 so)
                shutdown_kernel="graceful",
                resources={"metadata": {"path": str(source.parent)}},
            ).execute(cleanup_kc=True)  # given a km, nbclient would otherwise leave its kernel
    executed = time.perf_counter()

    lesson = read_lesson(source)
    fold_solutions(nb)
    nb.metadata["title"] = re.sub(r"[`*_]", "", lesson.title_md)
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"site_page.html.j2": PAGE_TEMPLATE})],
        template_file="site_page.html.j2",
        embed_images=True,
        require_js_url=REQUIRE_JS,
        widget_renderer_url=WIDGET_MANAGER,
    )
    body, _ = exporter.from_notebook_node(
        nb,
        resources={
            "metadata": {"name": source.stem, "path": str(source.parent)},
            "site_css": PAGE_CSS,
            "site_nav_top": nav_top,
            "site_nav_bottom": nav_bottom,
            "site_require_config": REQUIRE_CONFIG,
            "site_no_cdn": NO_WIDGET_CDN,
        },
    )
    problems = offline_problems(nb, body)
    if problems:
        raise OfflineError("the page would not work offline: " + "; ".join(problems))
    page = Path(out) / (source.stem + ".html")
    page.write_text(rewrite_lesson_links(body, set(stems)), encoding="utf-8")
    return page.name, executed - started, time.perf_counter() - executed


def index_html(lessons: list[Lesson], stems: set[str]) -> str:
    """The site's index page: every lesson in order with its one-line summary."""
    items = []
    for lesson in lessons:
        summary = f" — {inline_html(lesson.summary_md)}" if lesson.summary_md else ""
        items.append(
            f'<li><a href="{lesson.page}">{inline_html(lesson.title_md)}</a>{summary}</li>'
        )
    newline = "\n"
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Process workbook — lessons</title>
<style type="text/css">{INDEX_CSS}</style>
</head>
<body>
<h1>Process workbook</h1>
<p>A hands-on course on Python's <code>multiprocessing.Process</code>. Every lesson's
outputs come from a real run: each timeline shows what the processes of that run really
did.</p>
<ol class="lessons">
{newline.join(items)}
</ol>
</body>
</html>
"""
    return rewrite_lesson_links(page, stems)
