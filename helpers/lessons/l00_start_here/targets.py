"""Lesson 00's process targets: those of earlier lessons it runs."""

from __future__ import annotations

from ..l01_start.targets import f_with_sleep, greet  # noqa: F401  (lesson 01's)
from ..l02_join.targets import sleep_then_hello  # noqa: F401  (lesson 02's)
