"""Repositories for recipes (with lines and nested components) and finished units."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select

from bakeledger.domain.catalog import (
    FinishedUnit,
    Recipe,
    RecipeComponent,
    RecipeLine,
)
from bakeledger.domain.errors import FinishedUnitNotFound, RecipeNotFound
from bakeledger.domain.recipes import MAX_DEPTH
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository, new_uuid
from bakeledger.repositories.sql import Statement, shaped

_R, _RI, _RC = t.recipes, t.recipe_ingredients, t.recipe_components


_TREE = """
SELECT 0, r.id, 0, r.uuid, r.name, r.slug, r.category, NULL, NULL FROM recipes r WHERE {where}
UNION ALL
SELECT 1, ri.recipe_id, ri.id, i.slug, ri.unit, NULL, NULL, ri.ingredient_id, ri.quantity
FROM recipes r JOIN recipe_ingredients ri ON ri.recipe_id = r.id JOIN ingredients i ON i.id = ri.ingredient_id
WHERE {where}
UNION ALL
SELECT 2, rc.recipe_id, rc.id, c.slug, NULL, NULL, NULL, rc.component_recipe_id, rc.multiplier
FROM recipes r JOIN recipe_components rc ON rc.recipe_id = r.id
JOIN recipes c ON c.id = rc.component_recipe_id WHERE {where}
ORDER BY 1, 3
"""


class RecipeRepo(SqlRepository):
    def add(
        self,
        *,
        name: str,
        slug: str,
        category: str,
        lines: list[tuple[int, Decimal, str]],
        components: list[tuple[int, Decimal]],
        uuid: str | None = None,
    ) -> Recipe:
        new_id = self._insert(
            insert(_R).values(uuid=uuid or new_uuid(), name=name, slug=slug, category=category)
        )
        if lines:
            self._session.execute(
                insert(_RI),
                [{"recipe_id": new_id, "ingredient_id": i, "quantity": q, "unit": u} for i, q, u in lines],
            )
        for component_id, multiplier in components:
            self.add_component(new_id, component_id, multiplier)
        return self.get_by_id(new_id)

    def add_component(self, recipe_id: int, component_id: int, multiplier: Decimal) -> None:
        self._session.execute(
            insert(_RC).values(recipe_id=recipe_id, component_recipe_id=component_id, multiplier=multiplier)
        )

    def find(self, slug: str) -> Recipe | None:
        if not isinstance(slug, str):  # a non-text slug matches nothing (PostgreSQL would refuse it)
            return None
        tree = self._load_trees("r.slug = ?", (slug,))
        return next(iter(tree.values()), None) if tree else None

    def get(self, slug: str) -> Recipe:
        found = self.find(slug)
        if found is None:
            raise RecipeNotFound(key=slug)
        return found

    def get_by_id(self, recipe_id: int) -> Recipe:
        found = self._load_trees("r.id = ?", (recipe_id,))
        if recipe_id not in found:
            raise RecipeNotFound(key=recipe_id)
        return found[recipe_id]

    def get_tree(self, recipe_id: int) -> dict[int, Recipe]:
        """The recipe and every recipe nested in it, by id (a bounded number of queries)."""
        return self.get_trees({recipe_id})

    def get_trees(self, recipe_ids: set[int]) -> dict[int, Recipe]:
        loaded: dict[int, Recipe] = {}
        wanted = set(recipe_ids)
        for _ in range(MAX_DEPTH + 2):
            if not wanted:
                break
            batch = self._load_trees(f"r.id IN ({', '.join('?' * len(wanted))})", tuple(wanted))
            loaded.update(batch)
            wanted = {c.recipe_id for r in batch.values() for c in r.components} - set(loaded)
        return loaded

    def _load_trees(self, where: str, params: tuple[Any, ...]) -> dict[int, Recipe]:
        """Recipes matching `where` (on `r`) with their lines and components: one statement."""
        heads: list[tuple[Any, ...]] = []
        lines: dict[int, list[RecipeLine]] = {}
        comps: dict[int, list[RecipeComponent]] = {}
        for kind, recipe_id, _seq, text1, text2, text3, text4, ref, amount in self._sql.rows(
            shaped(_TREE, where), params * 3
        ):
            if kind == 0:
                heads.append((recipe_id, text1, text2, text3, text4))
            elif kind == 1:
                lines.setdefault(recipe_id, []).append(
                    RecipeLine(ref, text1, Decimal(amount).scaleb(-6), text2)
                )
            else:
                comps.setdefault(recipe_id, []).append(
                    RecipeComponent(ref, text1, Decimal(amount).scaleb(-6))
                )
        return {
            i: Recipe(i, uuid, name, slug, category, tuple(lines.get(i, ())), tuple(comps.get(i, ())))
            for i, uuid, name, slug, category in heads
        }

    def child_slugs(self, slug: str) -> list[str]:
        parent, child = _R.alias("p"), _R.alias("c")
        return list(
            self._session.execute(
                select(child.c.slug)
                .select_from(_RC)
                .join(parent, parent.c.id == _RC.c.recipe_id)
                .join(child, child.c.id == _RC.c.component_recipe_id)
                .where(parent.c.slug == slug)
            ).scalars()
        )

    def parent_slugs(self, slug: str) -> list[str]:
        parent, child = _R.alias("p"), _R.alias("c")
        return list(
            self._session.execute(
                select(parent.c.slug)
                .select_from(_RC)
                .join(parent, parent.c.id == _RC.c.recipe_id)
                .join(child, child.c.id == _RC.c.component_recipe_id)
                .where(child.c.slug == slug)
            ).scalars()
        )

    def name_taken(self, name: str) -> bool:
        return self._exists(_R, name=name)

    def slug_taken(self, slug: str) -> bool:
        return self._exists(_R, slug=slug)

    def list_all(self) -> list[Recipe]:
        return sorted(self._load_trees("1 = 1", ()).values(), key=lambda r: r.slug)


_FU = select(t.finished_units, _R.c.slug.label("recipe_slug")).join(
    _R, _R.c.id == t.finished_units.c.recipe_id
)


_UNIT_BY_SLUG = Statement(
    "SELECT u.id, u.uuid, u.recipe_id, r.slug, u.name, u.slug, u.items_per_batch "
    "FROM finished_units u JOIN recipes r ON r.id = u.recipe_id WHERE u.slug = ?"
)


class FinishedUnitRepo(SqlRepository):
    def add(
        self, *, recipe_id: int, name: str, slug: str, items_per_batch: int, uuid: str | None = None
    ) -> FinishedUnit:
        new_id = self._insert(
            insert(t.finished_units).values(
                uuid=uuid or new_uuid(),
                recipe_id=recipe_id,
                name=name,
                slug=slug,
                items_per_batch=items_per_batch,
            )
        )
        return self.get_by_id(new_id)

    def find(self, slug: str) -> FinishedUnit | None:
        if not isinstance(slug, str):
            return None
        row = self._sql.first(_UNIT_BY_SLUG, (slug,))
        return FinishedUnit(*row) if row else None

    def get(self, slug: str) -> FinishedUnit:
        found = self.find(slug)
        if found is None:
            raise FinishedUnitNotFound(key=slug)
        return found

    def get_by_id(self, unit_id: int) -> FinishedUnit:
        row = self._session.execute(_FU.where(t.finished_units.c.id == unit_id)).first()
        if row is None:
            raise FinishedUnitNotFound(key=unit_id)
        return _finished_unit(row)

    def get_many(self, unit_ids: set[int]) -> dict[int, FinishedUnit]:
        """Finished units by id, one statement (unknown ids are left out)."""
        if not unit_ids:
            return {}
        rows = self._session.execute(_FU.where(t.finished_units.c.id.in_(unit_ids))).all()
        return {row.id: _finished_unit(row) for row in rows}

    def first_for_recipes(self, recipe_ids: set[int]) -> dict[int, FinishedUnit]:
        """Each recipe's first finished unit (lowest id)."""
        rows = self._session.execute(
            _FU.where(t.finished_units.c.recipe_id.in_(recipe_ids)).order_by(t.finished_units.c.id.desc())
        ).all()
        return {row.recipe_id: _finished_unit(row) for row in rows}

    def slug_taken(self, slug: str) -> bool:
        return self._exists(t.finished_units, slug=slug)

    def list_all(self) -> list[FinishedUnit]:
        return [_finished_unit(r) for r in self._session.execute(_FU.order_by(t.finished_units.c.slug))]


def _finished_unit(row: Any) -> FinishedUnit:
    return FinishedUnit(
        row.id, row.uuid, row.recipe_id, row.recipe_slug, row.name, row.slug, row.items_per_batch
    )
