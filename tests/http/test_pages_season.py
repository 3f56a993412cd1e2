"""An event followed to 100 % through its page alone: bake, assemble, advance each assignment."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from bakeledger.app.ledger import Ledger
from bakeledger.services import catalog, events, inventory
from tests.http.pages_support import Browser, browser_for, text_of
from tests.integration.gift_bag_kitchen import GIFT_BAG, build_gift_bag_kitchen


@pytest.fixture
def browser(ledger: Ledger) -> Iterator[Browser]:
    yield from browser_for(ledger)


def _season(ledger: Ledger) -> int:
    """Flour for 2 batches of sugar cookies (24 each), bags for 4 gift bags of 12 cookies; an event
    wanting 2 batches and 4 gift bags, given as 4 gifts to one recipient."""
    with ledger.uow() as uow:
        build_gift_bag_kitchen(uow, cookies=0, bags=4)
        flour = catalog.create_product(
            uow, ingredient="flour", brand="Mill", package_unit="cup", package_unit_quantity=4
        )
        inventory.add_purchase(
            uow, product=flour.slug, packages=1, price_per_package="2.00", purchased_on="2025-11-02"
        )
        catalog.create_package(uow, name="Gift", contents=[{"finished_good": GIFT_BAG, "quantity": 1}])
        catalog.create_recipient(uow, name="Grandma")
        made = events.create_event(uow, name="Christmas", event_date=dt.date.today() + dt.timedelta(days=9))
        events.set_production_target(uow, event=made.id, recipe="sugar-cookies", batches=2)
        events.set_assembly_target(uow, event=made.id, finished_good=GIFT_BAG, quantity=4)
        events.assign_package(uow, event=made.id, recipient="grandma", package="gift", quantity=4)
        uow.commit()
    return made.id


def _key(page: str, form_anchor: str) -> str:
    start = page.index(f'id="{form_anchor}"')
    found = re.search(r'name="idempotency_key" value="([^"]+)"', page[start:])
    assert found
    return found.group(1)


def test_an_event_is_followed_to_100_percent_through_its_page(browser: Browser, ledger: Ledger) -> None:
    event_id = _season(ledger)
    baker = browser.as_role("baker")
    page = f"/events/{event_id}"
    shown = baker.get(page).text
    bake = {
        "recipe": "sugar-cookies",
        "finished_unit": "sugar-cookie",
        "batches": "2",
        "idempotency_key": _key(shown, "bake-sugar-cookies"),
    }
    assert baker.post(f"{page}/bake", bake, csrf_from=page).status_code == 303
    shown = baker.get(page).text
    assemble = {
        "finished_good": GIFT_BAG,
        "quantity": "4",
        "idempotency_key": _key(shown, f"assemble-{GIFT_BAG}"),
    }
    assert baker.post(f"{page}/assemble", assemble, csrf_from=page).status_code == 303
    (assignment,) = [a.id for a in _assignments(ledger, event_id)]
    for status in ("ready", "delivered"):
        advanced = baker.post(f"{page}/assignments/{assignment}/advance", {"status": status}, csrf_from=page)
        assert advanced.status_code == 303
    text = text_of(baker.get(page).text)
    assert "2/2 batches (100.00%)" in text and "4/4 (100.00%)" in text
    assert "100.00% · complete" in text
    with ledger.uow(read_only=True) as uow:
        overall = events.get_overall_progress(uow, event=event_id)
    assert overall.overall_percent == "100.00" and overall.packages_delivered == 1


def test_a_second_post_of_the_same_rendered_form_records_one_assembly(
    browser: Browser, ledger: Ledger
) -> None:
    event_id = _season(ledger)
    baker = browser.as_role("baker")
    page = f"/events/{event_id}"
    shown = baker.get(page).text
    bake = {
        "recipe": "sugar-cookies",
        "finished_unit": "sugar-cookie",
        "batches": "1",
        "idempotency_key": _key(shown, "bake-sugar-cookies"),
    }
    baker.post(f"{page}/bake", bake, csrf_from=page)
    shown = baker.get(page).text
    assemble = {
        "finished_good": GIFT_BAG,
        "quantity": "2",
        "idempotency_key": _key(shown, f"assemble-{GIFT_BAG}"),
    }
    for _ in range(2):  # a double click posts the same form twice
        assert baker.post(f"{page}/assemble", assemble, csrf_from=page).status_code == 303
    with ledger.uow(read_only=True) as uow:
        assert inventory.finished_stock(uow, kind="finished_good", slug=GIFT_BAG).count == 2
        assert inventory.finished_stock(uow, kind="finished_unit", slug="sugar-cookie").count == 0


def _assignments(ledger: Ledger, event_id: int) -> list[object]:
    with ledger.uow(read_only=True) as uow:
        return list(events.list_assignments(uow, event=event_id))
