"""Run a new Python in its own session, bounded in time, and leave nothing behind: the
one subprocess runner behind :func:`~helpers.tools.scripts.run_script` and
:func:`~helpers.tools.plain_python.run_python`.

On Linux and macOS the new Python leads a process group of its own, and killing the
group ends everything it started, orphans included.  Windows has no process groups:
there the runner kills the processes it can still find below the new Python (psutil);
one whose parent has already ended is out of its reach.
"""

from __future__ import annotations

import os
import signal
import subprocess

import psutil

from ..recorder.tracebacks import PROJECT


def python_env(helpers: bool) -> dict:
    """The environment of a Python the lessons start: unbuffered (every line is
    written out at once, even to a pipe), UTF-8, tracebacks without colour codes (a
    kernel's environment asks for colour -- ``FORCE_COLOR`` -- which Python 3.13 would
    write into every traceback as escape codes, so that its lines read differently
    from 3.11's and 3.12's), no ``PYTEST_CURRENT_TEST`` (under which ipykernel would
    hide output), and with ``helpers`` importable if asked.  :func:`run_bounded` can
    take the unbuffering back (``buffered=True``)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8", PYTHON_COLORS="0")
    if helpers:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [PROJECT, os.environ.get("PYTHONPATH")]))
    env.pop("PYTEST_CURRENT_TEST", None)
    return env


def run_bounded(command: list[str], cwd: str, timeout: float, what: str, *,
                helpers: bool, buffered: bool = False) -> tuple[int, bytes]:
    """Run ``command`` in ``cwd`` in a session of its own; return (exit status, stdout
    and stderr together).  After ``timeout`` s it and every process it started are
    killed and ``TimeoutError`` says so (``what``: "the script", "the code"); whatever
    it leaves running when it ends (a daemon's orphan, say) is killed too.

    Its stdout is a pipe.  ``buffered``: Python's normal buffering there, as with
    ``python script.py > out.txt``: no ``PYTHONUNBUFFERED`` (not even one set in this
    process's environment), so stdout is block-buffered -- a line is written out when
    the buffer fills, on ``flush()``, or when the process exits normally, and lost if
    it is killed first.  (stderr is line-buffered either way.)  Otherwise unbuffered:
    :func:`python_env`."""
    env = python_env(helpers)
    if buffered:
        env.pop("PYTHONUNBUFFERED", None)
    with subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, start_new_session=True) as proc:
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc.pid)  # it and everything it started
            proc.communicate()
            raise TimeoutError(f"{what} did not end within {timeout:g} s; "
                               f"it and its processes were killed") from None
        finally:
            _kill_group(proc.pid)
            proc.wait()  # reaped even when interrupted: Popen's own exit would not wait then
    return proc.returncode, out


def _kill_group(pgid: int) -> None:
    """Kill the process group ``pgid`` (where there are none, the process tree below it)."""
    if not hasattr(os, "killpg"):
        kill_tree(pgid)
        return
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def kill_tree(pid: int) -> None:
    """Kill the process ``pid`` and every process below it that is still its
    descendant (the way to stop a tree where there are no process groups)."""
    try:
        root = psutil.Process(pid)
        tree = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for process in tree:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(tree[1:], timeout=5)  # the root is its parent's to reap
