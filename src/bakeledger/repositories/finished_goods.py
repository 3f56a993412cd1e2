"""Repository for finished goods (gift bundles): the good and its components in one statement."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    bindparam,
    delete,
    func,
    insert,
    literal_column,
    null,
    select,
    true,
    union_all,
)

from bakeledger.domain.catalog import FinishedGood, FinishedGoodComponent
from bakeledger.domain.errors import FinishedGoodNotFound
from bakeledger.domain.slugs import name_key
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository, new_uuid
from bakeledger.repositories.references import ID, counted, goods_holding, named, referrers, used_by

_FG, _FGC = t.finished_goods, t.finished_good_components


def _goods(where: ColumnElement[bool]) -> CompoundSelect:
    """Goods matching `where` (on `finished_goods`) with their components, in one statement: rows of
    (kind, good id, seq, text1..text3, ref, amount); kind 1 = component, 0 = the good itself.
    Components come first so that the amount column is read as a quantity for every row."""
    unit, sub, product = t.finished_units, _FG.alias("sub"), t.products
    components = (
        select(
            literal_column("1").label("kind"),
            _FGC.c.finished_good_id,
            _FGC.c.id.label("seq"),
            _FGC.c.kind,
            func.coalesce(unit.c.slug, sub.c.slug, product.c.slug),
            null(),
            func.coalesce(_FGC.c.finished_unit_id, _FGC.c.component_good_id, _FGC.c.product_id),
            _FGC.c.quantity,
        )
        .select_from(
            _FG.join(_FGC, _FGC.c.finished_good_id == _FG.c.id)
            .outerjoin(unit, unit.c.id == _FGC.c.finished_unit_id)
            .outerjoin(sub, sub.c.id == _FGC.c.component_good_id)
            .outerjoin(product, product.c.id == _FGC.c.product_id)
        )
        .where(where)
    )
    heads = select(
        literal_column("0"), _FG.c.id, literal_column("0"), _FG.c.uuid, _FG.c.name, _FG.c.slug, null(), null()
    ).where(where)
    return union_all(components, heads).order_by("kind", "seq")


_BY_SLUG = _goods(_FG.c.slug == bindparam("slug"))
_BY_IDS = _goods(_FG.c.id.in_(bindparam("ids", expanding=True)))
_ALL = _goods(true())
# the goods named and every good inside them at any depth (UNION, not UNION ALL: a cycle ends)
_REACH = select(_FG.c.id).where(_FG.c.id.in_(bindparam("ids", expanding=True))).cte("reach", recursive=True)
_REACH = _REACH.union(
    select(_FGC.c.component_good_id)
    .join(_REACH, _REACH.c.id == _FGC.c.finished_good_id)
    .where(_FGC.c.component_good_id.is_not(None))
)
_NESTED = _goods(_FG.c.id.in_(select(_REACH.c.id)))


class FinishedGoodRepo(SqlRepository):
    def add(
        self, *, name: str, slug: str, components: list[tuple[str, int, Decimal]], uuid: str | None = None
    ) -> FinishedGood:
        new_id = self._insert(insert(_FG).values(uuid=uuid or new_uuid(), name=name, slug=slug))
        if components:
            self._session.execute(insert(_FGC), [_component_row(new_id, *c) for c in components])
        return self.get_by_id(new_id)

    def find(self, slug: str) -> FinishedGood | None:
        if not isinstance(slug, str):
            return None
        found = self._load(_BY_SLUG, {"slug": slug})
        return next(iter(found.values()), None)

    def get(self, slug: str) -> FinishedGood:
        found = self.find(slug)
        if found is None:
            raise FinishedGoodNotFound(key=slug)
        return found

    def get_by_id(self, good_id: int) -> FinishedGood:
        found = self._load(_BY_IDS, {"ids": [good_id]})
        if good_id not in found:
            raise FinishedGoodNotFound(key=good_id)
        return found[good_id]

    def get_many(self, ids: set[int]) -> dict[int, FinishedGood]:
        if not ids:
            return {}
        return self._load(_BY_IDS, {"ids": list(ids)})

    def get_nested(self, ids: set[int]) -> dict[int, FinishedGood]:
        """These goods and every good inside them, at any depth, with their components (one statement)."""
        if not ids:
            return {}
        return self._load(_NESTED, {"ids": list(ids)})

    def _load(self, statement: CompoundSelect, params: dict[str, Any]) -> dict[int, FinishedGood]:
        """Goods with their components from one `_goods` statement."""
        heads: list[tuple[Any, ...]] = []
        comps: dict[int, list[FinishedGoodComponent]] = {}
        for kind, good_id, _seq, text1, text2, text3, ref, amount in self._session.execute(statement, params):
            if kind == 0:
                heads.append((good_id, text1, text2, text3))
            else:
                component = FinishedGoodComponent(text1, ref, text2, amount)
                comps.setdefault(good_id, []).append(component)
        return {
            i: FinishedGood(i, uuid, name, slug, tuple(comps.get(i, ()))) for i, uuid, name, slug in heads
        }

    def name_taken(self, name: str) -> bool:
        return self._exists(_FG, name_key=name_key(name))

    def slug_taken(self, slug: str) -> bool:
        return self._exists(_FG, slug=slug)

    def list_all(self) -> list[FinishedGood]:
        return sorted(self._load(_ALL, {}).values(), key=lambda g: g.slug)

    def update(
        self, good_id: int, *, components: list[tuple[str, int, Decimal]] | None = None, **values: Any
    ) -> FinishedGood:
        """Set the name and/or replace the components (the slug never changes)."""
        self._update_row(_FG, good_id, values)
        if components is not None:
            self._session.execute(delete(_FGC).where(_FGC.c.finished_good_id == good_id))
            if components:
                self._session.execute(insert(_FGC), [_component_row(good_id, *c) for c in components])
        return self.get_by_id(good_id)

    def used_by(self, good_id: int) -> list[str]:
        """Goods and packages holding it, and how many targets, runs and finished lots name it."""
        return used_by(self._session, _GOOD_USERS, good_id)

    def delete(self, good_id: int) -> None:
        """Delete the good with its own components."""
        self._session.execute(delete(_FGC).where(_FGC.c.finished_good_id == good_id))
        self._session.execute(delete(_FG).where(_FG.c.id == good_id))


_PC = t.package_contents
_GOOD_USERS = referrers(
    goods_holding(1, _FGC.c.component_good_id),
    named(
        2,
        "package",
        t.packages.c.slug,
        _PC.join(t.packages, t.packages.c.id == _PC.c.package_id),
        _PC.c.finished_good_id == ID,
    ),
    counted(3, "assembly target", t.assembly_targets, t.assembly_targets.c.finished_good_id == ID),
    counted(4, "assembly run", t.assembly_runs, t.assembly_runs.c.finished_good_id == ID),
    counted(5, "finished lot", t.finished_lots, t.finished_lots.c.finished_good_id == ID),
)


def _component_row(good_id: int, kind: str, ref_id: int, quantity: Decimal) -> dict[str, Any]:
    return {
        "finished_good_id": good_id,
        "kind": kind,
        "quantity": quantity,
        "finished_unit_id": ref_id if kind == "finished_unit" else None,
        "component_good_id": ref_id if kind == "finished_good" else None,
        "product_id": ref_id if kind == "packaging" else None,
    }
