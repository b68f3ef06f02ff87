"""A learner's first steps, for real: ``make lab``, open lesson 01, Run All Cells.

Starts JupyterLab with ``make lab`` (a free port, ``NO_BROWSER=1``, a known token and
throw-away settings in ``LAB_ARGS``), checks that the server lists the lessons (its
contents API), opens ``01_start.ipynb`` in headless Chromium, clears its outputs, runs
all cells from the Run menu and waits for every timeline image to come back. The browser
is not allowed to write to the lessons (autosave is off; a save fails the test; the
checkpoint JupyterLab makes on opening is answered without reaching the server).
Afterwards the server's whole process group is stopped and psutil must find none of its
processes (kernel included) left. Run by ``make test-browser``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from tests.chromium import ROOT, chromium, requires_browser

pytestmark = requires_browser

LESSON = ROOT / "notebooks" / "01_start.ipynb"
START_TIMEOUT = 120  # s: `make lab` checks the venv first
RUN_TIMEOUT = 180  # s: all cells of lesson 01 (about 6 s alone, more under load)
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
IMAGES = f"{PANEL} .jp-OutputArea-output img"
NOW = "2000-01-01T00:00:00.000000Z"

# User settings for the test's JupyterLab: no autosave, no news, every cell in the DOM.
SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str, token: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def stop_group(proc: subprocess.Popen) -> list[str]:
    """Stop ``make lab`` and everything it started; return what was still left after.

    SIGTERM to the process group (make and jupyter lab) lets the server shut its kernels
    down (they run in sessions of their own); whatever survives 20 s is killed and
    reported.
    """
    try:
        tree = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        tree = []
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    _, alive = psutil.wait_procs(tree, timeout=20)
    group = []
    for p in psutil.process_iter(["pid"]):
        try:
            if os.getpgid(p.pid) == proc.pid:
                group.append(p)
        except (ProcessLookupError, PermissionError):
            pass
    left = {p.pid: p for p in [*alive, *group]}
    described = []
    for p in left.values():
        try:
            described.append(f"pid {p.pid}: {' '.join(p.cmdline())}")
            p.kill()
        except psutil.Error:
            pass
    return described


@pytest.fixture
def lab(tmp_path):
    """A running ``make lab``: yields (base URL, token, log file); stopped afterwards."""
    port, token = free_port(), secrets.token_hex(16)
    for plugin, values in SETTINGS.items():
        path = tmp_path / "settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    lab_args = (
        f"--IdentityProvider.token={token} --ServerApp.ip=127.0.0.1"
        f" --LabApp.user_settings_dir={tmp_path / 'settings'}"
        f" --LabApp.workspaces_dir={tmp_path / 'workspaces'}"
    )
    env = os.environ | {"PORT": str(port), "NO_BROWSER": "1", "LAB_ARGS": lab_args}
    log_path = tmp_path / "lab.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            ["make", "lab"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    checkpoints = ROOT / "notebooks" / ".ipynb_checkpoints"  # the server makes it on a look
    had_checkpoints = checkpoints.exists()
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert proc.poll() is None, "make lab exited:\n" + log_path.read_text()[-3000:]
            try:
                get_json(f"{base}/api/status", token)
                break
            except OSError:
                assert time.monotonic() < deadline, "JupyterLab did not start:\n" + (
                    log_path.read_text()[-3000:]
                )
                time.sleep(0.5)
        yield base, token, log_path
    finally:
        left = stop_group(proc)
        if not had_checkpoints and checkpoints.is_dir() and not any(checkpoints.iterdir()):
            checkpoints.rmdir()
        assert not left, "make lab left processes running:\n" + "\n".join(left)


def lesson_facts(path: Path) -> tuple[int, int]:
    """(number of code cells, number of images) in the lesson's stored outputs."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    images = sum("image/png" in o.get("data", {}) for c in code for o in c.get("outputs", []))
    return len(code), images


def click_menu(page, menu: str, item: str) -> None:
    page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()


def test_lab_lists_the_lessons_and_runs_lesson_01(lab):
    base, token, log_path = lab
    listed = {item["name"] for item in get_json(f"{base}/api/contents", token)["content"]}
    lessons = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert lessons and lessons <= listed, f"not listed by the server: {lessons - listed}"

    n_code, n_images = lesson_facts(LESSON)
    assert n_images > 0, "lesson 01 is expected to draw timelines"
    images, writes = IMAGES, []

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            ran = run_all_cells(page, base, token, n_code, n_images, writes)
            widths = page.eval_on_selector_all(images, "els => els.map(e => e.naturalWidth)")
        except Exception:
            page.screenshot(path=log_path.with_name("lab.png"))
            raise

    # Run All stops at a cell that raises: every shown prompt numbered means none did.
    assert len(widths) == n_images and all(w > 0 for w in widths), widths
    print(f"lesson 01 ran in JupyterLab in {ran:.1f} s ({n_code} code cells, {n_images} images)")
    assert writes == [], "the page tried to change the lesson on disk"


def run_all_cells(page, base, token, n_code, n_images, writes, lesson: Path = LESSON) -> float:
    """Open ``lesson``, clear its outputs, Run All Cells; wait until every code cell ran
    and the timelines are back. Returns the seconds from Run All to the last image."""

    def read_only(route):  # the test must not change the lessons on disk
        request = route.request
        if request.method in ("GET", "HEAD"):
            route.continue_()
        elif request.method == "POST" and request.url.split("?")[0].endswith("/checkpoints"):
            # JupyterLab makes a checkpoint when it opens a notebook and will not open
            # one without: answer for the server, so that nothing is written.
            route.fulfill(status=201, json={"id": "checkpoint", "last_modified": NOW})
        else:
            writes.append(f"{request.method} {request.url}")
            route.abort()

    page.route(re.compile(r".*/api/contents/.*"), read_only)
    page.goto(f"{base}/lab/tree/{lesson.name}?token={token}")
    page.wait_for_selector(f"{PANEL} .jp-Cell", timeout=60_000)
    page.wait_for_function(
        "() => /\\bIdle\\b/.test(document.querySelector('#jp-main-statusbar').innerText)",
        timeout=60_000,
    )

    click_menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(f"() => document.querySelectorAll('{IMAGES}').length === 0")

    started = time.monotonic()
    click_menu(page, "Run", "Run All Cells")
    page.wait_for_function(
        f"""() => {{
            // A collapsed cell (a solution) shows no prompt; every other one a number.
            const prompts = Array.from(document.querySelectorAll(
                '{PANEL} .jp-CodeCell .jp-InputPrompt'), e => e.textContent.trim());
            const shown = prompts.filter(p => p !== '');
            return prompts.length === {n_code} && shown.length > 0
                && shown.every(p => /^\\[\\d+\\]:$/.test(p))
                && document.querySelectorAll('{IMAGES}').length >= {n_images}
                && /\\bIdle\\b/.test(document.querySelector('#jp-main-statusbar').innerText);
        }}""",
        timeout=RUN_TIMEOUT * 1000,
        polling=500,
    )
    return time.monotonic() - started


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
            run_all_cells(page, base, token, n_code, n_images, writes, lesson)
            for i, has_verdict in solution_cells(lesson):
                before = page.evaluate(SOLUTION_STATE, i)
                assert before["placeholder"].strip().startswith("%%solution"), before
                assert before["code"] == "" and before["folded"], before
                assert not before["shown"] and not before["verdict"], before
                cell = page.locator(f"{PANEL} .jp-CodeCell").nth(i)
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
