"""Lesson 06: notebooks/06_daemon.ipynb -- its targets, checks and any view of its own."""
