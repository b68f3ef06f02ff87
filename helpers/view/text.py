"""Text a lesson shows -- a run's summary, a check's verdict, a script's traceback --
wrapped at words, with a plain-text twin.

JupyterLab shows printed text (a stream) and a plain-text result with
``word-break: break-all``: a line longer than the column breaks wherever it reaches the
edge, mid-word (``st art Process-4``).  So the workbook's own text goes out as a mime
bundle: HTML that wraps at spaces -- a word longer than a line, a path, breaks where
it must -- and the same text as ``text/plain``, which nbval compares and a plain-text
front end shows.  Outside IPython it is simply printed.
"""

from __future__ import annotations

import contextlib
import html
import sys
import threading

CLASS = "workbook-text"  # (tests/nbval_sanitize.cfg leaves this HTML to its plain text)
# (padding: JupyterLab sets printed text 1ch in from the output's edge)
STYLE = ("white-space: pre-wrap; word-break: normal; overflow-wrap: anywhere; margin: 0; "
         "padding: 0 0 0 1ch; background: none; "
         "font-family: var(--jp-code-font-family, monospace); "
         "font-size: var(--jp-code-font-size, 13px); line-height: var(--jp-code-line-height, 1.4)")
ERROR_STYLE = ("background: var(--jp-rendermime-error-background, #fdd); "
               "color: var(--jp-content-font-color1, #000)")


def wrapped_html(text: str, *, error: bool = False) -> str:
    """``text`` as a ``<pre>`` that wraps at words (``error``: red, as stderr is shown)."""
    style = STYLE + ("; " + ERROR_STYLE if error else "")
    return f'<pre class="{CLASS}" style="{style}">{html.escape(text)}</pre>'


def bundle(text: str, *, error: bool = False) -> dict:
    """The mime bundle of ``text``: the wrapping HTML and the plain text."""
    return {"text/plain": text, "text/html": wrapped_html(text, error=error)}


def show(text: str, *, error: bool = False) -> None:
    """Show ``text`` in a Jupyter kernel as :func:`bundle`; elsewhere print it
    (``error``: to stderr)."""
    show_bundle(bundle(text, error=error), error=error)


def show_bundle(data: dict, *, error: bool = False) -> None:
    """Display the mime bundle ``data`` in a Jupyter kernel; elsewhere (a terminal's
    IPython too) print its plain text (``error``: to stderr)."""
    if not in_a_kernel():
        print(data["text/plain"], file=sys.stderr if error else sys.stdout)
        return
    from IPython.display import display
    display(data, raw=True)


def in_a_kernel() -> bool:
    """Whether this runs in a Jupyter kernel, where HTML is shown."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return getattr(get_ipython(), "kernel", None) is not None


class ErrorBlocks:
    """While a recording runs in a kernel: what reaches stderr -- a child's traceback,
    relayed; a warning -- is shown as red blocks wrapped at words (:func:`show`), each
    run of stderr text one block, in its place among the lines printed to stdout.

    A block is shown only when the recording is over (:meth:`close`), by the cell's
    thread, with no lock held: during the recording the relay thread writes children's
    lines while holding the recorder's lock, the cell's own prints go through the
    recorder's streams and their locks, and a display flushes those streams -- shown
    from there, a block could wait for a lock whose holder waits for it.  So printed
    text goes out at once until the first stderr text; from there on everything
    queues, in order, until the recording ends (after a child's traceback, the lines
    printed later arrive when the cell's block ends)."""

    def __init__(self, stdout):
        self._out = stdout
        self._lock = threading.Lock()
        self._queue: list[tuple[str, str]] = []  # (stream, text), in order
        self.stdout, self.stderr = _Stream(self, "stdout"), _Stream(self, "stderr")

    def write(self, stream: str, text: str) -> None:
        with self._lock:
            if stream == "stdout" and not self._queue:
                self._out.write(text)
            else:
                self._queue.append((stream, text))

    def flush(self, stream: str) -> None:
        if stream == "stdout":
            self._out.flush()

    def close(self) -> None:
        """Show what queued: each run of stderr text as one block, the printed text
        written out, in order (the printed text flushed before each block: the kernel's
        stream holds text back for a moment, a display goes at once)."""
        while True:
            with self._lock:  # one run at a time: an interrupt loses nothing queued
                if not self._queue:
                    return
                stream = self._queue[0][0]
                count = next((i for i, (s, _) in enumerate(self._queue) if s != stream),
                             len(self._queue))
                run, self._queue = self._queue[:count], self._queue[count:]
            text = "".join(part for _, part in run)
            if stream == "stderr":
                self._out.flush()
                show(text.rstrip("\n"), error=True)
            else:
                self._out.write(text)


class _Stream:
    """One of :class:`ErrorBlocks`' two streams."""

    def __init__(self, blocks: ErrorBlocks, name: str):
        self._blocks, self.name = blocks, name

    def write(self, text: str) -> int:
        self._blocks.write(self.name, text)
        return len(text)

    def flush(self) -> None:
        self._blocks.flush(self.name)

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:
        return "utf-8"


@contextlib.contextmanager
def errors_as_blocks():
    """:class:`ErrorBlocks` in place of ``sys.stdout``/``sys.stderr`` for the block,
    where the cell's output goes to the kernel's own streams (not where something else
    -- a ``%%solution`` cell, a button's fold, a ``redirect_stdout`` -- catches it)."""
    if not in_a_kernel() or not _kernel_stream(sys.stdout) or not _kernel_stream(sys.stderr):
        yield
        return
    blocks = ErrorBlocks(sys.stdout)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = blocks.stdout, blocks.stderr
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
        blocks.close()


def _kernel_stream(stream) -> bool:
    try:
        from ipykernel.iostream import OutStream
    except ImportError:
        return False
    return isinstance(stream, OutStream)
