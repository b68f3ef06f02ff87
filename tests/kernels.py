"""A real kernel of the project's venv, for tests that need one (interrupts, __main__)."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import nbformat
import psutil
from jupyter_client.manager import KernelManager

from helpers.tools.leaks import describe, leftovers
from tests import leakcheck
from tests.bounds import SOON

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = Path(ROOT) / "notebooks"

_ipc_folder: str | None = None


def ipc_address() -> str:
    """A fresh path for a kernel's sockets, in a folder of this process removed at exit."""
    global _ipc_folder
    if _ipc_folder is None:
        _ipc_folder = tempfile.mkdtemp(prefix="kernels-")
        atexit.register(shutil.rmtree, _ipc_folder, True)
    return os.path.join(_ipc_folder, uuid.uuid4().hex[:12])


class IpcKernelManager(KernelManager):
    """A KernelManager whose kernel talks over Unix sockets (ZeroMQ's ipc transport)
    instead of TCP ports.  With TCP, jupyter_client picks ports that are free *now* and
    the kernel binds them a moment later; with several kernels starting at once (the
    test suite's parallel runs) -- or anything else binding port 0 meanwhile -- one of
    them sometimes finds its port taken and dies: "Kernel died before replying to
    kernel_info".  A socket path is never taken.  tests/nbval_leaks.py makes nbval
    use it too."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("ip", ipc_address())
        super().__init__(*args, **kwargs)


def start_kernel(env: dict, cwd: str = ROOT, timeout: float = SOON):
    """Start a kernel of the project's venv; return its manager and a ready client."""
    km = IpcKernelManager(kernel_name="python3")
    km.start_kernel(env=env, cwd=cwd, stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=timeout)
    except RuntimeError:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        raise
    return km, kc


SETUP = """
import multiprocessing, os, socket, time
from multiprocessing import Process
from helpers import record, setup
from helpers.tools.echo_server import EchoServer
from helpers.tools.scripts import run_script
from tests import targets
setup()
"""


class Kernel:
    """A kernel of the project's venv (as nbval starts one: over Unix sockets, see
    :class:`IpcKernelManager`), tracked by a :class:`~tests.leakcheck.Tracker`."""

    def __init__(self, method: str):
        self.method = method
        outer = os.environ.get(leakcheck.TAG)
        self.tracker = leakcheck.Tracker(f"{outer or 'interrupts'}/kernel-{method}")
        env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
        env.update(WORKBOOK_START_METHOD=method, PYTHONPATH=os.pathsep.join(
            filter(None, [ROOT, env.get("PYTHONPATH")])))
        env[leakcheck.TAG], env[leakcheck.OWNER] = self.tracker.tag, str(os.getpid())
        self.km, self.kc = start_kernel(env)
        self.pid = self.km.provisioner.pid
        self.tracker.add_root(self.pid, self.km.connection_file)
        self.run(SETUP)

    def run(self, code: str, timeout: float = SOON) -> dict:
        for _ in range(10):
            reply = self.kc.execute_interactive(code, timeout=timeout,
                                                output_hook=lambda msg: None)["content"]
            if reply["status"] != "aborted":
                return reply
            # A request that reaches the kernel while it still discards the requests
            # queued behind a cell that failed (an interrupt) is aborted, not run.
            time.sleep(0.2)
        return reply

    def interrupt(self, code: str, waiting: int = 1, timeout: float = SOON) -> dict:
        """Run ``code``; once the kernel has ``waiting`` processes below it (not counting
        multiprocessing's helpers), interrupt it; return the cell's reply."""
        msg_id = self.kc.execute(code)
        deadline = time.monotonic() + timeout
        while len(leftovers(self.pid)) < waiting:
            assert time.monotonic() < deadline, f"the cell never started {waiting} processes"
            time.sleep(0.02)
        time.sleep(0.3)  # well inside join(), accept(), sleep()...
        self.tracker.observe(self.pid)
        self.km.interrupt_kernel()
        while True:
            msg = self.kc.get_shell_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg["content"]

    def left_behind(self) -> str:
        """What the kernel has below it, and what escaped it: '' if nothing."""
        deadline = time.monotonic() + leakcheck.GRACE
        while (left := leftovers(self.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        escaped = self.tracker.wait_for_strays(exclude=self.below_the_kernel)
        return "\n".join(filter(None, [describe(left), leakcheck.report(escaped)]))

    def below_the_kernel(self, proc) -> bool:
        """Is ``proc`` the kernel or one of its descendants?"""
        try:
            return proc.pid == self.pid or self.pid in [p.pid for p in proc.parents()]
        except psutil.Error:
            return False

    def stop(self) -> str:
        """Shut the kernel down, asked as JupyterLab asks (killed, it would leave its
        named semaphores in /dev/shm: tests/nbval_leaks.py); return what outlived it
        (and kill that)."""
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)
        found = self.tracker.wait_for_strays()
        leakcheck.kill(found)
        return leakcheck.report(found)


def cell_with(notebook: str, line: str) -> str:
    """The source of the one code cell of ``notebook`` (its name without .ipynb) that
    contains ``line``, as stored."""
    cells = nbformat.read(NOTEBOOKS / f"{notebook}.ipynb", as_version=4).cells
    found = [c.source for c in cells if c.cell_type == "code" and line in c.source]
    assert len(found) == 1, f"{notebook}: {len(found)} cells contain {line!r}"
    return found[0]
