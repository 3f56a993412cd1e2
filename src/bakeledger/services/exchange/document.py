"""The shape of exchange documents: every section, every field and the check it must pass."""

from __future__ import annotations

from typing import Any

from bakeledger.domain.catalog import COMPONENT_KINDS
from bakeledger.domain.events import FULFILLMENT_STATES
from bakeledger.domain.inventory import FINISHED_KINDS
from bakeledger.domain.production import COMPLETE, LOSS_CATEGORIES, PARTIAL_LOSS, TOTAL_LOSS
from bakeledger.services.exchange.fields import (
    MAX_DERIVED,
    MAX_TEXT_LENGTH,
    SLUG,
    UUID,
    Ref,
    Rows,
    boolean,
    choice,
    date,
    decimal,
    integer,
    optional,
    text,
    timestamp,
)

EXPORT_FORMAT, HISTORY_FORMAT, VERSION = "bakeledger", "bakeledger-history", 1

# Catalogue rows are referred to by slug, everything else by uuid.
KEY_OF = {
    "ingredients": "slug",
    "products": "slug",
    "recipes": "slug",
    "finished_units": "slug",
    "finished_goods": "slug",
    "packages": "slug",
    "recipients": "slug",
}
RUN_STATUSES = (COMPLETE, PARTIAL_LOSS, TOTAL_LOSS)
LOT_MOVEMENTS = ("consume", "restore", "deplete")
FINISHED_MOVEMENTS = ("consume", "restore")
FINISHED_SOURCES = ("production", "assembly", "adjustment")
# Which section a component or finished lot's slug points into, by its kind.
SECTION_OF_KIND = {
    "finished_unit": "finished_units",
    "finished_good": "finished_goods",
    "packaging": "products",
}

NAME = text(200)
UNIT = text(32)
REASON = optional(text(40))
NOTE = optional(text(MAX_TEXT_LENGTH, empty=True))
QUANTITY = decimal(6, positive=True)
REMAINING = decimal(6)
UNIT_COST = decimal(6, limit=MAX_DERIVED)
MONEY = decimal(4, limit=MAX_DERIVED)
COUNT = integer(1)
WHOLE = integer(0)


def _catalogue(**fields: Any) -> dict[str, Any]:
    return {"uuid": UUID, "slug": SLUG, "name": NAME, **fields}


def production_run_fields(catalogue_ref: Any) -> dict[str, Any]:
    """A production run's fields (without idempotency data); catalogue references use `catalogue_ref`."""
    return {
        "uuid": UUID,
        "recipe": catalogue_ref("recipes"),
        "finished_unit": catalogue_ref("finished_units"),
        "event": Ref("events", nullable=True),
        "batches": COUNT,
        "scale": QUANTITY,
        "expected_yield": WHOLE,
        "actual_yield": WHOLE,
        "loss_quantity": WHOLE,
        "status": choice(*RUN_STATUSES),
        "loss_category": optional(choice(*LOSS_CATEGORIES)),
        "loss_notes": NOTE,
        "notes": NOTE,
        "total_ingredient_cost": MONEY,
        "per_unit_cost": UNIT_COST,
        "loss_cost": MONEY,
        "recipe_snapshot": text(MAX_TEXT_LENGTH, empty=True),
        "produced_at": timestamp,
        "reversed": boolean,
        "reversed_at": optional(timestamp),
        "reversal_reason": NOTE,
    }


def assembly_run_fields(catalogue_ref: Any) -> dict[str, Any]:
    """An assembly run's fields (without idempotency data)."""
    return {
        "uuid": UUID,
        "finished_good": catalogue_ref("finished_goods"),
        "event": Ref("events", nullable=True),
        "quantity": COUNT,
        "total_component_cost": MONEY,
        "per_unit_cost": UNIT_COST,
        "packaging_bypassed": boolean,
        "bypass_notes": NOTE,
        "notes": NOTE,
        "assembled_at": timestamp,
        "reversed": boolean,
        "reversed_at": optional(timestamp),
        "reversal_reason": NOTE,
    }


IDEMPOTENCY = {"idempotency_key": optional(text(200)), "request_fingerprint": optional(text(64))}
EVENT = {
    "uuid": UUID,
    "name": NAME,
    "event_date": date,
    "year": integer(1, 9999),
    "notes": NOTE,
    "created_at": timestamp,
}

