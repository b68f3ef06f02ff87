"""Tests of helpers/view."""
