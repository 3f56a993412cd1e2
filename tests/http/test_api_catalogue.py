"""The catalogue over HTTP: every kind listed, read, created, changed and deleted; the typed errors
as their problem documents; nothing written by a refused request; the roles every route needs."""

from __future__ import annotations

import uuid
from typing import Any

from bakeledger.app.http.routes import catalogue
from bakeledger.app.ledger import Ledger
from bakeledger.services import catalog, events
from tests.http.conftest import Api, assert_problem

SUGAR_COOKIES = {
    "name": "Sugar Cookies",
    "category": "cookies",
    "ingredients": [
        {"ingredient": "flour", "quantity": "281.25", "unit": "g"},
        {"ingredient": "butter", "quantity": 1, "unit": "cup"},
    ],
    "components": [{"recipe": "royal-icing", "multiplier": "0.5"}],
}
COOKIE_BAG = {
    "name": "Cookie Bag",
    "components": [
        {"kind": "finished_unit", "slug": "sugar-cookie", "quantity": 6},
        {"kind": "packaging", "slug": "cello-bag-uline-4x6", "quantity": "1"},
    ],
}


def fill(api: Api) -> None:
    """A small catalogue, each entry used by the next: ingredients → products and recipes →
    a finished unit → a finished good → a package; and a recipient."""
    for name in ("Flour", "Sugar", "Butter", "Cello Bag"):
        api.ok("POST", "/ingredients", {"name": name}, status=201)
    flour = {
        "ingredient": "flour",
        "brand": "King Arthur",
        "package_unit": "lb",
        "package_unit_quantity": "5",
    }
    api.ok("POST", "/products", flour, status=201)
    bags = {"ingredient": "cello-bag", "brand": "Uline", "name": "4x6", "package_unit": "each"}
    api.ok("POST", "/products", {**bags, "package_unit_quantity": 100, "preferred": True}, status=201)
    icing = {"name": "Royal Icing", "ingredients": [{"ingredient": "sugar", "quantity": "250", "unit": "g"}]}
    api.ok("POST", "/recipes", icing, status=201)
    api.ok("POST", "/recipes", SUGAR_COOKIES, status=201)
    cookie = {"recipe": "sugar-cookies", "name": "Sugar Cookie", "items_per_batch": 24}
    api.ok("POST", "/finished-units", cookie, status=201)
    api.ok("POST", "/finished-goods", COOKIE_BAG, status=201)
    gift = {"name": "Neighbor Gift", "contents": [{"finished_good": "cookie-bag", "quantity": 2}]}
    api.ok("POST", "/packages", gift, status=201)
    api.ok("POST", "/recipients", {"name": "Ann Lee", "household": "Lee family"}, status=201)


def assign_gift(ledger: Ledger) -> None:
    """Ann Lee gets the neighbor gift at an event (so the package and the recipient are in use)."""
    event = ledger.run(events.create_event, name="Christmas", event_date="2026-12-24")
    ledger.run(events.assign_package, event=event.id, recipient="ann-lee", package="neighbor-gift")


LISTS = (
    catalog.list_ingredients,
    catalog.list_products,
    catalog.list_recipes,
    catalog.list_finished_units,
    catalog.list_finished_goods,
    catalog.list_packages,
    catalog.list_recipients,
)


def everything(ledger: Ledger) -> list[list[Any]]:
    """The whole catalogue, read back through a fresh unit of work."""
    with ledger.uow(read_only=True) as uow:
        return [list_all(uow) for list_all in LISTS]


def entry(body: dict[str, Any]) -> dict[str, Any]:
    """A DTO's body without its generated id and uuid (checked for their form)."""
    body = dict(body)
    assert isinstance(body.pop("id"), int)
    uuid.UUID(body.pop("uuid"))
    return body


def created(api: Api, path: str, body: dict[str, Any], location: str) -> dict[str, Any]:
    response = api.post(path, body)
    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"/api/v1{path}/{location}"
    made: dict[str, Any] = response.json()
    assert made["slug"] == location
    assert api.ok("GET", f"{path}/{location}") == made
    return entry(made)


