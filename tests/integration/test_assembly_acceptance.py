"""Assembling gift bags in the gift-bag kitchen: checks, records, shortages (finished items before
packaging), bypassed packaging; FIFO costing of finished lots, nested bundles — both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import InsufficientFinishedStock, InsufficientStock, ValidationError
from bakeledger.services import assembly, catalog, inventory
from tests.helpers import count, dump
from tests.integration.gift_bag_kitchen import (
    BAG_INGREDIENT,
    COOKIE,
    GIFT_BAG,
    add_cookies,
    counts,
    setup_gift_bag_kitchen,
)


def test_check_five_can_assemble_and_eight_at_most(ledger: Ledger) -> None:
    setup_gift_bag_kitchen(ledger)
    with ledger.uow(read_only=True) as uow:
        check = assembly.check_can_assemble(uow, finished_good=GIFT_BAG, quantity=5)
    assert (check.can_assemble, check.missing, check.max_assemblable) == (True, [], 8)


def test_check_ten_is_short_of_cookies(ledger: Ledger) -> None:
    setup_gift_bag_kitchen(ledger)
    with ledger.uow(read_only=True) as uow:
        check = assembly.check_can_assemble(uow, finished_good=GIFT_BAG, quantity=10)
    assert check.can_assemble is False
    assert [(m.kind, m.slug, m.needed, m.available, m.unit) for m in check.missing] == [
        ("finished_unit", COOKIE, "120", "100", "each")
    ]
    assert check.max_assemblable == 8


def test_record_five_gift_bags(ledger: Ledger) -> None:
    fixture = setup_gift_bag_kitchen(ledger)
    with ledger.uow() as uow:
        run = assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=5)
        uow.commit()
    assert (run.total_component_cost, run.per_unit_cost, run.quantity) == ("0.50", "0.1000", 5)
    assert [(c.kind, c.slug, c.quantity, c.unit, c.cost) for c in run.consumptions] == [
        ("finished_unit", COOKIE, "60", "each", "0.00"),
        ("packaging", fixture.bag_product, "5", "bag", "0.50"),
    ]
    assert counts(ledger) == (40, 5, "45")
    with ledger.uow(read_only=True) as uow:
        stock = inventory.finished_stock(uow, kind="finished_good", slug=GIFT_BAG)
    assert stock.value == "0.50"


def test_not_enough_cookies_is_raised_before_packaging_and_changes_nothing(
    ledger: Ledger, fresh: Engine
) -> None:
    setup_gift_bag_kitchen(ledger, bags=3)  # packaging is short too: finished components are checked first
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(InsufficientFinishedStock) as info:
            assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=100)
        uow.rollback()
    assert (info.value.kind, info.value.slug, info.value.needed, info.value.available) == (
        "finished_unit",
        COOKIE,
        1200,
        100,
    )
    assert dump(fresh) == before


def test_not_enough_bags_changes_nothing(ledger: Ledger, fresh: Engine) -> None:
    fixture = setup_gift_bag_kitchen(ledger)
    with ledger.uow() as uow:
        inventory.deplete_lot(uow, lot_id=fixture.bag_lot, quantity=47, reason="spoilage")
        uow.commit()
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(InsufficientStock) as info:
            assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=5)
        uow.rollback()
    assert (info.value.ingredient, info.value.needed, info.value.available, info.value.unit) == (
        BAG_INGREDIENT,
        "5",
        "3",
        "bag",
    )
    assert dump(fresh) == before
    assert counts(ledger) == (100, 0, "3")


def test_bypassed_packaging_leaves_bags_untouched(ledger: Ledger) -> None:
    setup_gift_bag_kitchen(ledger)
    with ledger.uow() as uow:
        run = assembly.record_assembly(
            uow,
            finished_good=GIFT_BAG,
            quantity=5,
            packaging_bypassed=True,
            bypass_notes="wrapped in tea towels",
        )
        uow.commit()
    assert (run.total_component_cost, run.per_unit_cost, run.packaging_bypassed) == ("0.00", "0.0000", True)
    assert run.bypass_notes == "wrapped in tea towels"
    assert [c.kind for c in run.consumptions] == ["finished_unit"]
    assert counts(ledger) == (40, 5, "50")


def test_finished_lots_are_consumed_first_in_first_out_at_their_own_cost(
    ledger: Ledger, fresh: Engine
) -> None:
    setup_gift_bag_kitchen(ledger, cookies=0)
    with ledger.uow() as uow:
        add_cookies(uow, 30, "0.05")  # older lot
        add_cookies(uow, 100, "0.08")
        # 36 cookies: 30 @ 0.05 + 6 @ 0.08 = 1.98; 3 bags @ 0.10 = 0.30
        run = assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=3)
        uow.commit()
    assert run.total_component_cost == "2.28"
    assert run.per_unit_cost == "0.7600"
    assert run.consumptions[0].cost == "1.98"
    with fresh.connect() as conn:
        remaining = conn.execute(
            text("SELECT remaining FROM finished_lots WHERE finished_unit_id IS NOT NULL ORDER BY id")
        ).scalars()
        assert list(remaining) == [0, 94]
        bundle = conn.execute(
            text(
                "SELECT quantity, remaining, unit_cost, source FROM finished_lots "
                "WHERE kind = 'finished_good'"
            )
        ).one()
    assert tuple(bundle) == (3, 3, 760000, "assembly")  # unit cost stored scaled ×10^6


def test_a_nested_bundle_consumes_bundles_at_their_cost_plus_its_own_packaging(ledger: Ledger) -> None:
    setup_gift_bag_kitchen(ledger)
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Gift Box", category="packaging")
        box = catalog.create_product(
            uow, ingredient="gift-box", brand="Kraft", package_unit="box", package_unit_quantity=4
        )
        inventory.add_purchase(uow, product=box.slug, packages=2, price_per_package="10.00")  # 8 boxes @ 2.50
        catalog.create_finished_good(
            uow,
            name="Family Hamper",
            components=[
                {"kind": "finished_good", "slug": GIFT_BAG, "quantity": 2},
                {"kind": "finished_unit", "slug": COOKIE, "quantity": 4},
                {"kind": "packaging", "slug": box.slug, "quantity": 1},
            ],
        )
        add_cookies(uow, 20, "0.25")  # after the 100 free ones
        first = assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=4)  # 48 free cookies + 4 bags
        check = assembly.check_can_assemble(uow, finished_good="family-hamper", quantity=3)
        hamper = assembly.record_assembly(uow, finished_good="family-hamper", quantity=2)
        uow.commit()
    assert first.per_unit_cost == "0.1000"
    assert (check.can_assemble, check.max_assemblable) == (False, 2)
    assert [(m.kind, m.slug, m.needed, m.available) for m in check.missing] == [
        ("finished_good", GIFT_BAG, "6", "4")
    ]
    # 4 gift bags @ 0.10 = 0.40; 8 cookies of the free lot = 0; 2 boxes @ 2.50 = 5.00
    assert [(c.kind, c.slug, c.quantity, c.unit, c.cost) for c in hamper.consumptions] == [
        ("finished_good", GIFT_BAG, "4", "each", "0.40"),
        ("finished_unit", COOKIE, "8", "each", "0.00"),
        ("packaging", box.slug, "2", "box", "5.00"),
    ]
    assert (hamper.total_component_cost, hamper.per_unit_cost) == ("5.40", "2.7000")
    assert counts(ledger) == (100 - 48 - 8 + 20, 0, "46")
    with ledger.uow(read_only=True) as uow:
        assert inventory.finished_stock(uow, kind="finished_good", slug="family-hamper").count == 2
        assert inventory.stock_on_hand(uow, ingredient="gift-box", unit="box") == "6"


def test_check_changes_nothing(ledger: Ledger, fresh: Engine) -> None:
    setup_gift_bag_kitchen(ledger)
    before = dump(fresh)
    with ledger.uow() as uow:
        assembly.check_can_assemble(uow, finished_good=GIFT_BAG, quantity=5)
        uow.commit()
    assert dump(fresh) == before
    assert count(fresh, "assembly_runs") == 0


def test_packaging_of_one_ingredient_through_two_products_is_drawn_once(ledger: Ledger) -> None:
    setup_gift_bag_kitchen(ledger)
    with ledger.uow() as uow:
        catalog.create_ingredient(uow, name="Tissue Paper", category="packaging")
        sheets = catalog.create_product(
            uow,
            ingredient="tissue-paper",
            brand="Crisp",
            name="small",
            package_unit="g",
            package_unit_quantity=100,
        )
        roll = catalog.create_product(
            uow,
            ingredient="tissue-paper",
            brand="Crisp",
            name="roll",
            package_unit="kg",
            package_unit_quantity=1,
        )
        inventory.add_purchase(
            uow, product=sheets.slug, packages=1, price_per_package="1.00", purchased_on="2025-10-01"
        )
        inventory.add_purchase(
            uow, product=roll.slug, packages=1, price_per_package="5.00", purchased_on="2025-10-02"
        )
        catalog.create_finished_good(
            uow,
            name="Wrapped Cookie",
            components=[
                {"kind": "finished_unit", "slug": COOKIE, "quantity": 1},
                {"kind": "packaging", "slug": sheets.slug, "quantity": 30},  # 30 g
                {"kind": "packaging", "slug": roll.slug, "quantity": "0.02"},  # + 20 g
            ],
        )
        # 3 × 50 g = 150 g: the 100 g lot @ 0.01/g, then 50 g of the roll @ 0.005/g
        run = assembly.record_assembly(uow, finished_good="wrapped-cookie", quantity=3)
        uow.commit()
    assert [(c.kind, c.slug, c.quantity, c.unit, c.cost) for c in run.consumptions] == [
        ("finished_unit", COOKIE, "3", "each", "0.00"),
        ("packaging", sheets.slug, "150", "g", "1.25"),
    ]
    with ledger.uow(read_only=True) as uow:
        assert inventory.stock_on_hand(uow, ingredient="tissue-paper", unit="g") == "950"
        assert assembly.get_assembly_run(uow, run_id=run.id) == run


def test_a_packaging_product_in_a_unit_its_ingredient_does_not_use_is_refused(ledger: Ledger) -> None:
    """Bags and boxes of one ingredient could never be counted together, so the box is refused
    when it is added, not when an assembly would need both."""
    setup_gift_bag_kitchen(ledger)
    with ledger.uow() as uow:
        with pytest.raises(ValidationError) as info:
            catalog.create_product(
                uow,
                ingredient=BAG_INGREDIENT,
                brand="Wrap Co",
                name="box",
                package_unit="box",
                package_unit_quantity=1,
            )
        assert info.value.field == "package_unit"
        assert info.value.message.endswith("use one of: bag")
        uow.rollback()
