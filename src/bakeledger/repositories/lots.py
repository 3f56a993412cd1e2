"""Ingredient lots and their ledger: FIFO reads, consumption, restoration, depletion."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs
from sqlalchemy import Date, Select, bindparam, func, insert, select, tuple_, update

from bakeledger.domain.errors import LotNotFound
from bakeledger.domain.fifo import AllocationLine, LotView
from bakeledger.domain.inventory import Lot, LotMovement
from bakeledger.domain.numbers import utcnow
from bakeledger.domain.units import stock_unit
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository, insert_unless_key_taken, new_uuid

FIFO_CHUNK = 32
_L = t.lots
_LOT = (
    select(_L, t.products.c.slug.label("product_slug"), t.ingredients.c.slug.label("ingredient_slug"))
    .join(t.products, t.products.c.id == _L.c.product_id)
    .join(t.ingredients, t.ingredients.c.id == _L.c.ingredient_id)
)


def _fifo_chunk(*, after: bool, lock: bool) -> Select[Any]:
    """One chunk of an ingredient's non-empty lots in FIFO order (after a (day, lot) for the next
    chunks), by the partial index ix_lots_fifo; locked on PostgreSQL when a writer reads them."""
    query = select(
        _L.c.id,
        _L.c.remaining,
        _L.c.unit,
        _L.c.unit_cost,
        _L.c.quantity,
        _L.c.cost,
        _L.c.remaining_cost,
        _L.c.purchased_on,
    ).where(_L.c.ingredient_id == bindparam("ingredient"), _L.c.remaining > 0)
    if after:
        query = query.where(
            tuple_(_L.c.purchased_on, _L.c.id) > tuple_(bindparam("day", type_=Date), bindparam("lot"))
        )
    query = query.order_by(_L.c.purchased_on, _L.c.id).limit(FIFO_CHUNK)
    return query.with_for_update(of=_L) if lock else query


_FIFO = {
    (after, lock): _fifo_chunk(after=after, lock=lock) for after in (False, True) for lock in (False, True)
}
_TAKE = (
    update(_L)
    .where(_L.c.id == bindparam("lot"))
    .values(
        remaining=_L.c.remaining - bindparam("q"),
        remaining_cost=_L.c.remaining_cost - bindparam("c"),
    )
)
_PUT_BACK = (
    update(_L)
    .where(_L.c.id == bindparam("lot"))
    .values(
        remaining=_L.c.remaining + bindparam("q"),
        remaining_cost=_L.c.remaining_cost + bindparam("c"),
    )
)
_MOVEMENT = insert(t.lot_movements)
# a purchase key recorded meanwhile by a concurrent unit of work is not an error: the service replays it
_INSERT_KEYED = insert_unless_key_taken(_L)
_BY_KEY = select(_L.c.id, _L.c.request_fingerprint).where(_L.c.idempotency_key == bindparam("key"))


class LotRepo(SqlRepository):
    def add(
        self,
        *,
        product_id: int,
        ingredient_id: int,
        packages: Decimal,
        price_per_package: Decimal,
        quantity: Decimal,
        remaining: Decimal | None = None,
        unit: str,
        unit_cost: Decimal,
        cost: Decimal,
        remaining_cost: Decimal | None = None,
        purchased_on: dt.date,
        supplier: str | None,
        expires_on: dt.date | None,
        uuid: str | None = None,
        created_at: dt.datetime | None = None,
        idempotency_key: str | None = None,
        request_fingerprint: str | None = None,
    ) -> Lot | None:
        """Store a new lot and return it; None when its idempotency key is already taken (a
        concurrent unit of work committed that purchase first)."""
        values = {
            "uuid": uuid or new_uuid(),
            "product_id": product_id,
            "ingredient_id": ingredient_id,
            "packages": packages,
            "price_per_package": price_per_package,
            "quantity": quantity,
            "remaining": quantity if remaining is None else remaining,
            "unit": unit,
            "unit_cost": unit_cost,
            "cost": cost,
            "remaining_cost": cost if remaining_cost is None else remaining_cost,
            "purchased_on": purchased_on,
            "supplier": supplier,
            "expires_on": expires_on,
            "created_at": created_at or utcnow(),
        }
        if idempotency_key is None:
            new_id = self._insert(insert(_L).values(**values))
        else:
            keyed = {**values, "idempotency_key": idempotency_key, "request_fingerprint": request_fingerprint}
            row = self._session.execute(_INSERT_KEYED[self._dialect], keyed).first()
            if row is None:
                return None
            new_id = int(row.id)
        return self.get(new_id)

    def find_by_key(self, idempotency_key: str) -> Any:
        """The lot a purchase with this idempotency key made (its id and request fingerprint), or None."""
        return self._session.execute(_BY_KEY, {"key": idempotency_key}).first()

    def get(self, lot_id: int, *, for_update: bool = False) -> Lot:
        query = _LOT.where(_L.c.id == lot_id)
        if for_update:
            query = query.with_for_update(of=_L)
        row = self._session.execute(query).first()
        if row is None:
            raise LotNotFound(key=lot_id)
        return _lot(row)

    def iter_fifo(self, ingredient_id: int, *, lock: bool) -> Iterator[LotView]:
        """Non-empty lots of one ingredient, oldest first, read in small chunks as FIFO needs them."""
        rows = self._session.execute(_FIFO[(False, lock)], {"ingredient": ingredient_id}).all()
        while True:
            for lot_id, remaining, unit, unit_cost, quantity, cost, remaining_cost, _day in rows:
                yield LotView(lot_id, remaining, unit, unit_cost, quantity, cost, remaining_cost)
            if len(rows) < FIFO_CHUNK:
                return
            after = {"ingredient": ingredient_id, "day": rows[-1].purchased_on, "lot": rows[-1].id}
            rows = self._session.execute(_FIFO[(True, lock)], after).all()

    def consume(
        self,
        lines: Sequence[AllocationLine],
        *,
        kind: str = "consume",
        production_run_id: int | None = None,
        assembly_run_id: int | None = None,
        reason: str | None = None,
        notes: str | None = None,
    ) -> None:
        """Take each line's quantity and cost from its lot and write the ledger lines (two
        statements). Quantities are in the lot's stock unit; costs are already at the money scale."""
        if not lines:
            return
        self._session.execute(
            _TAKE, [{"lot": line.lot_id, "q": line.quantity, "c": line.cost} for line in lines]
        )
        self._write_movements(
            [
                LotMovement(
                    line.lot_id,
                    kind,
                    line.quantity,
                    line.unit_cost,
                    line.cost,
                    production_run_id,
                    assembly_run_id,
                    reason,
                    notes,
                )
                for line in lines
            ]
        )

    def restore(self, movements: Sequence[LotMovement], *, notes: str | None = None) -> None:
        """Put consumed quantities and their costs back into the very lots they came from, with
        restore lines."""
        if not movements:
            return
        self._session.execute(_PUT_BACK, [{"lot": m.lot_id, "q": m.quantity, "c": m.cost} for m in movements])
        self._write_movements(
            [
                LotMovement(
                    m.lot_id,
                    "restore",
                    m.quantity,
                    m.unit_cost,
                    m.cost,
                    m.production_run_id,
                    m.assembly_run_id,
                    "reversal",
                    notes,
                )
                for m in movements
            ]
        )

    def _write_movements(self, movements: Sequence[LotMovement]) -> None:
        now = utcnow()
        self._session.execute(
            _MOVEMENT, [{**attrs.asdict(m, recurse=False), "created_at": now} for m in movements]
        )

    def movements_for_runs(
        self, *, production_run_ids: Sequence[int] = (), assembly_run_ids: Sequence[int] = ()
    ) -> list[tuple[LotMovement, str]]:
        """Consumption lines of the given runs, each with its ingredient slug, in ledger order."""
        m = t.lot_movements
        clause = (m.c.production_run_id.in_(production_run_ids)) | (m.c.assembly_run_id.in_(assembly_run_ids))
        rows = self._session.execute(
            select(m, t.ingredients.c.slug.label("ingredient_slug"), _L.c.unit.label("unit"))
            .join(_L, _L.c.id == m.c.lot_id)
            .join(t.ingredients, t.ingredients.c.id == _L.c.ingredient_id)
            .where(clause, m.c.kind == "consume")
            .order_by(m.c.id)
        ).all()
        return [(_movement(r), r.ingredient_slug) for r in rows]

    def movements_of_ingredient(self, ingredient_id: int) -> list[tuple[str, Decimal, str, dt.datetime]]:
        """Every ledger line of an ingredient's lots as (kind, quantity, lot unit, when), in ledger
        order: a run's consumption is dated by the run, anything else by when it was written."""
        m, p, a = t.lot_movements, t.production_runs, t.assembly_runs
        rows = self._session.execute(
            select(m.c.kind, m.c.quantity, _L.c.unit, m.c.created_at, p.c.produced_at, a.c.assembled_at)
            .join(_L, _L.c.id == m.c.lot_id)
            .outerjoin(p, p.c.id == m.c.production_run_id)
            .outerjoin(a, a.c.id == m.c.assembly_run_id)
            .where(_L.c.ingredient_id == ingredient_id)
            .order_by(m.c.id)
        ).all()
        return [(r.kind, r.quantity, r.unit, _dated(r)) for r in rows]

    def stock_by_unit(self, ingredient_id: int) -> list[tuple[str, Decimal]]:
        """Σ remaining of an ingredient's lots per lot unit (exact SQL sums), each total labelled
        with the unit it is in: the lot unit's stock unit (g, ml, each or the package word)."""
        rows = self._session.execute(
            select(_L.c.unit, func.sum(_L.c.remaining))
            .where(_L.c.ingredient_id == ingredient_id, _L.c.remaining > 0)
            .group_by(_L.c.unit)
        ).all()
        return [(stock_unit(unit), total) for unit, total in rows]

    def stock_by_unit_many(self, ingredient_ids: set[int]) -> dict[int, list[tuple[str, Decimal]]]:
        rows = self._session.execute(
            select(_L.c.ingredient_id, _L.c.unit, func.sum(_L.c.remaining))
            .where(_L.c.ingredient_id.in_(ingredient_ids), _L.c.remaining > 0)
            .group_by(_L.c.ingredient_id, _L.c.unit)
        ).all()
        result: dict[int, list[tuple[str, Decimal]]] = {i: [] for i in ingredient_ids}
        for ingredient_id, unit, total in rows:
            result[ingredient_id].append((stock_unit(unit), total))
        return result

    def list(self, *, ingredient_id: int | None = None, include_empty: bool = False) -> list[Lot]:
        query = _LOT.order_by(_L.c.ingredient_id, _L.c.purchased_on, _L.c.id)
        if ingredient_id is not None:
            query = query.where(_L.c.ingredient_id == ingredient_id)
        if not include_empty:
            query = query.where(_L.c.remaining > 0)
        return [_lot(r) for r in self._session.execute(query)]

    def latest_purchases(self, product_ids: set[int]) -> dict[int, Lot]:
        """Each product's most recent lot (by purchase date, then id): one index probe per product."""
        bought, newest = t.products.alias("bought"), _L.alias("newest")
        latest = (
            select(newest.c.id)
            .where(newest.c.product_id == bought.c.id)
            .order_by(newest.c.purchased_on.desc(), newest.c.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        ids = select(latest).select_from(bought).where(bought.c.id.in_(product_ids))
        rows = self._session.execute(_LOT.where(_L.c.id.in_(ids))).all()
        return {row.product_id: _lot(row) for row in rows}


def _lot(row: Any) -> Lot:
    return Lot(
        row.id,
        row.uuid,
        row.product_id,
        row.product_slug,
        row.ingredient_id,
        row.ingredient_slug,
        row.quantity,
        row.remaining,
        row.unit,
        row.unit_cost,
        row.purchased_on,
        row.packages,
        row.price_per_package,
        row.supplier,
        row.expires_on,
        row.cost,
        row.remaining_cost,
    )


def _dated(row: Any) -> dt.datetime:
    when: dt.datetime = row.created_at
    if row.kind == "consume":
        when = row.produced_at or row.assembled_at or when
    return when


def _movement(row: Any) -> LotMovement:
    return LotMovement(
        row.lot_id,
        row.kind,
        row.quantity,
        row.unit_cost,
        row.cost,
        row.production_run_id,
        row.assembly_run_id,
        row.reason,
        row.notes,
    )