def refused(api: Api, ledger: Ledger, method: str, path: str, body: Any, status: int, code: str) -> Any:
    """The request is refused with this problem, and the catalogue is as it was."""
    before = everything(ledger)
    problem = assert_problem(api.call(method, path, json=body), status, code)
    assert everything(ledger) == before
    return problem


def slugs(page: dict[str, Any]) -> list[str]:
    return [item["slug"] for item in page["items"]]


# --- ingredients --------------------------------------------------------------------------------
def test_ingredients_are_created_read_listed_changed_and_deleted(api: Api, ledger: Ledger) -> None:
    made = created(api, "/ingredients", {"name": "Flour", "density": "1 cup = 120 g"}, "flour")
    assert made == {"slug": "flour", "name": "Flour", "category": "general", "density": "1 cup = 120 g"}
    api.ok("POST", "/ingredients", {"name": "Brown Sugar", "category": "sweeteners"}, status=201)
    assert slugs(api.ok("GET", "/ingredients")) == ["brown-sugar", "flour"]
    changed = api.ok("PATCH", "/ingredients/brown-sugar", {"name": "Dark Brown Sugar"})
    assert changed["slug"] == "brown-sugar" and changed["category"] == "sweeteners"
    gone = api.ok("DELETE", "/ingredients/brown-sugar")
    assert entry(gone)["name"] == "Dark Brown Sugar"
    assert_problem(api.get("/ingredients/brown-sugar"), 404, "IngredientNotFound")
    assert slugs(api.ok("GET", "/ingredients")) == ["flour"]


def test_an_ingredient_in_use_is_not_deleted_and_errors_keep_their_fields(api: Api, ledger: Ledger) -> None:
    fill(api)
    body = refused(api, ledger, "DELETE", "/ingredients/flour", None, 409, "InUse")
    assert body["kind"] == "ingredient" and body["key"] == "flour"
    assert body["used_by"] == ["product flour-king-arthur", "recipe sugar-cookies"]
    refused(api, ledger, "POST", "/ingredients", {"name": " FLOUR "}, 409, "DuplicateName")
    refused(api, ledger, "PATCH", "/ingredients/sugar", {"name": "Flour"}, 409, "DuplicateName")
    refused(api, ledger, "PATCH", "/ingredients/rye", {"name": "Rye"}, 404, "IngredientNotFound")
    refused(api, ledger, "DELETE", "/ingredients/rye", None, 404, "IngredientNotFound")
    body = refused(
        api,
        ledger,
        "POST",
        "/ingredients",
        {"name": "Oats", "density": "1 cup = lots"},
        422,
        "ValidationError",
    )
    assert body["field"] == "density"


# --- products -----------------------------------------------------------------------------------
def test_products_are_created_read_listed_changed_and_deleted(api: Api, ledger: Ledger) -> None:
    for name in ("Flour", "Sugar"):
        api.ok("POST", "/ingredients", {"name": name}, status=201)
    new = {
        "ingredient": "flour",
        "brand": "King Arthur",
        "package_unit": "LB",
        "package_unit_quantity": "5.0",
    }
    assert created(api, "/products", new, "flour-king-arthur") == {
        "slug": "flour-king-arthur",
        "name": None,
        "ingredient": "flour",
        "brand": "King Arthur",
        "package_unit": "lb",
        "package_unit_quantity": "5",
        "preferred": False,
    }
    other = {"ingredient": "flour", "brand": "Bob's", "name": "Organic", "package_unit": "kg"}
    made = created(
        api, "/products", {**other, "package_unit_quantity": 2, "preferred": True}, "flour-bob-s-organic"
    )
    assert made["package_unit_quantity"] == "2" and made["preferred"] is True
    sugar = {"ingredient": "sugar", "brand": "Domino", "package_unit": "lb", "package_unit_quantity": "4"}
    api.ok("POST", "/products", sugar, status=201)
    assert slugs(api.ok("GET", "/products")) == ["flour-bob-s-organic", "flour-king-arthur", "sugar-domino"]
    assert slugs(api.ok("GET", "/products", params={"ingredient": "sugar"})) == ["sugar-domino"]
    first = api.ok("GET", "/products", params={"ingredient": "flour", "limit": 1})
    assert slugs(first) == ["flour-bob-s-organic"]
    assert first["next"] == "/api/v1/products?ingredient=flour&limit=1&offset=1"
    last = api.ok("GET", first["next"].removeprefix("/api/v1"))
    assert slugs(last) == ["flour-king-arthur"] and last["next"] is None
    assert_problem(api.get("/products", params={"ingredient": "rye"}), 404, "IngredientNotFound")

    changed = api.ok("PATCH", "/products/flour-king-arthur", {"preferred": True, "name": "Bread Flour"})
    assert (
        changed["preferred"] is True
        and changed["name"] == "Bread Flour"
        and changed["brand"] == "King Arthur"
    )
    assert api.ok("GET", "/products/flour-bob-s-organic")["preferred"] is False  # demoted
    cleared = api.ok("PATCH", "/products/flour-king-arthur", {"name": None})
    assert cleared["name"] is None and cleared["preferred"] is True and cleared["slug"] == "flour-king-arthur"

    gone = entry(api.ok("DELETE", "/products/flour-bob-s-organic"))
    assert gone["brand"] == "Bob's" and gone["package_unit"] == "kg"
    assert_problem(api.get("/products/flour-bob-s-organic"), 404, "ProductNotFound")


