"""Cost analysis, summary and shopping list of an event, with real numbers, on both backends."""

from __future__ import annotations

import pytest

from bakeledger.app.ledger import Ledger
from bakeledger.services import assembly, catalog, events, inventory
from bakeledger.services.dto import to_dict
from tests.integration.cookie_pantry import record
from tests.integration.events_fixture import BOX, GIFT_BAG, RECIPE, Season, setup_season


@pytest.fixture
def season(ledger: Ledger) -> Season:
    return setup_season(ledger)


def _half_done(ledger: Ledger, season: Season) -> None:
    """Targets 4 batches and 10 gift bags; 2 batches baked (3.20), 5 gift bags made (2.00 + 0.50 bags)."""
    with ledger.uow() as uow:
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=4)
        events.set_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG, quantity=10)
        record(uow, batches=2, event=season.event_id)
        assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=5, event=season.event_id)
        uow.commit()


def test_cost_analysis_counts_each_cent_once(ledger: Ledger, season: Season) -> None:
    _half_done(ledger, season)
    with ledger.uow() as uow:  # flour's latest price rises after the bake: the estimate follows it
        inventory.add_purchase(uow, product=season.flour_product, packages=1, price_per_package="0.80")
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        analysis = to_dict(events.get_event_cost_analysis(uow, event=season.event_id))
    assert analysis["production"] == [
        {
            "recipe": RECIPE,
            "target_batches": 4,
            "produced_batches": 2,
            "remaining_batches": 2,
            "runs": 1,
            "actual_cost": "3.20",
            "estimated_cost": "4.40",  # 2 × (2 cup × 0.80 + 1 cup × 0.60)
            "variance": "1.20",
            "remaining_cost": "4.40",
        }
    ]
    assert analysis["assembly"] == [
        {
            "finished_good": GIFT_BAG,
            "target_quantity": 10,
            "assembled_quantity": 5,
            "remaining": 5,
            "runs": 1,
            "actual_cost": "2.50",
            "packaging_cost": "0.50",
            "estimated_cost": "2.50",
            "variance": "0.00",
            "remaining_cost": "0.50",
        }
    ]
    assert {k: v for k, v in analysis.items() if k not in ("production", "assembly")} == {
        "event_id": season.event_id,
        "production_cost": "3.20",
        "assembly_cost": "2.50",
        "bundled_cost": "2.00",  # the 60 cookies this event baked and then bagged
        "actual_cost": "3.70",  # = ingredients 3.20 + bags 0.50
        "estimated_cost": "4.90",
        "variance": "1.20",
        "remaining_cost": "4.90",
        "unpriced": [],
    }


