"""A learner's JupyterLab, for real: ``make lab`` driven in headless Chromium at 1400x900.

``tools/lab/session.py`` starts ``make lab`` (a free port, ``NO_BROWSER=1``, a known
token, throw-away settings), opens a lesson, clears its outputs and runs all its cells
from the Run menu. The browser is not allowed to write to the lessons (autosave is off;
a save fails the test; the checkpoint JupyterLab makes on opening is answered without
reaching the server). One server serves the module's tests: after each, its kernels
are shut down through its API and none may be left; at the end the server's whole
process group is stopped and psutil must find none of its processes left.

- the server lists every lesson;
- every lesson runs, every picture drawn, and (issue #18) no solution's code or
  verdict shows before the learner clicks, both do after; every picture is shown as
  wide as it was drawn for, its smallest text at least 9 pt on the page;
- lesson 02's button says that it runs and how long it took, and shows the timeline
  above the lines the children printed, folded.

Run by ``make test-browser``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers.families.base import LABEL_SIZE
from helpers.view.drawing import SHARPNESS, SHOWN_DPI
from tests import leakcheck
from tests.bounds import SOON
from tests.chromium import ROOT, chromium, requires_browser
from tools.lab.session import (
    IMAGES,
    PANEL,
    get_json,
    lesson_facts,
    run_all_cells,
    running_lab,
    shut_down_kernels,
)

pytestmark = requires_browser


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    """One running ``make lab`` for the module's tests (a start costs ~5 s); stopped,
    with nothing of it left running, at the end."""
    with running_lab(tmp_path_factory.mktemp("lab")) as running, leakcheck.kept(running.pid):
        yield running
    assert not running.left, "make lab left processes running:\n" + "\n".join(running.left)


@pytest.fixture
def lab(lab_server):
    """The running ``make lab``: yields (base URL, token, log file).  After each test its
    kernels are shut down, as "Shut Down All Kernels" does, and none may be left."""
    yield lab_server.base, lab_server.token, lab_server.log_path
    left = shut_down_kernels(lab_server)
    assert not left, "a kernel outlived its shutdown:\n" + "\n".join(left)


def test_the_url_make_lab_prints_opens_lesson_00(lab):
    """The first URL ``make lab`` prints, opened as a learner would (no browser opened by
    itself), shows lesson 00, not the Launcher, whose tiles make stray notebooks."""
    base, token, log_path = lab
    printed = re.search(r"^Open lesson 00 in your browser: (http://\S+)$",
                        log_path.read_text(), re.M)
    assert printed, log_path.read_text()[-2000:]
    url = printed.group(1)
    assert url.endswith(f":{urlsplit(base).port}/lab/tree/00_start_here.ipynb?token={token}")
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            page.goto(url)
            page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=SOON * 1000)
            current = page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current")
            assert current.inner_text().strip() == "00_start_here.ipynb"
            assert page.locator(".jp-Launcher").count() == 0
        except Exception:
            page.screenshot(path=log_path.with_name("lab.png"))
            raise


def test_lab_lists_every_lesson(lab):
    base, token, _ = lab
    listed = {item["name"] for item in get_json(f"{base}/api/contents", token)["content"]}
    lessons = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert lessons and lessons <= listed, f"not listed by the server: {lessons - listed}"


def every_picture_drawn(page, n_images: int) -> None:
    """As many pictures as the lesson stores, each decoded.  (Run All stops at a cell
    that raises: every shown prompt numbered, as run_all_cells waits for, means none did.)"""
    widths = page.eval_on_selector_all(IMAGES, "els => els.map(e => e.naturalWidth)")
    assert len(widths) == n_images and all(w > 0 for w in widths), widths


def pictures_read_at_normal_zoom(page) -> None:
    """Issue #18: every picture shown is as wide as it was drawn for (SHOWN_DPI an inch,
    936 px for a timeline: JupyterLab's column at 1400 px beside the file browser is
    968, 948 when a long output scrolls), from a PNG with SHARPNESS times its pixels,
    so that its smallest text -- a label, LABEL_SIZE points in the figure -- is at
    least 9 pt (12 px) on the page."""
    sizes = page.eval_on_selector_all(
        IMAGES, "els => els.filter(e => e.clientWidth > 0)"
                ".map(e => [e.naturalWidth, e.clientWidth, e.parentElement.clientWidth])")
    assert sizes, "no picture shown"
    for natural, shown, column in sizes:
        assert shown == round(natural / SHARPNESS), (natural, shown, column)
        label_px = LABEL_SIZE * SHOWN_DPI * SHARPNESS / 72 * shown / natural
        assert label_px >= 12, f"a label {label_px:.1f} px high on the page"


def printed_lines_wrap_between_words(page) -> None:
    """Issue #28: a printed line too long for the column wraps between words, not inside
    one (JupyterLab's own rule is break-all: "argumen t"; tools/lab/custom/custom.css)."""
    wraps = page.eval_on_selector_all(f"{PANEL} .jp-RenderedText.jp-OutputArea-output pre",
                                      "els => els.map(e => getComputedStyle(e).wordBreak)")
    assert wraps and set(wraps) == {"normal"}, wraps


def solution_cells(path: Path) -> list[tuple[int, bool]]:
    """The positions, among its code cells, of a lesson's solution cells, each with
    whether its stored output has a verdict (some solutions show, not check: lesson 03's
    process tree)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    return [(i, any("Right: " in "".join(o.get("data", {}).get("text/plain", ""))
                    for o in c.get("outputs", [])))
            for i, c in enumerate(code) if "solution" in c["metadata"].get("tags", [])]


SOLUTION_STATE = f"""i => {{
    const cell = document.querySelectorAll('{PANEL} .jp-CodeCell')[i];
    // (a closed <details> hides its content with content-visibility: checkVisibility)
    const seen = e => !!e && e.checkVisibility({{checkOpacity: true, checkVisibilityCSS: true}});
    const details = cell.querySelector('.jp-OutputArea-output details');
    const verdict = details && Array.from(details.querySelectorAll('pre'))
        .find(e => /Right: /.test(e.textContent));
    return {{
        placeholder: (cell.querySelector('.jp-InputPlaceholder') || {{}}).innerText || '',
        code: seen(cell.querySelector('.jp-InputArea .cm-content'))
            ? cell.querySelector('.jp-InputArea .cm-content').innerText : '',
        folded: !!details && !details.open,
        shown: !!details && Array.from(details.children).some(
            e => e.tagName !== 'SUMMARY' && seen(e)),
        verdict: seen(verdict),
    }};
}}"""


@pytest.mark.parametrize("lesson", [p for p in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))],
                         ids=lambda p: p.stem)
def test_run_all_shows_no_answer_until_the_learner_opens_it(lab, lesson):
    """Issue #18: a learner who presses Run All reads no solution: each solution cell shows
    only ``%%solution`` (its code collapsed) and its verdict folded in a closed <details>;
    a click on the cell shows the code, a click on the summary the verdict."""
    base, token, log_path = lab
    n_code, n_images = lesson_facts(lesson)
    writes: list[str] = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            ran = run_all_cells(page, base, token, n_code, n_images, writes, lesson)
            print(f"{lesson.stem} ran in JupyterLab in {ran:.1f} s ({n_code} code cells)")
            every_picture_drawn(page, n_images)
            pictures_read_at_normal_zoom(page)
            printed_lines_wrap_between_words(page)
            for i, has_verdict in solution_cells(lesson):
                cell = page.locator(f"{PANEL} .jp-CodeCell").nth(i)
                # (its prompt is numbered by the kernel's reply, which may come before
                # the page has shown the cell's last output)
                cell.locator(".jp-OutputArea-output details").first.wait_for(
                    state="attached", timeout=SOON * 1000)
                before = page.evaluate(SOLUTION_STATE, i)
                assert before["placeholder"].strip().startswith("%%solution"), before
                assert before["code"] == "" and before["folded"], before
                assert not before["shown"] and not before["verdict"], before
                cell.locator(".jp-InputPlaceholder").click()
                cell.locator(".jp-OutputArea-output details > summary").click()
                after = page.evaluate(SOLUTION_STATE, i)
                assert "%%solution" in after["code"] and len(after["code"].splitlines()) > 1
                assert not after["folded"] and after["shown"], after
                assert after["verdict"] == has_verdict, after
        except Exception:
            page.screenshot(path=log_path.with_name(f"lab-{lesson.stem}.png"))
            raise
    assert writes == [], "the page tried to change the lesson on disk"


WIDGET_LESSON = ROOT / "notebooks" / "02_join.ipynb"
WIDGET_STATE = """cell => {
    const output = cell.querySelector('.widget-output, .jupyter-widgets-output-area');
    const nodes = output ? Array.from(output.querySelectorAll('img, details')) : [];
    const seen = e => !!e && e.checkVisibility({checkVisibilityCSS: true});
    const printed = output && Array.from(output.querySelectorAll('details pre'))
        .find(e => /hello bob/.test(e.textContent));
    return {
        statuses: window.__statuses || [],
        order: nodes.map(e => e.tagName),
        printedShown: seen(printed),
    };
}"""
WATCH_STATUS = """cell => {
    window.__statuses = [];
    const watch = () => {
        const texts = Array.from(cell.querySelectorAll('.widget-html-content'),
                                 e => e.textContent.trim()).filter(t => t);
        for (const t of texts) if (!window.__statuses.includes(t)) window.__statuses.push(t);
    };
    new MutationObserver(watch).observe(cell, {subtree: true, childList: true,
                                               characterData: true});
}"""


def test_the_widget_says_it_runs_and_shows_its_timeline_above_the_prints(lab):
    """Issue #18: lesson 02's "start the children" says that it is running, then how long
    the run took; its timeline comes first, the lines the children printed folded under it."""
    base, token, log_path = lab
    n_code, n_images = lesson_facts(WIDGET_LESSON)
    nb = json.loads(WIDGET_LESSON.read_text(encoding="utf-8"))
    (index,) = [i for i, c in enumerate(nb["cells"]) if "@run_button(" in "".join(c["source"])]
    writes: list[str] = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            run_all_cells(page, base, token, n_code, n_images, writes, WIDGET_LESSON)
            cell = page.locator(f"{PANEL} .jp-Cell").nth(index)
            cell.evaluate(WATCH_STATUS)
            cell.locator("button", has_text="start the children").click()
            page.wait_for_function(
                "cell => /done in [0-9.]+ s/.test(cell.textContent) && cell.querySelector('img')",
                arg=cell.element_handle(), timeout=SOON * 1000, polling=200)
            state = cell.evaluate(WIDGET_STATE)
            assert state["statuses"][:1] == ["running... (the children are real processes)"], state
            assert any(s.startswith("done in ") for s in state["statuses"]), state
            assert state["order"][:2] == ["IMG", "DETAILS"], state  # the timeline first
            assert not state["printedShown"], state
            cell.locator("details > summary", has_text="printed").click()
            assert cell.evaluate(WIDGET_STATE)["printedShown"]
        except Exception:
            page.screenshot(path=log_path.with_name("lab-widget.png"))
            raise
    assert writes == [], "the page tried to change the lesson on disk"
