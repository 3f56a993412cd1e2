"""`python -m bench.breakdown`: where the time of one `consume_fifo` goes on SQLite (ADR 0026).

Times the whole call, the raw baseline, and the parts that can be run alone (an empty unit of
work, argument validation, the FIFO allocation, the DTO), best of 3,000 each, in one process.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from bakeledger.domain.fifo import Allocation, LotView, allocate
from bakeledger.domain.numbers import parse_quantity
from bakeledger.domain.units import normalize_unit
from bakeledger.services.inventory import fifo_result_dto
from bakeledger.services.stock import converter_for
from bench import fifo
from bench.database import sqlite_database
from bench.harness import our_operation, their_operation
from bench.seed import grow_lots, seed_catalogue

LOTS = [LotView(1, Decimal("1.5"), "cup", Decimal("0.12")), LotView(2, Decimal("4"), "cup", Decimal("0.13"))]


def best_us(call: Callable[[], Any], reps: int = 3_000) -> float:
    best = float("inf")
    for _ in range(reps):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best * 1e6


def _allocation() -> Allocation:
    return allocate(iter(LOTS), Decimal("2.5"), "cup", converter_for(None))


def main() -> None:
    with sqlite_database() as db:
        grow_lots(db, seed_catalogue(db), 10)
        ours, theirs = our_operation(db, fifo.SCENARIO), their_operation(db, fifo.SCENARIO)

        def empty_uow() -> None:
            with db.ledger.uow() as uow:
                uow.rollback()

        allocation = _allocation()
        parts: list[tuple[str, Callable[[], Any]]] = [
            ("bakeledger consume_fifo, whole call in its unit of work", ours),
            ("raw baseline, whole transaction", theirs),
            ("empty unit of work", empty_uow),
            ("argument validation", lambda: (parse_quantity("2.5", "quantity"), normalize_unit("cup"))),
            ("FIFO allocation over two lots", _allocation),
            ("DTO with two lines", lambda: fifo_result_dto("flour", allocation)),
        ]
        for _ in range(100):  # warm up
            ours()
            theirs()
        for name, call in parts:
            print(f"{name:58} {best_us(call):7.1f} µs")


if __name__ == "__main__":
    main()
