"""Benchmarks: load generation, server processes and a bare Bolt app to compare against."""
