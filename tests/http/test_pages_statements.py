"""The pages read a fixed number of SQL statements, however many events and runs the ledger holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import event

from bakeledger.app.http import create_app
from bakeledger.app.ledger import Ledger
from bakeledger.services import access, events, inventory
from tests.integration.cookie_pantry import RECIPE, build_cookie_pantry, record


class Counter:
    def __init__(self) -> None:
        self.statements = 0

    def __call__(self, *_args: Any) -> None:
        self.statements += 1


@pytest.fixture
def counted(ledger: Ledger) -> Iterator[tuple[TestClient[Any], Counter]]:
    token = ledger.run(access.create_token, role="owner").token
    counter = Counter()
    with TestClient(create_app(ledger)) as client:
        client.get(f"/login?token={token}")
        event.listen(ledger.engine, "before_cursor_execute", counter)
        try:
            yield client, counter
        finally:
            event.remove(ledger.engine, "before_cursor_execute", counter)


def _grow(ledger: Ledger, *, events_to_add: int, runs: int) -> None:
    with ledger.uow() as uow:
        if not inventory.list_lots(uow):
            build_cookie_pantry(uow)
        inventory.add_purchase(uow, product="flour-cups", packages=2 * runs, price_per_package="0.50")
        inventory.add_purchase(uow, product="sugar-cups", packages=runs, price_per_package="0.60")
        first = dt.date.today() + dt.timedelta(days=5)
        made = [
            events.create_event(uow, name=f"Swap {len(inventory.list_lots(uow))}-{n}", event_date=first)
            for n in range(events_to_add)
        ]
        for made_event in made:
            events.set_production_target(uow, event=made_event.id, recipe=RECIPE, batches=3)
        # the first event stays short of its target, so every page has the same work left to plan
        events.set_production_target(uow, event=1, recipe=RECIPE, batches=100)
        for _ in range(runs):
            record(uow, event=1)
        uow.commit()


def _cost(client: TestClient[Any], counter: Counter, path: str) -> int:
    before = counter.statements
    response = client.get(path)
    assert response.status_code == 200, response.text
    return counter.statements - before


def test_dashboard_and_event_page_statements_do_not_grow_with_events_and_runs(
    ledger: Ledger, counted: tuple[TestClient[Any], Counter]
) -> None:
    client, counter = counted
    _grow(ledger, events_to_add=12, runs=2)
    small = {path: _cost(client, counter, path) for path in ("/", "/events/1", "/stock")}
    _grow(ledger, events_to_add=12, runs=6)
    large = {path: _cost(client, counter, path) for path in ("/", "/events/1", "/stock")}
    assert large == small
    assert small["/"] > 0 and small["/events/1"] > 0
