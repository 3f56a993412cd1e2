"""One racer of test_concurrency.py, run in a spawned process: record runs until told how it went.

Each attempt is its own `ledger.run(..., retries=10)`, so transient conflicts are retried by
orchestration; what comes back is the outcome of every attempt.
"""

from __future__ import annotations

from typing import Any

import bakeledger
from bakeledger.domain.errors import ConcurrencyError, InsufficientFinishedStock, InsufficientStock
from bakeledger.services import assembly, production
from tests.reliability import world

RETRIES = 10


def race(url: str, kind: str, attempts: int, start: Any, results: Any) -> None:
    """Wait for the others at `start`, make `attempts` runs of `kind`, put the outcomes on `results`."""
    ledger = bakeledger.open(url, migrate_schema=False)
    outcomes: list[tuple[str, Any]] = []
    try:
        start.wait()
        for _ in range(attempts):
            outcomes.append(_attempt(ledger, kind))
    finally:
        ledger.dispose()
        results.put(outcomes)


def _attempt(ledger: Any, kind: str) -> tuple[str, Any]:
    try:
        if kind == "production":
            run = ledger.run(
                production.record_production,
                recipe=world.DOUGH,
                finished_unit=world.DOUGH_BALL,
                batches=1,
                retries=RETRIES,
            )
        else:
            run = ledger.run(
                assembly.record_assembly, finished_good=world.GIFT_BAG, quantity=1, retries=RETRIES
            )
    except (InsufficientStock, InsufficientFinishedStock) as exc:
        return type(exc).__name__, None
    except ConcurrencyError as exc:
        return "ConcurrencyError", exc.message
    except Exception as exc:  # anything else is a failure of the test, reported by the parent
        return "unexpected", repr(exc)
    return "ok", run.id
