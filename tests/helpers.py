"""Helpers for tests: counting rows and dumping state through a separate connection."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger


def count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one())


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: equal dumps mean an unchanged database."""
    names = sorted(n for n in inspect(engine).get_table_names() if n != "alembic_version")
    with engine.connect() as conn:
        return {
            name: sorted(tuple(r) for r in conn.execute(text(f'SELECT * FROM "{name}"'))) for name in names
        }


HOLD_S = 0.5  # how long the first unit of work keeps its transaction open after the second starts


def race(ledger: Ledger, call: Callable[[Any], Any]) -> tuple[Any, Any, float]:
    """Run `call(uow)` in two units of work that overlap; returns both results and how long the
    second one took (it must have waited for the first)."""
    recorded, second_started = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def first() -> None:
        with ledger.uow() as uow:
            results["first"] = call(uow)
            recorded.set()
            second_started.wait(10)
            time.sleep(HOLD_S)
            uow.commit()

    def second() -> None:
        recorded.wait(10)
        second_started.set()
        begun = time.monotonic()
        try:
            with ledger.uow() as uow:
                results["second"] = call(uow)
                uow.commit()
        except Exception as exc:  # reported below, with the thread's error
            results["second"] = exc
        results["waited"] = time.monotonic() - begun

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results["first"], results["second"], results["waited"]
