"""Lesson 10: notebooks/10_locks.ipynb -- its targets, checks and any view of its own."""
