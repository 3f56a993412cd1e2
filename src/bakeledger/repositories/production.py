"""Production runs: the record of each bake, its losses and its recipe snapshot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
from sqlalchemy import update

from bakeledger.domain.errors import ProductionRunNotFound
from bakeledger.domain.production import ProductionRun, RunLotLine
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository, new_uuid
from bakeledger.repositories.sql import Statement, as_stored, in_list, read_moment, scaled, shaped

_P = t.production_runs
_COLUMNS = (
    "SELECT p.id, p.uuid, p.recipe_id, r.slug, p.finished_unit_id, u.slug, p.event_id, p.batches, "
    "p.scale, p.expected_yield, p.actual_yield, p.loss_quantity, p.status, p.loss_category, "
    "p.loss_notes, p.notes, p.total_ingredient_cost, p.per_unit_cost, p.loss_cost, p.recipe_snapshot, "
    "p.produced_at, p.reversed, p.reversed_at, p.reversal_reason, p.idempotency_key, "
    "p.request_fingerprint FROM production_runs p JOIN recipes r ON r.id = p.recipe_id "
    "JOIN finished_units u ON u.id = p.finished_unit_id"
)
_BY_ID = Statement(_COLUMNS + " WHERE p.id = ?")
_BY_ID_FOR_UPDATE = Statement(_COLUMNS + " WHERE p.id = ?", for_update="p")
_BY_KEY = Statement(_COLUMNS + " WHERE p.idempotency_key = ?")
_HISTORY = _COLUMNS + " WHERE {where} ORDER BY p.produced_at DESC, p.id DESC LIMIT ? OFFSET ?"
_LOT_LINES = (
    "SELECT m.production_run_id, m.lot_id, m.quantity, m.unit_cost, m.cost, l.unit, i.slug "
    "FROM lot_movements m JOIN lots l ON l.id = m.lot_id JOIN ingredients i ON i.id = l.ingredient_id "
    "WHERE m.kind = 'consume' AND m.production_run_id IN ({}) ORDER BY m.id"
)


_INSERT_RUN = Statement(
    "INSERT INTO production_runs (uuid, recipe_id, finished_unit_id, event_id, batches, scale, "
    "expected_yield, actual_yield, loss_quantity, status, loss_category, loss_notes, notes, "
    "total_ingredient_cost, per_unit_cost, loss_cost, recipe_snapshot, produced_at, reversed, "
    "idempotency_key, request_fingerprint) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    # a key recorded meanwhile by a concurrent unit of work is not an error: the service replays it
    "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id"
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
    ) -> ProductionRun | None:
        """Store a new run; returns it as stored (money and quantities at their column scales), or None
        when its idempotency key is already taken (a concurrent unit of work committed it first)."""
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
        new_id = self._sql.insert_if_new(
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
        return None if new_id is None else attrs.evolve(run, id=new_id)

    def get(self, run_id: int, *, for_update: bool = False) -> ProductionRun:
        """The run with this id, or ProductionRunNotFound."""
        row = self._sql.first(_BY_ID_FOR_UPDATE if for_update else _BY_ID, (run_id,))
        if row is None:
            raise ProductionRunNotFound(key=run_id)
        return _run(row)

    def find_by_key(self, idempotency_key: str) -> ProductionRun | None:
        row = self._sql.first(_BY_KEY, (idempotency_key,))
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
        clauses, params = ["1 = 1"], []
        for clause, value in (
            ("p.recipe_id = ?", recipe_id),
            ("p.finished_unit_id = ?", finished_unit_id),
            ("p.event_id = ?", event_id),
            ("p.produced_at >= ?", self._sql.moment(start)),
            ("p.produced_at < ?", self._sql.moment(end)),
        ):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        rows = self._sql.rows(shaped(_HISTORY, " AND ".join(clauses)), (*params, limit, offset))
        return [_run(row) for row in rows]

    def lot_lines(self, run_ids: Sequence[int]) -> list[RunLotLine]:
        """What the given runs took from lots (one query for any number of runs), in ledger order."""
        if not run_ids:
            return []
        rows = self._sql.rows(in_list(_LOT_LINES, len(run_ids)), tuple(run_ids))
        return [
            RunLotLine(
                run, slug, lot, Decimal(q).scaleb(-6), unit, Decimal(uc).scaleb(-6), Decimal(c).scaleb(-4)
            )
            for run, lot, q, uc, c, unit, slug in rows
        ]

    def mark_reversed(self, run_id: int, *, reason: str, at: dt.datetime) -> None:
        self._session.execute(
            update(_P).where(_P.c.id == run_id).values(reversed=True, reversed_at=at, reversal_reason=reason)
        )


def _run(row: Sequence[Any]) -> ProductionRun:
    """A run from a row of `_COLUMNS` (raw values: scaled integers, SQLite text dates)."""
    return ProductionRun(
        id=row[0],
        uuid=row[1],
        recipe_id=row[2],
        recipe_slug=row[3],
        finished_unit_id=row[4],
        finished_unit_slug=row[5],
        event_id=row[6],
        batches=row[7],
        scale=Decimal(row[8]).scaleb(-6),
        expected_yield=row[9],
        actual_yield=row[10],
        loss_quantity=row[11],
        status=row[12],
        loss_category=row[13],
        loss_notes=row[14],
        notes=row[15],
        total_ingredient_cost=Decimal(row[16]).scaleb(-4),
        per_unit_cost=Decimal(row[17]).scaleb(-6),
        loss_cost=Decimal(row[18]).scaleb(-4),
        recipe_snapshot=row[19],
        produced_at=read_moment(row[20]),  # type: ignore[arg-type]
        reversed=bool(row[21]),
        reversed_at=read_moment(row[22]),
        reversal_reason=row[23],
        idempotency_key=row[24],
        request_fingerprint=row[25],
    )
