"""Production runs: the record of each bake, its losses and its recipe snapshot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs
from sqlalchemy import bindparam, select, update

from bakeledger.domain.errors import ProductionRunNotFound
from bakeledger.domain.production import ProductionRun, RunLotLine
from bakeledger.domain.units import in_lot_unit
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository, insert_unless_key_taken

_P, _R, _U, _M, _L, _I = (
    t.production_runs,
    t.recipes,
    t.finished_units,
    t.lot_movements,
    t.lots,
    t.ingredients,
)
# Every column of a run plus its recipe's and finished unit's slugs: the ProductionRun fields.
_RUN = (
    select(_P, _R.c.slug.label("recipe_slug"), _U.c.slug.label("finished_unit_slug"))
    .join(_R, _R.c.id == _P.c.recipe_id)
    .join(_U, _U.c.id == _P.c.finished_unit_id)
)
_BY_ID = _RUN.where(_P.c.id == bindparam("run"))
_BY_ID_FOR_UPDATE = _BY_ID.with_for_update(of=_P)
_BY_KEY = _RUN.where(_P.c.idempotency_key == bindparam("key"))
_LOT_LINES = (
    select(
        _M.c.production_run_id, _I.c.slug, _M.c.lot_id, _M.c.quantity, _L.c.unit, _M.c.unit_cost, _M.c.cost
    )
    .join(_L, _L.c.id == _M.c.lot_id)
    .join(_I, _I.c.id == _L.c.ingredient_id)
    .where(_M.c.kind == "consume", _M.c.production_run_id.in_(bindparam("runs", expanding=True)))
    .order_by(_M.c.id)
)
# a key recorded meanwhile by a concurrent unit of work is not an error: the service replays it
_INSERT_RUN = insert_unless_key_taken(_P)


class ProductionRunRepo(SqlRepository):
    def add(self, run: ProductionRun) -> ProductionRun | None:
        """Store a new run; returns it as stored (money and quantities at their column scales), or None
        when its idempotency key is already taken (a concurrent unit of work committed it first)."""
        row = self._session.execute(
            _INSERT_RUN[self._dialect], attrs.asdict(run, filter=_stored_field)
        ).first()
        if row is None:
            return None
        return ProductionRun(
            **row._mapping, recipe_slug=run.recipe_slug, finished_unit_slug=run.finished_unit_slug
        )

    def get(self, run_id: int, *, for_update: bool = False) -> ProductionRun:
        """The run with this id, or ProductionRunNotFound."""
        row = self._session.execute(_BY_ID_FOR_UPDATE if for_update else _BY_ID, {"run": run_id}).first()
        if row is None:
            raise ProductionRunNotFound(key=run_id)
        return ProductionRun(**row._mapping)

    def find_by_key(self, idempotency_key: str) -> ProductionRun | None:
        row = self._session.execute(_BY_KEY, {"key": idempotency_key}).first()
        return ProductionRun(**row._mapping) if row else None

    def history(
        self,
        *,
        recipe_id: int | None = None,
        finished_unit_id: int | None = None,
        event_id: int | None = None,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[ProductionRun]:
        """Runs newest first (produced_at, then id, descending); `end` is exclusive."""
        query = _RUN.order_by(_P.c.produced_at.desc(), _P.c.id.desc()).limit(limit).offset(offset)
        for column, value in (
            (_P.c.recipe_id, recipe_id),
            (_P.c.finished_unit_id, finished_unit_id),
            (_P.c.event_id, event_id),
        ):
            if value is not None:
                query = query.where(column == value)
        if start is not None:
            query = query.where(_P.c.produced_at >= start)
        if end is not None:
            query = query.where(_P.c.produced_at < end)
        return [ProductionRun(**row._mapping) for row in self._session.execute(query)]

    def lot_lines(self, run_ids: Sequence[int]) -> list[RunLotLine]:
        """What the given runs took from lots (one query for any number of runs), in ledger order."""
        if not run_ids:
            return []
        rows = self._session.execute(_LOT_LINES, {"runs": list(run_ids)})
        return [
            RunLotLine(run, slug, lot, in_lot_unit(quantity, unit), unit, unit_cost, cost)
            for run, slug, lot, quantity, unit, unit_cost, cost in rows
        ]

    def mark_reversed(self, run_id: int, *, reason: str, at: dt.datetime) -> None:
        self._session.execute(
            update(_P).where(_P.c.id == run_id).values(reversed=True, reversed_at=at, reversal_reason=reason)
        )


def _stored_field(field: attrs.Attribute[Any], _value: Any) -> bool:
    """The run's fields that are columns of its row (the id is the database's; slugs are joined)."""
    return field.name not in ("id", "recipe_slug", "finished_unit_slug")
