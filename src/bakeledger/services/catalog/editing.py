"""Editing the catalogue: each `update_*` changes only the fields it is given.

A renamed entry keeps its slug: slugs are the identities that scripts, exports and other entries
refer to. Replaced recipe lines and components, bundle components and package contents pass the
same checks as at creation, plus the nesting checks (no cycles, recipe depth). A production run
keeps its own snapshot of the recipe; an assembly run reads its bundle's components, so those are
frozen once the bundle has runs. Either way an edit never changes history.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from bakeledger.domain.bundles import check_bundle_nesting
from bakeledger.domain.errors import DuplicateName, InUse
from bakeledger.domain.recipes import check_nesting
from bakeledger.domain.slugs import name_key
from bakeledger.domain.units import check_unit_fits, parse_density
from bakeledger.services import arguments, dto
from bakeledger.services.catalog import parts
from bakeledger.services.catalog.bundles import finished_good_dto, finished_unit_dto, package_dto
from bakeledger.services.catalog.ingredients import ingredient_dto, product_dto
from bakeledger.services.catalog.recipes import line_rows, recipe_dto
from bakeledger.services.catalog.recipients import recipient_dto
from bakeledger.uow.base import UnitOfWork


def update_ingredient(uow: UnitOfWork, *, ingredient: Any, **changes: Any) -> dto.IngredientDTO:
    """Change name, category and/or density (density=None clears it); the slug stays."""
    slug = arguments.slug(ingredient, "ingredient")
    values = _values(changes, name=arguments.name, category=arguments.name, density=_density)
    _start_edit(uow)
    current = uow.ingredients.get(slug)
    _refuse_taken_name(values, current.name, uow.ingredients.name_taken, "ingredient")
    if "density" in values:  # the units the ingredient already uses must still convert
        density = parse_density(values["density"]) if values["density"] else None
        used = uow.ingredients.units_in_use(current.id)
        for unit in used:
            check_unit_fits(unit, used - {unit}, density, field="density", ingredient=current.slug)
    return ingredient_dto(uow.ingredients.update(current.id, **values))


def update_product(uow: UnitOfWork, *, product: Any, **changes: Any) -> dto.ProductDTO:
    """Change brand, name (None clears it) and/or preferred (preferring it demotes the ingredient's
    other products); the slug stays."""
    slug = arguments.slug(product, "product")
    values = _values(changes, brand=arguments.name, name=arguments.optional_name, preferred=arguments.flag)
    _start_edit(uow)
    return product_dto(uow.products.update(uow.products.get(slug), **values))


def update_recipe(uow: UnitOfWork, *, recipe: Any, **changes: Any) -> dto.RecipeDTO:
    """Change name and/or category, replace the ingredient lines and/or the nested components
    (refused if that makes a cycle or nests deeper than 3); the slug stays."""
    slug = arguments.slug(recipe, "recipe")
    values = _values(
        changes,
        name=arguments.name,
        category=arguments.name,
        ingredients=parts.recipe_lines,
        components=parts.recipe_components,
    )
    lines, components = values.pop("ingredients", None), values.pop("components", None)
    _start_edit(uow)
    current = uow.recipes.get(slug)
    _refuse_taken_name(values, current.name, uow.recipes.name_taken, "recipe")
    rows = None if lines is None else line_rows(uow, lines)
    part_rows = None if components is None else _nested(uow, current.slug, components)
    return recipe_dto(uow.recipes.update(current.id, lines=rows, components=part_rows, **values))


def _start_edit(uow: UnitOfWork) -> None:
    """Edits run one at a time (two edits could each pass a check the other breaks)."""
    uow.ensure_active()
    uow.recipes.lock_catalogue()


def _nested(uow: UnitOfWork, recipe: str, components: list[tuple[str, Decimal]]) -> list[tuple[int, Decimal]]:
    """Component rows for `recipe`, each checked as `add_recipe_component` checks it, against the
    recipe's new components rather than its current ones."""
    new_children = [component for component, _ in components]

    def children(slug: str) -> list[str]:
        return new_children if slug == recipe else uow.recipes.child_slugs(slug)

    rows = []
    for component_slug, multiplier in components:
        component = uow.recipes.get(component_slug)
        check_nesting(recipe, component.slug, children, uow.recipes.parent_slugs)
        rows.append((component.id, multiplier))
    return rows


