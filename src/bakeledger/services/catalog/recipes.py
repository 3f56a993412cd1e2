"""Recipes: ingredient lines, nested recipe components, and their aggregated ingredients."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bakeledger.domain.catalog import Recipe
from bakeledger.domain.errors import DuplicateName, ValidationError
from bakeledger.domain.recipes import check_nesting
from bakeledger.domain.slugs import slugify, unique_slug
from bakeledger.services import arguments, dto
from bakeledger.services.catalog import parts
from bakeledger.services.catalog.ingredients import fitting_unit
from bakeledger.services.dto import build
from bakeledger.services.stock import aggregated_lines
from bakeledger.uow.base import UnitOfWork


def create_recipe(
    uow: UnitOfWork,
    *,
    name: str,
    category: str = "general",
    ingredients: list[dict[str, Any]] | None = None,
    components: list[dict[str, Any]] | None = None,
) -> dto.RecipeDTO:
    """Add a recipe with ingredient lines and nested recipe components (depth ≤ 3, no cycles)."""
    name, category = arguments.name(name), arguments.name(category, "category")
    lines = parts.recipe_lines(ingredients)
    nested = parts.recipe_components(components)
    uow.ensure_active()
    if uow.recipes.name_taken(name):
        raise DuplicateName(kind="recipe", name=name)
    slug = unique_slug(slugify(name), uow.recipes.slug_taken)
    rows = line_rows(uow, lines)
    part_rows = []
    for component_slug, multiplier in nested:
        component = uow.recipes.get(component_slug)
        check_nesting(slug, component.slug, uow.recipes.child_slugs, lambda _s: [])
        part_rows.append((component.id, multiplier))
    recipe = uow.recipes.add(name=name, slug=slug, category=category, lines=rows, components=part_rows)
    return recipe_dto(recipe)


def line_rows(uow: UnitOfWork, lines: list[tuple[str, Decimal, str]]) -> list[tuple[int, Decimal, str]]:
    """Recipe lines as (ingredient id, quantity, unit), each unit checked against the units the
    ingredient already uses, the earlier lines of this recipe included."""
    rows: list[tuple[int, Decimal, str]] = []
    for ingredient_slug, quantity, unit in lines:
        ingredient = uow.ingredients.get(ingredient_slug)
        earlier = {u for i, _q, u in rows if i == ingredient.id}
        rows.append((ingredient.id, quantity, fitting_unit(uow, ingredient, unit, "unit", earlier)))
    return rows


def add_recipe_component(
    uow: UnitOfWork, *, recipe: str, component: str, multiplier: Any = 1
) -> dto.RecipeDTO:
    """Nest `component` inside `recipe` × multiplier (refused if it makes a cycle or nests > 3)."""
    factor = arguments.parse_quantity(multiplier, "multiplier")
    uow.ensure_active()
    parent, child = uow.recipes.get(recipe), uow.recipes.get(component)
    if any(c.recipe_id == child.id for c in parent.components):
        raise ValidationError(
            field="component", value=component, message=f"{component} is already a component"
        )
    check_nesting(parent.slug, child.slug, uow.recipes.child_slugs, uow.recipes.parent_slugs)
    uow.recipes.add_component(parent.id, child.id, factor)
    return recipe_dto(uow.recipes.get_by_id(parent.id))


def recipe_dto(r: Recipe) -> dto.RecipeDTO:
    return build(
        dto.RecipeDTO,
        id=r.id,
        uuid=r.uuid,
        slug=r.slug,
        name=r.name,
        category=r.category,
        ingredients=[
            build(dto.RecipeLineDTO, ingredient=ln.ingredient_slug, quantity=ln.quantity, unit=ln.unit)
            for ln in r.lines
        ],
        components=[
            build(dto.RecipeComponentDTO, recipe=c.recipe_slug, multiplier=c.multiplier) for c in r.components
        ],
    )


def aggregated_ingredients(uow: UnitOfWork, *, recipe: str, batches: Any = 1) -> list[dto.RecipeLineDTO]:
    """The recipe's ingredients with every nested component merged in, × batches."""
    count = arguments.parse_count(batches, "batches")
    uow.ensure_active()
    lines = aggregated_lines(uow, uow.recipes.get(recipe), Decimal(count))
    return [
        build(dto.RecipeLineDTO, ingredient=ln.ingredient_slug, quantity=ln.quantity, unit=ln.unit)
        for ln in lines
    ]
