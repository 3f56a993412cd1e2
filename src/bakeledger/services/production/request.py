"""The arguments of record_production, checked and normalised (`"2"` = `2`) before anything is read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from bakeledger.domain.errors import ValidationError
from bakeledger.domain.production import LOSS_CATEGORIES, request_fingerprint
from bakeledger.services import arguments


@attrs.frozen
class ProductionRequest:
    recipe: str
    finished_unit: str
    batches: int
    actual_yield: int | None
    event_id: int | None
    loss_category: str | None
    loss_notes: str | None
    notes: str | None
    produced_at: dt.datetime | None
    scale: Decimal
    idempotency_key: str | None

    @property
    def fingerprint(self) -> str:
        """sha256 of what the caller asked for; a produced_at left to default (now) is not part of it."""
        asked = attrs.asdict(self, recurse=False)
        del asked["idempotency_key"]
        return request_fingerprint(asked)


def parse_request(
    *,
    recipe: Any,
    finished_unit: Any,
    batches: Any,
    actual_yield: Any,
    event: Any,
    loss_category: Any,
    loss_notes: Any,
    notes: Any,
    produced_at: Any,
    scale: Any,
    idempotency_key: Any,
) -> ProductionRequest:
    """Every argument checked (ValidationError naming the field) and normalised."""
    if loss_category is not None and loss_category not in LOSS_CATEGORIES:
        raise ValidationError(
            field="loss_category",
            value=repr(loss_category)[:40],
            message=f"loss_category must be one of {', '.join(LOSS_CATEGORIES)}",
        )
    return ProductionRequest(
        recipe=arguments.slug(recipe, "recipe"),
        finished_unit=arguments.slug(finished_unit, "finished_unit"),
        batches=arguments.parse_count(batches, "batches"),
        actual_yield=arguments.parse_count(actual_yield, "actual_yield", allow_zero=True)
        if actual_yield is not None
        else None,
        event_id=arguments.optional_id(event, "event"),
        loss_category=loss_category,
        loss_notes=arguments.notes(loss_notes, "loss_notes"),
        notes=arguments.notes(notes),
        produced_at=arguments.optional_datetime(produced_at, "produced_at"),
        scale=arguments.parse_quantity(scale, "scale"),
        idempotency_key=arguments.key(idempotency_key),
    )
