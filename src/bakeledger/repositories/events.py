"""Events, their targets and assignments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bakeledger.domain.errors import EventNotFound
from bakeledger.domain.events import Event
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository

_E = t.events


class EventRepo(SqlRepository):
    def find(self, event_id: int) -> Event | None:
        row = self._session.execute(select(_E).where(_E.c.id == event_id)).first()
        return _event(row) if row else None

    def get(self, event_id: int) -> Event:
        """The event with this id, or EventNotFound."""
        found = self.find(event_id)
        if found is None:
            raise EventNotFound(key=event_id)
        return found


def _event(row: Any) -> Event:
    return Event(row.id, row.uuid, row.name, row.event_date, row.year, row.notes)
