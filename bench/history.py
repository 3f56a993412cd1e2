"""get_production_history: the newest page of 100 runs with their consumptions and losses."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from bakeledger.services import production
from bakeledger.uow.base import UnitOfWork
from bench.raw import M, Raw, from_steps, money, quantity, scaled, unit_cost
from bench.scenario import Scenario

PAGE = 100

# One statement: the page of runs (newest first) joined with the lot lines each run consumed.
_PAGE = """
SELECT p.id, p.uuid, r.slug, fu.slug, p.event_id, p.batches, p.scale, p.expected_yield, p.actual_yield,
       p.loss_quantity, p.status, p.loss_category, p.loss_notes, p.notes, p.total_ingredient_cost,
       p.per_unit_cost, p.loss_cost, p.recipe_snapshot, p.produced_at, p.reversed, p.reversed_at,
       p.reversal_reason, p.idempotency_key,
       m.lot_id, m.quantity, m.unit_cost, m.cost, l.unit, i.slug
FROM (SELECT * FROM production_runs ORDER BY produced_at DESC, id DESC LIMIT ? OFFSET 0) p
JOIN recipes r ON r.id = p.recipe_id
JOIN finished_units fu ON fu.id = p.finished_unit_id
LEFT JOIN lot_movements m ON m.production_run_id = p.id AND m.kind = 'consume'
LEFT JOIN lots l ON l.id = m.lot_id
LEFT JOIN ingredients i ON i.id = l.ingredient_id
ORDER BY p.produced_at DESC, p.id DESC, m.id
"""


def ours(uow: UnitOfWork) -> Any:
    return production.get_production_history(uow, limit=PAGE, include_consumptions=True, include_losses=True)


def _run(raw: Raw, row: Any, lots: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    (run_id, run_uuid, recipe, unit, event_id, batches, scale, expected, made, loss, status) = row[:11]
    (category, loss_notes, notes, total, per_unit, loss_cost, snapshot, at, reversed_) = row[11:20]
    reversed_at, reason, key = row[20:23]
    return {
        "id": run_id,
        "uuid": run_uuid,
        "recipe": recipe,
        "finished_unit": unit,
        "event_id": event_id,
        "batches": batches,
        "scale": quantity(scale),
        "expected_yield": expected,
        "actual_yield": made,
        "loss_quantity": loss,
        "status": status,
        "total_ingredient_cost": money(total),
        "per_unit_cost": unit_cost(per_unit),
        "loss_cost": money(loss_cost),
        "produced_at": raw.moment_out(at),
        "reversed": bool(reversed_),
        "reversed_at": raw.moment_out(reversed_at) if reversed_at is not None else None,
        "reversal_reason": reason,
        "notes": notes,
        "idempotency_key": key,
        "consumptions": [
            {
                "ingredient": line["ingredient"],
                "quantity": quantity(scaled(line["quantity"])),
                "unit": line["unit"],
                "cost": money(scaled(line["cost"], M)),
                "lots": lots.pop(line["ingredient"], []),
            }
            for line in json.loads(snapshot)["lines"]
        ],
        "losses": [
            {"category": category or "other", "quantity": loss, "cost": money(loss_cost), "notes": loss_notes}
        ]
        if loss
        else [],
    }


def theirs(raw: Raw) -> list[dict[str, Any]]:
    runs: dict[int, Any] = {}
    lots: defaultdict[int, defaultdict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in raw.rows(_PAGE, (PAGE,)):
        runs.setdefault(row[0], row)
        if row[23] is not None:
            lots[row[0]][row[28]].append(
                {
                    "lot_id": row[23],
                    "quantity": quantity(from_steps(row[24], row[27])),
                    "unit": row[27],
                    "unit_cost": unit_cost(row[25]),
                    "cost": money(row[26]),
                }
            )
    return [_run(raw, row, lots[run_id]) for run_id, row in runs.items()]


SCENARIO = Scenario("get_production_history", "runs", False, ours, theirs)
