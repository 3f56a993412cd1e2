"""An event's demand: assignments (recipient × package × quantity) through packages and bundles,
at any depth, to finished units and packaging, plus the assembly targets no assignment reaches."""

from __future__ import annotations

from collections.abc import Callable, Set
from typing import Any

import attrs

from bakeledger.domain import planning
from bakeledger.domain.assembly import PackagingComponent
from bakeledger.domain.catalog import FinishedGood, FinishedUnit
from bakeledger.domain.events import Assignment, EventScope
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.uow.base import UnitOfWork


@attrs.frozen
class EventDemand:
    """The exact demand of one event with what it names, read in a fixed number of statements."""

    event_id: int
    assigned: dict[int, int]  # bundles the assignments give out directly, per finished good id
    demand: planning.Demand
    goods: dict[int, FinishedGood]
    units: dict[int, FinishedUnit]
    produced: dict[int, planning.Produced]  # made for the event per finished unit id
    packaging: dict[int, PackagingComponent]  # per product id

    @property
    def reached(self) -> set[int]:
        """The finished goods the assignments reach, at any depth."""
        return planning.reached_goods(self.assigned, self.goods)

    def produced_items(self, unit_id: int) -> int:
        made = self.produced.get(unit_id)
        return 0 if made is None else made.items

    def produced_batches(self, unit_id: int) -> int:
        made = self.produced.get(unit_id)
        return 0 if made is None else made.batches


Change = Callable[[list[Assignment]], list[Assignment]]


def read_demand(
    uow: UnitOfWork, event_id: int, change: Change | None = None, reached_before: Set[int] = frozenset()
) -> EventDemand:
    """Read the event (EventNotFound), its assignments and targets, and combine their demand.

    `change` gives the demand as a change to the assignments would make it, before anything is
    written; then the targets of goods the assignments reached before (`reached_before`) and no
    longer do are left out, as the change will drop them (they were the plan's own)."""
    uow.ensure_active()
    uow.events.get(event_id)
    assignments = uow.events.list_assignments(event_id)
    if change is not None:
        assignments = change(assignments)
    packages = uow.packages.get_many({a.package_slug for a in assignments})
    assigned: dict[int, int] = {}
    for assignment in assignments:
        for content in packages[assignment.package_slug].contents:
            count = content.quantity * assignment.quantity
            assigned[content.finished_good_id] = assigned.get(content.finished_good_id, 0) + count
    targets = {t.finished_good_id: t.quantity for t in uow.events.assembly_targets(EventScope.one(event_id))}
    goods = uow.finished_goods.get_nested(set(assigned) | set(targets))
    dropped = set(reached_before) - planning.reached_goods(assigned, goods)
    targets = {good_id: count for good_id, count in targets.items() if good_id not in dropped}
    demand = planning.derive_demand(assigned, targets, goods)
    units = uow.finished_units.get_many(set(demand.units))
    wrapping = uow.assembly_runs.packaging_of(set(demand.bundles))
    packaging = {p.product_id: p for parts in wrapping.values() for p in parts}
    produced = uow.events.produced_items(event_id) if demand.units else {}
    return EventDemand(event_id, assigned, demand, goods, units, produced, packaging)


def derive_demand(uow: UnitOfWork, *, event: Any) -> dto.EventDemandDTO:
    """What the event needs: bundles, finished-unit items (combined before any rounding, with what is
    produced for the event so far) and packaging. Writes nothing."""
    found = read_demand(uow, arguments.parse_id(event, "event"))
    demand, goods, units = found.demand, found.goods, found.units
    return build(
        dto.EventDemandDTO,
        event_id=found.event_id,
        bundles=sorted(
            (
                build(dto.BundleDemandDTO, finished_good=goods[i].slug, needed=n)
                for i, n in demand.bundles.items()
            ),
            key=lambda b: b.finished_good,
        ),
        units=sorted(
            (
                build(
                    dto.UnitDemandDTO,
                    finished_unit=units[i].slug,
                    recipe=units[i].recipe_slug,
                    needed=n,
                    items_per_batch=units[i].items_per_batch,
                    produced=found.produced_items(i),
                )
                for i, n in demand.units.items()
            ),
            key=lambda u: u.finished_unit,
        ),
        packaging=sorted(
            (
                build(
                    dto.PackagingDemandDTO,
                    product=found.packaging[i].product_slug,
                    ingredient=found.packaging[i].ingredient_slug,
                    quantity=q,
                    unit=found.packaging[i].package_unit,
                )
                for i, q in demand.packaging.items()
            ),
            key=lambda p: p.product,
        ),
    )
