"""Processes a test run left behind, found machine-wide (used by tests/nbval_leaks.py).

Listing the descendants of a process (:func:`helpers.leaks.leftovers`) misses the
processes that escaped: a grandchild whose parent died is re-parented (to init, or
to a subreaper) and is nobody's descendant any more.  A :class:`Tracker` therefore
notes every process of the machine when it starts and, when asked, lists the *new*
ones still present (zombies included) that came from the run it tracks.  A process
came from the run if

- it was seen as a descendant of one of the run's roots (:meth:`Tracker.observe`),
  or one of its ancestors now is such a root or was seen;
- its session is a root's session (jupyter_client starts every kernel in a session
  of its own, and the kernel's descendants keep it unless they call ``setsid()``);
- its environment carries the run's tag, ``WORKBOOK_LEAK_TAG`` (set in this process
  before the run starts anything: every process started after that inherits it,
  across ``setsid()``, re-parenting and ``exec``; a *forked* process shows the
  environment its ancestor was exec'd with, which is why ``make`` hands each test
  run a tag when it starts it);
- its command line carries one of the run's marks (the kernel's connection file:
  a child forked by the kernel has the kernel's command line).

Everything else on the machine -- other people's test runs included -- is ignored.
"""

from __future__ import annotations

import os
import secrets
import signal
import time
from contextlib import contextmanager

import psutil

from helpers.tools.leaks import describe, is_multiprocessing_helper

TAG = "WORKBOOK_LEAK_TAG"
OWNER = "WORKBOOK_LEAK_TAG_OWNER"  # which test process set TAG (absent: the launcher did)
# seconds a process that is already dying may take to disappear (tests of the checks
# themselves, whose leaks are on purpose, set it lower)
GRACE = float(os.environ.get("WORKBOOK_LEAK_GRACE", "2.0"))


def own_tag() -> str:
    """The tag of this test process.  One its launcher gave it (``make``) is its own;
    one inherited from another test process (an xdist controller, a test that runs
    pytest) gets a new part below it, so the two runs' processes stay apart."""
    given = os.environ.get(TAG)
    if given and OWNER not in os.environ:
        return given
    mine = f"p{os.getpid()}-{secrets.token_hex(3)}"
    return f"{given}/{mine}" if given else mine


def set_tag(tag: str) -> None:
    """Make the processes this process starts from now on carry ``tag``."""
    os.environ[TAG] = tag
    os.environ[OWNER] = str(os.getpid())


def _processes() -> dict[int, float]:
    """Every process of the machine now: pid -> creation time."""
    found = {}
    for proc in psutil.process_iter(["create_time"]):
        if proc.info["create_time"] is not None:
            found[proc.pid] = proc.info["create_time"]
    return found


def _tag_of(proc: psutil.Process) -> str | None:
    try:
        return proc.environ().get(TAG)
    except (psutil.Error, OSError):
        return None


def _command(proc: psutil.Process) -> str:
    try:
        return " ".join(proc.cmdline())
    except (psutil.Error, OSError):
        return ""


def _present(proc: psutil.Process) -> bool:
    """Running, or a zombie nobody reaped."""
    try:
        return proc.is_running()
    except psutil.Error:
        return False


