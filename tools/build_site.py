"""Build the teachers' HTML site: execute every lesson and export it to one page.

Usage (what ``make html`` runs)::

    python tools/build_site.py [--out site] [--jobs 2] [--timeout 300] \\
        [--assets tools/site-assets/node_modules] notebooks/*.ipynb

For each lesson ``NN_topic.ipynb`` given on the command line this

1. executes it in a fresh kernel (the notebook's own kernel, its folder as working
   directory, killed at once when done: ``shutdown_kernel='immediate'``), ``--jobs``
   lessons at a time;
2. exports it with nbconvert's ``lab`` template to ``<out>/NN_topic.html``: timelines
   are embedded as base64 PNG, widget state is embedded when the lesson has widgets
   (nbconvert's defaults), images referenced from markdown are embedded too, and a
   navigation bar (previous lesson, index, next lesson) is added at the top and the
   bottom of the page;
3. rewrites links between lessons (``02_join.ipynb`` or ``../notebooks/02_join.ipynb#x``)
   to the pages of the site (``02_join.html#x``).

Then it writes ``<out>/index.html``: the lessons in order, one line each — the H1 of the
lesson's first markdown cell and its "**What you'll do:**" sentence — and checks that
no page links to a local file or anchor that does not exist. Pages left from an earlier
build are removed first, so the site holds exactly the lessons given.

The site works offline (a classroom machine, a USB stick). Before the lessons run, the
scripts a page needs are copied from ``--assets`` (``tools/site-assets/node_modules``,
installed by ``make html`` with ``npm ci`` from the pinned ``package-lock.json`` there)
into ``<out>/static/``: require.js and the Jupyter widget manager
(``@jupyter-widgets/html-manager``'s ``dist/embed-amd.js``, which bundles the standard
widgets, with the Font Awesome fonts their CSS refers to), plus ``NOTICE.txt`` naming
their versions and licenses. The pages load those instead of nbconvert's CDN copies,
and leave out MathJax and mermaid.js, which are not bundled. A lesson fails the build
when its page would still need the network: a widget from another package than
``@jupyter-widgets/{base,controls,output}``, LaTeX math, a mermaid diagram, or any
script, stylesheet, image or frame with an ``http(s):`` address.

Exit status: 0 when every lesson executed and every local link resolves; 1 otherwise
(each problem is printed). A link to a lesson that exists but was not part of this
build (``NOTEBOOKS=notebooks/02_join.ipynb make html``) is only a warning.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat

#: The "What you'll do" line of a lesson's first markdown cell (CONTRIBUTING.md).
WHAT_YOULL_DO = re.compile(r"\*\*What you['’]ll do:?\*\*:?\s*(.+)", re.IGNORECASE)

#: An ``href`` to a notebook by a relative path: group 1 is the file's stem, group 2
#: the optional ``#fragment``. Absolute URLs (``https://...``, ``/x``) do not match.
NOTEBOOK_HREF = re.compile(
    r"""href=(["'])(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)(?:[^"'#?]*/)?([^"'/#?]+)\.ipynb(#[^"']*)?\1"""
)

PAGE_CSS = """
nav.site-nav { display: flex; justify-content: space-between; gap: 1em;
  max-width: 1100px; margin: 0.5em auto; padding: 0.5em 1em;
  font-family: system-ui, sans-serif; font-size: 15px;
  border-bottom: 1px solid #ddd; }
nav.site-nav.bottom { border-bottom: none; border-top: 1px solid #ddd; }
nav.site-nav a { color: #0b5cad; text-decoration: none; }
nav.site-nav a:hover { text-decoration: underline; }
nav.site-nav .none { visibility: hidden; }
"""

INDEX_CSS = """
body { font-family: system-ui, sans-serif; max-width: 900px; margin: 2em auto;
  padding: 0 1em; line-height: 1.5; color: #222; }
ol.lessons { padding-left: 0; list-style: none; }
ol.lessons li { margin: 0.8em 0; }
ol.lessons a { font-weight: 600; }
code { background: #f3f3f3; padding: 0 0.2em; border-radius: 3px; }
"""

#: Where ``make html`` installs the site's scripts (``npm ci`` in tools/site-assets).
ASSETS = Path(__file__).resolve().parent / "site-assets" / "node_modules"

#: The site's own copies of the scripts, relative to a page (pages are at the top of
#: the site). ``WIDGETS_DIR`` holds ``embed-amd.js`` and the fonts its CSS loads.
STATIC = "static"
REQUIRE_JS = f"{STATIC}/require.js"
WIDGETS_DIR = f"{STATIC}/html-manager"
WIDGET_MANAGER = f"{WIDGETS_DIR}/embed-amd.js"

#: The widget modules that ``embed-amd.js`` bundles. The manager would fetch any other
#: module from a CDN at run time, so a lesson using one fails the build.
BUNDLED_WIDGET_MODULES = frozenset(
    {"@jupyter-widgets/base", "@jupyter-widgets/controls", "@jupyter-widgets/output"}
)

#: Run before the widget manager: require.js resolves the AMD modules that
#: ``embed-amd.js`` defines under ``WIDGETS_DIR``, and webpack derives the address of the
#: Font Awesome fonts from that (by default: ``@jupyter-widgets/`` beside the page, where
#: no fonts are).
REQUIRE_CONFIG = (
    "require.config({paths: {"
    f'"@jupyter-widgets": "{WIDGETS_DIR}", '
    f'"@jupyter-widgets/html-manager/dist": "{WIDGETS_DIR}"'
    "}});"
)

#: Where the widget manager would look for a widget module it does not bundle (it asks
#: a public CDN by default): a folder of the site that does not exist, so that such a
#: widget fails on the page instead of reaching out (the build rejects it anyway).
NO_WIDGET_CDN = f"{STATIC}/widgets-not-bundled/"

#: The page template: nbconvert's JupyterLab look plus the navigation bars; require.js
#: from the site; no MathJax and no mermaid.js (not bundled: the build refuses lessons
#: that need them).
PAGE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
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


#: Code in markdown (fenced blocks, inline spans): no math is looked for there.
MARKDOWN_CODE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1|``.*?``|`[^`\n]*`", re.DOTALL | re.MULTILINE)

#: TeX math as JupyterLab's markdown finds it: ``$$...$$``, ``\(...\)``, ``\[...\]``,
#: ``\begin{env}``, or ``$...$`` around text that neither starts nor ends with a blank
#: (so "$5 and $10" is not math).
MATH = re.compile(
    r"\$\$.+?\$\$|\\\(.+?\\\)|\\\[.+?\\\]|\\begin\{[A-Za-z*]+\}"
    r"|(?<![\\$\w])\$(?=\S)[^$\n]*?\S\$(?![\w$])",
    re.DOTALL,
)


class OfflineError(Exception):
    """A lesson's page would need the network (see ``offline_problems``)."""


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


def copy_assets(assets: Path, out: Path) -> list[str]:
    """Copy require.js and the widget manager from ``assets`` (a ``node_modules`` folder)
    to ``<out>/static/``, which is made anew; return one line per package copied.

    From ``@jupyter-widgets/html-manager``'s ``dist/`` only ``embed-amd.js`` is taken,
    with the files it names (the hashed Font Awesome fonts its CSS loads). Raises
    ``FileNotFoundError`` when the scripts are not installed.
    """
    require_js = assets / "requirejs" / "require.js"
    embed = assets / "@jupyter-widgets" / "html-manager" / "dist" / "embed-amd.js"
    for needed in (require_js, embed):
        if not needed.is_file():
            raise FileNotFoundError(
                f"{needed} is missing: install the site's scripts with `make html` "
                "(it runs `npm ci` in tools/site-assets)"
            )
    static = out / STATIC
    if static.exists():
        shutil.rmtree(static)
    widgets = out / WIDGETS_DIR
    widgets.mkdir(parents=True)
    shutil.copyfile(require_js, out / REQUIRE_JS)
    shutil.copyfile(embed, out / WIDGET_MANAGER)
    code = embed.read_text(encoding="utf-8")
    files = sorted(
        f for f in embed.parent.iterdir()
        if f.is_file() and f != embed and f'"{f.name}"' in code
    )
    for file in files:
        shutil.copyfile(file, widgets / file.name)

    def package(folder: Path, copied: str) -> str:
        meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        return f"{meta['name']} {meta['version']}, license {meta.get('license', '?')}: {copied}"

    lines = [
        package(assets / "requirejs", REQUIRE_JS),
        package(embed.parent.parent, f"{WIDGET_MANAGER}, which bundles the standard "
                "Jupyter widgets and their dependencies"),
    ]
    fontawesome = assets / "@fortawesome" / "fontawesome-free"
    if files and (fontawesome / "package.json").is_file():
        lines.append(package(fontawesome, f"the {len(files)} font files in {WIDGETS_DIR}/"))
        if (fontawesome / "LICENSE.txt").is_file():
            shutil.copyfile(fontawesome / "LICENSE.txt", widgets / "fontawesome-LICENSE.txt")
    notice = (
        "Scripts and fonts of this site, copied from their npm packages by "
        "tools/build_site.py (pinned in tools/site-assets/package-lock.json):\n\n"
        + "".join(f"- {line}\n" for line in lines)
    )
    (static / "NOTICE.txt").write_text(notice, encoding="utf-8")
    return lines


def widget_modules(nb: nbformat.NotebookNode) -> set[str]:
    """The JavaScript modules of the widgets whose state an executed notebook stores."""
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    modules = set()
    for model in state.get("state", {}).values():
        modules.add(model.get("model_module", ""))
        modules.add(model.get("state", {}).get("_view_module") or "")
    return modules - {""}


def has_math(nb: nbformat.NotebookNode) -> bool:
    """Whether a notebook shows TeX math: in markdown (outside code) or a LaTeX output."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and MATH.search(MARKDOWN_CODE.sub("", cell.source)):
            return True
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            markdown = MARKDOWN_CODE.sub("", str(data.get("text/markdown", "")))
            if "text/latex" in data or MATH.search(markdown):
                return True
    return False


def offline_problems(nb: nbformat.NotebookNode, page_html: str = "") -> list[str]:
    """Why an executed lesson (and its exported page) would not work offline: widgets the
    widget manager would fetch from a CDN, math (MathJax) or mermaid diagrams."""
    problems = [
        f"widget module {module} is not bundled (only {', '.join(sorted(BUNDLED_WIDGET_MODULES))})"
        for module in sorted(widget_modules(nb) - BUNDLED_WIDGET_MODULES)
    ]
    if has_math(nb):
        problems.append("it uses TeX math, and the site bundles no MathJax")
    if 'class="jp-Mermaid' in page_html:
        problems.append("it has a mermaid diagram, and the site bundles no mermaid.js")
    return problems


def build_page(
    path: str, out: str, nav_top: str, nav_bottom: str, stems: list[str], timeout: int
) -> tuple[str, float, float]:
    """Execute one lesson in a fresh kernel and write its HTML page; runs in a worker.

    Returns (page file name, seconds executing, seconds exporting). Raises
    ``nbclient.exceptions.CellExecutionError`` when a cell fails, ``OfflineError`` when
    the page would need the network (and then writes no page).
    """
    from jinja2 import DictLoader
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    source = Path(path)
    nb = nbformat.read(source, as_version=4)
    started = time.perf_counter()
    NotebookClient(
        nb,
        timeout=timeout,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(source.parent)}},
    ).execute()
    executed = time.perf_counter()

    lesson = read_lesson(source)
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
<p>A hands-on course on Python's <code>multiprocessing.Process</code>. Every lesson was
executed to make this page: each timeline shows what the processes of a run really did.</p>
<ol class="lessons">
{newline.join(items)}
</ol>
</body>
</html>
"""
    return rewrite_lesson_links(page, stems)


class _LinkCollector(HTMLParser):
    """Collect the ids and the href/src attributes of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            elif name in ("href", "src") and tag in ("a", "img", "link", "script", "iframe"):
                self.links.append(value)


def _parse(page: Path) -> _LinkCollector:
    """The ids and links of one page of the site."""
    collector = _LinkCollector()
    collector.feed(page.read_text(encoding="utf-8"))
    return collector


def broken_links(out: Path) -> list[tuple[str, str]]:
    """Every (page, link) in the site's pages whose local target or anchor is missing.

    Links with a scheme (``https:``, ``data:``, ``mailto:``) or to another host are
    not checked; a ``#fragment`` must be an id on the target page.
    """
    parsed = {page: _parse(page) for page in sorted(out.glob("*.html"))}
    broken = []
    for page, collector in parsed.items():
        for link in collector.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.exists():
                broken.append((page.name, link))
            elif parts.fragment and target.suffix == ".html":
                ids = (parsed.get(target) or _parse(target)).ids
                # Browsers try the fragment as written, then percent-decoded (nbconvert
                # writes ids such as "01-%C2%B7-Start" literally).
                if parts.fragment not in ids and unquote(parts.fragment) not in ids:
                    broken.append((page.name, link))
    return broken


#: An absolute or protocol-relative address (``https://x``, ``//x``, ``ws://x``).
REMOTE = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//")
#: The same inside a JavaScript string literal, and in CSS ``url()`` / ``@import``.
REMOTE_IN_JS = re.compile(r"""["'`]((?:(?:https?|wss?):)?//[^"'`\s/][^"'`\s]*)""")
REMOTE_IN_CSS = re.compile(
    r"""(?:url\(|@import)\s*(?:url\()?\s*["']?(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//[^)"'\s]*"""
)
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


class _ResourceCollector(HTMLParser):
    """The remote addresses a page would load: every ``src``/``href``/... of an element
    other than ``<a>``, and addresses in inline scripts and styles."""

    ATTRIBUTES = ("src", "href", "data", "poster", "srcset", "action", "formaction")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.remote: list[str] = []
        self._in: str | None = None  # "js" or "css" inside such an inline element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self._in = "js" if (values.get("type") or "").lower() in JS_TYPES else None
        elif tag == "style":
            self._in = "css"
        if tag == "a":
            return  # a link the reader may follow, not something the page loads
        for name, value in attrs:
            if value and name in self.ATTRIBUTES:
                urls = [value]
                if name == "srcset":  # "a.png 1x, b.png 2x"
                    urls = [u.split()[0] for u in value.split(",") if u.split()]
                self.remote += [f"<{tag} {name}> {u}" for u in urls if REMOTE.match(u)]
            elif value and name == "style":
                self.remote += [f"<{tag} style> {m}" for m in REMOTE_IN_CSS.findall(value)]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "js":
            self.remote += [f"<script> {m}" for m in REMOTE_IN_JS.findall(data)]
        elif self._in == "css":
            self.remote += [f"<style> {m}" for m in REMOTE_IN_CSS.findall(data)]


def remote_resources(page_html: str) -> list[str]:
    """What a page would load from outside the site (its links to other sites excluded)."""
    collector = _ResourceCollector()
    collector.feed(page_html)
    return collector.remote


def build(
    notebooks: list[Path], out: Path, jobs: int = 2, timeout: int = 300, assets: Path = ASSETS
) -> int:
    """Build the site in ``out`` from ``notebooks``, with the scripts of ``assets``; print
    progress; return the exit status."""
    notebooks = sorted(set(notebooks), key=lambda p: (p.name, str(p)))
    lessons = [read_lesson(p) for p in notebooks]
    stems = [lesson.stem for lesson in lessons]
    # Lessons beside the given ones: a link to one of them is a partial build, not an error.
    known = {p.stem for folder in {p.parent for p in notebooks} for p in folder.glob("*.ipynb")}
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.html"):
        stale.unlink()
    try:
        for line in copy_assets(assets, out):
            print(f"{STATIC}/: {line}", flush=True)
    except FileNotFoundError as error:
        print(f"ERROR {error}", file=sys.stderr)
        return 1

    failures: list[str] = []
    failed: set[str] = set()
    started = time.perf_counter()
    jobs = max(1, min(jobs, len(lessons)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {}
        for i, lesson in enumerate(lessons):
            prev = lessons[i - 1] if i > 0 else None
            nxt = lessons[i + 1] if i + 1 < len(lessons) else None
            args = (
                str(lesson.path),
                str(out),
                nav_html(prev, nxt, "top"),
                nav_html(prev, nxt, "bottom"),
                stems,
                timeout,
            )
            futures[pool.submit(build_page, *args)] = lesson
        for future in as_completed(futures):
            lesson = futures[future]
            try:
                page, run_s, export_s = future.result()
            except Exception as error:  # report every lesson's failure, then exit 1
                failures.append(f"{lesson.path}: {type(error).__name__}: {error}")
                failed.add(lesson.stem)
                print(f"FAILED {lesson.path}", flush=True)
                continue
            print(f"{page}: executed in {run_s:.1f} s, exported in {export_s:.1f} s", flush=True)

    (out / "index.html").write_text(index_html(lessons, set(stems)), encoding="utf-8")
    elapsed = time.perf_counter() - started
    print(f"site: {len(lessons) - len(failures)} of {len(lessons)} lessons in {elapsed:.1f} s "
          f"({jobs} at a time) -> {out}/index.html", flush=True)

    problems = list(failures)
    for page in sorted(out.glob("*.html")):
        for remote in remote_resources(page.read_text(encoding="utf-8")):
            problems.append(f"{page.name}: loads from outside the site: {remote}")
    for page, link in broken_links(out):
        stem = Path(urlsplit(link).path).stem
        if stem in failed or (stem in known and stem not in stems):
            print(f"warning: {page} links to {link}, which is not part of this build")
        else:
            problems.append(f"{page}: broken link {link}")
    for problem in problems:
        print(f"ERROR {problem}", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    """Command line: ``build_site.py [--out DIR] [--jobs N] [--timeout S] [--assets DIR]
    NOTEBOOK...``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path, help="lessons, in any order")
    parser.add_argument("--out", type=Path, default=Path("site"), help="output folder")
    parser.add_argument("--jobs", type=int, default=2, help="lessons executed at a time")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    parser.add_argument(
        "--assets", type=Path, default=ASSETS,
        help="node_modules with requirejs and @jupyter-widgets/html-manager "
        "(default: tools/site-assets/node_modules, installed by `make html`)",
    )
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.notebooks if not p.is_file()]
    if missing:
        parser.error("no such notebook: " + ", ".join(missing))
    return build(args.notebooks, args.out, jobs=args.jobs, timeout=args.timeout,
                 assets=args.assets)


if __name__ == "__main__":
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiet debugpy in kernels
    sys.exit(main())
