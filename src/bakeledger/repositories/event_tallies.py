"""Sums over an event's non-reversed runs, in SQL, for any number of events in one statement each."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, func, select, type_coerce

from bakeledger.domain.events import EventScope, RunTotals
from bakeledger.domain.progress import TargetTally
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository
from bakeledger.repositories.event_scope import scope_sql
from bakeledger.repositories.sql import shaped

_PT, _AT, _A = t.production_targets, t.assembly_targets, t.assignments
_PR, _AR = t.production_runs, t.assembly_runs
_FL, _FM, _LM = t.finished_lots, t.finished_movements, t.lot_movements


def _live_production(event_id: int) -> Any:
    return select(_PR.c.id).where(_PR.c.event_id == event_id, _PR.c.reversed.is_(False))


def _live_assembly(event_id: int) -> Any:
    return select(_AR.c.id).where(_AR.c.event_id == event_id, _AR.c.reversed.is_(False))


_PRODUCTION_TALLIES = """
SELECT pt.id, pt.event_id, pt.recipe_id, r.slug, pt.batches,
       COALESCE(SUM(pr.batches), 0), COALESCE(SUM(pr.actual_yield), 0)
FROM production_targets pt JOIN recipes r ON r.id = pt.recipe_id
LEFT JOIN production_runs pr
  ON pr.event_id = pt.event_id AND pr.recipe_id = pt.recipe_id AND pr.reversed = ?
WHERE {where}
GROUP BY pt.id, pt.event_id, pt.recipe_id, r.slug, pt.batches ORDER BY pt.id
"""
_ASSEMBLY_TALLIES = """
SELECT at.id, at.event_id, at.finished_good_id, g.slug, at.quantity, COALESCE(SUM(ar.quantity), 0)
FROM assembly_targets at JOIN finished_goods g ON g.id = at.finished_good_id
LEFT JOIN assembly_runs ar
  ON ar.event_id = at.event_id AND ar.finished_good_id = at.finished_good_id AND ar.reversed = ?
WHERE {where}
GROUP BY at.id, at.event_id, at.finished_good_id, g.slug, at.quantity ORDER BY at.id
"""
_ASSIGNMENT_COUNTS = (
    "SELECT event_id, status, COUNT(*) FROM assignments WHERE {where} GROUP BY event_id, status"
)


class EventTallies(SqlRepository):
    def production_tallies(self, scope: EventScope) -> list[TargetTally]:
        """Each production target in scope with Σ batches and Σ actual yield of its live runs."""
        where, params = scope_sql("pt.event_id", scope, self._sql)
        rows = self._sql.rows(shaped(_PRODUCTION_TALLIES, where), (False, *params))
        return [_tally(row, row[6]) for row in rows]

    def assembly_tallies(self, scope: EventScope) -> list[TargetTally]:
        """Each assembly target in scope with Σ quantity of its live assembly runs."""
        where, params = scope_sql("at.event_id", scope, self._sql)
        rows = self._sql.rows(shaped(_ASSEMBLY_TALLIES, where), (False, *params))
        return [_tally(row, row[5]) for row in rows]

    def assignment_counts(self, scope: EventScope) -> dict[int, dict[str, int]]:
        """Per event in scope: how many assignments are in each fulfillment status."""
        where, params = scope_sql("event_id", scope, self._sql)
        counts: defaultdict[int, dict[str, int]] = defaultdict(dict)
        for event_id, status, n in self._sql.rows(shaped(_ASSIGNMENT_COUNTS, where), params):
            counts[event_id][status] = int(n)
        return dict(counts)

    def production_totals(self, event_id: int) -> list[RunTotals]:
        """The event's live production runs summed per recipe (by recipe slug)."""
        query = (
            select(
                _PR.c.recipe_id,
                t.recipes.c.slug,
                func.count(),
                func.sum(_PR.c.batches),
                func.sum(_PR.c.actual_yield),
                # scale is stored × 10^6: Σ batches × scale is exact in SQL, rescaled below
                func.sum(_PR.c.batches * type_coerce(_PR.c.scale, BigInteger)),
                func.sum(_PR.c.total_ingredient_cost),
            )
            .join(t.recipes, t.recipes.c.id == _PR.c.recipe_id)
            .where(_PR.c.event_id == event_id, _PR.c.reversed.is_(False))
            .group_by(_PR.c.recipe_id, t.recipes.c.slug)
            .order_by(t.recipes.c.slug)
        )
        return [_totals(row, Decimal(int(row[5])).scaleb(-6)) for row in self._session.execute(query)]

    def assembly_totals(self, event_id: int) -> list[RunTotals]:
        """The event's live assembly runs summed per finished good (by slug)."""
        query = (
            select(
                _AR.c.finished_good_id,
                t.finished_goods.c.slug,
                func.count(),
                func.sum(_AR.c.quantity),
                func.sum(_AR.c.quantity),
                func.sum(_AR.c.quantity),
                func.sum(_AR.c.total_component_cost),
            )
            .join(t.finished_goods, t.finished_goods.c.id == _AR.c.finished_good_id)
            .where(_AR.c.event_id == event_id, _AR.c.reversed.is_(False))
            .group_by(_AR.c.finished_good_id, t.finished_goods.c.slug)
            .order_by(t.finished_goods.c.slug)
        )
        return [_totals(row, Decimal(int(row[5]))) for row in self._session.execute(query)]

    def packaging_costs(self, event_id: int) -> dict[int, Decimal]:
        """Per finished good: what the event's live assembly runs paid for packaging (ingredient lots)."""
        query = (
            select(_AR.c.finished_good_id, func.sum(_LM.c.cost))
            .join(_AR, _AR.c.id == _LM.c.assembly_run_id)
            .where(_LM.c.assembly_run_id.in_(_live_assembly(event_id)), _LM.c.kind == "consume")
            .group_by(_AR.c.finished_good_id)
        )
        return {good_id: _money(total) for good_id, total in self._session.execute(query)}

    def bundled_cost(self, event_id: int) -> Decimal:
        """Cost of finished items that this event's own live runs made and its live assemblies used."""
        own_lot = (_FL.c.production_run_id.in_(_live_production(event_id))) | (
            (_FL.c.source == "assembly") & _FL.c.assembly_run_id.in_(_live_assembly(event_id))
        )
        query = (
            select(func.sum(_FM.c.cost))
            .join(_FL, _FL.c.id == _FM.c.finished_lot_id)
            .where(_FM.c.assembly_run_id.in_(_live_assembly(event_id)), _FM.c.kind == "consume", own_lot)
        )
        return _money(self._session.execute(query).scalar())


def _money(value: Decimal | None) -> Decimal:
    """Σ of a Money column (already a Decimal through the column type), 0 when there were no rows."""
    return Decimal(0) if value is None else value


def _tally(row: Any, done_yield: Any) -> TargetTally:
    return TargetTally(row[0], row[1], row[2], row[3], row[4], int(row[5]), int(done_yield))


def _totals(row: Any, work: Decimal) -> RunTotals:
    return RunTotals(row[0], row[1], int(row[2]), int(row[3]), int(row[4]), work, _money(row[6]))
