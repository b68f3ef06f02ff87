"""Run a snippet as a real ``__main__`` script in a fresh interpreter, recorded.

Some lessons need what a notebook cannot give: a main program that *ends* (daemons
are terminated when it does) and a real ``__main__`` module that ``spawn``
re-imports in every child (why the ``if __name__ == '__main__':`` guard matters).
:func:`run_script` writes the snippet to a file in a temporary folder, runs it with
the chosen start method in a new Python, records it with
:func:`helpers.recorder.recording`, and returns its output (stdout and stderr
together, as a terminal shows them), exit status and timeline.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import runpy
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from multiprocessing import util

from ..arguments import need_seconds
from ..families.process import exit_function_recorded
from ..recorder import START_METHODS, recording, start_method_from_env
from ..recorder.events import read_events
from ..recorder.tracebacks import print_exception, tidy
from ..view import Run
from ..view.terminal import show_terminal
from .plain_python import SCRIPT_NAME
from .runner import run_bounded


@dataclass
class ScriptResult:
    """What a script run produced: its output, exit status and timeline."""

    code: str
    start_method: str
    output: str
    returncode: int
    run: Run

    def show(self) -> None:
        """Show the output as a terminal would show it, the exit status, the timeline."""
        self.show_output()
        self.run.show()

    def show_output(self) -> None:
        """The output as a terminal would show it (its tracebacks cut, the whole of each
        a click away: :func:`~helpers.view.terminal.show_terminal`), the exit status."""
        show_terminal(f"python {SCRIPT_NAME}    # start method {self.start_method}", self.output,
                      f"{SCRIPT_NAME} exited with status {self.returncode}")

    def _ipython_display_(self):
        self.show()


def run_script(code: str, start_method: str | None = None, timeout: float = 30.0) -> ScriptResult:
    """Run ``code`` as ``script.py`` in a new interpreter; return a :class:`ScriptResult`.

    ``start_method``: ``'fork'``, ``'spawn'`` or ``'forkserver'``; ``None`` uses
    ``WORKBOOK_START_METHOD`` or the platform default.  After ``timeout`` seconds
    the script and every process it started are killed and ``TimeoutError`` raised.
    """
    if not isinstance(code, str):
        raise TypeError(f"code must be the script's text (a str), not {type(code).__name__}")
    method = start_method or start_method_from_env()
    if method not in multiprocessing.get_all_start_methods():
        available = [m for m in START_METHODS if m in multiprocessing.get_all_start_methods()]
        raise ValueError(f"start_method must be one of {', '.join(available)}, not {method!r}")
    need_seconds(timeout, "timeout", zero=False)
    code = textwrap.dedent(code).lstrip("\n")
    with tempfile.TemporaryDirectory(prefix="workbook-script-") as folder:
        with open(os.path.join(folder, SCRIPT_NAME), "w", encoding="utf-8") as f:
            f.write(code)
        events = os.path.join(folder, "events")
        os.mkdir(events)
        command = [sys.executable, "-c", "from helpers.tools.scripts import main; main()",
                   events, method, SCRIPT_NAME]
        returncode, out = run_bounded(command, folder, timeout, "the script", helpers=True)
        output = tidy(out.decode("utf-8", "replace"), {folder: ""})
        return ScriptResult(code, method, output, returncode, Run(read_events(events)))


def main() -> None:
    """Inside the new interpreter: record the script, run it as ``__main__``, and let the
    interpreter end as it would end the script.

    The recording stays open until the interpreter's own exit: when the main code has
    ended, Python waits for every non-daemon thread, then runs its exit handlers, among
    them multiprocessing's, which terminates the daemons still running and joins the
    other children.  That handler is swapped for :func:`_at_exit`, which runs it
    recorded (:func:`~helpers.families.process.exit_function_recorded`) and closes the
    recording after it."""
    folder, method, path = sys.argv[1:4]
    multiprocessing.set_start_method(method, force=True)
    sys.argv = [path]
    sys.path.insert(0, os.getcwd())
    session = recording(echo=True, folder=folder)
    rec = session.__enter__()
    atexit.unregister(util._exit_function)
    atexit.register(_at_exit, session, rec)
    try:
        runpy.run_path(path, run_name="__main__")
    except SystemExit:
        raise
    except BaseException as error:
        print_exception(error, first_file=path)
        sys.exit(1)
    finally:
        rec.writer.write("code-end")


def _at_exit(session, rec) -> None:
    """multiprocessing's exit handler, recorded; then the end of the recording."""
    try:
        exit_function_recorded(rec)
    finally:
        session.__exit__(None, None, None)
