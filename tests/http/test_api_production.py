"""Production over HTTP: checks, runs (idempotent with a key), history, reversal."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.services import events
from tests.helpers import count, dump
from tests.http.conftest import Api, assert_problem
from tests.http.kitchen import BAKE, FINGER, RECIPE, finished, production_runs, stock, stocked_shortbread

ONE_BATCH = {"recipe": RECIPE, "finished_unit": FINGER, "batches": 1}  # 20 fingers, no loss


def _bake(api: Api, **body: Any) -> dict[str, Any]:
    result: dict[str, Any] = api.ok("POST", "/production-runs", body or BAKE, status=201, role="baker")
    return result


def test_a_check_says_what_a_bake_would_cost_and_writes_nothing(
    api: Api, ledger: Ledger, fresh: Engine
) -> None:
    stocked_shortbread(ledger, api)
    before = dump(fresh)
    assert api.ok("POST", "/production-checks", {"recipe": RECIPE, "batches": 2}, role="viewer") == {
        "can_produce": True,
        "missing": [],
        "estimated_cost": "5.23",  # 4 lb flour at 0.8580 + 2 lb sugar at 0.9000
        "on_hand_cost": "5.23",
        "shortfall_cost": "0.00",
        "unpriced": [],
    }
    short = api.ok("POST", "/production-checks", {"recipe": RECIPE, "batches": 4}, role="viewer")
    assert short["can_produce"] is False
    assert short["missing"] == [{"ingredient": "sugar", "needed": "4", "available": "3", "unit": "lb"}]
    # 8 lb flour (6.864) + the 3 lb of sugar on hand (2.70); the 4th lb at the last price, 0.90
    assert (short["on_hand_cost"], short["shortfall_cost"], short["estimated_cost"]) == (
        "9.56",
        "0.90",
        "10.46",
    )
    half = api.ok(
        "POST", "/production-checks", {"recipe": RECIPE, "batches": 1, "scale": "0.5"}, role="viewer"
    )
    assert half["on_hand_cost"] == "1.31"  # 1 lb flour 0.858 + 0.5 lb sugar 0.45
    assert dump(fresh) == before
    assert_problem(
        api.post("/production-checks", {"recipe": "scones", "batches": 1}, role="viewer"),
        404,
        "RecipeNotFound",
    )
    floated = api.post("/production-checks", {"recipe": RECIPE, "batches": 1, "scale": 0.5}, role="viewer")
    assert assert_problem(floated, 422, "ValidationError")["field"] == "scale"


def test_a_bake_is_201_with_its_costs_and_takes_the_stock(api: Api, ledger: Ledger) -> None:
    stocked_shortbread(ledger, api)
    response = api.post("/production-runs", {**BAKE, "notes": "for the fair"}, role="baker")
    assert response.status_code == 201, response.text
    run = response.json()
    assert response.headers["location"] == f"/api/v1/production-runs/{run['id']}"
    assert {
        k: run[k] for k in ("recipe", "finished_unit", "batches", "scale", "expected_yield", "actual_yield")
    } == {
        "recipe": RECIPE,
        "finished_unit": FINGER,
        "batches": 2,
        "scale": "1",
        "expected_yield": 40,
        "actual_yield": 38,
    }
    # flour 4 lb × 0.8580 = 3.432, sugar 2 lb × 0.9000 = 1.80: 5.232 over 38 fingers
    assert (run["total_ingredient_cost"], run["per_unit_cost"]) == ("5.23", "0.1377")
    assert (run["status"], run["loss_quantity"], run["loss_cost"]) == ("partial_loss", 2, "0.26")
    assert run["losses"] == [{"category": "burnt", "quantity": 2, "cost": "0.26", "notes": None}]
    assert [(c["ingredient"], c["quantity"], c["unit"], c["cost"]) for c in run["consumptions"]] == [
        ("flour", "4", "lb", "3.43"),
        ("sugar", "2", "lb", "1.80"),
    ]
    assert run["consumptions"][0]["lots"][0]["unit_cost"] == "0.8580"
    assert (run["notes"], run["reversed"], run["idempotency_key"]) == ("for the fair", False, None)
    assert api.ok("GET", f"/production-runs/{run['id']}") == run
    assert (stock(ledger, "flour", "lb"), stock(ledger, "sugar", "lb")) == ("6", "1")
    assert finished(ledger, "finished_unit", FINGER) == 38


def test_a_bake_short_of_stock_is_409_and_consumes_nothing(api: Api, ledger: Ledger, fresh: Engine) -> None:
    stocked_shortbread(ledger, api)
    before = dump(fresh)
    body = assert_problem(
        api.post("/production-runs", {**BAKE, "batches": 4}, role="baker"), 409, "InsufficientStock"
    )
    assert (body["ingredient"], body["needed"], body["available"], body["unit"]) == ("sugar", "4", "3", "lb")
    assert dump(fresh) == before
    assert (stock(ledger, "flour", "lb"), stock(ledger, "sugar", "lb")) == ("10", "3")
    assert finished(ledger, "finished_unit", FINGER) == 0 and production_runs(ledger) == []


def test_unknown_things_are_404(api: Api, ledger: Ledger, fresh: Engine) -> None:
    stocked_shortbread(ledger, api)
    before = dump(fresh)
    assert_problem(
        api.post("/production-runs", {**BAKE, "recipe": "scones"}, role="baker"), 404, "RecipeNotFound"
    )
    assert_problem(api.post("/production-runs", {**BAKE, "event": 99}, role="baker"), 404, "EventNotFound")
    assert_problem(api.get("/production-runs/99"), 404, "ProductionRunNotFound")
    assert_problem(
        api.post("/production-runs/99/reversal", {"reason": "oops"}, role="baker"),
        404,
        "ProductionRunNotFound",
    )
    assert_problem(api.get("/production-runs", params={"recipe": "scones"}), 404, "RecipeNotFound")
    assert dump(fresh) == before


def test_bad_numbers_are_422_and_bake_nothing(api: Api, ledger: Ledger, fresh: Engine) -> None:
    stocked_shortbread(ledger, api)
    before = dump(fresh)
    for field, value in (
        ("batches", 1.5),
        ("batches", "two"),
        ("batches", 0),
        ("scale", 1.5),
        ("scale", "-1"),
        ("actual_yield", 41),
    ):
        response = api.post("/production-runs", {**BAKE, field: value}, role="baker")
        assert assert_problem(
            response, 422, "ValidationError" if field != "actual_yield" else "YieldExceedsExpected"
        )
    assert_problem(api.post("/production-runs", {**BAKE, "oven": 2}, role="baker"), 422, "ValidationError")
    assert_problem(api.get("/production-runs/abc"), 404, "NotFound")  # no such route
    assert dump(fresh) == before


def test_a_reversal_gives_everything_back_once(api: Api, ledger: Ledger, fresh: Engine) -> None:
    stocked_shortbread(ledger, api)
    run = _bake(api)
    undone = api.ok(
        "POST", f"/production-runs/{run['id']}/reversal", {"reason": "counted twice"}, role="baker"
    )
    assert (undone["id"], undone["reversed"], undone["reversal_reason"]) == (run["id"], True, "counted twice")
    assert undone["total_ingredient_cost"] == "5.23" and undone["reversed_at"] is not None
    assert (stock(ledger, "flour", "lb"), stock(ledger, "sugar", "lb")) == ("10", "3")
    assert finished(ledger, "finished_unit", FINGER) == 0
    before = dump(fresh)
    again = api.post(f"/production-runs/{run['id']}/reversal", {"reason": "counted twice"}, role="baker")
    assert assert_problem(again, 409, "InvalidTransition")["current"] == "reversed"
    assert_problem(
        api.post(f"/production-runs/{run['id']}/reversal", {}, role="baker"), 422, "ValidationError"
    )
    assert dump(fresh) == before
    assert api.ok("GET", f"/production-runs/{run['id']}")["reversed"] is True


def test_a_repeated_key_replays_the_first_bake(api: Api, ledger: Ledger, fresh: Engine) -> None:
    stocked_shortbread(ledger, api)
    key = {"Idempotency-Key": "bake-sat-1"}
    first = api.post("/production-runs", BAKE, role="baker", headers=key)
    assert first.status_code == 201 and "idempotent-replayed" not in first.headers
    assert first.json()["idempotency_key"] == "bake-sat-1"
    before = dump(fresh)
    again = api.post("/production-runs", {**BAKE, "batches": "2", "scale": "1.0"}, role="baker", headers=key)
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["location"] == first.headers["location"]
    assert again.json() == first.json()
    assert dump(fresh) == before
    assert (stock(ledger, "flour", "lb"), stock(ledger, "sugar", "lb")) == ("6", "1")
    assert count(fresh, "production_runs") == 1


def test_a_repeated_key_with_another_body_is_422_and_bakes_nothing(
    api: Api, ledger: Ledger, fresh: Engine
) -> None:
    stocked_shortbread(ledger, api)
    key = {"Idempotency-Key": "bake-sat-2"}
    api.ok("POST", "/production-runs", ONE_BATCH, status=201, role="baker", headers=key)
    before = dump(fresh)
    for changed in ({"batches": 2}, {"actual_yield": 19, "loss_category": "burnt"}, {"notes": "x"}):
        response = api.post("/production-runs", {**ONE_BATCH, **changed}, role="baker", headers=key)
        assert assert_problem(response, 422, "IdempotencyConflict")["key"] == "bake-sat-2"
    assert dump(fresh) == before


def test_history_newest_first_filtered_and_in_pages(api: Api, ledger: Ledger) -> None:
    stocked_shortbread(ledger, api)
    with ledger.uow() as uow:
        fair = events.create_event(uow, name="Winter Fair", event_date="2025-12-13")
        uow.commit()
    early = _bake(api, **ONE_BATCH, produced_at="2025-11-02T10:00:00")
    middle = _bake(api, **ONE_BATCH, produced_at="2025-11-09T10:00:00", event=fair.id)
    late = _bake(api, **ONE_BATCH, produced_at="2025-11-16T10:00:00")
    every = api.ok("GET", "/production-runs")
    assert [r["id"] for r in every["items"]] == [late["id"], middle["id"], early["id"]] and every[
        "next"
    ] is None
    assert every["items"][0]["consumptions"] == []  # a list is light: the run alone
    first = api.ok("GET", "/production-runs", params={"limit": 2})
    assert [r["id"] for r in first["items"]] == [late["id"], middle["id"]]
    assert first["next"] == "/api/v1/production-runs?limit=2&offset=2"
    rest = api.ok("GET", first["next"].removeprefix("/api/v1"))
    assert [r["id"] for r in rest["items"]] == [early["id"]] and rest["next"] is None
    assert [r["id"] for r in api.ok("GET", "/production-runs", params={"event": fair.id})["items"]] == [
        middle["id"]
    ]
    window = api.ok(
        "GET", "/production-runs", params={"from": "2025-11-09", "to": "2025-11-16", "recipe": RECIPE}
    )
    assert [r["id"] for r in window["items"]] == [late["id"], middle["id"]]
    assert_problem(api.get("/production-runs", params={"from": "last week"}), 422, "ValidationError")
    assert_problem(api.get("/production-runs", params={"limit": 0}), 422, "ValidationError")
    assert_problem(api.get("/production-runs", params={"event": "fair"}), 422, "ValidationError")
