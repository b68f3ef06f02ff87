"""Run code in a plain, fresh Python: no recorder, no start method chosen.  Lesson 09.

:func:`helpers.tools.scripts.run_script` records its script and sets the start method
before the script's first line, which is what most lessons want.  Lesson 09 needs a
Python left alone, for three things: calling ``set_start_method()`` for the first
time; a process whose only extra thread is the one the code starts; and a main
module that is not a file (``python -c``), which is what a notebook's kernel has --
so a spawned child cannot re-import it.

:func:`run_python` runs the code as ``script.py`` (``as_file=True``) or with
``python -c``, in a temporary folder, and returns what a terminal would show:
stdout and stderr together, with machine paths made relative.
"""

from __future__ import annotations

import os
import sys
import tempfile
import textwrap
from dataclasses import dataclass

from ..arguments import need_seconds
from ..recorder.tracebacks import tidy
from .runner import run_bounded

SCRIPT_NAME = "script.py"


def print_terminal(command: str, output: str, status: str) -> None:
    """Print a run as a terminal shows it: ``$ command``, the output, ``[status]``."""
    print(f"$ {command}")
    print(output, end="" if output.endswith("\n") or not output else "\n")
    print(f"[{status}]")


@dataclass
class PlainRun:
    """What a plain Python run printed, and its exit status."""

    command: str
    output: str
    returncode: int

    def show(self) -> None:
        print_terminal(self.command, self.output, f"python exited with status {self.returncode}")

    def _ipython_display_(self):
        self.show()


def run_python(code: str, *, as_file: bool = True, python: str | None = None,
               timeout: float = 30.0) -> PlainRun:
    """Run ``code`` in a new interpreter (``python``: default, this one's).

    ``as_file``: as ``python script.py``; else as ``python -c CODE``, where
    ``__main__`` is not a file.  After ``timeout`` seconds it and every process it
    started are killed and ``TimeoutError`` is raised; whatever it leaves running when
    it ends is killed too.
    """
    if not isinstance(code, str):
        raise TypeError(f"code must be a str, not {type(code).__name__}")
    need_seconds(timeout, "timeout", zero=False)
    code = textwrap.dedent(code).lstrip("\n")
    with tempfile.TemporaryDirectory(prefix="workbook-plain-") as folder:
        if as_file:
            with open(os.path.join(folder, SCRIPT_NAME), "w", encoding="utf-8") as f:
                f.write(code)
            args, command = [SCRIPT_NAME], f"python {SCRIPT_NAME}"
        else:
            args, command = ["-c", code], 'python -c "$CODE"    # CODE: the lines above'
        returncode, out = run_bounded([python or sys.executable, *args], folder, timeout,
                                      "the code", helpers=False)
        output = tidy(out.decode("utf-8", "replace"), {folder: ""})
    return PlainRun(command, output, returncode)

