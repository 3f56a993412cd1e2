"""Stock helpers shared by the inventory, production, assembly and event services.

`Overlay` lets a dry run allocate against stock as it would be after earlier simulated steps,
so a whole plan can be simulated cumulatively without writing anything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal

from bakeledger.domain.catalog import Ingredient, Recipe
from bakeledger.domain.fifo import Allocation, LotView, allocate
from bakeledger.domain.recipes import AggregatedLine, aggregate
from bakeledger.domain.units import Density, convert, normalize_unit
from bakeledger.uow.base import UnitOfWork


class Overlay:
    """Quantities already taken (in each lot's unit) by simulated steps, per lot id."""

    def __init__(self) -> None:
        self.ingredient: defaultdict[int, Decimal] = defaultdict(Decimal)
        self.finished: defaultdict[int, Decimal] = defaultdict(Decimal)

    def take(self, allocation: Allocation, *, finished: bool = False) -> None:
        taken = self.finished if finished else self.ingredient
        for line in allocation.lines:
            taken[line.lot_id] += line.quantity


def _minus(lots: Iterator[LotView], taken: dict[int, Decimal] | None) -> Iterator[LotView]:
    for lot in lots:
        used = taken.get(lot.lot_id) if taken else None
        if used:
            lot = LotView(lot.lot_id, lot.remaining - used, lot.unit, lot.unit_cost)
        if lot.remaining > 0:
            yield lot


def converter_for(density: Density | None) -> Callable[[Decimal, str, str], Decimal]:
    return lambda q, a, b: convert(q, a, b, density)


def allocate_ingredient(
    uow: UnitOfWork,
    ingredient: Ingredient,
    quantity: Decimal,
    unit: str,
    *,
    lock: bool,
    overlay: Overlay | None = None,
) -> Allocation:
    """FIFO allocation of `quantity` `unit` of an ingredient over its lots (reads only)."""
    lots = _minus(uow.lots.iter_fifo(ingredient.id, lock=lock), overlay.ingredient if overlay else None)
    return allocate(lots, quantity, normalize_unit(unit), converter_for(ingredient.density))


def allocate_finished(
    uow: UnitOfWork, kind: str, item_id: int, count: int, *, lock: bool, overlay: Overlay | None = None
) -> Allocation:
    """FIFO allocation of whole finished items over finished lots (reads only)."""
    lots = _minus(
        uow.finished_lots.iter_fifo(kind, item_id, lock=lock), overlay.finished if overlay else None
    )
    return allocate(lots, Decimal(count), "each", lambda q, _a, _b: q)


def aggregated_lines(uow: UnitOfWork, recipe: Recipe, factor: Decimal = Decimal(1)) -> list[AggregatedLine]:
    """A recipe's aggregated ingredients (nested components expanded) × factor."""
    tree = uow.recipes.get_tree(recipe.id)
    ingredient_ids = {ln.ingredient_id for r in tree.values() for ln in r.lines}
    ingredients = uow.ingredients.get_many(ingredient_ids)
    densities = {i: ing.density for i, ing in ingredients.items()}
    return aggregate(recipe, tree, densities, convert, factor)
