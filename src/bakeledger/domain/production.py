"""Production rules: yield and loss math, run status, run costs, the recipe snapshot, fingerprints."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

import attrs

from bakeledger.domain.errors import ValidationError, YieldExceedsExpected
from bakeledger.domain.fifo import AllocationLine
from bakeledger.domain.numbers import fmt_quantity, quantize_money

LOSS_CATEGORIES = ("burnt", "broken", "contaminated", "dropped", "wrong_ingredients", "other")
DEFAULT_LOSS_CATEGORY = "other"
COMPLETE, PARTIAL_LOSS, TOTAL_LOSS = "complete", "partial_loss", "total_loss"
_UNIT_COST = Decimal(1).scaleb(-6)


def expected_yield(items_per_batch: int, scale: Decimal, batches: int) -> int:
    """floor(items_per_batch × scale × batches): only whole items count."""
    return int((Decimal(items_per_batch) * scale * batches).to_integral_value(rounding=ROUND_FLOOR))


def check_actual_yield(actual: int | None, expected: int) -> int:
    """The actual yield (expected when not given); 0 ≤ actual ≤ expected."""
    if actual is None:
        return expected
    if actual < 0:
        raise ValidationError(field="actual_yield", value=actual, message="actual_yield must not be negative")
    if actual > expected:
        raise YieldExceedsExpected(actual=actual, expected=expected)
    return actual


def check_loss_category(category: object, loss: int) -> str | None:
    """A known loss category when something was lost (default `other`); none when nothing was."""
    if category is not None and category not in LOSS_CATEGORIES:
        raise ValidationError(
            field="loss_category",
            value=category,
            message=f"loss_category must be one of {', '.join(LOSS_CATEGORIES)}",
        )
    if loss == 0:
        if category is not None:
            raise ValidationError(
                field="loss_category",
                value=category,
                message="loss_category needs a loss (actual < expected)",
            )
        return None
    return str(category) if category is not None else DEFAULT_LOSS_CATEGORY


def run_status(expected: int, actual: int) -> str:
    """complete (nothing lost), total_loss (nothing made), else partial_loss."""
    if actual == expected:
        return COMPLETE
    return TOTAL_LOSS if actual == 0 else PARTIAL_LOSS


def ledger_cost(lines: Iterable[AllocationLine]) -> Decimal:
    """What consuming these lines costs in the ledger: Σ of each line's cost as stored (4 places)."""
    return sum((quantize_money(line.cost) for line in lines), Decimal(0))


def per_unit_cost(total: Decimal, actual: int) -> Decimal:
    """total / actual at unit-cost precision (6 places); 0 when nothing was made."""
    if actual == 0:
        return Decimal(0).quantize(_UNIT_COST)
    return (total / actual).quantize(_UNIT_COST, rounding=ROUND_HALF_UP)


def loss_cost(total: Decimal, loss: int, expected: int) -> Decimal:
    """The share of the ingredient cost that went into lost items: total × loss / expected."""
    if loss == 0 or expected == 0:
        return quantize_money(Decimal(0))
    return quantize_money(total * loss / expected)


@attrs.frozen
class RunFigures:
    """Everything a run's yield and cost imply."""

    expected_yield: int
    actual_yield: int
    loss_quantity: int
    status: str
    total_ingredient_cost: Decimal
    per_unit_cost: Decimal
    loss_cost: Decimal


def run_figures(expected: int, actual: int, total: Decimal) -> RunFigures:
    """Loss, status and costs of a run that made `actual` of `expected` items for `total`."""
    loss = expected - actual
    return RunFigures(
        expected_yield=expected,
        actual_yield=actual,
        loss_quantity=loss,
        status=run_status(expected, actual),
        total_ingredient_cost=total,
        per_unit_cost=per_unit_cost(total, actual),
        loss_cost=loss_cost(total, loss, expected),
    )


# --- the stored record of a run -------------------------------------------------------------
@attrs.frozen
class SnapshotLine:
    """One aggregated ingredient as the run used it: needed (× scale × batches) and its cost."""

    ingredient: str
    quantity: Decimal
    unit: str
    cost: Decimal


def snapshot_json(recipe: str, batches: int, scale: Decimal, lines: Iterable[SnapshotLine]) -> str:
    """The aggregated recipe a run used, as canonical JSON text (decimals as strings)."""
    return json.dumps(
        {
            "recipe": recipe,
            "batches": batches,
            "scale": fmt_quantity(scale),
            "lines": [
                {
                    "ingredient": ln.ingredient,
                    "quantity": format(ln.quantity, "f"),
                    "unit": ln.unit,
                    "cost": format(ln.cost, "f"),
                }
                for ln in lines
            ],
        },
        sort_keys=True,
        separators=(",", ":"),
    )


def snapshot_lines(text: str) -> list[SnapshotLine]:
    """The lines of a stored snapshot."""
    return [
        SnapshotLine(ln["ingredient"], Decimal(ln["quantity"]), ln["unit"], Decimal(ln["cost"]))
        for ln in json.loads(text)["lines"]
    ]


def request_fingerprint(arguments: Mapping[str, Any]) -> str:
    """sha256 of the normalised arguments (decimals and dates as canonical text, keys sorted)."""
    return hashlib.sha256(
        json.dumps(
            {k: _canonical(v) for k, v in arguments.items()}, sort_keys=True, separators=(",", ":")
        ).encode()
    ).hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, Decimal):
        return fmt_quantity(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@attrs.frozen(kw_only=True)
class ProductionRun:
    """A recorded bake: as the service builds it (id 0 until stored), or as stored."""

    id: int = 0
    uuid: str = attrs.field(factory=lambda: str(uuid.uuid4()))
    recipe_id: int
    recipe_slug: str
    finished_unit_id: int
    finished_unit_slug: str
    event_id: int | None
    batches: int
    scale: Decimal
    expected_yield: int
    actual_yield: int
    loss_quantity: int
    status: str
    loss_category: str | None
    loss_notes: str | None
    notes: str | None
    total_ingredient_cost: Decimal
    per_unit_cost: Decimal
    loss_cost: Decimal
    recipe_snapshot: str
    produced_at: dt.datetime
    reversed: bool = False
    reversed_at: dt.datetime | None = None
    reversal_reason: str | None = None
    idempotency_key: str | None
    request_fingerprint: str | None


@attrs.frozen
class RunLotLine:
    """One piece a run took from one lot (in the lot's unit)."""

    production_run_id: int
    ingredient_slug: str
    lot_id: int
    quantity: Decimal
    unit: str
    unit_cost: Decimal
    cost: Decimal
