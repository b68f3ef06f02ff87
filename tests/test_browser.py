"""The exported site (``make html``) as a teacher sees it, in headless Chromium.

Opens ``site/index.html``, follows the link to every lesson and checks that the page
rendered its timelines (every ``img`` decoded, at least one on a lesson that has
timelines), embeds its widgets' state (where it has widgets), has previous / index /
next links that lead where they should, and that no local ``href`` or ``src`` (nor
``#anchor``) points at something missing. Requests to the network (the CDN scripts
nbconvert's pages reference) are refused, so the check is the same offline and online.
Run by ``make test-browser``, after ``make html``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.chromium import ROOT, chromium, lesson_notebooks, requires_browser

pytestmark = requires_browser

SITE = ROOT / "site"
LESSONS = lesson_notebooks()

LINKS_JS = """() => Array.from(
    document.querySelectorAll('a[href], img[src], link[href], script[src], iframe[src]'),
    e => ({tag: e.tagName.toLowerCase(), raw: e.getAttribute('href') ?? e.getAttribute('src'),
           url: e.href || e.src}))"""
IMAGES_JS = """() => Array.from(document.images,
    i => ({complete: i.complete, width: i.naturalWidth, src: i.src.slice(0, 40)}))"""
HAS_ID_JS = """(f) => { let d = f; try { d = decodeURIComponent(f); } catch (e) {}
    return !!(document.getElementById(f) || document.getElementById(d)); }"""


def stored_outputs(notebook: Path) -> set[str]:
    """The mime types of the lesson's stored outputs (a timeline is an image/png)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return {
        mime
        for cell in nb["cells"]
        for output in cell.get("outputs", [])
        for mime in output.get("data", {})
    }


@pytest.fixture
def page():
    """A fresh page in headless Chromium that cannot reach the network."""
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        context.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
        yield context.new_page()
        context.close()


def missing_links(page) -> list[str]:
    """Every local link or resource of the open page whose file or anchor is missing."""
    here = Path(unquote(urlsplit(page.url).path))
    missing = []
    for link in page.evaluate(LINKS_JS):
        url = urlsplit(link["url"])
        if url.scheme != "file":
            continue  # data: images, https: CDN scripts, mailto:
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


def test_index_lists_every_lesson_in_order(page):
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


@pytest.mark.parametrize("notebook", LESSONS, ids=[nb.stem for nb in LESSONS])
def test_lesson_page(page, notebook):
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
    if "application/vnd.jupyter.widget-view+json" in outputs:
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

    assert missing_links(page) == []

    if i + 1 < len(LESSONS):  # the "next" link really leads to the next lesson
        nav.locator('a[rel="next"]').click()
        page.wait_for_url(f"**/{LESSONS[i + 1].stem}.html")
