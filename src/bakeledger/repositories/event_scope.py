"""Which events a bulk read covers, as SQL: one event, or a date window (a subquery, not an id list).

A scope has one of five shapes (one event; a window open or closed at either end). Each statement
that reads per scope is built once per shape, with bind parameters for the event and the dates, so
SQLAlchemy compiles it once and never has to rebuild it for a call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar

from sqlalchemy import ColumnElement, Date, bindparam, select

from bakeledger.domain.events import EventScope
from bakeledger.repositories import tables as t

_E = t.events
Shape: TypeAlias = tuple[bool, bool, bool]  # (one event, window has a first day, has a last day)
SHAPES: tuple[Shape, ...] = ((True, False, False),) + tuple(
    (False, first, last) for first in (False, True) for last in (False, True)
)
S = TypeVar("S")


def shape_of(scope: EventScope) -> tuple[Shape, dict[str, Any]]:
    """The scope's shape and the parameters its statements take."""
    if scope.event_id is not None:
        return (True, False, False), {"event": scope.event_id}
    params = {key: day for key, day in (("first", scope.first), ("last", scope.last)) if day is not None}
    return (False, scope.first is not None, scope.last is not None), params


def window(shape: Shape) -> list[ColumnElement[bool]]:
    """Conditions on `events` for a window shape (none when both ends are open)."""
    _one, first, last = shape
    clauses = []
    if first:
        clauses.append(_E.c.event_date >= bindparam("first", type_=Date))
    if last:
        clauses.append(_E.c.event_date <= bindparam("last", type_=Date))
    return clauses


def in_scope(column: Any, shape: Shape) -> ColumnElement[bool]:
    """`column` (an event id column) belongs to one of the events of a scope of this shape."""
    if shape[0]:
        return column == bindparam("event")
    return column.in_(select(_E.c.id).where(*window(shape)))


def per_shape(build: Callable[[Shape], S]) -> dict[Shape, S]:
    """One statement per scope shape, built once."""
    return {shape: build(shape) for shape in SHAPES}
