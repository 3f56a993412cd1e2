"""An event's production and assembly targets, and the packages assigned to its recipients."""

from __future__ import annotations

from typing import Any

from loguru import logger

from bakeledger.domain import planning
from bakeledger.domain.errors import AssignmentNotFound, TargetNotFound, ValidationError
from bakeledger.domain.events import (
    AssemblyTarget,
    Assignment,
    EventScope,
    ProductionTarget,
    check_status,
    check_transition,
)
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.services.outcome import logs_rejection
from bakeledger.uow.base import UnitOfWork


def production_target_dto(t: ProductionTarget) -> dto.ProductionTargetDTO:
    return build(
        dto.ProductionTargetDTO,
        id=t.id,
        event_id=t.event_id,
        recipe=t.recipe_slug,
        batches=t.batches,
        notes=t.notes,
    )


def assembly_target_dto(t: AssemblyTarget) -> dto.AssemblyTargetDTO:
    return build(
        dto.AssemblyTargetDTO,
        id=t.id,
        event_id=t.event_id,
        finished_good=t.finished_good_slug,
        quantity=t.quantity,
        notes=t.notes,
    )


def assignment_dto(a: Assignment) -> dto.AssignmentDTO:
    return build(
        dto.AssignmentDTO,
        id=a.id,
        uuid=a.uuid,
        event_id=a.event_id,
        recipient=a.recipient_slug,
        package=a.package_slug,
        quantity=a.quantity,
        status=a.status,
        notes=a.notes,
    )


def _check_editable(uow: UnitOfWork, event_id: int) -> None:
    """The event exists and its plan is a draft: from locked on, targets and assignments change only
    through amendments (PlanLocked). The event's row stays locked, so a plan cannot be locked while
    this change is being made."""
    uow.events.get(event_id)
    planning.check_editable(event_id, uow.plans.get(event_id, for_update=True).state)


@logs_rejection("target set", op="set_production_target")
def set_production_target(
    uow: UnitOfWork, *, event: Any, recipe: str, batches: Any, notes: str | None = None
) -> dto.ProductionTargetDTO:
    """Aim to bake `batches` of a recipe for the event (setting it again updates the target)."""
    event_id, slug = arguments.parse_id(event, "event"), arguments.slug(recipe, "recipe")
    count, notes = arguments.parse_count(batches, "batches"), arguments.notes(notes)
    uow.ensure_active()
    _check_editable(uow, event_id)
    target = uow.events.set_production_target(event_id, uow.recipes.get(slug).id, count, notes)
    logger.info(
        "target set",
        op="set_production_target",
        event_id=event_id,
        recipe=slug,
        batches=count,
        outcome="success",
    )
    return production_target_dto(target)


@logs_rejection("target set", op="set_assembly_target")
def set_assembly_target(
    uow: UnitOfWork, *, event: Any, finished_good: str, quantity: Any, notes: str | None = None
) -> dto.AssemblyTargetDTO:
    """Aim to assemble `quantity` of a finished good for the event (setting it again updates it)."""
    event_id, slug = arguments.parse_id(event, "event"), arguments.slug(finished_good, "finished_good")
    count, notes = arguments.parse_count(quantity, "quantity"), arguments.notes(notes)
    uow.ensure_active()
    _check_editable(uow, event_id)
    target = uow.events.set_assembly_target(event_id, uow.finished_goods.get(slug).id, count, notes)
    logger.info(
        "target set",
        op="set_assembly_target",
        event_id=event_id,
        finished_good=slug,
        quantity=count,
        outcome="success",
    )
    return assembly_target_dto(target)


@logs_rejection("target deleted", op="delete_production_target")
def delete_production_target(uow: UnitOfWork, *, event: Any, recipe: str) -> bool:
    """Drop the event's target for this recipe; whether there was one."""
    event_id, slug = arguments.parse_id(event, "event"), arguments.slug(recipe, "recipe")
    uow.ensure_active()
    _check_editable(uow, event_id)
    deleted = uow.events.delete_production_target(event_id, uow.recipes.get(slug).id)
    logger.info(
        "target deleted", op="delete_production_target", event_id=event_id, recipe=slug, outcome="success"
    )
    return deleted


@logs_rejection("target deleted", op="delete_assembly_target")
def delete_assembly_target(uow: UnitOfWork, *, event: Any, finished_good: str) -> bool:
    """Drop the event's target for this finished good; whether there was one."""
    event_id, slug = arguments.parse_id(event, "event"), arguments.slug(finished_good, "finished_good")
    uow.ensure_active()
    _check_editable(uow, event_id)
    deleted = uow.events.delete_assembly_target(event_id, uow.finished_goods.get(slug).id)
    logger.info(
        "target deleted",
        op="delete_assembly_target",
        event_id=event_id,
        finished_good=slug,
        outcome="success",
    )
    return deleted


