"""record_production: bake one batch of cookies (2 cups flour from two lots, 1 cup sugar), 45 of 48
made; the run, its ledger lines and its finished lot are written and the result is built from them."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from typing import Any

from bakeledger.services import production
from bakeledger.uow.base import UnitOfWork
from bench.fifo import consume, now, take
from bench.raw import (
    M,
    Q,
    Raw,
    decimal_text,
    div_half_up,
    fingerprint,
    from_steps,
    money,
    quantity,
    unit_cost,
)
from bench.scenario import Scenario

RECIPE, FINISHED_UNIT, BATCHES, MADE = "chocolate-chip-cookies", "chocolate-chip-cookie", 1, 45
ASKED = {"recipe": RECIPE, "finished_unit": FINISHED_UNIT, "batches": BATCHES, "actual_yield": MADE}

_HEAD = (
    "SELECT r.id, fu.id, fu.recipe_id, fu.items_per_batch FROM recipes r "
    "JOIN finished_units fu ON fu.slug = ? WHERE r.slug = ?"
)
# The recipe and everything nested in it, in one statement: component edges and ingredient lines.
_TREE = """
WITH RECURSIVE tree(recipe_id, depth) AS (
    SELECT CAST(? AS INTEGER), 0
    UNION ALL
    SELECT rc.component_recipe_id, tree.depth + 1
    FROM recipe_components rc JOIN tree ON rc.recipe_id = tree.recipe_id WHERE tree.depth < 3
)
SELECT 0, rc.id, rc.recipe_id, rc.component_recipe_id, rc.multiplier, NULL, NULL
FROM recipe_components rc WHERE rc.recipe_id IN (SELECT recipe_id FROM tree)
UNION ALL
SELECT 1, ri.id, ri.recipe_id, ri.ingredient_id, ri.quantity, ri.unit, i.slug
FROM recipe_ingredients ri JOIN ingredients i ON i.id = ri.ingredient_id
WHERE ri.recipe_id IN (SELECT recipe_id FROM tree)
ORDER BY 1, 2
"""
_RUN = (
    "INSERT INTO production_runs (uuid, recipe_id, finished_unit_id, event_id, batches, scale, "
    "expected_yield, actual_yield, loss_quantity, status, loss_category, loss_notes, notes, "
    "total_ingredient_cost, per_unit_cost, loss_cost, recipe_snapshot, produced_at, reversed, "
    "idempotency_key, request_fingerprint) "
    "VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, NULL, ?)"
)
_FINISHED_LOT = (
    "INSERT INTO finished_lots (uuid, kind, finished_unit_id, quantity, remaining, unit_cost, source, "
    "production_run_id, created_at) VALUES (?, 'finished_unit', ?, ?, ?, ?, 'production', ?, ?)"
)


def ours(uow: UnitOfWork) -> Any:
    return production.record_production(
        uow, recipe=RECIPE, finished_unit=FINISHED_UNIT, batches=BATCHES, actual_yield=MADE
    )


def aggregated(raw: Raw, recipe_id: int, factor: int) -> list[tuple[int, str, int, str]]:
    """(ingredient id, slug, quantity × 10^6, unit) per ingredient, nested recipes expanded × factor."""
    lines: defaultdict[int, list[tuple[Any, ...]]] = defaultdict(list)
    parts: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    for is_line, _id, owner, ref, amount, unit, slug in raw.rows(_TREE, (recipe_id,)):
        if is_line:
            lines[owner].append((ref, slug, amount, unit))
        else:
            parts[owner].append((ref, amount))
    merged: dict[int, list[Any]] = {}

    def walk(node: int, mult: int) -> None:
        for ingredient, slug, amount, unit in lines[node]:
            known = merged.setdefault(ingredient, [ingredient, slug, 0, unit])
            if known[3] != unit:
                raise NotImplementedError("the baseline merges lines kept in one unit only")
            known[2] += div_half_up(amount * mult, Q)
        for child, multiplier in parts[node]:
            walk(child, div_half_up(mult * multiplier, Q))

    walk(recipe_id, factor)
    return [(line[0], line[1], line[2], line[3]) for line in merged.values()]


def theirs(raw: Raw) -> dict[str, Any]:
    head = raw.rows(_HEAD, (FINISHED_UNIT, RECIPE))
    if not head or head[0][2] != head[0][0]:
        raise LookupError("unknown recipe or finished unit of another recipe")
    recipe_id, unit_id, _owner, per_batch = head[0]
    expected = per_batch * BATCHES
    needed = aggregated(raw, recipe_id, BATCHES * Q)
    taken = [(line, take(raw, line[0], line[2], line[3])) for line in needed]
    costs = [sum(p[5] for p in pieces) for _line, pieces in taken]
    total, loss = sum(costs), expected - MADE
    per_unit = div_half_up(total * (Q // M), MADE)
    loss_cost = div_half_up(total * loss, expected)
    snapshot = json.dumps(
        {
            "recipe": RECIPE,
            "batches": BATCHES,
            "scale": "1",
            "lines": [
                {
                    "ingredient": ln[1],
                    "quantity": decimal_text(ln[2], Q),
                    "unit": ln[3],
                    "cost": decimal_text(c, M),
                }
                for (ln, _p), c in zip(taken, costs, strict=True)
            ],
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    at = now()
    status = "complete" if loss == 0 else ("total_loss" if MADE == 0 else "partial_loss")
    run_uuid = str(uuid.uuid4())
    run_id = raw.insert_id(
        _RUN,
        (run_uuid, recipe_id, unit_id, BATCHES, Q, expected, MADE, loss, status, "other" if loss else None)
        + (total, per_unit, loss_cost, snapshot, raw.moment_in(at), False, fingerprint(ASKED)),
    )
    consume(raw, [p for _line, pieces in taken for p in pieces], reason=None, production_run_id=run_id)
    raw.execute(_FINISHED_LOT, (str(uuid.uuid4()), unit_id, MADE, MADE, per_unit, run_id, raw.moment_in(at)))
    return {
        "id": run_id,
        "uuid": run_uuid,
        "recipe": RECIPE,
        "finished_unit": FINISHED_UNIT,
        "event_id": None,
        "batches": BATCHES,
        "scale": "1",
        "expected_yield": expected,
        "actual_yield": MADE,
        "loss_quantity": loss,
        "status": status,
        "total_ingredient_cost": money(total),
        "per_unit_cost": unit_cost(per_unit),
        "loss_cost": money(loss_cost),
        "produced_at": at.isoformat(),
        "reversed": False,
        "reversed_at": None,
        "reversal_reason": None,
        "notes": None,
        "idempotency_key": None,
        "consumptions": [
            {
                "ingredient": line[1],
                "quantity": quantity(line[2]),
                "unit": line[3],
                "cost": money(cost),
                "lots": [
                    {
                        "lot_id": p[0],
                        "quantity": quantity(from_steps(p[1], p[2])),
                        "unit": p[2],
                        "unit_cost": unit_cost(p[3]),
                        "cost": money(p[5]),
                    }
                    for p in pieces
                ],
            }
            for (line, pieces), cost in zip(taken, costs, strict=True)
        ],
        "losses": [{"category": "other", "quantity": loss, "cost": money(loss_cost), "notes": None}]
        if loss
        else [],
    }


SCENARIO = Scenario("record_production", "lots", True, ours, theirs, ("id", "uuid", "produced_at"))
