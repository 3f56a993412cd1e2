"""Event planning: demand combined per finished unit before rounding, and whole-batch options."""

from __future__ import annotations

from typing import Any

import pytest

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import EventNotFound, ValidationError
from bakeledger.services import events, planning, production
from bakeledger.services.dto import to_dict
from bakeledger.uow.base import UnitOfWork
from tests.integration.cookie_pantry import COOKIE, RECIPE
from tests.integration.planning_kitchen import (
    BROWNIE,
    TRUFFLE,
    bundle,
    fifty_gift_bags,
    give,
    kitchen_event,
    planning_kitchen,
)


def _units(ledger: Ledger, event_id: int) -> dict[str, Any]:
    with ledger.uow(read_only=True) as uow:
        return {u.finished_unit: u for u in planning.batch_options(uow, event=event_id).units}


def _needs(ledger: Ledger, event_id: int) -> dict[str, int]:
    with ledger.uow(read_only=True) as uow:
        return {u.finished_unit: u.needed for u in planning.derive_demand(uow, event=event_id).units}


def _options(unit: Any) -> list[tuple[str, int, int, int, int, str]]:
    return [(o.kind, o.batches, o.items, o.shortfall, o.extra, o.waste_percent) for o in unit.options]


def test_fifty_gift_bags_need_300_cookies_and_150_brownies(ledger: Ledger) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    with ledger.uow(read_only=True) as uow:
        demand = planning.derive_demand(uow, event=event_id)
    assert to_dict(demand) == {
        "event_id": event_id,
        "bundles": [{"finished_good": "gift-bag", "needed": 50}],
        "units": [
            {
                "finished_unit": BROWNIE,
                "recipe": "brownies",
                "needed": 150,
                "items_per_batch": 24,
                "produced": 0,
            },
            {"finished_unit": COOKIE, "recipe": RECIPE, "needed": 300, "items_per_batch": 48, "produced": 0},
        ],
        "packaging": [{"product": "ribbon-wrap-co", "ingredient": "ribbon", "quantity": "25", "unit": "m"}],
    }
    units = _units(ledger, event_id)
    assert _options(units[COOKIE]) == [("floor", 6, 288, 12, 0, "0.00"), ("ceil", 7, 336, 0, 36, "12.00")]
    assert _options(units[BROWNIE]) == [("floor", 6, 144, 6, 0, "0.00"), ("ceil", 7, 168, 0, 18, "12.00")]
    assert [(u.recommended, u.flagged) for u in units.values()] == [("ceil", False)] * 2


def test_two_bundles_combine_their_cookies_before_rounding(ledger: Ledger) -> None:
    def build(uow: UnitOfWork, event_id: int) -> None:
        give(uow, event_id, bundle(uow, "A", chocolate_chip_cookie=6, brownie=3), 50)
        give(uow, event_id, bundle(uow, "B", chocolate_chip_cookie=12, truffle=6), 25)

    event_id = kitchen_event(ledger, build)
    assert _needs(ledger, event_id) == {BROWNIE: 150, COOKIE: 600, TRUFFLE: 150}
    units = _units(ledger, event_id)
    assert _options(units[COOKIE]) == [("floor", 12, 576, 24, 0, "0.00"), ("ceil", 13, 624, 0, 24, "4.00")]
    for slug in (BROWNIE, TRUFFLE):
        assert _options(units[slug])[-1] == ("ceil", 7, 168, 0, 18, "12.00")


def test_nested_bundles_reach_one_combined_need(ledger: Ledger) -> None:
    def build(uow: UnitOfWork, event_id: int) -> None:
        inner = bundle(uow, "B", chocolate_chip_cookie=2)
        give(uow, event_id, bundle(uow, "A", chocolate_chip_cookie=3, brownie=2, **{f"good_{inner}": 1}), 10)

    event_id = kitchen_event(ledger, build)
    assert _needs(ledger, event_id) == {COOKIE: 50, BROWNIE: 20}
    with ledger.uow(read_only=True) as uow:
        bundles = planning.derive_demand(uow, event=event_id).bundles
    assert [(b.finished_good, b.needed) for b in bundles] == [("a", 10), ("b", 10)]


