"""Lesson 03: notebooks/03_pid_ppid.ipynb -- its targets, checks and any view of its own."""
