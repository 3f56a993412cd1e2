"""A season run over real HTTP by a client that knows only the OpenAPI document, on each backend:
catalogue, purchases, bakes with idempotency keys, assembly, an event with targets and assignments,
progress, costs, the shopping list, the plan and an export; and bakes racing for too little stock."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema_rs import Draft202012Validator

from tests.http.server import Served, create_token, fresh_database, serving


class OpenApiClient:
    """Calls only what the server's OpenAPI document describes, and checks every answer against it."""

    def __init__(self, served: Served) -> None:
        self.http = served.client()
        self.document = self.http.get("/api/v1/openapi.json").json()

    def call(self, method: str, template: str, *, expect: int, **kwargs: Any) -> httpx.Response:
        path = f"/api/v1{template}"
        operation = self.document["paths"][path.split("?")[0]][method.lower()]  # KeyError: not documented
        concrete = path.format(**kwargs.pop("path", {}))
        response = self.http.request(method, concrete, **kwargs)
        assert response.status_code == expect, f"{method} {concrete}: {response.status_code} {response.text}"
        documented = operation["responses"].get(str(expect))
        assert documented is not None, f"{method} {template} does not document {expect}"
        content = documented.get("content", {})
        media = response.headers["content-type"].split(";")[0]
        if media in content and "schema" in content[media]:
            schema = {**content[media]["schema"], "components": self.document["components"]}
            Draft202012Validator(schema).validate(response.json())
        return response

    def json(self, method: str, template: str, *, expect: int = 200, **kwargs: Any) -> Any:
        return self.call(method, template, expect=expect, **kwargs).json()


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Served]:
    with fresh_database(request.param, tmp_path) as url:
        token = str(create_token(url, "owner", "season")["token"])
        with serving(url, tmp_path, token=token) as served:
            yield served


def _catalogue(api: OpenApiClient) -> None:
    api.json("POST", "/ingredients", expect=201, json={"name": "Flour"})
    api.json("POST", "/ingredients", expect=201, json={"name": "Sugar"})
    api.json("POST", "/ingredients", expect=201, json={"name": "Gift bag", "category": "packaging"})
    for ingredient, unit, quantity in (
        ("flour", "cup", "10"),
        ("sugar", "cup", "5"),
        ("gift-bag", "each", "10"),
    ):
        api.json(
            "POST",
            "/products",
            expect=201,
            json={
                "ingredient": ingredient,
                "brand": "Shop",
                "package_unit": unit,
                "package_unit_quantity": quantity,
            },
        )
    api.json(
        "POST",
        "/recipes",
        expect=201,
        json={
            "name": "Sugar Cookies",
            "ingredients": [
                {"ingredient": "flour", "quantity": "2", "unit": "cup"},
                {"ingredient": "sugar", "quantity": 1, "unit": "cup"},
            ],
        },
    )
    api.json(
        "POST",
        "/finished-units",
        expect=201,
        json={"recipe": "sugar-cookies", "name": "Sugar Cookie", "items_per_batch": 24},
    )
    api.json(
        "POST",
        "/finished-goods",
        expect=201,
        json={
            "name": "Cookie Bag",
            "components": [
                {"kind": "finished_unit", "slug": "sugar-cookie", "quantity": 6},
                {"kind": "packaging", "slug": "gift-bag-shop", "quantity": 1},
            ],
        },
    )
    api.json(
        "POST", "/packages", expect=201, json={"name": "Gift", "contents": [{"finished_good": "cookie-bag"}]}
    )
    api.json("POST", "/recipients", expect=201, json={"name": "Grandma"})


