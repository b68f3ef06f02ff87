"""Lesson 04: notebooks/04_subclassing.ipynb -- its targets, checks and any view of its own."""
