"""Notebook plumbing: setup, environment check, checkout paths, Jupyter registration (lessons 00-11)."""
