"""An event's plan follows the event: deleting the event deletes its plan, a clone starts a draft."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.services import events, planning
from tests.integration.cookie_pantry import COOKIE, RECIPE
from tests.integration.planning_kitchen import BROWNIE, two_plans

BROWNIES = "brownies"
PLAN_TABLES = ("event_plans", "plan_decisions", "plan_amendments")


def _planned(ledger: Ledger) -> tuple[int, int]:
    with ledger.uow() as uow:
        ids = two_plans(uow)
        uow.commit()
    return ids


def _plan_rows(fresh: Engine) -> dict[str, list[int]]:
    """The event id of every plan row, per table, as committed."""
    with fresh.connect() as conn:
        return {
            table: list(conn.execute(text(f"SELECT event_id FROM {table} ORDER BY id")).scalars())
            for table in PLAN_TABLES
        }


def test_deleting_an_event_deletes_its_plan_and_leaves_the_others(ledger: Ledger, fresh: Engine) -> None:
    christmas, new_year = _planned(ledger)
    assert _plan_rows(fresh) == {
        "event_plans": [christmas],
        "plan_decisions": [christmas, christmas, new_year, new_year],
        "plan_amendments": [christmas],
    }

    with ledger.uow() as uow:
        events.delete_event(uow, event_id=christmas, cascade=True)
        uow.commit()

    assert _plan_rows(fresh) == {"event_plans": [], "plan_decisions": [new_year] * 2, "plan_amendments": []}
    with ledger.uow() as uow:
        events.delete_event(uow, event_id=new_year, cascade=True)
        uow.commit()
    assert _plan_rows(fresh) == {table: [] for table in PLAN_TABLES}


def test_a_clone_of_a_locked_plan_starts_as_a_draft_without_decisions(ledger: Ledger, fresh: Engine) -> None:
    christmas, _ = _planned(ledger)

    with ledger.uow() as uow:
        clone = events.clone_event(uow, event_id=christmas, name="Christmas 2027", event_date="2027-12-24")
        uow.commit()

    with ledger.uow(read_only=True) as uow:
        copied = planning.get_plan(uow, event=clone.id)
        source = planning.get_plan(uow, event=christmas)
    assert (copied.state, copied.snapshot, copied.amendments, copied.ready) == ("draft", None, [], False)
    assert [(u.finished_unit, u.needed, u.batches) for u in copied.units] == [
        (BROWNIE, 150, None),
        (COOKIE, 300, None),
    ]
    # the targets are copied as targets; deciding again is the clone's own plan
    assert sorted((t.recipe, t.batches) for t in copied.targets) == [(BROWNIES, 8), (RECIPE, 7)]
    assert (source.state, len(source.amendments)) == ("locked", 1)
    assert all(clone.id not in event_ids for event_ids in _plan_rows(fresh).values())
