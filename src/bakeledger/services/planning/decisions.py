"""Batch decisions: the batches chosen per finished unit are the event's production targets.

A recipe's target is the sum of the decided batches of its finished units, written to the same rows
that progress, the whole-plan dry run and the shopping list read: there is one set of targets. The
bundles the assignments reach get assembly targets of what the plan needs of them the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs
from loguru import logger

from bakeledger.domain import planning
from bakeledger.domain.errors import ValidationError
from bakeledger.domain.events import EventScope
from bakeledger.domain.numbers import utcnow
from bakeledger.domain.planning import Decision, Produced
from bakeledger.services import arguments, dto
from bakeledger.services.outcome import logs_rejection
from bakeledger.services.planning.demand import EventDemand
from bakeledger.services.planning.view import get_plan, read_live
from bakeledger.uow.base import UnitOfWork

_DECISION_KEYS = ("finished_unit", "batches", "accept_shortfall")


@attrs.frozen
class Choice:
    """One decision as the caller gave it, checked for form."""

    finished_unit: str
    batches: int
    accept_shortfall: bool


def parse_choices(value: Any, field: str = "decisions") -> list[Choice]:
    """A list of {finished_unit, batches, accept_shortfall=false}, each finished unit at most once."""
    choices: list[Choice] = []
    for index, row in enumerate(arguments.rows(value, field)):
        where = f"{field}[{index}]"
        unknown = sorted(set(row) - set(_DECISION_KEYS))
        if unknown:
            raise ValidationError(
                field=f"{where}.{unknown[0]}", value=unknown[0], message=f"unknown key {unknown[0]!r}"
            )
        choice = Choice(
            arguments.slug(row.get("finished_unit"), f"{where}.finished_unit"),
            arguments.parse_count(row.get("batches"), f"{where}.batches", allow_zero=True),
            arguments.flag(row.get("accept_shortfall", False), f"{where}.accept_shortfall"),
        )
        if any(c.finished_unit == choice.finished_unit for c in choices):
            raise ValidationError(
                field=f"{where}.finished_unit",
                value=choice.finished_unit,
                message=f"finished unit {choice.finished_unit!r} is decided twice",
            )
        choices.append(choice)
    return choices


def checked(found: EventDemand, choices: Iterable[Choice], now: dt.datetime) -> list[Decision]:
    """The choices as decisions for the event's live demand: each finished unit must be needed by a
    bundle of the event, never below the batches already baked for it, and short only if accepted."""
    needed_units = {found.units[unit_id].slug: unit_id for unit_id in found.demand.units}
    decisions = []
    for choice in choices:
        unit_id = needed_units.get(choice.finished_unit)
        if unit_id is None:
            raise ValidationError(
                field="finished_unit",
                value=choice.finished_unit,
                message=f"no bundle of event {found.event_id} needs finished unit {choice.finished_unit!r}",
            )
        unit, need = found.units[unit_id], found.demand.units[unit_id]
        made = found.produced.get(unit_id, Produced())
        planning.check_decision(
            unit.slug, choice.batches, unit.items_per_batch, need, made, choice.accept_shortfall
        )
        decisions.append(
            Decision(
                unit_id,
                unit.slug,
                unit.recipe_id,
                unit.recipe_slug,
                choice.batches,
                choice.accept_shortfall,
                need,
                unit.items_per_batch,
                now,
            )
        )
    return decisions


def sync_targets(uow: UnitOfWork, event_id: int, recipe_ids: Iterable[int]) -> None:
    """Set each recipe's production target to the sum of its finished units' decided batches
    (no target when that is 0); a target's notes are kept."""
    sums = dict.fromkeys(recipe_ids, 0)
    if not sums:
        return
    for decision in uow.plans.decisions(event_id):
        if decision.recipe_id in sums:
            sums[decision.recipe_id] += decision.batches
    current = {t.recipe_id: t for t in uow.events.production_targets(EventScope.one(event_id))}
    for recipe_id, batches in sums.items():
        target = current.get(recipe_id)
        if batches == 0:
            if target is not None:
                uow.events.delete_production_target(event_id, recipe_id)
        elif target is None or target.batches != batches:
            notes = None if target is None else target.notes
            uow.events.set_production_target(event_id, recipe_id, batches, notes)


def sync_bundles(uow: UnitOfWork, found: EventDemand) -> None:
    """Give each finished good the assignments reach an assembly target of what the plan needs of it.
    Targets of goods they do not reach are the baker's own and stay. New targets are added innermost
    first, so a dry run assembles the goods inside a bundle before the bundle."""
    reached = found.reached
    current = {t.finished_good_id: t for t in uow.events.assembly_targets(EventScope.one(found.event_id))}
    for good_id in reversed(list(found.demand.bundles)):  # the demand lists outer goods first
        target, needed = current.get(good_id), found.demand.bundles[good_id]
        if good_id in reached and (target is None or target.quantity != needed):
            notes = None if target is None else target.notes
            uow.events.set_assembly_target(found.event_id, good_id, needed, notes)


def drop_unreached(uow: UnitOfWork, event_id: int, before: set[int], after: set[int]) -> None:
    """Drop the assembly targets of goods the assignments reached before a change and no longer do
    (they were the plan's, and would otherwise count as targets of their own)."""
    for good_id in before - after:
        uow.events.delete_assembly_target(event_id, good_id)


@logs_rejection("batches decided", op="decide_batches")
def decide_batches(uow: UnitOfWork, *, event: Any, decisions: Any) -> dto.PlanDTO:
    """Choose the batches for finished units of a draft plan, all or nothing. A count yielding less
    than the need is refused unless `accept_shortfall` is true (recorded with the decision); each
    recipe's production target becomes the sum of its finished units' batches."""
    event_id = arguments.parse_id(event, "event")
    choices = parse_choices(decisions)
    if not choices:
        raise ValidationError(field="decisions", value="[]", message="decide at least one finished unit")
    uow.ensure_active()
    uow.events.get(event_id)
    planning.check_editable(event_id, uow.plans.get(event_id, for_update=True).state)
    live = read_live(uow, event_id)
    made = checked(live.found, choices, utcnow())
    uow.plans.put_decisions(event_id, made)
    sync_targets(uow, event_id, {d.recipe_id for d in made})
    sync_bundles(uow, live.found)
    logger.info(
        "batches decided",
        op="decide_batches",
        event_id=event_id,
        decisions={d.finished_unit_slug: d.batches for d in made},
        outcome="success",
    )
    return get_plan(uow, event=event_id)
