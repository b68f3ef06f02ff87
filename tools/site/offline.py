"""Why a page would need the network: widgets not bundled, math, mermaid, remote loads."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nbformat

from .assets import BUNDLED_WIDGET_MODULES


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