class Tracker:
    """The processes of one run (a notebook's kernel, a test session) on this machine."""

    def __init__(self, tag: str):
        self.tag = tag
        self.before = _processes()
        self.roots: set[int] = set()  # pids whose descendants and session are the run's
        self.marks: list[str] = []  # command-line text that only the run's processes carry
        self.seen: dict[int, float] = {}  # descendants of a root seen so far: pid -> created

    def add_root(self, pid: int, mark: str | None = None) -> None:
        self.roots.add(pid)
        if mark:
            self.marks.append(mark)
        self.observe(pid)

    def observe(self, root: int) -> None:
        """Remember ``root``'s descendants as they are now: they stay the run's even
        after they are re-parented."""
        try:
            procs = psutil.Process(root).children(recursive=True)
        except psutil.Error:
            return
        for proc in procs:
            try:
                self.seen[proc.pid] = proc.create_time()
            except psutil.Error:
                pass

    def why(self, proc: psutil.Process) -> str | None:
        """Why ``proc`` is one of the run's processes; None: it is not."""
        try:
            created = proc.create_time()
        except psutil.Error:
            return None
        if self.seen.get(proc.pid) == created:
            return "was seen below the run's process"
        try:
            ancestors = proc.parents()
        except psutil.Error:
            ancestors = []
        for parent in ancestors:
            if parent.pid in self.roots or self.seen.get(parent.pid) == _created(parent):
                return f"below pid {parent.pid}"
        try:
            session = os.getsid(proc.pid)
        except OSError:
            session = None
        if session in self.roots:
            return f"in the session of pid {session}"
        tag = _tag_of(proc)
        if tag is not None and (tag == self.tag or tag.startswith(self.tag + "/")):
            return f"carries {TAG}={tag}"
        command = _command(proc)
        for mark in self.marks:
            if mark in command:
                return "carries the kernel's connection file"
        return None

    def strays(self, exclude=lambda proc: False) -> list[tuple[psutil.Process, str]]:
        """New processes of the run still present (zombies included), with the reason
        they count as the run's; ``exclude(proc)`` leaves some out."""
        found = []
        for pid, created in _processes().items():
            if self.before.get(pid) == created or pid == os.getpid():
                continue
            try:
                proc = psutil.Process(pid)
            except psutil.Error:
                continue
            reason = self.why(proc)
            if reason is not None and _present(proc) and not exclude(proc) \
                    and not self._reaped_by_others(proc):
                found.append((proc, reason))
        return found

    def _reaped_by_others(self, proc: psutil.Process) -> bool:
        """A zombie whose parent is not the run's (init, once its parent died): that
        parent reaps it, in its own time; the run left nothing that runs."""
        try:
            if proc.status() != psutil.STATUS_ZOMBIE:
                return False
            parent = proc.parent()
        except psutil.Error:
            return True
        return parent is None or (parent.pid not in self.roots and self.why(parent) is None)

    def wait_for_strays(self, exclude=lambda proc: False, grace: float = GRACE):
        """:meth:`strays`, given ``grace`` seconds to disappear by themselves."""
        deadline = time.monotonic() + grace
        while (found := self.strays(exclude)) and time.monotonic() < deadline:
            time.sleep(0.05)
        return found


def _created(proc: psutil.Process) -> float | None:
    try:
        return proc.create_time()
    except psutil.Error:
        return None


def report(found: list[tuple[psutil.Process, str]]) -> str:
    """One line per process: pid, name, state, command line, and why it is the run's."""
    lines = describe([proc for proc, _ in found]).splitlines()
    return "\n".join(f"{line}  ({why})" for line, (_, why) in zip(lines, found, strict=True))


#: The pids of processes that a fixture wider than one test keeps running between its
#: tests (test_lab's JupyterLab): the check after each test leaves them and their
#: descendants to that fixture, which checks that none is left once it stops them.
KEPT: set[int] = set()


@contextmanager
def kept(pid: int):
    """While the block runs, process ``pid`` and its descendants are not a test's leak."""
    KEPT.add(pid)
    try:
        yield
    finally:
        KEPT.discard(pid)


def not_kept(procs: list[psutil.Process]) -> list[psutil.Process]:
    """``procs`` without the KEPT processes and their descendants."""
    kept_pids = set(KEPT)
    for pid in KEPT:
        try:
            kept_pids |= {p.pid for p in psutil.Process(pid).children(recursive=True)}
        except psutil.Error:
            pass
    return [proc for proc in procs if proc.pid not in kept_pids]


def kill(found: list[tuple[psutil.Process, str]]) -> None:
    """Stop what a run left behind (after it was reported), so that it cannot disturb
    what runs next; a zombie goes when its parent reaps it or dies."""
    for proc, _ in found:
        try:
            proc.send_signal(signal.SIGKILL)
        except psutil.Error:
            pass
    psutil.wait_procs([proc for proc, _ in found], timeout=GRACE)


def is_own_helper(proc: psutil.Process, parent_pid: int) -> bool:
    """A fork server or resource tracker that ``parent_pid`` started: it lives as long
    as its parent does, and is not a leak."""
    try:
        return proc.ppid() == parent_pid and is_multiprocessing_helper(proc)
    except psutil.Error:
        return False
