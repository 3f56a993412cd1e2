"""What recipes yield and how it is bundled: finished units, finished goods, packages."""

from __future__ import annotations

from typing import Any

from bakeledger.domain.catalog import FinishedGood
from bakeledger.domain.errors import DuplicateName
from bakeledger.domain.slugs import slugify, unique_slug
from bakeledger.services import arguments, dto
from bakeledger.services.catalog import parts
from bakeledger.services.dto import build
from bakeledger.uow.base import UnitOfWork


def create_finished_unit(
    uow: UnitOfWork, *, recipe: str, name: str, items_per_batch: Any
) -> dto.FinishedUnitDTO:
    """Add what a recipe yields, `items_per_batch` items per batch."""
    name = arguments.name(name)
    items = arguments.parse_count(items_per_batch, "items_per_batch")
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
    name = arguments.name(name)
    parsed = parts.good_components(components)
    uow.ensure_active()
    if uow.finished_goods.name_taken(name):
        raise DuplicateName(kind="finished good", name=name)
    rows = parts.good_component_rows(uow, parsed)
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
    name = arguments.name(name)
    parsed = parts.package_contents(contents)
    uow.ensure_active()
    if uow.packages.name_taken(name):
        raise DuplicateName(kind="package", name=name)
    rows = [(uow.finished_goods.get(slug).id, quantity) for slug, quantity in parsed]
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
