"""A plan's states: draft → locked → in_production → complete, one step at a time.

Locking needs a fresh decision for every finished unit the event needs and keeps a snapshot of the
plan (demand, decisions, targets and the whole-plan dry run's cost and shortfall); completing needs
every target met, or a reason.
"""

from __future__ import annotations

from typing import Any

import attrs
from loguru import logger

from bakeledger.domain import planning
from bakeledger.domain.errors import PlanNotReady
from bakeledger.domain.events import EventScope
from bakeledger.domain.numbers import utcnow
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.services.events.planning import plan_event
from bakeledger.services.outcome import logs_rejection
from bakeledger.services.planning.decisions import sync_bundles, sync_targets
from bakeledger.services.planning.view import plan_dto, read_live, to_json
from bakeledger.uow.base import UnitOfWork


@logs_rejection("plan locked", op="lock_plan")
def lock_plan(uow: UnitOfWork, *, event: Any) -> dto.PlanDTO:
    """Lock a draft plan and keep its snapshot. Refused (PlanNotReady) while a needed finished unit
    has no decision or a stale one; decisions for finished units no longer needed are dropped."""
    event_id = arguments.parse_id(event, "event")
    uow.ensure_active()
    uow.events.get(event_id)
    plan = uow.plans.get(event_id, for_update=True)
    planning.check_plan_step(plan.state, planning.LOCKED)
    live = read_live(uow, event_id)
    if not live.ready:
        raise PlanNotReady(missing=live.undecided, stale=live.stale)
    orphaned = live.orphaned
    uow.plans.drop_decisions(event_id, [d.finished_unit_id for d in orphaned])
    # the targets follow the decisions even if one was typed in by hand since
    sync_targets(uow, event_id, {d.recipe_id for d in live.decisions.values()})
    sync_bundles(uow, live.found)
    live = read_live(uow, event_id)
    estimate = plan_event(uow, event=event_id)
    now = utcnow()
    snapshot = build(
        dto.PlanSnapshotDTO,
        locked_at=now,
        bundles=live.bundles,
        units=live.units,
        targets=live.targets,
        assembly_targets=live.assembly_targets,
        estimate=build(
            dto.PlanEstimateDTO,
            feasible=estimate.feasible,
            total_cost=estimate.total_cost,
            on_hand_cost=estimate.on_hand_cost,
            shortfall_cost=estimate.shortfall_cost,
            unpriced=estimate.unpriced,
        ),
    )
    plan = attrs.evolve(plan, state=planning.LOCKED, snapshot=to_json(snapshot), locked_at=now)
    uow.plans.save(plan)
    logger.info(
        "plan locked",
        op="lock_plan",
        event_id=event_id,
        dropped=[d.finished_unit_slug for d in orphaned],
        outcome="success",
    )
    return plan_dto(uow, plan, live)


@logs_rejection("production started", op="start_production")
def start_production(uow: UnitOfWork, *, event: Any) -> dto.PlanDTO:
    """Move a locked plan into production."""
    event_id = arguments.parse_id(event, "event")
    uow.ensure_active()
    uow.events.get(event_id)
    plan = uow.plans.get(event_id, for_update=True)
    planning.check_plan_step(plan.state, planning.IN_PRODUCTION)
    plan = attrs.evolve(plan, state=planning.IN_PRODUCTION, started_at=utcnow())
    uow.plans.save(plan)
    logger.info("production started", op="start_production", event_id=event_id, outcome="success")
    return plan_dto(uow, plan, read_live(uow, event_id))


@logs_rejection("plan completed", op="complete_plan")
def complete_plan(uow: UnitOfWork, *, event: Any, reason: Any = None) -> dto.PlanDTO:
    """Complete a plan in production: every production and assembly target met, or a reason given
    for completing it anyway (kept with the plan)."""
    event_id = arguments.parse_id(event, "event")
    why = arguments.notes(reason, "reason")
    uow.ensure_active()
    uow.events.get(event_id)
    plan = uow.plans.get(event_id, for_update=True)
    planning.check_plan_step(plan.state, planning.COMPLETE)
    scope = EventScope.one(event_id)
    tallies = [*uow.events.production_tallies(scope), *uow.events.assembly_tallies(scope)]
    unmet = [f"{t.slug} ({t.done} of {t.target})" for t in tallies if t.done < t.target]
    if unmet and why is None:
        raise PlanNotReady(unmet=unmet)
    plan = attrs.evolve(plan, state=planning.COMPLETE, completed_at=utcnow(), completion_reason=why)
    uow.plans.save(plan)
    logger.info("plan completed", op="complete_plan", event_id=event_id, unmet=len(unmet), outcome="success")
    return plan_dto(uow, plan, read_live(uow, event_id))