def test_an_exact_multiple_has_one_option(ledger: Ledger) -> None:
    event_id = kitchen_event(ledger, lambda uow, e: give(uow, e, bundle(uow, "Tray", brownie=72), 1))
    unit = _units(ledger, event_id)[BROWNIE]
    assert _options(unit) == [("exact", 3, 72, 0, 0, "0.00")]
    assert (unit.recommended, unit.flagged) == ("exact", False)


def test_assembly_targets_add_only_bundles_no_assignment_reaches(ledger: Ledger) -> None:
    def build(uow: UnitOfWork, event_id: int) -> None:
        bag = bundle(uow, "Bag", chocolate_chip_cookie=6)
        give(uow, event_id, bag, 10)
        events.set_assembly_target(uow, event=event_id, finished_good=bag, quantity=10)  # already counted
        tray = bundle(uow, "Tray", brownie=12)
        events.set_assembly_target(uow, event=event_id, finished_good=tray, quantity=4)

    event_id = kitchen_event(ledger, build)
    assert _needs(ledger, event_id) == {COOKIE: 60, BROWNIE: 48}


def test_options_count_what_is_already_baked_for_the_event(ledger: Ledger) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    with ledger.uow() as uow:
        production.record_production(uow, recipe=RECIPE, finished_unit=COOKIE, batches=2, event=event_id)
        undone = production.record_production(
            uow, recipe=RECIPE, finished_unit=COOKIE, batches=1, event=event_id
        )
        production.reverse_production(uow, run_id=undone.id, reason="burnt")
        production.record_production(uow, recipe=RECIPE, finished_unit=COOKIE, batches=1)  # for no event
        uow.commit()
    cookie = _units(ledger, event_id)[COOKIE]
    assert (cookie.needed, cookie.produced, cookie.remaining) == (300, 96, 204)
    # 204 left: 4 batches are 12 short, 5 waste 36 (17.65 % > 15 %): the floor is recommended, flagged
    assert _options(cookie) == [("floor", 4, 192, 12, 0, "0.00"), ("ceil", 5, 240, 0, 36, "17.65")]
    assert (cookie.recommended, cookie.flagged) == ("floor", True)
    # what to decide counts the 2 batches already baked: 4 more is 6 in all, 5 more is 7
    assert [o.event_batches for o in cookie.options] == [6, 7]
    with ledger.uow(read_only=True) as uow:
        relaxed = planning.batch_options(uow, event=event_id, waste_threshold="20")
    assert [(u.recommended, u.flagged) for u in relaxed.units] == [("ceil", False)] * 2


@pytest.mark.parametrize("threshold", ["abc", "-1", None, "1e3", True])
def test_a_bad_threshold_is_refused_naming_the_field(ledger: Ledger, threshold: Any) -> None:
    with ledger.uow(read_only=True) as uow, pytest.raises(ValidationError) as caught:
        planning.batch_options(uow, event=10**6, waste_threshold=threshold)  # before the event is read
    assert caught.value.field == "waste_threshold"


def test_an_unknown_event_is_not_found(ledger: Ledger) -> None:
    with ledger.uow(read_only=True) as uow:
        for service in (planning.derive_demand, planning.batch_options):
            with pytest.raises(EventNotFound):
                service(uow, event=999)


def test_batch_options_read_the_same_statements_for_one_and_many_bundles(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        planning_kitchen(uow)
        event_id = events.create_event(uow, name="Christmas", event_date="2026-12-24").id
        fifty_gift_bags(uow, event_id)

        def count() -> int:
            before = uow.statements
            planning.batch_options(uow, event=event_id)
            return uow.statements - before

        small = count()
        inner = bundle(uow, "Inner", truffle=2)
        for i in range(12):  # deeper and wider: bundles holding bundles, packages, targets
            outer = bundle(uow, f"Outer {i}", brownie=1 + i, **{f"good_{inner}": 1})
            give(uow, event_id, outer, 1 + i)
            events.set_assembly_target(
                uow, event=event_id, finished_good=bundle(uow, f"Tray {i}", brownie=6), quantity=2
            )
            inner = outer
        big = count()
        uow.rollback()
    # event, assignments, packages (2), targets, goods, units, packaging, runs, decisions
    assert small == big <= 10