@logs_rejection("target removed", op="remove_production_target")
def remove_production_target(uow: UnitOfWork, *, event: Any, recipe: str) -> dto.ProductionTargetDTO:
    """Drop the event's target for this recipe and return it (TargetNotFound when it has none)."""
    event_id, slug = arguments.parse_id(event, "event"), arguments.slug(recipe, "recipe")
    uow.ensure_active()
    _check_editable(uow, event_id)
    recipe_id = uow.recipes.get(slug).id
    targets = uow.events.production_targets(EventScope.one(event_id))
    target = next((t for t in targets if t.recipe_id == recipe_id), None)
    if target is None:
        raise TargetNotFound(key=f"{event_id}/{slug}")
    uow.events.delete_production_target(event_id, recipe_id)
    logger.info(
        "target removed", op="remove_production_target", event_id=event_id, recipe=slug, outcome="success"
    )
    return production_target_dto(target)


@logs_rejection("target removed", op="remove_assembly_target")
def remove_assembly_target(uow: UnitOfWork, *, event: Any, finished_good: str) -> dto.AssemblyTargetDTO:
    """Drop the event's target for this finished good and return it (TargetNotFound when it has none)."""
    event_id, slug = arguments.parse_id(event, "event"), arguments.slug(finished_good, "finished_good")
    uow.ensure_active()
    _check_editable(uow, event_id)
    good_id = uow.finished_goods.get(slug).id
    targets = uow.events.assembly_targets(EventScope.one(event_id))
    target = next((t for t in targets if t.finished_good_id == good_id), None)
    if target is None:
        raise TargetNotFound(key=f"{event_id}/{slug}")
    uow.events.delete_assembly_target(event_id, good_id)
    logger.info(
        "target removed",
        op="remove_assembly_target",
        event_id=event_id,
        finished_good=slug,
        outcome="success",
    )
    return assembly_target_dto(target)


@logs_rejection("package assigned", op="assign_package")
def assign_package(
    uow: UnitOfWork, *, event: Any, recipient: str, package: str, quantity: Any = 1, notes: str | None = None
) -> dto.AssignmentDTO:
    """Give `quantity` of a package to a recipient at the event; fulfillment starts pending."""
    event_id = arguments.parse_id(event, "event")
    who, what = arguments.slug(recipient, "recipient"), arguments.slug(package, "package")
    count, notes = arguments.parse_count(quantity, "quantity"), arguments.notes(notes)
    uow.ensure_active()
    _check_editable(uow, event_id)
    rows = [(uow.recipients.get(who).id, uow.packages.get(what).id, count, notes)]
    (new_id,) = uow.events.add_assignments(event_id, rows)
    logger.info(
        "package assigned", op="assign_package", event_id=event_id, assignment_id=new_id, outcome="success"
    )
    return assignment_dto(uow.events.get_assignment(new_id))


@logs_rejection("fulfillment advanced", op="advance_fulfillment")
def advance_fulfillment(
    uow: UnitOfWork, *, assignment_id: Any, status: str, event: Any = None
) -> dto.AssignmentDTO:
    """Move an assignment one step along pending → ready → delivered (InvalidTransition otherwise).

    With `event`, the assignment must be one of that event's (AssignmentNotFound otherwise)."""
    key = arguments.parse_id(assignment_id, "assignment_id")
    event_id = None if event is None else arguments.parse_id(event, "event")
    if not isinstance(status, str):
        raise ValidationError(field="status", value=repr(status), message="status must be a string")
    uow.ensure_active()
    if event_id is not None:
        uow.events.get(event_id)
    current = uow.events.get_assignment(key, for_update=True)
    if event_id is not None and current.event_id != event_id:
        raise AssignmentNotFound(key=key)
    new_status = check_transition(current.status, status)
    uow.events.set_assignment_status(key, new_status)
    logger.info(
        "fulfillment advanced",
        op="advance_fulfillment",
        assignment_id=key,
        event_id=current.event_id,
        status=new_status,
        outcome="success",
    )
    return assignment_dto(uow.events.get_assignment(key))


def list_assignments(uow: UnitOfWork, *, event: Any, status: str | None = None) -> list[dto.AssignmentDTO]:
    """The event's assignments in the order they were made; only one status when given."""
    event_id = arguments.parse_id(event, "event")
    wanted = None if status is None else check_status(status)
    uow.ensure_active()
    uow.events.get(event_id)
    return [assignment_dto(a) for a in uow.events.list_assignments(event_id, status=wanted)]
