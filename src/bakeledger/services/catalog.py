"""Catalogue use cases: ingredients, products, recipes, finished units and goods, packages, recipients."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bakeledger.domain.catalog import COMPONENT_KINDS, FinishedGood, Recipe
from bakeledger.domain.errors import DuplicateName, ValidationError
from bakeledger.domain.numbers import parse_count, parse_quantity
from bakeledger.domain.recipes import check_nesting
from bakeledger.domain.slugs import clean_name, slugify, unique_slug
from bakeledger.domain.units import normalize_unit, parse_density
from bakeledger.services import dto
from bakeledger.services.dto import build
from bakeledger.services.stock import aggregated_lines
from bakeledger.uow.base import UnitOfWork


def _optional_text(value: Any, field: str) -> str | None:
    return None if value is None else clean_name(value, field)


def _items(value: Any, field: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, dict) for v in value):
        raise ValidationError(
            field=field, value=repr(value)[:80], message=f"{field} must be a list of objects"
        )
    return list(value)


def create_ingredient(
    uow: UnitOfWork, *, name: str, category: str = "general", density: str | None = None
) -> dto.IngredientDTO:
    """Add an ingredient; its slug is made from the name."""
    name, category = clean_name(name), clean_name(category, "category")
    density_text = parse_density(density).text() if density is not None else None
    uow.ensure_active()
    if uow.ingredients.name_taken(name):
        raise DuplicateName(kind="ingredient", name=name)
    slug = unique_slug(slugify(name), uow.ingredients.slug_taken)
    ingredient = uow.ingredients.add(name=name, slug=slug, category=category, density=density_text)
    return ingredient_dto(ingredient)


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
    brand, name = clean_name(brand, "brand"), _optional_text(name, "name")
    unit = normalize_unit(package_unit)
    quantity = parse_quantity(package_unit_quantity, "package_unit_quantity")
    if not isinstance(preferred, bool):
        raise ValidationError(field="preferred", value=repr(preferred), message="preferred must be a bool")
    uow.ensure_active()
    base = uow.ingredients.get(ingredient)
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


def create_recipe(
    uow: UnitOfWork,
    *,
    name: str,
    category: str = "general",
    ingredients: list[dict[str, Any]] | None = None,
    components: list[dict[str, Any]] | None = None,
) -> dto.RecipeDTO:
    """Add a recipe with ingredient lines and nested recipe components (depth ≤ 3, no cycles)."""
    name, category = clean_name(name), clean_name(category, "category")
    raw_lines, raw_components = _items(ingredients, "ingredients"), _items(components, "components")
    lines = [
        (
            line.get("ingredient"),
            parse_quantity(line.get("quantity"), "quantity"),
            normalize_unit(line.get("unit", "")),
        )
        for line in raw_lines
    ]
    parts = [(c.get("recipe"), parse_quantity(c.get("multiplier", 1), "multiplier")) for c in raw_components]
    if len({p[0] for p in parts}) != len(parts):
        raise ValidationError(field="components", message="a component recipe is listed twice")
    uow.ensure_active()
    if uow.recipes.name_taken(name):
        raise DuplicateName(kind="recipe", name=name)
    slug = unique_slug(slugify(name), uow.recipes.slug_taken)
    line_rows = [(uow.ingredients.get(str(i)).id, q, u) for i, q, u in lines]
    part_rows = []
    for component_slug, multiplier in parts:
        component = uow.recipes.get(str(component_slug))
        check_nesting(slug, component.slug, uow.recipes.child_slugs, lambda _s: [])
        part_rows.append((component.id, multiplier))
    recipe = uow.recipes.add(name=name, slug=slug, category=category, lines=line_rows, components=part_rows)
    return recipe_dto(recipe)


def add_recipe_component(
    uow: UnitOfWork, *, recipe: str, component: str, multiplier: Any = 1
) -> dto.RecipeDTO:
    """Nest `component` inside `recipe` × multiplier (refused if it makes a cycle or nests > 3)."""
    factor = parse_quantity(multiplier, "multiplier")
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
    count = parse_count(batches, "batches")
    uow.ensure_active()
    lines = aggregated_lines(uow, uow.recipes.get(recipe), Decimal(count))
    return [
        build(dto.RecipeLineDTO, ingredient=ln.ingredient_slug, quantity=ln.quantity, unit=ln.unit)
        for ln in lines
    ]


def create_finished_unit(
    uow: UnitOfWork, *, recipe: str, name: str, items_per_batch: Any
) -> dto.FinishedUnitDTO:
    """Add what a recipe yields, `items_per_batch` items per batch."""
    name = clean_name(name)
    items = parse_count(items_per_batch, "items_per_batch")
    uow.ensure_active()
    base = uow.recipes.get(recipe)
    slug = unique_slug(slugify(name), uow.finished_units.slug_taken)
    unit = uow.finished_units.add(recipe_id=base.id, name=name, slug=slug, items_per_batch=items)
    return finished_unit_dto(unit)


def finished_unit_dto(u: Any) -> dto.FinishedUnitDTO:
    return build(
        dto.FinishedUnitDTO,
        id=u.id,
        uuid=u.uuid,
        slug=u.slug,
        name=u.name,
        recipe=u.recipe_slug,
        items_per_batch=u.items_per_batch,
    )


def create_finished_good(
    uow: UnitOfWork, *, name: str, components: list[dict[str, Any]] | None = None
) -> dto.FinishedGoodDTO:
    """Add a bundle of finished units, other finished goods and packaging products."""
    name = clean_name(name)
    parsed = []
    for comp in _items(components, "components"):
        kind = comp.get("kind")
        if kind not in COMPONENT_KINDS:
            raise ValidationError(
                field="kind", value=kind, message=f"kind must be one of {', '.join(COMPONENT_KINDS)}"
            )
        if kind == "packaging":
            quantity = parse_quantity(comp.get("quantity", 1), "quantity")
        else:
            quantity = Decimal(parse_count(comp.get("quantity", 1), "quantity"))
        parsed.append((str(kind), comp.get("slug"), quantity))
    if not parsed:
        raise ValidationError(field="components", message="a finished good needs at least one component")
    uow.ensure_active()
    if uow.finished_goods.name_taken(name):
        raise DuplicateName(kind="finished good", name=name)
    rows = []
    for kind, slug, quantity in parsed:
        repos: dict[str, Any] = {
            "finished_unit": uow.finished_units,
            "finished_good": uow.finished_goods,
            "packaging": uow.products,
        }
        ref = repos[kind].get(str(slug))
        rows.append((kind, ref.id, quantity))
    good = uow.finished_goods.add(
        name=name, slug=unique_slug(slugify(name), uow.finished_goods.slug_taken), components=rows
    )
    return finished_good_dto(good)


def finished_good_dto(g: FinishedGood) -> dto.FinishedGoodDTO:
    return build(
        dto.FinishedGoodDTO,
        id=g.id,
        uuid=g.uuid,
        slug=g.slug,
        name=g.name,
        components=[
            build(dto.FinishedGoodComponentDTO, kind=c.kind, slug=c.slug, quantity=c.quantity)
            for c in g.components
        ],
    )


def create_package(
    uow: UnitOfWork, *, name: str, contents: list[dict[str, Any]] | None = None
) -> dto.PackageDTO:
    """Add what a recipient gets: finished goods × quantity."""
    name = clean_name(name)
    parsed = [
        (c.get("finished_good"), parse_count(c.get("quantity", 1), "quantity"))
        for c in _items(contents, "contents")
    ]
    uow.ensure_active()
    if uow.packages.name_taken(name):
        raise DuplicateName(kind="package", name=name)
    rows = [(uow.finished_goods.get(str(slug)).id, quantity) for slug, quantity in parsed]
    package = uow.packages.add(
        name=name, slug=unique_slug(slugify(name), uow.packages.slug_taken), contents=rows
    )
    return package_dto(package)


def package_dto(p: Any) -> dto.PackageDTO:
    return build(
        dto.PackageDTO,
        id=p.id,
        uuid=p.uuid,
        slug=p.slug,
        name=p.name,
        contents=[
            build(dto.PackageContentDTO, finished_good=c.finished_good_slug, quantity=c.quantity)
            for c in p.contents
        ],
    )


def create_recipient(uow: UnitOfWork, *, name: str, household: str | None = None) -> dto.RecipientDTO:
    """Add someone who receives packages."""
    name, household = clean_name(name), _optional_text(household, "household")
    uow.ensure_active()
    recipient = uow.recipients.add(
        name=name, slug=unique_slug(slugify(name), uow.recipients.slug_taken), household=household
    )
    return build(
        dto.RecipientDTO,
        id=recipient.id,
        uuid=recipient.uuid,
        slug=recipient.slug,
        name=recipient.name,
        household=recipient.household,
    )
