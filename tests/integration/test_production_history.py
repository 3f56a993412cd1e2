"""History filters, structured logs, scale, and the plan that plan_event shares with record_production."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import (
    InsufficientFinishedStock,
    RecipeNotFound,
    ValidationError,
    YieldExceedsExpected,
)
from bakeledger.services import assembly, catalog, inventory, production
from bakeledger.services.stock import Overlay
from tests.helpers import dump
from tests.integration.cookie_pantry import COOKIE, RECIPE, cookie_count, record, setup_cookie_pantry


def test_history_filters_by_recipe_unit_and_inclusive_dates(ledger: Ledger) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        catalog.create_recipe(
            uow, name="Sugar Cookies", ingredients=[{"ingredient": "sugar", "quantity": 1, "unit": "cup"}]
        )
        catalog.create_finished_unit(uow, recipe="sugar-cookies", name="Sugar Cookie", items_per_batch=24)
        early = record(uow, produced_at="2025-12-01T08:00:00").id
        late = record(uow, produced_at="2025-12-03T23:59:59").id
        sugar = production.record_production(
            uow, recipe="sugar-cookies", finished_unit="sugar-cookie", batches=1, produced_at="2025-12-02"
        ).id
        uow.commit()
    with ledger.uow(read_only=True) as uow:

        def ids(**filters: Any) -> list[int]:
            return [run.id for run in production.get_production_history(uow, **filters)]

        assert ids(recipe=RECIPE) == [late, early]
        assert ids(finished_unit="sugar-cookie") == [sugar]
        assert ids(start="2025-12-02", end="2025-12-03") == [late, sugar]
        assert ids(start=dt.date(2025, 12, 1), end=dt.date(2025, 12, 1)) == [early]
        assert ids(end="2025-12-03T23:59:59") == [late, sugar, early]
        assert ids(end="2025-12-03T23:59:58") == [sugar, early]
        plain = production.get_production_history(uow, limit=1)[0]
        assert (plain.consumptions, plain.losses) == ([], [])
        with pytest.raises(RecipeNotFound):
            production.get_production_history(uow, recipe="scones")
        with pytest.raises(ValidationError):
            production.get_production_history(uow, limit=0)


def test_scale_multiplies_ingredients_and_floors_the_yield(ledger: Ledger) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        check = production.check_can_produce(uow, recipe=RECIPE, batches=1, scale="1.5")
        run = record(uow, batches=1, scale="1.5")
        uow.commit()
    assert check.estimated_cost == "2.40"  # 3 cup flour @ 0.50 + 1.5 cup sugar @ 0.60
    assert (run.scale, run.expected_yield, run.total_ingredient_cost) == ("1.5", 72, "2.40")
    assert [(c.ingredient, c.quantity) for c in run.consumptions] == [("flour", "3"), ("sugar", "1.5")]


def test_planned_costs_equal_what_recording_the_same_runs_costs(ledger: Ledger) -> None:
    """Two bakes planned cumulatively on an Overlay cost exactly what recording them costs."""
    fixture = setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        inventory.add_purchase(
            uow,
            product=fixture.flour_product,
            packages=9,
            price_per_package="0.77",
            purchased_on="2025-11-09",
        )
        inventory.add_purchase(
            uow,
            product=fixture.sugar_product,
            packages=3,
            price_per_package="0.93",
            purchased_on="2025-11-09",
        )
        uow.commit()
    with ledger.uow() as uow:
        recipe, overlay, planned = uow.recipes.get(RECIPE), Overlay(), []
        for batches in (3, 4):
            plan = production.plan_production(uow, recipe, batches, Decimal(1), lock=False, overlay=overlay)
            plan.reserve(overlay)
            planned.append(plan)
        assert [p.satisfied for p in planned] == [True, True]
        recorded = [record(uow, batches=3).id, record(uow, batches=4).id]
        costs = [uow.production_runs.get(run_id).total_ingredient_cost for run_id in recorded]
        uow.rollback()
    assert costs == [p.total_cost for p in planned]
    # 6 flour @ 0.50 + 3 sugar @ 0.60; then 4 @ 0.50 + 4 @ 0.77 flour and 2 @ 0.60 + 2 @ 0.93 sugar
    assert costs == [Decimal("4.8000"), Decimal("8.1400")]


def test_every_outcome_is_logged_with_ids_and_costs(
    ledger: Ledger, outcome_log: list[dict[str, Any]]
) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        run = record(uow, batches=2, actual_yield=92)
        with pytest.raises(YieldExceedsExpected):
            record(uow, batches=1, actual_yield=60)
        uow.commit()
    ours = [r for r in outcome_log if r.get("op") == "record_production"]
    assert ours[0] == {
        "op": "record_production",
        "recipe": RECIPE,
        "finished_unit": COOKIE,
        "event_id": None,
        "batches": 2,
        "expected_yield": 96,
        "actual_yield": 92,
        "total_ingredient_cost": "3.2000",
        "per_unit_cost": "0.034783",
        "loss_cost": "0.1333",
        "production_run_id": run.id,
        "outcome": "success",
        **{k: v for k, v in ours[0].items() if k == "uow_id"},
    }
    assert ours[1]["outcome"] == "rejected:YieldExceedsExpected"
    assert (ours[1]["expected_yield"], ours[1]["actual_yield"], ours[1]["batches"]) == (48, 60, 1)


def test_reversal_names_the_assembly_runs_that_used_the_bake(ledger: Ledger, fresh: Engine) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        run = record(uow, batches=1)
        catalog.create_finished_good(
            uow, name="Cookie Box", components=[{"kind": "finished_unit", "slug": COOKIE, "quantity": 12}]
        )
        box = assembly.record_assembly(uow, finished_good="cookie-box", quantity=2)
        uow.commit()
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(InsufficientFinishedStock) as info:
            production.reverse_production(uow, run_id=run.id, reason="oops")
        uow.rollback()
    assert info.value.used_by == [f"assembly run {box.id}"]
    assert f"assembly run {box.id}" in info.value.message
    assert dump(fresh) == before
    assert cookie_count(ledger) == 24


BAD_ARGUMENTS = [
    {"batches": 0},
    {"batches": -1},
    {"batches": "1.5"},
    {"batches": 10**6 + 1},
    {"batches": True},
    {"scale": 0},
    {"scale": "1e3"},
    {"scale": "NaN"},
    {"actual_yield": -1},
    {"loss_category": "eaten", "actual_yield": 40},
    {"loss_category": "burnt"},  # no loss to categorise
    {"event": 0},
    {"recipe": 7},
    {"notes": "ding\x07"},  # a control character
    {"idempotency_key": "k" * 201},
    {"produced_at": "yesterday"},
    {"scale": "0.01"},  # 48 × 0.01 = 0.48: not one whole cookie
]


@pytest.mark.parametrize(
    "bad", BAD_ARGUMENTS, ids=lambda bad: ",".join(f"{k}={v!r}"[:30] for k, v in bad.items())
)
def test_bad_arguments_are_refused_before_anything_is_written(
    ledger: Ledger, fresh: Engine, bad: dict[str, Any]
) -> None:
    setup_cookie_pantry(ledger)
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(ValidationError):
            record(uow, **bad)
        uow.rollback()
    assert dump(fresh) == before