def test_product_errors(api: Api, ledger: Ledger) -> None:
    fill(api)
    body = refused(api, ledger, "DELETE", "/products/cello-bag-uline-4x6", None, 409, "InUse")
    assert body["used_by"] == ["finished good cookie-bag"]
    refused(api, ledger, "GET", "/products/rye-any", None, 404, "ProductNotFound")
    refused(api, ledger, "PATCH", "/products/rye-any", {"brand": "X"}, 404, "ProductNotFound")
    base = {"ingredient": "flour", "brand": "Gold Medal", "package_unit": "lb", "package_unit_quantity": "5"}
    refused(api, ledger, "POST", "/products", {**base, "ingredient": "rye"}, 404, "IngredientNotFound")
    body = refused(
        api, ledger, "POST", "/products", {**base, "package_unit": "furlong"}, 422, "ValidationError"
    )
    assert body["field"] == "package_unit"
    body = refused(api, ledger, "POST", "/products", {**base, "package_unit": "cup"}, 422, "ValidationError")
    assert body["field"] == "package_unit" and "density" in body["detail"]  # flour is already weighed
    for bad in ("-5", "0", "five", 5.5):
        body = refused(
            api, ledger, "POST", "/products", {**base, "package_unit_quantity": bad}, 422, "ValidationError"
        )
        assert body["field"] == "package_unit_quantity"
    refused(
        api, ledger, "PATCH", "/products/flour-king-arthur", {"package_unit": "kg"}, 422, "ValidationError"
    )
    refused(api, ledger, "PATCH", "/products/flour-king-arthur", {"preferred": None}, 422, "ValidationError")


