"""Reading an event's plan: the live demand with each decision, the targets, the snapshot taken when
the plan was locked, how the live plan compares with it, and the amendments."""

from __future__ import annotations

import json
from typing import Any

import attrs

from bakeledger.domain import planning
from bakeledger.domain.events import EventScope
from bakeledger.domain.planning import Decision, PlanRecord, Produced
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build, converter
from bakeledger.services.planning.demand import EventDemand, read_demand
from bakeledger.uow.base import UnitOfWork


@attrs.frozen
class LivePlan:
    """The plan as it stands now, in the shapes the snapshot keeps."""

    found: EventDemand
    decisions: dict[int, Decision]  # per finished unit id
    bundles: list[dto.BundleDemandDTO]
    units: list[dto.PlanUnitDTO]
    targets: list[dto.PlanBatchesDTO]
    assembly_targets: list[dto.PlanBundlesDTO]

    @property
    def ready(self) -> bool:
        return not self.undecided and not self.stale

    @property
    def undecided(self) -> list[str]:
        return [u.finished_unit for u in self.units if u.needed > 0 and u.batches is None]

    @property
    def stale(self) -> list[str]:
        """Needed finished units whose decision was made for another need or batch size."""
        return [u.finished_unit for u in self.units if u.stale and u.needed > 0]

    @property
    def orphaned(self) -> list[Decision]:
        """Decisions for finished units no bundle of the event needs any more."""
        return [d for unit_id, d in self.decisions.items() if unit_id not in self.found.demand.units]


def read_live(uow: UnitOfWork, event_id: int) -> LivePlan:
    found = read_demand(uow, event_id)
    decisions = {d.finished_unit_id: d for d in uow.plans.decisions(event_id)}
    units = [
        _unit(found, unit_id, needed, decisions.get(unit_id))
        for unit_id, needed in found.demand.units.items()
    ]
    units += [_orphan(found, d) for unit_id, d in decisions.items() if unit_id not in found.demand.units]
    bundles = [
        build(dto.BundleDemandDTO, finished_good=found.goods[i].slug, needed=n)
        for i, n in found.demand.bundles.items()
    ]
    scope = EventScope.one(event_id)
    targets = [
        build(dto.PlanBatchesDTO, recipe=t.recipe_slug, batches=t.batches)
        for t in uow.events.production_targets(scope)
    ]
    assembly = [
        build(dto.PlanBundlesDTO, finished_good=t.finished_good_slug, quantity=t.quantity)
        for t in uow.events.assembly_targets(scope)
    ]
    return LivePlan(
        found,
        decisions,
        sorted(bundles, key=lambda b: b.finished_good),
        sorted(units, key=lambda u: u.finished_unit),
        sorted(targets, key=lambda t: t.recipe),
        sorted(assembly, key=lambda t: t.finished_good),
    )


def _unit(found: EventDemand, unit_id: int, needed: int, decision: Decision | None) -> dto.PlanUnitDTO:
    unit, made = found.units[unit_id], found.produced.get(unit_id, Produced())
    yields = (
        None if decision is None else planning.decided_yield(decision.batches, unit.items_per_batch, made)
    )
    return build(
        dto.PlanUnitDTO,
        finished_unit=unit.slug,
        recipe=unit.recipe_slug,
        needed=needed,
        items_per_batch=unit.items_per_batch,
        produced=made.items,
        produced_batches=made.batches,
        batches=None if decision is None else decision.batches,
        accept_shortfall=decision is not None and decision.accept_shortfall,
        yields=yields,
        shortfall=0 if yields is None else max(0, needed - yields),
        extra=0 if yields is None else max(0, yields - needed),
        stale=decision is not None and planning.is_stale(decision, needed, unit.items_per_batch),
        decided_need=None if decision is None else decision.need,
    )


