"""The whole-plan dry run of an event: every remaining target simulated in order, cumulatively.

It calls the very planners that record_production and record_assembly use, on one Overlay, so
two targets compete for the same lots and a planned cost is exactly what recording would cost.
It never writes.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

import attrs

from bakeledger.domain.events import EventScope
from bakeledger.domain.production import expected_yield, per_unit_cost, run_figures
from bakeledger.domain.units import convert
from bakeledger.services import arguments, dto
from bakeledger.services.assembly.plan import plan_assembly
from bakeledger.services.dto import build
from bakeledger.services.estimates import Estimate, ShortfallPricer
from bakeledger.services.events.shopping import NeedKey, Needs, shopping_items
from bakeledger.services.pricing import PriceBook
from bakeledger.services.production.plan import plan_production
from bakeledger.services.stock import Overlay, read_recipes
from bakeledger.uow.base import UnitOfWork

ONE = Decimal(1)


class _Shortfalls:
    """What the plan needs of each ingredient and how much of that it lacks, merged per ingredient."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.needs = Needs(PriceBook(uow))
        self.short: defaultdict[NeedKey, Decimal] = defaultdict(Decimal)

    def add(self, ingredient_id: int, slug: str, needed: Decimal, shortfall: Decimal, unit: str) -> None:
        key = self.needs.add(ingredient_id, slug, needed, unit)
        if shortfall > 0:
            density = self.needs.prices.ingredient(ingredient_id).density
            self.short[key] += convert(shortfall, unit, key[1], density)

    def to_buy(self) -> Needs:
        """Only the needs that are short, in order of first need."""
        short = Needs(self.needs.prices)
        short.lines = {key: need for key, need in self.needs.lines.items() if self.short.get(key, 0) > 0}
        return short


def _missing(kind: str, slug: str, needed: Decimal, available: Decimal, unit: str) -> dto.PlanMissingDTO:
    return build(dto.PlanMissingDTO, kind=kind, slug=slug, needed=needed, available=available, unit=unit)


def _target(
    kind: str, slug: str, quantity: int, missing: list[dto.PlanMissingDTO], cost: Estimate
) -> dto.PlanTargetDTO:
    return build(
        dto.PlanTargetDTO,
        kind=kind,
        slug=slug,
        quantity=quantity,
        feasible=not missing,
        missing=missing,
        cost=cost.whole,
        on_hand_cost=cost.on_hand,
        shortfall_cost=cost.shortfall,
    )


