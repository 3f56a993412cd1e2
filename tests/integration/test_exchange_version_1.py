"""A version 1 full export (lots at 6 places of their own unit, no lot money) still imports: it is
read as version 2 the way migration 0003 converts a database, and the ledger it makes exports the
very document the original ledger exports."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bakeledger.app.ledger import Ledger
from bakeledger.domain.units import in_lot_unit
from bakeledger.services import catalog, exchange, inventory
from bakeledger.services.exchange.shape import exact
from bakeledger.services.exchange.upgrade import PLAN_SECTIONS


def _six(amount: str, unit: str) -> str:
    """A version 2 stock amount as version 1 wrote it: the lot's own unit, 6 places."""
    shown = in_lot_unit(Decimal(amount), unit).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    return exact(shown)


def _as_version_1(document: dict[str, Any]) -> dict[str, Any]:
    units = {lot["uuid"]: lot["unit"] for lot in document["lots"]}
    lots = [
        {
            **{k: v for k, v in lot.items() if k not in ("cost", "remaining_cost")},
            "quantity": _six(lot["quantity"], lot["unit"]),
            "remaining": _six(lot["remaining"], lot["unit"]),
        }
        for lot in document["lots"]
    ]
    lines = [{**m, "quantity": _six(m["quantity"], units[m["lot"]])} for m in document["lot_movements"]]
    older = {k: v for k, v in document.items() if k not in PLAN_SECTIONS}  # plans came in version 3
    return {**older, "version": 1, "lots": lots, "lot_movements": lines}


def _pantry(uow: Any) -> None:
    catalog.create_ingredient(uow, name="Eggs")
    catalog.create_product(
        uow, ingredient="eggs", brand="Farm", package_unit="dozen", package_unit_quantity=1
    )
    catalog.create_ingredient(uow, name="Butter", density="1 cup = 227 g")
    catalog.create_product(
        uow, ingredient="butter", brand="Dairy", package_unit="lb", package_unit_quantity=1
    )
    bought = [
        inventory.add_purchase(uow, product=product, packages=1, price_per_package=price)
        for product, price in (("eggs-farm", "3.99"), ("eggs-farm", "4.19"), ("butter-dairy", "4.99"))
    ]
    for quantity, unit, ingredient in [("2", "each", "eggs")] * 7 + [
        ("1", "cup", "butter"),
        ("1", "tbsp", "butter"),
        ("5", "g", "butter"),
    ]:
        inventory.consume_fifo(uow, ingredient=ingredient, quantity=quantity, unit=unit)
    inventory.deplete_lot(uow, lot_id=bought[2].id, quantity="0.1", reason="spoilage")


def test_a_version_1_export_imports_as_the_ledger_it_came_from(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        _pantry(uow)
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        original = exchange.export_all(uow)
    old = _as_version_1(original)
    assert old["lots"][0]["remaining"] == "0" and old["lot_movements"][0]["quantity"] == "0.166667"
    with ledger.uow() as uow:
        uow.exchange.delete_all()
        exchange.import_all(uow, document=old)
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        assert exchange.export_all(uow) == original
        assert inventory.stock_on_hand(uow, ingredient="eggs", unit="each") == "10"


def test_a_version_1_export_with_rounding_artefacts_imports_without_them(ledger: Ledger) -> None:
    """What the old code wrote after five 2-egg draws: 0.166667 dozen each, 0.166665 left."""
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Eggs")
        catalog.create_product(
            uow, ingredient="eggs", brand="Farm", package_unit="dozen", package_unit_quantity=1
        )
        inventory.add_purchase(uow, product="eggs-farm", packages=1, price_per_package="3.99")
        for _ in range(5):
            inventory.consume_fifo(uow, ingredient="eggs", quantity=2, unit="each")
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        original = exchange.export_all(uow)
    old = _as_version_1(original)
    old["lots"][0]["remaining"] = "0.166665"
    for line in old["lot_movements"]:
        line["cost"] = "0.665"  # 0.166667 × 3.99 at 4 places, as the old code costed it
    with ledger.uow() as uow:
        uow.exchange.delete_all()
        exchange.import_all(uow, document=old)
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        assert inventory.stock_on_hand(uow, ingredient="eggs", unit="each") == "2"
        inventory.consume_fifo(uow, ingredient="eggs", quantity=2, unit="each", dry_run=True)
        (lot,) = exchange.export_all(uow)["lots"]
    assert (lot["remaining"], lot["cost"], lot["remaining_cost"]) == ("2", "3.99", "0.665")
