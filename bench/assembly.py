"""record_assembly: two gift bags = 24 cookies from three finished lots + 2 bags from two lots."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from bakeledger.services import assembly
from bakeledger.uow.base import UnitOfWork
from bench.fifo import CHUNK, consume, now, take
from bench.raw import M, Q, Raw, div_half_up, fingerprint, money, quantity, unit_cost
from bench.scenario import Scenario

GOOD, BUNDLES = "cookie-gift-bag", 2
ASKED = {"finished_good": GOOD, "quantity": BUNDLES}

_COMPONENTS = """
SELECT g.id, c.kind, COALESCE(c.finished_unit_id, c.component_good_id, p.ingredient_id), c.quantity,
       COALESCE(fu.slug, sub.slug, p.slug), p.package_unit
FROM finished_goods g
LEFT JOIN finished_good_components c ON c.finished_good_id = g.id
LEFT JOIN finished_units fu ON fu.id = c.finished_unit_id
LEFT JOIN finished_goods sub ON sub.id = c.component_good_id
LEFT JOIN products p ON p.id = c.product_id
WHERE g.slug = ?
ORDER BY c.id
"""
# a range over (item, id), so that PostgreSQL reads the partial FIFO index (see ADR 0022)
_FINISHED_FIFO = (
    "SELECT id, remaining, unit_cost FROM finished_lots WHERE ({column}, id) > (?, ?) AND {column} <= ? "
    "AND remaining > 0 ORDER BY {column}, id LIMIT 32"
)
_RUN = (
    "INSERT INTO assembly_runs (uuid, finished_good_id, event_id, quantity, total_component_cost, "
    "per_unit_cost, packaging_bypassed, bypass_notes, notes, assembled_at, reversed, idempotency_key, "
    "request_fingerprint) VALUES (?, ?, NULL, ?, ?, ?, ?, NULL, NULL, ?, ?, NULL, ?)"
)
_TAKE = "UPDATE finished_lots SET remaining = remaining - ? WHERE id = ?"
_LEDGER = (
    "INSERT INTO finished_movements (finished_lot_id, kind, quantity, unit_cost, cost, assembly_run_id, "
    "reason, created_at) VALUES (?, 'consume', ?, ?, ?, ?, 'assembly', ?)"
)
_BUNDLE = (
    "INSERT INTO finished_lots (uuid, kind, finished_good_id, quantity, remaining, unit_cost, source, "
    "assembly_run_id, created_at) VALUES (?, 'finished_good', ?, ?, ?, ?, 'assembly', ?, ?)"
)


def ours(uow: UnitOfWork) -> Any:
    return assembly.record_assembly(uow, finished_good=GOOD, quantity=BUNDLES)


def finished_lots(raw: Raw, kind: str, item_id: int) -> Iterator[tuple[Any, ...]]:
    """Non-empty finished lots of one item, oldest first, 32 at a time, locked."""
    column = "finished_unit_id" if kind == "finished_unit" else "finished_good_id"
    after = 0
    while True:
        rows = raw.rows(_FINISHED_FIFO.format(column=column) + raw.lock, (item_id, after, item_id))
        yield from rows
        if len(rows) < CHUNK:
            return
        after = rows[-1][0]


def take_finished(raw: Raw, kind: str, item_id: int, need: int) -> list[tuple[int, int, int]]:
    """(finished lot id, count, unit cost) pieces covering `need` items."""
    pieces = []
    for lot_id, remaining, cost in finished_lots(raw, kind, item_id):
        taken = min(remaining, need)
        pieces.append((lot_id, taken, cost))
        need -= taken
        if need == 0:
            return pieces
    raise LookupError(f"not enough {kind} {item_id}")


def theirs(raw: Raw) -> dict[str, Any]:
    rows = raw.rows(_COMPONENTS, (GOOD,))
    if not rows:
        raise LookupError(GOOD)
    good_id = rows[0][0]
    items: dict[tuple[str, int], list[Any]] = {}  # finished items first, then packaging, as listed
    wraps: dict[tuple[str, int], list[Any]] = {}
    for _good, kind, ref, per_bundle, slug, unit in rows:
        needs = wraps if kind == "packaging" else items
        known = needs.setdefault((kind, ref), [kind, ref, 0, slug, unit or "each"])
        if known[4] != (unit or "each"):
            raise NotImplementedError("the baseline merges packaging kept in one unit only")
        known[2] += per_bundle
    plan = []
    for kind, ref, per_bundle, slug, unit in [*items.values(), *wraps.values()]:
        need = per_bundle * BUNDLES
        if kind == "packaging":
            pieces = take(raw, ref, need, unit)
            cost = sum(p[5] for p in pieces)
        else:
            pieces = take_finished(raw, kind, ref, need // Q)
            cost = sum(div_half_up(count * each, Q // M) for _lot, count, each in pieces)
        plan.append((kind, slug, need, unit, cost, pieces))
    total = sum(step[4] for step in plan)
    per_unit = div_half_up(total * (Q // M), BUNDLES)
    at, run_uuid = now(), str(uuid.uuid4())
    run_id = raw.insert_id(
        _RUN,
        (run_uuid, good_id, BUNDLES, total, per_unit, False, raw.moment_in(at), False, fingerprint(ASKED)),
    )
    finished = [p for step in plan if step[0] != "packaging" for p in step[5]]
    raw.executemany(_TAKE, [(count, lot) for lot, count, _cost in finished])
    raw.executemany(
        _LEDGER,
        [
            (lot, n, each, div_half_up(n * each, Q // M), run_id, raw.moment_in(at))
            for lot, n, each in finished
        ],
    )
    wrapping = [p for step in plan if step[0] == "packaging" for p in step[5]]
    consume(raw, wrapping, reason="assembly", assembly_run_id=run_id)
    raw.execute(_BUNDLE, (str(uuid.uuid4()), good_id, BUNDLES, BUNDLES, per_unit, run_id, raw.moment_in(at)))
    return {
        "id": run_id,
        "uuid": run_uuid,
        "finished_good": GOOD,
        "event_id": None,
        "quantity": BUNDLES,
        "total_component_cost": money(total),
        "per_unit_cost": unit_cost(per_unit),
        "assembled_at": at.isoformat(),
        "packaging_bypassed": False,
        "bypass_notes": None,
        "reversed": False,
        "reversed_at": None,
        "reversal_reason": None,
        "consumptions": [
            {"kind": kind, "slug": slug, "quantity": quantity(need), "unit": unit, "cost": money(cost)}
            for kind, slug, need, unit, cost, _pieces in plan
        ],
        "notes": None,
        "idempotency_key": None,
    }


SCENARIO = Scenario("record_assembly", "lots", True, ours, theirs, ("id", "uuid", "assembled_at"))
