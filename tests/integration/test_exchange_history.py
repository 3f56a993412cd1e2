"""History exchange: runs move between ledgers by slug and uuid, duplicates are skipped by uuid,
runs whose catalogue entries are missing are reported, and stock is never touched."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.engine import Engine

import bakeledger
from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import ImportRejected
from bakeledger.services import exchange, production
from tests.helpers import dump
from tests.integration.exchange_support import build_catalogue, buy_stock, digest, export, seed

STOCK = ("lots", "lot_movements", "finished_lots", "finished_movements")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The history export of a realistic season (built once, on SQLite)."""
    source = bakeledger.open(f"sqlite:///{tmp_path_factory.mktemp('history')}/source.db")
    seed(source)
    with source.uow(read_only=True) as uow:
        yield exchange.export_history(uow)
    source.dispose()


def _catalogue_and_stock(uow: Any) -> None:
    build_catalogue(uow)
    buy_stock(uow)


def import_history(ledger: Ledger, document: Any, **options: Any) -> Any:
    with ledger.uow() as uow:
        report = exchange.import_history(uow, document=document, **options)
        uow.commit()
    return report


def test_history_export_carries_runs_with_their_consumptions(history: dict[str, Any]) -> None:
    assert (history["format"], history["version"]) == ("bakeledger-history", 1)
    assert [len(history[s]) for s in ("production_runs", "assembly_runs", "events")] == [3, 3, 2]
    first = history["production_runs"][0]
    assert "idempotency_key" not in first and first["recipe"] == "chocolate-chip-cookies"
    assert {c["ingredient"] for c in first["consumptions"]} == {"flour", "sugar", "chocolate"}
    taken = sum(Decimal(c["cost"]) for c in first["consumptions"] if c["movement"] == "consume")
    assert taken == Decimal(first["total_ingredient_cost"])
    reversed_run = history["production_runs"][1]
    assert reversed_run["reversed"] and {c["movement"] for c in reversed_run["consumptions"]} == {
        "consume",
        "restore",
    }
    hamper = history["assembly_runs"][2]
    assert hamper["packaging_bypassed"] and {c["kind"] for c in hamper["consumptions"]} == {
        "finished_good",
        "finished_unit",
    }
    bags = history["assembly_runs"][1]["consumptions"]
    assert [(c["kind"], c["slug"], c["quantity"], c["unit"]) for c in bags] == [
        ("finished_unit", "chocolate-chip-cookie", "12", "each"),
        ("packaging", "cellophane-bag-wrap", "2", "bag"),
    ]


def test_history_import_records_runs_and_leaves_stock_alone(ledger: Ledger, history: dict[str, Any]) -> None:
    before = seed(ledger, _catalogue_and_stock)

    report = import_history(ledger, history)

    assert (report.imported, report.skipped, report.errors) == (6, 0, [])
    after = export(ledger)
    assert all(after[s] == before[s] for s in STOCK)
    assert [e["uuid"] for e in after["events"]] == [e["uuid"] for e in history["events"]]
    with ledger.uow(read_only=True) as uow:
        runs = production.get_production_history(uow, include_consumptions=True)
        again = exchange.export_history(uow)
    by_uuid = {r["uuid"]: r for r in history["production_runs"]}
    for run in runs:
        source = by_uuid[run.uuid]
        assert (run.recipe, run.actual_yield, run.reversed) == (
            source["recipe"],
            source["actual_yield"],
            source["reversed"],
        )
        assert Decimal(run.total_ingredient_cost) == Decimal(source["total_ingredient_cost"]).quantize(
            Decimal("0.01")
        )
        # what was used is read from the run's recipe snapshot; no lot of this ledger gave it
        assert run.consumptions and all(c.lots == [] for c in run.consumptions)
    for section in ("production_runs", "assembly_runs"):
        assert [_without_consumptions(r) for r in again[section]] == [
            _without_consumptions(r) for r in history[section]
        ]


def _without_consumptions(run: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in run.items() if k != "consumptions"}


