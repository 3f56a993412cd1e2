"""What to buy for an event: remaining targets' ingredients and packaging against stock on hand."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from decimal import ROUND_CEILING, Decimal
from typing import Any

import attrs

from bakeledger.domain.events import EventScope
from bakeledger.domain.units import can_convert, convert
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build, to_dict
from bakeledger.services.pricing import PriceBook
from bakeledger.services.stock import aggregated_lines_of_many
from bakeledger.uow.base import UnitOfWork

ZERO = Decimal(0)
NeedKey = tuple[int, str]  # (ingredient id, unit)


@attrs.define
class Need:
    ingredient_id: int
    slug: str
    unit: str
    quantity: Decimal


class Needs:
    """Quantities per ingredient, in order of first need, merged into the first unit they convert to."""

    def __init__(self, prices: PriceBook) -> None:
        self.prices = prices
        self.lines: dict[NeedKey, Need] = {}

    def add(self, ingredient_id: int, slug: str, quantity: Decimal, unit: str) -> NeedKey:
        density = self.prices.ingredient(ingredient_id).density
        for key, need in self.lines.items():
            if key[0] == ingredient_id and can_convert(unit, need.unit, density):
                need.quantity += convert(quantity, unit, need.unit, density)
                return key
        self.lines[(ingredient_id, unit)] = Need(ingredient_id, slug, unit, quantity)
        return (ingredient_id, unit)


def remaining_needs(uow: UnitOfWork, event_id: int, prices: PriceBook) -> Needs:
    """Remaining batches × aggregated ingredients, then packaging for remaining bundles."""
    scope = EventScope.one(event_id)
    baking = [
        (t.item_id, t.target - t.done) for t in uow.events.production_tallies(scope) if t.done < t.target
    ]
    wrapping = [
        (t.item_id, t.target - t.done) for t in uow.events.assembly_tallies(scope) if t.done < t.target
    ]
    raw = [
        (ln.ingredient_id, ln.ingredient_slug, ln.quantity, ln.unit)
        for lines in aggregated_lines_of_many(uow, [(recipe_id, Decimal(n)) for recipe_id, n in baking])
        for ln in lines
    ]
    parts = uow.assembly_runs.packaging_of({good for good, _ in wrapping}) if wrapping else {}
    for good_id, bundles in wrapping:
        raw += [
            (p.ingredient_id, p.ingredient_slug, p.quantity * bundles, p.package_unit) for p in parts[good_id]
        ]
    prices.load(r[0] for r in raw)
    needs = Needs(prices)
    for ingredient_id, slug, quantity, unit in raw:
        needs.add(ingredient_id, slug, quantity, unit)
    return needs


def shopping_items(
    uow: UnitOfWork, needs: Needs, to_buy: Mapping[NeedKey, Decimal] | None = None
) -> tuple[list[dto.ShoppingItemDTO], Decimal, list[str]]:
    """One item per need: on hand (all lots, converted), to buy, and the recommended whole packages.

    `to_buy` overrides max(0, needed − on hand) per need (the plan passes its exact shortfalls).
    """
    stock = uow.lots.stock_by_unit_many({key[0] for key in needs.lines}) if needs.lines else {}
    items, total, unpriced = [], ZERO, []
    for key, need in needs.lines.items():
        density = needs.prices.ingredient(need.ingredient_id).density
        on_hand = sum((convert(q, u, need.unit, density) for u, q in stock[need.ingredient_id]), ZERO)
        buy = to_buy.get(key, ZERO) if to_buy is not None else max(ZERO, need.quantity - on_hand)
        choice = needs.prices.choice(need.ingredient_id)
        packages, cost = 0, None
        if choice is not None:
            product = choice.product
            if buy > 0:
                amount = convert(buy, need.unit, product.package_unit, density)
                packages = int((amount / product.package_unit_quantity).to_integral_value(ROUND_CEILING))
            if choice.latest is not None:
                cost = packages * choice.latest.price_per_package
                total += cost
        if cost is None and buy > 0:
            unpriced.append(need.slug)
        items.append(
            build(
                dto.ShoppingItemDTO,
                ingredient=need.slug,
                unit=need.unit,
                needed=need.quantity,
                on_hand=on_hand,
                to_buy=buy,
                product=choice.product.slug if choice else None,
                package_unit=choice.product.package_unit if choice else None,
                package_unit_quantity=choice.product.package_unit_quantity if choice else None,
                packages=packages,
                estimated_cost=cost,
            )
        )
    return items, total, unpriced


def get_shopping_list(uow: UnitOfWork, *, event: Any) -> dto.ShoppingListDTO:
    """Everything the event's remaining targets need, what is on hand, and what to buy of which product."""
    event_id = arguments.parse_id(event, "event")
    uow.ensure_active()
    uow.events.get(event_id)
    items, total, unpriced = shopping_items(uow, remaining_needs(uow, event_id, PriceBook(uow)))
    return build(
        dto.ShoppingListDTO, event_id=event_id, items=items, total_estimated_cost=total, unpriced=unpriced
    )


def shopping_list_csv(uow: UnitOfWork, *, event: Any) -> str:
    """The shopping list as CSV: a header, then one row per ingredient (empty cells for unknowns)."""
    shopping = get_shopping_list(uow, event=event)
    columns = [f.name for f in attrs.fields(dto.ShoppingItemDTO)]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for item in shopping.items:
        writer.writerow({k: "" if v is None else v for k, v in to_dict(item).items()})
    return out.getvalue()
