"""Export → import into an empty ledger reproduces it exactly, on and across both backends."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

import bakeledger
from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import Conflict, ImportRejected
from bakeledger.services import catalog, exchange, inventory, production
from tests.faults import InjectedFault, fail_on_write
from tests.helpers import dump
from tests.integration.exchange_support import (
    digest,
    export,
    import_into,
    seed,
)

pytest_plugins = ["tests.integration.exchange_fixtures"]
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_round_trip_reproduces_the_ledger_exactly(ledger: Ledger, import_target: Ledger) -> None:
    document = seed(ledger)
    text = exchange.canonical_json(document)

    report = import_into(import_target, exchange.parse_document(text))

    assert digest(import_target) == digest(ledger)
    assert export(import_target) == document
    assert report.imported == sum(_rows(document)) and report.errors == []


def test_purchase_keys_travel_with_their_lots_and_older_documents_still_import(
    ledger: Ledger, import_target: Ledger
) -> None:
    document = seed(ledger)
    keyed = json.loads(json.dumps(document))
    keyed["lots"][0].update(idempotency_key="buy-flour-1", request_fingerprint="f" * 64)
    import_into(import_target, keyed)
    assert export(import_target)["lots"][0]["idempotency_key"] == "buy-flour-1"
    assert export(import_target) == keyed

    older = json.loads(json.dumps(document))
    for lot in older["lots"]:
        del lot["idempotency_key"], lot["request_fingerprint"]
    with ledger.uow() as uow:
        uow.exchange.delete_all()
        uow.commit()
    import_into(ledger, older)
    assert export(ledger) == document


def test_two_lots_with_one_purchase_key_are_refused(ledger: Ledger, import_target: Ledger) -> None:
    document = seed(ledger)
    for lot in document["lots"][:2]:
        lot["idempotency_key"] = "same"
    with import_target.uow() as uow, pytest.raises(ImportRejected) as refused:
        exchange.import_all(uow, document=document)
    assert any(p.startswith("lots[1]") and "same" in p for p in refused.value.problems), (
        refused.value.problems
    )


def _rows(document: dict[str, Any]) -> list[int]:
    """How many table rows a document holds (nested children counted too)."""
    counts = [len(v) for v in document.values() if isinstance(v, list)]
    counts.append(sum(len(r["ingredients"]) + len(r["components"]) for r in document["recipes"]))
    counts.append(sum(len(g["components"]) for g in document["finished_goods"]))
    counts.append(sum(len(p["contents"]) for p in document["packages"]))
    return counts


def test_export_is_pure_json_with_portable_references(ledger: Ledger) -> None:
    document = seed(ledger)

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            assert "id" not in value and not any(k.endswith("_id") for k in value), path
            for key, item in value.items():
                walk(item, f"{path}.{key}")
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]")
        else:
            assert value is None or type(value) in (str, int, bool), path

    walk(document, "document")
    assert document["format"] == "bakeledger" and document["version"] == 3
    run = document["production_runs"][0]
    assert _UUID.fullmatch(run["uuid"]) and _UUID.fullmatch(run["event"])
    assert run["recipe"] == "chocolate-chip-cookies"
    assert dt.datetime.fromisoformat(run["produced_at"]).tzinfo is None
    assert json.loads(exchange.canonical_json(document)) == document


def test_export_writes_exact_decimals_not_display_rounding(ledger: Ledger) -> None:
    def build(uow: Any) -> None:
        catalog.create_ingredient(uow, name="chocolate")
        bar = catalog.create_product(
            uow, ingredient="chocolate", brand="Dark", package_unit="oz", package_unit_quantity="17.3"
        )
        third = catalog.create_product(
            uow, ingredient="chocolate", brand="Thirds", package_unit="oz", package_unit_quantity=3
        )
        inventory.add_purchase(
            uow, product=bar.slug, packages=1, price_per_package="5.00", purchased_on="2025-01-01"
        )
        inventory.add_purchase(
            uow, product=third.slug, packages=1, price_per_package=1, purchased_on="2025-01-02"
        )
        inventory.consume_fifo(uow, ingredient="chocolate", quantity="5.75", unit="oz")

    document = seed(ledger, build)

    # lots are kept in grams, exactly: 11.55 oz and 3 oz (1 oz = 28.349523125 g)
    lots = [
        (lot["remaining"], lot["unit_cost"], lot["cost"], lot["remaining_cost"]) for lot in document["lots"]
    ]
    assert lots == [
        ("327.43699209375", "0.289017", "5", "3.3382"),
        ("85.048569375", "0.333333", "1", "1"),
    ]
    assert document["lot_movements"][0]["cost"] == "1.6618"  # 5.00 × 5.75 / 17.3, at 4 places


def test_export_is_deterministic(ledger: Ledger) -> None:
    document = seed(ledger)
    assert exchange.canonical_json(export(ledger)) == exchange.canonical_json(document)
    assert digest(ledger) == digest(ledger)


def test_imported_ledger_keeps_fifo_order_and_history(ledger: Ledger, import_target: Ledger) -> None:
    import_into(import_target, seed(ledger))
    results = []
    for book in (ledger, import_target):
        with book.uow() as uow:
            fifo = inventory.consume_fifo(uow, ingredient="flour", quantity="12.25", unit="cup")
            history = production.get_production_history(uow)
            uow.commit()
        results.append(
            (
                fifo.total_cost,
                [ln.unit_cost for ln in fifo.lines],
                [(r.uuid, r.per_unit_cost) for r in history],
            )
        )
    assert results[0] == results[1]
    assert [lot["remaining"] for lot in export(ledger)["lots"]] == [
        lot["remaining"] for lot in export(import_target)["lots"]
    ]


def test_import_refuses_a_ledger_that_holds_data(ledger: Ledger, fresh: Engine) -> None:
    document = seed(ledger)
    before = dump(fresh)

    with ledger.uow() as uow, pytest.raises(Conflict):
        exchange.import_all(uow, document=document)

    assert dump(fresh) == before


def test_a_failure_halfway_through_an_import_leaves_nothing(ledger: Ledger, import_target: Ledger) -> None:
    document = seed(ledger)
    observer = create_engine(import_target.url)
    empty = dump(observer)

    with fail_on_write(import_target.engine, 5) as fault, pytest.raises(InjectedFault):
        import_into(import_target, document)

    assert fault.fired and dump(observer) == empty
    observer.dispose()
    import_into(import_target, document)
    assert digest(import_target) == digest(ledger)


def test_import_statements_do_not_grow_with_the_rows(import_target: Ledger, tmp_path: Any) -> None:
    def lots(n: int) -> dict[str, Any]:
        def build(uow: Any) -> None:
            catalog.create_ingredient(uow, name="flour")
            cups = catalog.create_product(
                uow, ingredient="flour", brand="Cups", package_unit="cup", package_unit_quantity=1
            )
            for i in range(n):
                inventory.add_purchase(uow, product=cups.slug, packages=1 + i, price_per_package="0.5")

        source = bakeledger.open(f"sqlite:///{tmp_path}/source-{n}.db")
        try:
            return seed(source, build)
        finally:
            source.dispose()

    statements = []
    for document in (lots(3), lots(150)):
        with import_target.uow() as uow:
            exchange.import_all(uow, document=document)
            statements.append(uow.statements)
            uow.rollback()
    assert statements[0] == statements[1]
