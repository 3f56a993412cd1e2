"""Events themselves: create, read, list, update, delete and clone."""

from __future__ import annotations

from typing import Any

from loguru import logger

from bakeledger.domain.errors import InUse, ValidationError
from bakeledger.domain.events import Event, EventScope
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.services.outcome import logs_rejection
from bakeledger.uow.base import UnitOfWork

_CHANGEABLE = ("name", "event_date", "notes")


def event_dto(event: Event) -> dto.EventDTO:
    return build(
        dto.EventDTO,
        id=event.id,
        uuid=event.uuid,
        name=event.name,
        event_date=event.event_date,
        year=event.year,
        notes=event.notes,
    )


@logs_rejection("event created", op="create_event")
def create_event(uow: UnitOfWork, *, name: str, event_date: Any, notes: str | None = None) -> dto.EventDTO:
    """Add an event; its year is the year of its date."""
    name, day, notes = (
        arguments.name(name),
        arguments.parse_date(event_date, "event_date"),
        arguments.notes(notes),
    )
    uow.ensure_active()
    event = uow.events.add(name=name, event_date=day, year=day.year, notes=notes)
    logger.info("event created", op="create_event", event_id=event.id, outcome="success")
    return event_dto(event)


def get_event(uow: UnitOfWork, *, event_id: Any) -> dto.EventDTO:
    """The event with this id (EventNotFound otherwise)."""
    key = arguments.parse_id(event_id, "event_id")
    uow.ensure_active()
    return event_dto(uow.events.get(key))


def list_events(uow: UnitOfWork, *, year: Any = None) -> list[dto.EventDTO]:
    """Events, newest first; only those of `year` when given."""
    wanted = None if year is None else arguments.parse_count(year, "year")
    if wanted is not None and wanted > 9999:
        raise ValidationError(field="year", value=year, message="year must be at most 9999")
    uow.ensure_active()
    return [event_dto(e) for e in uow.events.list_newest_first(year=wanted)]


@logs_rejection("event updated", op="update_event")
def update_event(uow: UnitOfWork, *, event_id: Any, **changes: Any) -> dto.EventDTO:
    """Change name, event_date and/or notes (notes=None clears them); the year follows the date."""
    key = arguments.parse_id(event_id, "event_id")
    unknown = sorted(set(changes) - set(_CHANGEABLE))
    if unknown:
        raise ValidationError(
            field=unknown[0],
            value=changes[unknown[0]],
            message=f"cannot change {', '.join(unknown)}; changeable: {', '.join(_CHANGEABLE)}",
        )
    name = arguments.name(changes["name"]) if "name" in changes else None
    day = arguments.parse_date(changes["event_date"], "event_date") if "event_date" in changes else None
    notes = arguments.notes(changes["notes"]) if "notes" in changes else None
    uow.ensure_active()
    current = uow.events.get(key)
    day = day or current.event_date
    event = uow.events.update(
        key,
        name=name or current.name,
        event_date=day,
        year=day.year,
        notes=notes if "notes" in changes else current.notes,
    )
    logger.info("event updated", op="update_event", event_id=key, changed=sorted(changes), outcome="success")
    return event_dto(event)


@logs_rejection("event deleted", op="delete_event")
def delete_event(uow: UnitOfWork, *, event_id: Any, cascade: bool = False) -> dto.EventDTO:
    """Delete an event: refused while runs reference it; its targets and assignments go only with cascade.

    Its plan (state, snapshot, batch decisions and amendments) goes with it."""
    key = arguments.parse_id(event_id, "event_id")
    arguments.flag(cascade, "cascade")
    uow.ensure_active()
    event = uow.events.get(key)
    runs = uow.events.runs_using(key)
    if runs:
        raise InUse(kind="event", key=key, used_by=runs)
    if not cascade:
        held = [f"{n} {what}" for what, n in uow.events.dependants(key).items() if n]
        if held:
            raise InUse(
                kind="event",
                key=key,
                used_by=held,
                message=f"event {key} still has {', '.join(held)}; delete with cascade=True to remove them",
            )
    uow.events.delete(key)
    logger.info("event deleted", op="delete_event", event_id=key, cascade=cascade, outcome="success")
    return event_dto(event)


@logs_rejection("event cloned", op="clone_event")
def clone_event(
    uow: UnitOfWork, *, event_id: Any, name: str, event_date: Any, include_targets: bool = True
) -> dto.EventDTO:
    """A new event with the source's notes, assignments (back to pending) and, by default, targets.

    The clone's plan is a draft with no batch decisions, snapshot or amendments, whatever state the
    source's plan is in: copied targets are plain targets until the clone's batches are decided."""
    key = arguments.parse_id(event_id, "event_id")
    name, day = arguments.name(name), arguments.parse_date(event_date, "event_date")
    arguments.flag(include_targets, "include_targets")
    uow.ensure_active()
    source = uow.events.get(key)
    scope = EventScope.one(key)
    copy = uow.events.add(name=name, event_date=day, year=day.year, notes=source.notes)
    if include_targets:
        uow.events.add_production_targets(
            copy.id, [(t.recipe_id, t.batches, t.notes) for t in uow.events.production_targets(scope)]
        )
        uow.events.add_assembly_targets(
            copy.id, [(t.finished_good_id, t.quantity, t.notes) for t in uow.events.assembly_targets(scope)]
        )
    uow.events.add_assignments(
        copy.id,
        [(a.recipient_id, a.package_id, a.quantity, a.notes) for a in uow.events.list_assignments(key)],
    )
    logger.info("event cloned", op="clone_event", event_id=copy.id, source_event_id=key, outcome="success")
    return event_dto(copy)
