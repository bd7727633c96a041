"""Benchmarks for lstm-course: `python -m benchmarks` or `make bench` (see benchmarks/README.md)."""
