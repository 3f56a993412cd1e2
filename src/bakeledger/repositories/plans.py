"""Event plans: each event's plan state and snapshot, its batch decisions, and its amendments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select, update

from bakeledger.domain.planning import Amendment, Decision, PlanRecord
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository, new_uuid

_P, _D, _M, _U, _E = t.event_plans, t.plan_decisions, t.plan_amendments, t.finished_units, t.events
_DECISIONS = (
    select(_D, _U.c.slug.label("unit_slug"), _U.c.recipe_id, t.recipes.c.slug.label("recipe_slug"))
    .join(_U, _U.c.id == _D.c.finished_unit_id)
    .join(t.recipes, t.recipes.c.id == _U.c.recipe_id)
)


class PlanRepo(SqlRepository):
    def get(self, event_id: int, *, for_update: bool = False) -> PlanRecord:
        """The event's plan (a draft when none is stored). `for_update` locks the event's row, so
        two changes to one plan take turns even before the plan has a row of its own. The plan is
        read by a statement of its own after the lock is held, so it is the latest committed one."""
        if for_update:
            self._session.execute(select(_E.c.id).where(_E.c.id == event_id).with_for_update())
        row = self._session.execute(select(_P).where(_P.c.event_id == event_id)).first()
        if row is None:
            return PlanRecord(event_id)
        return PlanRecord(
            event_id,
            row.state,
            row.snapshot,
            row.locked_at,
            row.started_at,
            row.completed_at,
            row.completion_reason,
        )

    def save(self, plan: PlanRecord) -> None:
        """Store the plan's state, snapshot and times (inserting its row the first time)."""
        values = {
            "state": plan.state,
            "snapshot": plan.snapshot,
            "locked_at": plan.locked_at,
            "started_at": plan.started_at,
            "completed_at": plan.completed_at,
            "completion_reason": plan.completion_reason,
        }
        changed = self._session.execute(update(_P).where(_P.c.event_id == plan.event_id).values(**values))
        if not changed.rowcount:  # type: ignore[attr-defined]
            self._session.execute(insert(_P).values(uuid=new_uuid(), event_id=plan.event_id, **values))

    def states(self, event_ids: Sequence[int]) -> dict[int, str]:
        """The stored plan state of each event that has one (the others are drafts)."""
        if not event_ids:
            return {}
        query = select(_P.c.event_id, _P.c.state).where(_P.c.event_id.in_(event_ids))
        return {event_id: state for event_id, state in self._session.execute(query)}

    def scheduled(
        self, states: Sequence[str], date_from: dt.date | None, date_to: dt.date | None
    ) -> list[tuple[int, str, dt.date, str]]:
        """(event id, name, date, state) of the events whose plan is in one of `states`, by date."""
        query = (
            select(_E.c.id, _E.c.name, _E.c.event_date, _P.c.state)
            .join(_P, _P.c.event_id == _E.c.id)
            .where(_P.c.state.in_(states))
            .order_by(_E.c.event_date, _E.c.id)
        )
        if date_from is not None:
            query = query.where(_E.c.event_date >= date_from)
        if date_to is not None:
            query = query.where(_E.c.event_date <= date_to)
        return [(r.id, r.name, r.event_date, r.state) for r in self._session.execute(query)]

    # --- decisions ------------------------------------------------------------------------
    def decisions(self, event_id: int) -> list[Decision]:
        query = _DECISIONS.where(_D.c.event_id == event_id).order_by(_U.c.slug)
        return [_decision(row) for row in self._session.execute(query)]

    def put_decisions(self, event_id: int, rows: Sequence[Decision]) -> None:
        """Insert or replace the decisions for these finished units (others stay)."""
        if not rows:
            return
        units = [d.finished_unit_id for d in rows]
        self._session.execute(delete(_D).where(_D.c.event_id == event_id, _D.c.finished_unit_id.in_(units)))
        self._session.execute(
            insert(_D),
            [
                {
                    "uuid": new_uuid(),
                    "event_id": event_id,
                    "finished_unit_id": d.finished_unit_id,
                    "batches": d.batches,
                    "accept_shortfall": d.accept_shortfall,
                    "need": d.need,
                    "items_per_batch": d.items_per_batch,
                    "decided_at": d.decided_at,
                }
                for d in rows
            ],
        )

    def drop_decisions(self, event_id: int, unit_ids: Sequence[int]) -> None:
        if unit_ids:
            self._session.execute(
                delete(_D).where(_D.c.event_id == event_id, _D.c.finished_unit_id.in_(unit_ids))
            )

    # --- amendments -----------------------------------------------------------------------
    def add_amendment(
        self,
        *,
        event_id: int,
        kind: str,
        reason: str,
        plan_state: str,
        before: str,
        after: str,
        at: dt.datetime,
    ) -> int:
        statement = insert(_M).values(
            uuid=new_uuid(),
            event_id=event_id,
            kind=kind,
            reason=reason,
            plan_state=plan_state,
            before=before,
            after=after,
            created_at=at,
        )
        return self._insert(statement)

    def amendments(self, event_id: int) -> list[Amendment]:
        query = select(_M).where(_M.c.event_id == event_id).order_by(_M.c.id)
        return [
            Amendment(r.id, r.event_id, r.kind, r.reason, r.plan_state, r.before, r.after, r.created_at)
            for r in self._session.execute(query)
        ]


def _decision(row: Any) -> Decision:
    return Decision(
        row.finished_unit_id,
        row.unit_slug,
        row.recipe_id,
        row.recipe_slug,
        row.batches,
        row.accept_shortfall,
        row.need,
        row.items_per_batch,
        row.decided_at,
    )
