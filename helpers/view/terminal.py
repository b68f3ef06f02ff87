"""What a script printed, shown as a terminal would -- its tracebacks red and cut to the
frames that teach, the whole of each a click away.

A script run by :func:`helpers.tools.scripts.run_script` or
:func:`helpers.tools.plain_python.run_python` prints stdout and stderr together.  A
traceback there is mostly Python's own machinery: a spawned child's starts with a
dozen frames of ``multiprocessing.spawn`` and ``runpy`` before the learner's line,
and ends with a few more before the ``raise``.  :func:`cut` keeps the frames of the
learner's code, the last frame (where it was raised) and the error; the frames in
between become one line saying how many there were.  In JupyterLab the cut
traceback is red, like a child's relayed stderr, and the whole one opens on a click;
the plain text (what nbval compares) is the cut one.
"""

from __future__ import annotations

import re

from .text import show_bundle, wrapped_html

HEADER = "Traceback (most recent call last):"
FRAME = re.compile(r'^  File "(?P<file>[^"]*)", line \d+')
MACHINERY = ("<stdlib>/", "<frozen ")  # (paths as helpers.recorder.tracebacks.tidy writes them)


def blocks(output: str) -> list[tuple[bool, str]]:
    """``output`` split into ``(is_traceback, text)`` pieces, in order.  A traceback runs
    from its header through its indented frames to the error line, and the indented or
    blank lines after it (a message whose lines are indented, as multiprocessing's
    "An attempt has been made to start a new process..."; a message whose later lines
    are not indented ends at its first).  An exception group's traceback (``  + ...``)
    is left as printed."""
    pieces: list[tuple[bool, list[str]]] = []
    lines = output.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        if lines[i].rstrip("\n") != HEADER:
            if pieces and not pieces[-1][0]:
                pieces[-1][1].append(lines[i])
            else:
                pieces.append((False, [lines[i]]))
            i += 1
            continue
        start = i
        i += 1
        while i < len(lines) and lines[i].startswith(" "):
            i += 1
        i += 1  # the error line
        while i < len(lines) and (lines[i].startswith(" ") or not lines[i].strip()):
            i += 1
        pieces.append((True, lines[start:i]))
    return [(is_traceback, "".join(part)) for is_traceback, part in pieces]


def cut(traceback: str) -> str:
    """``traceback`` with the frames of Python's machinery (the standard library, frozen
    modules) left out, except the last frame; each run of them left out is one line,
    ``  ... N frames inside Python ...``."""
    lines = traceback.splitlines(keepends=True)
    frames, i = [], 1
    while i < len(lines) and lines[i].startswith(" "):
        end = i + 1
        while end < len(lines) and lines[end].startswith("    "):
            end += 1
        frames.append(lines[i:end])
        i = end
    if not frames:
        return traceback
    kept, skipped = [lines[0]], 0
    for n, frame in enumerate(frames):
        match = FRAME.match(frame[0])
        machinery = match is not None and match["file"].startswith(MACHINERY)
        if machinery and n < len(frames) - 1:
            skipped += 1
            continue
        if skipped:
            kept.append(_skipped(skipped))
            skipped = 0
        kept.extend(frame)
    return "".join(kept + lines[i:])


def _skipped(n: int) -> str:
    return f"  ... {n} frame{'s' * (n != 1)} inside Python ...\n"


def show_terminal(command: str, output: str, status: str) -> None:
    """Show a run as a terminal does -- ``$ command``, the output, ``[status]`` -- with
    each traceback cut (:func:`cut`), red, its whole text folded under it."""
    plain, parts = [f"$ {command}\n"], [_pre(f"$ {command}\n")]
    for is_traceback, text in blocks(output if output.endswith("\n") or not output
                                     else output + "\n"):
        if not is_traceback:
            plain.append(text)
            parts.append(_pre(text))
            continue
        short = cut(text)
        plain.append(short)
        parts.append(_pre(short, error=True))
        if short != text:
            parts.append(f"<details><summary>the whole traceback</summary>"
                         f"{_pre(text, error=True)}</details>")
    plain.append(f"[{status}]")
    parts.append(_pre(f"[{status}]"))
    show_bundle({"text/plain": "".join(plain), "text/html": "".join(parts)})


def _pre(text: str, error: bool = False) -> str:
    return wrapped_html(text.rstrip("\n"), error=error)
