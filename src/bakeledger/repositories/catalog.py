"""Repositories for ingredients, products, recipients and packages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, insert, select, true, union, update

from bakeledger.domain.catalog import Ingredient, Package, PackageContent, Product, Recipient
from bakeledger.domain.errors import (
    IngredientNotFound,
    PackageNotFound,
    ProductNotFound,
    RecipientNotFound,
)
from bakeledger.domain.slugs import name_key
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository, new_uuid

_IG = t.ingredients
_INGREDIENT = select(_IG.c.id, _IG.c.uuid, _IG.c.name, _IG.c.slug, _IG.c.category, _IG.c.density)
_INGREDIENT_BY_SLUG = _INGREDIENT.where(_IG.c.slug == bindparam("slug"))
_INGREDIENT_BY_ID = _INGREDIENT.where(_IG.c.id == bindparam("id"))
_INGREDIENTS_IN = _INGREDIENT.where(_IG.c.id.in_(bindparam("ids", expanding=True)))


class IngredientRepo(SqlRepository):
    def add(
        self, *, name: str, slug: str, category: str, density: str | None, uuid: str | None = None
    ) -> Ingredient:
        values = dict(uuid=uuid or new_uuid(), name=name, slug=slug, category=category, density=density)
        new_id = self._insert(insert(t.ingredients).values(**values))
        return self.get_by_id(new_id)

    def find(self, slug: str) -> Ingredient | None:
        if not isinstance(slug, str):  # a non-text slug matches nothing (PostgreSQL would refuse it)
            return None
        row = self._session.execute(_INGREDIENT_BY_SLUG, {"slug": slug}).first()
        return Ingredient(*row) if row else None

    def get(self, slug: str) -> Ingredient:
        found = self.find(slug)
        if found is None:
            raise IngredientNotFound(key=slug)
        return found

    def get_by_id(self, ingredient_id: int) -> Ingredient:
        row = self._session.execute(_INGREDIENT_BY_ID, {"id": ingredient_id}).first()
        if row is None:
            raise IngredientNotFound(key=ingredient_id)
        return Ingredient(*row)

    def get_many(self, ids: set[int]) -> dict[int, Ingredient]:
        if not ids:
            return {}
        rows = self._session.execute(_INGREDIENTS_IN, {"ids": list(ids)}).all()
        return {row[0]: Ingredient(*row) for row in rows}

    def slug_taken(self, slug: str) -> bool:
        return self._exists(t.ingredients, slug=slug)

    def name_taken(self, name: str) -> bool:
        return self._exists(t.ingredients, name_key=name_key(name))

    def list_all(self) -> list[Ingredient]:
        return [Ingredient(*row) for row in self._session.execute(_INGREDIENT.order_by(_IG.c.slug))]

    def units_in_use(self, ingredient_id: int) -> set[str]:
        """Every unit the ingredient's products and recipe lines use (one statement)."""
        products = select(t.products.c.package_unit).where(t.products.c.ingredient_id == ingredient_id)
        lines = select(t.recipe_ingredients.c.unit).where(
            t.recipe_ingredients.c.ingredient_id == ingredient_id
        )
        return set(self._session.execute(union(products, lines)).scalars())


_PRODUCT = select(t.products, t.ingredients.c.slug.label("ingredient_slug")).join(
    t.ingredients, t.ingredients.c.id == t.products.c.ingredient_id
)


class ProductRepo(SqlRepository):
    def add(
        self,
        *,
        ingredient_id: int,
        brand: str,
        name: str | None,
        slug: str,
        package_unit: str,
        package_unit_quantity: Decimal,
        preferred: bool,
        uuid: str | None = None,
    ) -> Product:
        if preferred:
            self._session.execute(
                update(t.products).where(t.products.c.ingredient_id == ingredient_id).values(preferred=False)
            )
        new_id = self._insert(
            insert(t.products).values(
                uuid=uuid or new_uuid(),
                ingredient_id=ingredient_id,
                brand=brand,
                name=name,
                slug=slug,
                package_unit=package_unit,
                package_unit_quantity=package_unit_quantity,
                preferred=preferred,
            )
        )
        return self._one(t.products.c.id == new_id, new_id)

    def find(self, slug: str) -> Product | None:
        if not isinstance(slug, str):
            return None
        row = self._session.execute(_PRODUCT.where(t.products.c.slug == slug)).first()
        return _product(row) if row else None

    def get(self, slug: str) -> Product:
        found = self.find(slug)
        if found is None:
            raise ProductNotFound(key=slug)
        return found

    def get_by_id(self, product_id: int) -> Product:
        return self._one(t.products.c.id == product_id, product_id)

    def _one(self, clause: Any, key: Any) -> Product:
        row = self._session.execute(_PRODUCT.where(clause)).first()
        if row is None:
            raise ProductNotFound(key=key)
        return _product(row)

    def slug_taken(self, slug: str) -> bool:
        return self._exists(t.products, slug=slug)

    def list_for_ingredients(self, ingredient_ids: set[int]) -> list[Product]:
        rows = self._session.execute(
            _PRODUCT.where(t.products.c.ingredient_id.in_(ingredient_ids)).order_by(t.products.c.id)
        ).all()
        return [_product(r) for r in rows]

    def list_all(self) -> list[Product]:
        return [_product(r) for r in self._session.execute(_PRODUCT.order_by(t.products.c.slug)).all()]


