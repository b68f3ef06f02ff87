"""Tests of helpers/tools."""
