"""Crash safety: a process baking on a SQLite file, killed with SIGKILL at random moments.

After every kill the file must pass `PRAGMA integrity_check`, every invariant must hold, and every
unit of work the worker reported as committed must be there (WAL with synchronous=FULL).
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import bakeledger
from bakeledger.services import inventory
from tests.reliability import figures, world
from tests.reliability.invariants import check_all, check_finished_counts

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60


def _stock_up(url: str) -> None:
    """Enough for hundreds of bakes, spread over many lots so FIFO keeps crossing lot boundaries."""
    ledger = bakeledger.open(url)
    with ledger.uow() as uow:
        world.build_catalogue(uow)
        for day in range(60):
            bought = f"2025-{10 + day // 30:02d}-{1 + day % 30:02d}"
            inventory.add_purchase(
                uow, product=world.FLOUR_PRODUCT, packages=20, price_per_package="0.5", purchased_on=bought
            )
            inventory.add_purchase(
                uow, product=world.SUGAR_PRODUCT, packages=10, price_per_package="1.1", purchased_on=bought
            )
        inventory.add_purchase(uow, product=world.BAG_PRODUCT, packages=500, price_per_package="0.1")
        uow.commit()
    ledger.dispose()


def _read_line(proc: subprocess.Popen[str], deadline: float) -> str:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
    assert ready, "the worker did not start in time"
    return proc.stdout.readline().strip()


def _kill_at_random(url: str, rng: random.Random) -> list[str]:
    """Start a worker, let it bake for 50–400 ms, SIGKILL it; return everything it said."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.crash_worker", url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert _read_line(proc, time.monotonic() + START_TIMEOUT_S) == "ready"
        time.sleep(rng.uniform(0.05, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, "the worker ended before it was killed"
        assert proc.stdout is not None
        return proc.stdout.read().split("\n")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _check_survivor(url: str, path: Path, said: list[str]) -> int:
    """integrity_check, the invariants, and every reported commit is there; returns runs found."""
    with sqlite3.connect(path) as conn:  # opening it also recovers the WAL the killed process left
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    engine = create_engine(url)
    ledger = bakeledger.open(url)
    try:
        check_all(engine)
        check_finished_counts(ledger, engine)
        with engine.connect() as conn:
            runs = {
                r.id: bool(r.reversed) for r in conn.execute(text("SELECT id, reversed FROM production_runs"))
            }
            bundles = set(conn.execute(text("SELECT id FROM assembly_runs")).scalars())
            lots = set(conn.execute(text("SELECT id FROM lots")).scalars())
    finally:
        ledger.dispose()
        engine.dispose()
    for line in said:
        what, _, key = line.partition(" ")
        if what != "committed":
            continue
        kind, run_id = key.split()
        if kind == "production":
            assert int(run_id) in runs, f"committed production run {run_id} was lost"
        elif kind == "reversal":
            assert runs.get(int(run_id)), f"committed reversal of run {run_id} was lost"
        elif kind == "purchase":
            assert int(run_id) in lots, f"committed purchase (lot {run_id}) was lost"
        else:
            assert int(run_id) in bundles, f"committed assembly run {run_id} was lost"
    return len(runs)


def _crash_rounds(tmp_path: Path, rounds: int) -> None:
    path = tmp_path / "crash.db"
    url = f"sqlite:///{path}"
    _stock_up(url)
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    runs_before, mid_transaction = 0, 0
    for round_ in range(rounds):
        said = _kill_at_random(url, rng)
        last = [line for line in said if line][-1]
        mid_transaction += last.startswith("begin")
        runs = _check_survivor(url, path, said)
        assert runs >= runs_before, f"round {round_} (seed {seed}): runs disappeared"
        runs_before = runs
    assert runs_before > 0, "the worker never got to bake"
    figures.add(
        "crash", "sqlite", kills=rounds, killed_inside_a_unit_of_work=mid_transaction, runs=runs_before
    )


def test_killed_bakers_leave_a_sound_ledger(tmp_path: Path) -> None:
    _crash_rounds(tmp_path, rounds=5)


@pytest.mark.slow
def test_killed_bakers_leave_a_sound_ledger_many_times(tmp_path: Path) -> None:
    _crash_rounds(tmp_path, rounds=int(os.environ.get("BAKELEDGER_CRASH_ROUNDS", "40")))
