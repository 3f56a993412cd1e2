"""Repository for finished goods (gift bundles): the good and its components in one statement."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import insert

from bakeledger.domain.catalog import FinishedGood, FinishedGoodComponent
from bakeledger.domain.errors import FinishedGoodNotFound
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository, new_uuid
from bakeledger.repositories.sql import shaped

_GOODS = """
SELECT 0, g.id, 0, g.uuid, g.name, g.slug, NULL, NULL FROM finished_goods g WHERE {where}
UNION ALL
SELECT 1, c.finished_good_id, c.id, c.kind, COALESCE(u.slug, sub.slug, p.slug), NULL,
       COALESCE(c.finished_unit_id, c.component_good_id, c.product_id), c.quantity
FROM finished_goods g JOIN finished_good_components c ON c.finished_good_id = g.id
LEFT JOIN finished_units u ON u.id = c.finished_unit_id
LEFT JOIN finished_goods sub ON sub.id = c.component_good_id
LEFT JOIN products p ON p.id = c.product_id
WHERE {where}
ORDER BY 1, 3
"""


_FG, _FGC = t.finished_goods, t.finished_good_components


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
        found = self._load("g.slug = ?", (slug,))
        return next(iter(found.values()), None)

    def get(self, slug: str) -> FinishedGood:
        found = self.find(slug)
        if found is None:
            raise FinishedGoodNotFound(key=slug)
        return found

    def get_by_id(self, good_id: int) -> FinishedGood:
        found = self._load("g.id = ?", (good_id,))
        if good_id not in found:
            raise FinishedGoodNotFound(key=good_id)
        return found[good_id]

    def get_many(self, ids: set[int]) -> dict[int, FinishedGood]:
        if not ids:
            return {}
        return self._load(f"g.id IN ({', '.join('?' * len(ids))})", tuple(ids))

    def _load(self, where: str, params: tuple[Any, ...]) -> dict[int, FinishedGood]:
        """Goods matching `where` (on `g`) with their components: one statement."""
        heads: list[tuple[Any, ...]] = []
        comps: dict[int, list[FinishedGoodComponent]] = {}
        for kind, good_id, _seq, text1, text2, text3, ref, amount in self._sql.rows(
            shaped(_GOODS, where), params * 2
        ):
            if kind == 0:
                heads.append((good_id, text1, text2, text3))
            else:
                component = FinishedGoodComponent(text1, ref, text2, Decimal(amount).scaleb(-6))
                comps.setdefault(good_id, []).append(component)
        return {
            i: FinishedGood(i, uuid, name, slug, tuple(comps.get(i, ()))) for i, uuid, name, slug in heads
        }

    def name_taken(self, name: str) -> bool:
        return self._exists(_FG, name=name)

    def slug_taken(self, slug: str) -> bool:
        return self._exists(_FG, slug=slug)

    def list_all(self) -> list[FinishedGood]:
        return sorted(self._load("1 = 1", ()).values(), key=lambda g: g.slug)


def _component_row(good_id: int, kind: str, ref_id: int, quantity: Decimal) -> dict[str, Any]:
    return {
        "finished_good_id": good_id,
        "kind": kind,
        "quantity": quantity,
        "finished_unit_id": ref_id if kind == "finished_unit" else None,
        "component_good_id": ref_id if kind == "finished_good" else None,
        "product_id": ref_id if kind == "packaging" else None,
    }
