"""Repositories for recipes (with lines and nested components) and finished units."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    bindparam,
    delete,
    insert,
    literal_column,
    null,
    select,
    true,
    union_all,
)

from bakeledger.domain.catalog import (
    FinishedUnit,
    Recipe,
    RecipeComponent,
    RecipeLine,
)
from bakeledger.domain.errors import FinishedUnitNotFound, RecipeNotFound
from bakeledger.domain.recipes import MAX_DEPTH
from bakeledger.domain.slugs import name_key
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository, new_uuid
from bakeledger.repositories.references import ID, counted, goods_holding, named, referrers, used_by

_R, _RI, _RC = t.recipes, t.recipe_ingredients, t.recipe_components


_IN = t.ingredients


def _trees(where: ColumnElement[bool]) -> CompoundSelect:
    """Recipes matching `where` (on `recipes`) with their lines and components, in one statement:
    rows of (kind, recipe id, seq, text1..text4, ref, amount); kind 1 = line, 2 = component, 0 = the
    recipe itself. Lines come first so that the amount column is read as a quantity for every row."""
    child = _R.alias("child")
    lines = (
        select(
            literal_column("1").label("kind"),
            _RI.c.recipe_id,
            _RI.c.id.label("seq"),
            _IN.c.slug,
            _RI.c.unit,
            null(),
            null(),
            _RI.c.ingredient_id.label("ref"),
            _RI.c.quantity.label("amount"),
        )
        .select_from(_R.join(_RI, _RI.c.recipe_id == _R.c.id).join(_IN, _IN.c.id == _RI.c.ingredient_id))
        .where(where)
    )
    components = (
        select(
            literal_column("2"),
            _RC.c.recipe_id,
            _RC.c.id,
            child.c.slug,
            null(),
            null(),
            null(),
            _RC.c.component_recipe_id,
            _RC.c.multiplier,
        )
        .select_from(
            _R.join(_RC, _RC.c.recipe_id == _R.c.id).join(child, child.c.id == _RC.c.component_recipe_id)
        )
        .where(where)
    )
    heads = select(
        literal_column("0"),
        _R.c.id,
        literal_column("0"),
        _R.c.uuid,
        _R.c.name,
        _R.c.slug,
        _R.c.category,
        null(),
        null(),
    ).where(where)
    return union_all(lines, components, heads).order_by("kind", "seq")


_TREE_BY_SLUG = _trees(_R.c.slug == bindparam("slug"))
_TREE_BY_IDS = _trees(_R.c.id.in_(bindparam("ids", expanding=True)))
_TREE_ALL = _trees(true())


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
        self._add_lines(new_id, lines)
        for component_id, multiplier in components:
            self.add_component(new_id, component_id, multiplier)
        return self.get_by_id(new_id)

    def _add_lines(self, recipe_id: int, lines: list[tuple[int, Decimal, str]]) -> None:
        if lines:
            self._session.execute(
                insert(_RI),
                [{"recipe_id": recipe_id, "ingredient_id": i, "quantity": q, "unit": u} for i, q, u in lines],
            )

    def update(
        self,
        recipe_id: int,
        *,
        lines: list[tuple[int, Decimal, str]] | None = None,
        components: list[tuple[int, Decimal]] | None = None,
        **values: Any,
    ) -> Recipe:
        """Set name and/or category, replace the lines and/or the components (the slug never changes)."""
        self._update_row(_R, recipe_id, values)
        if lines is not None:
            self._session.execute(delete(_RI).where(_RI.c.recipe_id == recipe_id))
            self._add_lines(recipe_id, lines)
        if components is not None:
            self._session.execute(delete(_RC).where(_RC.c.recipe_id == recipe_id))
            if components:
                self._session.execute(
                    insert(_RC),
                    [
                        {"recipe_id": recipe_id, "component_recipe_id": c, "multiplier": m}
                        for c, m in components
                    ],
                )
        return self.get_by_id(recipe_id)

    def used_by(self, recipe_id: int) -> list[str]:
        """Recipes nesting it, its finished units, and how many targets and runs name it."""
        return used_by(self._session, _RECIPE_USERS, recipe_id)

    def delete(self, recipe_id: int) -> None:
        """Delete the recipe with its own lines and components."""
        for table in (_RI, _RC):
            self._session.execute(delete(table).where(table.c.recipe_id == recipe_id))
        self._session.execute(delete(_R).where(_R.c.id == recipe_id))

    def add_component(self, recipe_id: int, component_id: int, multiplier: Decimal) -> None:
        self._session.execute(
            insert(_RC).values(recipe_id=recipe_id, component_recipe_id=component_id, multiplier=multiplier)
        )

    def find(self, slug: str) -> Recipe | None:
        if not isinstance(slug, str):  # a non-text slug matches nothing (PostgreSQL would refuse it)
            return None
        tree = self._load_trees(_TREE_BY_SLUG, {"slug": slug})
        return next(iter(tree.values()), None) if tree else None

    def get(self, slug: str) -> Recipe:
        found = self.find(slug)
        if found is None:
            raise RecipeNotFound(key=slug)
        return found

    def get_by_id(self, recipe_id: int) -> Recipe:
        found = self._load_trees(_TREE_BY_IDS, {"ids": [recipe_id]})
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
            batch = self._load_trees(_TREE_BY_IDS, {"ids": list(wanted)})
            loaded.update(batch)
            wanted = {c.recipe_id for r in batch.values() for c in r.components} - set(loaded)
        return loaded

    def _load_trees(self, statement: CompoundSelect, params: dict[str, Any]) -> dict[int, Recipe]:
        """Recipes with their lines and components from one `_trees` statement."""
        heads: list[tuple[Any, ...]] = []
        lines: dict[int, list[RecipeLine]] = {}
        comps: dict[int, list[RecipeComponent]] = {}
        for kind, recipe_id, _seq, text1, text2, text3, text4, ref, amount in self._session.execute(
            statement, params
        ):
            if kind == 0:
                heads.append((recipe_id, text1, text2, text3, text4))
            elif kind == 1:
                lines.setdefault(recipe_id, []).append(RecipeLine(ref, text1, amount, text2))
            else:
                comps.setdefault(recipe_id, []).append(RecipeComponent(ref, text1, amount))
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
        return self._exists(_R, name_key=name_key(name))

    def slug_taken(self, slug: str) -> bool:
        return self._exists(_R, slug=slug)

    def list_all(self) -> list[Recipe]:
        return sorted(self._load_trees(_TREE_ALL, {}).values(), key=lambda r: r.slug)


_PARENT = _R.alias("parent")
_RECIPE_USERS = referrers(
    named(
        1,
        "recipe",
        _PARENT.c.slug,
        _RC.join(_PARENT, _PARENT.c.id == _RC.c.recipe_id),
        _RC.c.component_recipe_id == ID,
    ),
    named(2, "finished unit", t.finished_units.c.slug, t.finished_units, t.finished_units.c.recipe_id == ID),
    counted(3, "production target", t.production_targets, t.production_targets.c.recipe_id == ID),
    counted(4, "production run", t.production_runs, t.production_runs.c.recipe_id == ID),
)

_FU = select(t.finished_units, _R.c.slug.label("recipe_slug")).join(
    _R, _R.c.id == t.finished_units.c.recipe_id
)


_UNIT_BY_SLUG = _FU.where(t.finished_units.c.slug == bindparam("slug"))


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
        row = self._session.execute(_UNIT_BY_SLUG, {"slug": slug}).first()
        return _finished_unit(row) if row else None

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

    def update(self, unit_id: int, **values: Any) -> FinishedUnit:
        """Set name and/or items_per_batch (the slug never changes)."""
        self._update_row(t.finished_units, unit_id, values)
        return self.get_by_id(unit_id)

    def used_by(self, unit_id: int) -> list[str]:
        """Finished goods bundling it, and how many runs and finished lots (stock) name it."""
        return used_by(self._session, _UNIT_USERS, unit_id)

    def delete(self, unit_id: int) -> None:
        self._session.execute(delete(t.finished_units).where(t.finished_units.c.id == unit_id))


_UNIT_USERS = referrers(
    goods_holding(1, t.finished_good_components.c.finished_unit_id),
    counted(2, "production run", t.production_runs, t.production_runs.c.finished_unit_id == ID),
    counted(3, "finished lot", t.finished_lots, t.finished_lots.c.finished_unit_id == ID),
)


def _finished_unit(row: Any) -> FinishedUnit:
    return FinishedUnit(
        row.id, row.uuid, row.recipe_id, row.recipe_slug, row.name, row.slug, row.items_per_batch
    )
