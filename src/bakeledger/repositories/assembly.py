"""Assembly runs: the record of each bundle assembly, its history, and what it consumed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select, update

from bakeledger.domain.assembly import PACKAGING, AssemblyRun, PackagingComponent
from bakeledger.domain.errors import AssemblyRunNotFound
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository, new_uuid

_A = t.assembly_runs
_RUN = select(_A, t.finished_goods.c.slug.label("finished_good_slug")).join(
    t.finished_goods, t.finished_goods.c.id == _A.c.finished_good_id
)


class AssemblyRunRepo(SqlRepository):
    def add(
        self,
        *,
        finished_good_id: int,
        finished_good_slug: str,
        event_id: int | None,
        quantity: int,
        total_component_cost: Decimal,
        per_unit_cost: Decimal,
        assembled_at: dt.datetime,
        packaging_bypassed: bool,
        bypass_notes: str | None,
        notes: str | None,
        idempotency_key: str | None,
        request_fingerprint: str | None,
        uuid: str | None = None,
    ) -> AssemblyRun:
        values: dict[str, Any] = dict(
            uuid=uuid or new_uuid(),
            finished_good_id=finished_good_id,
            event_id=event_id,
            quantity=quantity,
            total_component_cost=total_component_cost,
            per_unit_cost=per_unit_cost,
            packaging_bypassed=packaging_bypassed,
            bypass_notes=bypass_notes,
            notes=notes,
            assembled_at=assembled_at,
            reversed=False,
            reversed_at=None,
            reversal_reason=None,
            idempotency_key=idempotency_key,
            request_fingerprint=request_fingerprint,
        )
        new_id = self._insert(insert(_A).values(**values))
        return AssemblyRun(id=new_id, finished_good_slug=finished_good_slug, **values)

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
        c, p, i = t.finished_good_components, t.products, t.ingredients
        rows = self._session.execute(
            select(
                c.c.finished_good_id,
                c.c.quantity,
                p.c.id,
                p.c.slug,
                p.c.package_unit,
                p.c.ingredient_id,
                i.c.slug.label("ingredient_slug"),
            )
            .join(p, p.c.id == c.c.product_id)
            .join(i, i.c.id == p.c.ingredient_id)
            .where(c.c.finished_good_id.in_(good_ids), c.c.kind == PACKAGING)
            .order_by(c.c.id)
        ).all()
        found: dict[int, list[PackagingComponent]] = {g: [] for g in good_ids}
        for r in rows:
            found[r.finished_good_id].append(
                PackagingComponent(
                    r.id, r.slug, r.package_unit, r.ingredient_id, r.ingredient_slug, r.quantity
                )
            )
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
    return AssemblyRun(
        id=row.id,
        uuid=row.uuid,
        finished_good_id=row.finished_good_id,
        finished_good_slug=row.finished_good_slug,
        event_id=row.event_id,
        quantity=row.quantity,
        total_component_cost=row.total_component_cost,
        per_unit_cost=row.per_unit_cost,
        assembled_at=row.assembled_at,
        packaging_bypassed=bool(row.packaging_bypassed),
        bypass_notes=row.bypass_notes,
        notes=row.notes,
        reversed=bool(row.reversed),
        reversed_at=row.reversed_at,
        reversal_reason=row.reversal_reason,
        idempotency_key=row.idempotency_key,
        request_fingerprint=row.request_fingerprint,
    )
