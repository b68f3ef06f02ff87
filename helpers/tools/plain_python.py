"""Run code in a plain, fresh Python: no recorder, no start method chosen.  Lessons 08
and 09.

:func:`helpers.tools.scripts.run_script` records its script and sets the start method
before the script's first line, which is what most lessons want.  Lesson 09 needs a
Python left alone, for three things: calling ``set_start_method()`` for the first
time; a process whose only extra thread is the one the code starts; and a main
module that is not a file (``python -c``), which is what a notebook's kernel has --
so a spawned child cannot re-import it.  Lesson 08 needs one whose prints are not
caught line by line: with ``buffered=True`` its stdout is buffered the way Python
buffers a pipe or a file, and a terminated child loses the lines it had not written
out yet.

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

from ..arguments import need_bool, need_seconds
from ..recorder.tracebacks import tidy
from ..view.terminal import show_terminal
from .runner import run_bounded

SCRIPT_NAME = "script.py"
TO_A_PIPE = " | cat"  # what buffered=True shows: stdout goes to a pipe, not a terminal




@dataclass
class PlainRun:
    """What a plain Python run printed, and its exit status."""

    command: str
    output: str
    returncode: int

    def show(self) -> None:
        show_terminal(self.command, self.output, f"python exited with status {self.returncode}")

    def _ipython_display_(self):
        self.show()


def run_python(code: str, *, as_file: bool = True, python: str | None = None,
               timeout: float = 30.0, buffered: bool = False) -> PlainRun:
    """Run ``code`` in a new interpreter (``python``: default, this one's).

    ``as_file``: as ``python script.py``; else as ``python -c CODE``, where
    ``__main__`` is not a file.  After ``timeout`` seconds it and every process it
    started are killed and ``TimeoutError`` is raised; whatever it leaves running when
    it ends is killed too.

    ``buffered``: by default the code runs unbuffered (``PYTHONUNBUFFERED=1``), so
    every line it prints is written out at once, as in a terminal.  With
    ``buffered=True`` it gets Python's normal buffering for a stdout that is a pipe
    (its children too): block-buffered, as with ``python script.py > out.txt`` or
    ``| tee log`` -- a line printed without ``flush=True`` is written out late, when
    the buffer fills, on a flush or when the process exits normally, and never if the
    process is killed first.  The command then reads ``python script.py | cat``.
    """
    if not isinstance(code, str):
        raise TypeError(f"code must be a str, not {type(code).__name__}")
    need_seconds(timeout, "timeout", zero=False)
    need_bool(buffered, "buffered")
    code = textwrap.dedent(code).lstrip("\n")
    with tempfile.TemporaryDirectory(prefix="workbook-plain-") as folder:
        if as_file:
            with open(os.path.join(folder, SCRIPT_NAME), "w", encoding="utf-8") as f:
                f.write(code)
            args, command = [SCRIPT_NAME], f"python {SCRIPT_NAME}"
        else:
            args, command = ["-c", code], 'python -c "$CODE"'
        if buffered:
            command += TO_A_PIPE
        if not as_file:
            command += "    # CODE: the lines above"
        returncode, out = run_bounded([python or sys.executable, *args], folder, timeout,
                                      "the code", helpers=False, buffered=buffered)
        output = tidy(out.decode("utf-8", "replace"), {folder: ""})
    return PlainRun(command, output, returncode)

