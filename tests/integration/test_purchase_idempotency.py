"""A repeated add_purchase with the same idempotency key buys nothing twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import IdempotencyConflict, ImportRejected, ValidationError
from bakeledger.services import catalog, exchange, inventory
from tests.helpers import HOLD_S, count, dump, race
from tests.integration.exchange_support import export, import_into

pytest_plugins = ["tests.integration.exchange_fixtures"]

FLOUR = "flour-mill"


@pytest.fixture
def mill(ledger: Ledger) -> Ledger:
    """Flour sold as a 5 lb bag."""
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Flour")
        catalog.create_product(
            uow, ingredient="flour", brand="Mill", package_unit="lb", package_unit_quantity=5
        )
        uow.commit()
    return ledger


def _buy(uow: Any, **overrides: Any) -> Any:
    arguments: dict[str, Any] = {
        "product": FLOUR,
        "packages": 2,
        "price_per_package": "4.29",
        "purchased_on": "2025-11-01",
    }
    arguments.update(overrides)
    return inventory.add_purchase_outcome(uow, **arguments)


def _stock(ledger: Ledger) -> str:
    with ledger.uow(read_only=True) as uow:
        return inventory.stock_on_hand(uow, ingredient="flour", unit="lb")


def test_same_key_and_same_arguments_returns_the_first_lot(mill: Ledger, fresh: Engine) -> None:
    with mill.uow() as uow:
        first = _buy(uow, supplier="Corner Shop", idempotency_key="buy-1")
        uow.commit()
    assert not first.replayed
    assert (first.value.quantity, first.value.unit_cost) == ("10", "0.8580")
    before = dump(fresh)
    with mill.uow() as uow:
        # the same arguments, spelled differently ("2" = 2, "4.290" = "4.29", padded supplier)
        again = _buy(
            uow, packages="2", price_per_package="4.290", supplier=" Corner Shop ", idempotency_key="buy-1"
        )
        uow.commit()
    assert again.replayed and again.value == first.value
    assert dump(fresh) == before
    assert count(fresh, "lots") == 1 and _stock(mill) == "10"


def test_the_plain_service_returns_the_first_lot_too(mill: Ledger, fresh: Engine) -> None:
    with mill.uow() as uow:
        first = inventory.add_purchase(
            uow, product=FLOUR, packages=1, price_per_package=5, idempotency_key="k"
        )
        again = inventory.add_purchase(
            uow, product=FLOUR, packages=1, price_per_package=5, idempotency_key="k"
        )
        uow.commit()
    assert again == first and count(fresh, "lots") == 1 and _stock(mill) == "5"


def test_a_defaulted_purchase_date_is_not_part_of_the_request(
    mill: Ledger, fresh: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with mill.uow() as uow:
        first = _buy(uow, purchased_on=None, idempotency_key="buy-today")
        uow.commit()
    assert first.value.purchased_on == dt.date.today().isoformat()
    with mill.uow() as uow:
        again = _buy(uow, purchased_on=None, idempotency_key="buy-today")
        uow.commit()
    assert again.replayed and again.value == first.value
    with mill.uow() as uow, pytest.raises(IdempotencyConflict):
        # naming the day is asking for something else than leaving it to default
        _buy(uow, purchased_on=first.value.purchased_on, idempotency_key="buy-today")
    assert count(fresh, "lots") == 1


def test_a_replay_returns_the_lot_as_it_is_now(mill: Ledger) -> None:
    with mill.uow() as uow:
        first = _buy(uow, idempotency_key="buy-2").value
        inventory.deplete_lot(uow, lot_id=first.id, quantity=3, reason="spoilage")
        uow.commit()
    with mill.uow() as uow:
        again = _buy(uow, idempotency_key="buy-2")
    assert again.replayed and (again.value.id, again.value.remaining) == (first.id, "7")


def test_same_key_with_different_arguments_is_a_conflict(mill: Ledger, fresh: Engine) -> None:
    with mill.uow() as uow:
        _buy(uow, idempotency_key="buy-3")
        uow.commit()
    before = dump(fresh)
    changes: list[dict[str, Any]] = [
        {"packages": 3},
        {"price_per_package": "4.30"},
        {"purchased_on": "2025-11-02"},
        {"supplier": "Mill Shop"},
        {"expires_on": "2026-06-01"},
    ]
    for changed in changes:
        with mill.uow() as uow:
            with pytest.raises(IdempotencyConflict) as info:
                _buy(uow, **{"idempotency_key": "buy-3", **changed})
            uow.rollback()
        assert info.value.key == "buy-3"
    assert dump(fresh) == before


def test_a_bad_key_is_refused_before_anything_is_written(mill: Ledger, fresh: Engine) -> None:
    with mill.uow() as uow:
        for bad in ("", "   ", "x" * 201, 7):
            with pytest.raises(ValidationError) as info:
                _buy(uow, idempotency_key=bad)
            assert info.value.field == "idempotency_key"
    assert count(fresh, "lots") == 0


def test_the_key_and_fingerprint_are_stored_with_the_lot(mill: Ledger, fresh: Engine) -> None:
    with mill.uow() as uow:
        keyed = _buy(uow, idempotency_key="buy-4").value
        plain = _buy(uow).value
        uow.commit()
    with fresh.connect() as conn:
        rows = {
            row.id: (row.idempotency_key, row.request_fingerprint)
            for row in conn.execute(text("SELECT id, idempotency_key, request_fingerprint FROM lots"))
        }
    assert rows[keyed.id][0] == "buy-4" and len(rows[keyed.id][1]) == 64
    assert rows[plain.id] == (None, None)
    assert count(fresh, "lots") == 2 and _stock(mill) == "20"


def test_a_purchase_raced_with_its_own_key_is_bought_once(mill: Ledger, fresh: Engine) -> None:
    first, second, waited = race(mill, lambda uow: _buy(uow, idempotency_key="buy-race"))
    assert not isinstance(second, Exception), repr(second)
    assert waited >= HOLD_S * 0.8  # it really overlapped the first one's transaction
    assert not first.replayed and second.replayed and second.value == first.value
    assert count(fresh, "lots") == 1 and _stock(mill) == "10"


def test_a_full_export_keeps_purchase_keys(mill: Ledger, import_target: Ledger) -> None:
    """Moved to another ledger, a purchase is still the one its key made: replayed, not bought again."""
    with mill.uow() as uow:
        first = _buy(uow, idempotency_key="buy-moved").value
        uow.commit()
    document = export(mill)
    assert [lot["idempotency_key"] for lot in document["lots"]] == ["buy-moved"]
    import_into(import_target, exchange.parse_document(exchange.canonical_json(document)))
    with import_target.uow() as uow:
        again = _buy(uow, idempotency_key="buy-moved")
        uow.commit()
    assert again.replayed and again.value == first
    assert export(import_target) == document
    (lot,) = document["lots"]
    twice = {**document, "lots": [lot, {**lot, "uuid": "00000000-0000-4000-8000-000000000001"}]}
    with pytest.raises(ImportRejected) as info:
        import_into(import_target, twice)
    assert any("idempotency_key" in problem for problem in info.value.problems), info.value.problems
