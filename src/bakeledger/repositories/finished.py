"""Finished stock: finished lots (per run or adjustment), FIFO over them, and their ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, bindparam, func, insert, select, tuple_, update

from bakeledger.domain.fifo import AllocationLine, LotView
from bakeledger.domain.inventory import FinishedLot
from bakeledger.domain.numbers import quantize_money, utcnow
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository, new_uuid

FIFO_CHUNK = 32
_F, _M = t.finished_lots, t.finished_movements


def _item_column(kind: str) -> Any:
    return _F.c.finished_unit_id if kind == "finished_unit" else _F.c.finished_good_id


def _fifo_chunk(kind: str, *, lock: bool) -> Select[Any]:
    """One chunk of an item's non-empty finished lots, by id, after the lot id given.

    A range over (item, id), not `item = :item`: PostgreSQL then reads the partial FIFO index in
    (item, id) order; given an equality it may walk the primary key instead and filter, reading
    every finished lot when the item has only a few live ones.
    """
    item = _item_column(kind)
    query = (
        select(_F.c.id, _F.c.remaining, _F.c.unit_cost)
        .where(
            tuple_(item, _F.c.id) > tuple_(bindparam("item"), bindparam("after")),
            item <= bindparam("item"),
            _F.c.remaining > 0,
        )
        .order_by(item, _F.c.id)
        .limit(FIFO_CHUNK)
    )
    return query.with_for_update() if lock else query


_FIFO = {
    (kind, lock): _fifo_chunk(kind, lock=lock)
    for kind in ("finished_unit", "finished_good")
    for lock in (False, True)
}
_TAKE = update(_F).where(_F.c.id == bindparam("lot")).values(remaining=_F.c.remaining - bindparam("q"))
_PUT_BACK = update(_F).where(_F.c.id == bindparam("lot")).values(remaining=_F.c.remaining + bindparam("q"))
_INSERT_LOT = insert(_F).returning(_F.c.id)


class FinishedLotRepo(SqlRepository):
    def add(
        self,
        *,
        kind: str,
        item_id: int,
        quantity: int,
        unit_cost: Decimal,
        source: str,
        production_run_id: int | None = None,
        assembly_run_id: int | None = None,
        remaining: int | None = None,
        reason: str | None = None,
        notes: str | None = None,
        uuid: str | None = None,
        created_at: dt.datetime | None = None,
    ) -> int:
        values = {
            "uuid": uuid or new_uuid(),
            "kind": kind,
            "finished_unit_id": item_id if kind == "finished_unit" else None,
            "finished_good_id": item_id if kind == "finished_good" else None,
            "quantity": quantity,
            "remaining": quantity if remaining is None else remaining,
            "unit_cost": unit_cost,
            "source": source,
            "production_run_id": production_run_id,
            "assembly_run_id": assembly_run_id,
            "reason": reason,
            "notes": notes,
            "created_at": created_at or utcnow(),
        }
        return int(self._session.execute(_INSERT_LOT, values).scalar_one())

    def iter_fifo(self, kind: str, item_id: int, *, lock: bool) -> Iterator[LotView]:
        """Non-empty finished lots of one item, oldest first, in chunks."""
        statement, after = _FIFO[(kind, lock)], 0
        while True:
            rows = self._session.execute(statement, {"item": item_id, "after": after}).all()
            for lot_id, remaining, unit_cost in rows:
                yield LotView(lot_id, Decimal(remaining), "each", unit_cost)
            if len(rows) < FIFO_CHUNK:
                return
            after = rows[-1].id

    def consume(
        self,
        lines: Sequence[AllocationLine],
        *,
        reason: str,
        assembly_run_id: int | None = None,
        notes: str | None = None,
    ) -> None:
        """Take whole items from finished lots and write ledger lines (two statements)."""
        if not lines:
            return
        self._session.execute(_TAKE, [{"lot": line.lot_id, "q": int(line.quantity)} for line in lines])
        now = utcnow()
        self._session.execute(
            insert(_M),
            [
                {
                    "finished_lot_id": line.lot_id,
                    "kind": "consume",
                    "quantity": int(line.quantity),
                    "unit_cost": line.unit_cost,
                    "cost": quantize_money(line.cost),
                    "assembly_run_id": assembly_run_id,
                    "reason": reason,
                    "notes": notes,
                    "created_at": now,
                }
                for line in lines
            ],
        )

    def restore_for_assembly(self, assembly_run_id: int, *, notes: str | None) -> None:
        """Give back what an assembly run took from finished lots, with restore ledger lines."""
        taken = self._session.execute(
            select(_M)
            .where(_M.c.assembly_run_id == assembly_run_id, _M.c.kind == "consume")
            .order_by(_M.c.id)
        ).all()
        if not taken:
            return
        self._session.execute(_PUT_BACK, [{"lot": m.finished_lot_id, "q": m.quantity} for m in taken])
        now = utcnow()
        self._session.execute(
            insert(_M),
            [
                {
                    "finished_lot_id": m.finished_lot_id,
                    "kind": "restore",
                    "quantity": m.quantity,
                    "unit_cost": m.unit_cost,
                    "cost": m.cost,
                    "assembly_run_id": assembly_run_id,
                    "reason": "reversal",
                    "notes": notes,
                    "created_at": now,
                }
                for m in taken
            ],
        )

    def consumptions_for_assemblies(self, assembly_run_ids: Sequence[int]) -> list[dict[str, Any]]:
        """What the given assembly runs took from finished lots: run, kind, item, quantity, cost."""
        rows = self._session.execute(
            select(
                _M.c.assembly_run_id,
                _M.c.quantity,
                _M.c.cost,
                _F.c.kind,
                _F.c.finished_unit_id,
                _F.c.finished_good_id,
            )
            .join(_F, _F.c.id == _M.c.finished_lot_id)
            .where(_M.c.assembly_run_id.in_(assembly_run_ids), _M.c.kind == "consume")
            .order_by(_M.c.id)
        ).all()
        return [
            {
                "assembly_run_id": r.assembly_run_id,
                "kind": r.kind,
                "item_id": r.finished_unit_id if r.kind == "finished_unit" else r.finished_good_id,
                "quantity": r.quantity,
                "cost": r.cost,
            }
            for r in rows
        ]

    def lot_for_run(
        self,
        *,
        production_run_id: int | None = None,
        assembly_run_id: int | None = None,
        for_update: bool = False,
    ) -> FinishedLot | None:
        clause = (
            (_F.c.production_run_id == production_run_id)
            if production_run_id is not None
            else (_F.c.assembly_run_id == assembly_run_id) & (_F.c.source == "assembly")
        )
        query = select(_F).where(clause)
        if for_update:
            query = query.with_for_update()
        row = self._session.execute(query).first()
        return _finished_lot(row) if row else None

    def users_of_lot(self, finished_lot_id: int) -> list[int]:
        """Ids of assembly runs that consumed from this finished lot (and were not reversed)."""
        rows = self._session.execute(
            select(_M.c.assembly_run_id)
            .distinct()
            .join(t.assembly_runs, t.assembly_runs.c.id == _M.c.assembly_run_id)
            .where(
                _M.c.finished_lot_id == finished_lot_id,
                _M.c.kind == "consume",
                t.assembly_runs.c.reversed.is_(False),
            )
        ).scalars()
        return sorted(rows)

    def empty_lot(self, finished_lot_id: int) -> None:
        """A reversed run's finished lot: nothing of it remains (the lot stays for the record)."""
        self._session.execute(update(_F).where(_F.c.id == finished_lot_id).values(remaining=0, quantity=0))

    def stock(self, kind: str, item_id: int) -> tuple[int, Decimal]:
        """(count, value) of one finished item: Σ remaining and Σ remaining × unit cost, exactly."""
        # Summed per unit cost and multiplied here: remaining × scaled cost in SQL can overflow
        # a 64-bit integer (PostgreSQL errors, SQLite silently turns it into a float).
        rows = self._session.execute(
            select(_F.c.unit_cost, func.sum(_F.c.remaining))
            .where(_item_column(kind) == item_id, _F.c.remaining > 0)
            .group_by(_F.c.unit_cost)
        ).all()
        count = sum(int(total) for _cost, total in rows)
        return count, sum((cost * int(total) for cost, total in rows), Decimal(0))

    def stock_all(self, kind: str) -> dict[int, tuple[int, Decimal]]:
        """(count, value) of every item of a kind that has stock on hand, in one statement."""
        column = _item_column(kind)
        rows = self._session.execute(
            select(column, _F.c.unit_cost, func.sum(_F.c.remaining))
            .where(column.is_not(None), _F.c.remaining > 0)
            .group_by(column, _F.c.unit_cost)
        ).all()
        stock: dict[int, tuple[int, Decimal]] = {}
        for item_id, unit_cost, total in rows:  # per unit cost, as in `stock`
            count, value = stock.get(item_id, (0, Decimal(0)))
            stock[item_id] = (count + int(total), value + unit_cost * int(total))
        return stock

    def stock_many(self, kind: str, item_ids: set[int]) -> dict[int, int]:
        col = _item_column(kind)
        rows = self._session.execute(
            select(col, func.sum(_F.c.remaining)).where(col.in_(item_ids), _F.c.remaining > 0).group_by(col)
        ).all()
        counts = {i: 0 for i in item_ids}
        counts.update({item: int(total) for item, total in rows})
        return counts


def _finished_lot(row: Any) -> FinishedLot:
    item = row.finished_unit_id if row.kind == "finished_unit" else row.finished_good_id
    return FinishedLot(row.id, row.kind, item, row.quantity, row.remaining, row.unit_cost, row.source)