def update_finished_unit(uow: UnitOfWork, *, finished_unit: Any, **changes: Any) -> dto.FinishedUnitDTO:
    """Change name and/or items_per_batch (runs keep the yield they expected); the slug stays."""
    slug = arguments.slug(finished_unit, "finished_unit")
    values = _values(changes, name=arguments.name, items_per_batch=arguments.parse_count)
    _start_edit(uow)
    return finished_unit_dto(uow.finished_units.update(uow.finished_units.get(slug).id, **values))


def update_finished_good(uow: UnitOfWork, *, finished_good: Any, **changes: Any) -> dto.FinishedGoodDTO:
    """Change the name and/or replace the components; the slug stays. Replacing is refused if the
    good would hold itself, or once it has assembly runs (they read their components from it)."""
    slug = arguments.slug(finished_good, "finished_good")
    values = _values(changes, name=arguments.name, components=parts.good_components)
    components = values.pop("components", None)
    _start_edit(uow)
    current = uow.finished_goods.get(slug)
    _refuse_taken_name(values, current.name, uow.finished_goods.name_taken, "finished good")
    rows = None
    if components is not None:
        if uow.assembly_runs.history(finished_good_id=current.id, limit=1):
            raise InUse(
                kind="finished good",
                key=current.slug,
                used_by=["assembly runs"],
                message=f"finished good {current.slug!r} has assembly runs, which read its components:"
                " make a new finished good instead of replacing them",
            )
        rows = parts.good_component_rows(uow, components)
        inner = [s for kind, s, _ in components if kind == "finished_good"]
        if inner:
            goods_inside = {
                g.slug: [c.slug for c in g.components if c.kind == "finished_good"]
                for g in uow.finished_goods.list_all()
            }
            check_bundle_nesting(current.slug, inner, goods_inside)
    return finished_good_dto(uow.finished_goods.update(current.id, components=rows, **values))


def update_package(uow: UnitOfWork, *, package: Any, **changes: Any) -> dto.PackageDTO:
    """Change the name and/or replace the contents; the slug stays."""
    slug = arguments.slug(package, "package")
    values = _values(changes, name=arguments.name, contents=parts.package_contents)
    contents = values.pop("contents", None)
    _start_edit(uow)
    current = uow.packages.get(slug)
    _refuse_taken_name(values, current.name, uow.packages.name_taken, "package")
    rows = None if contents is None else [(uow.finished_goods.get(g).id, q) for g, q in contents]
    return package_dto(uow.packages.update(current, contents=rows, **values))


def update_recipient(uow: UnitOfWork, *, recipient: Any, **changes: Any) -> dto.RecipientDTO:
    """Change name and/or household (household=None clears it); the slug stays."""
    slug = arguments.slug(recipient, "recipient")
    values = _values(changes, name=arguments.name, household=arguments.optional_name)
    _start_edit(uow)
    return recipient_dto(uow.recipients.update(uow.recipients.get(slug), **values))


def _values(changes: dict[str, Any], **readers: Callable[[Any, str], Any]) -> dict[str, Any]:
    """The changes given, each read by its field's reader (fields without a reader are refused)."""
    given = arguments.changes(changes, tuple(readers))
    return {field: readers[field](value, field) for field, value in given.items()}


def _density(value: Any, field: str) -> str | None:
    """None (no density), or a density in its normal form ("1 cup = 120 g")."""
    return None if value is None else parse_density(value).text()


def _refuse_taken_name(values: dict[str, Any], current: str, taken: Callable[[str], bool], kind: str) -> None:
    """A new name must not be another entry's (one's own name, however it is spelled, is no clash)."""
    name = values.get("name")
    if name is not None and name_key(name) != name_key(current) and taken(name):
        raise DuplicateName(kind=kind, name=name)
