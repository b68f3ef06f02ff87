"""pytest plugin: no notebook cell, no notebook and no test session leaves a process behind,
and no cell a shared memory segment.

Loaded for every pytest run by ``-p tests.nbval_leaks`` in pyproject.toml.  Four checks:

- after every notebook cell (nbval): the kernel's descendants are listed (psutil);
  any that is not one of multiprocessing's own helpers (fork server, resource
  tracker) -- a running child, a zombie nobody joined, a ``Manager``'s server never
  shut down -- fails that cell, named;
- after every notebook cell, the shared memory segments (``/dev/shm``) made while it
  ran that the kernel's family left (tests/shmcheck.py: never seen in use by another
  run's process, and still there GRACE s after first seen so; other notebooks and
  tests run at the same time) -- each fails the cell, named, and is unlinked.  Only
  blocks of made-up names count
  (``psm_...``, what ``SharedMemory(create=True)`` gives) and those named after this
  notebook's tag (:func:`shm_prefix`: the self-test's planted leaks, which no other
  run may take for its own);
- around every notebook: the machine's processes are noted before its kernel
  starts; after its last cell, processes of that kernel that escaped it
  (re-parented away, or in a session of their own) fail the last cell, and so does
  anything of the kernel still present once nbval has stopped it;
- around the session (unit tests too, whose tests are checked one by one by
  tests/conftest.py): what the session started and left behind fails the run.

What counts as a process of a kernel or of a session is said in tests/leakcheck.py.
Whatever a notebook or the session left behind is killed once it has been named.
"""

from __future__ import annotations

import os
import time

import psutil
import pytest
from nbval.plugin import IPyNbFile

from helpers.tools.leaks import SHM, describe, leftovers, shm_segments
from tests import leakcheck
from tests.shmcheck import family, made_up, unlink_blocks_left

GRACE = leakcheck.GRACE


class NotebookRun:
    """One notebook's kernel, tracked from before it starts to after it is stopped."""

    def __init__(self, session_tag: str, name: str):
        self.tracker = leakcheck.Tracker(f"{session_tag}/{name}")
        self.kernel_pid: int | None = None

    def kernel_started(self, kernel) -> None:
        self.kernel_pid = kernel.km.provisioner.pid
        self.tracker.add_root(self.kernel_pid, kernel.km.connection_file)

    def outside_the_kernel(self, proc: psutil.Process) -> bool:
        """False for the kernel and its descendants (the per-cell check covers them)."""
        if proc.pid == self.kernel_pid:
            return False
        try:
            return all(parent.pid != self.kernel_pid for parent in proc.parents())
        except psutil.Error:
            return True


_session: leakcheck.Tracker | None = None
_notebooks: dict[IPyNbFile, NotebookRun] = {}
_segments_before: dict = {}  # a cell -> the shared memory segments before it ran


def _kernel(item):
    kernel = getattr(item.parent, "kernel", None)  # set on nbval's notebook items
    if kernel is not None and getattr(kernel, "km", None) is not None and kernel.is_alive():
        return kernel
    return None


# -- the session -------------------------------------------------------------------------

def pytest_configure(config):
    """nbval's kernels talk over Unix sockets, not TCP ports that another kernel starting
    at the same time can take (see tests/kernels.py), and are shut down as JupyterLab
    does it, not killed (:func:`_stop_as_jupyterlab_does`)."""
    import nbval.kernel

    from tests.kernels import IpcKernelManager
    nbval.kernel.KernelManager = IpcKernelManager
    nbval.kernel.RunningKernel.stop = _stop_as_jupyterlab_does


def _stop_as_jupyterlab_does(self) -> None:
    """nbval's ``RunningKernel.stop()``, but the kernel is asked to shut down and killed
    only if it has not within jupyter_client's ``shutdown_wait_time``.  Killed at once
    (nbval's ``now=True``: SIGKILL to its process group), a kernel cannot run its exit
    handlers, which unlink the named semaphores -- ``/dev/shm/sem.mp-*`` -- of the locks
    and events still alive under spawn and forkserver, and its resource tracker, which
    would unlink them instead, dies in the same kill: a few hundred left on the machine
    per ``make test``."""
    self.kc.stop_channels()
    self.km.shutdown_kernel(now=False)
    del self.km


