"""The parts an edit replaces — recipe lines and components, bundle components, package contents —
read from the caller's rows, then resolved to ids (unknown slugs raise their NotFound)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bakeledger.domain.catalog import COMPONENT_KINDS
from bakeledger.domain.errors import ValidationError
from bakeledger.domain.units import normalize_unit
from bakeledger.services import arguments
from bakeledger.uow.base import UnitOfWork


def recipe_lines(raw: Any, field: str = "ingredients") -> list[tuple[str, Decimal, str]]:
    """(ingredient slug, quantity > 0, unit) for each row of `ingredients`."""
    return [
        (
            arguments.reference(line.get("ingredient"), "ingredient"),
            arguments.parse_quantity(line.get("quantity"), "quantity"),
            normalize_unit(line.get("unit", "")),
        )
        for line in arguments.rows(raw, field)
    ]


def recipe_components(raw: Any, field: str = "components") -> list[tuple[str, Decimal]]:
    """(recipe slug, multiplier > 0) for each row of `components`; a recipe listed twice is refused."""
    parts = [
        (
            arguments.reference(c.get("recipe"), "recipe"),
            arguments.parse_quantity(c.get("multiplier", 1), "multiplier"),
        )
        for c in arguments.rows(raw, field)
    ]
    if len({slug for slug, _ in parts}) != len(parts):
        raise ValidationError(field=field, message="a component recipe is listed twice")
    return parts


def good_components(raw: Any, field: str = "components") -> list[tuple[str, str, Decimal]]:
    """(kind, slug, quantity) for each row of a bundle's `components`: at least one; finished items
    are whole counts, packaging a quantity of its product's package unit."""
    parsed = []
    for comp in arguments.rows(raw, field):
        kind = comp.get("kind")
        if kind not in COMPONENT_KINDS:
            raise ValidationError(
                field="kind",
                value=repr(kind)[:40],
                message=f"kind must be one of {', '.join(COMPONENT_KINDS)}",
            )
        if kind == "packaging":
            quantity = arguments.parse_quantity(comp.get("quantity", 1), "quantity")
        else:
            quantity = Decimal(arguments.parse_count(comp.get("quantity", 1), "quantity"))
        parsed.append((str(kind), arguments.reference(comp.get("slug"), "slug"), quantity))
    if not parsed:
        raise ValidationError(field=field, message="a finished good needs at least one component")
    return parsed


def package_contents(raw: Any, field: str = "contents") -> list[tuple[str, int]]:
    """(finished good slug, whole quantity ≥ 1) for each row of `contents`."""
    return [
        (
            arguments.reference(c.get("finished_good"), "finished_good"),
            arguments.parse_count(c.get("quantity", 1), "quantity"),
        )
        for c in arguments.rows(raw, field)
    ]


def good_component_rows(
    uow: UnitOfWork, parsed: list[tuple[str, str, Decimal]]
) -> list[tuple[str, int, Decimal]]:
    """(kind, id, quantity): each component found in the repository of its kind."""
    repos: dict[str, Any] = {
        "finished_unit": uow.finished_units,
        "finished_good": uow.finished_goods,
        "packaging": uow.products,
    }
    return [(kind, repos[kind].get(slug).id, quantity) for kind, slug, quantity in parsed]
