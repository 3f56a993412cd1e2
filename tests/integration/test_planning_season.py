"""The season dry run: scheduled plans simulated in date order against one stock."""

from __future__ import annotations

import pytest

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import ValidationError
from bakeledger.services import events, planning
from bakeledger.services.dto import to_dict
from bakeledger.uow.base import UnitOfWork
from tests.integration.planning_kitchen import bread_kitchen


def _bread_event(uow: UnitOfWork, name: str, day: str) -> int:
    """An event giving one loaf bag; a loaf is one batch of bread, 7 cups of flour."""
    event_id = events.create_event(uow, name=name, event_date=day).id
    events.assign_package(uow, event=event_id, recipient="ann", package="loaf-gift", quantity=1)
    planning.decide_batches(uow, event=event_id, decisions=[{"finished_unit": "loaf", "batches": 1}])
    planning.lock_plan(uow, event=event_id)
    return event_id


@pytest.fixture
def two_bread_events(ledger: Ledger) -> tuple[int, int]:
    """10 cups of flour in stock (at 0.50); Christmas Eve and, earlier, the school fair each bake 7."""
    with ledger.uow() as uow:
        bread_kitchen(uow)
        later = _bread_event(uow, "Christmas Eve", "2026-12-24")
        earlier = _bread_event(uow, "School Fair", "2026-12-12")
        uow.commit()
    return earlier, later


def test_two_events_never_both_count_the_same_flour(
    ledger: Ledger, two_bread_events: tuple[int, int]
) -> None:
    earlier, later = two_bread_events
    with ledger.uow(read_only=True) as uow:
        season = planning.plan_season(uow)
        alone = events.plan_event(uow, event=later)
    assert [(e.event_id, e.feasible) for e in season.events] == [(earlier, True), (later, False)]
    first_bake, later_bake = season.events[0].targets[0], season.events[1].targets[0]
    assert [(m.slug, m.needed, m.available) for m in later_bake.missing] == [("flour", "7", "3")]
    # 7 cups at 0.50; then the 3 cups left (1.50) and 4 to buy at the latest price (2.00)
    assert (first_bake.cost, later_bake.on_hand_cost, later_bake.shortfall_cost) == ("3.50", "1.50", "2.00")
    (flour,) = season.shopping_list
    assert (flour.ingredient, flour.to_buy, flour.packages, flour.estimated_cost) == ("flour", "4", 4, "2.00")
    assert season.feasible is False
    # each cent once: a bag's loaf is in its bake's cost, not again in the bag's
    totals = [(e.total_cost, e.on_hand_cost, e.shortfall_cost, e.bundled_cost) for e in season.events]
    assert totals == [("3.50", "3.50", "0.00", "3.50"), ("3.50", "1.50", "2.00", "3.50")]
    assert (season.total_cost, season.on_hand_cost, season.shortfall_cost) == ("7.00", "5.00", "2.00")
    assert alone.feasible is True  # on its own, the later event would have counted the same flour


def test_the_window_and_the_states_choose_the_events(
    ledger: Ledger, two_bread_events: tuple[int, int]
) -> None:
    earlier, later = two_bread_events
    with ledger.uow(read_only=True) as uow:
        only_eve = planning.plan_season(uow, date_from="2026-12-13", date_to="2026-12-31")
    assert [(e.event_id, e.feasible) for e in only_eve.events] == [(later, True)]
    with ledger.uow() as uow:
        planning.start_production(uow, event=earlier)
        draft = events.create_event(uow, name="Draft Party", event_date="2026-12-20").id
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        season = planning.plan_season(uow)
    assert [(e.event_id, e.state) for e in season.events] == [(earlier, "in_production"), (later, "locked")]
    assert draft not in {e.event_id for e in season.events}
    with ledger.uow(read_only=True) as uow, pytest.raises(ValidationError) as caught:
        planning.plan_season(uow, date_from="2026-12-31", date_to="2026-12-01")
    assert caught.value.field == "date_to"


def test_the_season_writes_nothing(ledger: Ledger, two_bread_events: tuple[int, int]) -> None:
    with ledger.uow(read_only=True) as uow:  # a read-only unit of work refuses any write
        first = to_dict(planning.plan_season(uow))
    with ledger.uow(read_only=True) as uow:
        assert to_dict(planning.plan_season(uow)) == first
