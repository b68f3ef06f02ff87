"""Helpers for the process workbook.

The lessons import their process targets from :mod:`helpers.workers` (so the
``spawn`` and ``forkserver`` start methods can pickle them) and record what every
process did with :func:`helpers.timeline.record`.

Importing the package installs the timeline's hooks on ``multiprocessing``; they
do nothing unless a recording is active (see :mod:`helpers.timeline`).
"""

from .run import compare
from .timeline import began, record, setup

__all__ = ["began", "compare", "record", "setup"]
