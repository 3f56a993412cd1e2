"""An event workflow composed in one unit of work leaves nothing behind when it fails at any write."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.services import events
from bakeledger.uow.base import UnitOfWork
from tests.faults import InjectedFault, fail_on_write
from tests.helpers import count, dump
from tests.integration.events_fixture import GIFT_BAG, RECIPE, Season, setup_season


@pytest.fixture
def season(ledger: Ledger) -> Season:
    return setup_season(ledger)


def _workflow(uow: UnitOfWork, season: Season) -> None:
    """Create, clone, assign, set targets, advance fulfillment, remove — one composed operation."""
    party = events.create_event(uow, name="Cookie Party", event_date="2026-12-20", notes="neighbours")
    events.set_production_target(uow, event=party.id, recipe=RECIPE, batches=3)
    events.set_assembly_target(uow, event=party.id, finished_good=GIFT_BAG, quantity=6)
    given = events.assign_package(uow, event=party.id, recipient="ann", package="small-gift")
    events.assign_package(uow, event=season.event_id, recipient="bob", package="big-gift")
    events.advance_fulfillment(uow, assignment_id=given.id, status="ready")
    events.update_event(uow, event_id=season.event_id, notes="whole family")
    copy = events.clone_event(uow, event_id=party.id, name="Cookie Party 2027", event_date="2027-12-19")
    events.set_production_target(uow, event=copy.id, recipe=RECIPE, batches=5)
    events.delete_assembly_target(uow, event=copy.id, finished_good=GIFT_BAG)
    events.delete_event(uow, event_id=party.id, cascade=True)


def test_the_workflow_itself_works(ledger: Ledger, season: Season, fresh: Engine) -> None:
    with ledger.uow() as uow:
        _workflow(uow, season)
        uow.commit()
    assert [count(fresh, t) for t in ("events", "production_targets", "assembly_targets", "assignments")] == [
        2,
        1,
        0,
        2,
    ]


def test_a_failure_at_any_write_leaves_nothing(ledger: Ledger, season: Season, fresh: Engine) -> None:
    before = dump(fresh)
    with ledger.uow() as uow, fail_on_write(ledger.engine, None) as counter:
        _workflow(uow, season)
        uow.rollback()
    writes = counter.writes
    assert writes >= 12
    for k in range(1, writes + 1):
        with pytest.raises(InjectedFault), fail_on_write(ledger.engine, k), ledger.uow() as uow:
            _workflow(uow, season)
            uow.commit()
        assert dump(fresh) == before, f"write {k} of {writes} left something behind"


def test_a_failure_after_the_whole_workflow_leaves_nothing(
    ledger: Ledger, season: Season, fresh: Engine
) -> None:
    before = dump(fresh)
    with pytest.raises(RuntimeError), ledger.uow() as uow:
        _workflow(uow, season)
        raise RuntimeError("the orchestration failed after the event work")
    assert dump(fresh) == before
