"""Amendments: how a locked plan changes. Each is applied in the caller's transaction, kept for ever
with its reason and the values before and after it, and the demand, decisions and targets follow it.

A change that creates a need (a new bundle, more of one) carries the decisions for it, so no needed
finished unit is ever left without one; a need that outgrows its decision is refused unless the
amendment decides it again (or accepts the shortfall).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
from loguru import logger

from bakeledger.domain import planning
from bakeledger.domain.errors import AssignmentNotFound, InvalidTransition, PlanNotReady, ValidationError
from bakeledger.domain.events import Assignment, EventScope
from bakeledger.domain.numbers import utcnow
from bakeledger.domain.planning import Decision, Produced
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.services.outcome import logs_rejection
from bakeledger.services.planning.decisions import (
    Choice,
    checked,
    drop_unreached,
    parse_choices,
    sync_bundles,
    sync_targets,
)
from bakeledger.services.planning.demand import EventDemand, read_demand
from bakeledger.services.planning.view import get_plan, to_json
from bakeledger.uow.base import UnitOfWork

# each kind of change and the keys it takes (besides "kind")
_KEYS: dict[str, tuple[str, ...]] = {
    "set_batches": ("finished_unit", "batches", "accept_shortfall"),
    "add_assignment": ("recipient", "package", "quantity", "decisions"),
    "remove_assignment": ("assignment_id",),
    "set_assignment_quantity": ("assignment_id", "quantity", "decisions"),
}


@attrs.frozen
class Change:
    kind: str
    choices: list[Choice]
    recipient: str | None = None
    package: str | None = None
    quantity: int | None = None
    assignment_id: int | None = None


def parse_change(value: Any) -> Change:
    """One change, checked for form before anything is read."""
    if not isinstance(value, dict):
        raise ValidationError(field="change", value=repr(value)[:40], message="change must be an object")
    kind = value.get("kind")
    if kind not in _KEYS:
        raise ValidationError(
            field="change.kind",
            value=repr(kind)[:40],
            message="change.kind must be one of " + ", ".join(planning.AMENDMENT_KINDS),
        )
    unknown = sorted(set(value) - {"kind", *_KEYS[kind]})
    if unknown:
        raise ValidationError(
            field=f"change.{unknown[0]}", value=unknown[0], message=f"a {kind} change takes no {unknown[0]!r}"
        )
    if kind == "set_batches":
        row = {k: value[k] for k in _KEYS[kind] if k in value}
        return Change(kind, parse_choices([row], "change"))
    choices = parse_choices(value.get("decisions"), "change.decisions")
    if kind == "add_assignment":
        return Change(
            kind,
            choices,
            recipient=arguments.slug(value.get("recipient"), "change.recipient"),
            package=arguments.slug(value.get("package"), "change.package"),
            quantity=arguments.parse_count(value.get("quantity", 1), "change.quantity"),
        )
    assignment_id = arguments.parse_id(value.get("assignment_id"), "change.assignment_id")
    if kind == "remove_assignment":
        return Change(kind, choices, assignment_id=assignment_id)
    quantity = arguments.parse_count(value.get("quantity"), "change.quantity")
    return Change(kind, choices, quantity=quantity, assignment_id=assignment_id)


@logs_rejection("plan amended", op="amend_plan")
def amend_plan(uow: UnitOfWork, *, event: Any, change: Any, reason: Any) -> dto.PlanDTO:
    """Apply one change to the event's plan, with a reason (required), and keep it as an amendment."""
    event_id = arguments.parse_id(event, "event")
    why = arguments.notes(reason, "reason")
    if why is None:
        raise ValidationError(field="reason", value="", message="an amendment needs a reason")
    wanted = parse_change(change)
    uow.ensure_active()
    uow.events.get(event_id)
    plan = uow.plans.get(event_id, for_update=True)
    if plan.state == planning.COMPLETE:
        raise InvalidTransition(current=plan.state, requested="amended", allowed=[])
    before = read_demand(uow, event_id)
    decided = {d.finished_unit_id: d for d in uow.plans.decisions(event_id)}
    targets_before = _targets(uow, event_id)
    edit = _edit(uow, event_id, wanted)
    # every check runs on the demand as the change will make it, before anything is written
    after = before if edit.change is None else read_demand(uow, event_id, edit.change, before.reached)
    now = utcnow()
    given = checked(after, wanted.choices, now)
    followed, dropped = _follow(after, before, decided, {d.finished_unit_id for d in given}, now)
    touched_after = edit.write()
    drop_unreached(uow, event_id, before.reached, after.reached)
    uow.plans.put_decisions(event_id, [*given, *followed])
    uow.plans.drop_decisions(event_id, [d.finished_unit_id for d in dropped])
    changed = [*given, *followed, *dropped]
    sync_targets(uow, event_id, {d.recipe_id for d in changed})
    sync_bundles(uow, after)
    targets_after = _targets(uow, event_id)
    units = {d.finished_unit_id for d in changed}
    now_decided = {d.finished_unit_id: d for d in uow.plans.decisions(event_id)}
    # the targets the amendment moved, and those of every recipe whose decisions it touched
    keys = {
        key for key in targets_before | targets_after if targets_before.get(key) != targets_after.get(key)
    }
    keys |= {("recipe", d.recipe_slug) for d in changed}
    amendment_id = uow.plans.add_amendment(
        event_id=event_id,
        kind=wanted.kind,
        reason=why,
        plan_state=plan.state,
        before=to_json(
            _values(edit.before, [decided[u] for u in units if u in decided], targets_before, keys)
        ),
        after=to_json(
            _values(touched_after, [now_decided[u] for u in units if u in now_decided], targets_after, keys)
        ),
        at=now,
    )
    logger.info(
        "plan amended",
        op="amend_plan",
        event_id=event_id,
        amendment_id=amendment_id,
        kind=wanted.kind,
        outcome="success",
    )
    return get_plan(uow, event=event_id)


