"""Events, targets and assignments: create, read, update, delete, fulfillment steps, clone — on both
backends."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import (
    AssignmentNotFound,
    EventNotFound,
    InUse,
    InvalidTransition,
    RecipeNotFound,
    TargetNotFound,
    ValidationError,
)
from bakeledger.services import events
from bakeledger.services.dto import to_dict
from tests.integration.cookie_pantry import record
from tests.integration.events_fixture import GIFT_BAG, RECIPE, Season, setup_season


@pytest.fixture
def season(ledger: Ledger) -> Season:
    return setup_season(ledger)


def test_create_get_and_list_newest_first(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        easter = events.create_event(uow, name="  Easter   Brunch ", event_date="2027-03-28")
        events.create_event(uow, name="Bake Sale", event_date=dt.date(2026, 6, 1), notes="school")
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        assert to_dict(events.get_event(uow, event_id=easter.id)) == {
            "id": easter.id,
            "uuid": easter.uuid,
            "name": "Easter Brunch",
            "event_date": "2027-03-28",
            "year": 2027,
            "notes": None,
        }
        assert [e.name for e in events.list_events(uow)] == ["Easter Brunch", "Christmas", "Bake Sale"]
        assert [e.name for e in events.list_events(uow, year=2026)] == ["Christmas", "Bake Sale"]
        with pytest.raises(EventNotFound):
            events.get_event(uow, event_id=99999)


@pytest.mark.parametrize(
    "bad",
    [
        {"name": "", "event_date": "2026-12-24"},
        {"name": "X", "event_date": "24/12/2026"},
        {"name": "X", "event_date": "2026-12-24", "notes": 3},
        {"name": 7, "event_date": "2026-12-24"},
    ],
)
def test_create_rejects_bad_input(ledger: Ledger, bad: dict[str, object]) -> None:
    with ledger.uow() as uow, pytest.raises(ValidationError):
        events.create_event(uow, **bad)  # type: ignore[arg-type]


def test_update_changes_fields_and_the_year_follows_the_date(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        moved = events.update_event(uow, event_id=season.event_id, event_date="2027-01-06", notes=None)
        uow.commit()
    assert (moved.name, moved.event_date, moved.year, moved.notes) == ("Christmas", "2027-01-06", 2027, None)
    with ledger.uow() as uow:
        with pytest.raises(ValidationError) as info:
            events.update_event(uow, event_id=season.event_id, name="Yule", year=2030)
        assert info.value.field == "year"
        with pytest.raises(EventNotFound):
            events.update_event(uow, event_id=424242, name="Yule")
    with ledger.uow(read_only=True) as uow:
        assert events.get_event(uow, event_id=season.event_id).name == "Christmas"


def test_targets_are_upserted_and_deleted(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        first = events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=4)
        again = events.set_production_target(
            uow, event=season.event_id, recipe=RECIPE, batches="6", notes="double"
        )
        good = events.set_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG, quantity=3)
        uow.commit()
    assert (again.id, again.batches, again.notes, again.recipe) == (first.id, 6, "double", RECIPE)
    assert (good.finished_good, good.quantity) == (GIFT_BAG, 3)
    with ledger.uow() as uow:
        assert events.delete_production_target(uow, event=season.event_id, recipe=RECIPE) is True
        assert events.delete_production_target(uow, event=season.event_id, recipe=RECIPE) is False
        assert events.delete_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG) is True
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        assert events.get_production_progress(uow, event=season.event_id) == []


def test_removing_a_target_returns_it_and_a_missing_one_is_not_found(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        made = events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=4, notes="x")
        good = events.set_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG, quantity=3)
        uow.commit()
    with ledger.uow() as uow:
        assert events.remove_production_target(uow, event=season.event_id, recipe=RECIPE) == made
        assert events.remove_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG) == good
        uow.commit()
    with ledger.uow() as uow:
        with pytest.raises(TargetNotFound) as missing:
            events.remove_production_target(uow, event=season.event_id, recipe=RECIPE)
        assert missing.value.key == f"{season.event_id}/{RECIPE}"
        with pytest.raises(TargetNotFound):
            events.remove_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG)
        with pytest.raises(EventNotFound):
            events.remove_production_target(uow, event=season.event_id + 1, recipe=RECIPE)
        with pytest.raises(RecipeNotFound):
            events.remove_production_target(uow, event=season.event_id, recipe="rye-bread")
    with ledger.uow(read_only=True) as uow:
        assert events.get_production_progress(uow, event=season.event_id) == []
        assert events.get_assembly_progress(uow, event=season.event_id) == []


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"recipe": RECIPE, "batches": 0}, ValidationError),
        ({"recipe": RECIPE, "batches": "1.5"}, ValidationError),
        ({"recipe": RECIPE, "batches": 10**7}, ValidationError),
        ({"recipe": "no-such-recipe", "batches": 1}, RecipeNotFound),
        ({"recipe": None, "batches": 1}, ValidationError),
    ],
)
def test_bad_targets_are_rejected(
    ledger: Ledger, season: Season, kwargs: dict[str, object], error: type[Exception]
) -> None:
    with ledger.uow() as uow, pytest.raises(error):
        events.set_production_target(uow, event=season.event_id, **kwargs)  # type: ignore[arg-type]
    with ledger.uow() as uow, pytest.raises(EventNotFound):
        events.set_production_target(uow, event=99999, recipe=RECIPE, batches=1)


def test_fulfillment_goes_pending_ready_delivered(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        given = events.assign_package(
            uow, event=season.event_id, recipient="ann", package="small-gift", quantity=2
        )
        assert (given.status, given.quantity, given.recipient, given.package) == (
            "pending",
            2,
            "ann",
            "small-gift",
        )
        assert events.advance_fulfillment(uow, assignment_id=given.id, status="ready").status == "ready"
        assert (
            events.advance_fulfillment(uow, assignment_id=given.id, status="delivered").status == "delivered"
        )
        uow.commit()
    with ledger.uow() as uow:
        with pytest.raises(InvalidTransition) as info:
            events.advance_fulfillment(uow, assignment_id=given.id, status="ready")
        assert info.value.allowed == []
        with pytest.raises(AssignmentNotFound):
            events.advance_fulfillment(uow, assignment_id=99999, status="ready")


def test_fulfillment_named_with_another_event_is_not_found(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        given = events.assign_package(uow, event=season.event_id, recipient="ann", package="small-gift")
        other = events.create_event(uow, name="New Year", event_date="2026-12-31")
        uow.commit()
    with ledger.uow() as uow:
        with pytest.raises(AssignmentNotFound):
            events.advance_fulfillment(uow, assignment_id=given.id, status="ready", event=other.id)
        with pytest.raises(EventNotFound):
            events.advance_fulfillment(uow, assignment_id=given.id, status="ready", event=99999)
        moved = events.advance_fulfillment(uow, assignment_id=given.id, status="ready", event=season.event_id)
        uow.commit()
    assert moved.status == "ready" and moved.event_id == season.event_id


def test_pending_to_delivered_names_ready(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        given = events.assign_package(uow, event=season.event_id, recipient="bob", package="big-gift")
        uow.commit()
    with ledger.uow() as uow:
        with pytest.raises(InvalidTransition) as info:
            events.advance_fulfillment(uow, assignment_id=given.id, status="delivered")
        uow.rollback()
    assert info.value.allowed == ["ready"]
    assert "ready" in info.value.message
    with ledger.uow(read_only=True) as uow:
        assert [a.status for a in events.list_assignments(uow, event=season.event_id)] == ["pending"]


def test_list_assignments_by_status(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        a = events.assign_package(uow, event=season.event_id, recipient="ann", package="small-gift")
        events.assign_package(uow, event=season.event_id, recipient="bob", package="big-gift", notes="wrap")
        events.advance_fulfillment(uow, assignment_id=a.id, status="ready")
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        assert [x.recipient for x in events.list_assignments(uow, event=season.event_id)] == ["ann", "bob"]
        assert [x.id for x in events.list_assignments(uow, event=season.event_id, status="ready")] == [a.id]
        with pytest.raises(ValidationError):
            events.list_assignments(uow, event=season.event_id, status="lost")


def _targets_and_assignments(ledger: Ledger, event_id: int) -> None:
    with ledger.uow() as uow:
        events.set_production_target(uow, event=event_id, recipe=RECIPE, batches=2)
        events.set_assembly_target(uow, event=event_id, finished_good=GIFT_BAG, quantity=4)
        ready = events.assign_package(uow, event=event_id, recipient="ann", package="small-gift")
        done = events.assign_package(uow, event=event_id, recipient="bob", package="big-gift", quantity=2)
        events.assign_package(uow, event=event_id, recipient="bob", package="small-gift", notes="late")
        events.advance_fulfillment(uow, assignment_id=ready.id, status="ready")
        events.advance_fulfillment(uow, assignment_id=done.id, status="ready")
        events.advance_fulfillment(uow, assignment_id=done.id, status="delivered")
        uow.commit()


def test_clone_resets_assignments_to_pending_and_copies_targets(ledger: Ledger, season: Season) -> None:
    _targets_and_assignments(ledger, season.event_id)
    with ledger.uow() as uow:
        copy = events.clone_event(
            uow, event_id=season.event_id, name="Christmas 2027", event_date="2027-12-24"
        )
        bare = events.clone_event(
            uow,
            event_id=season.event_id,
            name="Christmas lite",
            event_date="2027-12-25",
            include_targets=False,
        )
        uow.commit()
    assert (copy.year, copy.notes) == (2027, "family")
    with ledger.uow(read_only=True) as uow:
        cloned = events.list_assignments(uow, event=copy.id)
        assert [(a.recipient, a.package, a.quantity, a.status, a.notes) for a in cloned] == [
            ("ann", "small-gift", 1, "pending", None),
            ("bob", "big-gift", 2, "pending", None),
            ("bob", "small-gift", 1, "pending", "late"),
        ]
        overall = events.get_overall_progress(uow, event=copy.id)
        assert (overall.production_targets, overall.assembly_targets, overall.packages_pending) == (1, 1, 3)
        assert [p.target_batches for p in events.get_production_progress(uow, event=copy.id)] == [2]
        assert events.get_overall_progress(uow, event=bare.id).production_targets == 0
        assert len(events.list_assignments(uow, event=bare.id)) == 3
        original = events.list_assignments(uow, event=season.event_id)
        assert [a.status for a in original] == ["ready", "delivered", "pending"]


def test_delete_needs_cascade_for_targets_and_assignments(ledger: Ledger, season: Season) -> None:
    _targets_and_assignments(ledger, season.event_id)
    with ledger.uow() as uow:
        with pytest.raises(InUse) as info:
            events.delete_event(uow, event_id=season.event_id)
        assert info.value.used_by == ["1 production targets", "1 assembly targets", "3 assignments"]
        gone = events.delete_event(uow, event_id=season.event_id, cascade=True)
        uow.commit()
    assert gone.name == "Christmas"
    with ledger.uow(read_only=True) as uow, pytest.raises(EventNotFound):
        events.get_event(uow, event_id=season.event_id)


def test_delete_is_refused_while_runs_reference_the_event(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        run = record(uow, event=season.event_id)
        uow.commit()
    with ledger.uow() as uow:
        with pytest.raises(InUse) as info:
            events.delete_event(uow, event_id=season.event_id, cascade=True)
        uow.rollback()
    assert info.value.used_by == [f"production run {run.id}"]
    with ledger.uow(read_only=True) as uow:
        assert events.get_event(uow, event_id=season.event_id).name == "Christmas"


def test_empty_event_deletes_without_cascade(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        events.delete_event(uow, event_id=season.event_id)
        assert events.list_events(uow) == []
        uow.commit()


def test_every_event_change_logs_one_record_per_outcome(
    ledger: Ledger, season: Season, outcome_log: list[dict[str, Any]]
) -> None:
    with ledger.uow() as uow:
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=3)
        with pytest.raises(RecipeNotFound):
            events.set_production_target(uow, event=season.event_id, recipe="no-such-recipe", batches=3)
        given = events.assign_package(uow, event=season.event_id, recipient="ann", package="small-gift")
        with pytest.raises(InvalidTransition):
            events.advance_fulfillment(uow, assignment_id=given.id, status="delivered")
        with pytest.raises(EventNotFound):
            events.update_event(uow, event_id=424242, name="Nowhere")
        uow.commit()
    seen = [
        (r["op"], r["outcome"], r.get("event_id"), r.get("recipe"), r.get("assignment_id"))
        for r in outcome_log
        if "outcome" in r
    ]
    event = season.event_id
    assert seen == [
        ("set_production_target", "success", event, RECIPE, None),
        ("set_production_target", "rejected:RecipeNotFound", event, "no-such-recipe", None),
        ("assign_package", "success", event, None, given.id),
        ("advance_fulfillment", "rejected:InvalidTransition", None, None, given.id),
        ("update_event", "rejected:EventNotFound", 424242, None, None),
    ]
