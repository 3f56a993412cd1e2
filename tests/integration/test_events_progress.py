"""Event progress (per target, per kind, overall; listing filters; uncommitted work visible in its
own unit of work) and the fixed statement counts, on both backends."""

from __future__ import annotations

import datetime as dt

import pytest

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import EventNotFound, ValidationError
from bakeledger.services import assembly, catalog, events, inventory, production
from bakeledger.services.dto import to_dict
from bakeledger.uow.base import UnitOfWork
from tests.integration.cookie_pantry import record
from tests.integration.events_fixture import BOX, GIFT_BAG, RECIPE, Season, build_season

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def season(ledger: Ledger) -> Season:
    """The season, with enough flour and sugar for 25 more batches."""
    with ledger.uow() as uow:
        found = build_season(uow)
        inventory.add_purchase(uow, product=found.flour_product, packages=50, price_per_package="0.50")
        inventory.add_purchase(uow, product="sugar-cups", packages=25, price_per_package="0.60")
        uow.commit()
    return found


def _new_event(uow: UnitOfWork, name: str = "New Year", day: dt.date = dt.date(2026, 12, 31)) -> int:
    return events.create_event(uow, name=name, event_date=day).id


def test_only_this_events_runs_count(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        other = _new_event(uow)
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=4)
        record(uow, batches=2, event=season.event_id, actual_yield=90)
        record(uow, batches=3, event=other)
        record(uow, batches=10)
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        (progress,) = events.get_production_progress(uow, event=season.event_id)
    assert to_dict(progress) == {
        "recipe": RECIPE,
        "target_batches": 4,
        "produced_batches": 2,
        "produced_yield": 90,
        "remaining_batches": 2,
        "overage_batches": 0,
        "percent": "50.00",
        "complete": False,
    }


def test_overproduction_passes_100_percent(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=4)
        record(uow, batches=5, event=season.event_id)
        (progress,) = events.get_production_progress(uow, event=season.event_id)
        uow.commit()
    assert (progress.percent, progress.complete, progress.overage_batches, progress.remaining_batches) == (
        "125.00",
        True,
        1,
        0,
    )


def test_overall_is_the_mean_of_both_kinds(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        catalog.create_recipe(
            uow, name="Shortbread", ingredients=[{"ingredient": "flour", "quantity": 1, "unit": "cup"}]
        )
        catalog.create_finished_unit(uow, recipe="shortbread", name="Shortbread Finger", items_per_batch=20)
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=1)
        events.set_production_target(uow, event=season.event_id, recipe="shortbread", batches=5)
        events.set_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG, quantity=2)
        events.set_assembly_target(uow, event=season.event_id, finished_good=BOX, quantity=1)
        record(uow, batches=1, event=season.event_id)
        production.record_production(
            uow, recipe="shortbread", finished_unit="shortbread-finger", batches=2, event=season.event_id
        )
        assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=2, event=season.event_id)
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        overall = events.get_overall_progress(uow, event=season.event_id)
        made = events.get_production_progress(uow, event=season.event_id)
        bundled = events.get_assembly_progress(uow, event=season.event_id)
    assert [p.percent for p in made] == ["100.00", "40.00"]
    assert [(a.finished_good, a.percent) for a in bundled] == [(GIFT_BAG, "100.00"), (BOX, "0.00")]
    assert (overall.production_percent, overall.assembly_percent, overall.overall_percent) == (
        "70.00",
        "50.00",
        "60.00",
    )
    assert (overall.status, overall.production_complete, overall.assembly_complete) == ("in_progress", 1, 1)


def test_over_target_is_capped_in_the_overall(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=5)
        events.set_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG, quantity=50)
        record(uow, batches=10, event=season.event_id)
        assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=25, event=season.event_id)
        overall = events.get_overall_progress(uow, event=season.event_id)
        uow.commit()
    assert (overall.production_percent, overall.assembly_percent, overall.overall_percent) == (
        "100.00",
        "50.00",
        "75.00",
    )


def test_no_targets_is_not_started(ledger: Ledger, season: Season) -> None:
    with ledger.uow(read_only=True) as uow:
        overall = events.get_overall_progress(uow, event=season.event_id)
    assert to_dict(overall) == {
        "production_percent": "0.00",
        "assembly_percent": "0.00",
        "overall_percent": "0.00",
        "status": "not_started",
        "production_targets": 0,
        "production_complete": 0,
        "assembly_targets": 0,
        "assembly_complete": 0,
        "packages_pending": 0,
        "packages_ready": 0,
        "packages_delivered": 0,
        "packages_total": 0,
    }


