"""Lesson 09: notebooks/09_start_methods.ipynb -- its targets, checks and any view of its own."""
