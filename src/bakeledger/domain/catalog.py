"""Catalogue entities: ingredients, products, recipes, finished units and goods, packages, recipients."""

from __future__ import annotations

from decimal import Decimal

import attrs

from bakeledger.domain.units import Density, parse_density


@attrs.frozen
class Ingredient:
    id: int
    uuid: str
    name: str
    slug: str
    category: str
    density_text: str | None = None

    @property
    def density(self) -> Density | None:
        return parse_density(self.density_text) if self.density_text else None


@attrs.frozen
class Product:
    id: int
    uuid: str
    ingredient_id: int
    ingredient_slug: str
    brand: str
    name: str | None
    slug: str
    package_unit: str
    package_unit_quantity: Decimal
    preferred: bool


@attrs.frozen
class RecipeLine:
    ingredient_id: int
    ingredient_slug: str
    quantity: Decimal
    unit: str


@attrs.frozen
class RecipeComponent:
    recipe_id: int
    recipe_slug: str
    multiplier: Decimal


@attrs.frozen
class Recipe:
    id: int
    uuid: str
    name: str
    slug: str
    category: str
    lines: tuple[RecipeLine, ...] = ()
    components: tuple[RecipeComponent, ...] = ()


@attrs.frozen
class FinishedUnit:
    id: int
    uuid: str
    recipe_id: int
    recipe_slug: str
    name: str
    slug: str
    items_per_batch: int


@attrs.frozen
class FinishedGoodComponent:
    kind: str  # finished_unit | finished_good | packaging
    ref_id: int
    slug: str
    quantity: Decimal


@attrs.frozen
class FinishedGood:
    id: int
    uuid: str
    name: str
    slug: str
    components: tuple[FinishedGoodComponent, ...] = ()


@attrs.frozen
class PackageContent:
    finished_good_id: int
    finished_good_slug: str
    quantity: int


@attrs.frozen
class Package:
    id: int
    uuid: str
    name: str
    slug: str
    contents: tuple[PackageContent, ...] = ()


@attrs.frozen
class Recipient:
    id: int
    uuid: str
    name: str
    slug: str
    household: str | None = None


COMPONENT_KINDS = ("finished_unit", "finished_good", "packaging")
