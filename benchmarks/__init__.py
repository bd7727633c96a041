"""Benchmarks for lstm-course: `python -m benchmarks` or `make bench` (see the README)."""
