"""The service boundary (services/dto.py): DTOs hold formatted strings; one strict converter."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any, Literal

import attrs
import pytest
from cattrs.errors import ForbiddenExtraKeysError
from hypothesis import given
from hypothesis import strategies as st

from bakeledger.domain.errors import ValidationError
from bakeledger.services.dto import (
    FifoLineDTO,
    FifoResultDTO,
    FinishedStockDTO,
    LotDTO,
    RecipeComponentDTO,
    RecipeDTO,
    RecipeLineDTO,
    build,
    converter,
    to_dict,
)


def _line(**overrides: Any) -> FifoLineDTO:
    values: dict[str, Any] = {
        "lot_id": 7,
        "quantity": Decimal("2.500000"),
        "unit": "lb",
        "unit_cost": Decimal("1.996"),
        "cost": Decimal("4.99"),
        "remaining_after": Decimal("1E+1"),
    }
    return build(FifoLineDTO, **(values | overrides))


def _recipe() -> RecipeDTO:
    return build(
        RecipeDTO,
        id=3,
        uuid="7f0c6a52-3d1e-4a8e-9f57-0a1b2c3d4e5f",
        slug="chocolate-chip-cookies",
        name="Chocolate Chip Cookies",
        category="cookies",
        ingredients=[build(RecipeLineDTO, ingredient="flour", quantity=Decimal("2.25"), unit="cup")],
        components=[build(RecipeComponentDTO, recipe="dough", multiplier=Decimal("1.5"))],
    )


def _lot() -> LotDTO:
    return build(
        LotDTO,
        id=1,
        uuid="0b8e4c1a-5f2d-4e6b-8a9c-1d2e3f4a5b6c",
        product="flour-mill",
        ingredient="flour",
        quantity=Decimal("7.5"),
        remaining=Decimal(0),
        unit="lb",
        unit_cost=Decimal("1.996"),
        purchased_on=dt.date(2025, 11, 1),
        supplier=None,
    )


def _plain(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, bool))


# --- building: numbers are formatted once, at the boundary ----------------------------------------
def test_build_formats_each_number_by_its_kind() -> None:
    line = _line()
    assert (line.quantity, line.unit_cost, line.cost, line.remaining_after) == ("2.5", "1.9960", "4.99", "10")


def test_build_turns_dates_into_iso_strings_and_keeps_none() -> None:
    lot = _lot()
    assert (lot.purchased_on, lot.supplier, lot.expires_on, lot.remaining) == ("2025-11-01", None, None, "0")


def test_money_fields_accept_ints() -> None:
    assert build(FinishedStockDTO, kind="finished_unit", slug="cookie", count=92, value=3).value == "3.00"


# --- unstructure: plain JSON-ready dicts ---------------------------------------------------------------
@pytest.mark.parametrize("dto", [_line(), _recipe(), _lot()], ids=["fifo line", "recipe", "lot"])
def test_unstructure_gives_plain_dicts_with_the_dto_field_names(dto: Any) -> None:
    data = converter.unstructure(dto)
    assert _plain(data)
    assert list(data) == [field.name for field in attrs.fields(type(dto))]
    assert to_dict(dto) == data
    json.dumps(data)  # JSON-ready as it is


def test_unstructure_of_nested_dtos_and_lists() -> None:
    assert to_dict([_recipe()])[0]["ingredients"] == [
        {"ingredient": "flour", "quantity": "2.25", "unit": "cup"}
    ]


# --- structure: strict round trip -------------------------------------------------------------------
@pytest.mark.parametrize("dto", [_line(), _recipe(), _lot()], ids=["fifo line", "recipe", "lot"])
def test_structure_round_trips(dto: Any) -> None:
    assert converter.structure(converter.unstructure(dto), type(dto)) == dto


def test_a_whole_fifo_result_round_trips() -> None:
    result = build(
        FifoResultDTO,
        ingredient="flour",
        unit="lb",
        requested=Decimal(7),
        consumed=Decimal(7),
        shortfall=Decimal(0),
        satisfied=True,
        total_cost=Decimal(16),
        lines=[_line(lot_id=1), _line(lot_id=2)],
    )
    assert converter.structure(json.loads(json.dumps(to_dict(result))), FifoResultDTO) == result


money = st.decimals(min_value=0, max_value=10**9, places=6, allow_nan=False, allow_infinity=False)


@given(quantity=money, unit_cost=money, cost=money)
def test_any_exact_line_round_trips(quantity: Decimal, unit_cost: Decimal, cost: Decimal) -> None:
    line = _line(quantity=quantity, unit_cost=unit_cost, cost=cost)
    assert converter.structure(converter.unstructure(line), FifoLineDTO) == line


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("cost", 4.99),  # a float
        ("cost", "NaN"),
        ("cost", "Infinity"),
        ("cost", "-Infinity"),
        ("cost", "1e3"),
        ("cost", "4,99"),
        ("cost", " 4.99"),
        ("cost", None),
        ("cost", True),
        ("quantity", 2.5),
        ("quantity", "2.5E0"),
        ("unit_cost", Decimal("1.996")),  # Decimals never cross the boundary either
        ("lot_id", True),  # a bool is not an int
        ("lot_id", 7.0),
        ("lot_id", "seven"),
        ("unit", 5),
    ],
)
def test_structure_rejects_anything_but_strings_and_ints(field: str, value: Any) -> None:
    data = converter.unstructure(_line()) | {field: value}
    with pytest.raises(ValidationError):
        converter.structure(data, FifoLineDTO)


def test_structure_rejects_extra_keys() -> None:
    data = converter.unstructure(_line()) | {"discount": "1.00"}
    with pytest.raises(ValidationError) as info:
        converter.structure(data, FifoLineDTO)
    assert isinstance(info.value.__cause__, ForbiddenExtraKeysError)


def test_structure_rejects_missing_keys_as_a_validation_error() -> None:
    data = converter.unstructure(_line())
    del data["cost"]
    with pytest.raises(ValidationError):
        converter.structure(data, FifoLineDTO)


def test_structure_checks_nested_items_and_lists() -> None:
    data = to_dict(_recipe())
    data["ingredients"][0]["quantity"] = 2.25
    with pytest.raises(ValidationError):
        converter.structure(data, RecipeDTO)
    data["ingredients"] = {"flour": "2.25"}
    with pytest.raises(ValidationError):
        converter.structure(data, RecipeDTO)


def test_structure_names_every_problem_with_its_path() -> None:
    data = to_dict(_recipe())
    data["ingredients"][0]["quantity"] = 2.25
    data["components"][0]["extra"] = "1"
    del data["category"]
    with pytest.raises(ValidationError) as info:
        converter.structure(data, RecipeDTO)
    message = info.value.message
    assert message.startswith("cannot read RecipeDTO: ")
    assert (
        "ingredients[0].quantity: expected a decimal string, got the number 2.25: write it as a string"
        in message
    )
    assert "components[0]: unknown key 'extra'" in message
    assert "RecipeDTO: missing key 'category'" in message


@attrs.frozen
class _Row:
    kind: Literal["finished_unit", "packaging"]


def test_a_value_outside_a_literal_names_the_choices() -> None:
    with pytest.raises(ValidationError) as info:
        converter.structure({"kind": "cake"}, _Row)
    assert info.value.field == "kind"
    assert info.value.message == "cannot read _Row: kind: must be one of finished_unit, packaging"
