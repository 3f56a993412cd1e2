"""The arguments of record_production, checked and normalised (`"2"` = `2`) before anything is read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from bakeledger.domain.errors import ValidationError
from bakeledger.domain.numbers import parse_count, parse_datetime, parse_id, parse_quantity
from bakeledger.domain.production import LOSS_CATEGORIES, request_fingerprint

MAX_NOTES_LENGTH = 2000
MAX_KEY_LENGTH = 200


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
        recipe=_slug(recipe, "recipe"),
        finished_unit=_slug(finished_unit, "finished_unit"),
        batches=parse_count(batches, "batches"),
        actual_yield=parse_count(actual_yield, "actual_yield", allow_zero=True)
        if actual_yield is not None
        else None,
        event_id=parse_id(event, "event") if event is not None else None,
        loss_category=loss_category,
        loss_notes=_text(loss_notes, "loss_notes", MAX_NOTES_LENGTH),
        notes=_text(notes, "notes", MAX_NOTES_LENGTH),
        produced_at=parse_datetime(produced_at, "produced_at") if produced_at is not None else None,
        scale=parse_quantity(scale, "scale"),
        idempotency_key=_text(idempotency_key, "idempotency_key", MAX_KEY_LENGTH),
    )


def _slug(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field=field, value=repr(value)[:40], message=f"{field} must be a slug")
    return value.strip()


def _text(value: Any, field: str, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > limit or "\x00" in value:
        raise ValidationError(
            field=field,
            value=repr(value)[:40],
            message=f"{field} must be a non-empty string of at most {limit} characters",
        )
    return value