class Simulation:
    """One dry run over one snapshot of stock: events are simulated one after another on the same
    Overlay, so a later event draws only what the earlier ones left. Writes nothing."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.overlay, self.shortfalls = Overlay(), _Shortfalls(uow)
        self.pricer = ShortfallPricer(uow, self.shortfalls.needs.prices)
        self.made_for: dict[int, int] = {}  # simulated finished lot id -> the event whose step made it
        self.bundled = Decimal(0)  # the cost of simulated items that simulated assemblies took

    def _made(self, lot_id: int | None, event_id: int) -> None:
        if lot_id is not None:
            self.made_for[lot_id] = event_id

    def _bundled(self, components: Any, event_id: int) -> Decimal:
        """What an assembly takes of items simulated steps made: added to the season's `bundled`,
        and returned for the part this event's own steps made."""
        own = Decimal(0)
        for component in components:
            for line in component.allocation.lines:
                if line.lot_id in self.made_for and not component.need.is_packaging:
                    self.bundled += line.cost
                    own += line.cost if self.made_for[line.lot_id] == event_id else 0
        return own

    def event(self, event_id: int) -> tuple[list[dto.PlanTargetDTO], list[Estimate], Decimal]:
        """Simulate the event's remaining production targets, then its remaining assembly targets,
        in creation order; its targets, their estimates, and the cost of what its assemblies take of
        what its own bakes and assemblies made (counted in both steps' costs).

        A short step still takes what is there and is assumed done (its shortfall bought): its output
        is available to later steps, and the shopping list of the shortfall makes the plan feasible.
        """
        uow, overlay, shortfalls, pricer = self.uow, self.overlay, self.shortfalls, self.pricer
        scope = EventScope.one(event_id)
        baking = [t for t in uow.events.production_tallies(scope) if t.done < t.target]
        bundling = [t for t in uow.events.assembly_tallies(scope) if t.done < t.target]
        first_units = uow.finished_units.first_for_recipes({t.item_id for t in baking}) if baking else {}
        book = read_recipes(uow, {t.item_id for t in baking})  # every target's recipe read together
        goods = uow.finished_goods.get_many({t.item_id for t in bundling})
        targets: list[dto.PlanTargetDTO] = []
        costs: list[Estimate] = []
        bundled = Decimal(0)
        for tally in baking:
            batches = tally.target - tally.done
            recipe = book.recipe(tally.item_id)
            plan = plan_production(uow, recipe, batches, ONE, lock=False, overlay=overlay, book=book)
            if plan.satisfied:  # refused as recording it would be
                plan.check_limits()
            plan.reserve(overlay)
            missing = []
            for item in plan.ingredients:
                line, allocation = item.needed, item.allocation
                shortfalls.add(
                    line.ingredient_id, line.ingredient_slug, line.quantity, allocation.shortfall, line.unit
                )
                if not allocation.satisfied:
                    missing.append(
                        _missing(
                            "ingredient", line.ingredient_slug, line.quantity, allocation.consumed, line.unit
                        )
                    )
            cost = pricer.estimate(
                plan.total_cost,
                [
                    ("ingredient", i.needed.ingredient_id, i.allocation.shortfall, i.needed.unit)
                    for i in plan.missing
                ],
            )
            unit = first_units.get(tally.item_id)
            if unit is None:  # nothing to record the bake as: it cannot be done until a finished unit exists
                missing.append(_missing("finished_unit", tally.slug, ONE, Decimal(0), "each"))
            else:
                made = expected_yield(unit.items_per_batch, ONE, batches)
                # what later steps take from this bake costs what the whole bake is estimated at
                per_unit = run_figures(
                    made, made, cost.on_hand if cost.whole is None else cost.whole
                ).per_unit_cost
                self._made(overlay.add_finished("finished_unit", unit.id, made, per_unit), event_id)
            targets.append(_target("production", tally.slug, batches, missing, cost))
            costs.append(cost)
        for tally in bundling:
            bundles = tally.target - tally.done
            good = goods[tally.item_id]
            assembly = plan_assembly(uow, good, bundles, lock=False, overlay=overlay)
            if assembly.satisfied:
                assembly.check_limits()
            assembly.reserve(overlay)
            bundled += self._bundled(assembly.components, event_id)
            missing = []
            for c in assembly.components:
                need, allocation = c.need, c.allocation
                if need.is_packaging:
                    shortfalls.add(
                        need.ref_id,
                        need.ingredient_slug or need.slug,
                        c.needed,
                        allocation.shortfall,
                        need.unit,
                    )
                if c.short:
                    missing.append(_missing(need.kind, need.slug, c.needed, allocation.consumed, need.unit))
            # short finished items are produced by no earlier target: they are priced at standard cost
            cost = pricer.estimate(
                assembly.total_cost,
                [
                    (
                        "ingredient" if c.need.is_packaging else c.need.kind,
                        c.need.ref_id,
                        c.allocation.shortfall,
                        c.need.unit,
                    )
                    for c in assembly.missing
                ],
            )
            whole = cost.on_hand if cost.whole is None else cost.whole
            self._made(
                overlay.add_finished("finished_good", good.id, bundles, per_unit_cost(whole, bundles)),
                event_id,
            )
            targets.append(_target("assembly", tally.slug, bundles, missing, cost))
            costs.append(cost)
        return targets, costs, bundled

    def shopping_list(self) -> list[dto.ShoppingItemDTO]:
        """What to buy for every shortfall of the events simulated so far, merged per ingredient."""
        items, _total, _unpriced = shopping_items(
            self.uow, self.shortfalls.to_buy(), to_buy=self.shortfalls.short
        )
        return items


@attrs.frozen
class Totals:
    """The cost figures of a set of simulated targets, each cent once: what assemblies take of items
    the simulated steps made is in the cost of the step that made them and of the assembly, so it is
    taken off once (`bundled_cost`; it is part of the assemblies' on-hand cost)."""

    total_cost: Decimal | None  # None when one of them has no price
    on_hand_cost: Decimal
    shortfall_cost: Decimal | None
    bundled_cost: Decimal
    unpriced: list[str]

    def fields(self) -> dict[str, Any]:
        """The figures under the names the plan DTOs give them."""
        return attrs.asdict(self)


def totals(costs: list[Estimate], bundled: Decimal) -> Totals:
    on_hand = sum((c.on_hand for c in costs), Decimal(0)) - bundled
    unpriced = sorted({slug for c in costs for slug in c.unpriced})
    shortfall = None if unpriced else sum((c.shortfall or Decimal(0) for c in costs), Decimal(0))
    return Totals(None if shortfall is None else on_hand + shortfall, on_hand, shortfall, bundled, unpriced)


def plan_event(uow: UnitOfWork, *, event: Any) -> dto.EventPlanDTO:
    """Simulate the remaining production targets, then the remaining assembly targets, in creation
    order, against the stock as it is (see Simulation). Writes nothing."""
    event_id = arguments.parse_id(event, "event")
    uow.ensure_active()
    uow.events.get(event_id)
    simulation = Simulation(uow)
    targets, costs, bundled = simulation.event(event_id)
    figures = totals(costs, bundled)
    return build(
        dto.EventPlanDTO,
        event_id=event_id,
        feasible=all(t.feasible for t in targets),
        targets=targets,
        shopping_list=simulation.shopping_list(),
        **figures.fields(),
    )
