"""Production planning: what baking a recipe would take from which lots, and what it would cost.

The one planning step used by check_can_produce, record_production and plan_event.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from bakeledger.domain.catalog import Recipe
from bakeledger.domain.fifo import Allocation, AllocationLine
from bakeledger.domain.numbers import check_derived
from bakeledger.domain.production import ledger_cost
from bakeledger.domain.recipes import AggregatedLine
from bakeledger.services.stock import Overlay, RecipeBook, aggregated_needs, allocate_ingredient
from bakeledger.uow.base import UnitOfWork


@attrs.frozen
class PlannedIngredient:
    """One aggregated ingredient: what is needed (× scale × batches) and its FIFO allocation."""

    needed: AggregatedLine
    allocation: Allocation

    @property
    def cost(self) -> Decimal:
        return ledger_cost(self.allocation.lines)


@attrs.frozen
class ProductionPlan:
    """What baking a recipe would take from which lots, and what it would cost, exactly."""

    recipe: Recipe
    batches: int
    scale: Decimal
    ingredients: tuple[PlannedIngredient, ...]

    @property
    def satisfied(self) -> bool:
        return all(item.allocation.satisfied for item in self.ingredients)

    @property
    def missing(self) -> list[PlannedIngredient]:
        return [item for item in self.ingredients if not item.allocation.satisfied]

    @property
    def total_cost(self) -> Decimal:
        """What record_production would record: Σ of every ledger line's cost (of what is available)."""
        return sum((item.cost for item in self.ingredients), Decimal(0))

    @property
    def lines(self) -> list[AllocationLine]:
        return [line for item in self.ingredients for line in item.allocation.lines]

    def reserve(self, overlay: Overlay) -> None:
        """Make later plans on `overlay` see this plan's consumption (for cumulative dry runs)."""
        for item in self.ingredients:
            overlay.take(item.allocation)

    def check_limits(self) -> None:
        """ValidationError when recording this plan would store a cost beyond the ledger's limit.
        Every other cost a run stores (a line, per unit, the loss) is at most its total."""
        check_derived(self.total_cost, "total_ingredient_cost")


def plan_production(
    uow: UnitOfWork,
    recipe: Recipe,
    batches: int,
    scale: Decimal,
    *,
    lock: bool,
    overlay: Overlay | None = None,
    book: RecipeBook | None = None,
) -> ProductionPlan:
    """Allocate every aggregated ingredient (nested recipes included) × scale × batches by FIFO.

    Reads only (locking the lots it reads when `lock`); it never changes `overlay` — call
    `plan.reserve(overlay)` for that. `book`: the recipe's tree and ingredients, if already read.
    """
    needed, ingredients = aggregated_needs(uow, recipe, scale * batches, book)
    planned = tuple(
        PlannedIngredient(
            line,
            allocate_ingredient(
                uow, ingredients[line.ingredient_id], line.quantity, line.unit, lock=lock, overlay=overlay
            ),
        )
        for line in needed
    )
    return ProductionPlan(recipe, batches, scale, planned)
