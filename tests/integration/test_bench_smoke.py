"""The benchmark's quick mode runs (SQLite only) so that the bench code never rots: every scenario
is measured at every size in each of its modes (writes durable and rolled back, reads durable),
both sides did the same work (run_backend checks that first, in each mode), and statements per
operation do not move with the size; the HTTP part served its mix without an error and measured
each page against its JSON."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from bench import http, run
from bench.database import sqlite_database
from bench.harness import DURABLE, MODES, ROLLBACK, our_operation, their_operation
from bench.restore import Restorer
from bench.seed import grow_lots, seed_catalogue


def test_quick_benchmark_measures_every_operation_and_writes_its_reports(tmp_path: Path) -> None:
    assert run.main(["--quick", "--sqlite-only", "--out", str(tmp_path)]) == 0
    document = json.loads((tmp_path / "results.json").read_text())
    assert set(document) == {"results", "machine", "when"}
    rows = document["results"]
    results = [r for r in rows if r["mode"] != http.MODE]
    served = [r for r in rows if r["mode"] == http.MODE]
    assert {(r["name"], r["size"]) for r in served} == {
        (name, clients)
        for name in ("http_mix_seconds_per_request", "http_mix_p50", "http_mix_p99")
        for clients in http.QUICK_HTTP.clients
    } | {
        (name, http.QUICK_HTTP.events) for name in ("dashboard_page", "dashboard_page_all_json", "event_page")
    }
    measured = {(r["name"], r["size"], r["mode"]) for r in results}
    expected = {
        (s.name, size, mode)
        for s in run.SCENARIOS
        for size in run.QUICK.sizes[s.axis]
        for mode in (MODES if s.writes else (DURABLE,))
    }
    assert measured == expected
    assert len(results) == len(expected)
    # every kind of operation is measured durable: each write, each read
    assert {r["name"] for r in results if r["mode"] == DURABLE} == {s.name for s in run.SCENARIOS}
    assert {r["name"] for r in results if r["mode"] == ROLLBACK} == {
        s.name for s in run.SCENARIOS if s.writes
    }
    assert {r["backend"] for r in results} == {"sqlite"}
    for r in rows:
        assert set(r) == {
            "name",
            "size",
            "backend",
            "mode",
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
        assert len(counts) == 1, (
            f"{scenario.name}: statements per operation change with size or mode: {counts}"
        )
    assert (tmp_path / "results.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "ix_lots_fifo" in (tmp_path / "plans.md").read_text()
    assert "empty unit of work" in (tmp_path / "overhead.md").read_text()
    report = (tmp_path / "results.md").read_text()
    assert "| sqlite | durable | consume_fifo | 100 |" in report
    assert "| sqlite | rollback | consume_fifo | 100 |" in report
    assert "| sqlite | durable | ≤ 1.3× |" in report and "| sqlite | rollback | ≤ 5× |" in report
    served_report = (tmp_path / "http.md").read_text()
    assert "| sqlite | 1 | 4 |" in served_report
    assert "sqlite: throughput goal not measured at 8 clients" in served_report
    assert "; 0 errors;" in served_report


def test_durable_repetitions_commit_and_the_restore_step_undoes_them() -> None:
    """A durable write is committed (another connection sees it) and the restore step brings the
    database back exactly; a rolled-back one leaves nothing to restore."""
    with sqlite_database() as db:
        grow_lots(db, seed_catalogue(db), 10)
        restorer = Restorer(db)
        seeded = restorer.state()
        for scenario in (s for s in run.SCENARIOS if s.writes):
            for side in (our_operation, their_operation):
                side(db, scenario, ROLLBACK)()
                assert restorer.state() == seeded, f"{scenario.name}: a rolled-back repetition left rows"
                side(db, scenario, DURABLE)()
                committed = restorer.state()
                assert committed.last_ids != seeded.last_ids, f"{scenario.name}: nothing was committed"
                assert committed.stock != seeded.stock, f"{scenario.name}: no stock was drawn"
                restorer.restore(seeded)
                restorer.check(seeded, scenario.name)


def test_the_bench_server_binds_loopback_and_is_stopped_however_its_block_ends() -> None:
    with sqlite_database() as db:
        seed_catalogue(db)
        with pytest.raises(KeyError), http.server(db.ledger.url, workers=1) as url:
            assert url.startswith("http://127.0.0.1:")
            assert httpx.get(f"{url}/api/v1/health", timeout=5).status_code == 200
            raise KeyError("the block fails")
        with pytest.raises(httpx.TransportError):
            httpx.get(f"{url}/api/v1/health", timeout=2)