EXPORT_SCHEMA: dict[str, dict[str, Any]] = {
    "ingredients": _catalogue(category=NAME, density=optional(text(100))),
    "products": _catalogue(
        ingredient=Ref("ingredients"),
        brand=NAME,
        name=optional(NAME),
        package_unit=UNIT,
        package_unit_quantity=QUANTITY,
        preferred=boolean,
    ),
    "recipes": _catalogue(
        category=NAME,
        ingredients=Rows({"ingredient": Ref("ingredients"), "quantity": QUANTITY, "unit": UNIT}),
        components=Rows({"recipe": Ref("recipes"), "multiplier": QUANTITY}),
    ),
    "finished_units": _catalogue(recipe=Ref("recipes"), items_per_batch=COUNT),
    "finished_goods": _catalogue(
        components=Rows({"kind": choice(*COMPONENT_KINDS), "slug": SLUG, "quantity": QUANTITY})
    ),
    "packages": _catalogue(contents=Rows({"finished_good": Ref("finished_goods"), "quantity": COUNT})),
    "recipients": _catalogue(household=optional(NAME)),
    "events": EVENT,
    "lots": {
        "uuid": UUID,
        "product": Ref("products"),
        "ingredient": Ref("ingredients"),
        "packages": QUANTITY,
        "price_per_package": REMAINING,
        "quantity": QUANTITY,
        "remaining": REMAINING,
        "unit": UNIT,
        "unit_cost": UNIT_COST,
        "purchased_on": date,
        "supplier": optional(NAME),
        "expires_on": optional(date),
        "created_at": timestamp,
    },
    "production_runs": {**production_run_fields(Ref), **IDEMPOTENCY},
    "assembly_runs": {**assembly_run_fields(Ref), **IDEMPOTENCY},
    "finished_lots": {
        "uuid": UUID,
        "kind": choice(*FINISHED_KINDS),
        "slug": SLUG,
        "quantity": WHOLE,
        "remaining": WHOLE,
        "unit_cost": UNIT_COST,
        "source": choice(*FINISHED_SOURCES),
        "reason": REASON,
        "notes": NOTE,
        "production_run": Ref("production_runs", nullable=True),
        "assembly_run": Ref("assembly_runs", nullable=True),
        "created_at": timestamp,
    },
    "lot_movements": {
        "lot": Ref("lots"),
        "kind": choice(*LOT_MOVEMENTS),
        "quantity": QUANTITY,
        "unit_cost": UNIT_COST,
        "cost": MONEY,
        "production_run": Ref("production_runs", nullable=True),
        "assembly_run": Ref("assembly_runs", nullable=True),
        "reason": REASON,
        "notes": NOTE,
        "created_at": timestamp,
    },
    "finished_movements": {
        "finished_lot": Ref("finished_lots"),
        "kind": choice(*FINISHED_MOVEMENTS),
        "quantity": COUNT,
        "unit_cost": UNIT_COST,
        "cost": MONEY,
        "assembly_run": Ref("assembly_runs", nullable=True),
        "reason": text(40),
        "notes": NOTE,
        "created_at": timestamp,
    },
    "production_targets": {
        "uuid": UUID,
        "event": Ref("events"),
        "recipe": Ref("recipes"),
        "batches": COUNT,
        "notes": NOTE,
    },
    "assembly_targets": {
        "uuid": UUID,
        "event": Ref("events"),
        "finished_good": Ref("finished_goods"),
        "quantity": COUNT,
        "notes": NOTE,
    },
    "assignments": {
        "uuid": UUID,
        "event": Ref("events"),
        "recipient": Ref("recipients"),
        "package": Ref("packages"),
        "quantity": COUNT,
        "status": choice(*FULFILLMENT_STATES),
        "notes": NOTE,
    },
}

_LINE = {"quantity": QUANTITY, "unit": UNIT, "unit_cost": UNIT_COST, "cost": MONEY}
_MOVED = choice(*FINISHED_MOVEMENTS)
HISTORY_SCHEMA: dict[str, dict[str, Any]] = {
    "events": EVENT,
    "production_runs": {
        **production_run_fields(lambda _section: SLUG),
        "consumptions": Rows({"ingredient": SLUG, "product": SLUG, "movement": _MOVED, **_LINE}),
    },
    "assembly_runs": {
        **assembly_run_fields(lambda _section: SLUG),
        "consumptions": Rows({"kind": choice(*COMPONENT_KINDS), "slug": SLUG, "movement": _MOVED, **_LINE}),
    },
}
