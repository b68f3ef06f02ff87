"""Lesson 02: notebooks/02_join.ipynb -- its targets, checks and any view of its own."""
