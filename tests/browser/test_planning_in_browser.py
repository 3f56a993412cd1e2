"""An event's plan in a real Chromium on a phone: batches decided and the plan locked, started and
amended through its forms, with no sideways scrolling; the plan and season pages photographed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

import bakeledger
from bakeledger.services import events, inventory
from bakeledger.uow.base import UnitOfWork
from tests.browser.conftest import Season, no_horizontal_scroll, open_page, screenshot, serve
from tests.integration.cookie_pantry import COOKIE, RECIPE
from tests.integration.planning_kitchen import BROWNIE, fifty_gift_bags, planning_kitchen


def _gift_bags(uow: UnitOfWork) -> None:
    """50 gift bags of 6 cookies and 3 brownies for Christmas; ribbon for them in stock."""
    planning_kitchen(uow)
    event_id = events.create_event(uow, name="Christmas", event_date="2026-12-24").id
    fifty_gift_bags(uow, event_id)
    inventory.add_purchase(uow, product="ribbon-wrap-co", packages=3, price_per_package="1.20")


@pytest.fixture(params=["sqlite", "postgresql"])
def gift_bags(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Season]:
    with serve(request.param, tmp_path, _gift_bags) as served:
        yield served


def _targets(served: Season) -> dict[str, int]:
    ledger = bakeledger.open(served.db_url)
    try:
        with ledger.uow(read_only=True) as uow:
            return {p.recipe: p.target_batches for p in events.get_production_progress(uow, event=1)}
    finally:
        ledger.dispose()


def _fits(page: Any, name: str) -> None:
    """No sideways scrolling, a label for each input; then a photograph."""
    assert no_horizontal_scroll(page), f"{name} scrolls sideways"
    for field in page.locator("input:not([type=hidden]), select").all():
        field_id = field.get_attribute("id")
        assert field_id and page.locator(f"label[for='{field_id}']").count() == 1, f"{name}: unlabelled"
    screenshot(page, name)


def test_a_plan_is_decided_locked_and_amended_on_a_phone(browser: Any, gift_bags: Season) -> None:
    page = open_page(browser, gift_bags, width=375)
    page.goto(f"{gift_bags.url}/events/1")
    page.get_by_role("link", name="Plan: batches, locking and amendments").click()
    cookies = page.locator(f"#unit-{COOKIE}")
    expect(cookies.locator(".option.recommended")).to_contain_text("7 batches → 336")
    expect(cookies).to_contain_text("12 short")
    _fits(page, "plan-draft-phone")

    decide = page.locator("#decide")
    decide.get_by_label(f"Batches of {COOKIE}").fill("6")
    decide.get_by_label(f"Batches of {BROWNIE}").fill("7")
    decide.get_by_role("button", name="Decide").click()
    cookie_batches = page.locator("#decide").get_by_label(f"Batches of {COOKIE}")
    expect(cookie_batches).to_have_attribute("aria-invalid", "true")
    expect(cookie_batches).to_have_value("6")
    expect(page.locator(f"label #{cookie_batches.get_attribute('aria-describedby')}")).to_contain_text(
        "accept the shortfall"
    )
    assert _targets(gift_bags) == {}

    cookie_batches.fill("7")
    page.locator("#decide").get_by_role("button", name="Decide").click()
    expect(page.locator(f"#unit-{COOKIE} .decision")).to_contain_text("Decided: 7 batches → 336")
    assert _targets(gift_bags) == {RECIPE: 7, "brownies": 7}
    page.get_by_role("button", name="Lock the plan").click()
    expect(page.locator("#plan-state")).to_contain_text("locked")
    expect(page.locator("#comparison")).to_contain_text("Nothing has changed")
    _fits(page, "plan-locked-phone")

    page.get_by_role("button", name="Start production").click()
    expect(page.locator("#plan-state")).to_contain_text("in production")
    amend = page.locator("#amend-set_batches")
    amend.get_by_label("Finished unit").select_option(BROWNIE)
    amend.get_by_label("Batches", exact=True).fill("8")
    amend.get_by_label("Reason").fill("the neighbours asked for brownies")
    amend.get_by_role("button", name="Amend").click()
    expect(page.locator("#amendments ~ section").first).to_contain_text("the neighbours asked for brownies")
    expect(page.locator("#comparison")).to_contain_text("changed")
    assert _targets(gift_bags) == {RECIPE: 7, "brownies": 8}
    _fits(page, "plan-amended-phone")

    page.get_by_role("link", name="Season", exact=True).click()
    expect(page.locator("#season-event-1")).to_contain_text("Christmas")
    _fits(page, "season-scheduled-phone")
    desktop = open_page(browser, gift_bags, width=1280)
    for name, path in (("plan-amended-desktop", "/events/1/plan"), ("season-scheduled-desktop", "/season")):
        desktop.goto(f"{gift_bags.url}{path}")
        _fits(desktop, name)
