"""The catalogue pages in a real Chromium: a recipe added through the boosted form, a refusal shown
beside its field, and every page fitting a phone and a desktop with each input labelled."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

import bakeledger
from bakeledger.services import catalog
from tests.browser.conftest import Season, no_horizontal_scroll, open_page, screenshot


def _recipes(served: Season) -> list[Any]:
    ledger = bakeledger.open(served.db_url)
    try:
        with ledger.uow(read_only=True) as uow:
            return catalog.list_recipes(uow)
    finally:
        ledger.dispose()


def test_a_recipe_is_added_through_its_form_and_a_taken_name_refused(browser: Any, season: Season) -> None:
    page = open_page(browser, season, width=375)
    page.get_by_role("link", name="Catalogue", exact=True).click()
    page.get_by_role("link", name="Add recipe").click()
    page.get_by_label("Name", exact=True).fill("Sugar Glaze")
    page.get_by_label("Ingredient 1").select_option("sugar")
    page.get_by_label("Quantity 1", exact=True).fill("0.5")
    page.get_by_label("Unit 1", exact=True).fill("cup")
    page.get_by_role("button", name="Add the recipe").click()
    expect(page.locator("h1")).to_contain_text("Sugar Glaze")
    expect(page.locator("table")).to_contain_text("0.5")
    glaze = next(r for r in _recipes(season) if r.slug == "sugar-glaze")
    assert [(ln.ingredient, ln.quantity, ln.unit) for ln in glaze.ingredients] == [("sugar", "0.5", "cup")]

    page.goto(f"{season.url}/catalogue/recipes/+new")
    page.get_by_label("Name", exact=True).fill("sugar glaze")
    page.get_by_label("Category", exact=True).fill("icing")
    page.get_by_role("button", name="Add the recipe").click()
    name = page.locator("#name-new")  # its label now holds the error too
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_value("sugar glaze")
    expect(page.get_by_label("Category", exact=True)).to_have_value("icing")
    expect(page.locator(f"label #{name.get_attribute('aria-describedby')}")).to_contain_text("already exists")
    assert len(_recipes(season)) == 2


def test_catalogue_pages_fit_a_phone_and_a_desktop(browser: Any, season: Season) -> None:
    pages = {
        "catalogue": "/catalogue",
        "catalogue-products": "/catalogue/products",
        "catalogue-recipe": "/catalogue/recipes/chocolate-chip-cookies",
        "catalogue-recipe-edit": "/catalogue/recipes/chocolate-chip-cookies/edit",
        "catalogue-bundle-new": "/catalogue/bundles/+new",
        "catalogue-product-new": "/catalogue/products/+new",
        "catalogue-ingredient-delete": "/catalogue/ingredients/flour/delete",
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
