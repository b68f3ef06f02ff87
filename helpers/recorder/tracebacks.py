"""Tracebacks as a learner should see them: machine-free paths, no recorder frames.

A lesson's stored output must read the same wherever the workbook is installed, and
must not carry the path of anybody's home folder.  ``tidy`` rewrites the places a
traceback points to: this project's files become relative
(``helpers/lessons/l01_start/targets.py``), the standard library becomes
``<stdlib>/...`` and installed packages ``<site-packages>/...``.
"""

from __future__ import annotations

import os
import sys
import sysconfig
import traceback

HELPERS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "")
PROJECT = os.path.dirname(os.path.dirname(HELPERS))


def _roots(extra: dict[str, str]) -> list[tuple[str, str]]:
    paths = sysconfig.get_paths()
    roots = {paths["stdlib"]: "<stdlib>", paths["purelib"]: "<site-packages>",
             paths["platlib"]: "<site-packages>", PROJECT: "", **extra}
    pairs = [(os.path.join(root, ""), short) for root, short in roots.items() if root]
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)  # most specific first


def tidy(text: str, extra: dict[str, str] | None = None) -> str:
    """``text`` with known folders shortened; ``extra`` maps more folders to names."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not a {type(text).__name__}")
    for root, short in _roots(extra or {}):
        text = text.replace(root, short + "/" if short else "")
    return text


def print_exception(error: BaseException, first_file: str | None = None,
                    above: traceback.StackSummary | None = None) -> None:
    """Print ``error`` to stderr as Python would, minus the frames that are not the
    learner's: the engine's (``helpers/recorder/``, ``families/``, ...), and with
    ``first_file`` every frame before the first one in that file (a script runner's).
    ``above``: the frames that called the one where ``error`` was caught, which Python
    would show first."""
    frames = [*(above or []), *traceback.extract_tb(error.__traceback__)]
    if first_file is not None:
        frames = frames[next((i for i, f in enumerate(frames) if f.filename == first_file), 0):]
    frames = [f for f in frames if not f.filename.startswith(HELPERS) or _is_lesson_code(f)]
    if frames:
        sys.stderr.write("Traceback (most recent call last):\n")
        sys.stderr.writelines(format_frame(frame) for frame in frames)
    sys.stderr.writelines(traceback.format_exception_only(type(error), error))


def format_frame(frame: traceback.FrameSummary) -> str:
    """One frame as every supported Python prints it: its place and its first source
    line.  ``traceback.format_list`` would add what changes between versions -- the
    ``~~~^^^`` lines under the failing part (more of them from 3.13) and, from 3.13,
    every line of a statement that spans several -- so a relayed traceback, and the
    line count a summary gives for it, would differ from one Python to the next."""
    text = f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}\n'
    return text + (f"    {frame.line.strip()}\n" if frame.line else "")


# the engine: whole packages, and the one tool that runs the learner's code (a script)
ENGINE = (*(os.path.join(HELPERS, part, "") for part in ("recorder", "families", "view")),
          os.path.join(HELPERS, "tools", "scripts.py"))


def _is_lesson_code(frame) -> bool:
    """Frames in the lessons' own modules (``helpers/lessons/...``) stay: they are
    the code; the engine's (recorder, families, views, tools) go."""
    return not frame.filename.startswith(ENGINE)
