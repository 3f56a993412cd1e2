"""A baker's season in a real Chromium: what the pages show, and what their forms do."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

import bakeledger
from bakeledger.services import production
from tests.browser.conftest import Season, no_horizontal_scroll, open_page, screenshot


def _read(served: Season, fn: Any, **kwargs: Any) -> Any:
    ledger = bakeledger.open(served.db_url)
    try:
        with ledger.uow(read_only=True) as uow:
            return fn(uow, **kwargs)
    finally:
        ledger.dispose()


def _runs(served: Season) -> int:
    return len(_read(served, production.get_production_history))


def _bars(page: Any) -> dict[str, str]:
    """Each progress bar's label → the percent it shows as text."""
    found = {}
    for bar in page.locator(".bar").all():
        found[bar.locator(".label").inner_text()] = bar.locator("progress").get_attribute("value")
    return found


def test_dashboard_percentages_are_the_apis(browser: Any, season: Season) -> None:
    page = open_page(browser, season)
    assert page.url.rstrip("/") == season.url  # the login link lands on the dashboard
    listed = season.api("GET", "/events", params={"with_progress": "true"})["items"]
    bars = _bars(page)
    assert bars["Production"] == listed[0]["overall"]["production_percent"] == "0.00"
    assert bars["Assembly"] == listed[0]["overall"]["assembly_percent"]
    assert bars["Overall"] == listed[0]["overall"]["overall_percent"]
    assert page.get_by_text("Cookie Swap").count() == 1


def test_a_bake_through_the_form_moves_its_bar(browser: Any, season: Season) -> None:
    page = open_page(browser, season)
    page.get_by_role("link", name="Cookie Swap").click()
    card = page.locator("#bake-chocolate-chip-cookies")
    assert card.locator("progress").get_attribute("value") == "0.00"
    card.get_by_label("Batches").fill("2")
    card.get_by_role("button", name="Record a bake").click()
    card = page.locator("#bake-chocolate-chip-cookies")
    expect(card.locator("progress")).to_have_attribute("value", "50.00")
    expect(card).to_contain_text("2/4 batches (50.00%)")
    assert _runs(season) == 1


def test_a_double_click_records_one_run(browser: Any, season: Season) -> None:
    page = open_page(browser, season)
    page.goto(f"{season.url}/events/1")
    card = page.locator("#bake-chocolate-chip-cookies")
    card.get_by_label("Batches").fill("1")
    card.get_by_role("button", name="Record a bake").dblclick()
    expect(page.locator("#bake-chocolate-chip-cookies")).to_contain_text("1/4 batches")
    page.wait_for_load_state("networkidle")
    assert _runs(season) == 1


def test_an_invalid_quantity_is_shown_beside_its_field_and_writes_nothing(
    browser: Any, season: Season
) -> None:
    page = open_page(browser, season)
    page.goto(f"{season.url}/events/1")
    card = page.locator("#bake-chocolate-chip-cookies")
    card.get_by_label("Batches").fill("two")
    card.get_by_role("button", name="Record a bake").click()
    field = page.locator("#bake-chocolate-chip-cookies").get_by_label("Batches")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value("two")  # what the user typed is kept
    described_by = field.get_attribute("aria-describedby")  # the error sits in the field's own label
    expect(page.locator(f"label #{described_by}")).to_contain_text("batches must be")
    assert _runs(season) == 0


def test_a_bake_beyond_the_stock_is_refused_and_writes_nothing(browser: Any, season: Season) -> None:
    page = open_page(browser, season)
    page.goto(f"{season.url}/events/1")
    card = page.locator("#bake-chocolate-chip-cookies")
    card.get_by_label("Batches").fill("6")  # 12 cups of flour; 10 are on hand
    card.get_by_role("button", name="Record a bake").click()
    expect(page.locator("#bake-chocolate-chip-cookies .error")).to_contain_text("not enough flour")
    assert _runs(season) == 0


def test_a_purchase_through_the_stock_page(browser: Any, season: Season) -> None:
    page = open_page(browser, season)
    page.get_by_role("link", name="Stock", exact=True).click()
    form = page.locator("form", has=page.get_by_role("button", name="Record the purchase"))
    form.get_by_label("Product").select_option(label="flour-cups (1 cup)")
    form.get_by_label("Packages").fill("4")
    form.get_by_label("Price per package").fill("0.55")
    form.get_by_role("button", name="Record the purchase").click()
    expect(page.locator("#ing-flour")).to_contain_text("14 cup on hand")


def test_a_run_is_reversed_with_a_reason_and_a_confirmation(browser: Any, season: Season) -> None:
    page = open_page(browser, season)
    page.goto(f"{season.url}/events/1")
    card = page.locator("#bake-chocolate-chip-cookies")
    card.get_by_label("Batches").fill("2")
    card.get_by_role("button", name="Record a bake").click()
    expect(page.locator("#bake-chocolate-chip-cookies")).to_contain_text("2/4 batches")
    assert season.api("GET", "/stock/flour", params={"unit": "cup"})["quantity"] == "6"
    page.get_by_role("link", name="History").click()
    page.get_by_role("link", name="Reverse run #1…").click()
    page.get_by_label("Reason").fill("burnt")
    page.get_by_role("button", name="Yes, reverse run #1").click()
    expect(page.locator("#run-1")).to_contain_text("burnt")
    assert season.api("GET", "/stock/flour", params={"unit": "cup"})["quantity"] == "10"
    assert season.api("GET", "/production-runs/1")["reversed"] is True


def test_a_viewer_sees_no_write_forms(browser: Any, season: Season) -> None:
    page = open_page(browser, season, role="viewer")
    page.goto(f"{season.url}/events/1")
    assert page.get_by_role("button", name="Record a bake").count() == 0
    page.goto(f"{season.url}/stock")
    assert page.get_by_role("button", name="Record the purchase").count() == 0


def test_pages_fit_a_phone_and_a_desktop_and_are_photographed(browser: Any, season: Season) -> None:
    bake = {
        "recipe": "chocolate-chip-cookies",
        "finished_unit": "chocolate-chip-cookie",
        "batches": 1,
        "event": 1,
    }
    season.api("POST", "/production-runs", json=bake)  # something for history and the charts to show
    pages = {
        "history": "/history",
        "charts": "/charts",
        "backup": "/backup",
        "login": "/login",
        "dashboard": "/",
        "event": "/events/1",
        "stock": "/stock",
        "finished-stock": "/finished-stock",
        "shopping-list": "/events/1/shopping-list",
        "plan": "/events/1/plan",
        "season": "/season",
    }
    for width_name, width in (("phone", 375), ("desktop", 1280)):
        page = open_page(browser, season, width=width)
        for name, path in pages.items():
            page.goto(f"{season.url}{path}")
            assert no_horizontal_scroll(page), f"{name} scrolls sideways at {width} px"
            for field in page.locator("input:not([type=hidden]), select").all():
                field_id = field.get_attribute("id")
                assert field_id and page.locator(f"label[for='{field_id}']").count() == 1, (
                    f"{name}: unlabelled"
                )
            screenshot(page, f"{name}-{width_name}")
