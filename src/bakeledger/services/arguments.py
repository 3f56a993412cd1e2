"""Caller arguments, checked and normalised before a service reads or writes anything.

Every service reads its arguments through this module, so one kind of argument follows one rule
everywhere; each function raises a `ValidationError` naming the field. Numbers, ids and dates
come from the pure parsers of domain/numbers.py, re-exported here under the same names.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bakeledger.domain.errors import ValidationError
from bakeledger.domain.numbers import parse_count, parse_date, parse_datetime, parse_id, parse_quantity
from bakeledger.domain.slugs import clean_name, refuse_hidden_characters

__all__ = [
    "MAX_KEY_LENGTH",
    "MAX_NOTES_LENGTH",
    "changes",
    "flag",
    "history_bounds",
    "key",
    "name",
    "notes",
    "optional_date",
    "optional_datetime",
    "optional_id",
    "optional_name",
    "optional_slug",
    "parse_count",
    "parse_date",
    "parse_datetime",
    "parse_id",
    "parse_quantity",
    "reference",
    "rows",
    "slug",
]

MAX_NOTES_LENGTH = 2000
MAX_KEY_LENGTH = 200
_DATE_ONLY_LENGTH = len("2026-12-24")
_ALLOWED_CONTROLS = frozenset("\n\t")


def slug(value: Any, field: str) -> str:
    """A catalogue reference: a non-blank string, surrounding spaces dropped."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(field=field, value=repr(value)[:40], message=f"{field} must be a slug")
    refuse_hidden_characters(value, field)
    return value.strip()


def reference(value: Any, field: str) -> str:
    """A catalogue reference inside a row (a recipe line's ingredient, a bundle's component): it must
    be there; whatever text it holds is looked up, so an unknown one is that kind's NotFound."""
    if value is None:
        raise ValidationError(field=field, message=f"{field} is missing")
    text = str(value).strip()
    refuse_hidden_characters(text, field)
    return text


def optional_slug(value: Any, field: str) -> str | None:
    """None, or a catalogue reference."""
    return None if value is None else slug(value, field)


def name(value: Any, field: str = "name") -> str:
    """A display name: non-empty, whitespace collapsed, at most 200 characters."""
    return clean_name(value, field)


def optional_name(value: Any, field: str) -> str | None:
    """None, or a display name."""
    return None if value is None else clean_name(value, field)


def notes(value: Any, field: str = "notes") -> str | None:
    """Free-text notes: stripped, blank becomes None, at most 2,000 characters, and no control
    characters but newline and tab."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(field=field, value=repr(value)[:40], message=f"{field} must be a string")
    text = value.strip()
    _printable(text, field)
    if len(text) > MAX_NOTES_LENGTH:
        raise ValidationError(
            field=field,
            value=text[:40] + "…",
            message=f"{field} must be at most {MAX_NOTES_LENGTH} characters",
        )
    return text or None


def key(value: Any, field: str = "idempotency_key") -> str | None:
    """None, or an identifying key kept exactly as given: non-blank, at most 200 characters."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_KEY_LENGTH:
        raise ValidationError(
            field=field,
            value=repr(value)[:40],
            message=f"{field} must be a non-empty string of at most {MAX_KEY_LENGTH} characters",
        )
    _printable(value, field)
    return value


def _printable(text: str, field: str) -> None:
    # Hidden characters garble logs and exports; NUL and lone surrogates cannot be stored at all.
    refuse_hidden_characters(text, field, _ALLOWED_CONTROLS)


def flag(value: Any, field: str) -> bool:
    """A boolean switch: exactly True or False."""
    if not isinstance(value, bool):
        raise ValidationError(field=field, value=repr(value)[:40], message=f"{field} must be true or false")
    return value


def rows(value: Any, field: str) -> list[dict[str, Any]]:
    """A list of objects (recipe lines, bundle components, package contents); None means none."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, dict) for v in value):
        raise ValidationError(
            field=field, value=repr(value)[:80], message=f"{field} must be a list of objects"
        )
    return list(value)


def changes(given: dict[str, Any], changeable: tuple[str, ...]) -> dict[str, Any]:
    """The fields an update names (a field left out stays as it is); any other field is refused."""
    unknown = sorted(set(given) - set(changeable))
    if unknown:
        raise ValidationError(
            field=unknown[0],
            value=repr(given[unknown[0]])[:40],
            message=f"cannot change {', '.join(unknown)}; changeable: {', '.join(changeable)}",
        )
    return given


def optional_id(value: Any, field: str) -> int | None:
    """None, or a row id."""
    return None if value is None else parse_id(value, field)


def optional_date(value: Any, field: str) -> dt.date | None:
    """None, or a date (a `date` or an ISO string)."""
    return None if value is None else parse_date(value, field)


def optional_datetime(value: Any, field: str) -> dt.datetime | None:
    """None, or a naive-UTC datetime (a datetime, a date or an ISO string)."""
    return None if value is None else parse_datetime(value, field)


def history_bounds(start: Any, end: Any) -> tuple[dt.datetime | None, dt.datetime | None]:
    """History bounds as datetimes [start, end): both inclusive as given; a date means its whole day."""
    since = parse_datetime(start, "start") if start is not None else None
    if end is None:
        return since, None
    whole_day = (isinstance(end, dt.date) and not isinstance(end, dt.datetime)) or (
        isinstance(end, str) and len(end.strip()) == _DATE_ONLY_LENGTH
    )
    until = parse_datetime(end, "end") + (dt.timedelta(days=1) if whole_day else dt.timedelta(seconds=1))
    return since, until
