"""The error tree (domain/errors.py): one root, structured fields, clear messages, to_dict()."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from bakeledger.domain import errors as e


def test_insufficient_stock_names_what_is_short_as_quantities_read_in_results() -> None:
    error = e.InsufficientStock(
        ingredient="flour", needed=Decimal("20.000000"), available=Decimal("10"), unit="cup"
    )
    assert error.message == "not enough flour: need 20 cup, have 10 cup"
    assert error.to_dict() == {
        "type": "InsufficientStock",
        "message": "not enough flour: need 20 cup, have 10 cup",
        "ingredient": "flour",
        "needed": "20",
        "available": "10",
        "unit": "cup",
    }


def test_decimals_in_to_dict_never_use_an_exponent() -> None:
    data = e.InsufficientStock(
        ingredient="sugar", needed=Decimal("1E+2"), available=Decimal(0), unit="g"
    ).to_dict()
    assert (data["needed"], data["available"]) == ("100", "0")


def test_not_found_carries_the_kind_and_key() -> None:
    error = e.RecipeNotFound(key="chocolate-chip-cookies")
    assert str(error) == "recipe 'chocolate-chip-cookies' not found"
    assert error.to_dict() == {
        "type": "RecipeNotFound",
        "message": "recipe 'chocolate-chip-cookies' not found",
        "kind": "recipe",
        "key": "chocolate-chip-cookies",
    }


def test_an_explicit_message_wins_and_fields_stay() -> None:
    error = e.ValidationError(field="packages", value="-1", message="packages must not be negative")
    assert error.to_dict() == {
        "type": "ValidationError",
        "message": "packages must not be negative",
        "field": "packages",
        "value": "-1",
    }


def test_lists_and_nested_values_become_plain_json() -> None:
    data = e.CycleError(path=["cookies", "dough", "cookies"]).to_dict()
    assert data["path"] == ["cookies", "dough", "cookies"]
    assert data["message"] == "cycle or nesting too deep: cookies -> dough -> cookies"
    assert data["type"] == "CycleError"
    problems = e.ImportRejected(problems=["lot 3: bad unit", "recipe x: unknown ingredient"]).to_dict()
    assert problems["problems"] == ["lot 3: bad unit", "recipe x: unknown ingredient"]
    json.dumps(problems)


def test_invalid_transition_names_the_allowed_states() -> None:
    error = e.InvalidTransition(current="pending", requested="delivered", allowed=["ready"])
    assert error.message == "cannot go from 'pending' to 'delivered'; allowed: ready"


@pytest.mark.parametrize(
    ("error", "parents"),
    [
        (e.IngredientNotFound, (e.NotFound,)),
        (e.EventNotFound, (e.NotFound,)),
        (e.ProductionRunNotFound, (e.NotFound,)),
        (e.UnitConversionError, (e.ValidationError,)),
        (e.CycleError, (e.ValidationError,)),
        (e.YieldExceedsExpected, (e.ValidationError,)),
        (e.DuplicateName, (e.Conflict,)),
        (e.InUse, (e.Conflict,)),
        (e.IdempotencyConflict, (e.Conflict,)),
        (e.NoActiveTransactionError, (e.UnitOfWorkStateError,)),
        (e.InsufficientStock, ()),
        (e.InsufficientFinishedStock, ()),
        (e.InvalidTransition, ()),
        (e.ImportRejected, ()),
        (e.ReadOnlyError, ()),
        (e.ConcurrencyError, ()),
        (e.UncommittedWorkError, ()),
        (e.UnitOfWorkStateError, ()),
    ],
)
def test_every_error_is_in_the_one_tree_and_has_a_message(
    error: type[e.BakeLedgerError], parents: tuple[type, ...]
) -> None:
    made = error()
    assert isinstance(made, e.BakeLedgerError)
    assert all(isinstance(made, parent) for parent in parents)
    data = made.to_dict()
    assert data["type"] == error.__name__
    assert data["message"] and data["message"] == str(made)
    json.dumps(data)


def test_errors_can_be_raised_and_caught_as_exceptions() -> None:
    with pytest.raises(e.NotFound, match="lot 42 not found"):
        raise e.LotNotFound(key=42)
