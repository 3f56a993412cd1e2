"""The kinds of value an exchange document holds, each with the check that reads it from JSON.

A kind is a `NewType` naming what a field holds (a quantity, a money amount, a note …); its check
takes the JSON value and returns the exact Python value, or raises `Bad` with a message that the
document reader prefixes with the field's path: `lots[3].remaining: not a plain decimal: '1e3'`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NewType

from bakeledger.domain.catalog import COMPONENT_KINDS
from bakeledger.domain.errors import ValidationError
from bakeledger.domain.events import FULFILLMENT_STATES
from bakeledger.domain.inventory import FINISHED_KINDS
from bakeledger.domain.numbers import MAX_DERIVED
from bakeledger.domain.planning import AMENDMENT_KINDS, PLAN_STATES
from bakeledger.domain.production import COMPLETE, LOSS_CATEGORIES, PARTIAL_LOSS, TOTAL_LOSS
from bakeledger.domain.slugs import refuse_hidden_characters
from bakeledger.domain.units import MAX_STOCK, STOCK_GRID, on_grid
from bakeledger.services import dto

MAX_TEXT_LENGTH = 100_000
MAX_ENTERED = Decimal(10) ** 9  # quantities and prices, as every service accepts them
MAX_INT = 2**31 - 1  # INTEGER columns on PostgreSQL
EXPORT_FORMAT, HISTORY_FORMAT, VERSION = "bakeledger", "bakeledger-history", 1
# Version 2 of the full export keeps each lot's quantities exactly, in its stock unit (g, ml,
# each or its package word), and carries each lot's cost and the part of it not yet drawn.
# Version 3 adds the event plans: their states and snapshots, batch decisions and amendments.
EXPORT_VERSION = 3

_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?")


class Bad(ValueError):
    """One value's problem (the message, without the path)."""


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


Check = Callable[[Any], Any]


def _decimal(places: int, *, positive: bool = False, limit: Decimal = MAX_ENTERED) -> Check:
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
        if number != number.quantize(Decimal(1).scaleb(-places)):
            raise Bad(f"has more than {places} decimal places")
        return number

    return check


def _stock(*, positive: bool = False) -> Check:
    """An exact amount in a lot's stock unit: a plain decimal on the stock grid, at most 10^10."""
    places = _decimal(_GRID_PLACES, positive=positive, limit=MAX_STOCK)

    def check(value: Any) -> Decimal:
        number: Decimal = places(value)
        if not on_grid(number):
            raise Bad(f"is not a whole number of 1/{STOCK_GRID} steps: {value[:40]!r}")
        return number

    return check


_GRID_PLACES = 14  # 1/STOCK_GRID = 2^-14 · 5^-6 has 14 decimal places


def _integer(minimum: int, maximum: int = MAX_INT) -> Check:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Bad(f"expected an integer, got {describe(value)}")
        if not minimum <= value <= maximum:
            raise Bad(f"must be between {minimum} and {maximum}, got {value}")
        return value

    return check


def _text(max_length: int, *, empty: bool = False) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise Bad(f"expected a string, got {describe(value)}")
        if not empty and not value.strip():
            raise Bad("must not be empty")
        if len(value) > max_length:
            raise Bad(f"must be at most {max_length} characters")
        if "\x00" in value or not _storable(value):
            raise Bad("holds characters a database cannot store (NUL or a lone surrogate)")
        return value

    return check


def _visible(check: Check, allowed: str = "") -> Check:
    """`check`, then the hidden-character rule of names and notes (control, zero-width and
    text-direction characters refused, but `allowed`)."""

    def visible(value: Any) -> Any:
        text = check(value)
        try:
            refuse_hidden_characters(text, "text", frozenset(allowed))
        except ValidationError as exc:
            raise Bad(exc.message.removeprefix("text ")) from None
        return text

    return visible


def _storable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _pattern(regex: re.Pattern[str], what: str) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str) or not regex.fullmatch(value):
            raise Bad(f"expected {what}, got {describe(value)}")
        return value

    return check


def _choice(*options: str) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in options:
            raise Bad(f"must be one of {', '.join(options)}; got {describe(value)}")
        return value

    return check


def _constant(expected: Any) -> Check:
    def check(value: Any) -> Any:
        if value != expected or isinstance(value, bool):
            raise Bad(f"expected {expected!r}, got {describe(value)}")
        return value

    return check


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Bad(f"expected true or false, got {describe(value)}")
    return value


def _iso(regex: re.Pattern[str], read: Callable[[str], Any], what: str, kind: str) -> Check:
    def check(value: Any) -> Any:
        if not isinstance(value, str) or not regex.fullmatch(value):
            raise Bad(f"expected {what}, got {describe(value)}")
        try:
            return read(value)
        except ValueError as exc:
            raise Bad(f"not a real {kind}: {value!r}") from exc

    return check


