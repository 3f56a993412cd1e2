"""Stock helpers shared by the inventory, production, assembly and event services.

`Overlay` lets a dry run allocate against stock as it would be after earlier simulated steps,
so a whole plan can be simulated cumulatively without writing anything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from itertools import chain

import attrs

from bakeledger.domain.catalog import Ingredient, Recipe
from bakeledger.domain.errors import RecipeNotFound
from bakeledger.domain.fifo import Allocation, LotView, allocate
from bakeledger.domain.recipes import AggregatedLine, aggregate
from bakeledger.domain.units import Density, convert, normalize_unit
from bakeledger.uow.base import UnitOfWork


class Overlay:
    """Quantities already taken (in each lot's stock unit) by simulated steps, and the money they
    took, per lot id; and the finished lots simulated steps would have added (negative ids, after
    every real lot in FIFO)."""

    def __init__(self) -> None:
        self.ingredient: defaultdict[int, Decimal] = defaultdict(Decimal)
        self.ingredient_cost: defaultdict[int, Decimal] = defaultdict(Decimal)
        self.finished: defaultdict[int, Decimal] = defaultdict(Decimal)
        self.added: defaultdict[tuple[str, int], list[LotView]] = defaultdict(list)

    def take(self, allocation: Allocation, *, finished: bool = False) -> None:
        taken = self.finished if finished else self.ingredient
        for line in allocation.lines:
            taken[line.lot_id] += line.quantity
            if not finished:
                self.ingredient_cost[line.lot_id] += line.cost

    def add_finished(self, kind: str, item_id: int, count: int, unit_cost: Decimal) -> int | None:
        """Simulate a new finished lot (a planned run's output) that later simulated steps can use;
        its (negative) id, or None when nothing was made."""
        if count <= 0:
            return None
        lot_id = -1 - sum(len(lots) for lots in self.added.values())
        self.added[(kind, item_id)].append(LotView(lot_id, Decimal(count), "each", unit_cost))
        return lot_id


def _minus(
    lots: Iterable[LotView], taken: dict[int, Decimal] | None, spent: dict[int, Decimal] | None = None
) -> Iterator[LotView]:
    for lot in lots:
        used = taken.get(lot.lot_id) if taken else None
        if used:
            money = spent.get(lot.lot_id, Decimal(0)) if spent else Decimal(0)
            left = None if lot.remaining_cost is None else lot.remaining_cost - money
            lot = attrs.evolve(lot, remaining=lot.remaining - used, remaining_cost=left)
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
    lots = _minus(
        uow.lots.iter_fifo(ingredient.id, lock=lock),
        overlay.ingredient if overlay else None,
        overlay.ingredient_cost if overlay else None,
    )
    return allocate(lots, quantity, normalize_unit(unit), converter_for(ingredient.density))


def allocate_finished(
    uow: UnitOfWork, kind: str, item_id: int, count: int, *, lock: bool, overlay: Overlay | None = None
) -> Allocation:
    """FIFO allocation of whole finished items over finished lots (reads only)."""
    real = uow.finished_lots.iter_fifo(kind, item_id, lock=lock)
    simulated = overlay.added.get((kind, item_id), []) if overlay else []
    lots = _minus(chain(real, simulated), overlay.finished if overlay else None)
    return allocate(lots, Decimal(count), "each", lambda q, _a, _b: q)


def aggregated_lines(uow: UnitOfWork, recipe: Recipe, factor: Decimal = Decimal(1)) -> list[AggregatedLine]:
    """A recipe's aggregated ingredients (nested components expanded) × factor."""
    return aggregated_needs(uow, recipe, factor)[0]


@attrs.frozen
class RecipeBook:
    """Recipes (each with every recipe nested in it) and the ingredients they use, read together."""

    recipes: Mapping[int, Recipe]
    ingredients: Mapping[int, Ingredient]

    def recipe(self, recipe_id: int) -> Recipe:
        found = self.recipes.get(recipe_id)
        if found is None:
            raise RecipeNotFound(key=recipe_id)
        return found


def read_recipes(uow: UnitOfWork, recipe_ids: set[int]) -> RecipeBook:
    """These recipes, the recipes nested in them and their ingredients: one read per nesting level
    and one for the ingredients, for any number of recipes."""
    return _with_ingredients(uow, uow.recipes.get_trees(recipe_ids) if recipe_ids else {})


def _with_ingredients(uow: UnitOfWork, tree: Mapping[int, Recipe]) -> RecipeBook:
    ingredient_ids = {ln.ingredient_id for r in tree.values() for ln in r.lines}
    return RecipeBook(tree, uow.ingredients.get_many(ingredient_ids))


def aggregated_lines_of_many(
    uow: UnitOfWork, wanted: list[tuple[int, Decimal]]
) -> list[list[AggregatedLine]]:
    """The aggregated ingredients of several recipes (by id) × their factors, one list per entry,
    all read together (`read_recipes`)."""
    book = read_recipes(uow, {recipe_id for recipe_id, _ in wanted})
    return [aggregated_needs(uow, book.recipe(recipe_id), factor, book)[0] for recipe_id, factor in wanted]


def aggregated_needs(
    uow: UnitOfWork, recipe: Recipe, factor: Decimal = Decimal(1), book: RecipeBook | None = None
) -> tuple[list[AggregatedLine], Mapping[int, Ingredient]]:
    """A recipe's aggregated ingredients × factor, and the ingredients they name (by id); from
    `book` when the caller read it already (it must hold the recipe's tree)."""
    if book is None:  # `recipe` is loaded with its lines: only nested recipes need reading
        book = _with_ingredients(
            uow, uow.recipes.get_tree(recipe.id) if recipe.components else {recipe.id: recipe}
        )
    densities = {i: ing.density for i, ing in book.ingredients.items()}
    return aggregate(recipe, book.recipes, densities, convert, factor), book.ingredients
