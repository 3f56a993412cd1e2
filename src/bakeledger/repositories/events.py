"""Events: the event rows themselves, plus (through mixins) targets, assignments and tallies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, insert, select, update

from bakeledger.domain.errors import EventNotFound
from bakeledger.domain.events import Event, EventScope
from bakeledger.domain.numbers import utcnow
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import new_uuid
from bakeledger.repositories.event_scope import per_shape, shape_of, window
from bakeledger.repositories.event_tallies import EventTallies
from bakeledger.repositories.event_targets import EventTargets

_E = t.events
_WINDOW = per_shape(
    lambda shape: select(_E).where(*window(shape)).order_by(_E.c.event_date, _E.c.name, _E.c.id)
)


class EventRepo(EventTargets, EventTallies):
    """Events, their targets and assignments, and the sums that progress and costs need."""

    def add(
        self,
        *,
        name: str,
        event_date: dt.date,
        year: int,
        notes: str | None,
        uuid: str | None = None,
        created_at: dt.datetime | None = None,
    ) -> Event:
        values = dict(
            uuid=uuid or new_uuid(),
            name=name,
            event_date=event_date,
            year=year,
            notes=notes,
            created_at=created_at or utcnow(),
        )
        new_id = self._insert(insert(_E).values(**values))
        return Event(new_id, str(values["uuid"]), name, event_date, year, notes)

    def find(self, event_id: int) -> Event | None:
        row = self._session.execute(select(_E).where(_E.c.id == event_id)).first()
        return _event(row) if row else None

    def get(self, event_id: int) -> Event:
        """The event with this id, or EventNotFound."""
        found = self.find(event_id)
        if found is None:
            raise EventNotFound(key=event_id)
        return found

    def list_newest_first(self, *, year: int | None = None) -> list[Event]:
        """Events newest first (by date, then id)."""
        query = select(_E).order_by(_E.c.event_date.desc(), _E.c.id.desc())
        if year is not None:
            query = query.where(_E.c.year == year)
        return [_event(r) for r in self._session.execute(query)]

    def list_window(self, *, first: dt.date | None, last: dt.date | None) -> list[Event]:
        """Events dated first..last (inclusive, either open), by date, then name, then id."""
        shape, params = shape_of(EventScope(first=first, last=last))
        return [_event(row) for row in self._session.execute(_WINDOW[shape], params)]

    def update(self, event_id: int, *, name: str, event_date: dt.date, year: int, notes: str | None) -> Event:
        self._session.execute(
            update(_E)
            .where(_E.c.id == event_id)
            .values(name=name, event_date=event_date, year=year, notes=notes)
        )
        return self.get(event_id)

    def runs_using(self, event_id: int) -> list[str]:
        """Production and assembly runs (reversed or not) tagged with this event, as labels."""
        labels = []
        for kind, table in (("production run", t.production_runs), ("assembly run", t.assembly_runs)):
            ids = self._session.execute(
                select(table.c.id).where(table.c.event_id == event_id).order_by(table.c.id)
            ).scalars()
            labels += [f"{kind} {run_id}" for run_id in ids]
        return labels

    def delete(self, event_id: int) -> None:
        """Delete the event with its targets, assignments and plan (runs must be gone already)."""
        dependants = (t.production_targets, t.assembly_targets, t.assignments)
        for table in (*dependants, t.plan_amendments, t.plan_decisions, t.event_plans):
            self._session.execute(delete(table).where(table.c.event_id == event_id))
        self._session.execute(delete(_E).where(_E.c.id == event_id))


def _event(row: Any) -> Event:
    return Event(row.id, row.uuid, row.name, row.event_date, row.year, row.notes)
