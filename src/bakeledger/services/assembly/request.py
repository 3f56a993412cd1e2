"""The arguments of record_assembly, checked and normalised (`"2"` = `2`) before anything is read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from bakeledger.domain.errors import ValidationError
from bakeledger.domain.production import request_fingerprint
from bakeledger.services import arguments


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
    arguments.flag(packaging_bypassed, "packaging_bypassed")
    why = arguments.notes(bypass_notes, "bypass_notes")
    if packaging_bypassed and why is None:
        raise ValidationError(field="bypass_notes", message="bypassing packaging needs bypass_notes")
    if why is not None and not packaging_bypassed:
        raise ValidationError(
            field="bypass_notes", message="bypass_notes only apply when packaging_bypassed is true"
        )
    return AssemblyRequest(
        finished_good=arguments.slug(finished_good, "finished_good"),
        quantity=arguments.parse_count(quantity, "quantity"),
        event_id=arguments.optional_id(event, "event"),
        packaging_bypassed=packaging_bypassed,
        bypass_notes=why,
        notes=arguments.notes(notes),
        assembled_at=arguments.optional_datetime(assembled_at, "assembled_at"),
        idempotency_key=arguments.key(idempotency_key),
    )