def test_runs_without_a_target_are_listed_after_the_targets(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        record(uow, batches=1, event=season.event_id)
        analysis = events.get_event_cost_analysis(uow, event=season.event_id)
        uow.commit()
    assert [
        (p.recipe, p.target_batches, p.produced_batches, p.actual_cost, p.variance)
        for p in analysis.production
    ] == [(RECIPE, 0, 1, "1.60", "0.00")]


def test_summary_costs_each_recipient(ledger: Ledger, season: Season) -> None:
    _half_done(ledger, season)
    with ledger.uow() as uow:
        a = events.assign_package(
            uow, event=season.event_id, recipient="ann", package="small-gift", quantity=2
        )
        events.assign_package(uow, event=season.event_id, recipient="bob", package="big-gift")
        events.assign_package(uow, event=season.event_id, recipient="bob", package="small-gift")
        events.advance_fulfillment(uow, assignment_id=a.id, status="ready")
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        summary = to_dict(events.get_event_summary(uow, event=season.event_id))
    assert summary["event"]["name"] == "Christmas"
    # a gift bag costs what this event's bags cost (2.50 / 5); the box was never made: 2 gift bags at
    # standard cost (12 cookies × 1.60 / 48 + one 0.10 bag = 0.50 each)
    assert summary["packages"] == [
        {
            "package": "small-gift",
            "name": "Small Gift",
            "assignments": 2,
            "quantity": 3,
            "unit_cost": "0.50",
            "cost": "1.50",
        },
        {
            "package": "big-gift",
            "name": "Big Gift",
            "assignments": 1,
            "quantity": 1,
            "unit_cost": "1.00",
            "cost": "1.00",
        },
    ]
    assert summary["recipients"] == [
        {"recipient": "ann", "name": "Ann", "assignments": 1, "packages": 2, "cost": "1.00"},
        {"recipient": "bob", "name": "Bob", "assignments": 2, "packages": 2, "cost": "1.50"},
    ]
    assert [summary[k] for k in ("recipient_count", "assignment_count", "package_count")] == [2, 3, 4]
    assert [summary[k] for k in ("packages_pending", "packages_ready", "packages_delivered")] == [2, 1, 0]
    assert (summary["total_cost"], summary["cost_per_recipient"]) == ("2.50", "1.25")


def test_shopping_list_for_the_remaining_targets(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=11)
        events.set_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG, quantity=60)
        events.set_assembly_target(uow, event=season.event_id, finished_good=BOX, quantity=3)  # no packaging
        record(uow, batches=1, event=season.event_id)  # 10 batches remain: 20 cup flour, 10 cup sugar
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        shopping = events.get_shopping_list(uow, event=season.event_id)
        text = events.shopping_list_csv(uow, event=season.event_id)
    rows = [
        (i.ingredient, i.needed, i.on_hand, i.to_buy, i.unit, i.product, i.packages, i.estimated_cost)
        for i in shopping.items
    ]
    assert rows == [
        ("flour", "20", "8", "12", "cup", "flour-cups", 12, "6.00"),
        ("sugar", "10", "4", "6", "cup", "sugar-cups", 6, "3.60"),
        ("cellophane-bag", "60", "50", "10", "bag", season.bag_product, 10, "1.00"),
    ]
    assert (shopping.total_estimated_cost, shopping.unpriced) == ("10.60", [])
    assert text.splitlines() == [
        "ingredient,unit,needed,on_hand,to_buy,product,package_unit,package_unit_quantity,packages,estimated_cost",
        "flour,cup,20,8,12,flour-cups,cup,1,12,6.00",
        "sugar,cup,10,4,6,sugar-cups,cup,1,6,3.60",
        f"cellophane-bag,bag,60,50,10,{season.bag_product},bag,1,10,1.00",
    ]


def test_cheapest_recent_product_is_compared_per_unit_and_bought_in_whole_packages(
    ledger: Ledger, season: Season
) -> None:
    with ledger.uow() as uow:
        sack = catalog.create_product(
            uow, ingredient="flour", brand="Mill", name="10lb", package_unit="lb", package_unit_quantity=10
        )
        lot = inventory.add_purchase(uow, product=sack.slug, packages=1, price_per_package="8.99")
        inventory.deplete_lot(uow, lot_id=lot.id, quantity=10, reason="gift")
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=10)
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        flour = events.get_shopping_list(uow, event=season.event_id).items[0]
    # 0.899 per lb is 0.2378 per cup (1 cup = 120 g): cheaper than 0.50 per cup; 10 cups = 2.65 lb
    assert (flour.to_buy, flour.product, flour.package_unit, flour.packages, flour.estimated_cost) == (
        "10",
        sack.slug,
        "lb",
        1,
        "8.99",
    )


def test_preferred_product_wins_even_when_never_bought(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        bulk = catalog.create_product(
            uow, ingredient="flour", brand="Bulk", package_unit="kg", package_unit_quantity=5, preferred=True
        )
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=10)
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        shopping = events.get_shopping_list(uow, event=season.event_id)
    flour = shopping.items[0]
    assert (flour.product, flour.packages, flour.estimated_cost) == (
        bulk.slug,
        1,
        None,
    )  # 1.2 kg → one 5 kg bag
    assert shopping.unpriced == ["flour"]
    assert shopping.total_estimated_cost == "3.00"  # sugar only
