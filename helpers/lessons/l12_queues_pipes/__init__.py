"""Lesson 12: notebooks/12_queues_pipes.ipynb -- its targets, checks and measurements."""
