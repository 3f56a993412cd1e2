"""A full export keeps how each purchase was asked for (its idempotency key and fingerprint), and
an import brings them back; two lots with one key are refused."""

from __future__ import annotations

import pytest

import bakeledger
from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import ImportRejected
from bakeledger.services import exchange
from tests.integration.cookie_pantry import setup_cookie_pantry


def _export(ledger: Ledger) -> dict[str, object]:
    with ledger.uow(read_only=True) as uow:
        return exchange.export_all(uow)


def test_lots_round_trip_with_their_purchase_keys(ledger: Ledger, tmp_path: object) -> None:
    setup_cookie_pantry(ledger)
    document = _export(ledger)
    lots = document["lots"]
    assert isinstance(lots, list) and len(lots) == 2
    assert lots[0]["idempotency_key"] is None and lots[0]["request_fingerprint"] is None
    lots[0]["idempotency_key"], lots[0]["request_fingerprint"] = "buy-flour-1", "f" * 64
    second = bakeledger.open(f"sqlite:///{tmp_path}/second.db")
    try:
        with second.uow() as uow:
            exchange.import_all(uow, document=document)
            uow.commit()
        assert exchange.canonical_json(_export(second)) == exchange.canonical_json(document)
    finally:
        second.dispose()


def test_two_lots_with_one_purchase_key_are_refused(ledger: Ledger, tmp_path: object) -> None:
    setup_cookie_pantry(ledger)
    document = _export(ledger)
    lots = document["lots"]
    assert isinstance(lots, list)
    for lot in lots:
        lot["idempotency_key"] = "same"
    second = bakeledger.open(f"sqlite:///{tmp_path}/second.db")
    try:
        with second.uow() as uow, pytest.raises(ImportRejected) as refused:
            exchange.import_all(uow, document=document)
        assert "lots[1]: duplicate idempotency_key 'same' (as lots[0])" in refused.value.problems
    finally:
        second.dispose()
