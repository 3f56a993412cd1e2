"""Query plans of the SELECTs bakeledger runs for each benchmarked operation (and for FIFO past its
first 32-lot chunk and the shopping list's latest purchases), on the seeded database:
EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event

from bakeledger.services import events, inventory
from bakeledger.uow.base import UnitOfWork
from bench.database import BenchDatabase
from bench.scenario import Scenario

Read = tuple[str, Callable[[UnitOfWork], Any]]

# FIFO past the first chunk: the bench's other ingredients and finished unit have many live lots.
EXTRA_READS: list[Read] = [
    (
        "consume_fifo past the first 32 lots (dry run, 50 lots of spice-00)",
        lambda uow: inventory.consume_fifo(uow, ingredient="spice-00", quantity=5000, unit="g", dry_run=True),
    ),
    (
        "finished-lot FIFO past the first 32 lots (1,000 sugar cookies given away, 42 lots)",
        lambda uow: inventory.adjust_finished_stock(
            uow, kind="finished_unit", slug="sugar-cookie", delta=-1000, reason="gift"
        ),
    ),
    ("get_shopping_list (latest purchase per product)", lambda uow: events.get_shopping_list(uow, event=1)),
]


def captured_selects(db: BenchDatabase, call: Callable[[UnitOfWork], Any]) -> list[tuple[str, Any]]:
    """The distinct SELECTs (with their parameters) one call runs in a rolled-back unit of work."""
    seen: dict[str, Any] = {}

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, many: bool) -> None:
        if not many and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.setdefault(statement, parameters)

    event.listen(db.ledger.engine, "before_cursor_execute", capture)
    try:
        with db.ledger.uow() as uow:
            call(uow)
            uow.rollback()
    finally:
        event.remove(db.ledger.engine, "before_cursor_execute", capture)
    return list(seen.items())


def explain(db: BenchDatabase, statement: str, parameters: Any) -> list[str]:
    cursor = db.writer.cursor
    if db.backend == "sqlite":
        cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
        return [str(row[3]) for row in cursor.fetchall()]
    cursor.execute("EXPLAIN " + statement, parameters)
    lines = [str(row[0]) for row in cursor.fetchall()]
    db.writer.rollback()
    return lines


def plans_markdown(db: BenchDatabase, scenarios: list[Scenario], sizes: dict[str, int]) -> str:
    """Every SELECT of every operation with its plan, as markdown."""
    reads: list[Read] = [(f"{s.name} ({sizes[s.axis]:,} {s.axis})", s.ours) for s in scenarios]
    out = [f"## {db.backend}\n"]
    for title, call in reads + EXTRA_READS:
        out.append(f"### {title}\n")
        for statement, parameters in captured_selects(db, call):
            out.append("```sql\n" + " ".join(statement.split()) + "\n```\n")
            out.append("```text\n" + "\n".join(explain(db, statement, parameters)) + "\n```\n")
    return "\n".join(out)
