"""Tests of the lessons' code: helpers/lessons/<lesson>/, one test module per lesson."""