def test_a_whole_season_over_http(server: Served) -> None:
    api = OpenApiClient(server)
    _catalogue(api)
    products = {p["ingredient"]: p["slug"] for p in api.json("GET", "/products")["items"]}
    prices = {"flour": "5.00", "sugar": "3.00", "gift-bag": "2.00"}
    for ingredient, price in prices.items():
        lot = api.json(
            "POST",
            "/purchases",
            expect=201,
            headers={"Idempotency-Key": f"buy-{ingredient}"},
            json={"product": products[ingredient], "packages": 1, "price_per_package": price},
        )
        assert lot["remaining"] == lot["quantity"]
    assert api.json("GET", "/stock/{ingredient}", path={"ingredient": "flour"}, params={"unit": "cup"}) == {
        "ingredient": "flour",
        "unit": "cup",
        "quantity": "10",
    }

    event = api.json(
        "POST",
        "/events",
        expect=201,
        json={"name": "Christmas", "event_date": (dt.date.today() + dt.timedelta(days=20)).isoformat()},
    )
    at = {"event_id": event["id"]}
    api.json(
        "PUT",
        "/events/{event_id}/production-targets/{recipe}",
        path={**at, "recipe": "sugar-cookies"},
        json={"batches": 2},
    )
    api.json(
        "PUT",
        "/events/{event_id}/assembly-targets/{finished_good}",
        path={**at, "finished_good": "cookie-bag"},
        json={"quantity": 4},
    )
    assignment = api.json(
        "POST",
        "/events/{event_id}/assignments",
        expect=201,
        path=at,
        json={"recipient": "grandma", "package": "gift", "quantity": 4},
    )
    plan = api.json("POST", "/events/{event_id}/plan", path=at)
    # 2 batches at 1.60, and 4 bundles of 6 cookies (1.60) and a bag (0.20): each cent once, the
    # bundles' cookies are in the bake's cost and not again in theirs
    assert plan["feasible"] is True and (plan["total_cost"], plan["bundled_cost"]) == ("4.00", "1.60")

    check = api.json("POST", "/production-checks", json={"recipe": "sugar-cookies", "batches": 2})
    assert check["can_produce"] is True
    bake = {"recipe": "sugar-cookies", "finished_unit": "sugar-cookie", "batches": 1, "event": event["id"]}
    first = api.call("POST", "/production-runs", expect=201, headers={"Idempotency-Key": "bake-1"}, json=bake)
    again = api.call("POST", "/production-runs", expect=201, headers={"Idempotency-Key": "bake-1"}, json=bake)
    assert again.headers["idempotent-replayed"] == "true" and again.json()["id"] == first.json()["id"]
    assert first.json()["total_ingredient_cost"] == "1.60" and first.json()["per_unit_cost"] == "0.0667"
    api.call("POST", "/production-runs", expect=201, headers={"Idempotency-Key": "bake-2"}, json=bake)
    bags = api.json(
        "POST",
        "/assembly-runs",
        expect=201,
        headers={"Idempotency-Key": "bag-1"},
        json={"finished_good": "cookie-bag", "quantity": 4, "event": event["id"]},
    )
    assert bags["total_component_cost"] == "2.40"  # 24 cookies at 1.60 a batch of 24, and 4 bags at 0.20

    progress = api.json("GET", "/events/{event_id}/progress", path=at)
    assert [p["percent"] for p in progress["production"]] == ["100.00"]
    assert [a["percent"] for a in progress["assembly"]] == ["100.00"]
    for status in ("ready", "delivered"):
        api.json(
            "PATCH",
            "/events/{event_id}/assignments/{assignment_id}",
            path={**at, "assignment_id": assignment["id"]},
            json={"status": status},
        )
    overall = api.json("GET", "/events/{event_id}/progress", path=at)["overall"]
    assert overall["overall_percent"] == "100.00"
    assert overall["packages_delivered"] == overall["packages_total"] == 1  # one assignment (of 4 gifts)

    costs = api.json("GET", "/events/{event_id}/costs", path=at)
    assert costs["production_cost"] == "3.20" and costs["assembly_cost"] == "2.40"
    shopping = api.json("GET", "/events/{event_id}/shopping-list", path=at)
    assert all(item["to_buy"] == "0" for item in shopping["items"])
    left = {
        i: api.json("GET", "/stock/{ingredient}", path={"ingredient": i}, params={"unit": u})["quantity"]
        for i, u in (("flour", "cup"), ("sugar", "cup"), ("gift-bag", "each"))
    }
    assert left == {"flour": "6", "sugar": "3", "gift-bag": "6"}

    exported = api.call("GET", "/export", expect=200)
    digest = api.json("GET", "/digest")["digest"]
    assert hashlib.sha256(exported.content).hexdigest() == digest


