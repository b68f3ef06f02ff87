"""Lesson 01: notebooks/01_start.ipynb -- its targets, checks and any view of its own."""