@attrs.frozen
class Edit:
    """A change to the event's assignments, read but not yet made: the assignments it touches as
    they are, how it changes the list (None: it does not), and `write`, which makes it and returns
    the touched assignments as they are after."""

    before: list[Assignment]
    change: Callable[[list[Assignment]], list[Assignment]] | None
    write: Callable[[], list[Assignment]]


def _edit(uow: UnitOfWork, event_id: int, wanted: Change) -> Edit:
    if wanted.kind == "set_batches":
        return Edit([], None, list)
    if wanted.kind == "add_assignment":
        assert wanted.recipient is not None and wanted.package is not None and wanted.quantity is not None
        recipient, package, quantity = (
            uow.recipients.get(wanted.recipient),
            uow.packages.get(wanted.package),
            wanted.quantity,
        )
        new = Assignment(
            0, "", event_id, recipient.id, recipient.slug, package.id, package.slug, quantity, "pending"
        )

        def add() -> list[Assignment]:
            (new_id,) = uow.events.add_assignments(event_id, [(recipient.id, package.id, quantity, None)])
            return [uow.events.get_assignment(new_id)]

        return Edit([], lambda assignments: [*assignments, new], add)
    assert wanted.assignment_id is not None
    current = uow.events.get_assignment(wanted.assignment_id, for_update=True)
    if current.event_id != event_id:
        raise AssignmentNotFound(key=wanted.assignment_id)
    if wanted.kind == "remove_assignment":

        def remove() -> list[Assignment]:
            uow.events.delete_assignment(current.id)
            return []

        return Edit([current], lambda assignments: [a for a in assignments if a.id != current.id], remove)
    assert wanted.quantity is not None
    resized = attrs.evolve(current, quantity=wanted.quantity)

    def resize() -> list[Assignment]:
        uow.events.set_assignment_quantity(current.id, resized.quantity)
        return [resized]

    return Edit(
        [current], lambda assignments: [resized if a.id == current.id else a for a in assignments], resize
    )


def _follow(
    after: EventDemand,
    before: EventDemand,
    decided: dict[int, Decision],
    given: set[int],
    now: Any,
) -> tuple[list[Decision], list[Decision]]:
    """The decisions that follow a change of need which the amendment did not decide itself: kept
    (with the new need) when they still cover it, dropped — or kept at the batches already baked —
    when nothing needs the finished unit any more. A new need without a decision is refused."""
    followed: list[Decision] = []
    dropped: list[Decision] = []
    missing: list[str] = []
    for unit_id in sorted(set(before.demand.units) | set(after.demand.units)):
        need = after.demand.units.get(unit_id, 0)
        if unit_id in given or need == before.demand.units.get(unit_id, 0):
            continue
        decision = decided.get(unit_id)
        made = after.produced.get(unit_id, Produced())
        if decision is None:
            if need:
                missing.append(after.units[unit_id].slug)
        elif need == 0:
            if made.batches:
                followed.append(attrs.evolve(decision, batches=made.batches, need=0, decided_at=now))
            else:
                dropped.append(decision)
        else:
            unit = after.units[unit_id]
            planning.check_decision(
                unit.slug, decision.batches, unit.items_per_batch, need, made, decision.accept_shortfall
            )
            followed.append(
                attrs.evolve(decision, need=need, items_per_batch=unit.items_per_batch, decided_at=now)
            )
    if missing:
        raise PlanNotReady(missing=missing)
    return followed, dropped


def _targets(uow: UnitOfWork, event_id: int) -> dict[tuple[str, str], int]:
    """The event's production targets under ("recipe", slug), its assembly targets under ("good", slug)."""
    scope = EventScope.one(event_id)
    targets = {("recipe", t.recipe_slug): t.batches for t in uow.events.production_targets(scope)}
    targets.update({("good", t.finished_good_slug): t.quantity for t in uow.events.assembly_targets(scope)})
    return targets


def _values(
    assignments: Sequence[Assignment],
    decisions: Sequence[Decision],
    targets: dict[tuple[str, str], int],
    keys: set[tuple[str, str]],
) -> dto.PlanValuesDTO:
    return build(
        dto.PlanValuesDTO,
        assignments=[
            build(
                dto.PlanAssignmentValueDTO,
                id=a.id,
                uuid=a.uuid,
                recipient=a.recipient_slug,
                package=a.package_slug,
                quantity=a.quantity,
            )
            for a in assignments
        ],
        decisions=sorted(
            (
                build(
                    dto.PlanDecisionValueDTO,
                    finished_unit=d.finished_unit_slug,
                    batches=d.batches,
                    accept_shortfall=d.accept_shortfall,
                )
                for d in decisions
            ),
            key=lambda d: d.finished_unit,
        ),
        targets=[
            build(dto.PlanBatchesDTO, recipe=slug, batches=targets[(kind, slug)])
            for kind, slug in sorted(keys)
            if kind == "recipe" and (kind, slug) in targets
        ],
        assembly_targets=[
            build(dto.PlanBundlesDTO, finished_good=slug, quantity=targets[(kind, slug)])
            for kind, slug in sorted(keys)
            if kind == "good" and (kind, slug) in targets
        ],
    )
