"""Lesson 13: notebooks/13_shared_state.ipynb -- its targets, checks and measurements."""
