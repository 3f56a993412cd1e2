"""The arguments of record_assembly, checked and normalised (`"2"` = `2`) before anything is read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from bakeledger.domain.errors import ValidationError
from bakeledger.domain.numbers import parse_count, parse_datetime, parse_id
from bakeledger.domain.production import request_fingerprint

MAX_NOTES_LENGTH = 2000
MAX_KEY_LENGTH = 200


@attrs.frozen
class AssemblyRequest:
    finished_good: str
    quantity: int
    event_id: int | None
    packaging_bypassed: bool
    bypass_notes: str | None
    notes: str | None
    assembled_at: dt.datetime | None
    idempotency_key: str | None

    @property
    def fingerprint(self) -> str:
        """sha256 of what the caller asked for; an assembled_at left to default (now) is not part of it."""
        asked = attrs.asdict(self, recurse=False)
        del asked["idempotency_key"]
        return request_fingerprint({"op": "record_assembly", **asked})


def parse_request(
    *,
    finished_good: Any,
    quantity: Any,
    event: Any,
    packaging_bypassed: Any,
    bypass_notes: Any,
    notes: Any,
    assembled_at: Any,
    idempotency_key: Any,
) -> AssemblyRequest:
    """Every argument checked (ValidationError naming the field) and normalised."""
    if not isinstance(packaging_bypassed, bool):
        raise ValidationError(
            field="packaging_bypassed",
            value=repr(packaging_bypassed)[:40],
            message="packaging_bypassed must be true or false",
        )
    why = text_argument(bypass_notes, "bypass_notes", MAX_NOTES_LENGTH)
    if packaging_bypassed and why is None:
        raise ValidationError(field="bypass_notes", message="bypassing packaging needs bypass_notes")
    if why is not None and not packaging_bypassed:
        raise ValidationError(
            field="bypass_notes", message="bypass_notes only apply when packaging_bypassed is true"
        )
    return AssemblyRequest(
        finished_good=slug_argument(finished_good, "finished_good"),
        quantity=parse_count(quantity, "quantity"),
        event_id=parse_id(event, "event") if event is not None else None,
        packaging_bypassed=packaging_bypassed,
        bypass_notes=why,
        notes=text_argument(notes, "notes", MAX_NOTES_LENGTH),
        assembled_at=parse_datetime(assembled_at, "assembled_at") if assembled_at is not None else None,
        idempotency_key=text_argument(idempotency_key, "idempotency_key", MAX_KEY_LENGTH),
    )


def slug_argument(value: Any, field: str) -> str:
    """A catalogue reference: a non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field=field, value=repr(value)[:40], message=f"{field} must be a slug")
    return value.strip()


def text_argument(value: Any, field: str, limit: int) -> str | None:
    """Optional free text: None, or a non-blank string of at most `limit` characters."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > limit or "\x00" in value:
        raise ValidationError(
            field=field,
            value=repr(value)[:40],
            message=f"{field} must be a non-empty string of at most {limit} characters",
        )
    return value
