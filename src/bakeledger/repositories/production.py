"""Production runs: the record of each bake, its losses and its recipe snapshot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
from sqlalchemy import select, update

from bakeledger.domain.errors import ProductionRunNotFound
from bakeledger.domain.production import ProductionRun, RunLotLine
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository, new_uuid
from bakeledger.repositories.sql import Statement, as_stored, scaled

_P, _M, _L = t.production_runs, t.lot_movements, t.lots
_RUN = (
    select(
        _P,
        t.recipes.c.slug.label("recipe_slug"),
        t.finished_units.c.slug.label("finished_unit_slug"),
    )
    .join(t.recipes, t.recipes.c.id == _P.c.recipe_id)
    .join(t.finished_units, t.finished_units.c.id == _P.c.finished_unit_id)
)


_INSERT_RUN = Statement(
    "INSERT INTO production_runs (uuid, recipe_id, finished_unit_id, event_id, batches, scale, "
    "expected_yield, actual_yield, loss_quantity, status, loss_category, loss_notes, notes, "
    "total_ingredient_cost, per_unit_cost, loss_cost, recipe_snapshot, produced_at, reversed, "
    "idempotency_key, request_fingerprint) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
)


class ProductionRunRepo(SqlRepository):
    def add(
        self,
        *,
        recipe_id: int,
        recipe_slug: str,
        finished_unit_id: int,
        finished_unit_slug: str,
        event_id: int | None,
        batches: int,
        scale: Decimal,
        expected_yield: int,
        actual_yield: int,
        loss_quantity: int,
        status: str,
        loss_category: str | None,
        loss_notes: str | None,
        notes: str | None,
        total_ingredient_cost: Decimal,
        per_unit_cost: Decimal,
        loss_cost: Decimal,
        recipe_snapshot: str,
        produced_at: dt.datetime,
        idempotency_key: str | None,
        request_fingerprint: str | None,
        uuid: str | None = None,
    ) -> ProductionRun:
        """Store a new run; returns it as stored (money and quantities at their column scales)."""
        run = ProductionRun(
            id=0,
            uuid=uuid or new_uuid(),
            recipe_id=recipe_id,
            recipe_slug=recipe_slug,
            finished_unit_id=finished_unit_id,
            finished_unit_slug=finished_unit_slug,
            event_id=event_id,
            batches=batches,
            scale=as_stored(scale, 6),
            expected_yield=expected_yield,
            actual_yield=actual_yield,
            loss_quantity=loss_quantity,
            status=status,
            loss_category=loss_category,
            loss_notes=loss_notes,
            notes=notes,
            total_ingredient_cost=as_stored(total_ingredient_cost, 4),
            per_unit_cost=as_stored(per_unit_cost, 6),
            loss_cost=as_stored(loss_cost, 4),
            recipe_snapshot=recipe_snapshot,
            produced_at=produced_at,
            reversed=False,
            reversed_at=None,
            reversal_reason=None,
            idempotency_key=idempotency_key,
            request_fingerprint=request_fingerprint,
        )
        new_id = self._sql.insert(
            _INSERT_RUN,
            (
                run.uuid,
                recipe_id,
                finished_unit_id,
                event_id,
                batches,
                scaled(run.scale, 6),
                expected_yield,
                actual_yield,
                loss_quantity,
                status,
                loss_category,
                loss_notes,
                notes,
                scaled(run.total_ingredient_cost, 4),
                scaled(run.per_unit_cost, 6),
                scaled(run.loss_cost, 4),
                recipe_snapshot,
                self._sql.moment(produced_at),
                False,
                idempotency_key,
                request_fingerprint,
            ),
        )
        return attrs.evolve(run, id=new_id)

    def get(self, run_id: int, *, for_update: bool = False) -> ProductionRun:
        """The run with this id, or ProductionRunNotFound."""
        query = _RUN.where(_P.c.id == run_id)
        if for_update:
            query = query.with_for_update(of=_P)
        row = self._session.execute(query).first()
        if row is None:
            raise ProductionRunNotFound(key=run_id)
        return _run(row)

    def find_by_key(self, idempotency_key: str) -> ProductionRun | None:
        row = self._session.execute(_RUN.where(_P.c.idempotency_key == idempotency_key)).first()
        return _run(row) if row else None

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
        if recipe_id is not None:
            query = query.where(_P.c.recipe_id == recipe_id)
        if finished_unit_id is not None:
            query = query.where(_P.c.finished_unit_id == finished_unit_id)
        if event_id is not None:
            query = query.where(_P.c.event_id == event_id)
        if start is not None:
            query = query.where(_P.c.produced_at >= start)
        if end is not None:
            query = query.where(_P.c.produced_at < end)
        return [_run(row) for row in self._session.execute(query)]

    def lot_lines(self, run_ids: Sequence[int]) -> list[RunLotLine]:
        """What the given runs took from lots (one query for any number of runs), in ledger order."""
        if not run_ids:
            return []
        rows = self._session.execute(
            select(
                _M.c.production_run_id,
                _M.c.lot_id,
                _M.c.quantity,
                _M.c.unit_cost,
                _M.c.cost,
                _L.c.unit,
                t.ingredients.c.slug.label("ingredient_slug"),
            )
            .join(_L, _L.c.id == _M.c.lot_id)
            .join(t.ingredients, t.ingredients.c.id == _L.c.ingredient_id)
            .where(_M.c.production_run_id.in_(run_ids), _M.c.kind == "consume")
            .order_by(_M.c.id)
        ).all()
        return [
            RunLotLine(
                r.production_run_id, r.ingredient_slug, r.lot_id, r.quantity, r.unit, r.unit_cost, r.cost
            )
            for r in rows
        ]

    def mark_reversed(self, run_id: int, *, reason: str, at: dt.datetime) -> None:
        self._session.execute(
            update(_P).where(_P.c.id == run_id).values(reversed=True, reversed_at=at, reversal_reason=reason)
        )


def _run(row: Any) -> ProductionRun:
    return ProductionRun(
        id=row.id,
        uuid=row.uuid,
        recipe_id=row.recipe_id,
        recipe_slug=row.recipe_slug,
        finished_unit_id=row.finished_unit_id,
        finished_unit_slug=row.finished_unit_slug,
        event_id=row.event_id,
        batches=row.batches,
        scale=row.scale,
        expected_yield=row.expected_yield,
        actual_yield=row.actual_yield,
        loss_quantity=row.loss_quantity,
        status=row.status,
        loss_category=row.loss_category,
        loss_notes=row.loss_notes,
        notes=row.notes,
        total_ingredient_cost=row.total_ingredient_cost,
        per_unit_cost=row.per_unit_cost,
        loss_cost=row.loss_cost,
        recipe_snapshot=row.recipe_snapshot,
        produced_at=row.produced_at,
        reversed=bool(row.reversed),
        reversed_at=row.reversed_at,
        reversal_reason=row.reversal_reason,
        idempotency_key=row.idempotency_key,
        request_fingerprint=row.request_fingerprint,
    )
