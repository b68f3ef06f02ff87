"""Headless Chromium for the browser tests (``make test-browser``).

The tests drive Debian's chromium (``make browser-deps`` installs it) with Playwright;
Playwright's own browser builds are never downloaded. They run only when
``WORKBOOK_BROWSER_TESTS=1`` (set by ``make test-browser``, which builds ``site/``
first); a plain ``pytest tests`` skips them. Once asked for, a missing chromium or
Playwright is an error, not a skip. The browser itself is launched as the screenshots'
(:func:`tools.lab.session.chromium`).
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

import pytest

from tools.lab.session import chromium  # noqa: F401 (the tests' browser)

ROOT = Path(__file__).resolve().parent.parent

#: Mark for a module of browser tests: skipped unless ``make test-browser`` runs it.
requires_browser = pytest.mark.skipif(
    os.environ.get("WORKBOOK_BROWSER_TESTS") != "1",
    reason="browser test: run it with `make test-browser` (builds site/, needs chromium)",
)


def lesson_notebooks() -> list[Path]:
    """The lessons the site was built from: ``WORKBOOK_SITE_NOTEBOOKS`` (the Makefile's
    ``NOTEBOOKS`` glob, relative to the project), by default every notebook, sorted."""
    patterns = os.environ.get("WORKBOOK_SITE_NOTEBOOKS", "notebooks/*.ipynb").split()
    found = {Path(p) for pattern in patterns for p in glob.glob(str(ROOT / pattern))}
    return sorted(found, key=lambda p: p.name)
