"""Lesson 07's process targets: those of earlier lessons it runs."""

from __future__ import annotations
