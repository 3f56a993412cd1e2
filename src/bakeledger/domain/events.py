"""Event entities: the event itself, its production and assembly targets, and assignments."""

from __future__ import annotations

import datetime as dt

import attrs

from bakeledger.domain.errors import InvalidTransition

FULFILLMENT_STATES = ("pending", "ready", "delivered")
_NEXT_STATES: dict[str, tuple[str, ...]] = {"pending": ("ready",), "ready": ("delivered",), "delivered": ()}


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


def check_transition(current: str, requested: str) -> str:
    """Fulfillment moves pending → ready → delivered, one step at a time, never back."""
    allowed = list(_NEXT_STATES.get(current, ()))
    if requested not in allowed:
        raise InvalidTransition(current=current, requested=str(requested), allowed=allowed)
    return requested
