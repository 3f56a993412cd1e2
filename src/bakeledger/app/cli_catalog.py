"""CLI commands for the catalogue: ingredients, products, recipes, finished units, bundles, packages
and recipients (`bakeledger ingredient add …`, `bakeledger recipe add …`, …).

Repeated options take `PART:PART[:PART]` values (`--line flour:2:cup`); a value that does not have
the expected parts is a usage error, before anything is opened or written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from bakeledger.app.cli_support import JSON_OPTION, console, plain, show, show_record, show_rows, state
from bakeledger.services import catalog
from bakeledger.services.dto import converter


def command_group(help_text: str) -> typer.Typer:
    """A Typer group that fails with a usage error when no command is given."""
    group = typer.Typer(help=help_text)

    @group.callback(invoke_without_command=True)
    def _missing(ctx: typer.Context) -> None:
        if ctx.invoked_subcommand is None:
            ctx.fail(f"missing {ctx.info_name} command")

    return group


ingredient_app = command_group("Ingredients (packaging too): add them with a density and a category.")
product_app = command_group("Products: the purchasable forms of an ingredient.")
recipe_app = command_group("Recipes: ingredient lines and nested recipes.")
finished_unit_app = command_group("Finished units: what a recipe yields, so many per batch.")
bundle_app = command_group("Bundles (finished goods): finished units, other bundles and packaging.")
package_app = command_group("Packages: what a recipient gets, made of bundles.")
recipient_app = command_group("Recipients: who gets a package.")

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
    _add(
        ctx, catalog.create_finished_good, as_json, name=name, components=_bundle_components(item, packaging)
    )


def _bundle_components(item: list[str] | None, packaging: list[str] | None) -> list[dict[str, str]]:
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
    return components


@package_app.command("add")
def add_package(
    ctx: typer.Context,
    name: str,
    bundle: list[str] | None = typer.Option(None, "--bundle", help="BUNDLE:QTY, repeatable."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a package: what one recipient gets, made of bundles."""
    _add(ctx, catalog.create_package, as_json, name=name, contents=_package_contents(bundle))


def _package_contents(bundle: list[str] | None) -> list[dict[str, str]]:
    return [
        {"finished_good": entry["slug"], "quantity": entry["quantity"]}
        for entry in _each(bundle, "--bundle", ("slug", "quantity"))
    ]


