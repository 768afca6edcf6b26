"""Benchmarks (python -m benchmarks, `make bench`): speed is measured side by side in one
run and reported as ratios; no test asserts a timing."""
