"""Inventory over HTTP: purchases (idempotent with a key), lots, stock, depletions, finished stock."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.services import inventory
from tests.helpers import count, dump
from tests.http.conftest import Api, assert_problem
from tests.http.kitchen import BAKE, FLOUR, SUGAR, buy, finished, setup_shortbread, stock, stocked_shortbread

PURCHASE = {"product": FLOUR, "packages": 2, "price_per_package": "4.29", "purchased_on": "2025-11-01"}


def test_a_purchase_is_201_with_its_lot_at_its_own_unit_cost(api: Api, ledger: Ledger) -> None:
    setup_shortbread(ledger)
    response = api.post("/purchases", {**PURCHASE, "supplier": "Corner Shop"}, role="baker")
    assert response.status_code == 201, response.text
    lot = response.json()
    assert response.headers["location"] == f"/api/v1/lots/{lot['id']}"
    assert "idempotent-replayed" not in response.headers
    assert {k: lot[k] for k in ("product", "ingredient", "quantity", "remaining", "unit", "unit_cost")} == {
        "product": FLOUR,
        "ingredient": "flour",
        "quantity": "10",
        "remaining": "10",
        "unit": "lb",
        "unit_cost": "0.8580",
    }
    assert (lot["purchased_on"], lot["supplier"], lot["expires_on"]) == ("2025-11-01", "Corner Shop", None)
    assert api.ok("GET", response.headers["location"].removeprefix("/api/v1")) == lot
    assert stock(ledger, "flour", "lb") == "10"


def test_numbers_may_be_integers_or_strings_never_json_floats(api: Api, ledger: Ledger) -> None:
    setup_shortbread(ledger)
    lot = buy(api, SUGAR, "2.5", 3)  # 2.5 bags at 3 (written 3.00)
    assert (lot["quantity"], lot["unit_cost"]) == ("2.5", "3.0000")
    for field, value in (("packages", 2.5), ("price_per_package", 4.29)):
        body = assert_problem(
            api.post("/purchases", {**PURCHASE, field: value}, role="baker"), 422, "ValidationError"
        )
        assert body["field"] == field and "write it as a string" in body["detail"]
    for field, value in (("packages", "two"), ("packages", "-1"), ("price_per_package", "abc")):
        body = assert_problem(
            api.post("/purchases", {**PURCHASE, field: value}, role="baker"), 422, "ValidationError"
        )
        assert body["field"] == field
    body = assert_problem(
        api.post("/purchases", {**PURCHASE, "colour": "red"}, role="baker"), 422, "ValidationError"
    )
    assert "colour" in body["detail"]
    assert stock(ledger, "flour", "lb") == "0"


def test_a_purchase_of_an_unknown_product_is_404_and_buys_nothing(api: Api, ledger: Ledger) -> None:
    setup_shortbread(ledger)
    body = assert_problem(
        api.post("/purchases", {**PURCHASE, "product": "rye-mill"}, role="baker"), 404, "ProductNotFound"
    )
    assert body["key"] == "rye-mill"
    with ledger.uow(read_only=True) as uow:
        assert inventory.list_lots(uow, include_empty=True) == []


def test_a_repeated_key_replays_the_first_purchase(api: Api, ledger: Ledger, fresh: Engine) -> None:
    setup_shortbread(ledger)
    key = {"Idempotency-Key": "till-receipt-0042"}
    first = api.post("/purchases", PURCHASE, role="baker", headers=key)
    assert first.status_code == 201 and "idempotent-replayed" not in first.headers
    before = dump(fresh)
    # the same purchase, its numbers spelled otherwise
    again = api.post(
        "/purchases", {**PURCHASE, "packages": "2.0", "price_per_package": "4.290"}, role="baker", headers=key
    )
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["location"] == first.headers["location"]
    assert again.json() == first.json()
    assert dump(fresh) == before
    assert count(fresh, "lots") == 1 and stock(ledger, "flour", "lb") == "10"


def test_a_repeated_key_with_another_body_is_422_and_buys_nothing(
    api: Api, ledger: Ledger, fresh: Engine
) -> None:
    setup_shortbread(ledger)
    key = {"Idempotency-Key": "till-receipt-0043"}
    api.ok("POST", "/purchases", PURCHASE, status=201, role="baker", headers=key)
    before = dump(fresh)
    for changed in ({"packages": 3}, {"price_per_package": "4.30"}, {"supplier": "Mill Shop"}):
        response = api.post("/purchases", {**PURCHASE, **changed}, role="baker", headers=key)
        assert assert_problem(response, 422, "IdempotencyConflict")["key"] == "till-receipt-0043"
    assert dump(fresh) == before
    assert stock(ledger, "flour", "lb") == "10"


def test_a_blank_or_overlong_key_is_422(api: Api, ledger: Ledger) -> None:
    setup_shortbread(ledger)
    for key in ("   ", "k" * 201):
        response = api.post("/purchases", PURCHASE, role="baker", headers={"Idempotency-Key": key})
        assert assert_problem(response, 422, "ValidationError")["field"] == "idempotency_key"
    assert stock(ledger, "flour", "lb") == "0"


def test_lots_oldest_first_by_ingredient_in_pages_empty_ones_when_asked(api: Api, ledger: Ledger) -> None:
    setup_shortbread(ledger)
    newer = buy(api, FLOUR, 1, "4.50", purchased_on="2025-11-20")
    older = buy(api, FLOUR, 1, "4.29", purchased_on="2025-11-02")
    sugar = buy(api, SUGAR, 1, "0.90")
    flour_lots = api.ok("GET", "/lots", params={"ingredient": "flour"})
    assert [lot["id"] for lot in flour_lots["items"]] == [older["id"], newer["id"]]
    first = api.ok("GET", "/lots", params={"limit": 2})
    assert [lot["id"] for lot in first["items"]] == [older["id"], newer["id"]]
    assert first["next"] == "/api/v1/lots?limit=2&offset=2"
    assert api.ok("GET", "/lots", params={"limit": 2, "offset": 2}) == {"items": [sugar], "next": None}
    api.ok("POST", "/depletions", {"lot_id": sugar["id"], "quantity": 1, "reason": "gift"}, role="baker")
    assert [lot["id"] for lot in api.ok("GET", "/lots")["items"]] == [older["id"], newer["id"]]
    everything = api.ok("GET", "/lots", params={"include_empty": "true"})["items"]
    assert [(lot["id"], lot["remaining"]) for lot in everything][-1] == (sugar["id"], "0")
    assert_problem(api.get("/lots", params={"ingredient": "rye"}), 404, "IngredientNotFound")
    assert_problem(api.get("/lots/999"), 404, "LotNotFound")


def test_stock_of_an_ingredient_in_any_unit_it_converts_to(api: Api, ledger: Ledger) -> None:
    stocked_shortbread(ledger, api)
    buy(api, FLOUR, 1, "4.50")
    assert api.ok("GET", "/stock/flour", params={"unit": "lb"}) == {
        "ingredient": "flour",
        "unit": "lb",
        "quantity": "15",
    }
    assert api.ok("GET", "/stock/flour", params={"unit": "OZ"}) == {
        "ingredient": "flour",
        "unit": "oz",
        "quantity": "240",
    }
    assert_problem(api.get("/stock/rye", params={"unit": "lb"}), 404, "IngredientNotFound")
    assert_problem(api.get("/stock/flour", params={"unit": "cup"}), 422, "UnitConversionError")
    assert_problem(api.get("/stock/flour"), 422, "ValidationError")  # the unit is required


def test_a_depletion_takes_from_one_lot_and_answers_it(api: Api, ledger: Ledger) -> None:
    stocked_shortbread(ledger, api)
    flour = api.ok("GET", "/lots", params={"ingredient": "flour"})["items"][0]
    lot = api.ok(
        "POST", "/depletions", {"lot_id": flour["id"], "quantity": "0.5", "reason": "spoilage"}, role="baker"
    )
    assert (lot["id"], lot["quantity"], lot["remaining"]) == (flour["id"], "10", "9.5")
    assert stock(ledger, "flour", "lb") == "9.5"


def test_a_depletion_refused_takes_nothing(api: Api, ledger: Ledger, fresh: Engine) -> None:
    stocked_shortbread(ledger, api)
    flour = api.ok("GET", "/lots", params={"ingredient": "flour"})["items"][0]
    before = dump(fresh)
    body = assert_problem(
        api.post("/depletions", {"lot_id": flour["id"], "quantity": 11, "reason": "spoilage"}, role="baker"),
        409,
        "InsufficientStock",
    )
    assert (body["ingredient"], body["needed"], body["available"], body["unit"]) == (
        "flour",
        "11",
        "10",
        "lb",
    )
    assert_problem(
        api.post("/depletions", {"lot_id": 999, "quantity": 1, "reason": "gift"}, role="baker"),
        404,
        "LotNotFound",
    )
    no_notes = api.post(
        "/depletions", {"lot_id": flour["id"], "quantity": 1, "reason": "other"}, role="baker"
    )
    assert_problem(no_notes, 422, "ValidationError")
    floated = api.post(
        "/depletions", {"lot_id": flour["id"], "quantity": 0.5, "reason": "gift"}, role="baker"
    )
    assert assert_problem(floated, 422, "ValidationError")["field"] == "quantity"
    assert dump(fresh) == before
    assert stock(ledger, "flour", "lb") == "10"


def test_finished_stock_lists_counts_and_values(api: Api, ledger: Ledger) -> None:
    stocked_shortbread(ledger, api)
    assert api.ok("GET", "/finished-stock") == {
        "items": [{"kind": "finished_unit", "slug": "shortbread-finger", "count": 0, "value": "0.00"}],
        "next": None,
    }
    api.ok("POST", "/production-runs", BAKE, status=201, role="baker")
    assert api.ok("GET", "/finished-stock")["items"] == [
        {"kind": "finished_unit", "slug": "shortbread-finger", "count": 38, "value": "5.23"}
    ]
    assert finished(ledger, "finished_unit", "shortbread-finger") == 38
