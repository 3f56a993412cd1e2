"""The benchmark's quick mode runs (SQLite only) so that the bench code never rots: every scenario
is measured at every size, both sides did the same work (run_backend checks that first), and
statements per operation do not move with the size."""

from __future__ import annotations

import json
from pathlib import Path

from bench import run


def test_quick_benchmark_measures_every_operation_and_writes_its_reports(tmp_path: Path) -> None:
    assert run.main(["--quick", "--sqlite-only", "--out", str(tmp_path)]) == 0
    document = json.loads((tmp_path / "results.json").read_text())
    assert set(document) == {"results", "machine", "when"}
    results = document["results"]
    measured = {(r["name"], r["size"]) for r in results}
    expected = {(s.name, size) for s in run.SCENARIOS for size in run.QUICK.sizes[s.axis]}
    assert measured == expected
    assert {r["backend"] for r in results} == {"sqlite"}
    for r in results:
        assert set(r) == {
            "name",
            "size",
            "backend",
            "seconds_per_op",
            "statements_per_op",
            "baseline_seconds_per_op",
            "baseline_statements_per_op",
            "ratio",
        }
        assert r["seconds_per_op"] > 0 and r["baseline_seconds_per_op"] > 0
        assert r["ratio"] == r["seconds_per_op"] / r["baseline_seconds_per_op"]
    for scenario in run.SCENARIOS:
        counts = {
            (r["statements_per_op"], r["baseline_statements_per_op"])
            for r in results
            if r["name"] == scenario.name
        }
        assert len(counts) == 1, f"{scenario.name}: statements per operation change with size: {counts}"
    assert (tmp_path / "results.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "ix_lots_fifo" in (tmp_path / "plans.md").read_text()
    assert "empty unit of work" in (tmp_path / "overhead.md").read_text()
    assert "| sqlite | consume_fifo | 100 |" in (tmp_path / "results.md").read_text()
