"""Progress reads use a fixed number of SQL statements, whatever the number of events or targets."""

from __future__ import annotations

import datetime as dt

from bakeledger.app.ledger import Ledger
from bakeledger.services import catalog, events
from bakeledger.uow.base import UnitOfWork
from tests.integration.cookie_pantry import record
from tests.integration.events_fixture import GIFT_BAG, RECIPE, build_season

TODAY = dt.date(2026, 12, 1)


def _busy_events(uow: UnitOfWork, count: int) -> None:
    """`count` events, each with a production and an assembly target and an assignment."""
    for i in range(count):
        event_id = events.create_event(uow, name=f"Party {i:02d}", event_date=TODAY + dt.timedelta(days=i)).id
        events.set_production_target(uow, event=event_id, recipe=RECIPE, batches=1 + i)
        events.set_assembly_target(uow, event=event_id, finished_good=GIFT_BAG, quantity=1)
        events.assign_package(uow, event=event_id, recipient="ann", package="small-gift")


def _statements(uow: UnitOfWork, call: object, **kwargs: object) -> tuple[int, object]:
    before = uow.statements
    result = call(uow, **kwargs)  # type: ignore[operator]
    return uow.statements - before, result


def test_events_with_progress_uses_the_same_statements_for_2_and_40_events(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        setup = build_season(uow)
        events.delete_event(uow, event_id=setup.event_id)
        _busy_events(uow, 2)
        record(uow, batches=1, event=events.list_events(uow)[-1].id)
        small, two = _statements(uow, events.get_events_with_progress, today=TODAY)
        _busy_events(uow, 38)
        big, forty = _statements(uow, events.get_events_with_progress, today=TODAY)
        uow.commit()
    assert (len(two), len(forty)) == (2, 40)  # type: ignore[arg-type]
    assert small == big <= 4
    assert forty[0].production[0].produced_batches == 1  # type: ignore[index]


def test_overall_progress_uses_the_same_statements_for_1_and_30_targets(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        season = build_season(uow)
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=2)
        events.assign_package(uow, event=season.event_id, recipient="bob", package="big-gift")
        one, _ = _statements(uow, events.get_overall_progress, event=season.event_id)
        for i in range(29):
            slug = catalog.create_recipe(
                uow, name=f"Bake {i}", ingredients=[{"ingredient": "sugar", "quantity": 1, "unit": "cup"}]
            ).slug
            events.set_production_target(uow, event=season.event_id, recipe=slug, batches=1)
        record(uow, batches=1, event=season.event_id)
        thirty, overall = _statements(uow, events.get_overall_progress, event=season.event_id)
        uow.commit()
    assert overall.production_targets == 30  # type: ignore[attr-defined]
    assert one == thirty <= 4
