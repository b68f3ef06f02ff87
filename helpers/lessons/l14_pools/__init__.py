"""Lesson 14: process pools (``notebooks/14_pools.ipynb``)."""
