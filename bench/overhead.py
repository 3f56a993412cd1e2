"""Where the time of one small statement goes: the same indexed lookup (an ingredient by slug)
through each layer bakeledger stacks on the driver, and a transaction's own cost, best of N."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import bindparam, select

from bakeledger.repositories import tables as t
from bench.database import BenchDatabase

_SQL = "SELECT id, uuid, name, slug, category, density FROM ingredients WHERE slug = ?"
_BUILT_ONCE = select(t.ingredients).where(t.ingredients.c.slug == bindparam("slug"))


def best(call: Callable[[], object], reps: int) -> float:
    """Best (minimum) seconds of `reps` calls."""
    times = []
    for _ in range(reps):
        begun = time.perf_counter()
        call()
        times.append(time.perf_counter() - begun)
    return min(times)


def layers(db: BenchDatabase, reps: int = 300) -> list[tuple[str, float]]:
    """(layer, microseconds per statement or per empty transaction)."""
    raw = db.reader
    engine = db.ledger.engine
    driver_sql, params = (
        (_SQL, ("flour",)) if db.backend == "sqlite" else (_SQL.replace("?", "%(slug)s"), {"slug": "flour"})
    )
    found: list[tuple[str, float]] = []
    raw.begin(write=False)
    found.append(
        ("driver (sqlite3 / psycopg), one statement", best(lambda: raw.rows(_SQL, ("flour",)), reps))
    )
    raw.rollback()
    with engine.connect() as conn:
        found.append(
            (
                "SQLAlchemy exec_driver_sql",
                best(lambda: conn.exec_driver_sql(driver_sql, params).all(), reps),
            )
        )
        found.append(
            (
                "SQLAlchemy Core, statement built once",
                best(lambda: conn.execute(_BUILT_ONCE, {"slug": "flour"}).all(), reps),
            )
        )
        found.append(
            (
                "SQLAlchemy Core, statement built per call",
                best(
                    lambda: conn.execute(select(t.ingredients).where(t.ingredients.c.slug == "flour")).all(),
                    reps,
                ),
            )
        )
    with db.ledger.uow(read_only=True) as uow:
        found.append(
            (
                "repository call in a unit of work (uow.ingredients.get: a Core statement built once)",
                best(lambda: uow.ingredients.get("flour"), reps),
            )
        )

    def empty_uow() -> None:
        with db.ledger.uow() as uow:
            uow.rollback()

    def empty_raw() -> None:
        db.writer.begin(write=True)
        db.writer.execute("SELECT 1")
        db.writer.rollback()

    found.append(("raw write transaction: BEGIN, SELECT 1, ROLLBACK", best(empty_raw, reps)))
    found.append(("empty unit of work: enter, rollback, exit", best(empty_uow, reps)))
    return [(name, seconds * 1e6) for name, seconds in found]


def markdown(db: BenchDatabase, reps: int = 300) -> str:
    rows = "\n".join(f"| {name} | {micro:,.1f} |" for name, micro in layers(db, reps))
    return f"### {db.backend}\n\n| layer | µs (best of {reps}) |\n|---|---:|\n{rows}\n"
