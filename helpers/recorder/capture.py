"""Text streams that turn what a process prints into ``print`` events.

A recorded child's ``sys.stdout``/``sys.stderr`` are replaced by a
:class:`LineCapture`, so its ``print()`` lands in the event log instead of on the
raw file descriptor.  That is what lets the recording parent show the child's
output in the notebook on every platform and start method -- ipykernel forwards
raw child output only on Linux/macOS and never under pytest -- and it is why the
output is never shown twice.
"""

from __future__ import annotations

import io
import threading


class LineCapture(io.TextIOBase):
    """Records every line written to it as a ``print`` event of ``writer``.

    ``echo``: a stream that also receives the text, line by line (the recording
    parent keeps printing to the notebook; a script's children keep printing to the
    terminal).  ``before_write``: called before each write, so the parent can first
    relay the lines its children printed earlier and the cell shows them in order.
    """

    def __init__(self, writer, stream: str, echo=None, before_write=None):
        super().__init__()
        self._writer = writer
        self._stream = stream
        self._echo = echo
        self._before_write = before_write
        self._pending = ""
        self._lock = threading.RLock()

    @property
    def encoding(self):
        return getattr(self._echo, "encoding", None) or "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        with self._lock:
            if self._before_write is not None:
                self._before_write()
            lines = (self._pending + text).split("\n")
            self._pending = lines.pop()
            for line in lines:
                self._writer.write("print", stream=self._stream, text=line)
                self._echo_text(line + "\n")
        return len(text)

    def flush(self) -> None:
        """Record a partial line too (``print(..., end='', flush=True)``)."""
        with self._lock:
            if self._pending:
                self._writer.write("print", stream=self._stream, text=self._pending, nl=False)
                self._echo_text(self._pending)
                self._pending = ""

    def _echo_text(self, text: str) -> None:
        """Whole lines, one write each, as a terminal's line buffering does: two
        processes printing at once interleave by line, not in the middle of one."""
        if self._echo is not None:
            self._echo.write(text)
            self._echo.flush()
