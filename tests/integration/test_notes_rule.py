"""One rule for every kind of notes: stripped, blank is None, at most 2,000 characters, no
control characters but newline and tab; anything else is refused before anything is written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import ValidationError
from bakeledger.services import assembly, events, inventory, production
from bakeledger.uow.base import UnitOfWork
from tests.helpers import dump
from tests.integration.cookie_pantry import record
from tests.integration.events_fixture import COOKIE, GIFT_BAG, RECIPE, Season, setup_season

Call = Callable[[UnitOfWork, Season, Any], Any]


def _production_notes(uow: UnitOfWork, s: Season, notes: Any) -> Any:
    return record(uow, notes=notes).notes


def _loss_notes(uow: UnitOfWork, s: Season, notes: Any) -> Any:
    run = record(uow, actual_yield=40, loss_category="burnt", loss_notes=notes)
    return run.losses[0].notes


def _assembly_notes(uow: UnitOfWork, s: Season, notes: Any) -> Any:
    record(uow)
    return assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=1, notes=notes).notes


def _bypass_notes(uow: UnitOfWork, s: Season, notes: Any) -> Any:
    record(uow)
    run = assembly.record_assembly(
        uow, finished_good=GIFT_BAG, quantity=1, packaging_bypassed=True, bypass_notes=notes
    )
    return run.bypass_notes


def _event_notes(uow: UnitOfWork, s: Season, notes: Any) -> Any:
    return events.create_event(uow, name="New Year", event_date="2026-12-31", notes=notes).notes


def _target_notes(uow: UnitOfWork, s: Season, notes: Any) -> Any:
    return events.set_production_target(uow, event=s.event_id, recipe=RECIPE, batches=1, notes=notes).notes


def _assignment_notes(uow: UnitOfWork, s: Season, notes: Any) -> Any:
    return events.assign_package(
        uow, event=s.event_id, recipient="ann", package="small-gift", notes=notes
    ).notes


KINDS: dict[str, tuple[str, Call]] = {
    "production": ("notes", _production_notes),
    "loss": ("loss_notes", _loss_notes),
    "assembly": ("notes", _assembly_notes),
    "bypass": ("bypass_notes", _bypass_notes),
    "event": ("notes", _event_notes),
    "target": ("notes", _target_notes),
    "assignment": ("notes", _assignment_notes),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_notes_are_stored_stripped(ledger: Ledger, kind: str) -> None:
    season = setup_season(ledger)
    _field, call = KINDS[kind]
    with ledger.uow() as uow:
        assert call(uow, season, "  left by the door\n\tthanks \n") == "left by the door\n\tthanks"
        uow.rollback()


@pytest.mark.parametrize("kind", ["production", "assembly", "event", "target", "assignment"])
def test_blank_notes_are_stored_as_none(ledger: Ledger, kind: str) -> None:
    season = setup_season(ledger)
    _field, call = KINDS[kind]
    with ledger.uow() as uow:
        assert call(uow, season, " \n\t ") is None
        uow.rollback()


@pytest.mark.parametrize("bad", ["bell\x07", "x" * 2001])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_bad_notes_are_refused_naming_the_field_before_anything_is_written(
    ledger: Ledger, fresh: Engine, kind: str, bad: str
) -> None:
    season = setup_season(ledger)
    field, call = KINDS[kind]
    before = dump(fresh)
    with ledger.uow() as uow:
        with pytest.raises(ValidationError) as info:
            call(uow, season, bad)
        uow.rollback()
    assert info.value.field == field
    assert dump(fresh) == before


def test_blank_notes_do_not_count_as_a_reason_for_a_depletion(ledger: Ledger) -> None:
    setup_season(ledger)
    with ledger.uow() as uow:
        (lot, *_rest) = inventory.list_lots(uow, ingredient="flour")
        with pytest.raises(ValidationError):
            inventory.deplete_lot(uow, lot_id=lot.id, quantity="0.5", reason="other", notes="   ")
        with pytest.raises(ValidationError) as info:
            inventory.deplete_lot(uow, lot_id=lot.id, quantity="0.5", reason="other", notes="spilt\x00")
        assert info.value.field == "notes"
        depleted = inventory.deplete_lot(uow, lot_id=lot.id, quantity="0.5", reason="other", notes=" spilt ")
        assert depleted.remaining != lot.remaining
        uow.rollback()


def test_blank_notes_do_not_explain_a_finished_stock_correction(ledger: Ledger) -> None:
    setup_season(ledger)
    with ledger.uow() as uow:
        production.record_production(uow, recipe=RECIPE, finished_unit=COOKIE, batches=1)
        adjust = inventory.adjust_finished_stock
        with pytest.raises(ValidationError):
            adjust(uow, kind="finished_unit", slug=COOKIE, delta=-1, reason="correction", notes="\t")
        with pytest.raises(ValidationError) as info:
            adjust(uow, kind="finished_unit", slug=COOKIE, delta=-1, reason="correction", notes="a\x1bb")
        assert info.value.field == "notes"
        stock = adjust(
            uow, kind="finished_unit", slug=COOKIE, delta=-1, reason="correction", notes=" miscount "
        )
        assert stock.count == 47
        uow.rollback()
