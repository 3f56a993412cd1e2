"""Repositories for ingredients, products, recipients and packages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, true, union, update

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
from bakeledger.repositories.references import ID, counted, goods_holding, named, referrers, used_by

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

    def update(self, ingredient_id: int, **values: Any) -> Ingredient:
        """Set name, category and/or density (the slug never changes)."""
        self._update_row(_IG, ingredient_id, values)
        return self.get_by_id(ingredient_id)

    def used_by(self, ingredient_id: int) -> list[str]:
        """Its products, the recipes with a line of it, and how many lots were bought of it."""
        return used_by(self._session, _INGREDIENT_USERS, ingredient_id)

    def delete(self, ingredient_id: int) -> None:
        self._session.execute(delete(_IG).where(_IG.c.id == ingredient_id))

    def units_in_use(self, ingredient_id: int) -> set[str]:
        """Every unit the ingredient's products and recipe lines use (one statement)."""
        products = select(t.products.c.package_unit).where(t.products.c.ingredient_id == ingredient_id)
        lines = select(t.recipe_ingredients.c.unit).where(
            t.recipe_ingredients.c.ingredient_id == ingredient_id
        )
        return set(self._session.execute(union(products, lines)).scalars())


_INGREDIENT_USERS = referrers(
    named(1, "product", t.products.c.slug, t.products, t.products.c.ingredient_id == ID),
    named(
        2,
        "recipe",
        t.recipes.c.slug,
        t.recipe_ingredients.join(t.recipes, t.recipes.c.id == t.recipe_ingredients.c.recipe_id),
        t.recipe_ingredients.c.ingredient_id == ID,
    ),
    counted(3, "lot", t.lots, t.lots.c.ingredient_id == ID),
)

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

    def list_of_ingredient(self, ingredient_id: int) -> list[Product]:
        """One ingredient's products, by slug."""
        query = _PRODUCT.where(t.products.c.ingredient_id == ingredient_id).order_by(t.products.c.slug)
        return [_product(r) for r in self._session.execute(query).all()]

    def update(self, product: Product, **values: Any) -> Product:
        """Set brand, name and/or preferred (the slug never changes); becoming preferred demotes the
        ingredient's other products."""
        if values.get("preferred"):
            self._session.execute(
                update(t.products)
                .where(t.products.c.ingredient_id == product.ingredient_id, t.products.c.id != product.id)
                .values(preferred=False)
            )
        self._update_row(t.products, product.id, values)
        return self.get_by_id(product.id)

    def used_by(self, product_id: int) -> list[str]:
        """The finished goods it packs, and how many lots were bought of it."""
        return used_by(self._session, _PRODUCT_USERS, product_id)

    def delete(self, product_id: int) -> None:
        self._session.execute(delete(t.products).where(t.products.c.id == product_id))


_PRODUCT_USERS = referrers(
    goods_holding(1, t.finished_good_components.c.product_id),
    counted(2, "lot", t.lots, t.lots.c.product_id == ID),
)


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

    def update(self, recipient: Recipient, **values: Any) -> Recipient:
        """Set name and/or household (the slug never changes)."""
        self._update_row(t.recipients, recipient.id, values)
        return self.get(recipient.slug)

    def used_by(self, recipient_id: int) -> list[str]:
        """How many package assignments name the recipient."""
        return used_by(self._session, _RECIPIENT_USERS, recipient_id)

    def delete(self, recipient_id: int) -> None:
        self._session.execute(delete(t.recipients).where(t.recipients.c.id == recipient_id))


_RECIPIENT_USERS = referrers(counted(1, "assignment", t.assignments, t.assignments.c.recipient_id == ID))
_PACKAGE_USERS = referrers(counted(1, "assignment", t.assignments, t.assignments.c.package_id == ID))


class PackageRepo(SqlRepository):
    def add(
        self, *, name: str, slug: str, contents: list[tuple[int, int]], uuid: str | None = None
    ) -> Package:
        new_id = self._insert(insert(t.packages).values(uuid=uuid or new_uuid(), name=name, slug=slug))
        self._add_contents(new_id, contents)
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

    def update(
        self, package: Package, *, contents: list[tuple[int, int]] | None = None, **values: Any
    ) -> Package:
        """Set the name and/or replace the contents (the slug never changes)."""
        self._update_row(t.packages, package.id, values)
        if contents is not None:
            self._session.execute(
                delete(t.package_contents).where(t.package_contents.c.package_id == package.id)
            )
            self._add_contents(package.id, contents)
        return self._load(t.packages.c.id == package.id)[0]

    def used_by(self, package_id: int) -> list[str]:
        """How many assignments give the package."""
        return used_by(self._session, _PACKAGE_USERS, package_id)

    def delete(self, package_id: int) -> None:
        """Delete the package with its contents."""
        self._session.execute(delete(t.package_contents).where(t.package_contents.c.package_id == package_id))
        self._session.execute(delete(t.packages).where(t.packages.c.id == package_id))

    def _add_contents(self, package_id: int, contents: list[tuple[int, int]]) -> None:
        if contents:
            self._session.execute(
                insert(t.package_contents),
                [{"package_id": package_id, "finished_good_id": fg, "quantity": q} for fg, q in contents],
            )

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