def _plan_json(shape: type[Any]) -> Check:
    """A JSON object a plan keeps (its snapshot, an amendment's values before and after): it must read
    as `shape`, the DTO the plan is shown with; it is returned in the form the services store."""

    def check(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Bad(f"expected an object, got {describe(value)}")
        try:
            structured = dto.converter.structure(value, shape)
        except ValidationError as exc:  # "cannot read <shape>: <path>: <problem>; …"
            raise Bad(exc.message) from None
        kept: dict[str, Any] = dto.converter.unstructure(structured)
        return kept

    return check


def _key(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise Bad(f"expected a reference (slug or uuid), got {describe(value)}")
    return value


ExportFormat = NewType("ExportFormat", str)
HistoryFormat = NewType("HistoryFormat", str)
Version = NewType("Version", int)
ExportVersion = NewType("ExportVersion", int)
Uuid = NewType("Uuid", str)
Slug = NewType("Slug", str)
Key = NewType("Key", str)  # a reference to another row, by its slug or uuid
Name = NewType("Name", str)
Unit = NewType("Unit", str)
Reason = NewType("Reason", str)
Density = NewType("Density", str)
Note = NewType("Note", str)
LongText = NewType("LongText", str)
IdempotencyKey = NewType("IdempotencyKey", str)
Fingerprint = NewType("Fingerprint", str)
Quantity = NewType("Quantity", Decimal)
Remaining = NewType("Remaining", Decimal)
Stock = NewType("Stock", Decimal)  # a lot's quantity or a ledger line's, in its stock unit
StockLeft = NewType("StockLeft", Decimal)  # what is left of a lot, in its stock unit
UnitCost = NewType("UnitCost", Decimal)
Money = NewType("Money", Decimal)
Count = NewType("Count", int)
Whole = NewType("Whole", int)
Year = NewType("Year", int)
Day = NewType("Day", dt.date)
Timestamp = NewType("Timestamp", dt.datetime)
RunStatus = NewType("RunStatus", str)
LossCategory = NewType("LossCategory", str)
ComponentKind = NewType("ComponentKind", str)
FinishedKind = NewType("FinishedKind", str)
FinishedSource = NewType("FinishedSource", str)
LotMovement = NewType("LotMovement", str)
FinishedMovement = NewType("FinishedMovement", str)
FulfillmentStatus = NewType("FulfillmentStatus", str)
PlanState = NewType("PlanState", str)
AmendmentKind = NewType("AmendmentKind", str)
PlanSnapshot = NewType("PlanSnapshot", dict)
PlanValues = NewType("PlanValues", dict)

CHECKS: dict[Any, Check] = {
    ExportFormat: _constant(EXPORT_FORMAT),
    HistoryFormat: _constant(HISTORY_FORMAT),
    Version: _constant(VERSION),
    ExportVersion: _constant(EXPORT_VERSION),
    Uuid: _pattern(_UUID, "a lowercase uuid"),
    Slug: _pattern(_SLUG, "a slug (lowercase words joined by hyphens)"),
    Key: _key,
    Name: _visible(_text(200)),
    Unit: _text(32),
    Reason: _text(40),
    Density: _text(100),
    Note: _visible(_text(MAX_TEXT_LENGTH, empty=True), "\n\t"),
    LongText: _text(MAX_TEXT_LENGTH, empty=True),
    IdempotencyKey: _text(200),
    Fingerprint: _text(64),
    Quantity: _decimal(6, positive=True),
    Remaining: _decimal(6),
    Stock: _stock(positive=True),
    StockLeft: _stock(),
    UnitCost: _decimal(6, limit=MAX_DERIVED),
    Money: _decimal(4, limit=MAX_DERIVED),
    Count: _integer(1),
    Whole: _integer(0),
    Year: _integer(1, 9999),
    Day: _iso(_DATE, dt.date.fromisoformat, "an ISO date YYYY-MM-DD", "date"),
    Timestamp: _iso(
        _TIMESTAMP, dt.datetime.fromisoformat, "a naive UTC timestamp YYYY-MM-DDTHH:MM:SS", "timestamp"
    ),
    bool: _boolean,
    RunStatus: _choice(COMPLETE, PARTIAL_LOSS, TOTAL_LOSS),
    LossCategory: _choice(*LOSS_CATEGORIES),
    ComponentKind: _choice(*COMPONENT_KINDS),
    FinishedKind: _choice(*FINISHED_KINDS),
    FinishedSource: _choice("production", "assembly", "adjustment"),
    LotMovement: _choice("consume", "restore", "deplete"),
    FinishedMovement: _choice("consume", "restore"),
    FulfillmentStatus: _choice(*FULFILLMENT_STATES),
    PlanState: _choice(*PLAN_STATES),
    AmendmentKind: _choice(*AMENDMENT_KINDS),
    PlanSnapshot: _plan_json(dto.PlanSnapshotDTO),
    PlanValues: _plan_json(dto.PlanValuesDTO),
}
