"""Assembly over HTTP: checks, runs (idempotent with a key), history, reversal."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from tests.helpers import count, dump
from tests.http.conftest import Api, assert_problem
from tests.http.kitchen import finished, setup_gift_bags, stock
from tests.integration.gift_bag_kitchen import BAG_INGREDIENT, COOKIE, GIFT_BAG

TWO_BAGS = {"finished_good": GIFT_BAG, "quantity": 2}


def _state(ledger: Ledger) -> tuple[int, int, str]:
    """(sugar cookies, gift bags, cellophane bags), read through fresh units of work."""
    return (
        finished(ledger, "finished_unit", COOKIE),
        finished(ledger, "finished_good", GIFT_BAG),
        stock(ledger, BAG_INGREDIENT, "bag"),
    )


def test_a_check_says_how_many_could_be_made_and_writes_nothing(
    api: Api, ledger: Ledger, fresh: Engine
) -> None:
    setup_gift_bags(ledger)
    before = dump(fresh)
    assert api.ok("POST", "/assembly-checks", TWO_BAGS, role="viewer") == {
        "finished_good": GIFT_BAG,
        "quantity": 2,
        "can_assemble": True,
        "missing": [],
        "max_assemblable": 8,  # 100 cookies, 12 a bag
        "estimated_cost": "6.20",  # 24 cookies at 0.25 + 2 bags at 0.10
        "on_hand_cost": "6.20",
        "shortfall_cost": "0.00",
        "unpriced": [],
    }
    short = api.ok("POST", "/assembly-checks", {"finished_good": GIFT_BAG, "quantity": 9}, role="viewer")
    assert short["can_assemble"] is False and short["max_assemblable"] == 8
    assert short["missing"] == [
        {"kind": "finished_unit", "slug": COOKIE, "needed": "108", "available": "100", "unit": "each"}
    ]
    assert dump(fresh) == before
    unknown = api.post("/assembly-checks", {"finished_good": "hamper", "quantity": 1}, role="viewer")
    assert_problem(unknown, 404, "FinishedGoodNotFound")
    floated = api.post("/assembly-checks", {"finished_good": GIFT_BAG, "quantity": 1.5}, role="viewer")
    assert assert_problem(floated, 422, "ValidationError")["field"] == "quantity"


def test_an_assembly_is_201_with_its_costs_and_takes_the_stock(api: Api, ledger: Ledger) -> None:
    setup_gift_bags(ledger)
    response = api.post("/assembly-runs", {**TWO_BAGS, "notes": "for the teachers"}, role="baker")
    assert response.status_code == 201, response.text
    run = response.json()
    assert response.headers["location"] == f"/api/v1/assembly-runs/{run['id']}"
    assert (run["finished_good"], run["quantity"], run["total_component_cost"], run["per_unit_cost"]) == (
        GIFT_BAG,
        2,
        "6.20",
        "3.1000",
    )
    assert [(c["kind"], c["slug"], c["quantity"], c["unit"], c["cost"]) for c in run["consumptions"]] == [
        ("finished_unit", COOKIE, "24", "each", "6.00"),
        ("packaging", "cellophane-bag-wrap-co", "2", "bag", "0.20"),
    ]
    assert (run["notes"], run["reversed"], run["packaging_bypassed"]) == ("for the teachers", False, False)
    assert api.ok("GET", f"/assembly-runs/{run['id']}") == run
    assert _state(ledger) == (76, 2, "48")


def test_an_assembly_short_of_cookies_is_409_and_takes_nothing(
    api: Api, ledger: Ledger, fresh: Engine
) -> None:
    setup_gift_bags(ledger)
    before = dump(fresh)
    response = api.post("/assembly-runs", {"finished_good": GIFT_BAG, "quantity": 9}, role="baker")
    body = assert_problem(response, 409, "InsufficientFinishedStock")
    assert (body["slug"], body["needed"], body["available"]) == (COOKIE, 108, 100)
    assert dump(fresh) == before
    assert _state(ledger) == (100, 0, "50")


def test_unknown_things_and_bad_numbers_are_refused(api: Api, ledger: Ledger, fresh: Engine) -> None:
    setup_gift_bags(ledger)
    before = dump(fresh)
    hamper = api.post("/assembly-runs", {"finished_good": "hamper", "quantity": 1}, role="baker")
    assert_problem(hamper, 404, "FinishedGoodNotFound")
    assert_problem(api.post("/assembly-runs", {**TWO_BAGS, "event": 99}, role="baker"), 404, "EventNotFound")
    assert_problem(api.get("/assembly-runs/99"), 404, "AssemblyRunNotFound")
    reversal = api.post("/assembly-runs/99/reversal", {"reason": "oops"}, role="baker")
    assert_problem(reversal, 404, "AssemblyRunNotFound")
    for value in (2.0, "two", 0, -1):
        response = api.post("/assembly-runs", {**TWO_BAGS, "quantity": value}, role="baker")
        assert assert_problem(response, 422, "ValidationError")["field"] == "quantity"
    no_notes = api.post("/assembly-runs", {**TWO_BAGS, "packaging_bypassed": True}, role="baker")
    assert assert_problem(no_notes, 422, "ValidationError")["field"] == "bypass_notes"
    assert dump(fresh) == before


def test_a_reversal_gives_everything_back_once(api: Api, ledger: Ledger, fresh: Engine) -> None:
    setup_gift_bags(ledger)
    run = api.ok("POST", "/assembly-runs", TWO_BAGS, status=201, role="baker")
    undone = api.ok("POST", f"/assembly-runs/{run['id']}/reversal", {"reason": "wrong bags"}, role="baker")
    assert (undone["reversed"], undone["reversal_reason"], undone["total_component_cost"]) == (
        True,
        "wrong bags",
        "6.20",
    )
    assert _state(ledger) == (100, 0, "50")
    before = dump(fresh)
    again = api.post(f"/assembly-runs/{run['id']}/reversal", {"reason": "wrong bags"}, role="baker")
    assert assert_problem(again, 409, "InvalidTransition")["current"] == "reversed"
    assert dump(fresh) == before


def test_a_repeated_key_replays_the_first_assembly(api: Api, ledger: Ledger, fresh: Engine) -> None:
    setup_gift_bags(ledger)
    key = {"Idempotency-Key": "bags-for-school"}
    first = api.post("/assembly-runs", TWO_BAGS, role="baker", headers=key)
    assert first.status_code == 201 and "idempotent-replayed" not in first.headers
    before = dump(fresh)
    again = api.post("/assembly-runs", {**TWO_BAGS, "quantity": "2"}, role="baker", headers=key)
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.headers["location"] == first.headers["location"]
    assert again.json() == first.json()
    assert dump(fresh) == before
    assert count(fresh, "assembly_runs") == 1 and _state(ledger) == (76, 2, "48")
    other = api.post("/assembly-runs", {**TWO_BAGS, "quantity": 3}, role="baker", headers=key)
    assert assert_problem(other, 422, "IdempotencyConflict")["key"] == "bags-for-school"
    assert dump(fresh) == before


def test_history_newest_first_and_in_pages(api: Api, ledger: Ledger) -> None:
    setup_gift_bags(ledger)
    days = ("2025-12-01T09:00:00", "2025-12-05T09:00:00", "2025-12-09T09:00:00")
    runs = [
        api.ok("POST", "/assembly-runs", {**TWO_BAGS, "assembled_at": day}, status=201, role="baker")
        for day in days
    ]
    first = api.ok("GET", "/assembly-runs", params={"limit": 2, "finished_good": GIFT_BAG})
    assert [r["id"] for r in first["items"]] == [runs[2]["id"], runs[1]["id"]]
    assert first["next"] == f"/api/v1/assembly-runs?limit=2&finished_good={GIFT_BAG}&offset=2"
    rest = api.ok("GET", first["next"].removeprefix("/api/v1"))
    assert [r["id"] for r in rest["items"]] == [runs[0]["id"]] and rest["next"] is None
    window = api.ok("GET", "/assembly-runs", params={"from": "2025-12-01", "to": "2025-12-05"})
    assert [r["id"] for r in window["items"]] == [runs[1]["id"], runs[0]["id"]]
    assert_problem(api.get("/assembly-runs", params={"finished_good": "hamper"}), 404, "FinishedGoodNotFound")
