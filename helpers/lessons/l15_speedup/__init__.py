"""Lesson 15: speed-up, or why processes (``notebooks/15_speedup.ipynb``)."""