def test_complete_and_package_counts_count_assignments_not_quantities(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=1)
        record(uow, batches=1, event=season.event_id)
        a = events.assign_package(
            uow, event=season.event_id, recipient="ann", package="small-gift", quantity=5
        )
        events.assign_package(uow, event=season.event_id, recipient="bob", package="small-gift", quantity=3)
        events.advance_fulfillment(uow, assignment_id=a.id, status="ready")
        overall = events.get_overall_progress(uow, event=season.event_id)
        uow.commit()
    assert (overall.status, overall.overall_percent) == ("complete", "100.00")
    assert (
        overall.packages_pending,
        overall.packages_ready,
        overall.packages_delivered,
        overall.packages_total,
    ) == (
        1,
        1,
        0,
        2,
    )


def test_reversed_runs_are_ignored(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=2)
        events.set_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG, quantity=2)
        kept = record(uow, batches=1, event=season.event_id)
        undone = record(uow, batches=1, event=season.event_id)
        bundle = assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=1, event=season.event_id)
        uow.commit()
    with ledger.uow() as uow:
        assembly.reverse_assembly(uow, run_id=bundle.id, reason="wrong bag")
        production.reverse_production(uow, run_id=undone.id, reason="miscounted")
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        (made,) = events.get_production_progress(uow, event=season.event_id)
        (bundled,) = events.get_assembly_progress(uow, event=season.event_id)
    assert (made.produced_batches, made.produced_yield, made.percent) == (1, 48, "50.00")
    assert (bundled.assembled_quantity, bundled.percent) == (0, "0.00")
    assert kept.id != undone.id


def test_progress_lists_follow_target_creation_order(ledger: Ledger, season: Season) -> None:
    with ledger.uow() as uow:
        catalog.create_recipe(
            uow, name="Anise Bars", ingredients=[{"ingredient": "flour", "quantity": 1, "unit": "cup"}]
        )
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=1)
        events.set_production_target(uow, event=season.event_id, recipe="anise-bars", batches=1)
        events.set_production_target(
            uow, event=season.event_id, recipe=RECIPE, batches=3
        )  # update keeps place
        uow.commit()
    with ledger.uow(read_only=True) as uow:
        made = events.get_production_progress(uow, event=season.event_id)
    assert [(p.recipe, p.target_batches) for p in made] == [(RECIPE, 3), ("anise-bars", 1)]


def _calendar(uow: UnitOfWork, today: dt.date) -> None:
    for name, offset in [("Past", -10), ("B Event", 5), ("A Event", 5), ("Soon", 1), ("Today", 0)]:
        events.create_event(uow, name=name, event_date=today + dt.timedelta(days=offset))


def test_listing_filters_and_order(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        _calendar(uow, TODAY)
        uow.commit()
    with ledger.uow(read_only=True) as uow:

        def names(**kw: object) -> list[str]:
            return [e.name for e in events.get_events_with_progress(uow, today=TODAY, **kw)]  # type: ignore[arg-type]

        assert names() == ["Today", "Soon", "A Event", "B Event"]
        assert names(filter="past") == ["Past"]
        assert names(filter="all") == ["Past", "Today", "Soon", "A Event", "B Event"]
        assert names(filter="all", date_from="2026-12-02", date_to=TODAY + dt.timedelta(days=5)) == [
            "Soon",
            "A Event",
            "B Event",
        ]
        assert names(filter="past", date_from="2026-12-02") == []


def test_listing_default_today_is_the_real_today(ledger: Ledger) -> None:
    with ledger.uow() as uow:
        _calendar(uow, dt.date.today())
        soon = events.get_events_with_progress(uow)
        past = events.get_events_with_progress(uow, filter="past")
        uow.commit()
    assert [e.name for e in soon] == ["Today", "Soon", "A Event", "B Event"]
    assert [(e.name, e.event_date) for e in past] == [
        ("Past", (dt.date.today() - dt.timedelta(days=10)).isoformat())
    ]


def test_uncommitted_target_and_run_are_visible_in_the_same_unit_of_work(
    ledger: Ledger, season: Season
) -> None:
    with ledger.uow() as uow:
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=4)
        record(uow, batches=2, event=season.event_id)
        (item,) = events.get_events_with_progress(uow, filter="all")
        uow.rollback()
    assert (item.event_id, item.name, item.event_date) == (season.event_id, "Christmas", "2026-12-24")
    assert [(p.recipe, p.produced_batches, p.percent) for p in item.production] == [(RECIPE, 2, "50.00")]
    assert item.overall.status == "in_progress"
    with ledger.uow(read_only=True) as uow:
        (after,) = events.get_events_with_progress(uow, filter="all")
    assert after.production == []


def test_unknown_event_and_bad_filter(ledger: Ledger) -> None:
    with ledger.uow(read_only=True) as uow:
        with pytest.raises(EventNotFound):
            events.get_overall_progress(uow, event=5)
        with pytest.raises(ValidationError):
            events.get_events_with_progress(uow, filter="future")
        with pytest.raises(ValidationError):
            events.get_events_with_progress(uow, date_from="tomorrow")