# --- recipes ------------------------------------------------------------------------------------
def test_recipes_are_created_read_listed_changed_and_deleted(api: Api, ledger: Ledger) -> None:
    for name in ("Flour", "Sugar", "Butter"):
        api.ok("POST", "/ingredients", {"name": name}, status=201)
    icing = {"name": "Royal Icing", "ingredients": [{"ingredient": "sugar", "quantity": "250", "unit": "g"}]}
    assert created(api, "/recipes", icing, "royal-icing") == {
        "slug": "royal-icing",
        "name": "Royal Icing",
        "category": "general",
        "ingredients": [{"ingredient": "sugar", "quantity": "250", "unit": "g"}],
        "components": [],
    }
    assert created(api, "/recipes", SUGAR_COOKIES, "sugar-cookies") == {
        "slug": "sugar-cookies",
        "name": "Sugar Cookies",
        "category": "cookies",
        "ingredients": [
            {"ingredient": "flour", "quantity": "281.25", "unit": "g"},
            {"ingredient": "butter", "quantity": "1", "unit": "cup"},
        ],
        "components": [{"recipe": "royal-icing", "multiplier": "0.5"}],
    }
    assert slugs(api.ok("GET", "/recipes")) == ["royal-icing", "sugar-cookies"]

    lines = [{"ingredient": "flour", "quantity": "300", "unit": "g"}]
    changed = api.ok("PATCH", "/recipes/sugar-cookies", {"name": "Iced Sugar Cookies", "ingredients": lines})
    assert changed["name"] == "Iced Sugar Cookies" and changed["category"] == "cookies"
    assert changed["ingredients"] == [{"ingredient": "flour", "quantity": "300", "unit": "g"}]
    assert changed["components"] == [{"recipe": "royal-icing", "multiplier": "0.5"}]  # not sent: kept
    twice = api.ok("PATCH", "/recipes/sugar-cookies", {"components": [{"recipe": "royal-icing"}]})
    assert twice["components"] == [{"recipe": "royal-icing", "multiplier": "1"}]
    assert twice["ingredients"] == changed["ingredients"]
    assert api.ok("PATCH", "/recipes/sugar-cookies", {"components": []})["components"] == []

    gone = entry(api.ok("DELETE", "/recipes/royal-icing"))
    assert gone["ingredients"] == [{"ingredient": "sugar", "quantity": "250", "unit": "g"}]
    assert_problem(api.get("/recipes/royal-icing"), 404, "RecipeNotFound")
    assert slugs(api.ok("GET", "/recipes")) == ["sugar-cookies"]


def test_recipe_errors(api: Api, ledger: Ledger) -> None:
    fill(api)
    body = refused(api, ledger, "DELETE", "/recipes/royal-icing", None, 409, "InUse")
    assert body["used_by"] == ["recipe sugar-cookies"]
    body = refused(api, ledger, "DELETE", "/recipes/sugar-cookies", None, 409, "InUse")
    assert body["used_by"] == ["finished unit sugar-cookie"]
    refused(api, ledger, "POST", "/recipes", {"name": "sugar cookies"}, 409, "DuplicateName")
    refused(api, ledger, "PATCH", "/recipes/royal-icing", {"name": "Sugar Cookies"}, 409, "DuplicateName")
    refused(api, ledger, "GET", "/recipes/brownies", None, 404, "RecipeNotFound")
    refused(api, ledger, "DELETE", "/recipes/brownies", None, 404, "RecipeNotFound")
    line = {"ingredient": "flour", "quantity": "2", "unit": "g"}
    new = {"name": "Shortbread"}
    refused(
        api,
        ledger,
        "POST",
        "/recipes",
        {**new, "ingredients": [{**line, "ingredient": "rye"}]},
        404,
        "IngredientNotFound",
    )
    refused(
        api,
        ledger,
        "POST",
        "/recipes",
        {**new, "components": [{"recipe": "brownies"}]},
        404,
        "RecipeNotFound",
    )
    for bad in (
        {"unit": "furlong"},
        {"unit": "cup"},
        {"quantity": "0"},
        {"quantity": "-2"},
        {"quantity": 2.5},
    ):
        body = refused(
            api, ledger, "POST", "/recipes", {**new, "ingredients": [{**line, **bad}]}, 422, "ValidationError"
        )
        assert body["field"] in ("unit", "quantity", "ingredients[0].quantity")
    body = refused(
        api,
        ledger,
        "POST",
        "/recipes",
        {**new, "ingredients": [{"ingredient": "flour", "unit": "g"}]},
        422,
        "ValidationError",
    )
    assert body["field"] == "ingredients[0]" and "missing key 'quantity'" in body["detail"]
    # a change is checked as a creation is, and a cycle is refused
    refused(
        api,
        ledger,
        "PATCH",
        "/recipes/sugar-cookies",
        {"ingredients": [{**line, "unit": "cup"}]},
        422,
        "ValidationError",
    )
    refused(
        api,
        ledger,
        "PATCH",
        "/recipes/royal-icing",
        {"components": [{"recipe": "sugar-cookies"}]},
        422,
        "CycleError",
    )
    refused(
        api,
        ledger,
        "PATCH",
        "/recipes/sugar-cookies",
        {"components": [{"recipe": "royal-icing", "multiplier": "0"}]},
        422,
        "ValidationError",
    )


