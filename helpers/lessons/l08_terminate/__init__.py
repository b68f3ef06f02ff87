"""Lesson 08: notebooks/08_terminate.ipynb -- its targets, checks and any view of its own."""
