"""Sums over an event's non-reversed runs, in SQL, for any number of events in one statement each."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, and_, false, func, select, type_coerce

from bakeledger.domain.events import EventScope, RunTotals
from bakeledger.domain.planning import Produced
from bakeledger.domain.progress import TargetTally
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository
from bakeledger.repositories.event_scope import in_scope, per_shape, shape_of
from bakeledger.repositories.types import Quantity

_PT, _AT, _A = t.production_targets, t.assembly_targets, t.assignments
_PR, _AR = t.production_runs, t.assembly_runs
_FL, _FM, _LM = t.finished_lots, t.finished_movements, t.lot_movements


def _live_production(event_id: int) -> Any:
    return select(_PR.c.id).where(_PR.c.event_id == event_id, _PR.c.reversed.is_(False))


def _live_assembly(event_id: int) -> Any:
    return select(_AR.c.id).where(_AR.c.event_id == event_id, _AR.c.reversed.is_(False))


_R, _G = t.recipes, t.finished_goods
_PRODUCTION_TALLIES = (
    select(
        _PT.c.id,
        _PT.c.event_id,
        _PT.c.recipe_id,
        _R.c.slug,
        _PT.c.batches,
        func.coalesce(func.sum(_PR.c.batches), 0),
        func.coalesce(func.sum(_PR.c.actual_yield), 0),
    )
    .select_from(
        _PT.join(_R, _R.c.id == _PT.c.recipe_id).outerjoin(
            _PR,
            and_(
                _PR.c.event_id == _PT.c.event_id,
                _PR.c.recipe_id == _PT.c.recipe_id,
                _PR.c.reversed == false(),
            ),
        )
    )
    .group_by(_PT.c.id, _PT.c.event_id, _PT.c.recipe_id, _R.c.slug, _PT.c.batches)
    .order_by(_PT.c.id)
)
_ASSEMBLY_TALLIES = (
    select(
        _AT.c.id,
        _AT.c.event_id,
        _AT.c.finished_good_id,
        _G.c.slug,
        _AT.c.quantity,
        func.coalesce(func.sum(_AR.c.quantity), 0),
    )
    .select_from(
        _AT.join(_G, _G.c.id == _AT.c.finished_good_id).outerjoin(
            _AR,
            and_(
                _AR.c.event_id == _AT.c.event_id,
                _AR.c.finished_good_id == _AT.c.finished_good_id,
                _AR.c.reversed == false(),
            ),
        )
    )
    .group_by(_AT.c.id, _AT.c.event_id, _AT.c.finished_good_id, _G.c.slug, _AT.c.quantity)
    .order_by(_AT.c.id)
)
_ASSIGNMENT_COUNTS = select(_A.c.event_id, _A.c.status, func.count()).group_by(_A.c.event_id, _A.c.status)
_PRODUCTION_TALLIES_IN = per_shape(lambda shape: _PRODUCTION_TALLIES.where(in_scope(_PT.c.event_id, shape)))
_ASSEMBLY_TALLIES_IN = per_shape(lambda shape: _ASSEMBLY_TALLIES.where(in_scope(_AT.c.event_id, shape)))
_ASSIGNMENT_COUNTS_IN = per_shape(lambda shape: _ASSIGNMENT_COUNTS.where(in_scope(_A.c.event_id, shape)))


class EventTallies(SqlRepository):
    def production_tallies(self, scope: EventScope) -> list[TargetTally]:
        """Each production target in scope with Σ batches and Σ actual yield of its live runs."""
        shape, params = shape_of(scope)
        rows = self._session.execute(_PRODUCTION_TALLIES_IN[shape], params)
        return [_tally(row, row[6]) for row in rows]

    def assembly_tallies(self, scope: EventScope) -> list[TargetTally]:
        """Each assembly target in scope with Σ quantity of its live assembly runs."""
        shape, params = shape_of(scope)
        rows = self._session.execute(_ASSEMBLY_TALLIES_IN[shape], params)
        return [_tally(row, row[5]) for row in rows]

    def assignment_counts(self, scope: EventScope) -> dict[int, dict[str, int]]:
        """Per event in scope: how many assignments are in each fulfillment status."""
        counts: defaultdict[int, dict[str, int]] = defaultdict(dict)
        shape, params = shape_of(scope)
        for event_id, status, n in self._session.execute(_ASSIGNMENT_COUNTS_IN[shape], params):
            counts[event_id][status] = int(n)
        return dict(counts)

    def produced_items(self, event_id: int) -> dict[int, Produced]:
        """Items and batches the event's live production runs made, per finished unit id (one statement)."""
        query = (
            select(_PR.c.finished_unit_id, func.sum(_PR.c.actual_yield), func.sum(_PR.c.batches))
            .where(_PR.c.event_id == event_id, _PR.c.reversed.is_(False))
            .group_by(_PR.c.finished_unit_id)
        )
        return {
            unit_id: Produced(int(items), int(batches))
            for unit_id, items, batches in self._session.execute(query)
        }

    def production_totals(self, event_id: int) -> list[RunTotals]:
        """The event's live production runs summed per recipe (by recipe slug)."""
        query = (
            select(
                _PR.c.recipe_id,
                t.recipes.c.slug,
                func.count(),
                func.sum(_PR.c.batches),
                func.sum(_PR.c.actual_yield),
                # Σ batches × scale, exact in SQL on the stored integers, read back as a quantity
                type_coerce(func.sum(_PR.c.batches * type_coerce(_PR.c.scale, BigInteger)), Quantity),
                func.sum(_PR.c.total_ingredient_cost),
            )
            .join(t.recipes, t.recipes.c.id == _PR.c.recipe_id)
            .where(_PR.c.event_id == event_id, _PR.c.reversed.is_(False))
            .group_by(_PR.c.recipe_id, t.recipes.c.slug)
            .order_by(t.recipes.c.slug)
        )
        return [_totals(row, row[5]) for row in self._session.execute(query)]

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
