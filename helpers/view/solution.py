"""A solution cell that keeps its answer folded: the ``%%solution`` cell magic.

An exercise's solution cell runs with the others under Run All (so that nbval checks
it on every run), yet a learner who presses Run All must not read the answer before
trying.  Its first line, ``%%solution``, is all that a collapsed cell shows of it; the
magic runs the rest as a cell of its own and shows everything it printed and displayed,
and the value of its last line, folded inside one closed ``<details>`` element that
opens on a click.  The same output has a plain-text form (what nbval compares, and
what a plain-text front end shows).

:func:`register` adds the magic to IPython; a lesson's checks import it
(:mod:`helpers.lessons.exercise`), so every lesson has it once its first cell has run.
"""

from __future__ import annotations

import ast
import base64
import html
import sys

SUMMARY = "The solution, run: click to see what it printed"
NAME = "solution"


class _Capture:
    """What a block printed and displayed, in order: ``(kind, data)`` items, ``kind``
    one of ``stdout``, ``stderr`` (``data`` the text) and ``display`` (``data`` a mime
    bundle and its metadata)."""

    def __init__(self):
        self.items: list[tuple[str, object]] = []

    def stream(self, kind: str):
        capture = self

        class Stream:
            def write(self, text: str) -> int:
                if capture.items and capture.items[-1][0] == kind:
                    capture.items[-1] = (kind, capture.items[-1][1] + text)
                else:
                    capture.items.append((kind, text))
                return len(text)

            def flush(self) -> None:
                pass

            def isatty(self) -> bool:
                return False

        return Stream()

    def publish(self, data, metadata=None, **kwargs) -> None:  # (IPython's display_pub)
        self.items.append(("display", (dict(data), dict(metadata or {}))))

    def clear_output(self, wait=False) -> None:
        self.items.clear()


def run_folded(code: str, namespace: dict, shell) -> None:
    """Run ``code`` in ``namespace`` as a cell (the value of a last expression is shown),
    then display all it showed, folded.  An error is raised again after the display, so
    a solution that fails still fails its cell."""
    tree = ast.parse(code)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    capture = _Capture()
    saved = sys.stdout, sys.stderr, shell.display_pub
    sys.stdout, sys.stderr = capture.stream("stdout"), capture.stream("stderr")
    shell.display_pub = capture
    try:
        exec(compile(tree, "<solution>", "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), "<solution>", "eval"), namespace)
            if value is not None:
                capture.publish(shell.display_formatter.format(value)[0])
    finally:
        sys.stdout, sys.stderr, shell.display_pub = saved
        shell.display_pub.publish(folded(capture.items), metadata={})


def folded(items: list[tuple[str, object]]) -> dict:
    """A mime bundle: ``items`` inside a closed ``<details>``, and as plain text."""
    plain, parts = [], []
    for kind, data in items:
        if kind != "display":
            plain.append(data.rstrip("\n"))
            style = ' style="color: #b22222"' if kind == "stderr" else ""
            parts.append(f"<pre{style}>{html.escape(data)}</pre>")
            continue
        data, metadata = data
        text = data.get("text/plain", "")
        plain.append(text)
        png = data.get("image/png")
        if png is not None:
            if isinstance(png, bytes):
                png = base64.b64encode(png).decode("ascii")
            width = metadata.get("image/png", {}).get("width")
            parts.append(f'<img src="data:image/png;base64,{png}" alt="{html.escape(text)}"'
                         + (f' width="{int(width)}"' if width else "")
                         + ' style="max-width: 100%; height: auto">')
        elif "text/html" in data:
            parts.append(data["text/html"])
        else:
            parts.append(f"<pre>{html.escape(text)}</pre>")
    body = "\n".join(parts)
    return {"text/plain": "\n".join(plain),
            "text/html": f"<details><summary>{SUMMARY}</summary>\n{body}\n</details>"}


def register() -> None:
    """Add ``%%solution`` to the running IPython (nothing outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or NAME in shell.magics_manager.magics["cell"]:
        return

    def solution(line: str, cell: str) -> None:
        run_folded(cell, shell.user_ns, shell)

    solution.__doc__ = __doc__
    shell.register_magic_function(solution, magic_kind="cell", magic_name=NAME)
