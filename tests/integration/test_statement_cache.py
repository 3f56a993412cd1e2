"""Every statement of the everyday operations is built once and compiled once: the second time an
operation runs, each of its statements comes from SQLAlchemy's compiled cache. A statement rebuilt
per call, or one SQLAlchemy cannot cache, is compiled again every time and costs more than the
query itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import default

from bakeledger.app.ledger import Ledger
from bakeledger.services import assembly, events, inventory, production
from tests.integration.cookie_pantry import RECIPE, record
from tests.integration.events_fixture import GIFT_BAG, setup_season


@contextmanager
def _compiled_statements(ledger: Ledger) -> Iterator[list[tuple[str, Any]]]:
    """(first words, cache outcome) of every compiled statement run inside the block."""
    seen: list[tuple[str, Any]] = []

    def listener(_conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, _many: bool) -> None:
        if context is not None and context.compiled is not None:
            seen.append((" ".join(statement.split()[:4]), context.cache_hit))

    event.listen(ledger.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(ledger.engine, "before_cursor_execute", listener)


def _operations(season_event: int) -> list[Callable[[Any], Any]]:
    return [
        lambda uow: record(uow, actual_yield=40, event=season_event, idempotency_key=None),
        lambda uow: assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=1, event=season_event),
        lambda uow: inventory.consume_fifo(uow, ingredient="flour", quantity="2.5", unit="cup"),
        lambda uow: production.get_production_history(
            uow, recipe=RECIPE, include_consumptions=True, include_losses=True
        ),
        lambda uow: events.get_events_with_progress(uow, filter="all"),
        lambda uow: events.get_overall_progress(uow, event=season_event),
    ]


def test_everyday_operations_run_only_cached_statements(ledger: Ledger) -> None:
    season = setup_season(ledger)
    with ledger.uow() as uow:
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=2)
        events.set_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG, quantity=1)
        record(uow, actual_yield=48, event=season.event_id)  # cookies for the gift bag
        uow.commit()
    for operation in _operations(season.event_id):
        with ledger.uow() as uow:
            operation(uow)  # the first time compiles
            uow.rollback()
        with _compiled_statements(ledger) as seen, ledger.uow() as uow:
            operation(uow)
            uow.rollback()
        assert seen, "the operation ran statements"
        not_cached = [words for words, outcome in seen if outcome is not default.CACHE_HIT]
        assert not_cached == []
