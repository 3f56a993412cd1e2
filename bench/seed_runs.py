"""Seeding the history and the events in bulk: production runs with their lot lines and finished
lots, and events with targets, assignments and runs (one reversed), each grown to a size."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from decimal import Decimal
from typing import Any

from bakeledger.domain.production import SnapshotLine, snapshot_json
from bench.database import BenchDatabase
from bench.raw import Q, Raw, to_steps
from bench.seed import (
    COOKIE,
    CREATED,
    FINISHED_COLUMNS,
    LOT_COLUMNS,
    RECIPE,
    TODAY,
    Catalogue,
    ids_after,
    lot_row,
    max_id,
)

RUN_COLUMNS = [
    "uuid",
    "recipe_id",
    "finished_unit_id",
    "event_id",
    "batches",
    "scale",
    "expected_yield",
    "actual_yield",
    "loss_quantity",
    "status",
    "loss_category",
    "total_ingredient_cost",
    "per_unit_cost",
    "loss_cost",
    "recipe_snapshot",
    "produced_at",
    "reversed",
]

# --- runs (history) --------------------------------------------------------------------------
_SNAPSHOT = snapshot_json(
    RECIPE,
    1,
    Decimal(1),
    [
        SnapshotLine("flour", Decimal("2.000000"), "cup", Decimal("1.0000")),
        SnapshotLine("sugar", Decimal("1.000000"), "cup", Decimal("0.6000")),
    ],
)


def grow_runs(db: BenchDatabase, cat: Catalogue, total: int) -> None:
    """Bring the production runs to `total`: one batch each, 45 of 48 made, two lot lines each."""
    raw = db.writer
    raw.begin(write=True)
    if cat.runs == 0:
        cat.history_lots = (_history_lot(raw, cat, "flour"), _history_lot(raw, cat, "sugar"))
    first_new = max_id(raw, "production_runs")
    recipe, unit = cat.recipes[RECIPE], cat.finished_units[COOKIE]
    start = dt.datetime(2025, 1, 1, 8, 0)
    raw.bulk_insert(
        "production_runs",
        RUN_COLUMNS,
        (
            _run(raw, recipe, unit, None, 1, 45, start + dt.timedelta(minutes=n), False, _SNAPSHOT)
            for n in range(cat.runs, total)
        ),
    )
    new_ids = ids_after(raw, "production_runs", first_new)
    flour_lot, sugar_lot = cat.history_lots
    created = raw.moment_in(CREATED)
    raw.bulk_insert(
        "lot_movements",
        ["lot_id", "kind", "quantity", "unit_cost", "cost", "production_run_id", "created_at"],
        itertools.chain.from_iterable(
            (
                (flour_lot, "consume", to_steps(2 * Q, "cup"), 500_000, 10_000, run_id, created),
                (sugar_lot, "consume", to_steps(Q, "cup"), 600_000, 6_000, run_id, created),
            )
            for run_id in new_ids
        ),
    )
    raw.bulk_insert(
        "finished_lots",
        FINISHED_COLUMNS[:-2] + ["production_run_id", "created_at"],
        (
            (str(uuid.uuid4()), "finished_unit", unit, 45, 0, 35_556, "production", run_id, created)
            for run_id in new_ids
        ),
    )
    raw.commit()
    raw.analyze()
    cat.runs = total


def _history_lot(raw: Raw, cat: Catalogue, slug: str) -> int:
    """A used-up lot that the seeded runs took their ingredients from."""
    columns = ", ".join(LOT_COLUMNS)
    lot = lot_row(raw, cat, slug, 100_000 * Q, 0, 500_000, -31, raw.moment_in(CREATED))
    marks = ", ".join("?" for _ in LOT_COLUMNS)
    return raw.insert_id(f"INSERT INTO lots ({columns}) VALUES ({marks})", lot)


def _run(
    raw: Raw,
    recipe: int,
    unit: int,
    event: int | None,
    batches: int,
    made: int,
    at: dt.datetime,
    reversed_: bool,
    snapshot: str,
) -> tuple[Any, ...]:
    expected = 48 * batches
    loss = expected - made
    total = 16_000 * batches  # 1.60 a batch
    return (
        str(uuid.uuid4()),
        recipe,
        unit,
        event,
        batches,
        Q,
        expected,
        made,
        loss,
        "complete" if loss == 0 else "partial_loss",
        "burnt" if loss else None,
        total,
        (2 * total * 100 + made) // (2 * made) if made else 0,
        (2 * total * loss + expected) // (2 * expected),
        snapshot,
        raw.moment_in(at),
        reversed_,
    )


# --- events ----------------------------------------------------------------------------------
def grow_events(db: BenchDatabase, cat: Catalogue, total: int) -> None:
    """Bring the events to `total`, each from TODAY on with two production targets, an assembly
    target, two assignments, three production runs (one reversed) and an assembly run."""
    raw = db.writer
    raw.begin(write=True)
    first_new = max_id(raw, "events")
    created = raw.moment_in(CREATED)
    dates = [TODAY + dt.timedelta(days=n % 700) for n in range(cat.events, total)]
    raw.bulk_insert(
        "events",
        ["uuid", "name", "event_date", "year", "created_at"],
        (
            (str(uuid.uuid4()), f"Event {n:04d}", raw.date_in(day), day.year, created)
            for n, day in zip(range(cat.events, total), dates, strict=True)
        ),
    )
    new_ids = ids_after(raw, "events", first_new)
    cookies, sugar = cat.recipes[RECIPE], cat.recipes["sugar-cookies"]
    targets = [(cookies, 4), (sugar, 2)]
    raw.bulk_insert(
        "production_targets",
        ["uuid", "event_id", "recipe_id", "batches"],
        ((str(uuid.uuid4()), e, recipe, n) for e in new_ids for recipe, n in targets),
    )
    raw.bulk_insert(
        "assembly_targets",
        ["uuid", "event_id", "finished_good_id", "quantity"],
        ((str(uuid.uuid4()), e, cat.good_id, 10) for e in new_ids),
    )
    statuses = ("pending", "ready")
    raw.bulk_insert(
        "assignments",
        ["uuid", "event_id", "recipient_id", "package_id", "quantity", "status"],
        (
            (str(uuid.uuid4()), e, who, cat.package_id, 1, status)
            for e in new_ids
            for who, status in zip(cat.recipients, statuses, strict=True)
        ),
    )
    cookie, sugar_cookie = cat.finished_units[COOKIE], cat.finished_units["sugar-cookie"]
    at = dt.datetime(2026, 10, 1, 9, 0)
    raw.bulk_insert(
        "production_runs",
        RUN_COLUMNS,
        (
            run
            for e in new_ids
            for run in (
                _run(raw, cookies, cookie, e, 1, 48, at, False, _SNAPSHOT),
                _run(raw, sugar, sugar_cookie, e, 3, 140, at, False, _SNAPSHOT),
                _run(raw, cookies, cookie, e, 2, 96, at, True, _SNAPSHOT),
            )
        ),
    )
    raw.bulk_insert(
        "assembly_runs",
        ["uuid", "finished_good_id", "event_id", "quantity", "total_component_cost", "per_unit_cost"]
        + ["packaging_bypassed", "assembled_at", "reversed"],
        (
            (str(uuid.uuid4()), cat.good_id, e, 4, 20_000, 500_000, False, raw.moment_in(at), False)
            for e in new_ids
        ),
    )
    raw.commit()
    raw.analyze()
    cat.events = total