# --- finished units -----------------------------------------------------------------------------
def test_finished_units_are_created_read_listed_changed_and_deleted(api: Api, ledger: Ledger) -> None:
    fill(api)
    new = {"recipe": "sugar-cookies", "name": "Mini Sugar Cookie", "items_per_batch": "48"}
    assert created(api, "/finished-units", new, "mini-sugar-cookie") == {
        "slug": "mini-sugar-cookie",
        "name": "Mini Sugar Cookie",
        "recipe": "sugar-cookies",
        "items_per_batch": 48,
    }
    assert slugs(api.ok("GET", "/finished-units")) == ["mini-sugar-cookie", "sugar-cookie"]
    changed = api.ok("PATCH", "/finished-units/mini-sugar-cookie", {"items_per_batch": 60})
    assert changed["items_per_batch"] == 60 and changed["name"] == "Mini Sugar Cookie"
    renamed = api.ok("PATCH", "/finished-units/mini-sugar-cookie", {"name": "Tiny Sugar Cookie"})
    assert renamed["slug"] == "mini-sugar-cookie" and renamed["items_per_batch"] == 60
    assert entry(api.ok("DELETE", "/finished-units/mini-sugar-cookie"))["name"] == "Tiny Sugar Cookie"
    assert_problem(api.get("/finished-units/mini-sugar-cookie"), 404, "FinishedUnitNotFound")
    assert slugs(api.ok("GET", "/finished-units")) == ["sugar-cookie"]


def test_finished_unit_errors(api: Api, ledger: Ledger) -> None:
    fill(api)
    body = refused(api, ledger, "DELETE", "/finished-units/sugar-cookie", None, 409, "InUse")
    assert body["kind"] == "finished unit" and body["used_by"] == ["finished good cookie-bag"]
    refused(api, ledger, "GET", "/finished-units/brownie", None, 404, "FinishedUnitNotFound")
    refused(api, ledger, "PATCH", "/finished-units/brownie", {"name": "B"}, 404, "FinishedUnitNotFound")
    new = {"recipe": "sugar-cookies", "name": "Mini Sugar Cookie", "items_per_batch": 48}
    refused(api, ledger, "POST", "/finished-units", {**new, "recipe": "brownies"}, 404, "RecipeNotFound")
    for bad in (0, -3, "many", 2.5, "2.5"):
        body = refused(
            api, ledger, "POST", "/finished-units", {**new, "items_per_batch": bad}, 422, "ValidationError"
        )
        assert body["field"] == "items_per_batch"
    refused(
        api, ledger, "PATCH", "/finished-units/sugar-cookie", {"items_per_batch": 0}, 422, "ValidationError"
    )
    refused(
        api,
        ledger,
        "PATCH",
        "/finished-units/sugar-cookie",
        {"recipe": "royal-icing"},
        422,
        "ValidationError",
    )


# --- finished goods -----------------------------------------------------------------------------
def test_finished_goods_are_created_read_listed_changed_and_deleted(api: Api, ledger: Ledger) -> None:
    fill(api)
    box = {
        "name": "Cookie Box",
        "components": [{"kind": "finished_good", "slug": "cookie-bag", "quantity": 2}],
    }
    box["components"].append({"kind": "packaging", "slug": "cello-bag-uline-4x6", "quantity": "0.5"})
    assert created(api, "/finished-goods", box, "cookie-box") == {
        "slug": "cookie-box",
        "name": "Cookie Box",
        "components": [
            {"kind": "finished_good", "slug": "cookie-bag", "quantity": "2"},
            {"kind": "packaging", "slug": "cello-bag-uline-4x6", "quantity": "0.5"},
        ],
    }
    assert slugs(api.ok("GET", "/finished-goods")) == ["cookie-bag", "cookie-box"]
    components = [{"kind": "finished_unit", "slug": "sugar-cookie"}]
    changed = api.ok("PATCH", "/finished-goods/cookie-box", {"components": components})
    assert changed["components"] == [{"kind": "finished_unit", "slug": "sugar-cookie", "quantity": "1"}]
    assert changed["name"] == "Cookie Box"
    renamed = api.ok("PATCH", "/finished-goods/cookie-box", {"name": "Cookie Tin"})
    assert renamed["slug"] == "cookie-box" and renamed["components"] == changed["components"]
    assert entry(api.ok("DELETE", "/finished-goods/cookie-box"))["name"] == "Cookie Tin"
    assert_problem(api.get("/finished-goods/cookie-box"), 404, "FinishedGoodNotFound")
    assert slugs(api.ok("GET", "/finished-goods")) == ["cookie-bag"]


