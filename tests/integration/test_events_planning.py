"""plan_event: cumulative, exact, writes nothing, and costs what recording costs."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import event, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.services import assembly, catalog, events, inventory, production
from bakeledger.services.dto import to_dict
from tests.helpers import dump
from tests.integration.cookie_pantry import COOKIE, setup_cookie_pantry
from tests.integration.events_fixture import BOX, GIFT_BAG, RECIPE, build_season, setup_season


def test_two_recipes_compete_for_the_same_flour(ledger: Ledger, fresh: Engine) -> None:
    setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        for name in ("Bread", "Rolls"):
            catalog.create_recipe(
                uow, name=name, ingredients=[{"ingredient": "flour", "quantity": 6, "unit": "cup"}]
            )
            catalog.create_finished_unit(uow, recipe=name.lower(), name=f"{name} Loaf", items_per_batch=1)
        event_id = events.create_event(uow, name="Brunch", event_date="2026-12-26").id
        events.set_production_target(uow, event=event_id, recipe="bread", batches=1)
        events.set_production_target(uow, event=event_id, recipe="rolls", batches=1)
        uow.commit()
    before = dump(fresh)
    with ledger.uow(read_only=True) as uow:
        plan = events.plan_event(uow, event=event_id)
    assert dump(fresh) == before
    assert to_dict(plan) == {
        "event_id": event_id,
        "feasible": False,
        "targets": [
            {
                "kind": "production",
                "slug": "bread",
                "quantity": 1,
                "feasible": True,
                "missing": [],
                "cost": "3.00",
                "on_hand_cost": "3.00",
                "shortfall_cost": "0.00",
            },
            {
                "kind": "production",
                "slug": "rolls",
                "quantity": 1,
                "feasible": False,
                "missing": [
                    {"kind": "ingredient", "slug": "flour", "needed": "6", "available": "4", "unit": "cup"}
                ],
                "cost": "3.00",  # 4 cups on hand (2.00) and 2 to buy at the latest price (1.00)
                "on_hand_cost": "2.00",
                "shortfall_cost": "1.00",
            },
        ],
        "total_cost": "6.00",
        "on_hand_cost": "5.00",
        "shortfall_cost": "1.00",
        "bundled_cost": "0.00",
        "unpriced": [],
        "shopping_list": [
            {
                "ingredient": "flour",
                "unit": "cup",
                "needed": "12",
                "on_hand": "10",
                "to_buy": "2",
                "product": "flour-cups",
                "package_unit": "cup",
                "package_unit_quantity": "1",
                "packages": 2,
                "estimated_cost": "1.00",
            }
        ],
    }


def _season_targets(ledger: Ledger) -> int:
    """Christmas: bake 2 batches of cookies, bundle 8 gift bags (96 cookies), then 2 boxes (4 gift bags)."""
    season = setup_season(ledger)
    with ledger.uow() as uow:
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=2)
        events.set_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG, quantity=8)
        events.set_assembly_target(uow, event=season.event_id, finished_good=BOX, quantity=2)
        uow.commit()
    return season.event_id


def test_simulated_output_feeds_later_assemblies_and_recording_costs_the_same(
    ledger: Ledger, fresh: Engine
) -> None:
    event_id = _season_targets(ledger)
    before = dump(fresh)
    with ledger.uow() as uow:
        plan = events.plan_event(uow, event=event_id)
        uow.commit()
    assert dump(fresh) == before
    assert plan.feasible is True
    assert [(t.kind, t.slug, t.quantity, t.cost) for t in plan.targets] == [
        ("production", RECIPE, 2, "3.20"),
        ("assembly", GIFT_BAG, 8, "4.00"),
        ("assembly", BOX, 2, "2.00"),
    ]
    # each cent once: the bags' cookies (3.20) and the boxes' bags (2.00) are already in the steps
    # that made them, so the plan costs the cookies and the bags' packaging: 3.20 + 0.80
    assert (plan.bundled_cost, plan.total_cost, plan.on_hand_cost, plan.shopping_list) == (
        "5.20",
        "4.00",
        "4.00",
        [],
    )
    with ledger.uow() as uow:
        baked = production.record_production(
            uow, recipe=RECIPE, finished_unit=COOKIE, batches=2, event=event_id
        )
        bags = assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=8, event=event_id)
        boxes = assembly.record_assembly(uow, finished_good=BOX, quantity=2, event=event_id)
        uow.commit()
    assert [baked.total_ingredient_cost, bags.total_component_cost, boxes.total_component_cost] == [
        t.cost for t in plan.targets
    ]
    with ledger.uow(read_only=True) as uow:
        assert events.plan_event(uow, event=event_id).targets == []


def test_short_production_still_yields_for_the_plan_and_the_short_assembly_names_what_is_missing(
    ledger: Ledger,
) -> None:
    season = setup_season(ledger, bags=5)
    with ledger.uow() as uow:
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=6)
        events.set_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG, quantity=20)
        plan = events.plan_event(uow, event=season.event_id)
        uow.commit()
    baking, bagging = plan.targets
    assert (baking.feasible, [(m.slug, m.needed, m.available) for m in baking.missing]) == (
        False,
        [("flour", "12", "10"), ("sugar", "6", "5")],
    )
    # the short bake is assumed done (its shortfall bought): 288 cookies cover the 240 the bags need
    assert [(m.kind, m.slug, m.needed, m.available, m.unit) for m in bagging.missing] == [
        ("packaging", season.bag_product, "20", "5", "bag")
    ]
    assert [(i.ingredient, i.to_buy, i.packages, i.estimated_cost) for i in plan.shopping_list] == [
        ("flour", "2", 2, "1.00"),
        ("sugar", "1", 1, "0.60"),
        ("cellophane-bag", "15", 15, "1.50"),
    ]


def test_plan_respects_what_was_already_done(ledger: Ledger) -> None:
    event_id = _season_targets(ledger)
    with ledger.uow() as uow:
        production.record_production(uow, recipe=RECIPE, finished_unit=COOKIE, batches=1, event=event_id)
        plan = events.plan_event(uow, event=event_id)
        uow.commit()
    assert [(t.slug, t.quantity) for t in plan.targets] == [(RECIPE, 1), (GIFT_BAG, 8), (BOX, 2)]
    assert plan.feasible is True


@settings(deadline=None, max_examples=15)
@given(
    flour_lots=st.lists(
        st.tuples(st.integers(1, 8), st.decimals("0.01", "3", places=2)), min_size=1, max_size=4
    ),
    batches=st.lists(st.integers(1, 3), min_size=1, max_size=3),
    bags=st.integers(0, 6),
)
def test_property_a_feasible_plan_costs_exactly_what_recording_costs(
    ledger: Ledger, flour_lots: list[tuple[int, Decimal]], batches: list[int], bags: int
) -> None:
    """Random flour lots and targets; whenever the plan is feasible, recording it costs the same."""
    with ledger.uow() as uow:
        season = build_season(uow)
        inventory.add_purchase(uow, product="sugar-cups", packages=20, price_per_package="0.70")
        for i, (packages, price) in enumerate(flour_lots):
            inventory.add_purchase(
                uow,
                product=season.flour_product,
                packages=packages,
                price_per_package=price,
                purchased_on=f"2025-10-{i + 1:02d}",
            )
        recipes = [RECIPE]
        for i in range(1, len(batches)):
            recipes.append(
                catalog.create_recipe(
                    uow,
                    name=f"Variation {i}",
                    ingredients=[{"ingredient": "flour", "quantity": i, "unit": "cup"}],
                    components=[{"recipe": RECIPE, "multiplier": "0.5"}],
                ).slug
            )
            catalog.create_finished_unit(
                uow, recipe=recipes[-1], name=f"Variation {i} Cookie", items_per_batch=10
            )
        for recipe, count in zip(recipes, batches, strict=True):
            events.set_production_target(uow, event=season.event_id, recipe=recipe, batches=count)
        if bags:
            events.set_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG, quantity=bags)
        plan = events.plan_event(uow, event=season.event_id)
        event(f"feasible={plan.feasible}")
        if plan.feasible:
            recorded = []
            for recipe, count in zip(recipes, batches, strict=True):
                unit = COOKIE if recipe == RECIPE else f"{recipe}-cookie"
                run = production.record_production(
                    uow, recipe=recipe, finished_unit=unit, batches=count, event=season.event_id
                )
                recorded.append(run.total_ingredient_cost)
            if bags:
                run = assembly.record_assembly(
                    uow, finished_good=GIFT_BAG, quantity=bags, event=season.event_id
                )
                recorded.append(run.total_component_cost)
            assert recorded == [t.cost for t in plan.targets]
        uow.rollback()


def test_a_recipe_without_finished_unit_cannot_be_planned_as_done(ledger: Ledger) -> None:
    season = setup_season(ledger)
    with ledger.uow() as uow:
        catalog.create_recipe(
            uow, name="Dough", ingredients=[{"ingredient": "flour", "quantity": 1, "unit": "cup"}]
        )
        events.set_production_target(uow, event=season.event_id, recipe="dough", batches=2)
        plan = events.plan_event(uow, event=season.event_id)
        uow.commit()
    (target,) = plan.targets
    assert (target.feasible, target.cost) == (False, "1.00")
    assert [(m.kind, m.slug) for m in target.missing] == [("finished_unit", "dough")]
    assert plan.shopping_list == []
