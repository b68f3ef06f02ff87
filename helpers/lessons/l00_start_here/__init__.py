"""Lesson 00: notebooks/00_start_here.ipynb -- its targets, checks and any view of its own."""