def pytest_sessionstart(session):
    """Before xdist starts its workers (its hook runs last), so they inherit the tag."""
    global _session
    tag = leakcheck.own_tag()
    leakcheck.set_tag(tag)
    _session = leakcheck.Tracker(tag)
    _session.add_root(os.getpid())


def observe_session() -> None:
    """Note this process's descendants now (tests/conftest.py calls it after each test)."""
    if _session is not None:
        _session.observe(os.getpid())


@pytest.hookimpl(trylast=True)  # after xdist has stopped its workers
def pytest_sessionfinish(session):
    if _session is None:
        return
    me = os.getpid()
    found = _session.wait_for_strays(exclude=lambda proc: leakcheck.is_own_helper(proc, me))
    if not found:
        return
    text = "the test session left processes behind:\n" + leakcheck.report(found)
    leakcheck.kill(found)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_sep("=", "processes left behind", red=True)
        reporter.write_line(text)
    else:
        print(text)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


# -- notebooks ----------------------------------------------------------------------------

@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """Before a notebook's first cell, nbval starts its kernel: note the machine first."""
    notebook = item.parent
    if isinstance(notebook, IPyNbFile):
        _segments_before[item] = shm_segments()
    first = isinstance(notebook, IPyNbFile) and notebook not in _notebooks
    if first:
        run = _notebooks[notebook] = NotebookRun(_session.tag if _session else
                                                 leakcheck.own_tag(), notebook.path.stem)
        outer = os.environ.get(leakcheck.TAG)
        leakcheck.set_tag(run.tracker.tag)  # the kernel and all it starts carry it
    try:
        return (yield)
    finally:
        if first:
            if outer is None:
                os.environ.pop(leakcheck.TAG, None)
            else:
                leakcheck.set_tag(outer)
            kernel = getattr(notebook, "kernel", None)
            if kernel is not None and getattr(kernel, "km", None) is not None:
                run.kernel_started(kernel)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Look before nbval's own teardown (which stops the kernel after the last cell),
    report after it (so the teardown itself always runs)."""
    problems = []
    run = _notebooks.get(item.parent)
    last = run is not None and (nextitem is None or nextitem.parent is not item.parent)
    kernel = _kernel(item)
    if kernel is not None:
        pid = kernel.km.provisioner.pid
        deadline = time.monotonic() + GRACE
        while (left := leftovers(pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        if left:
            problems.append(f"{item.name} left processes behind:\n{describe(left)}")
        segments = _segments_left(item, pid)
        if segments:
            problems.append(f"{item.name} left shared memory behind (never unlinked):\n"
                            + "\n".join(segments))
        if run is not None:
            run.tracker.observe(pid)
    escaped = []
    if last:
        escaped = run.tracker.wait_for_strays(exclude=lambda p: not run.outside_the_kernel(p))
        if escaped:
            problems.append(f"{item.parent.name}: processes of its kernel escaped it "
                            f"(re-parented or in a session of their own):\n"
                            + leakcheck.report(escaped))
    try:
        result = yield
    finally:
        if last:
            del _notebooks[item.parent]
            reported = {proc.pid for proc, _ in escaped}
            after = [(p, why) for p, why in run.tracker.wait_for_strays()
                     if p.pid not in reported]
            if after:
                problems.append(f"{item.parent.name}: processes of its kernel still present "
                                f"after the kernel was stopped:\n" + leakcheck.report(after))
            leakcheck.kill(escaped + after)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
    return result


def shm_prefix(tag: str) -> str:
    """The start of a block's name that marks it as made under ``tag`` (a leak tag, of
    the run a process belongs to: ``WORKBOOK_LEAK_TAG``)."""
    return "wbleak-" + "".join(c if c.isalnum() else "-" for c in tag) + "-"


def _segments_left(item, kernel_pid: int) -> list[str]:
    """The segments made while ``item`` ran that the kernel's family left
    (:func:`tests.shmcheck.blocks_left`); each is unlinked once named."""
    before = _segments_before.pop(item, set())
    run = _notebooks.get(item.parent)
    own = shm_prefix(run.tracker.tag) if run is not None else None

    def counted(name: str) -> bool:
        return made_up(name) or (own is not None and name.startswith(own))

    left = unlink_blocks_left(before, family(kernel_pid), GRACE, counted)
    found = [f"{SHM}/{name} (" + (f"still open in pid {', '.join(map(str, sorted(users)))}"
                                  if users else "closed, not unlinked") + ")"
             for name, users in sorted(left.items())]
    return found