@recipient_app.command("add")
def add_recipient(
    ctx: typer.Context,
    name: str,
    household: str | None = typer.Option(None, "--household"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add someone who gets packages."""
    _add(ctx, catalog.create_recipient, as_json, name=name, household=household)


# --- reading, editing and deleting: the same four commands for every kind ---------------------
class _Kind:
    """One kind of catalogue entry as the CLI shows it: its services and its list columns."""

    def __init__(self, keyword: str, plural: str, service: str, columns: list[str]) -> None:
        self.keyword, self.plural, self.columns = keyword, plural, columns
        self.get = getattr(catalog, f"get_{service}")
        self.list = getattr(catalog, f"list_{service}s")
        self.update = getattr(catalog, f"update_{service}")
        self.delete = getattr(catalog, f"delete_{service}")


KINDS: dict[str, _Kind] = {
    "ingredient": _Kind("ingredient", "Ingredients", "ingredient", ["slug", "name", "category", "density"]),
    "product": _Kind(
        "product",
        "Products",
        "product",
        ["slug", "ingredient", "brand", "name", "package_unit", "package_unit_quantity", "preferred"],
    ),
    "recipe": _Kind("recipe", "Recipes", "recipe", ["slug", "name", "category"]),
    "finished-unit": _Kind(
        "finished_unit", "Finished units", "finished_unit", ["slug", "name", "recipe", "items_per_batch"]
    ),
    "bundle": _Kind("finished_good", "Bundles", "finished_good", ["slug", "name"]),
    "package": _Kind("package", "Packages", "package", ["slug", "name"]),
    "recipient": _Kind("recipient", "Recipients", "recipient", ["slug", "name", "household"]),
}


def show_entry(entry: Any, as_json: bool) -> None:
    """One entry: its fields, then each of its lists (lines, components, contents) as a table."""
    if as_json:
        show(entry, True)
        return
    show_record(entry)
    for field, value in converter.unstructure(entry).items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            show_rows(getattr(entry, field), list(value[0]), title=field.replace("_", " "), empty="")


def _read_commands(name: str, kind: _Kind) -> None:
    group = GROUPS[name]

    def list_command(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
        rows = state(ctx).read(kind.list)
        show_rows(
            rows, kind.columns, title=kind.plural, empty=f"No {kind.plural.lower()} yet.", as_json=as_json
        )

    def show_command(ctx: typer.Context, slug: str, as_json: bool = JSON_OPTION) -> None:
        show_entry(state(ctx).read(kind.get, **{kind.keyword: slug}), as_json)

    def delete_command(ctx: typer.Context, slug: str, as_json: bool = JSON_OPTION) -> None:
        deleted = state(ctx).write(kind.delete, **{kind.keyword: slug})
        if not as_json:
            console.print(plain(f"Deleted {name.replace('-', ' ')} {deleted.slug}:", "bold"))
        show_entry(deleted, as_json)

    list_command.__doc__ = f"{kind.plural}, by slug."
    show_command.__doc__ = f"One {name.replace('-', ' ')} with everything it holds."
    delete_command.__doc__ = f"Delete a {name.replace('-', ' ')} nothing uses (refused while anything does)."
    group.command("list")(list_command)
    group.command("show")(show_command)
    group.command("delete")(delete_command)


for _name, _kind in KINDS.items():
    _read_commands(_name, _kind)


def _edit(ctx: typer.Context, group: str, slug: str, as_json: bool, /, **changes: Any) -> None:
    """Change only what was given (an option left out keeps its value)."""
    kind = KINDS[group]
    given = {key: value for key, value in changes.items() if value is not _KEEP}
    if not given:
        raise typer.BadParameter("nothing to change: give at least one option", param_hint="options")
    show_entry(state(ctx).write(kind.update, **{kind.keyword: slug}, **given), as_json)


_KEEP: Any = object()  # an option that was not given


def _given(value: Any, clear: bool = False, option: str = "") -> Any:
    """What an edit option asks for: a new value, None (its --no- twin: remove it), or keep it."""
    if clear and value is not None:
        raise typer.BadParameter(
            f"give either --{option} or --no-{option}, not both", param_hint=f"--{option}"
        )
    return None if clear else (_KEEP if value is None else value)


@ingredient_app.command("edit")
def edit_ingredient(
    ctx: typer.Context,
    slug: str,
    name: str | None = typer.Option(None, "--name", help="A new name (the slug stays)."),
    category: str | None = typer.Option(None, "--category"),
    density: str | None = typer.Option(None, "--density", help='"1 cup = 120 g".'),
    no_density: bool = typer.Option(False, "--no-density", help="Remove the density."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Change an ingredient's name, category or density."""
    _edit(
        ctx,
        "ingredient",
        slug,
        as_json,
        name=_given(name),
        category=_given(category),
        density=_given(density, no_density, "density"),
    )


@product_app.command("edit")
def edit_product(
    ctx: typer.Context,
    slug: str,
    brand: str | None = typer.Option(None, "--brand"),
    name: str | None = typer.Option(None, "--name"),
    no_name: bool = typer.Option(False, "--no-name", help="Remove the product's own name."),
    preferred: bool | None = typer.Option(None, "--preferred/--not-preferred"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Change a product's brand, name, or whether it is the one to buy."""
    _edit(
        ctx,
        "product",
        slug,
        as_json,
        brand=_given(brand),
        name=_given(name, no_name, "name"),
        preferred=_given(preferred),
    )


@recipe_app.command("edit")
def edit_recipe(
    ctx: typer.Context,
    slug: str,
    name: str | None = typer.Option(None, "--name"),
    category: str | None = typer.Option(None, "--category"),
    line: list[str] | None = typer.Option(
        None, "--line", help="Replaces every line: INGREDIENT:QUANTITY:UNIT."
    ),
    component: list[str] | None = typer.Option(
        None, "--component", help="Replaces every nested recipe: RECIPE:MULTIPLIER."
    ),
    no_components: bool = typer.Option(False, "--no-components", help="Remove every nested recipe."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Change a recipe (runs already recorded keep the recipe they used)."""
    if no_components and component:
        raise typer.BadParameter(
            "give either --component or --no-components, not both", param_hint="--component"
        )
    components: Any = [] if no_components else _KEEP
    if component:
        components = _each(component, "--component", ("recipe", "multiplier"))
    _edit(
        ctx,
        "recipe",
        slug,
        as_json,
        name=_given(name),
        category=_given(category),
        ingredients=_each(line, "--line", ("ingredient", "quantity", "unit")) if line else _KEEP,
        components=components,
    )


@finished_unit_app.command("edit")
def edit_finished_unit(
    ctx: typer.Context,
    slug: str,
    name: str | None = typer.Option(None, "--name"),
    per_batch: int | None = typer.Option(None, "--per-batch"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Change a finished unit's name or items per batch."""
    _edit(ctx, "finished-unit", slug, as_json, name=_given(name), items_per_batch=_given(per_batch))


@bundle_app.command("edit")
def edit_bundle(
    ctx: typer.Context,
    slug: str,
    name: str | None = typer.Option(None, "--name"),
    item: list[str] | None = typer.Option(None, "--item", help="With --packaging, replaces the contents."),
    packaging: list[str] | None = typer.Option(None, "--packaging"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Change a bundle's name or contents (contents only until it is first assembled)."""
    components = _bundle_components(item, packaging) if item or packaging else _KEEP
    _edit(ctx, "bundle", slug, as_json, name=_given(name), components=components)


@package_app.command("edit")
def edit_package(
    ctx: typer.Context,
    slug: str,
    name: str | None = typer.Option(None, "--name"),
    bundle: list[str] | None = typer.Option(None, "--bundle", help="Replaces the contents: BUNDLE:QTY."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Change a package's name or contents."""
    _edit(
        ctx,
        "package",
        slug,
        as_json,
        name=_given(name),
        contents=_package_contents(bundle) if bundle else _KEEP,
    )


@recipient_app.command("edit")
def edit_recipient(
    ctx: typer.Context,
    slug: str,
    name: str | None = typer.Option(None, "--name"),
    household: str | None = typer.Option(None, "--household"),
    no_household: bool = typer.Option(False, "--no-household"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Change a recipient's name or household."""
    _edit(
        ctx,
        "recipient",
        slug,
        as_json,
        name=_given(name),
        household=_given(household, no_household, "household"),
    )
