"""Benchmarks: bakeledger's hot paths against a hand-written raw-SQL baseline of the same work,
side by side in the same run, committed (durable) and rolled back. Run with `make bench` or
`python -m bench.run [--quick]`."""
