"""Lessons 00-11: the notebook plumbing: setup, environment check, checkout paths, Jupyter."""
