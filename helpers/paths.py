"""Shorten the file paths in tracebacks, so outputs do not depend on the machine.

A lesson's stored output must read the same wherever the workbook is installed, and
must not carry the path of anybody's home folder.  ``tidy`` rewrites the places a
traceback points to: this project's files become relative (``helpers/workers.py``),
the standard library becomes ``<stdlib>/...`` and installed packages
``<site-packages>/...``.
"""

from __future__ import annotations

import os
import sysconfig

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _roots(extra: dict[str, str]) -> list[tuple[str, str]]:
    paths = sysconfig.get_paths()
    roots = {paths["stdlib"]: "<stdlib>", paths["purelib"]: "<site-packages>",
             paths["platlib"]: "<site-packages>", PROJECT: "", **extra}
    pairs = [(os.path.join(root, ""), short) for root, short in roots.items() if root]
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)  # most specific first


def tidy(text: str, extra: dict[str, str] | None = None) -> str:
    """``text`` with known folders shortened; ``extra`` maps more folders to names."""
    for root, short in _roots(extra or {}):
        text = text.replace(root, short + "/" if short else "")
    return text
