"""Event entities (event, targets, assignments) and their pure rules: fulfillment and input checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from bakeledger.domain.errors import InvalidTransition, ValidationError

FULFILLMENT_STATES = ("pending", "ready", "delivered")
_NEXT_STATES: dict[str, tuple[str, ...]] = {"pending": ("ready",), "ready": ("delivered",), "delivered": ()}
EVENT_FILTERS = ("active_future", "past", "all")


@attrs.frozen
class Event:
    id: int
    uuid: str
    name: str
    event_date: dt.date
    year: int
    notes: str | None = None


@attrs.frozen
class ProductionTarget:
    id: int
    event_id: int
    recipe_id: int
    recipe_slug: str
    batches: int
    notes: str | None = None


@attrs.frozen
class AssemblyTarget:
    id: int
    event_id: int
    finished_good_id: int
    finished_good_slug: str
    quantity: int
    notes: str | None = None


@attrs.frozen
class Assignment:
    id: int
    uuid: str
    event_id: int
    recipient_id: int
    recipient_slug: str
    package_id: int
    package_slug: str
    quantity: int
    status: str
    notes: str | None = None


@attrs.frozen
class EventScope:
    """Which events a bulk read covers: one event by id, or every event dated first..last (inclusive)."""

    event_id: int | None = None
    first: dt.date | None = None
    last: dt.date | None = None

    @classmethod
    def one(cls, event_id: int) -> EventScope:
        return cls(event_id=event_id)


def check_transition(current: str, requested: object) -> str:
    """Fulfillment moves pending → ready → delivered, one step at a time, never back."""
    allowed = list(_NEXT_STATES.get(current, ()))
    if requested not in allowed:
        raise InvalidTransition(current=current, requested=str(requested), allowed=allowed)
    return str(requested)


def check_status(status: object) -> str:
    """A fulfillment status word (for filtering)."""
    if status not in FULFILLMENT_STATES:
        raise ValidationError(
            field="status", value=status, message=f"status must be one of {', '.join(FULFILLMENT_STATES)}"
        )
    return str(status)


def event_window(
    filter: object, date_from: dt.date | None, date_to: dt.date | None, today: dt.date
) -> tuple[dt.date | None, dt.date | None]:
    """The inclusive date bounds of a listing: active_future = today onwards, past = before today."""
    if filter not in EVENT_FILTERS:
        raise ValidationError(
            field="filter", value=filter, message=f"filter must be one of {', '.join(EVENT_FILTERS)}"
        )
    first, last = date_from, date_to
    if filter == "active_future":
        first = today if first is None else max(first, today)
    elif filter == "past":
        yesterday = today - dt.timedelta(days=1)
        last = yesterday if last is None else min(last, yesterday)
    return first, last


@attrs.frozen
class RunTotals:
    """What an event's non-reversed runs of one recipe (or finished good) add up to."""

    item_id: int
    slug: str
    runs: int
    quantity: int  # batches for production, bundles for assembly
    produced: int  # actual yield for production, bundles for assembly
    work: Decimal  # batches × scale for production (batch equivalents), bundles for assembly
    cost: Decimal
