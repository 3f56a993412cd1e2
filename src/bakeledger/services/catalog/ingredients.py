"""Ingredients and the products (brands, package sizes) they are bought as."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bakeledger.domain.catalog import Ingredient
from bakeledger.domain.errors import DuplicateName
from bakeledger.domain.slugs import slugify, unique_slug
from bakeledger.domain.units import check_unit_fits, normalize_unit, parse_density
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.uow.base import UnitOfWork


def create_ingredient(
    uow: UnitOfWork, *, name: str, category: str = "general", density: str | None = None
) -> dto.IngredientDTO:
    """Add an ingredient; its slug is made from the name."""
    name, category = arguments.name(name), arguments.name(category, "category")
    density_text = parse_density(density).text() if density is not None else None
    uow.ensure_active()
    if uow.ingredients.name_taken(name):
        raise DuplicateName(kind="ingredient", name=name)
    slug = unique_slug(slugify(name), uow.ingredients.slug_taken)
    ingredient = uow.ingredients.add(name=name, slug=slug, category=category, density=density_text)
    return ingredient_dto(ingredient)


def fitting_unit(
    uow: UnitOfWork, ingredient: Ingredient, unit: str, field: str, also: Iterable[str] = ()
) -> str:
    """`unit` when the ingredient may use it beside the units its products and recipe lines (and
    `also`, the units of the request being checked) already use; else a ValidationError."""
    used = uow.ingredients.units_in_use(ingredient.id) | set(also)
    return check_unit_fits(unit, used, ingredient.density, field=field, ingredient=ingredient.slug)


def ingredient_dto(i: Any) -> dto.IngredientDTO:
    return build(
        dto.IngredientDTO,
        id=i.id,
        uuid=i.uuid,
        slug=i.slug,
        name=i.name,
        category=i.category,
        density=i.density_text,
    )


def create_product(
    uow: UnitOfWork,
    *,
    ingredient: str,
    brand: str,
    package_unit: str,
    package_unit_quantity: Any,
    name: str | None = None,
    preferred: bool = False,
) -> dto.ProductDTO:
    """Add a purchasable form of an ingredient (`preferred` demotes the ingredient's other products)."""
    brand, name = arguments.name(brand, "brand"), arguments.optional_name(name, "name")
    unit = normalize_unit(package_unit)
    quantity = arguments.parse_quantity(package_unit_quantity, "package_unit_quantity")
    arguments.flag(preferred, "preferred")
    uow.ensure_active()
    base = uow.ingredients.get(ingredient)
    unit = fitting_unit(uow, base, unit, "package_unit")
    slug = unique_slug(slugify(" ".join(p for p in (base.slug, brand, name) if p)), uow.products.slug_taken)
    product = uow.products.add(
        ingredient_id=base.id,
        brand=brand,
        name=name,
        slug=slug,
        package_unit=unit,
        package_unit_quantity=quantity,
        preferred=preferred,
    )
    return product_dto(product)


def product_dto(p: Any) -> dto.ProductDTO:
    return build(
        dto.ProductDTO,
        id=p.id,
        uuid=p.uuid,
        slug=p.slug,
        name=p.name,
        ingredient=p.ingredient_slug,
        brand=p.brand,
        package_unit=p.package_unit,
        package_unit_quantity=p.package_unit_quantity,
        preferred=p.preferred,
    )
