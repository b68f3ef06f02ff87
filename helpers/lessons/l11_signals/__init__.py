"""Lesson 11: notebooks/11_signals.ipynb -- its targets, checks and any view of its own."""
