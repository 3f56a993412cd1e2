"""Field checks for import documents, and the Checker that walks rows collecting every problem.

A check takes a JSON value and returns the exact Python value (Decimal, date, …) or raises `Bad`.
Problems are strings with a path: `lots[3].remaining: not a plain decimal: '1e3'`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import attrs

from bakeledger.domain.errors import ImportRejected

MAX_ROWS_PER_SECTION = 50_000
MAX_TEXT_LENGTH = 100_000
MAX_ENTERED = Decimal(10) ** 9  # quantities and prices, as every service accepts them (SPEC §7)
MAX_DERIVED = Decimal(10) ** 12  # unit costs and money computed from them (still fits the storage)
MAX_INT = 2**31 - 1  # INTEGER columns on PostgreSQL

Check = Callable[[Any], Any]
_DECIMAL = re.compile(r"-?\d+(\.\d+)?")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?")


class Bad(Exception):
    """One field's problem (the message, without the path)."""


def describe(value: Any) -> str:
    """A JSON-ish name of what was found, for problem messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    if isinstance(value, list):
        return "a list"
    return "an object" if isinstance(value, dict) else type(value).__name__


def decimal(places: int = 6, *, positive: bool = False, limit: Decimal = MAX_ENTERED) -> Check:
    """A decimal string (never a float, exponent, NaN or negative) with at most `places` places."""

    def check(value: Any) -> Decimal:
        if not isinstance(value, str):
            raise Bad(f"expected a decimal string, got {describe(value)}")
        if not _DECIMAL.fullmatch(value):
            raise Bad(f"not a plain decimal: {value[:40]!r}")
        number = Decimal(value)
        if number < 0:
            raise Bad(f"must not be negative: {value[:40]!r}")
        if positive and number == 0:
            raise Bad("must be greater than 0")
        if number > limit:
            raise Bad(f"must be at most 10^{len(str(int(limit))) - 1}")
        if -int(number.as_tuple().exponent) > places and number != number.quantize(
            Decimal(1).scaleb(-places)
        ):
            raise Bad(f"has more than {places} decimal places")
        return number

    return check


def integer(minimum: int = 0, maximum: int = MAX_INT) -> Check:
    """A JSON integer (not a boolean, not a float) within bounds."""

    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Bad(f"expected an integer, got {describe(value)}")
        if not minimum <= value <= maximum:
            raise Bad(f"must be between {minimum} and {maximum}, got {value}")
        return value

    return check


def text(max_length: int = 200, *, empty: bool = False) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise Bad(f"expected a string, got {describe(value)}")
        if not empty and not value.strip():
            raise Bad("must not be empty")
        if len(value) > max_length:
            raise Bad(f"must be at most {max_length} characters")
        if "\x00" in value or not value.isprintable() and not _storable(value):
            raise Bad("holds characters a database cannot store (NUL or a lone surrogate)")
        return value

    return check


def _storable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def pattern(regex: re.Pattern[str], what: str) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str) or not regex.fullmatch(value):
            raise Bad(f"expected {what}, got {describe(value)}")
        return value

    return check


def choice(*options: str) -> Check:
    def check(value: Any) -> str:
        if value not in options or not isinstance(value, str):
            raise Bad(f"must be one of {', '.join(options)}; got {describe(value)}")
        return value

    return check


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Bad(f"expected true or false, got {describe(value)}")
    return value


def date(value: Any) -> dt.date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise Bad(f"expected an ISO date YYYY-MM-DD, got {describe(value)}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise Bad(f"not a real date: {value!r}") from exc


def timestamp(value: Any) -> dt.datetime:
    if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value):
        raise Bad(f"expected a naive UTC timestamp YYYY-MM-DDTHH:MM:SS, got {describe(value)}")
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise Bad(f"not a real timestamp: {value!r}") from exc


def optional(check: Check) -> Check:
    return lambda value: None if value is None else check(value)


UUID = pattern(_UUID, "a lowercase uuid")
SLUG = pattern(_SLUG, "a slug (lowercase words joined by hyphens)")


@attrs.frozen
class Ref:
    """A reference to a row of `section` by its portable key, checked once every key is known."""

    section: str
    nullable: bool = False

    def __call__(self, value: Any) -> str | None:
        if value is None and self.nullable:
            return None
        if not isinstance(value, str) or not value:
            raise Bad(f"expected a reference (slug or uuid), got {describe(value)}")
        return value


@attrs.frozen
class Rows:
    """A nested list of rows, each checked against `schema`."""

    schema: dict[str, Any]


class Checker:
    """Walks a document against schemas; remembers every problem and every reference seen."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.refs: list[tuple[str, str, str]] = []  # (path, section, key)

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def header(self, document: Any, fmt: str, version: int, sections: Iterable[str]) -> bool:
        """The top-level object: its format and version, and no keys but the known sections."""
        if not isinstance(document, dict):
            self.problem("document", f"expected an object, got {describe(document)}")
            return False
        if document.get("format") != fmt:
            self.problem("format", f"expected {fmt!r}, got {describe(document.get('format'))}")
        if document.get("version") != version or isinstance(document.get("version"), bool):
            self.problem("version", f"expected {version}, got {describe(document.get('version'))}")
        known = {"format", "version", *sections}
        for key in document:
            if key not in known:
                self.problem("document", f"unknown key {key!r}")
        return True

    def rows(self, path: str, value: Any, schema: dict[str, Any]) -> list[dict[str, Any]]:
        """Check a list of rows; each row keeps only its valid fields (invalid ones are problems)."""
        if not isinstance(value, list):
            self.problem(path, f"expected a list, got {describe(value)}")
            return []
        if len(value) > MAX_ROWS_PER_SECTION:
            self.problem(path, f"has {len(value)} rows; at most {MAX_ROWS_PER_SECTION} are allowed")
            return []
        return [self.row(f"{path}[{i}]", item, schema) for i, item in enumerate(value)]

    def row(self, path: str, value: Any, schema: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.problem(path, f"expected an object, got {describe(value)}")
            return {}
        for key in value:
            if key not in schema:
                self.problem(path, f"unknown key {key!r}")
        out: dict[str, Any] = {}
        for key, check in schema.items():
            where = f"{path}.{key}"
            if key not in value:
                self.problem(path, f"missing key {key!r}")
            elif isinstance(check, Rows):
                out[key] = self.rows(where, value[key], check.schema)
            else:
                try:
                    out[key] = check(value[key])
                except Bad as exc:
                    self.problem(where, str(exc))
                    continue
                if isinstance(check, Ref) and out[key] is not None:
                    self.refs.append((where, check.section, out[key]))
        return out

    def check_refs(self, keys: dict[str, set[str]]) -> None:
        """Every reference seen points at a key of its section."""
        for where, section, key in self.refs:
            if key not in keys.get(section, set()):
                self.problem(where, f"unknown {section} reference {key[:120]!r}")

    def raise_if_any(self) -> None:
        if self.problems:
            raise ImportRejected(problems=list(self.problems))
