"""Assembly runs: the record of each bundle assembly, its history, and what it consumed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
from sqlalchemy import bindparam, func, select, update

from bakeledger.domain.assembly import PACKAGING, AssemblyRun, PackagingComponent
from bakeledger.domain.errors import AssemblyRunNotFound
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository, insert_unless_key_taken

_A = t.assembly_runs
_RUN = select(_A, t.finished_goods.c.slug.label("finished_good_slug")).join(
    t.finished_goods, t.finished_goods.c.id == _A.c.finished_good_id
)


_INSERT_RUN = insert_unless_key_taken(_A)  # as for production runs
_C, _PR, _IN = t.finished_good_components, t.products, t.ingredients
_PACKAGING = (
    select(
        _C.c.finished_good_id,
        _PR.c.id,
        _PR.c.slug,
        _PR.c.package_unit,
        _PR.c.ingredient_id,
        _IN.c.slug,
        _C.c.quantity,
    )
    .join(_PR, _PR.c.id == _C.c.product_id)
    .join(_IN, _IN.c.id == _PR.c.ingredient_id)
    .where(_C.c.kind == PACKAGING, _C.c.finished_good_id.in_(bindparam("goods", expanding=True)))
    .order_by(_C.c.id)
)


class AssemblyRunRepo(SqlRepository):
    def add(self, run: AssemblyRun) -> AssemblyRun | None:
        """Store a new run; returns it as stored, or None when its idempotency key is already taken
        (as for production runs)."""
        row = self._session.execute(
            _INSERT_RUN[self._dialect], attrs.asdict(run, filter=_stored_field)
        ).first()
        return None if row is None else AssemblyRun(**row._mapping, finished_good_slug=run.finished_good_slug)

    def find(self, run_id: int, *, for_update: bool = False) -> AssemblyRun | None:
        query = _RUN.where(_A.c.id == run_id)
        if for_update:
            query = query.with_for_update(of=_A)
        row = self._session.execute(query).first()
        return _run(row) if row else None

    def get(self, run_id: int, *, for_update: bool = False) -> AssemblyRun:
        """The run with this id, or AssemblyRunNotFound."""
        found = self.find(run_id, for_update=for_update)
        if found is None:
            raise AssemblyRunNotFound(key=run_id)
        return found

    def find_by_key(self, idempotency_key: str) -> AssemblyRun | None:
        row = self._session.execute(_RUN.where(_A.c.idempotency_key == idempotency_key)).first()
        return _run(row) if row else None

    def history(
        self,
        *,
        finished_good_id: int | None = None,
        event_id: int | None = None,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[AssemblyRun]:
        """Runs newest first (assembled_at, then id, descending); `start` inclusive, `end` exclusive."""
        query = _RUN.order_by(_A.c.assembled_at.desc(), _A.c.id.desc()).limit(limit).offset(offset)
        if finished_good_id is not None:
            query = query.where(_A.c.finished_good_id == finished_good_id)
        if event_id is not None:
            query = query.where(_A.c.event_id == event_id)
        if start is not None:
            query = query.where(_A.c.assembled_at >= start)
        if end is not None:
            query = query.where(_A.c.assembled_at < end)
        return [_run(r) for r in self._session.execute(query)]

    def mark_reversed(self, run_id: int, *, reason: str, at: dt.datetime) -> None:
        self._session.execute(
            update(_A).where(_A.c.id == run_id).values(reversed=True, reversed_at=at, reversal_reason=reason)
        )

    def packaging_of(self, good_ids: set[int]) -> dict[int, list[PackagingComponent]]:
        """Each good's packaging components with their product's unit and ingredient (one query)."""
        if not good_ids:
            return {}
        found: dict[int, list[PackagingComponent]] = {g: [] for g in good_ids}
        for good_id, *component in self._session.execute(_PACKAGING, {"goods": list(good_ids)}):
            found[good_id].append(PackagingComponent(*component))
        return found

    def consumed_costs(self, run_ids: set[int]) -> dict[tuple[int, str, int], Decimal]:
        """Ledger cost each run took per component: (run, kind, item id or ingredient id) -> Σ cost."""
        fm, fl = t.finished_movements, t.finished_lots
        finished = self._session.execute(
            select(
                fm.c.assembly_run_id,
                fl.c.kind,
                fl.c.finished_unit_id,
                fl.c.finished_good_id,
                func.sum(fm.c.cost),
            )
            .join(fl, fl.c.id == fm.c.finished_lot_id)
            .where(fm.c.assembly_run_id.in_(run_ids), fm.c.kind == "consume")
            .group_by(fm.c.assembly_run_id, fl.c.kind, fl.c.finished_unit_id, fl.c.finished_good_id)
        ).all()
        lm, lots = t.lot_movements, t.lots
        packaging = self._session.execute(
            select(lm.c.assembly_run_id, lots.c.ingredient_id, func.sum(lm.c.cost))
            .join(lots, lots.c.id == lm.c.lot_id)
            .where(lm.c.assembly_run_id.in_(run_ids), lm.c.kind == "consume")
            .group_by(lm.c.assembly_run_id, lots.c.ingredient_id)
        ).all()
        costs: dict[tuple[int, str, int], Decimal] = {}
        for run_id, kind, unit_id, good_id, cost in finished:
            costs[(run_id, kind, unit_id if kind == "finished_unit" else good_id)] = cost
        for run_id, ingredient_id, cost in packaging:
            costs[(run_id, PACKAGING, ingredient_id)] = cost
        return costs


def _run(row: Any) -> AssemblyRun:
    """A run from a row of `_RUN` (every column of the run plus the finished good's slug)."""
    return AssemblyRun(**row._mapping)


def _stored_field(field: attrs.Attribute[Any], _value: Any) -> bool:
    """The run's fields that are columns of its row (the id is the database's; the slug is joined)."""
    return field.name not in ("id", "finished_good_slug")
