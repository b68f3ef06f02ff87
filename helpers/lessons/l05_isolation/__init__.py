"""Lesson 05: notebooks/05_isolation.ipynb -- its targets, checks and any view of its own."""