def test_finished_good_errors(api: Api, ledger: Ledger) -> None:
    fill(api)
    body = refused(api, ledger, "DELETE", "/finished-goods/cookie-bag", None, 409, "InUse")
    assert body["used_by"] == ["package neighbor-gift"]
    refused(
        api, ledger, "POST", "/finished-goods", {**COOKIE_BAG, "name": "COOKIE BAG"}, 409, "DuplicateName"
    )
    refused(api, ledger, "GET", "/finished-goods/tin", None, 404, "FinishedGoodNotFound")
    refused(api, ledger, "DELETE", "/finished-goods/tin", None, 404, "FinishedGoodNotFound")
    unit = {"kind": "finished_unit", "slug": "sugar-cookie", "quantity": 6}
    box = {"name": "Cookie Box"}
    refused(
        api,
        ledger,
        "POST",
        "/finished-goods",
        {**box, "components": [{**unit, "slug": "brownie"}]},
        404,
        "FinishedUnitNotFound",
    )
    body = refused(
        api,
        ledger,
        "POST",
        "/finished-goods",
        {**box, "components": [{**unit, "kind": "cake"}]},
        422,
        "ValidationError",
    )
    assert (
        body["field"] == "components[0].kind"
        and "must be one of finished_unit, finished_good, packaging" in body["detail"]
    )
    for bad in ("1.5", "0", -1, 6.0):
        body = refused(
            api,
            ledger,
            "POST",
            "/finished-goods",
            {**box, "components": [{**unit, "quantity": bad}]},
            422,
            "ValidationError",
        )
        assert "quantity" in body["field"]
    body = refused(api, ledger, "POST", "/finished-goods", {**box, "components": []}, 422, "ValidationError")
    assert body["field"] == "components"
    refused(
        api,
        ledger,
        "PATCH",
        "/finished-goods/cookie-bag",
        {"components": [{**unit, "quantity": "1.5"}]},
        422,
        "ValidationError",
    )


# --- packages -----------------------------------------------------------------------------------
def test_packages_are_created_read_listed_changed_and_deleted(api: Api, ledger: Ledger) -> None:
    fill(api)
    new = {"name": "Teacher Gift", "contents": [{"finished_good": "cookie-bag"}]}
    assert created(api, "/packages", new, "teacher-gift") == {
        "slug": "teacher-gift",
        "name": "Teacher Gift",
        "contents": [{"finished_good": "cookie-bag", "quantity": 1}],
    }
    assert slugs(api.ok("GET", "/packages")) == ["neighbor-gift", "teacher-gift"]
    contents = [{"finished_good": "cookie-bag", "quantity": "3"}]
    changed = api.ok("PATCH", "/packages/teacher-gift", {"contents": contents})
    assert (
        changed["contents"] == [{"finished_good": "cookie-bag", "quantity": 3}]
        and changed["name"] == "Teacher Gift"
    )
    renamed = api.ok("PATCH", "/packages/teacher-gift", {"name": "Coach Gift"})
    assert renamed["slug"] == "teacher-gift" and renamed["contents"] == changed["contents"]
    assert entry(api.ok("DELETE", "/packages/teacher-gift"))["contents"] == changed["contents"]
    assert_problem(api.get("/packages/teacher-gift"), 404, "PackageNotFound")
    assert slugs(api.ok("GET", "/packages")) == ["neighbor-gift"]


