"""Slugs: lowercase ASCII words joined by hyphens, made from a name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from bakeledger.domain.errors import ValidationError

MAX_NAME_LENGTH = 200
MAX_KEY_LENGTH = 400  # compatibility normalisation can lengthen a name (a ligature becomes letters)
_HIDDEN = frozenset({"Cc", "Cf", "Cs"})  # control, format (zero-width, bidi), lone surrogate


def clean_name(name: object, field: str = "name") -> str:
    """A display name: a non-empty string of at most 200 characters, stored in NFC with its
    whitespace collapsed; control, zero-width and direction-changing characters are refused."""
    if not isinstance(name, str):
        raise ValidationError(field=field, value=repr(name), message=f"{field} must be a string")
    refuse_hidden_characters(name, field)
    text = unicodedata.normalize("NFC", " ".join(name.split()))
    if not text:
        raise ValidationError(field=field, value=name, message=f"{field} must not be empty")
    if len(text) > MAX_NAME_LENGTH or len(name_key(text)) > MAX_KEY_LENGTH:
        raise ValidationError(
            field=field,
            value=text[:40] + "…",
            message=f"{field} must be at most {MAX_NAME_LENGTH} characters",
        )
    return text


def name_key(name: str) -> str:
    """What makes two names the same name: compatibility-normalised (NFKC), case-folded, spaces
    collapsed — "Flour", "FLOUR", fullwidth "Ｆｌｏｕｒ" and "Café" in either Unicode form agree."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


def refuse_hidden_characters(text: str, field: str, allowed: frozenset[str] = frozenset()) -> None:
    """Refuse characters that do not show but change what a text is or how it reads: control
    characters (but `allowed`), zero-width and other format characters (direction marks and
    overrides included), and lone surrogates, which no database can store."""
    for char in text:
        if unicodedata.category(char) in _HIDDEN and char not in allowed:
            raise ValidationError(
                field=field,
                value=repr(text)[:40],
                message=(
                    f"{field} must not contain control characters, zero-width characters or "
                    f"text-direction marks (found U+{ord(char):04X})"
                ),
            )


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