def _product(row: Any) -> Product:
    return Product(
        row.id,
        row.uuid,
        row.ingredient_id,
        row.ingredient_slug,
        row.brand,
        row.name,
        row.slug,
        row.package_unit,
        row.package_unit_quantity,
        bool(row.preferred),
    )


class RecipientRepo(SqlRepository):
    def add(self, *, name: str, slug: str, household: str | None, uuid: str | None = None) -> Recipient:
        values = dict(uuid=uuid or new_uuid(), name=name, slug=slug, household=household)
        new_id = self._insert(insert(t.recipients).values(**values))
        return Recipient(new_id, values["uuid"], name, slug, household)  # type: ignore[arg-type]

    def get(self, slug: str) -> Recipient:
        if not isinstance(slug, str):
            raise RecipientNotFound(key=slug)
        row = self._session.execute(select(t.recipients).where(t.recipients.c.slug == slug)).first()
        if row is None:
            raise RecipientNotFound(key=slug)
        return Recipient(row.id, row.uuid, row.name, row.slug, row.household)

    def get_many(self, slugs: set[str]) -> dict[str, Recipient]:
        """Recipients by slug, one statement (unknown slugs are left out)."""
        if not slugs:
            return {}
        rows = self._session.execute(select(t.recipients).where(t.recipients.c.slug.in_(slugs))).all()
        return {r.slug: Recipient(r.id, r.uuid, r.name, r.slug, r.household) for r in rows}

    def slug_taken(self, slug: str) -> bool:
        return self._exists(t.recipients, slug=slug)

    def list_all(self) -> list[Recipient]:
        rows = self._session.execute(select(t.recipients).order_by(t.recipients.c.slug)).all()
        return [Recipient(r.id, r.uuid, r.name, r.slug, r.household) for r in rows]


class PackageRepo(SqlRepository):
    def add(
        self, *, name: str, slug: str, contents: list[tuple[int, int]], uuid: str | None = None
    ) -> Package:
        new_id = self._insert(insert(t.packages).values(uuid=uuid or new_uuid(), name=name, slug=slug))
        if contents:
            self._session.execute(
                insert(t.package_contents),
                [{"package_id": new_id, "finished_good_id": fg, "quantity": q} for fg, q in contents],
            )
        return self._load(t.packages.c.id == new_id)[0]

    def get(self, slug: str) -> Package:
        if not isinstance(slug, str):
            raise PackageNotFound(key=slug)
        found = self._load(t.packages.c.slug == slug)
        if not found:
            raise PackageNotFound(key=slug)
        return found[0]

    def get_many(self, slugs: set[str]) -> dict[str, Package]:
        """Packages by slug with their contents, two statements (unknown slugs are left out)."""
        return {p.slug: p for p in self._load(t.packages.c.slug.in_(slugs))} if slugs else {}

    def name_taken(self, name: str) -> bool:
        return self._exists(t.packages, name_key=name_key(name))

    def slug_taken(self, slug: str) -> bool:
        return self._exists(t.packages, slug=slug)

    def list_all(self) -> list[Package]:
        return self._load(true())

    def _load(self, clause: Any) -> list[Package]:
        """Packages matching `clause`, by slug, with their contents: two statements for any number."""
        rows = self._session.execute(select(t.packages).where(clause).order_by(t.packages.c.slug)).all()
        if not rows:
            return []
        pc = t.package_contents
        contents: dict[int, list[PackageContent]] = {r.id: [] for r in rows}
        for package_id, good_id, good_slug, quantity in self._session.execute(
            select(pc.c.package_id, pc.c.finished_good_id, t.finished_goods.c.slug, pc.c.quantity)
            .join(t.finished_goods, t.finished_goods.c.id == pc.c.finished_good_id)
            .where(pc.c.package_id.in_(contents))
            .order_by(pc.c.id)
        ):
            contents[package_id].append(PackageContent(good_id, good_slug, quantity))
        return [Package(r.id, r.uuid, r.name, r.slug, tuple(contents[r.id])) for r in rows]
