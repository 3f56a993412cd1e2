"""Which events a bulk read covers, as SQL: one event, or a date window (a subquery, not an id list)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from bakeledger.domain.events import EventScope
from bakeledger.repositories import tables as t

_E = t.events


def window_clause(first: dt.date | None, last: dt.date | None) -> list[Any]:
    clauses = []
    if first is not None:
        clauses.append(_E.c.event_date >= first)
    if last is not None:
        clauses.append(_E.c.event_date <= last)
    return clauses


def in_scope(column: Any, scope: EventScope) -> Any:
    """`column` (an event id column) belongs to one of the events in scope."""
    if scope.event_id is not None:
        return column == scope.event_id
    return column.in_(select(_E.c.id).where(*window_clause(scope.first, scope.last)))
