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
    """While a recording runs in IPython: what reaches stderr -- a child's traceback,
    relayed; a warning -- is shown as red blocks wrapped at words (:func:`show`), each
    run of stderr text one block, in its place among the lines printed to stdout.

    Only the thread that opened the block shows a block: the recorder's relay thread
    writes children's lines while holding its lock, and a display from there would wait
    for the cell's own stream, whose writer may be waiting for that lock.  So stderr
    text from other threads queues, and the stdout text that follows it (its place is
    after it), until the cell's thread writes to stdout, or the block ends
    (:meth:`close`); stdout text with nothing queued before it goes out at once."""

    def __init__(self, stdout, stderr):
        self._out, self._err = stdout, stderr
        self._owner = threading.get_ident()
        self._lock = threading.RLock()
        self._queue: list[tuple[str, str]] = []  # (stream, text), in order
        self.stdout, self.stderr = _Stream(self, "stdout"), _Stream(self, "stderr")

    def write(self, stream: str, text: str) -> None:
        with self._lock:
            if stream == "stdout" and not self._queue:
                self._out.write(text)
                return
            self._queue.append((stream, text))
            if stream == "stdout" and threading.get_ident() == self._owner:
                self._show_queue()

    def close(self) -> None:
        """Show what is queued (call it from the cell's thread, at the block's end)."""
        with self._lock:
            self._show_queue()

    def _show_queue(self) -> None:
        """Each run of stderr text as a block, the stdout text written out, in order.
        (Under the lock, which is re-entrant: showing flushes ``sys.stdout``, and the
        recorder's stream may write a partial line through here then.)"""
        queue, self._queue = self._queue, []
        errors: list[str] = []
        for stream, text in [*queue, ("stdout", "")]:
            if stream == "stderr":
                errors.append(text)
                continue
            if errors:
                show("".join(errors).rstrip("\n"), error=True)
                errors = []
            if text:
                self._out.write(text)

    def flush(self, stream: str) -> None:
        if stream == "stdout":
            self._out.flush()


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
    """:class:`ErrorBlocks` in place of ``sys.stdout``/``sys.stderr`` for the block, in
    a Jupyter kernel (elsewhere nothing changes)."""
    if not in_a_kernel():
        yield
        return
    blocks = ErrorBlocks(sys.stdout, sys.stderr)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = blocks.stdout, blocks.stderr
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
        blocks.close()
