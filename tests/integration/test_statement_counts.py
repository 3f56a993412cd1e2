"""SQL statements per operation do not grow with the database, on both backends.

test_production_statements, test_assembly_statements and test_events_statements grow live stock,
prior runs and events with targets. Here the database grows the way a long-used ledger does:
used-up lots ahead of the live ones in FIFO order, history beyond the page asked for, events on
both sides of today, many purchases of a product; and FIFO meets its 32-lot chunk boundary.
The last test checks that SQLite (which has no statistics unless someone runs ANALYZE) reads the
big tables of these operations through their indexes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.services import assembly, catalog, events, inventory, production
from bakeledger.uow.base import UnitOfWork
from tests.helpers import count
from tests.integration.cookie_pantry import RECIPE, record, setup_cookie_pantry
from tests.integration.events_fixture import build_season
from tests.integration.gift_bag_kitchen import (
    BAG_INGREDIENT,
    COOKIE,
    GIFT_BAG,
    add_cookies,
    setup_gift_bag_kitchen,
)

TODAY = dt.date(2026, 12, 1)


def _statements(ledger: Ledger, call: Callable[..., Any], **kwargs: Any) -> tuple[int, Any]:
    """Statements one call runs in its own unit of work (rolled back), and its result."""
    with ledger.uow() as uow:
        before = uow.statements
        result = call(uow, **kwargs)
        used = uow.statements - before
        uow.rollback()
    return used, result


def _used_up_lots(ledger: Ledger, product: str, ingredient: str, unit: str, lots: int) -> None:
    """`lots` one-unit lots bought in 2024, before everything else, then all consumed."""
    with ledger.uow() as uow:
        for n in range(lots):
            day = dt.date(2024, 1, 1) + dt.timedelta(days=n % 300)
            inventory.add_purchase(
                uow, product=product, packages=1, price_per_package="0.45", purchased_on=day
            )
        inventory.consume_fifo(uow, ingredient=ingredient, quantity=lots, unit=unit)
        uow.commit()


def _used_up_cookie_lots(ledger: Ledger, lots: int) -> None:
    """`lots` more finished lots of one cookie each, then every cookie in stock given away."""
    with ledger.uow() as uow:
        for _ in range(lots):
            add_cookies(uow, 1, "0.05")
        stock = inventory.finished_stock(uow, kind="finished_unit", slug=COOKIE).count
        inventory.adjust_finished_stock(uow, kind="finished_unit", slug=COOKIE, delta=-stock, reason="gift")
        uow.commit()


def _restock(ledger: Ledger, bag_product: str) -> None:
    """100 cookies at cost 0 and 10 bags @ 0.10, after every used-up lot."""
    with ledger.uow() as uow:
        add_cookies(uow, 100, "0")
        inventory.add_purchase(uow, product=bag_product, packages=10, price_per_package="0.10")
        uow.commit()


def _bake_and_consume(ledger: Ledger) -> tuple[int, ...]:
    return tuple(
        _statements(ledger, call, **kwargs)[0]
        for call, kwargs in (
            (inventory.consume_fifo, {"ingredient": "flour", "quantity": 3, "unit": "cup", "dry_run": True}),
            (inventory.consume_fifo, {"ingredient": "flour", "quantity": 3, "unit": "cup"}),
            (production.check_can_produce, {"recipe": RECIPE, "batches": 2}),
            (record, {"batches": 2}),
        )
    )


def test_fifo_and_production_do_not_read_more_for_used_up_lots(ledger: Ledger, fresh: Engine) -> None:
    fixture = setup_cookie_pantry(ledger)
    _used_up_lots(ledger, fixture.flour_product, "flour", "cup", 8)
    with_10_lots = _bake_and_consume(ledger)
    _used_up_lots(ledger, fixture.flour_product, "flour", "cup", 990)
    assert count(fresh, "lots") == 1000
    assert _bake_and_consume(ledger) == with_10_lots


def _assemble(ledger: Ledger) -> tuple[int, int]:
    checked, _ = _statements(ledger, assembly.check_can_assemble, finished_good=GIFT_BAG, quantity=2)
    recorded, run = _statements(ledger, assembly.record_assembly, finished_good=GIFT_BAG, quantity=2)
    assert run.total_component_cost == "0.20"  # the live cookies cost 0, the two bags 0.10 each
    return checked, recorded


def test_assembly_does_not_read_more_for_used_up_finished_and_packaging_lots(ledger: Ledger) -> None:
    fixture = setup_gift_bag_kitchen(ledger, cookies=0, bags=1)
    _used_up_cookie_lots(ledger, 10)
    _used_up_lots(ledger, fixture.bag_product, BAG_INGREDIENT, "bag", 9)  # the fixture's bag stays
    _restock(ledger, fixture.bag_product)
    few = _assemble(ledger)
    _used_up_cookie_lots(ledger, 990)
    _used_up_lots(ledger, fixture.bag_product, BAG_INGREDIENT, "bag", 990)
    _restock(ledger, fixture.bag_product)
    assert _assemble(ledger) == few


def _forty_cup_lots(ledger: Ledger) -> list[int]:
    """20 lots bought in February, then 20 in January: FIFO order is not id order. Ids in FIFO order."""
    fixture = setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        inventory.consume_fifo(uow, ingredient="flour", quantity=10, unit="cup")  # the pantry's own flour lot
        ids = [
            inventory.add_purchase(
                uow, product=fixture.flour_product, packages=1, price_per_package="0.50", purchased_on=day
            ).id
            for day in ["2025-02-01"] * 20 + ["2025-01-01"] * 20
        ]
        uow.commit()
    return ids[20:] + ids[:20]


def test_fifo_reads_a_second_chunk_of_lots_only_when_it_needs_it(ledger: Ledger) -> None:
    fifo_order = _forty_cup_lots(ledger)
    taken = {}
    for cups in (1, 32, 33, 40):
        used, result = _statements(
            ledger, inventory.consume_fifo, ingredient="flour", quantity=cups, unit="cup", dry_run=True
        )
        taken[cups] = used
        assert [line.lot_id for line in result.lines] == fifo_order[:cups]
    assert taken[1] == taken[32] == taken[33] - 1 == taken[40] - 1


def _gift_statements(ledger: Ledger, cookies: int) -> int:
    return _statements(
        ledger,
        inventory.adjust_finished_stock,
        kind="finished_unit",
        slug=COOKIE,
        delta=-cookies,
        reason="gift",
    )[0]


def test_finished_fifo_reads_a_second_chunk_only_when_it_needs_it(ledger: Ledger, fresh: Engine) -> None:
    setup_gift_bag_kitchen(ledger, cookies=0, bags=1)
    with ledger.uow() as uow:
        for _ in range(40):
            add_cookies(uow, 1, "0.05")
        uow.commit()
    one, thirty_two, thirty_three = (_gift_statements(ledger, n) for n in (1, 32, 33))
    assert one == thirty_two == thirty_three - 1
    with ledger.uow() as uow:
        inventory.adjust_finished_stock(uow, kind="finished_unit", slug=COOKIE, delta=-33, reason="gift")
        uow.commit()
    with fresh.connect() as conn:
        live = conn.execute(text("SELECT id FROM finished_lots WHERE remaining > 0 ORDER BY id")).scalars()
        ids = list(conn.execute(text("SELECT id FROM finished_lots ORDER BY id")).scalars())
        assert list(live) == ids[33:]


def _history_page(ledger: Ledger) -> tuple[int, list[int]]:
    used, page = _statements(
        ledger,
        production.get_production_history,
        recipe=RECIPE,
        limit=5,
        offset=5,
        include_consumptions=True,
        include_losses=True,
    )
    assert all(len(run.consumptions) == 2 and len(run.losses) == 1 for run in page)
    return used, [run.id for run in page]


def test_a_history_page_reads_the_same_however_long_the_history(ledger: Ledger) -> None:
    fixture = setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        for product in (fixture.flour_product, fixture.sugar_product):
            inventory.add_purchase(uow, product=product, packages=1000, price_per_package="0.50")
        runs = [record(uow, batches=1, actual_yield=40).id for _ in range(12)]
        uow.commit()
    short, page = _history_page(ledger)
    assert page == runs[::-1][5:10]
    with ledger.uow() as uow:
        runs += [record(uow, batches=1, actual_yield=40).id for _ in range(188)]
        uow.commit()
    long, page = _history_page(ledger)
    assert (long, page) == (short, runs[::-1][5:10])


def _busy_event(uow: UnitOfWork, day: dt.date) -> None:
    """An event with both kinds of targets, an assignment, a bake, a bundle and a reversed bake."""
    event_id = events.create_event(uow, name=f"Party {day}", event_date=day).id
    events.set_production_target(uow, event=event_id, recipe=RECIPE, batches=2)
    events.set_assembly_target(uow, event=event_id, finished_good=GIFT_BAG, quantity=3)
    events.assign_package(uow, event=event_id, recipient="ann", package="small-gift")
    record(uow, batches=1, event=event_id)
    assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=1, event=event_id)
    production.reverse_production(uow, run_id=record(uow, batches=1, event=event_id).id, reason="burnt")


def _progress_statements(ledger: Ledger) -> dict[str, tuple[int, int]]:
    """Per filter: (statements, events listed)."""
    found = {}
    for name in ("active_future", "past", "all"):
        used, listed = _statements(ledger, events.get_events_with_progress, filter=name, today=TODAY)
        found[name] = (used, len(listed))
    return found


def test_events_with_progress_read_the_same_for_1_and_25_events_on_each_side_of_today(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        season = build_season(uow, bags=100)
        events.delete_event(uow, event_id=season.event_id)
        for product in (season.flour_product, "sugar-cups"):
            inventory.add_purchase(uow, product=product, packages=500, price_per_package="0.50")
        for days in (-1, 1):
            _busy_event(uow, TODAY + dt.timedelta(days=days))
        uow.commit()
    few = _progress_statements(ledger)
    with ledger.uow() as uow:
        for n in range(2, 26):
            for sign in (-1, 1):
                _busy_event(uow, TODAY + dt.timedelta(days=sign * n))
        uow.commit()
    many = _progress_statements(ledger)
    assert {name: n for name, (_, n) in few.items()} == {"active_future": 1, "past": 1, "all": 2}
    assert {name: n for name, (_, n) in many.items()} == {"active_future": 25, "past": 25, "all": 50}
    assert {name: used for name, (used, _) in many.items()} == {name: used for name, (used, _) in few.items()}


def _shopping(ledger: Ledger, event_id: int) -> tuple[int, Any]:
    return _statements(ledger, events.get_shopping_list, event=event_id)


def test_shopping_list_prices_the_latest_purchase_reading_one_lot_per_product(ledger: Ledger) -> None:
    fixture = setup_cookie_pantry(ledger)  # flour 10 cup @ 0.50, sugar 5 cup @ 0.60 (2025-11-01)
    with ledger.uow() as uow:
        event_id = events.create_event(uow, name="Christmas", event_date="2026-12-24").id
        events.set_production_target(uow, event=event_id, recipe=RECIPE, batches=30)
        for price in ("0.70", "0.80"):  # bought the same day: the later lot (higher id) is the latest
            inventory.add_purchase(
                uow,
                product=fixture.flour_product,
                packages=1,
                price_per_package=price,
                purchased_on="2026-01-05",
            )
        uow.commit()
    _used_up_lots(ledger, fixture.flour_product, "flour", "cup", 10)
    few, shopping = _shopping(ledger, event_id)
    flour, sugar = shopping.items
    assert (flour.to_buy, flour.packages, flour.estimated_cost) == ("48", 48, "38.40")
    assert (sugar.to_buy, sugar.estimated_cost, shopping.total_estimated_cost) == ("25", "15.00", "53.40")
    _used_up_lots(ledger, fixture.flour_product, "flour", "cup", 990)
    many, again = _shopping(ledger, event_id)
    assert (many, again) == (few, shopping)


_BIG_TABLES = ("lots", "finished_lots", "lot_movements", "production_runs", "assembly_runs")


def _sqlite_plans(ledger: Ledger, call: Callable[..., Any], **kwargs: Any) -> list[str]:
    """EXPLAIN QUERY PLAN lines of every SELECT the call runs."""
    selects: dict[str, Any] = {}

    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, _context: Any, many: bool) -> None:
        if not many and statement.lstrip().startswith("SELECT"):
            selects.setdefault(statement, params)

    event.listen(ledger.engine, "before_cursor_execute", capture)
    try:
        _statements(ledger, call, **kwargs)
    finally:
        event.remove(ledger.engine, "before_cursor_execute", capture)
    with ledger.engine.connect() as conn:
        return [
            str(row[3])
            for statement, params in selects.items()
            for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)
        ]


def test_sqlite_reads_lots_runs_and_ledgers_through_indexes(sqlite_ledger: Ledger) -> None:
    with sqlite_ledger.uow() as uow:
        season = build_season(uow)
        inventory.add_purchase(uow, product=season.flour_product, packages=50, price_per_package="0.50")
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=9)
        events.set_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG, quantity=9)
        record(uow, batches=1, event=season.event_id)
        uow.commit()
    calls: list[tuple[Callable[..., Any], dict[str, Any], str]] = [
        (inventory.consume_fifo, {"ingredient": "flour", "quantity": 3, "unit": "cup"}, "ix_lots_fifo"),
        (assembly.record_assembly, {"finished_good": GIFT_BAG, "quantity": 1}, "ix_finished_lots_fifo_unit"),
        (events.get_events_with_progress, {"today": TODAY}, "ix_production_runs_event"),
        (events.get_events_with_progress, {"today": TODAY}, "ix_assembly_runs_event"),
        (events.get_shopping_list, {"event": season.event_id}, "ix_lots_product_purchases"),
        (production.get_production_history, {"include_consumptions": True}, "ix_production_runs_history"),
        (production.get_production_history, {"include_consumptions": True}, "ix_lot_movements_production"),
    ]
    for call, kwargs, index in calls:
        plans = _sqlite_plans(sqlite_ledger, call, **kwargs)
        assert any(index in line for line in plans), (call.__name__, index, plans)
        scans = [line for line in plans if line.split()[:2] in (["SCAN", t] for t in _BIG_TABLES)]
        assert all("USING" in line for line in scans), (call.__name__, scans)


def test_shopping_list_reads_the_same_for_two_and_four_baking_targets(ledger: Ledger) -> None:
    """Every target's recipe tree and ingredients are read together: more targets cost no more
    statements (only how deep recipes nest adds a read per level), and needs add up across recipes."""
    setup_cookie_pantry(ledger)  # flour 10 cup, sugar 5 cup on hand; RECIPE = 2 cup flour + 1 cup sugar
    with ledger.uow() as uow:
        catalog.create_recipe(uow, name="Shortbread", ingredients=[_cups("flour", 1)])
        catalog.create_recipe(uow, name="Gingerbread", ingredients=[_cups("sugar", 1)])
        catalog.create_recipe(uow, name="Dough", ingredients=[_cups("sugar", 2)])
        catalog.create_recipe(uow, name="Filled Dough", components=[{"recipe": "dough", "multiplier": 3}])
        nested = [{"recipe": "filled-dough"}]
        catalog.create_recipe(uow, name="Tart", ingredients=[_cups("flour", 1)], components=nested)
        event_id = events.create_event(uow, name="Christmas", event_date="2026-12-24").id
        events.set_production_target(uow, event=event_id, recipe=RECIPE, batches=10)
        events.set_production_target(uow, event=event_id, recipe="tart", batches=2)  # nests 3 deep
        uow.commit()
    two, fewer = _shopping(ledger, event_id)
    with ledger.uow() as uow:
        for recipe in ("shortbread", "gingerbread"):
            events.set_production_target(uow, event=event_id, recipe=recipe, batches=2)
        uow.commit()
    four, more = _shopping(ledger, event_id)
    # flour: 2×10 + 1×2 (tart); sugar: 1×10 + 2×3×2 (tart's filled dough)
    assert _needs(fewer) == [("flour", "22", "12"), ("sugar", "22", "17")]
    # + shortbread (1 cup flour × 2) + gingerbread (1 cup sugar × 2)
    assert _needs(more) == [("flour", "24", "14"), ("sugar", "24", "19")]
    assert four == two == 11  # reading each target's recipe on its own took 14 and 18


def _season_with_two_spare_recipes(ledger: Ledger) -> int:
    """The events season with shortbread and gingerbread recipes; its event targets 3 batches of
    RECIPE and 4 gift bags."""
    with ledger.uow() as uow:
        season = build_season(uow)
        catalog.create_recipe(uow, name="Shortbread", ingredients=[_cups("flour", 1)])
        catalog.create_recipe(uow, name="Gingerbread", ingredients=[_cups("sugar", 1)])
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=3)
        events.set_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG, quantity=4)
        uow.commit()
    return season.event_id


def _target_the_spare_recipes(ledger: Ledger, event_id: int, *, box: bool) -> None:
    """2 batches each of shortbread and gingerbread (and a cookie box when `box`) more."""
    with ledger.uow() as uow:
        for recipe in ("shortbread", "gingerbread"):
            events.set_production_target(uow, event=event_id, recipe=recipe, batches=2)
        if box:
            events.set_assembly_target(uow, event=event_id, finished_good="cookie-box", quantity=1)
        uow.commit()


def _cups(ingredient: str, quantity: int) -> dict[str, Any]:
    return {"ingredient": ingredient, "quantity": quantity, "unit": "cup"}


def _needs(shopping: Any) -> list[tuple[str, str, str]]:
    return [(i.ingredient, i.needed, i.to_buy) for i in shopping.items]


def test_cost_analysis_reads_the_same_for_more_targets(ledger: Ledger) -> None:
    """Standard costs of every target's recipe and every bundle's packaging are read together: two
    more recipes and one more bundle cost no more statements, and the estimates add up."""
    event_id = _season_with_two_spare_recipes(ledger)  # RECIPE: 2 cup flour @ 0.50 + 1 sugar @ 0.60
    fewer_statements, fewer = _statements(ledger, events.get_event_cost_analysis, event=event_id)
    _target_the_spare_recipes(ledger, event_id, box=True)
    more_statements, more = _statements(ledger, events.get_event_cost_analysis, event=event_id)
    assert [line.remaining_cost for line in fewer.production] == ["4.80"]
    assert [line.remaining_cost for line in more.production] == ["4.80", "1.00", "1.20"]
    assert [line.remaining_cost for line in more.assembly] == ["0.40", "0.00"]  # the box: no packaging
    assert more_statements == fewer_statements, (more_statements, fewer_statements)


def test_plan_event_reads_recipes_together_and_only_fifo_grows_with_targets(ledger: Ledger) -> None:
    """`plan_event` reads every target's recipe, ingredients and bundle together; what grows with
    targets is only the FIFO read of each ingredient each step allocates (by design: each step
    allocates against what the earlier ones took). Two more one-ingredient recipes: two more reads."""
    event_id = _season_with_two_spare_recipes(ledger)
    fewer_statements, fewer = _statements(ledger, events.plan_event, event=event_id)
    _target_the_spare_recipes(ledger, event_id, box=False)
    more_statements, more = _statements(ledger, events.plan_event, event=event_id)
    assert [(t.slug, t.feasible) for t in fewer.targets] == [(RECIPE, True), (GIFT_BAG, True)]
    assert [t.slug for t in more.targets] == [RECIPE, "shortbread", "gingerbread", GIFT_BAG]
    assert more_statements == fewer_statements + 2, (more_statements, fewer_statements)


def test_event_summary_reads_the_same_for_more_recipients_packages_and_bundles(ledger: Ledger) -> None:
    """Every recipient, package and bundle of the event is read at once: four more recipients, with
    a second package holding another (nested) bundle, cost no more statements, and each
    recipient's cost is still right."""
    with ledger.uow() as uow:
        season = build_season(uow)  # a gift bag at standard cost: 12 cookies + a 0.10 bag
        for who in ("ann", "bob"):
            events.assign_package(uow, event=season.event_id, recipient=who, package="small-gift")
        uow.commit()
    fewer_statements, fewer = _statements(ledger, events.get_event_summary, event=season.event_id)
    with ledger.uow() as uow:
        for name in ("Cara", "Dan", "Eve", "Finn"):  # a big gift: a box of two gift bags
            who = catalog.create_recipient(uow, name=name).slug
            events.assign_package(uow, event=season.event_id, recipient=who, package="big-gift")
        uow.commit()
    more_statements, more = _statements(ledger, events.get_event_summary, event=season.event_id)
    assert {r.recipient: r.cost for r in fewer.recipients} == {"ann": "0.50", "bob": "0.50"}
    costs = {r.recipient: r.cost for r in more.recipients}
    assert costs == {"ann": "0.50", "bob": "0.50"} | {w: "1.00" for w in ("cara", "dan", "eve", "finn")}
    assert (more.recipient_count, more.package_count, more.total_cost) == (6, 6, "5.00")
    assert more_statements == fewer_statements, (more_statements, fewer_statements)