def test_a_second_import_skips_every_run_by_uuid(ledger: Ledger, history: dict[str, Any]) -> None:
    seed(ledger, _catalogue_and_stock)
    import_history(ledger, history)
    settled = digest(ledger)

    skipped = import_history(ledger, history)
    refused = import_history(ledger, history, skip_duplicates=False)

    assert (skipped.imported, skipped.skipped, skipped.errors) == (0, 6, [])
    assert (refused.imported, refused.skipped, len(refused.errors)) == (0, 0, 6)
    assert refused.errors[0] == (
        f"production_runs[0]: run {history['production_runs'][0]['uuid']} is already in the ledger"
    )
    assert digest(ledger) == settled


def test_runs_whose_catalogue_entries_are_missing_are_reported(
    ledger: Ledger, history: dict[str, Any]
) -> None:
    seed(ledger, _catalogue_and_stock)
    document = copy.deepcopy(history)
    document["production_runs"][0]["recipe"] = "apple-pie"
    document["production_runs"][2]["finished_unit"] = "chocolate-chip-cookie"
    document["assembly_runs"][1]["finished_good"] = "fruit-basket"

    report = import_history(ledger, document)

    assert (report.imported, report.skipped) == (3, 0)
    assert report.errors == [
        "production_runs[0]: unknown recipe 'apple-pie'",
        "production_runs[2]: finished unit 'chocolate-chip-cookie' is made by 'chocolate-chip-cookies', "
        "not 'cookie-dough'",
        "assembly_runs[1]: unknown finished good 'fruit-basket'",
    ]
    imported = {r["uuid"] for s in ("production_runs", "assembly_runs") for r in export(ledger)[s]}
    assert imported == {
        document["production_runs"][1]["uuid"],
        document["assembly_runs"][0]["uuid"],
        document["assembly_runs"][2]["uuid"],
    }


def test_a_malformed_history_is_rejected_whole(
    ledger: Ledger, fresh: Engine, history: dict[str, Any]
) -> None:
    seed(ledger, _catalogue_and_stock)
    document = copy.deepcopy(history)
    document["production_runs"][1]["uuid"] = document["production_runs"][0]["uuid"]
    document["production_runs"][2]["loss_cost"] = "-0.5"
    document["assembly_runs"][0]["event"] = "3f1c2b1e-0000-4000-8000-000000000000"
    document["assembly_runs"][1]["consumptions"][0]["quantity"] = "1e3"
    document["events"][0]["year"] = 1999
    before = dump(fresh)

    with ledger.uow() as uow, pytest.raises(ImportRejected) as info:
        exchange.import_history(uow, document=document)

    assert dump(fresh) == before
    assert sorted(info.value.problems) == sorted(
        [
            "production_runs[2].loss_cost: must not be negative: '-0.5'",
            "assembly_runs[1].consumptions[0].quantity: not a plain decimal: '1e3'",
            f"production_runs[1]: duplicate uuid {document['production_runs'][0]['uuid']!r} "
            "(as production_runs[0])",
            "assembly_runs[0].event: unknown events reference '3f1c2b1e-0000-4000-8000-000000000000'",
            "events[0].year: 1999 is not the year of 2025-12-24",
        ]
    )


def test_history_import_into_its_own_ledger_changes_nothing(ledger: Ledger) -> None:
    seed(ledger)
    with ledger.uow(read_only=True) as uow:
        document = exchange.export_history(uow)
    settled = digest(ledger)

    report = import_history(ledger, document)

    assert (report.imported, report.skipped, report.errors) == (0, 6, [])
    assert digest(ledger) == settled


def test_reversing_an_imported_run_touches_no_stock(ledger: Ledger, history: dict[str, Any]) -> None:
    seed(ledger, _catalogue_and_stock)
    import_history(ledger, history)
    before = export(ledger)
    with ledger.uow() as uow:
        (run,) = [
            r
            for r in production.get_production_history(uow)
            if r.uuid == history["production_runs"][0]["uuid"]
        ]
        reversed_run = production.reverse_production(uow, run_id=run.id, reason="imported by mistake")
        uow.commit()

    after = export(ledger)
    assert reversed_run.reversed and all(after[s] == before[s] for s in STOCK)
