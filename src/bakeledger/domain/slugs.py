"""Slugs: lowercase ASCII words joined by hyphens, made from a name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from bakeledger.domain.errors import ValidationError

MAX_NAME_LENGTH = 200


def clean_name(name: object, field: str = "name") -> str:
    """A display name: a non-empty string of at most 200 characters, whitespace collapsed."""
    if not isinstance(name, str):
        raise ValidationError(field=field, value=repr(name), message=f"{field} must be a string")
    if "\x00" in name:  # PostgreSQL cannot store it
        raise ValidationError(field=field, value=repr(name)[:40], message=f"{field} must not contain NUL")
    text = " ".join(name.split())
    if not text:
        raise ValidationError(field=field, value=name, message=f"{field} must not be empty")
    if len(text) > MAX_NAME_LENGTH:
        raise ValidationError(
            field=field,
            value=text[:40] + "…",
            message=f"{field} must be at most {MAX_NAME_LENGTH} characters",
        )
    return text


def slugify(text: str) -> str:
    """ "Chocolate Chip Cookies" -> "chocolate-chip-cookies"; "item" when nothing ASCII is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:120].strip("-") or "item"


def unique_slug(base: str, taken: Callable[[str], bool]) -> str:
    """`base`, or `base-2`, `base-3`, … — the first one `taken` says is free."""
    if not taken(base):
        return base
    n = 2
    while taken(f"{base}-{n}"):
        n += 1
    return f"{base}-{n}"
