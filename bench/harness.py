"""Measuring one operation both ways in the same run: repetitions of bakeledger and of the raw
baseline are interleaved (alternating which goes first), so machine noise hits both alike.

Every repetition is a whole transaction on the same data: a unit of work (or raw BEGIN) that runs
the operation and rolls back, so the 1,000th repetition sees the database the first one saw.

Seconds per operation is the best (minimum) of the repetitions, as `timeit` reports: on a shared
machine a repetition can only be slowed down by other work, never sped up, and slow ones are
mostly another process's time slice. The median is logged next to it.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from bench.database import BenchDatabase
from bench.scenario import Scenario


@dataclass(frozen=True)
class Budget:
    """How long to measure one (operation, size): at least `min_reps` pairs, then until `seconds`."""

    seconds: float
    min_reps: int
    max_reps: int
    warmup: int = 3


@dataclass(frozen=True)
class Result:
    name: str
    size: int
    backend: str
    seconds_per_op: float
    statements_per_op: int
    baseline_seconds_per_op: float
    baseline_statements_per_op: int
    ratio: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def our_operation(db: BenchDatabase, scenario: Scenario) -> Callable[[], tuple[int, Any]]:
    """One bakeledger unit of work running the service, rolled back; returns (statements, DTO)."""

    def operation() -> tuple[int, Any]:
        with db.ledger.uow(read_only=not scenario.writes) as uow:
            before = uow.statements
            result = scenario.ours(uow)
            used = uow.statements - before
            uow.rollback()
        return used, result

    return operation


def their_operation(db: BenchDatabase, scenario: Scenario) -> Callable[[], tuple[int, Any]]:
    """One raw transaction running the baseline, rolled back; returns (statements, result)."""
    raw = db.raw(write=scenario.writes)

    def operation() -> tuple[int, Any]:
        raw.begin(write=scenario.writes)
        before = raw.statements
        try:
            result = scenario.theirs(raw)
        finally:
            raw.rollback()
        return raw.statements - before, result

    return operation


@dataclass(frozen=True)
class Spread:
    """What else the repetitions showed: medians, and the best process CPU time of each side
    (everything on SQLite, which runs in-process; only the client side on PostgreSQL)."""

    pairs: int
    median_seconds: float
    baseline_median_seconds: float
    cpu_seconds: float
    baseline_cpu_seconds: float


def compare(
    db: BenchDatabase,
    scenario: Scenario,
    size: int,
    budget: Budget,
    *,
    log: Callable[[str], None] = lambda _m: None,
) -> tuple[Result, Spread]:
    """Seconds (best of the repetitions) and statements per operation, both sides, interleaved."""
    sides = {"ours": our_operation(db, scenario), "theirs": their_operation(db, scenario)}
    for _ in range(budget.warmup):
        for operation in sides.values():
            operation()
    gc.collect()
    wall: dict[str, list[float]] = {"ours": [], "theirs": []}
    cpu: dict[str, list[float]] = {"ours": [], "theirs": []}
    statements: dict[str, set[int]] = {"ours": set(), "theirs": set()}
    started, reps = time.perf_counter(), 0
    while reps < budget.max_reps and (
        reps < budget.min_reps or time.perf_counter() - started < budget.seconds
    ):
        order = ("ours", "theirs") if reps % 2 == 0 else ("theirs", "ours")
        for side in order:
            begun, begun_cpu = time.perf_counter(), time.process_time()
            used, _result = sides[side]()
            wall[side].append(time.perf_counter() - begun)
            cpu[side].append(time.process_time() - begun_cpu)
            statements[side].add(used)
        reps += 1
    for side, seen in statements.items():
        if len(seen) != 1:
            raise AssertionError(f"{scenario.name} ({side}) used a varying number of statements: {seen}")
    result = Result(
        name=scenario.name,
        size=size,
        backend=db.backend,
        seconds_per_op=min(wall["ours"]),
        statements_per_op=statements["ours"].pop(),
        baseline_seconds_per_op=min(wall["theirs"]),
        baseline_statements_per_op=statements["theirs"].pop(),
        ratio=min(wall["ours"]) / min(wall["theirs"]),
    )
    spread = Spread(
        pairs=reps,
        median_seconds=statistics.median(wall["ours"]),
        baseline_median_seconds=statistics.median(wall["theirs"]),
        cpu_seconds=min(cpu["ours"]),
        baseline_cpu_seconds=min(cpu["theirs"]),
    )
    log(
        f"  {scenario.name:26} {result.seconds_per_op * 1e3:9.3f} ms"
        f" {result.baseline_seconds_per_op * 1e3:8.3f} ms"
        f"  ×{result.ratio:6.2f}   median ×{spread.median_seconds / spread.baseline_median_seconds:6.2f}"
        f"   cpu ×{spread.cpu_seconds / max(spread.baseline_cpu_seconds, 1e-9):6.2f}   {reps} pairs   "
        f"{result.statements_per_op}/{result.baseline_statements_per_op} statements"
    )
    return result, spread


def same_work(db: BenchDatabase, scenario: Scenario) -> tuple[Any, Any]:
    """Both sides' results (generated fields removed, bakeledger's DTO as a dict), to compare."""
    from bakeledger.services.dto import to_dict

    _, mine = our_operation(db, scenario)()
    _, base = their_operation(db, scenario)()
    return scenario.comparable(to_dict(mine)), scenario.comparable(base)
