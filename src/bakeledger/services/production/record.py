"""Checking whether a bake is possible, and recording it: all of it or nothing."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from bakeledger.domain.errors import (
    InsufficientStock,
    ValidationError,
)
from bakeledger.domain.numbers import (
    MAX_MAGNITUDE,
    fmt_quantity,
    utcnow,
)
from bakeledger.domain.production import (
    ProductionRun,
    RunLotLine,
    SnapshotLine,
    check_actual_yield,
    check_loss_category,
    expected_yield,
    run_figures,
    snapshot_json,
)
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.services.estimates import ShortfallPricer
from bakeledger.services.outcome import Recorded, logged, replayed_run_id, value_only
from bakeledger.services.production.history import get_production_run, run_dto
from bakeledger.services.production.plan import ProductionPlan, plan_production
from bakeledger.services.production.request import ProductionRequest, parse_request
from bakeledger.uow.base import UnitOfWork


def check_can_produce(
    uow: UnitOfWork, *, recipe: str, batches: Any, scale: Any = 1
) -> dto.ProductionCheckDTO:
    """Could `batches` of the recipe be baked now? What is short, and what the available part costs."""
    count = arguments.parse_count(batches, "batches")
    factor = arguments.parse_quantity(scale, "scale")
    uow.ensure_active()
    plan = plan_production(uow, uow.recipes.get(recipe), count, factor, lock=False)
    if plan.satisfied:  # refused as record_production would refuse it
        plan.check_limits()
    short = [
        ("ingredient", i.needed.ingredient_id, i.allocation.shortfall, i.needed.unit) for i in plan.missing
    ]
    estimate = ShortfallPricer(uow).estimate(plan.total_cost, short)
    return build(
        dto.ProductionCheckDTO,
        can_produce=plan.satisfied,
        missing=[
            build(
                dto.ProductionMissingDTO,
                ingredient=item.needed.ingredient_slug,
                needed=item.needed.quantity,
                available=item.allocation.consumed,
                unit=item.needed.unit,
            )
            for item in plan.missing
        ],
        estimated_cost=estimate.whole,
        on_hand_cost=estimate.on_hand,
        shortfall_cost=estimate.shortfall,
        unpriced=list(estimate.unpriced),
    )


def record_production_outcome(
    uow: UnitOfWork,
    *,
    recipe: str,
    finished_unit: str,
    batches: Any,
    actual_yield: Any = None,
    event: Any = None,
    loss_category: str | None = None,
    loss_notes: str | None = None,
    notes: str | None = None,
    produced_at: Any = None,
    scale: Any = 1,
    idempotency_key: str | None = None,
) -> Recorded[dto.ProductionRunDTO]:
    """Bake: consume every aggregated ingredient by FIFO and add the finished lot, all or nothing.

    A repeated idempotency_key with the same arguments returns the first run and consumes nothing
    (`replayed` says so).
    """
    log: dict[str, Any] = {"op": "record_production", "recipe": recipe, "finished_unit": finished_unit}
    with logged("production recorded", log):
        request = parse_request(
            recipe=recipe,
            finished_unit=finished_unit,
            batches=batches,
            actual_yield=actual_yield,
            event=event,
            loss_category=loss_category,
            loss_notes=loss_notes,
            notes=notes,
            produced_at=produced_at,
            scale=scale,
            idempotency_key=idempotency_key,
        )
        run = _record(uow, request, log)
    return run


record_production = value_only(record_production_outcome, "record_production")


def _record(
    uow: UnitOfWork, request: ProductionRequest, log: dict[str, Any]
) -> Recorded[dto.ProductionRunDTO]:
    log.update(event_id=request.event_id, batches=request.batches)
    uow.ensure_active()
    fingerprint = request.fingerprint  # sha256 of the arguments: computed once
    earlier = replayed_run_id(uow.production_runs, request.idempotency_key, fingerprint)
    if earlier is not None:
        return _replayed(uow, earlier, log)
    recipe = uow.recipes.get(request.recipe)
    unit = uow.finished_units.get(request.finished_unit)
    if unit.recipe_id != recipe.id:
        raise ValidationError(
            field="finished_unit",
            value=unit.slug,
            message=(
                f"finished unit {unit.slug!r} belongs to recipe {unit.recipe_slug!r}, not {recipe.slug!r}"
            ),
        )
    if request.event_id is not None:
        uow.events.get(request.event_id)
    expected = expected_yield(unit.items_per_batch, request.scale, request.batches)
    if not 0 < expected <= MAX_MAGNITUDE:
        raise ValidationError(
            field="scale",
            value=fmt_quantity(request.scale),
            message=f"batches × scale must yield between 1 and 10^9 whole items (it yields {expected})",
        )
    log.update(expected_yield=expected, actual_yield=request.actual_yield)
    actual = check_actual_yield(request.actual_yield, expected)
    category = check_loss_category(request.loss_category, expected - actual)
    if request.loss_notes is not None and expected == actual:
        raise ValidationError(field="loss_notes", message="loss_notes need a loss (actual < expected)")
    log.update(actual_yield=actual)
    plan = plan_production(uow, recipe, request.batches, request.scale, lock=True)
    if not plan.satisfied:
        short = plan.missing[0]
        raise InsufficientStock(
            ingredient=short.needed.ingredient_slug,
            needed=short.needed.quantity,
            available=short.allocation.consumed,
            unit=short.needed.unit,
        )
    plan.check_limits()
    figures = run_figures(expected, actual, plan.total_cost)
    log.update(
        total_ingredient_cost=format(figures.total_ingredient_cost, "f"),
        per_unit_cost=format(figures.per_unit_cost, "f"),
        loss_cost=format(figures.loss_cost, "f"),
    )
    snapshot = [
        SnapshotLine(i.needed.ingredient_slug, i.needed.quantity, i.needed.unit, i.cost)
        for i in plan.ingredients
    ]
    new_run = ProductionRun(
        recipe_id=recipe.id,
        recipe_slug=recipe.slug,
        finished_unit_id=unit.id,
        finished_unit_slug=unit.slug,
        event_id=request.event_id,
        batches=request.batches,
        scale=request.scale,
        expected_yield=expected,
        actual_yield=actual,
        loss_quantity=figures.loss_quantity,
        status=figures.status,
        loss_category=category,
        loss_notes=request.loss_notes,
        notes=request.notes,
        total_ingredient_cost=figures.total_ingredient_cost,
        per_unit_cost=figures.per_unit_cost,
        loss_cost=figures.loss_cost,
        recipe_snapshot=snapshot_json(recipe.slug, request.batches, request.scale, snapshot),
        produced_at=request.produced_at or utcnow(),
        idempotency_key=request.idempotency_key,
        request_fingerprint=fingerprint,
    )
    run = uow.production_runs.add(new_run)
    if run is None:  # a concurrent unit of work committed this idempotency key after our check
        earlier = replayed_run_id(uow.production_runs, request.idempotency_key, fingerprint)
        assert earlier is not None, "the key that refused the run is there now"
        return _replayed(uow, earlier, log)
    log.update(production_run_id=run.id)
    uow.lots.consume(plan.lines, production_run_id=run.id)
    uow.finished_lots.add(
        kind="finished_unit",
        item_id=unit.id,
        quantity=actual,
        unit_cost=run.per_unit_cost,
        source="production",
        production_run_id=run.id,
    )
    # the DTO from what was just written (as stored), not read back: two statements fewer
    return Recorded(run_dto(run, _lot_lines(run.id, plan), include_losses=True))


def _replayed(uow: UnitOfWork, run_id: int, log: dict[str, Any]) -> Recorded[dto.ProductionRunDTO]:
    """The run an idempotency key already made, returned again; nothing is consumed."""
    log.update(production_run_id=run_id, replayed=True)
    return Recorded(get_production_run(uow, run_id=run_id), replayed=True)


def _lot_lines(run_id: int, plan: ProductionPlan) -> dict[str, list[RunLotLine]]:
    """The run's lot lines per ingredient, as `lots.consume` stored them."""
    taken: defaultdict[str, list[RunLotLine]] = defaultdict(list)
    for item in plan.ingredients:
        taken[item.needed.ingredient_slug].extend(
            RunLotLine(
                run_id,
                item.needed.ingredient_slug,
                line.lot_id,
                line.shown_quantity,
                line.unit,
                line.unit_cost,
                line.cost,
            )
            for line in item.allocation.lines
        )
    return taken
