"""Tests of helpers/recorder."""
