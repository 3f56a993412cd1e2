"""Measuring one operation both ways in the same run: repetitions of bakeledger and of the raw
baseline are interleaved (alternating which goes first), so machine noise hits both alike.

Every repetition is a whole transaction on the same data, in one of two modes:

- durable: it commits, as a user's call does (`with ledger.uow() as uow: ...; uow.commit()`; the
  baseline's COMMIT on its own connection, with the same durability settings). After each
  committed write, outside the timed region, bench/restore.py gives back the stock it drew and
  deletes the rows it added, so the 1,000th repetition sees the database the first one saw.
- rollback: it rolls back instead, which needs no restoring and leaves the commit out.

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
from bench.restore import Restorer
from bench.scenario import Scenario

DURABLE, ROLLBACK = "durable", "rollback"
MODES = (DURABLE, ROLLBACK)


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
    mode: str  # "durable" (every repetition commits) | "rollback"
    seconds_per_op: float
    statements_per_op: int
    baseline_seconds_per_op: float
    baseline_statements_per_op: int
    ratio: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def our_operation(
    db: BenchDatabase, scenario: Scenario, mode: str = ROLLBACK
) -> Callable[[], tuple[int, Any]]:
    """One bakeledger unit of work running the service, committed (durable) or rolled back;
    returns (statements, DTO)."""
    durable = _durable(mode)

    def operation() -> tuple[int, Any]:
        with db.ledger.uow(read_only=not scenario.writes) as uow:
            before = uow.statements
            result = scenario.ours(uow)
            used = uow.statements - before
            if durable:
                uow.commit()
            else:
                uow.rollback()
        return used, result

    return operation


def their_operation(
    db: BenchDatabase, scenario: Scenario, mode: str = ROLLBACK
) -> Callable[[], tuple[int, Any]]:
    """One raw transaction running the baseline, committed (durable) or rolled back; returns
    (statements, result)."""
    raw = db.raw(write=scenario.writes)
    durable = _durable(mode)

    def operation() -> tuple[int, Any]:
        raw.begin(write=scenario.writes)
        before = raw.statements
        try:
            result = scenario.theirs(raw)
        except BaseException:
            raw.rollback()
            raise
        if durable:
            raw.commit()
        else:
            raw.rollback()
        return raw.statements - before, result

    return operation


def _durable(mode: str) -> bool:
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    return mode == DURABLE


def _between(
    scenario: Scenario, mode: str, restorer: Restorer | None
) -> tuple[Callable[[], None], Callable[[str], None]]:
    """What to run after each repetition (untimed) and at the end of a block: restoring and
    checking for committed writes, nothing otherwise."""
    if mode != DURABLE or not scenario.writes:
        return (lambda: None), (lambda _what: None)
    if restorer is None:
        raise ValueError(f"{scenario.name}: durable writes need a Restorer")
    before = restorer.state()
    return (lambda: restorer.restore(before)), (lambda what: restorer.check(before, what))


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
    mode: str = ROLLBACK,
    restorer: Restorer | None = None,
    log: Callable[[str], None] = lambda _m: None,
) -> tuple[Result, Spread]:
    """Seconds (best of the repetitions) and statements per operation, both sides, interleaved.
    In durable mode every committed write is followed by `restorer`'s step, outside the timing."""
    sides = {"ours": our_operation(db, scenario, mode), "theirs": their_operation(db, scenario, mode)}
    restore, check = _between(scenario, mode, restorer)
    for _ in range(budget.warmup):
        for operation in sides.values():
            operation()
            restore()
    settle()
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
            restore()
        reps += 1
    check(f"{scenario.name} ({mode}, {size:,} {scenario.axis})")
    for side, seen in statements.items():
        if len(seen) != 1:
            raise AssertionError(f"{scenario.name} ({side}) used a varying number of statements: {seen}")
    result = Result(
        name=scenario.name,
        size=size,
        backend=db.backend,
        mode=mode,
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
        f"  {scenario.name:26} {mode:8} {result.seconds_per_op * 1e3:9.3f} ms"
        f" {result.baseline_seconds_per_op * 1e3:8.3f} ms"
        f"  ×{result.ratio:6.2f}   median ×{spread.median_seconds / spread.baseline_median_seconds:6.2f}"
        f"   cpu ×{spread.cpu_seconds / max(spread.baseline_cpu_seconds, 1e-9):6.2f}   {reps} pairs   "
        f"{result.statements_per_op}/{result.baseline_statements_per_op} statements"
    )
    return result, spread


def settle() -> None:
    """Collect garbage before a block of timed repetitions, then freeze what is left alive: the
    collections that happen during timing (and the next block's) walk only objects made since,
    not the whole long-lived heap (a full collection of it takes about 0.1 s). `main` unfreezes."""
    gc.collect()
    gc.freeze()


def same_work(
    db: BenchDatabase, scenario: Scenario, mode: str = ROLLBACK, restorer: Restorer | None = None
) -> tuple[Any, Any]:
    """Both sides' results (generated fields removed, bakeledger's DTO as a dict), to compare;
    in durable mode each side commits and is restored, as in `compare`."""
    from bakeledger.services.dto import to_dict

    restore, check = _between(scenario, mode, restorer)
    _, mine = our_operation(db, scenario, mode)()
    restore()
    _, base = their_operation(db, scenario, mode)()
    restore()
    check(f"{scenario.name} ({mode}, checking both sides agree)")
    return scenario.comparable(to_dict(mine)), scenario.comparable(base)
