"""Bad values by kind of argument: wrong types, bad numbers, unknown references, bad text.

Each function returns fresh objects, so no call can change a value another call will use.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

NAN, INF = float("nan"), float("inf")
HUGE_TEXT = "x" * 100_000


def wrong_types() -> list[Any]:
    """Nothing a number, a slug, a name or a date could be — unhashable ones included."""
    return [[1], {"a": 1}, {1, 2}, b"1", object(), 1 + 2j, (1,)]


def quantities() -> list[Any]:
    """Bad for a quantity that must be > 0 (and at most 10^9, 6 places, plain decimal)."""
    return [0, "0", Decimal("0.000"), *prices()]


def prices() -> list[Any]:
    """Bad for a price or cost (≥ 0)."""
    return [
        -1,
        "-2.5",
        Decimal("-0.000001"),
        NAN,
        INF,
        -INF,
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("-Infinity"),
        "NaN",
        "Infinity",
        "inf",
        "1e3",
        "1E3",
        "0x10",
        "1,5",
        "1_000",
        "1.2.3",
        "",
        "   ",
        "abc",
        10**10,
        "1000000000.000001",
        Decimal("1E+30"),
        10**40,
        1e300,
        "0.0000001",
        1e-7,
        True,
        False,
        None,
        *wrong_types(),
    ]


def counts(*, zero_ok: bool = False, optional: bool = False) -> list[Any]:
    """Bad for a whole count (> 0, or ≥ 0 with zero_ok; at most 10^6; None only when required)."""
    bad = [-1, "-3", 2.5, "2.5", Decimal("1.5"), 10**7, 10**30, "1e3", NAN, INF, "abc", "", True]
    return bad + wrong_types() + ([] if zero_ok else [0, "0"]) + ([] if optional else [None])


def deltas() -> list[Any]:
    """Bad for a signed, non-zero change of a count."""
    return [0, 2.5, "-0.5", 10**7, -(10**7), NAN, "abc", True, None, *wrong_types()]


def ids(*, optional: bool = False) -> list[Any]:
    """Bad for an integer id: not a positive int, or no such row (None only when required)."""
    bad = [0, -1, 99_999, "99999", "abc", "", 2.5, "2.5", True, 10**20, "1e3", NAN, *wrong_types()]
    return bad if optional else [*bad, None]


def slugs(*, optional: bool = False) -> list[Any]:
    """Bad for a catalogue reference: unknown, empty, not a string, absurdly long."""
    bad = ["no-such-thing", "", "   ", 7, 2.5, True, HUGE_TEXT, "FLOUR\x00", *wrong_types()]
    return bad if optional else [*bad, None]


def names() -> list[Any]:
    """Bad for a display name: empty, blank, not a string, longer than 200 characters."""
    return ["", "   ", "\t\n", "\x00", "Flour\x00", None, 5, "x" * 201, HUGE_TEXT, True, *wrong_types()]


def optional_texts() -> list[Any]:
    """Bad for optional free text (notes, supplier, keys): not a string, far too long."""
    return [5, 2.5, True, HUGE_TEXT, "notes\x00", *wrong_types()]


def units() -> list[Any]:
    """Bad for a unit name: empty, not letters, not a string, too long."""
    return ["", "   ", "5kg", "cup!", "c-u-p", "x" * 40, None, 5, *wrong_types()]


def dates(*, optional: bool = True) -> list[Any]:
    """Bad for a date: not ISO, impossible, not a date at all."""
    bad = ["2025-13-01", "2025-02-30", "yesterday", "", "1e3", 20250101, 1.5, True, *wrong_types()]
    return bad if optional else [*bad, None]


def datetimes() -> list[Any]:
    return ["2025-13-01T10:00", "noon", "", 5, 1.5, True, *wrong_types()]


def booleans() -> list[Any]:
    return ["yes", "true", "", 1, 0, None, *wrong_types()]


def words(*allowed: str, optional: bool = False) -> list[Any]:
    """Bad for a word from a fixed list (reasons, kinds, statuses, filters)."""
    bad = ["", "nonsense", allowed[0].upper(), f" {allowed[0]}x", f"{allowed[0]}\x00", 5, *wrong_types()]
    return bad if optional else [*bad, None]


def documents() -> list[Any]:
    """Bad for an import document."""
    return [
        None,
        "text",
        5,
        [],
        {},
        {"format": "something-else", "version": 1},
        {"format": "bakeledger-export", "version": 999},
        {"format": "bakeledger-history", "version": "1"},
        _deep(2000),
        *wrong_types(),
    ]


def _deep(depth: int) -> Any:
    value: Any = {}
    for _ in range(depth):
        value = {"x": value}
    return value
