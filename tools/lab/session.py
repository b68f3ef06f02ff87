"""Drive a real ``make lab`` in headless Chromium: the JupyterLab test
(``tests/test_lab.py``) and the screenshots (:mod:`tools.lab.screenshots`) share it.

:func:`running_lab` starts ``make lab`` on a free port with a known token and throw-away
settings (no autosave, no news, every cell in the DOM), waits for the server, and stops
its whole process group afterwards, saying what was left running.
:func:`run_all_cells` opens a lesson, clears its outputs and runs all its cells from the
Run menu, without letting the page change the lesson on disk.
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
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent.parent
START_TIMEOUT = 120  # s: `make lab` checks the venv first
RUN_TIMEOUT = 180  # s: all cells of a lesson (lesson 01: about 6 s alone, more under load)
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
IMAGES = f"{PANEL} .jp-OutputArea-output img"
NOW = "2000-01-01T00:00:00.000000Z"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")  # Debian's: make browser-deps
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

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


def shut_down_kernels(lab: Lab, wait: float = 60.0) -> list[str]:
    """Shut down every kernel of ``lab``, as JupyterLab's "Shut Down All" does (the
    server's REST API: each notebook's session with its kernel, then any kernel left),
    and wait until none of the kernels' processes (listed before: a child that
    outlived its kernel is re-parented away) is left; return what was still running
    after ``wait`` s (each one described, then killed)."""
    listed = _kernel_processes(lab.pid)
    for kind in ("sessions", "kernels"):
        for item in get_json(f"{lab.base}/api/{kind}", lab.token):
            request = urllib.request.Request(f"{lab.base}/api/{kind}/{item['id']}",
                                             method="DELETE",
                                             headers={"Authorization": f"token {lab.token}"})
            try:
                with urllib.request.urlopen(request, timeout=wait):
                    pass
            except urllib.error.HTTPError as error:
                if error.code not in (404, 410):  # gone meanwhile, with its session
                    raise
    _, left = psutil.wait_procs(listed, timeout=wait)
    left += [p for p in _kernel_processes(lab.pid) if p not in listed]  # (started meanwhile)
    return _describe_and_kill(left)


def _describe_and_kill(processes) -> list[str]:
    """Each of ``processes`` still there, described (pid, command line), then killed."""
    described = []
    for p in processes:
        try:
            described.append(f"pid {p.pid}: {' '.join(p.cmdline())}")
            p.kill()
        except psutil.Error:
            pass
    return described


def _kernel_processes(pid: int) -> list[psutil.Process]:
    """The kernels that process ``pid`` (make lab) started, and their descendants."""
    try:
        tree = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    found = []
    for p in tree:
        try:
            if "ipykernel_launcher" in p.cmdline():
                found += [p, *p.children(recursive=True)]
        except psutil.Error:
            pass
    return found


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
    return _describe_and_kill(left.values())

@contextmanager
def chromium():
    """A headless Chromium (a Playwright ``Browser``), closed with its driver on exit;
    Playwright's own browser builds are never downloaded."""
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        raise RuntimeError(f"{CHROMIUM} is missing: run `make browser-deps`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Lab:
    """A running ``make lab``: its URL, token and log; ``left``: what was still running
    once it was stopped (filled in then)."""

    base: str
    token: str
    log_path: Path
    pid: int  # make lab's
    left: list[str] = field(default_factory=list)


@contextmanager
def running_lab(folder: Path):
    """``make lab`` with its settings and log in ``folder``; yields a :class:`Lab`."""
    port, token = free_port(), secrets.token_hex(16)
    for plugin, values in SETTINGS.items():
        path = folder / "settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    lab_args = (
        f"--ServerApp.ip=127.0.0.1 --LabApp.user_settings_dir={folder / 'settings'}"
        f" --LabApp.workspaces_dir={folder / 'workspaces'}"
        # (an absolute path: the checkpoints the server makes when a lesson is looked at
        # go there, not beside the lessons, where another test's server may be at work)
        f" --FileCheckpoints.checkpoint_dir={folder / 'checkpoints'}"
    )
    env = os.environ | {"PORT": str(port), "NO_BROWSER": "1", "LAB_TOKEN": token,
                        "LAB_ARGS": lab_args}
    log_path = folder / "lab.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            ["make", "lab"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    lab = Lab(f"http://127.0.0.1:{port}", token, log_path, proc.pid)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                raise RuntimeError("make lab exited:\n" + log_path.read_text()[-3000:])
            try:
                get_json(f"{lab.base}/api/status", token)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n"
                                       + log_path.read_text()[-3000:]) from None
                time.sleep(0.5)
        yield lab
    finally:
        lab.left = stop_group(proc)


def lesson_facts(path: Path) -> tuple[int, int]:
    """(number of code cells, number of images) in the lesson's stored outputs: the
    pictures shown, and those folded inside a solution's ``<details>`` (HTML)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    outputs = [o.get("data", {}) for c in code for o in c.get("outputs", [])]
    images = sum("image/png" in data or "".join(data.get("text/html", "")).count("<img ")
                 for data in outputs)
    return len(code), images


def click_menu(page, menu: str, item: str) -> None:
    page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()


def run_all_cells(page, base, token, n_code, n_images, writes, lesson: Path) -> float:
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
    # (reset: a workspace of its own, so that no lesson opened before comes back with it)
    page.goto(f"{base}/lab/tree/{lesson.name}?token={token}&reset")
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
