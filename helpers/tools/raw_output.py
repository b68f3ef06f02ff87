"""Keep what child processes write straight to a file descriptor.  Lesson 09.

A child that fails *before* its target begins -- a spawned child that cannot find
its target, say -- writes its traceback to the stderr file descriptor it inherited,
not through ``print()``, so ``record()`` never sees it.  Where it ends up depends on
who runs the kernel: JupyterLab shows it in the cell, ``pytest --nbval`` loses it
(its kernel's stderr is /dev/null).  :func:`captured` points a file descriptor of
this process at a temporary file for the length of a ``with`` block: the children
started inside inherit the file, and their text is kept, the same way everywhere,
with machine paths made relative (:func:`helpers.paths.tidy`)::

    with raw_stderr() as err:
        p = multiprocessing.get_context('spawn').Process(target=g)
        p.start()
        p.join()
    err.show()

Only children that are *created* inside the block write there (a fork server
started earlier keeps the descriptor it had).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from ..recorder.tracebacks import tidy
from ..view.text import show as show_text


class Captured:
    """The text written to a file descriptor during a :func:`captured` block (filled
    in when the block ends)."""

    def __init__(self, fd: int):
        self.fd = fd
        self.text = ""

    def show(self) -> None:
        """Show the text as it would have gone: for fd 2 as stderr is shown (red, wrapped
        at words: :func:`helpers.view.text.show`), else printed to stdout."""
        if self.fd == 2:
            show_text(self.text.rstrip("\n"), error=True)
            return
        sys.stdout.write(self.text)
        sys.stdout.flush()

    def __repr__(self) -> str:
        return f"<Captured fd {self.fd}: {len(self.text)} characters>"


@contextmanager
def captured(fd: int) -> Iterator[Captured]:
    """Point ``fd`` (1: stdout, 2: stderr) at a temporary file inside the block;
    yield a :class:`Captured` whose ``text`` is what was written, tidied."""
    if fd not in (1, 2):
        raise ValueError(f"fd must be 1 (stdout) or 2 (stderr), not {fd!r}")
    result = Captured(fd)
    for stream in (sys.__stdout__, sys.__stderr__):  # what this process wrote before
        if stream is not None:
            stream.flush()
    saved = os.dup(fd)
    with tempfile.TemporaryFile() as file:
        os.dup2(file.fileno(), fd)
        try:
            yield result
        finally:
            os.dup2(saved, fd)
            os.close(saved)
            file.seek(0)
            result.text = tidy(file.read().decode("utf-8", "replace"))


def raw_stderr():
    """:func:`captured` for fd 2: what children created in the block write to stderr."""
    return captured(2)