def test_package_errors(api: Api, ledger: Ledger) -> None:
    fill(api)
    assign_gift(ledger)
    body = refused(api, ledger, "DELETE", "/packages/neighbor-gift", None, 409, "InUse")
    assert body["used_by"] == ["1 assignment"]
    refused(api, ledger, "POST", "/packages", {"name": "neighbor gift"}, 409, "DuplicateName")
    refused(api, ledger, "GET", "/packages/hamper", None, 404, "PackageNotFound")
    refused(api, ledger, "PATCH", "/packages/hamper", {"name": "H"}, 404, "PackageNotFound")
    new = {"name": "Teacher Gift"}
    refused(
        api,
        ledger,
        "POST",
        "/packages",
        {**new, "contents": [{"finished_good": "tin"}]},
        404,
        "FinishedGoodNotFound",
    )
    for bad in (0, "1.5", 1.5, "one"):
        contents = [{"finished_good": "cookie-bag", "quantity": bad}]
        body = refused(
            api, ledger, "POST", "/packages", {**new, "contents": contents}, 422, "ValidationError"
        )
        assert "quantity" in body["field"]
    refused(
        api,
        ledger,
        "PATCH",
        "/packages/neighbor-gift",
        {"contents": [{"finished_good": "cookie-bag", "quantity": 0}]},
        422,
        "ValidationError",
    )


# --- recipients ---------------------------------------------------------------------------------
def test_recipients_are_created_read_listed_changed_and_deleted(api: Api, ledger: Ledger) -> None:
    made = created(api, "/recipients", {"name": "Ann Lee", "household": "Lee family"}, "ann-lee")
    assert made == {"slug": "ann-lee", "name": "Ann Lee", "household": "Lee family"}
    # two people may share a name: the second one's slug is told apart
    assert created(api, "/recipients", {"name": "Ann Lee"}, "ann-lee-2")["household"] is None
    assert slugs(api.ok("GET", "/recipients")) == ["ann-lee", "ann-lee-2"]
    changed = api.ok("PATCH", "/recipients/ann-lee-2", {"household": "Park family"})
    assert changed["household"] == "Park family" and changed["name"] == "Ann Lee"
    cleared = api.ok("PATCH", "/recipients/ann-lee", {"household": None, "name": "Ann Lee-Park"})
    assert cleared["household"] is None and cleared["slug"] == "ann-lee"
    assert entry(api.ok("DELETE", "/recipients/ann-lee")) == {
        "slug": "ann-lee",
        "name": "Ann Lee-Park",
        "household": None,
    }
    assert_problem(api.get("/recipients/ann-lee"), 404, "RecipientNotFound")
    assert slugs(api.ok("GET", "/recipients")) == ["ann-lee-2"]


def test_recipient_errors(api: Api, ledger: Ledger) -> None:
    fill(api)
    assign_gift(ledger)
    body = refused(api, ledger, "DELETE", "/recipients/ann-lee", None, 409, "InUse")
    assert body["kind"] == "recipient" and body["used_by"] == ["1 assignment"]
    refused(api, ledger, "GET", "/recipients/bob", None, 404, "RecipientNotFound")
    refused(api, ledger, "DELETE", "/recipients/bob", None, 404, "RecipientNotFound")
    refused(api, ledger, "POST", "/recipients", {"name": "   "}, 422, "ValidationError")
    refused(api, ledger, "POST", "/recipients", {"name": 7}, 422, "ValidationError")
    refused(api, ledger, "PATCH", "/recipients/ann-lee", {"name": None}, 422, "ValidationError")


# --- every route: the roles it needs, and the OpenAPI document -----------------------------------
ROUTES = sorted(
    (method, path.replace("{slug:str}", "{slug}"))
    for handler in catalogue.ROUTES
    for method in handler.http_methods
    for path in handler.paths
)
IN_USE = {  # an entry of each kind that fill() makes, in use once the gift is assigned
    "ingredients": "flour",
    "products": "cello-bag-uline-4x6",
    "recipes": "sugar-cookies",
    "finished-units": "sugar-cookie",
    "finished-goods": "cookie-bag",
    "packages": "neighbor-gift",
    "recipients": "ann-lee",
}
WELL_FORMED = {  # a body each write would accept from the owner
    ("POST", "ingredients"): {"name": "Oats"},
    ("POST", "products"): {
        "ingredient": "flour",
        "brand": "Gold",
        "package_unit": "kg",
        "package_unit_quantity": 1,
    },
    ("POST", "recipes"): {"name": "Shortbread"},
    ("POST", "finished-units"): {"recipe": "sugar-cookies", "name": "Big Cookie", "items_per_batch": 6},
    ("POST", "finished-goods"): {
        "name": "Tin",
        "components": [{"kind": "finished_good", "slug": "cookie-bag"}],
    },
    ("POST", "packages"): {"name": "Hamper"},
    ("POST", "recipients"): {"name": "Bob"},
    ("PATCH", "products"): {"brand": "Gold"},
}


