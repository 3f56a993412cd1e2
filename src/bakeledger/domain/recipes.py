"""Recipe rules: nesting (no cycles, depth ≤ 3) and the aggregated ingredient list."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

import attrs

from bakeledger.domain.catalog import Recipe
from bakeledger.domain.errors import CycleError
from bakeledger.domain.numbers import quantize_quantity
from bakeledger.domain.units import Density, can_convert

MAX_DEPTH = 3


@attrs.frozen
class AggregatedLine:
    """One ingredient of a recipe with everything nested merged in, for one batch."""

    ingredient_id: int
    ingredient_slug: str
    quantity: Decimal
    unit: str


def check_nesting(
    recipe_slug: str,
    component_slug: str,
    children: Callable[[str], list[str]],
    parents: Callable[[str], list[str]],
) -> None:
    """Refuse making `component_slug` part of `recipe_slug` if that closes a cycle or nests > 3."""
    if component_slug == recipe_slug:
        raise CycleError(path=[recipe_slug, component_slug], message="a recipe cannot contain itself")

    def depth(slug: str, path: list[str], step: Callable[[str], list[str]]) -> int:
        deepest = 0
        for nxt in step(slug):
            if nxt in path:
                raise CycleError(path=[*path, nxt])
            deepest = max(deepest, 1 + depth(nxt, [*path, nxt], step))
        return deepest

    below = depth(component_slug, [recipe_slug, component_slug], children)
    above = depth(recipe_slug, [component_slug, recipe_slug], parents)
    if above + 1 + below > MAX_DEPTH:
        raise CycleError(
            path=[recipe_slug, component_slug],
            message=f"recipe nesting would be deeper than {MAX_DEPTH} levels",
        )


def aggregate(
    recipe: Recipe,
    recipes: Mapping[int, Recipe],
    densities: Mapping[int, Density | None],
    convert: Callable[[Decimal, str, str, Density | None], Decimal],
    factor: Decimal = Decimal(1),
) -> list[AggregatedLine]:
    """Lines + each component's aggregated lines × multiplier, merged per ingredient.

    Merged quantities take the unit of the first line of that ingredient when the units
    convert; otherwise the ingredient appears once per unconvertible unit.
    """
    merged: dict[tuple[int, str], AggregatedLine] = {}
    order: list[tuple[int, str]] = []

    def add(ingredient_id: int, slug: str, quantity: Decimal, unit: str) -> None:
        density = densities.get(ingredient_id)
        for key in order:
            if key[0] == ingredient_id and can_convert(unit, key[1], density):
                line = merged[key]
                extra = convert(quantity, unit, key[1], density)
                merged[key] = attrs.evolve(line, quantity=line.quantity + extra)
                return
        key = (ingredient_id, unit)
        order.append(key)
        merged[key] = AggregatedLine(ingredient_id, slug, quantity, unit)

    def walk(node: Recipe, mult: Decimal, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise CycleError(path=[node.slug], message=f"recipe nesting deeper than {MAX_DEPTH}")
        for line in node.lines:
            add(line.ingredient_id, line.ingredient_slug, line.quantity * mult, line.unit)
        for comp in node.components:
            walk(recipes[comp.recipe_id], mult * comp.multiplier, depth + 1)

    walk(recipe, factor, 0)
    return [attrs.evolve(merged[key], quantity=quantize_quantity(merged[key].quantity)) for key in order]
