"""The exported site (``make html``) as a teacher sees it, in headless Chromium, offline.

Opens ``site/index.html``, follows the link to every lesson and checks that the page
rendered its timelines (every ``img`` decoded, at least one on a lesson that has
timelines), embeds its widgets' state (where it has widgets), has previous / index /
next links that lead where they should, keeps each solution (its prose, code and
output) inside one closed ``<details>`` that opens on a click, and that no local
``href`` or ``src`` (nor ``#anchor``) points at something missing. On a lesson with
widgets (02_join's ``interact_manual``) the widgets must be drawn, by the widget
manager the site carries in ``static/``, Font Awesome included.

The browser may fetch only files under ``site/``: every other request (the network, or
a file elsewhere on disk) is aborted, and every request of every test is recorded and
must have been a file of the site that exists. So the pages are checked as they work
from a USB stick on a machine without internet. Run by ``make test-browser``, after
``make html``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.bounds import SOON
from tests.chromium import ROOT, chromium, lesson_notebooks, requires_browser

pytestmark = requires_browser

SITE = ROOT / "site"
SITE_URL = SITE.as_uri() + "/"
LESSONS = lesson_notebooks()
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

LINKS_JS = """() => Array.from(
    document.querySelectorAll('a[href], img[src], link[href], script[src], iframe[src]'),
    e => ({tag: e.tagName.toLowerCase(), raw: e.getAttribute('href') ?? e.getAttribute('src'),
           url: e.href || e.src}))"""
IMAGES_JS = """() => Array.from(document.images,
    i => ({complete: i.complete, width: i.naturalWidth, src: i.src.slice(0, 40)}))"""
HAS_ID_JS = """(f) => { let d = f; try { d = decodeURIComponent(f); } catch (e) {}
    return !!(document.getElementById(f) || document.getElementById(d)); }"""


SOLUTIONS_JS = """() => {
    const seen = e => e.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
    return Array.from(document.querySelectorAll('details.site-solution'), d => ({
        open: d.open,
        code: Array.from(d.querySelectorAll('.jp-CodeCell'), c => seen(c)),
        prose: Array.from(d.querySelectorAll('.jp-MarkdownCell'), c => seen(c)),
        shown: Array.from(d.querySelectorAll('.jp-CodeCell .jp-InputArea'), c => seen(c))}));
}"""
OUTSIDE_SOLUTIONS_JS = """() => Array.from(document.querySelectorAll('.jp-CodeCell'))
    .filter(c => !c.closest('details.site-solution') && /%%solution/.test(c.textContent))
    .length"""


#: How the page wraps a printed line (stdout or stderr) too long for its column.
PRINTED_WRAP_JS = """() => Array.from(document.querySelectorAll(
    '.jp-RenderedText.jp-OutputArea-output pre'), e => getComputedStyle(e).wordBreak)"""


def solution_groups(notebook: Path) -> list[int]:
    """How many ``solution`` code cells each of the lesson's solutions has (a folded
    markdown cell, then its code cells)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    groups = []
    for cell in nb["cells"]:
        if "solution" in cell["metadata"].get("tags", []):
            groups[-1] += 1
        elif cell["cell_type"] == "markdown" and "<summary>Solution" in "".join(cell["source"]):
            groups.append(0)
    return groups


