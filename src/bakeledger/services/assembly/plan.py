"""Planning an assembly: what each component would take from which lots, and what it would cost.

`plan_assembly` is the one path shared by check_can_assemble, record_assembly and the event
planner's cumulative dry run, so a simulated cost is exactly the cost a commit records.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from bakeledger.domain.assembly import ComponentNeed, component_needs, max_assemblable
from bakeledger.domain.catalog import FinishedGood
from bakeledger.domain.fifo import Allocation, AllocationLine
from bakeledger.domain.numbers import check_derived
from bakeledger.domain.production import ledger_cost, per_unit_cost
from bakeledger.domain.units import convert
from bakeledger.services.stock import Overlay, allocate_finished, allocate_ingredient
from bakeledger.uow.base import UnitOfWork


@attrs.frozen
class PlannedComponent:
    """One component: how much the bundles need (in `need.unit`) and its FIFO allocation."""

    need: ComponentNeed
    needed: Decimal
    allocation: Allocation

    @property
    def short(self) -> bool:
        return not self.allocation.satisfied

    @property
    def cost(self) -> Decimal:
        """Σ of each ledger line's cost as stored (4 places) — what the run records."""
        return ledger_cost(self.allocation.lines)


@attrs.frozen
class AssemblyPlan:
    """Finished items first, then packaging (none when bypassed), each allocated by FIFO."""

    good: FinishedGood
    quantity: int
    components: tuple[PlannedComponent, ...]

    @property
    def satisfied(self) -> bool:
        return not self.missing

    @property
    def missing(self) -> list[PlannedComponent]:
        """Short components, finished items before packaging."""
        return [c for c in self.components if c.short]

    @property
    def total_cost(self) -> Decimal:
        return sum((c.cost for c in self.components), Decimal(0))

    @property
    def per_unit_cost(self) -> Decimal:
        return per_unit_cost(self.total_cost, self.quantity)

    @property
    def finished_lines(self) -> list[AllocationLine]:
        return [ln for c in self.components if not c.need.is_packaging for ln in c.allocation.lines]

    @property
    def packaging_lines(self) -> list[AllocationLine]:
        return [ln for c in self.components if c.need.is_packaging for ln in c.allocation.lines]

    def reserve(self, overlay: Overlay) -> None:
        """Make later plans on `overlay` see this plan's consumption (for cumulative dry runs)."""
        for c in self.components:
            overlay.take(c.allocation, finished=not c.need.is_packaging)

    def check_limits(self) -> None:
        """ValidationError when recording this plan would store a cost beyond the ledger's limit.
        Every other cost a run stores (a line, per unit) is at most its total."""
        check_derived(self.total_cost, "total_component_cost")


def plan_assembly(
    uow: UnitOfWork,
    good: FinishedGood,
    quantity: int,
    *,
    lock: bool,
    overlay: Overlay | None = None,
    with_packaging: bool = True,
) -> AssemblyPlan:
    """Allocate `quantity` bundles' finished items and packaging by FIFO (reads only).

    Locks the lots it reads when `lock`; never changes `overlay` — call `plan.reserve(overlay)`.
    Each finished item and each packaging ingredient is allocated once, so no two allocations
    of one plan compete for the same lot.
    """
    packaging = uow.assembly_runs.packaging_of({good.id})[good.id] if with_packaging else []
    ingredients = uow.ingredients.get_many({p.ingredient_id for p in packaging}) if packaging else {}
    densities = {i: ing.density for i, ing in ingredients.items()}
    planned = []
    for need in component_needs(good, packaging, densities, with_packaging=with_packaging):
        needed = need.per_bundle * quantity
        if need.is_packaging:
            allocation = allocate_ingredient(
                uow, ingredients[need.ref_id], needed, need.unit, lock=lock, overlay=overlay
            )
        else:
            allocation = allocate_finished(
                uow, need.kind, need.ref_id, int(needed), lock=lock, overlay=overlay
            )
        planned.append(PlannedComponent(need, needed, allocation))
    return AssemblyPlan(good, quantity, tuple(planned))


def most_assemblable(uow: UnitOfWork, plan: AssemblyPlan) -> int:
    """How many bundles today's stock allows, from summed stock (a fixed number of queries)."""
    needs = [c.need for c in plan.components]
    available: dict[tuple[str, int], Decimal] = {}
    for kind in ("finished_unit", "finished_good"):
        ids = {n.ref_id for n in needs if n.kind == kind}
        if ids:
            available.update(
                ((kind, i), Decimal(c)) for i, c in uow.finished_lots.stock_many(kind, ids).items()
            )
    wrapping = [n for n in needs if n.is_packaging]
    if wrapping:
        stock = uow.lots.stock_by_unit_many({n.ref_id for n in wrapping})
        for n in wrapping:
            available[(n.kind, n.ref_id)] = sum(
                (convert(q, unit, n.unit, n.density) for unit, q in stock[n.ref_id]), Decimal(0)
            )
    return max_assemblable((available[(n.kind, n.ref_id)], n.per_bundle) for n in needs)