def test_bakes_racing_for_too_little_stock_over_http(server: Served) -> None:
    """Eight bakes at once with flour for three: exactly three are made, the rest refused (409),
    and every lot's ledger balances."""
    api = OpenApiClient(server)
    _catalogue(api)
    products = {p["ingredient"]: p["slug"] for p in api.json("GET", "/products")["items"]}
    api.json(
        "POST",
        "/purchases",
        expect=201,
        json={"product": products["flour"], "packages": "0.6", "price_per_package": "5.00"},
    )  # 6 cups: 3 batches
    api.json(
        "POST",
        "/purchases",
        expect=201,
        json={"product": products["sugar"], "packages": 2, "price_per_package": "3.00"},
    )
    statuses: list[int] = []
    start = threading.Barrier(8)

    def bake() -> None:
        with server.client() as client:
            start.wait()
            for _ in range(5):  # a 503 may be retried after its Retry-After
                response = client.post(
                    "/api/v1/production-runs",
                    headers={"Idempotency-Key": uuid.uuid4().hex},
                    json={"recipe": "sugar-cookies", "finished_unit": "sugar-cookie", "batches": 1},
                )
                if response.status_code != 503:
                    break
                time.sleep(float(response.headers.get("retry-after", "1")))
            statuses.append(response.status_code)

    threads = [threading.Thread(target=bake) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(statuses) == [201] * 3 + [409] * 5
    runs = api.json("GET", "/production-runs")["items"]
    assert len(runs) == 3
    lots = api.json("GET", "/lots", params={"ingredient": "flour", "include_empty": "true"})["items"]
    assert [(lot["quantity"], lot["remaining"]) for lot in lots] == [("6", "0")]
    assert (
        api.json("GET", "/stock/{ingredient}", path={"ingredient": "sugar"}, params={"unit": "cup"})[
            "quantity"
        ]
        == "7"
    )


def test_a_bounded_load_of_mixed_requests_gets_no_server_error(server: Served) -> None:
    """Four clients, fifty requests each of reads and bakes: every answer is a success or a typed
    refusal, never a 5xx, and the runs made are exactly the successful bakes."""
    api = OpenApiClient(server)
    _catalogue(api)
    products = {p["ingredient"]: p["slug"] for p in api.json("GET", "/products")["items"]}
    for ingredient, packages in (("flour", 3), ("sugar", 3)):
        api.json(
            "POST",
            "/purchases",
            expect=201,
            json={"product": products[ingredient], "packages": packages, "price_per_package": "2.00"},
        )
    statuses: list[int] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        with server.client() as http:
            for i in range(50):
                if i % 5 == 4:
                    response = http.post(
                        "/api/v1/production-runs",
                        headers={"Idempotency-Key": f"{n}-{i}"},
                        json={"recipe": "sugar-cookies", "finished_unit": "sugar-cookie", "batches": 1},
                    )
                elif i % 2:
                    response = http.get("/api/v1/stock/flour", params={"unit": "cup"})
                else:
                    response = http.get("/api/v1/events", params={"with_progress": "true"})
                with lock:
                    statuses.append(response.status_code)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert len(statuses) == 200 and all(status < 500 for status in statuses)
    made = statuses.count(201)
    assert made == 15  # 30 cups of flour at 2 a batch: 15 bakes succeed, the other 25 are refused
    assert statuses.count(409) == 25
    assert len(api.json("GET", "/production-runs", params={"limit": 100})["items"]) == made