def stored_outputs(notebook: Path) -> set[str]:
    """The mime types of the lesson's stored outputs (a timeline is an image/png)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return {
        mime
        for cell in nb["cells"]
        for output in cell.get("outputs", [])
        for mime in output.get("data", {})
    }


def widget_lessons() -> list[Path]:
    """The lessons whose stored outputs show widgets (02_join's ``interact_manual``)."""
    return [nb for nb in LESSONS if WIDGET_VIEW in stored_outputs(nb)]


WIDGET_VIEWS_JS = """() => Array.from(
    document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]'),
    s => { const area = s.previousElementSibling;
           return area && area.classList.contains('widget-subarea')
               ? area.querySelectorAll('.jupyter-widgets').length : 0; })"""
FONT_AWESOME_JS = """async () => {
    try {
        const faces = await Promise.all([
            document.fonts.load('900 16px "Font Awesome 5 Free"'),
            document.fonts.load('400 16px "Font Awesome 5 Brands"')]);
        return faces.map(f => f.length);
    } catch (e) { return String(e); } }"""


@dataclass
class Traffic:
    """Every request the browser made (URLs), and those that failed (URL: reason)."""

    urls: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def outside_site(self) -> list[str]:
        return [url for url in self.urls if not url.startswith(SITE_URL)]

    def check(self) -> None:
        """Every request so far was for a file of the site, and got it."""
        assert self.urls, "the browser made no request"
        assert self.outside_site() == [], "requests outside site/"
        assert self.failed == [], "failed requests"


def only_the_site(route) -> None:
    """Let the browser read files of the site; abort everything else."""
    if route.request.url.startswith(SITE_URL):
        route.continue_()
    else:
        route.abort("blockedbyclient")


@pytest.fixture
def traffic():
    return Traffic()


@pytest.fixture
def page(traffic):
    """A fresh page in headless Chromium that can read the site's files and nothing else;
    every request is recorded in ``traffic`` (tests end with ``traffic.check()``)."""
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        context.on("request", lambda request: traffic.urls.append(request.url))
        context.on(
            "requestfailed",
            lambda request: traffic.failed.append(f"{request.url}: {request.failure}"),
        )
        context.route("**/*", only_the_site)
        yield context.new_page()
        context.close()


def missing_links(page) -> list[str]:
    """Every local link or resource of the open page whose file or anchor is missing."""
    here = Path(unquote(urlsplit(page.url).path))
    missing = []
    for link in page.evaluate(LINKS_JS):
        url = urlsplit(link["url"])
        if url.scheme != "file":
            if link["tag"] != "a" and url.scheme != "data":  # a script, image... elsewhere
                missing.append(f"<{link['tag']}> {link['raw']}: not a file of the site")
            continue  # data: images, links to other sites (https:, mailto:)
        target = Path(unquote(url.path))
        if not target.is_file():
            missing.append(f"<{link['tag']}> {link['raw']}: no file {target.name}")
        elif url.fragment and target == here:
            if not page.evaluate(HAS_ID_JS, url.fragment):
                missing.append(f"<{link['tag']}> {link['raw']}: no such anchor")
        elif url.fragment and target.suffix == ".html":
            other = page.context.new_page()
            other.goto(target.as_uri())
            if not other.evaluate(HAS_ID_JS, url.fragment):
                missing.append(f"<{link['tag']}> {link['raw']}: no such anchor")
            other.close()
    return missing


def test_index_lists_every_lesson_in_order(page, traffic):
    assert LESSONS, "no lessons found"
    assert (SITE / "index.html").is_file(), "site/ is not built: run `make html`"
    page.goto((SITE / "index.html").as_uri())
    hrefs = page.eval_on_selector_all(
        "ol.lessons li a", "els => els.map(e => e.getAttribute('href'))"
    )
    assert [h for h in hrefs if h.endswith(".html")] == [nb.stem + ".html" for nb in LESSONS]
    for item, notebook in zip(page.locator("ol.lessons li").all(), LESSONS, strict=True):
        text = item.inner_text()
        assert text.startswith(notebook.stem[:2]), text  # "01 · Start a process — ..."
        assert " — " in text, f"no 'What you'll do' line for {notebook.name}: {text}"
    assert missing_links(page) == []
    traffic.check()


@pytest.mark.parametrize("notebook", LESSONS, ids=[nb.stem for nb in LESSONS])
def test_lesson_page(page, traffic, notebook):
    i = LESSONS.index(notebook)
    page.goto((SITE / "index.html").as_uri())
    page.click(f'ol.lessons a[href="{notebook.stem}.html"]')  # follow the index's link
    page.wait_for_url(f"**/{notebook.stem}.html")
    page.wait_for_load_state("load")

    outputs = stored_outputs(notebook)
    images = page.evaluate(IMAGES_JS)
    assert all(img["complete"] and img["width"] > 0 for img in images), images
    if "image/png" in outputs:
        assert images, f"{notebook.name} has timelines but its page shows no image"
    if WIDGET_VIEW in outputs:
        state = 'script[type="application/vnd.jupyter.widget-state+json"]'
        assert page.locator(state).count() == 1, "the widgets' state is not embedded"

    nav = page.locator("nav.site-nav.top")
    assert nav.locator('a[rel="index"]').get_attribute("href") == "index.html"
    for rel, j in (("prev", i - 1), ("next", i + 1)):
        link = nav.locator(f'a[rel="{rel}"]')
        if 0 <= j < len(LESSONS):
            assert link.get_attribute("href") == LESSONS[j].stem + ".html"
        else:
            assert link.count() == 0
    assert page.locator("nav.site-nav.bottom a[rel='index']").count() == 1

    # Issue #28: a long printed line wraps between words ("argumen t" no more)
    wraps = page.evaluate(PRINTED_WRAP_JS)
    assert wraps and set(wraps) == {"normal"}, wraps
    # Issue #28: each solution -- its prose, code and output -- in one closed <details>;
    # opened, its code shows.
    groups = solution_groups(notebook)
    assert groups and all(groups), f"{notebook.name}: a solution without its code cells"
    before = page.evaluate(SOLUTIONS_JS)
    assert [len(fold["code"]) for fold in before] == groups, before
    assert not any(fold["open"] or any(fold["code"]) or any(fold["prose"]) for fold in before)
    assert page.evaluate(OUTSIDE_SOLUTIONS_JS) == 0, "a solution's code outside its fold"
    for summary in page.locator("details.site-solution > summary").all():
        assert summary.inner_text().endswith("(click to open)")
        summary.click()
    after = page.evaluate(SOLUTIONS_JS)
    assert all(fold["open"] and all(fold["shown"]) and all(fold["prose"]) for fold in after)

    assert missing_links(page) == []
    traffic.check()  # the page, its scripts and images: all from site/

    if i + 1 < len(LESSONS):  # the "next" link really leads to the next lesson
        nav.locator('a[rel="next"]').click()
        page.wait_for_url(f"**/{LESSONS[i + 1].stem}.html")
        traffic.check()


@pytest.mark.parametrize("notebook", widget_lessons(), ids=lambda nb: nb.stem)
def test_widgets_render_offline(page, traffic, notebook):
    """The lesson's controls are drawn from the site's own widget manager, offline."""
    page.goto((SITE / notebook.name).with_suffix(".html").as_uri())
    widgets = page.locator(".widget-subarea .jupyter-widgets")
    widgets.first.wait_for(state="visible", timeout=SOON * 1000)  # ms

    views = page.evaluate(WIDGET_VIEWS_JS)
    assert views and all(views), f"a widget view was not drawn: {views}"
    assert widgets.count() >= len(views)
    if notebook.stem == "02_join":  # interact_manual: sliders, a dropdown, the button
        button = page.locator(".widget-subarea button.widget-button")
        assert button.is_visible() and button.inner_text() == "start the children"
        assert page.locator(".widget-subarea .widget-slider").count() == 2
        assert page.locator(".widget-subarea .widget-dropdown select").is_visible()
    # The controls' icon font comes from static/ too (webpack finds it via require.js).
    assert page.evaluate(FONT_AWESOME_JS) == [1, 1], traffic.failed

    loaded = [url.removeprefix(SITE_URL) for url in traffic.urls]
    assert "static/require.js" in loaded and "static/html-manager/embed-amd.js" in loaded
    assert any(url.startswith("static/html-manager/") and url.endswith(".woff2")
               for url in loaded), loaded
    traffic.check()
