"""The ledger's invariants, read with plain SQL through a separate engine (what was really committed).

Decimals are stored as scaled integers, so every comparison here is exact integer arithmetic.
Each check raises AssertionError naming the offending rows, and returns how many rows it checked.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from bakeledger.app.ledger import Ledger
from bakeledger.services import inventory

_LOT_BALANCE = """
SELECT l.id, l.quantity, l.remaining,
       COALESCE(SUM(CASE WHEN m.kind IN ('consume', 'deplete') THEN m.quantity ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN m.kind = 'restore' THEN m.quantity ELSE 0 END), 0)
FROM {lots} l LEFT JOIN {movements} m ON m.{fk} = l.id
GROUP BY l.id, l.quantity, l.remaining
"""

_RUN_COSTS = """
SELECT r.id, r.{total},
       (SELECT COALESCE(SUM(m.cost), 0) FROM lot_movements m
         WHERE m.{fk} = r.id AND m.kind = 'consume'){finished}
FROM {runs} r WHERE r.reversed = false
"""
_FINISHED_COST = """ + (SELECT COALESCE(SUM(f.cost), 0) FROM finished_movements f
         WHERE f.assembly_run_id = r.id AND f.kind = 'consume')"""


def check_all(engine: Engine) -> dict[str, int]:
    """Every invariant below, in one connection; returns the number of rows each one checked."""
    with engine.connect() as conn:
        return {
            "lots": _conservation(conn, "lots", "lot_movements", "lot_id", ("consume", "deplete", "restore")),
            "finished_lots": _conservation(
                conn, "finished_lots", "finished_movements", "finished_lot_id", ("consume", "restore")
            ),
            "run_costs": _run_costs(conn),
            "runs_complete": _runs_complete(conn),
            "orphan_lines": _no_orphans(conn),
        }


def _conservation(conn: Connection, lots: str, movements: str, fk: str, kinds: tuple[str, ...]) -> int:
    """quantity = remaining + Σ taken − Σ restored, and 0 ≤ remaining ≤ quantity, for every lot."""
    found = set(conn.execute(text(f"SELECT DISTINCT kind FROM {movements}")).scalars())
    assert found <= set(kinds), f"{movements}: unknown kinds {found - set(kinds)}"
    rows = conn.execute(text(_LOT_BALANCE.format(lots=lots, movements=movements, fk=fk))).all()
    broken = [r for r in rows if r[1] != r[2] + r[3] - r[4] or not 0 <= r[2] <= r[1]]
    assert not broken, f"{lots} out of balance (id, quantity, remaining, taken, restored): {broken[:5]}"
    return len(rows)


def _run_costs(conn: Connection) -> int:
    """Each live run costs exactly Σ of its consumption lines; so do all of them together."""
    production = conn.execute(
        text(
            _RUN_COSTS.format(
                total="total_ingredient_cost", fk="production_run_id", finished="", runs="production_runs"
            )
        )
    ).all()
    assembly = conn.execute(
        text(
            _RUN_COSTS.format(
                total="total_component_cost",
                fk="assembly_run_id",
                finished=_FINISHED_COST,
                runs="assembly_runs",
            )
        )
    ).all()
    for kind, rows in (("production", production), ("assembly", assembly)):
        broken = [r for r in rows if r[1] != r[2]]
        assert not broken, f"{kind} runs whose cost is not their ledger (id, run cost, lines): {broken[:5]}"
        assert sum(r[1] for r in rows) == sum(r[2] for r in rows)
    return len(production) + len(assembly)


_LINES = "(SELECT COUNT(*) FROM {t} m WHERE m.{fk} = r.id AND m.kind = 'consume')"
_NET = (
    "(SELECT COALESCE(SUM(CASE WHEN m.kind = 'consume' THEN m.quantity ELSE -m.quantity END), 0)"
    " FROM {t} m WHERE m.{fk} = r.id)"
)
_PRODUCTION_RUNS = f"""
SELECT r.id, r.reversed, r.actual_yield, f.quantity, f.remaining,
       {_LINES.format(t="lot_movements", fk="production_run_id")},
       {_NET.format(t="lot_movements", fk="production_run_id")}