def test_the_catalogue_has_five_routes_for_each_of_its_seven_kinds() -> None:
    assert len(ROUTES) == 35
    assert {path.split("/")[1] for _, path in ROUTES} == set(IN_USE)


def request_of(method: str, path: str) -> tuple[str, dict[str, Any] | None]:
    kind = path.split("/")[1]
    body = WELL_FORMED.get((method, kind), {"name": "Renamed"}) if method in ("POST", "PATCH") else None
    return path.replace("{slug}", IN_USE[kind]), body


def test_every_route_refuses_a_missing_token_and_lets_a_viewer_read(api: Api) -> None:
    fill(api)
    for method, route in ROUTES:
        path, body = request_of(method, route)
        assert_problem(api.call(method, path, role=None, json=body), 401, "NotAuthenticated")
        if method == "GET":
            for role in ("viewer", "baker"):
                response = api.call(method, path, role=role)
                assert response.status_code == 200, (role, path, response.text)


def test_every_write_needs_the_owner_and_writes_nothing_for_anyone_else(api: Api, ledger: Ledger) -> None:
    fill(api)
    assign_gift(ledger)
    before = everything(ledger)
    writes = [(method, route) for method, route in ROUTES if method != "GET"]
    assert len(writes) == 21
    for method, route in writes:
        path, body = request_of(method, route)
        for role in ("viewer", "baker"):
            problem = assert_problem(api.call(method, path, role=role, json=body), 403, "NotAllowed")
            assert problem["role"] == role and problem["needed"] == "owner"
    assert everything(ledger) == before
    for method, route in writes:  # the owner gets past the guard to the service
        path, body = request_of(method, route)
        response = api.call(method, path, role="owner", json=body)
        expected = (
            409 if method == "DELETE" else 201 if method == "POST" else 200
        )  # fill()'s entries are in use
        assert response.status_code == expected, (method, path, response.text)


def test_the_openapi_document_has_every_catalogue_route_and_its_bodies(api: Api) -> None:
    document = api.ok("GET", "/openapi.json", role=None)
    for method, route in ROUTES:
        operation = document["paths"][f"/api/v1{route}"][method.lower()]
        assert operation["tags"] == ["catalogue"]
    schemas = document["components"]["schemas"]
    number = {"oneOf": [{"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"}, {"type": "integer"}]}
    assert schemas["NewRecipe"]["properties"]["ingredients"]["items"] == {
        "$ref": "#/components/schemas/RecipeLineRow"
    }
    assert schemas["RecipeLineRow"]["properties"]["quantity"] == number
    assert schemas["RecipeComponentRow"]["properties"]["multiplier"] == number
    assert schemas["NewProduct"]["properties"]["package_unit_quantity"] == number
    row = schemas["BundleComponentRow"]["properties"]
    assert (
        row["kind"]["enum"] == ["finished_unit", "finished_good", "packaging"] and row["quantity"] == number
    )
    assert schemas["NewFinishedGood"]["properties"]["components"]["items"] == {
        "$ref": "#/components/schemas/BundleComponentRow"
    }
    assert schemas["PackageContentRow"]["properties"]["quantity"] == {"type": "integer"}
    assert schemas["RecipeLineDTO"]["properties"]["quantity"]["pattern"] == "^-?[0-9]+(\\.[0-9]{0,5}[1-9])?$"
    products = {p["name"] for p in document["paths"]["/api/v1/products"]["get"]["parameters"]}
    assert products == {"ingredient", "limit", "offset"}
