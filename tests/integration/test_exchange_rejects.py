"""Malformed import documents: ImportRejected lists every problem with its path; nothing is written."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine

import bakeledger
from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import ImportRejected
from bakeledger.services import exchange
from tests.integration.exchange_support import rejected, seed

Doc = dict[str, Any]


@pytest.fixture(scope="module")
def season(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Doc]:
    """A valid export of a realistic season (built once, on SQLite)."""
    source = bakeledger.open(f"sqlite:///{tmp_path_factory.mktemp('season')}/season.db")
    yield seed(source)
    source.dispose()


def _set(path: str, value: Any) -> Callable[[Doc], None]:
    """A mutation that sets `section[i].field` (or `section[i].field[j].sub`) to `value`."""

    def mutate(doc: Doc) -> None:
        *parents, last = path.replace("]", "").replace("[", ".").split(".")
        node: Any = doc
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        key: Any = int(last) if last.isdigit() else last
        if value is _DELETE:
            del node[key]
        else:
            node[key] = value(doc) if callable(value) else value

    return mutate


_DELETE = object()


def _finished_lot_of_first_run(field: str, value: Any) -> Callable[[Doc], None]:
    """A mutation of the finished lot that the first production run made."""

    def mutate(doc: Doc) -> None:
        run = doc["production_runs"][0]["uuid"]
        next(lot for lot in doc["finished_lots"] if lot["production_run"] == run)[field] = value

    return mutate


def _unreverse(section: str, i: int) -> Callable[[Doc], None]:
    """A mutation that marks a reversed run as never reversed (its restored lines stay)."""

    def mutate(doc: Doc) -> None:
        assert doc[section][i]["reversed"], "the seed reverses this run"
        doc[section][i].update(reversed=False, reversed_at=None, reversal_reason=None)

    return mutate


CASES: list[tuple[str, Callable[[Doc], None], str]] = [
    (
        "float",
        _set("lots[0].remaining", 1.5),
        "lots[0].remaining: expected a decimal string, got the number 1.5",
    ),
    (
        "nan",
        _set("lots[0].packages", float("nan")),
        "lots[0].packages: expected a decimal string, got the number nan",
    ),
    (
        "nan text",
        _set("lots[0].price_per_package", "NaN"),
        "lots[0].price_per_package: not a plain decimal: 'NaN'",
    ),
    ("infinity", _set("lots[0].unit_cost", "Infinity"), "lots[0].unit_cost: not a plain decimal: 'Infinity'"),
    ("exponent", _set("lots[0].unit_cost", "1e3"), "lots[0].unit_cost: not a plain decimal: '1e3'"),
    ("negative", _set("lots[0].quantity", "-1"), "lots[0].quantity: must not be negative: '-1'"),
    (
        "zero",
        _set("products[0].package_unit_quantity", "0"),
        "products[0].package_unit_quantity: must be greater than 0",
    ),
    (
        "places",
        _set("lots[1].remaining", "0.1234567"),
        "lots[1].remaining: is not a whole number of 1/256000000 steps",
    ),
    (
        "stock places",
        _set("lots[1].remaining", "0.123456789012345"),
        "lots[1].remaining: has more than 14 decimal places",
    ),
    (
        "money places",
        _set("lot_movements[0].cost", "0.12345"),
        "lot_movements[0].cost: has more than 4 decimal places",
    ),
    ("huge", _set("lots[0].quantity", "10000000001"), "lots[0].quantity: must be at most 10^10"),
    ("huge packages", _set("lots[0].packages", "1000000001"), "lots[0].packages: must be at most 10^9"),
    (
        "int as string",
        _set("production_runs[0].batches", "2"),
        "production_runs[0].batches: expected an integer, got the string '2'",
    ),
    (
        "bool as int",
        _set("production_runs[0].reversed", 0),
        "production_runs[0].reversed: expected true or false, got an integer",
    ),
    (
        "negative count",
        _set("finished_lots[0].remaining", -3),
        "finished_lots[0].remaining: must be between 0 and 2147483647, got -3",
    ),
    (
        "bad date",
        _set("events[0].event_date", "2025-02-30"),
        "events[0].event_date: not a real date: '2025-02-30'",
    ),
    (
        "zoned",
        _set("production_runs[0].produced_at", "2025-12-01T10:00:00+01:00"),
        "production_runs[0].produced_at: expected a naive UTC timestamp",
    ),
    (
        "bad uuid",
        _set("events[1].uuid", "not-a-uuid"),
        "events[1].uuid: expected a lowercase uuid, got the string 'not-a-uuid'",
    ),
    ("missing key", _set("lots[0].unit", _DELETE), "lots[0]: missing key 'unit'"),
    (
        "nul character",
        _set("recipients[0].household", "Par\x00ker"),
        "recipients[0].household: holds characters a database cannot store",
    ),
    (
        "lone surrogate",
        _set("events[0].notes", "\ud800"),
        "events[0].notes: holds characters a database cannot store",
    ),
    ("unknown key", _set("lots[0].colour", "red"), "lots[0]: unknown key 'colour'"),
    (
        "unknown slug",
        _set("products[0].ingredient", "nope"),
        "products[0].ingredient: unknown ingredients reference 'nope'",
    ),
    (
        "unknown lot",
        _set("lot_movements[0].lot", str(uuid.UUID(int=7))),
        "lot_movements[0].lot: unknown lots reference",
    ),
    (
        "unknown event",
        _set("assignments[0].event", str(uuid.UUID(int=9))),
        "assignments[0].event: unknown events reference",
    ),
    (
        "unknown component",
        _set("finished_goods[0].components[0].slug", "ghost"),
        "finished_goods[0].components[0].slug: unknown finished_unit 'ghost'",
    ),
    ("duplicate uuid", _set("lots[1].uuid", lambda d: d["lots"][0]["uuid"]), "lots[1]: duplicate uuid"),
    (
        "duplicate slug",
        _set("recipients[1].slug", "aunt-may"),
        "recipients[1]: duplicate slug 'aunt-may' (as recipients[0])",
    ),
    (
        "more than bought",
        _set("lots[1].remaining", "100000"),
        "lots[1].remaining: 100000 is more than the lot's quantity 1419.529419",  # 6 cups in ml
    ),
    ("ledger imbalance", _set("lots[1].remaining", "5"), "lots[1]: ledger does not balance"),
    (
        "yield",
        _set("production_runs[0].actual_yield", 99),
        "production_runs[0]: yields do not add up: expected 48, actual 99",
    ),
    (
        "status",
        _set("assignments[0].status", "lost"),
        "assignments[0].status: must be one of pending, ready, delivered",
    ),
    (
        "cycle",
        _set("recipes[0].components", [{"recipe": "chocolate-chip-cookies", "multiplier": "1"}]),
        "recipes: 'cookie-dough' is part of a cycle",
    ),
    (
        "unit that does not convert",
        _set("recipes[0].ingredients[0].unit", "furlong"),
        "recipes[0].ingredients[0].unit: unit 'furlong' does not convert to the units",
    ),
    (
        "misspelled unit",
        _set("products[0].package_unit", "cupz"),
        "products[0].package_unit: unit 'cupz' is not a unit; did you mean 'cup'?",
    ),
    ("lot unit", _set("lots[0].unit", "bag"), "lots[0].unit: 'bag' is not its product's package unit"),
    (
        "one name typed twice",
        _set("recipes[1].name", lambda d: d["recipes"][0]["name"].upper()),
        "recipes[1]: duplicate name",
    ),
    (
        "zero-width name",
        _set("ingredients[0].name", "Flour\u200b"),
        "ingredients[0].name: must not contain control characters, zero-width characters",
    ),
    ("bidi note", _set("events[0].notes", "\u202egnikab"), "events[0].notes: must not contain control"),
    (
        "bought before 2000",
        _set("lots[0].purchased_on", "1999-12-31"),
        "lots[0].purchased_on: purchased_on must be between 2000-01-01 and",
    ),
    (
        "arabic-indic digits",
        _set("lots[0].quantity", "\u0661\u0660"),
        "lots[0].quantity: not a plain decimal",
    ),
    (
        "run cost not its ledger",
        _set("production_runs[0].total_ingredient_cost", "0.01"),
        "production_runs[0].total_ingredient_cost: 0.01 is not the sum of its ledger lines",
    ),
    (
        "lot unit cost",
        _set("lots[0].unit_cost", "9.99"),
        "lots[0].unit_cost: 9.99 is not the price per package",
    ),
    ("lot size", _set("lots[0].quantity", "999"), "lots[0].quantity: 999 ml is not"),
    (
        "finished lot cost",
        _finished_lot_of_first_run("unit_cost", "123.4"),
        "production_runs[0]: its finished lot costs",
    ),
    (
        "finished lot size",
        _finished_lot_of_first_run("quantity", 1),
        "production_runs[0]: its finished lot holds 1",
    ),
    (
        "restored but not reversed",
        _unreverse("production_runs", 1),
        "production_runs[1].reversed: the run is not reversed but has restored ledger lines",
    ),
    ("format", _set("format", "csv"), "format: expected 'bakeledger', got the string 'csv'"),
    ("version", _set("version", 4), "version: expected 3, got an integer"),
    ("section type", _set("lots", {}), "lots: expected a list, got an object"),
    ("row type", _set("events[0]", "party"), "events[0]: expected an object, got the string 'party'"),
    ("unknown section", _set("spoons", []), "document: unknown key 'spoons'"),
]


@pytest.mark.parametrize(("name", "mutate", "problem"), CASES, ids=[c[0] for c in CASES])
def test_each_malformed_document_is_rejected_with_its_path(
    ledger: Ledger, fresh: Engine, season: Doc, name: str, mutate: Callable[[Doc], None], problem: str
) -> None:
    document = copy.deepcopy(season)
    mutate(document)

    problems = rejected(ledger, fresh, document)

    assert any(p.startswith(problem) for p in problems), problems


def test_every_problem_is_listed_at_once(ledger: Ledger, fresh: Engine, season: Doc) -> None:
    document = copy.deepcopy(season)
    picked = [
        c
        for c in CASES
        if c[0] in ("float", "exponent", "unknown event", "status", "yield", "zoned", "missing key")
    ]
    for _name, mutate, _problem in picked:
        mutate(document)

    problems = rejected(ledger, fresh, document)

    for _name, _mutate, problem in picked:
        assert any(p.startswith(problem) for p in problems), (problem, problems)
    assert len(problems) == len(picked)


def test_a_document_that_is_not_an_object_is_rejected(ledger: Ledger, fresh: Engine) -> None:
    assert rejected(ledger, fresh, [1, 2]) == ["document: expected an object, got a list"]


def test_too_many_rows_in_a_section_is_rejected(ledger: Ledger, fresh: Engine, season: Doc) -> None:
    document = copy.deepcopy(season)
    document["recipients"] = [{}] * 50_001

    problems = rejected(ledger, fresh, document)

    assert "recipients: has 50001 rows; at most 50000 are allowed" in problems


def test_nan_in_json_text_is_parsed_then_rejected_by_path(ledger: Ledger, fresh: Engine, season: Doc) -> None:
    held = season["lots"][0]["quantity"]
    text = exchange.canonical_json(season).replace(f'"quantity":"{held}"', '"quantity":NaN', 1)

    problems = rejected(ledger, fresh, exchange.parse_document(text))

    assert any("got the number nan" in p for p in problems), problems


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"format": "bakeledger", "lots": [{"uuid": "a"', "document: not valid JSON: Expecting"),
        ('{"format": "bakeledger", "format": "x"}', "document: key 'format' appears twice in one object"),
        ("[" * 100_000 + "]" * 100_000, "document: cannot be read"),
        ("", "document: not valid JSON: Expecting value (line 1, column 1)"),
    ],
    ids=["truncated", "duplicate key", "too deep", "empty"],
)
def test_parse_document_rejects_unreadable_text(text: str, problem: str) -> None:
    with pytest.raises(ImportRejected) as info:
        exchange.parse_document(text)
    assert info.value.problems[0].startswith(problem), info.value.problems


def test_parse_document_rejects_a_truncated_export(season: Doc) -> None:
    text = json.dumps(season, indent=2)
    with pytest.raises(ImportRejected) as info:
        exchange.parse_document(text[: len(text) // 2])
    assert info.value.problems[0].startswith("document: not valid JSON")


def test_parse_document_refuses_oversize_input_before_reading_it() -> None:
    huge = b" " * (exchange.MAX_DOCUMENT_BYTES + 1)
    with pytest.raises(ImportRejected) as info:
        exchange.parse_document(huge)
    assert info.value.problems == [
        f"document: {len(huge)} bytes; at most {exchange.MAX_DOCUMENT_BYTES} are allowed"
    ]


def test_parse_document_rejects_bytes_that_are_not_utf8() -> None:
    with pytest.raises(ImportRejected) as info:
        exchange.parse_document(b'{"format": "\xff"}')
    assert info.value.problems[0].startswith("document: not UTF-8 text")