def _orphan(found: EventDemand, decision: Decision) -> dto.PlanUnitDTO:
    """A decision left for a finished unit that no bundle of the event needs any more."""
    made = found.produced.get(decision.finished_unit_id, Produced())
    yields = planning.decided_yield(decision.batches, decision.items_per_batch, made)
    return build(
        dto.PlanUnitDTO,
        finished_unit=decision.finished_unit_slug,
        recipe=decision.recipe_slug,
        needed=0,
        items_per_batch=decision.items_per_batch,
        produced=made.items,
        produced_batches=made.batches,
        batches=decision.batches,
        accept_shortfall=decision.accept_shortfall,
        yields=yields,
        shortfall=0,
        extra=yields,
        stale=decision.need != 0,
        decided_need=decision.need,
    )


def get_plan(uow: UnitOfWork, *, event: Any) -> dto.PlanDTO:
    """The event's plan: state, live demand and decisions (stale ones marked with the new need),
    targets, snapshot, the snapshot compared with the live plan, and every amendment. Writes nothing."""
    event_id = arguments.parse_id(event, "event")
    uow.ensure_active()
    uow.events.get(event_id)
    return plan_dto(uow, uow.plans.get(event_id), read_live(uow, event_id))


def plan_dto(uow: UnitOfWork, plan: PlanRecord, live: LivePlan) -> dto.PlanDTO:
    snapshot = (
        None if plan.snapshot is None else converter.structure(json.loads(plan.snapshot), dto.PlanSnapshotDTO)
    )
    return build(
        dto.PlanDTO,
        event_id=plan.event_id,
        state=plan.state,
        ready=live.ready,
        locked_at=plan.locked_at,
        started_at=plan.started_at,
        completed_at=plan.completed_at,
        completion_reason=plan.completion_reason,
        bundles=live.bundles,
        units=live.units,
        targets=live.targets,
        assembly_targets=live.assembly_targets,
        snapshot=snapshot,
        comparison=[] if snapshot is None else comparison(snapshot, live),
        amendments=[
            build(
                dto.PlanAmendmentDTO,
                id=a.id,
                kind=a.kind,
                reason=a.reason,
                plan_state=a.plan_state,
                before=converter.structure(json.loads(a.before), dto.PlanValuesDTO),
                after=converter.structure(json.loads(a.after), dto.PlanValuesDTO),
                created_at=a.created_at,
            )
            for a in uow.plans.amendments(plan.event_id)
        ],
    )


def comparison(snapshot: dto.PlanSnapshotDTO, live: LivePlan) -> list[dto.PlanComparisonDTO]:
    """Every figure of the snapshot against the live plan, section by section."""
    sections: list[tuple[str, dict[str, int], dict[str, int]]] = [
        (
            "bundle",
            {b.finished_good: b.needed for b in snapshot.bundles},
            {b.finished_good: b.needed for b in live.bundles},
        ),
        (
            "need",
            {u.finished_unit: u.needed for u in snapshot.units if u.needed},
            {u.finished_unit: u.needed for u in live.units if u.needed},
        ),
        (
            "decision",
            {u.finished_unit: u.batches for u in snapshot.units if u.batches is not None},
            {u.finished_unit: u.batches for u in live.units if u.batches is not None},
        ),
        (
            "target",
            {t.recipe: t.batches for t in snapshot.targets},
            {t.recipe: t.batches for t in live.targets},
        ),
        (
            "assembly_target",
            {t.finished_good: t.quantity for t in snapshot.assembly_targets},
            {t.finished_good: t.quantity for t in live.assembly_targets},
        ),
    ]
    return [
        build(
            dto.PlanComparisonDTO,
            section=section,
            key=key,
            before=before.get(key),
            after=after.get(key),
            change=word,
        )
        for section, before, after in sections
        for key, word in planning.compare(before, after).items()
    ]


def to_json(value: Any) -> str:
    """A DTO as canonical JSON (sorted keys, no spaces): how snapshots and amendments are kept."""
    return json.dumps(converter.unstructure(value), sort_keys=True, separators=(",", ":"))
