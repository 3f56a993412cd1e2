"""Reading the catalogue: one entry by slug, or every entry of a kind ordered by slug.

A list runs a fixed number of statements however large the catalogue is (one, two for packages).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from bakeledger.services import arguments, dto
from bakeledger.services.catalog.bundles import finished_good_dto, finished_unit_dto, package_dto
from bakeledger.services.catalog.ingredients import ingredient_dto, product_dto
from bakeledger.services.catalog.recipes import recipe_dto
from bakeledger.services.catalog.recipients import recipient_dto
from bakeledger.uow.base import UnitOfWork

D = TypeVar("D")


def _one(uow: UnitOfWork, field: str, value: Any, repo: Callable[[], Any], to_dto: Callable[[Any], D]) -> D:
    """The entry `value` names in `repo` (its NotFound otherwise), as a DTO."""
    slug = arguments.slug(value, field)
    uow.ensure_active()
    return to_dto(repo().get(slug))


def get_ingredient(uow: UnitOfWork, *, ingredient: Any) -> dto.IngredientDTO:
    """One ingredient by slug."""
    return _one(uow, "ingredient", ingredient, lambda: uow.ingredients, ingredient_dto)


def list_ingredients(uow: UnitOfWork) -> list[dto.IngredientDTO]:
    """Every ingredient, by slug."""
    uow.ensure_active()
    return [ingredient_dto(i) for i in uow.ingredients.list_all()]


def get_product(uow: UnitOfWork, *, product: Any) -> dto.ProductDTO:
    """One product by slug."""
    return _one(uow, "product", product, lambda: uow.products, product_dto)


def list_products(uow: UnitOfWork, *, ingredient: Any = None) -> list[dto.ProductDTO]:
    """Every product, or one ingredient's products, by slug."""
    of = arguments.optional_slug(ingredient, "ingredient")
    uow.ensure_active()
    if of is None:
        products = uow.products.list_all()
    else:
        products = uow.products.list_of_ingredient(uow.ingredients.get(of).id)
    return [product_dto(p) for p in products]


def get_recipe(uow: UnitOfWork, *, recipe: Any) -> dto.RecipeDTO:
    """One recipe with its ingredient lines and components."""
    return _one(uow, "recipe", recipe, lambda: uow.recipes, recipe_dto)


def list_recipes(uow: UnitOfWork) -> list[dto.RecipeDTO]:
    """Every recipe with its ingredient lines and components, by slug."""
    uow.ensure_active()
    return [recipe_dto(r) for r in uow.recipes.list_all()]


def get_finished_unit(uow: UnitOfWork, *, finished_unit: Any) -> dto.FinishedUnitDTO:
    """One finished unit by slug."""
    return _one(uow, "finished_unit", finished_unit, lambda: uow.finished_units, finished_unit_dto)


def list_finished_units(uow: UnitOfWork) -> list[dto.FinishedUnitDTO]:
    """Every finished unit, by slug."""
    uow.ensure_active()
    return [finished_unit_dto(u) for u in uow.finished_units.list_all()]


def get_finished_good(uow: UnitOfWork, *, finished_good: Any) -> dto.FinishedGoodDTO:
    """One finished good (bundle) with its components."""
    return _one(uow, "finished_good", finished_good, lambda: uow.finished_goods, finished_good_dto)


def list_finished_goods(uow: UnitOfWork) -> list[dto.FinishedGoodDTO]:
    """Every finished good with its components, by slug."""
    uow.ensure_active()
    return [finished_good_dto(g) for g in uow.finished_goods.list_all()]


def get_package(uow: UnitOfWork, *, package: Any) -> dto.PackageDTO:
    """One package with its contents."""
    return _one(uow, "package", package, lambda: uow.packages, package_dto)


def list_packages(uow: UnitOfWork) -> list[dto.PackageDTO]:
    """Every package with its contents, by slug."""
    uow.ensure_active()
    return [package_dto(p) for p in uow.packages.list_all()]


def get_recipient(uow: UnitOfWork, *, recipient: Any) -> dto.RecipientDTO:
    """One recipient by slug."""
    return _one(uow, "recipient", recipient, lambda: uow.recipients, recipient_dto)


def list_recipients(uow: UnitOfWork) -> list[dto.RecipientDTO]:
    """Every recipient, by slug."""
    uow.ensure_active()
    return [recipient_dto(r) for r in uow.recipients.list_all()]
