"""Deleting catalogue entries: refused with `InUse`, naming what refers to the entry, while
anything does (another entry, a target, an assignment, a lot, a run or finished stock), so
history and plans never lose what they name. Nothing is written when a delete is refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from bakeledger.domain.errors import InUse
from bakeledger.services import arguments, dto
from bakeledger.services.catalog.bundles import finished_good_dto, finished_unit_dto, package_dto
from bakeledger.services.catalog.ingredients import ingredient_dto, product_dto
from bakeledger.services.catalog.recipes import recipe_dto
from bakeledger.services.catalog.recipients import recipient_dto
from bakeledger.uow.base import UnitOfWork

E = TypeVar("E", covariant=True)
D = TypeVar("D")


class _Deletable(Protocol[E]):
    def get(self, slug: str) -> E: ...
    def used_by(self, entity_id: int, /) -> list[str]: ...
    def delete(self, entity_id: int, /) -> None: ...


def _delete(
    uow: UnitOfWork, field: str, value: Any, repo: Callable[[], _Deletable[Any]], to_dto: Callable[[Any], D]
) -> D:
    """Delete the entry `value` names, or refuse with InUse before writing anything."""
    slug = arguments.slug(value, field)
    uow.ensure_active()
    uow.recipes.lock_catalogue()  # what uses the entry cannot change before the delete commits
    entries = repo()
    current = entries.get(slug)
    users = entries.used_by(current.id)
    if users:
        raise InUse(kind=field.replace("_", " "), key=slug, used_by=users)
    entries.delete(current.id)
    return to_dto(current)


def delete_ingredient(uow: UnitOfWork, *, ingredient: Any) -> dto.IngredientDTO:
    """Delete an ingredient that has no products, lots or recipe lines."""
    return _delete(uow, "ingredient", ingredient, lambda: uow.ingredients, ingredient_dto)


def delete_product(uow: UnitOfWork, *, product: Any) -> dto.ProductDTO:
    """Delete a product that has no lots and packs no finished good."""
    return _delete(uow, "product", product, lambda: uow.products, product_dto)


def delete_recipe(uow: UnitOfWork, *, recipe: Any) -> dto.RecipeDTO:
    """Delete a recipe (with its lines and components) that no recipe nests, and that has no
    finished units, targets or runs."""
    return _delete(uow, "recipe", recipe, lambda: uow.recipes, recipe_dto)


def delete_finished_unit(uow: UnitOfWork, *, finished_unit: Any) -> dto.FinishedUnitDTO:
    """Delete a finished unit that no bundle holds and that has no runs or finished stock lots."""
    return _delete(uow, "finished_unit", finished_unit, lambda: uow.finished_units, finished_unit_dto)


def delete_finished_good(uow: UnitOfWork, *, finished_good: Any) -> dto.FinishedGoodDTO:
    """Delete a finished good (with its components) that no good or package holds and that has no
    targets, runs or finished stock lots."""
    return _delete(uow, "finished_good", finished_good, lambda: uow.finished_goods, finished_good_dto)


def delete_package(uow: UnitOfWork, *, package: Any) -> dto.PackageDTO:
    """Delete a package (with its contents) that no assignment gives."""
    return _delete(uow, "package", package, lambda: uow.packages, package_dto)


def delete_recipient(uow: UnitOfWork, *, recipient: Any) -> dto.RecipientDTO:
    """Delete a recipient that no assignment names."""
    return _delete(uow, "recipient", recipient, lambda: uow.recipients, recipient_dto)
