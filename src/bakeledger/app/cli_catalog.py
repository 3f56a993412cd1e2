"""CLI commands for the catalogue: ingredients, products, recipes, finished units, bundles, packages
and recipients (`bakeledger ingredient add …`, `bakeledger recipe add …`, …).

Repeated options take `PART:PART[:PART]` values (`--line flour:2:cup`); a value that does not have
the expected parts is a usage error, before anything is opened or written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from bakeledger.app.cli_support import JSON_OPTION, show, state
from bakeledger.services import catalog


def _group(help_text: str) -> typer.Typer:
    group = typer.Typer(help=help_text)

    @group.callback(invoke_without_command=True)
    def _missing(ctx: typer.Context) -> None:
        if ctx.invoked_subcommand is None:
            ctx.fail(f"missing {ctx.info_name} command")

    return group


ingredient_app = _group("Ingredients (packaging too): add them with a density and a category.")
product_app = _group("Products: the purchasable forms of an ingredient.")
recipe_app = _group("Recipes: ingredient lines and nested recipes.")
finished_unit_app = _group("Finished units: what a recipe yields, so many per batch.")
bundle_app = _group("Bundles (finished goods): finished units, other bundles and packaging.")
package_app = _group("Packages: what a recipient gets, made of bundles.")
recipient_app = _group("Recipients: who gets a package.")

GROUPS: dict[str, typer.Typer] = {
    "ingredient": ingredient_app,
    "product": product_app,
    "recipe": recipe_app,
    "finished-unit": finished_unit_app,
    "bundle": bundle_app,
    "package": package_app,
    "recipient": recipient_app,
}


def register(root: typer.Typer) -> None:
    """Add one command group per kind of catalogue entry."""
    for name, group in GROUPS.items():
        root.add_typer(group, name=name)


def parts(value: str, option: str, names: tuple[str, ...]) -> dict[str, str]:
    """`a:b:c` as {names[0]: a, …}; parts may hold spaces (a unit such as "fl oz")."""
    pieces = value.split(":", len(names) - 1)
    if len(pieces) != len(names) or not all(piece.strip() for piece in pieces):
        raise typer.BadParameter(f"{value!r} is not {':'.join(n.upper() for n in names)}", param_hint=option)
    return {name: piece.strip() for name, piece in zip(names, pieces, strict=True)}


def _each(values: list[str] | None, option: str, names: tuple[str, ...]) -> list[dict[str, str]]:
    return [parts(value, option, names) for value in values or []]


def _add(ctx: typer.Context, create: Callable[..., Any], as_json: bool, **kwargs: Any) -> None:
    show(state(ctx).write(create, **kwargs), as_json)


@ingredient_app.command("add")
def add_ingredient(
    ctx: typer.Context,
    name: str,
    density: str | None = typer.Option(None, "--density", help='How volume weighs: "1 cup = 120 g".'),
    category: str = typer.Option("general", "--category", help="For example baking, dairy, packaging."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add an ingredient (packaging such as bags and ribbon is an ingredient too)."""
    _add(ctx, catalog.create_ingredient, as_json, name=name, density=density, category=category)


@product_app.command("add")
def add_product(
    ctx: typer.Context,
    ingredient: str = typer.Argument(..., help="Ingredient slug."),
    brand: str = typer.Option(..., "--brand"),
    unit: str = typer.Option(..., "--unit", help="The package unit: lb, cup, each, bag…"),
    quantity: str = typer.Option(..., "--quantity", help="How much of the unit one package holds."),
    name: str | None = typer.Option(None, "--name", help="The product's own name, if any."),
    preferred: bool = typer.Option(False, "--preferred", help="Buy this one for the ingredient."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a product: a purchasable form of an ingredient."""
    _add(
        ctx,
        catalog.create_product,
        as_json,
        ingredient=ingredient,
        brand=brand,
        package_unit=unit,
        package_unit_quantity=quantity,
        name=name,
        preferred=preferred,
    )


@recipe_app.command("add")
def add_recipe(
    ctx: typer.Context,
    name: str,
    line: list[str] | None = typer.Option(None, "--line", help="INGREDIENT:QUANTITY:UNIT, repeatable."),
    component: list[str] | None = typer.Option(
        None, "--component", help="RECIPE:MULTIPLIER, a nested recipe, repeatable."
    ),
    category: str = typer.Option("general", "--category"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a recipe from its ingredient lines and nested recipes (one batch)."""
    _add(
        ctx,
        catalog.create_recipe,
        as_json,
        name=name,
        category=category,
        ingredients=_each(line, "--line", ("ingredient", "quantity", "unit")),
        components=_each(component, "--component", ("recipe", "multiplier")),
    )


@finished_unit_app.command("add")
def add_finished_unit(
    ctx: typer.Context,
    recipe: str = typer.Argument(..., help="Recipe slug."),
    name: str = typer.Argument(..., help="What one item is called, e.g. Sugar Cookie."),
    per_batch: int = typer.Option(..., "--per-batch", help="Items one batch yields."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add what a recipe yields, so many items per batch."""
    _add(ctx, catalog.create_finished_unit, as_json, recipe=recipe, name=name, items_per_batch=per_batch)


_ITEM_KINDS = {"finished-unit": "finished_unit", "bundle": "finished_good"}


@bundle_app.command("add")
def add_bundle(
    ctx: typer.Context,
    name: str,
    item: list[str] | None = typer.Option(
        None, "--item", help="finished-unit:SLUG:QTY or bundle:SLUG:QTY, repeatable."
    ),
    packaging: list[str] | None = typer.Option(
        None, "--packaging", help="PRODUCT:QTY in the product's unit, repeatable."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a bundle (a gift bag, a box) of finished units, other bundles and packaging."""
    components = []
    for entry in _each(item, "--item", ("kind", "slug", "quantity")):
        kind = _ITEM_KINDS.get(entry["kind"])
        if kind is None:
            raise typer.BadParameter(
                f"{entry['kind']!r} is not one of {', '.join(_ITEM_KINDS)}", param_hint="--item"
            )
        components.append({"kind": kind, "slug": entry["slug"], "quantity": entry["quantity"]})
    for entry in _each(packaging, "--packaging", ("slug", "quantity")):
        components.append({"kind": "packaging", **entry})
    _add(ctx, catalog.create_finished_good, as_json, name=name, components=components)


@package_app.command("add")
def add_package(
    ctx: typer.Context,
    name: str,
    bundle: list[str] | None = typer.Option(None, "--bundle", help="BUNDLE:QTY, repeatable."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a package: what one recipient gets, made of bundles."""
    contents = [
        {"finished_good": entry["slug"], "quantity": entry["quantity"]}
        for entry in _each(bundle, "--bundle", ("slug", "quantity"))
    ]
    _add(ctx, catalog.create_package, as_json, name=name, contents=contents)


@recipient_app.command("add")
def add_recipient(
    ctx: typer.Context,
    name: str,
    household: str | None = typer.Option(None, "--household"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add someone who gets packages."""
    _add(ctx, catalog.create_recipient, as_json, name=name, household=household)
