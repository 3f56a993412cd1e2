"""Prices for estimates: which product to buy for an ingredient, and what a unit of it costs.

The recommended product is the preferred one, else the "cheapest recent" one: the
product whose latest purchase has the lowest cost per package unit. Estimates use the latest
purchase price of the recommended product (or, if it was never bought, of the cheapest recent).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from bakeledger.domain.catalog import Ingredient, Product
from bakeledger.domain.inventory import Lot
from bakeledger.domain.units import can_convert, convert
from bakeledger.uow.base import UnitOfWork


@attrs.frozen
class Choice:
    """What to buy for one ingredient: the product, and its latest purchase (None: never bought)."""

    product: Product
    latest: Lot | None


class PriceBook:
    """Recommended products and replacement prices, loaded per ingredient as they are asked for."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self._ingredients: dict[int, Ingredient] = {}
        self._choices: dict[int, Choice | None] = {}
        self._price_lots: dict[int, Lot | None] = {}
        self.unpriced: set[str] = set()

    def load(self, ingredient_ids: Iterable[int]) -> None:
        """Read products and latest purchases of these ingredients (three queries for all of them)."""
        wanted = set(ingredient_ids) - set(self._choices)
        if not wanted:
            return
        self._ingredients.update(self._uow.ingredients.get_many(wanted))
        products = self._uow.products.list_for_ingredients(wanted)
        latest = self._uow.lots.latest_purchases({p.id for p in products}) if products else {}
        for ingredient_id in wanted:
            mine = [p for p in products if p.ingredient_id == ingredient_id]
            cheapest = self._cheapest_recent(ingredient_id, mine, latest)
            preferred = next((p for p in mine if p.preferred), None)
            chosen = preferred or (cheapest.product if cheapest else (mine[0] if mine else None))
            self._choices[ingredient_id] = Choice(chosen, latest.get(chosen.id)) if chosen else None
            chosen_lot = latest.get(chosen.id) if chosen else None
            self._price_lots[ingredient_id] = chosen_lot or (cheapest.latest if cheapest else None)

    def _cheapest_recent(
        self, ingredient_id: int, products: list[Product], latest: dict[int, Lot]
    ) -> Choice | None:
        bought = [Choice(p, latest[p.id]) for p in products if p.id in latest]
        if not bought:
            return None
        density = self._ingredients[ingredient_id].density
        unit = bought[0].product.package_unit

        def per_unit(choice: Choice) -> tuple[Decimal, int]:
            lot = choice.latest
            assert lot is not None
            # a cost per lb and a cost per kg only compare once they are per the same unit
            factor = (
                convert(Decimal(1), unit, lot.unit, density) if can_convert(unit, lot.unit, density) else 1
            )
            return lot.unit_cost * factor, choice.product.id

        return min(bought, key=per_unit)

    def choice(self, ingredient_id: int) -> Choice | None:
        self.load([ingredient_id])
        return self._choices[ingredient_id]

    def ingredient(self, ingredient_id: int) -> Ingredient:
        self.load([ingredient_id])
        return self._ingredients[ingredient_id]

    def unit_cost(self, ingredient_id: int, unit: str) -> Decimal:
        """Replacement cost of one `unit` of the ingredient; 0 (and noted as unpriced) when unknown."""
        self.load([ingredient_id])
        ingredient, lot = self._ingredients[ingredient_id], self._price_lots[ingredient_id]
        if lot is None or not can_convert(unit, lot.unit, ingredient.density):
            self.unpriced.add(ingredient.slug)
            return Decimal(0)
        return lot.unit_cost * convert(Decimal(1), unit, lot.unit, ingredient.density)
