"""Benchmarks: run with `python -m bench` (see docs/BENCHMARKS.md). Not timed tests."""
