"""Plans: batch decisions are the event's targets, states with a snapshot, amendments with reasons."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import (
    InvalidTransition,
    PlanLocked,
    PlanNotReady,
    ShortfallNotAccepted,
    ValidationError,
)
from bakeledger.services import assembly, catalog, events, inventory, planning, production
from bakeledger.uow.base import UnitOfWork
from tests.helpers import dump
from tests.integration.cookie_pantry import COOKIE, RECIPE
from tests.integration.planning_kitchen import BROWNIE, TRUFFLE, bundle, fifty_gift_bags, give, kitchen_event

BROWNIES = "brownies"


def _stock_up(uow: UnitOfWork) -> None:
    """Enough for 7 batches of cookies and 7 of brownies, and ribbon for 50 bags."""
    for product, packages in (("flour-cups", 10), ("sugar-cups", 10), ("ribbon-wrap-co", 3)):
        inventory.add_purchase(
            uow, product=product, packages=packages, price_per_package="0.50", purchased_on="2025-11-02"
        )


def _decide(ledger: Ledger, event_id: int, *decisions: dict[str, Any]) -> Any:
    with ledger.uow() as uow:
        plan = planning.decide_batches(uow, event=event_id, decisions=list(decisions))
        uow.commit()
    return plan


def _step(ledger: Ledger, service: Any, event_id: int, **kwargs: Any) -> Any:
    with ledger.uow() as uow:
        plan = service(uow, event=event_id, **kwargs)
        uow.commit()
    return plan


def _plan(ledger: Ledger, event_id: int) -> Any:
    with ledger.uow(read_only=True) as uow:
        return planning.get_plan(uow, event=event_id)


def _targets(ledger: Ledger, event_id: int) -> dict[str, int]:
    with ledger.uow(read_only=True) as uow:
        return {t.recipe: t.batches for t in planning.get_plan(uow, event=event_id).targets}


def _bake(ledger: Ledger, event_id: int, recipe: str, unit: str, batches: int) -> None:
    with ledger.uow() as uow:
        production.record_production(uow, recipe=recipe, finished_unit=unit, batches=batches, event=event_id)
        uow.commit()


def _locked_gift_bags(ledger: Ledger, event_id: int | None = None) -> int:
    event_id = event_id or kitchen_event(ledger, fifty_gift_bags)
    _decide(
        ledger, event_id, {"finished_unit": COOKIE, "batches": 7}, {"finished_unit": BROWNIE, "batches": 7}
    )
    _step(ledger, planning.lock_plan, event_id)
    return event_id


def test_six_cookie_batches_for_300_cookies_are_refused_without_accepting_the_shortfall(
    ledger: Ledger,
) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    with ledger.uow() as uow, pytest.raises(ShortfallNotAccepted) as caught:
        planning.decide_batches(uow, event=event_id, decisions=[{"finished_unit": COOKIE, "batches": 6}])
    assert (caught.value.finished_unit, caught.value.needed, caught.value.yields) == (COOKIE, 300, 288)
    assert _targets(ledger, event_id) == {}
    plan = _decide(ledger, event_id, {"finished_unit": COOKIE, "batches": 6, "accept_shortfall": True})
    cookie = {u.finished_unit: u for u in plan.units}[COOKIE]
    assert (cookie.batches, cookie.accept_shortfall, cookie.yields, cookie.shortfall) == (6, True, 288, 12)
    assert plan.targets[0].batches == 6


def test_seven_and_seven_batches_become_the_targets_and_fill_all_fifty_bags(ledger: Ledger) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    plan = _decide(
        ledger, event_id, {"finished_unit": COOKIE, "batches": 7}, {"finished_unit": BROWNIE, "batches": 7}
    )
    assert {t.recipe: t.batches for t in plan.targets} == {RECIPE: 7, BROWNIES: 7}
    # the bags the assignment gives out become the event's assembly target
    assert [(t.finished_good, t.quantity) for t in plan.assembly_targets] == [("gift-bag", 50)]
    units = {u.finished_unit: (u.needed, u.yields, u.extra, u.stale) for u in plan.units}
    assert units == {COOKIE: (300, 336, 36, False), BROWNIE: (150, 168, 18, False)}
    with ledger.uow() as uow:
        _stock_up(uow)
        uow.commit()
    _bake(ledger, event_id, RECIPE, COOKIE, 7)
    _bake(ledger, event_id, BROWNIES, BROWNIE, 7)
    with ledger.uow() as uow:
        run = assembly.record_assembly(uow, finished_good="gift-bag", quantity=50, event=event_id)
        progress = events.get_production_progress(uow, event=event_id)
        bags = events.get_assembly_progress(uow, event=event_id)
        uow.commit()
    assert [(b.finished_good, b.assembled_quantity, b.target_quantity) for b in bags] == [
        ("gift-bag", 50, 50)
    ]
    assert run.quantity == 50
    assert [(p.recipe, p.produced_batches, p.target_batches) for p in progress] == [
        (RECIPE, 7, 7),
        (BROWNIES, 7, 7),
    ]


def test_a_decision_for_a_finished_unit_no_bundle_needs_is_refused(ledger: Ledger) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    with ledger.uow() as uow, pytest.raises(ValidationError) as caught:
        planning.decide_batches(uow, event=event_id, decisions=[{"finished_unit": "truffle", "batches": 7}])
    assert caught.value.field == "finished_unit"


def test_locking_needs_a_decision_for_every_finished_unit_and_keeps_a_snapshot(ledger: Ledger) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    _decide(ledger, event_id, {"finished_unit": COOKIE, "batches": 7})
    with ledger.uow() as uow, pytest.raises(PlanNotReady) as caught:
        planning.lock_plan(uow, event=event_id)
    assert caught.value.missing == [BROWNIE]
    _decide(ledger, event_id, {"finished_unit": BROWNIE, "batches": 7})
    plan = _step(ledger, planning.lock_plan, event_id)
    assert plan.state == "locked"
    assert plan.snapshot is not None
    assert {t.recipe: t.batches for t in plan.snapshot.targets} == {RECIPE: 7, BROWNIES: 7}
    assert plan.snapshot.estimate.feasible is False  # 10 cups of flour for 14
    assert {c.change for c in _plan(ledger, event_id).comparison} == {"unchanged"}
    # from locked on, targets and assignments change only through amendments
    with ledger.uow() as uow:
        with pytest.raises(PlanLocked):
            events.set_production_target(uow, event=event_id, recipe=RECIPE, batches=9)
        with pytest.raises(PlanLocked):
            events.assign_package(uow, event=event_id, recipient="ann", package="gift-bag-gift", quantity=1)
        with pytest.raises(PlanLocked):
            planning.decide_batches(uow, event=event_id, decisions=[{"finished_unit": COOKIE, "batches": 8}])


def test_states_move_one_step_at_a_time(ledger: Ledger) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    with ledger.uow() as uow:
        for service in (planning.start_production, planning.complete_plan):
            with pytest.raises(InvalidTransition):
                service(uow, event=event_id)
    _locked_gift_bags(ledger, event_id)
    with ledger.uow() as uow, pytest.raises(InvalidTransition):
        planning.lock_plan(uow, event=event_id)
    assert _step(ledger, planning.start_production, event_id).state == "in_production"
    with ledger.uow() as uow, pytest.raises(PlanNotReady) as caught:
        planning.complete_plan(uow, event=event_id)
    assert caught.value.unmet == [f"{RECIPE} (0 of 7)", f"{BROWNIES} (0 of 7)", "gift-bag (0 of 50)"]
    done = _step(ledger, planning.complete_plan, event_id, reason="the party was called off")
    assert (done.state, done.completion_reason) == ("complete", "the party was called off")


def test_an_amendment_in_production_is_kept_with_its_reason_and_shows_as_changed(ledger: Ledger) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    _decide(
        ledger,
        event_id,
        {"finished_unit": COOKIE, "batches": 7},
        {"finished_unit": BROWNIE, "batches": 5, "accept_shortfall": True},
    )
    _step(ledger, planning.lock_plan, event_id)
    _step(ledger, planning.start_production, event_id)
    _bake(ledger, event_id, BROWNIES, BROWNIE, 3)
    change = {"kind": "set_batches", "finished_unit": BROWNIE, "batches": 2, "accept_shortfall": True}
    with ledger.uow() as uow, pytest.raises(ValidationError) as caught:
        planning.amend_plan(uow, event=event_id, change=change, reason="fewer")
    assert "3 batches" in caught.value.message
    plan = _step(
        ledger,
        planning.amend_plan,
        event_id,
        change={"kind": "set_batches", "finished_unit": BROWNIE, "batches": 7},
        reason="the neighbours asked for brownies",
    )
    (amendment,) = plan.amendments
    assert (amendment.kind, amendment.reason, amendment.plan_state) == (
        "set_batches",
        "the neighbours asked for brownies",
        "in_production",
    )
    assert [(d.batches, d.accept_shortfall) for d in amendment.before.decisions] == [(5, True)]
    assert [(d.batches, d.accept_shortfall) for d in amendment.after.decisions] == [(7, False)]
    assert [(t.recipe, t.batches) for t in amendment.after.targets] == [(BROWNIES, 7)]
    changed = {(c.section, c.key): (c.before, c.after) for c in plan.comparison if c.change == "changed"}
    assert changed == {("decision", BROWNIE): (5, 7), ("target", BROWNIES): (5, 7)}
    assert _targets(ledger, event_id) == {RECIPE: 7, BROWNIES: 7}


def test_an_added_assignment_brings_its_decisions_or_is_refused(ledger: Ledger, db_url: str) -> None:
    event_id = _locked_gift_bags(ledger)
    more = {"kind": "add_assignment", "recipient": "ann", "package": "gift-bag-gift", "quantity": 10}
    with ledger.uow() as uow, pytest.raises(ShortfallNotAccepted):  # 360 cookies > 336
        planning.amend_plan(uow, event=event_id, change=more, reason="ten more bags")
    with create_engine(db_url).connect() as fresh:  # nothing of the refused amendment was kept
        assert fresh.execute(text("SELECT count(*) FROM assignments")).scalar_one() == 1
        assert fresh.execute(text("SELECT count(*) FROM plan_amendments")).scalar_one() == 0
    more["decisions"] = [{"finished_unit": COOKIE, "batches": 8}, {"finished_unit": BROWNIE, "batches": 8}]
    plan = _step(ledger, planning.amend_plan, event_id, change=more, reason="ten more bags")
    assert {u.finished_unit: u.needed for u in plan.units} == {COOKIE: 360, BROWNIE: 180}
    assert _targets(ledger, event_id) == {RECIPE: 8, BROWNIES: 8}
    assert [(t.finished_good, t.quantity) for t in plan.assembly_targets] == [("gift-bag", 60)]
    assert [(t.finished_good, t.quantity) for t in plan.amendments[0].after.assembly_targets] == [
        ("gift-bag", 60)
    ]
    added = plan.amendments[0].after.assignments[0]
    plan = _step(
        ledger,
        planning.amend_plan,
        event_id,
        change={"kind": "remove_assignment", "assignment_id": added.id},
        reason="they moved away",
    )
    assert {u.finished_unit: (u.needed, u.batches, u.stale) for u in plan.units} == {
        COOKIE: (300, 8, False),
        BROWNIE: (150, 8, False),
    }
    assert [(t.finished_good, t.quantity) for t in plan.assembly_targets] == [("gift-bag", 50)]


def test_a_changed_bundle_marks_decisions_stale_and_locking_refuses_them(ledger: Ledger) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    _decide(
        ledger, event_id, {"finished_unit": COOKIE, "batches": 7}, {"finished_unit": BROWNIE, "batches": 7}
    )
    with ledger.uow() as uow:
        events.assign_package(uow, event=event_id, recipient="ann", package="gift-bag-gift", quantity=5)
        uow.commit()
    plan = _plan(ledger, event_id)
    stale = {u.finished_unit: (u.stale, u.decided_need, u.needed) for u in plan.units}
    assert stale == {COOKIE: (True, 300, 330), BROWNIE: (True, 150, 165)}
    with ledger.uow(read_only=True) as uow:
        options = planning.batch_options(uow, event=event_id)
    assert [(u.stale, u.decided_batches, u.decided_need) for u in options.units] == [
        (True, 7, 150),
        (True, 7, 300),
    ]
    with ledger.uow() as uow, pytest.raises(PlanNotReady) as caught:
        planning.lock_plan(uow, event=event_id)
    assert caught.value.stale == [BROWNIE, COOKIE]


def test_a_finished_unit_in_two_bundles_gets_one_decision_and_one_target(ledger: Ledger) -> None:
    def build(uow: UnitOfWork, event_id: int) -> None:
        give(uow, event_id, bundle(uow, "A", chocolate_chip_cookie=6, brownie=3), 50)
        give(uow, event_id, bundle(uow, "B", chocolate_chip_cookie=12, truffle=6), 25)

    event_id = kitchen_event(ledger, build)
    with ledger.uow() as uow, pytest.raises(ShortfallNotAccepted) as caught:
        planning.decide_batches(uow, event=event_id, decisions=[{"finished_unit": COOKIE, "batches": 12}])
    assert (caught.value.needed, caught.value.yields) == (600, 576)
    plan = _decide(
        ledger,
        event_id,
        {"finished_unit": COOKIE, "batches": 13},
        {"finished_unit": BROWNIE, "batches": 7},
        {"finished_unit": TRUFFLE, "batches": 7},
    )
    assert {u.finished_unit: (u.needed, u.yields, u.extra) for u in plan.units} == {
        COOKIE: (600, 624, 24),
        BROWNIE: (150, 168, 18),
        TRUFFLE: (150, 168, 18),
    }
    assert {t.recipe: t.batches for t in plan.targets} == {RECIPE: 13, BROWNIES: 7, "truffles": 7}
    assert {t.finished_good: t.quantity for t in plan.assembly_targets} == {"a": 50, "b": 25}


def test_nested_bundles_get_their_targets_innermost_first(ledger: Ledger) -> None:
    def build(uow: UnitOfWork, event_id: int) -> None:
        inner = bundle(uow, "B", chocolate_chip_cookie=2)
        give(uow, event_id, bundle(uow, "A", chocolate_chip_cookie=3, brownie=2, **{f"good_{inner}": 1}), 10)

    event_id = kitchen_event(ledger, build)
    _decide(
        ledger, event_id, {"finished_unit": COOKIE, "batches": 2}, {"finished_unit": BROWNIE, "batches": 1}
    )
    with ledger.uow(read_only=True) as uow:
        # the dry run assembles B (inside A) before A
        dry_run = events.plan_event(uow, event=event_id)
    assert [(t.kind, t.slug, t.quantity) for t in dry_run.targets] == [
        ("production", RECIPE, 2),
        ("production", BROWNIES, 1),
        ("assembly", "b", 10),
        ("assembly", "a", 10),
    ]


def test_decisions_and_locks_write_nothing_when_refused(ledger: Ledger, db_url: str) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    engine = create_engine(db_url)
    before = dump(engine)
    with ledger.uow() as uow:
        for call in (
            lambda: planning.decide_batches(
                uow,
                event=event_id,
                decisions=[{"finished_unit": COOKIE, "batches": 7}, {"finished_unit": BROWNIE, "batches": 6}],
            ),
            lambda: planning.lock_plan(uow, event=event_id),
            lambda: planning.amend_plan(uow, event=event_id, change={"kind": "nothing"}, reason="why"),
            lambda: planning.amend_plan(
                uow,
                event=event_id,
                change={"kind": "set_batches", "finished_unit": COOKIE, "batches": 7},
                reason=" ",
            ),
        ):
            with pytest.raises((ShortfallNotAccepted, PlanNotReady, ValidationError)):
                call()
        uow.commit()
    assert dump(engine) == before
    engine.dispose()


def test_reading_a_plan_takes_the_same_statements_however_much_it_holds(ledger: Ledger) -> None:
    event_id = _locked_gift_bags(ledger)
    with ledger.uow() as uow:

        def count() -> int:
            before = uow.statements
            planning.get_plan(uow, event=event_id)
            return uow.statements - before

        small = count()
        for batches in range(8, 20):  # amendments, each with its before and after
            planning.amend_plan(
                uow,
                event=event_id,
                change={"kind": "set_batches", "finished_unit": COOKIE, "batches": batches},
                reason=f"{batches} batches",
            )
        planning.amend_plan(
            uow,
            event=event_id,
            change={"kind": "add_assignment", "recipient": "ann", "package": "gift-bag-gift", "quantity": 3},
            reason="three more bags",
        )
        big = count()
        uow.rollback()
    # the event, the plan, the demand with its decisions (as batch options read them), both kinds of
    # targets, the amendments
    assert small == big <= 15


def test_a_catalogue_edit_under_a_locked_plan_makes_its_decisions_stale_until_amended(ledger: Ledger) -> None:
    event_id = _locked_gift_bags(ledger)
    with ledger.uow() as uow:
        catalog.update_finished_unit(uow, finished_unit=COOKIE, items_per_batch=36)  # smaller cookies trays
        catalog.update_package(
            uow, package="gift-bag-gift", contents=[{"finished_good": "gift-bag", "quantity": 2}]
        )
        uow.commit()
    plan = _plan(ledger, event_id)
    units = {u.finished_unit: (u.stale, u.decided_need, u.needed, u.yields, u.shortfall) for u in plan.units}
    assert units == {COOKIE: (True, 300, 600, 252, 348), BROWNIE: (True, 150, 300, 168, 132)}
    assert plan.ready is False
    changed = {(c.section, c.key): (c.before, c.after) for c in plan.comparison if c.change == "changed"}
    assert changed == {
        ("bundle", "gift-bag"): (50, 100),
        ("need", COOKIE): (300, 600),
        ("need", BROWNIE): (150, 300),
    }
    with ledger.uow() as uow, pytest.raises(ShortfallNotAccepted):
        planning.amend_plan(
            uow,
            event=event_id,
            change={"kind": "set_batches", "finished_unit": COOKIE, "batches": 16},
            reason="two bags each",
        )
    plan = _step(
        ledger,
        planning.amend_plan,
        event_id,
        change={"kind": "set_batches", "finished_unit": COOKIE, "batches": 17},
        reason="two bags each",
    )
    assert {u.finished_unit: u.stale for u in plan.units} == {COOKIE: False, BROWNIE: True}
