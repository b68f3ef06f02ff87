"""Tests of helpers/families."""