FROM production_runs r LEFT JOIN finished_lots f ON f.production_run_id = r.id
"""
_ASSEMBLY_RUNS = f"""
SELECT r.id, r.reversed, r.quantity, f.quantity, f.remaining,
       {_LINES.format(t="lot_movements", fk="assembly_run_id")}
         + {_LINES.format(t="finished_movements", fk="assembly_run_id")},
       {_NET.format(t="lot_movements", fk="assembly_run_id")}
         + {_NET.format(t="finished_movements", fk="assembly_run_id")}
FROM assembly_runs r LEFT JOIN finished_lots f ON f.assembly_run_id = r.id AND f.source = 'assembly'
"""


def _runs_complete(conn: Connection) -> int:
    """Every run has one finished lot of what it made and ledger lines; a reversed run gave all back."""
    checked = 0
    for kind, query in (("production", _PRODUCTION_RUNS), ("assembly", _ASSEMBLY_RUNS)):
        rows = conn.execute(text(query)).all()
        ids = [r[0] for r in rows]
        assert len(ids) == len(set(ids)), f"a {kind} run has more than one finished lot"
        for run_id, reversed_, made, quantity, remaining, lines, net in rows:
            assert quantity is not None, f"{kind} run {run_id} has no finished lot"
            assert lines > 0, f"{kind} run {run_id} has no ledger lines"
            if reversed_:
                assert (quantity, remaining, net) == (0, 0, 0), f"reversed {kind} run {run_id} kept something"
            else:
                assert quantity == made, f"{kind} run {run_id}: finished lot of {quantity}, made {made}"
        checked += len(rows)
    return checked


def _no_orphans(conn: Connection) -> int:
    """No ledger line or finished lot points at a run that does not exist; restores only for reversed runs."""
    checks = {
        "lot lines of missing production runs": """SELECT COUNT(*) FROM lot_movements m
            LEFT JOIN production_runs r ON r.id = m.production_run_id
            WHERE m.production_run_id IS NOT NULL AND r.id IS NULL""",
        "lot lines of missing assembly runs": """SELECT COUNT(*) FROM lot_movements m
            LEFT JOIN assembly_runs r ON r.id = m.assembly_run_id
            WHERE m.assembly_run_id IS NOT NULL AND r.id IS NULL""",
        "finished lines of missing assembly runs": """SELECT COUNT(*) FROM finished_movements m
            LEFT JOIN assembly_runs r ON r.id = m.assembly_run_id
            WHERE m.assembly_run_id IS NOT NULL AND r.id IS NULL""",
        "restores for live production runs": """SELECT COUNT(*) FROM lot_movements m
            JOIN production_runs r ON r.id = m.production_run_id
            WHERE m.kind = 'restore' AND r.reversed = false""",
        "restores for live assembly runs": """SELECT COUNT(*) FROM lot_movements m
            JOIN assembly_runs r ON r.id = m.assembly_run_id
            WHERE m.kind = 'restore' AND r.reversed = false""",
    }
    for what, query in checks.items():
        assert conn.execute(text(query)).scalar_one() == 0, f"found {what}"
    return int(conn.execute(text("SELECT COUNT(*) FROM lot_movements")).scalar_one())


def finished_sums(engine: Engine) -> dict[tuple[str, str], int]:
    """Σ remaining of the finished lots of every finished unit and good, by (kind, slug)."""
    sums: dict[tuple[str, str], int] = {}
    with engine.connect() as conn:
        for kind, table, fk in (
            ("finished_unit", "finished_units", "finished_unit_id"),
            ("finished_good", "finished_goods", "finished_good_id"),
        ):
            for slug, total in conn.execute(
                text(
                    f"SELECT i.slug, COALESCE(SUM(f.remaining), 0) FROM {table} i "
                    f"LEFT JOIN finished_lots f ON f.{fk} = i.id GROUP BY i.slug"
                )
            ):
                sums[(kind, slug)] = int(total)
    return sums


def check_finished_counts(ledger: Ledger, engine: Engine) -> dict[tuple[str, str], int]:
    """The service's finished count of every unit and good = Σ remaining of its finished lots, ≥ 0."""
    sums = finished_sums(engine)
    with ledger.uow(read_only=True) as uow:
        counts = {key: inventory.finished_stock(uow, kind=key[0], slug=key[1]).count for key in sums}
    assert counts == sums, f"finished counts {counts} ≠ Σ finished lots {sums}"
    assert all(n >= 0 for n in counts.values()), f"negative finished count: {counts}"
    return counts
