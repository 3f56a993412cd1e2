"""Events over HTTP: events, targets, assignments, progress, costs, shopping list and plan."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from bakeledger.app.ledger import Ledger
from bakeledger.services import assembly, events, exchange, production
from bakeledger.services.dto import to_dict
from tests.http.conftest import Api, assert_problem
from tests.integration.events_fixture import COOKIE, GIFT_BAG, RECIPE, Season, setup_season

TARGETS = f"/production-targets/{RECIPE}"
BUNDLES = f"/assembly-targets/{GIFT_BAG}"


@pytest.fixture
def season(ledger: Ledger) -> Season:
    """The season's pantry and an event "Christmas" (id 1, 2026-12-24) without targets."""
    return setup_season(ledger)


def under_way(api: Api, ledger: Ledger, season: Season) -> str:
    """Targets 10 batches and 6 gift bags set over HTTP; 1 batch baked and 2 gift bags assembled for
    the event; Ann gets 2 small gifts and Bob a big one. The event's path."""
    event = f"/events/{season.event_id}"
    api.ok("PUT", event + TARGETS, {"batches": 10})
    api.ok("PUT", event + BUNDLES, {"quantity": 6})
    with ledger.uow() as uow:
        production.record_production(
            uow, recipe=RECIPE, finished_unit=COOKIE, batches=1, event=season.event_id
        )
        assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=2, event=season.event_id)
        uow.commit()
    api.ok(
        "POST",
        event + "/assignments",
        {"recipient": "ann", "package": "small-gift", "quantity": 2},
        status=201,
    )
    api.ok("POST", event + "/assignments", {"recipient": "bob", "package": "big-gift"}, status=201)
    return event


def digest(ledger: Ledger) -> str:
    with ledger.uow(read_only=True) as uow:
        return exchange.state_digest(uow)


def service(ledger: Ledger, fn: Any, **kwargs: Any) -> Any:
    with ledger.uow(read_only=True) as uow:
        return to_dict(fn(uow, **kwargs))


# --- events themselves -------------------------------------------------------------------------
def test_create_read_list_change_and_delete_an_event(api: Api, season: Season) -> None:
    response = api.post("/events", {"name": "New Year", "event_date": "2026-12-31", "notes": "party"})
    assert response.status_code == 201, response.text
    made = response.json()
    assert response.headers["location"] == f"/api/v1/events/{made['id']}"
    assert {k: made[k] for k in ("name", "event_date", "year", "notes")} == {
        "name": "New Year",
        "event_date": "2026-12-31",
        "year": 2026,
        "notes": "party",
    }
    assert api.ok("GET", f"/events/{made['id']}") == made
    listed = api.ok("GET", "/events")
    assert [e["name"] for e in listed["items"]] == ["New Year", "Christmas"] and listed["next"] is None
    assert api.ok("GET", "/events", params={"year": 2025})["items"] == []

    changed = api.ok("PATCH", f"/events/{made['id']}", {"event_date": "2027-01-01", "notes": None})
    assert (changed["name"], changed["event_date"], changed["year"], changed["notes"]) == (
        "New Year",
        "2027-01-01",
        2027,
        None,
    )
    assert api.ok("DELETE", f"/events/{made['id']}") == changed
    body = assert_problem(api.get(f"/events/{made['id']}"), 404, "EventNotFound")
    assert body["key"] == made["id"]


def test_an_event_with_targets_is_deleted_only_with_cascade(api: Api, ledger: Ledger, season: Season) -> None:
    event = f"/events/{season.event_id}"
    api.ok("PUT", event + TARGETS, {"batches": 2})
    assert_problem(api.delete(event), 409, "InUse")
    with ledger.uow(read_only=True) as uow:
        assert events.get_event(uow, event_id=season.event_id).name == "Christmas"
    assert api.ok("DELETE", event, params={"cascade": "true"})["name"] == "Christmas"
    assert_problem(api.get(event), 404, "EventNotFound")


def test_a_clone_copies_targets_and_assignments_back_to_pending(
    api: Api, ledger: Ledger, season: Season
) -> None:
    event = under_way(api, ledger, season)
    first = api.ok("GET", event + "/assignments")["items"][0]
    api.ok("PATCH", f"{event}/assignments/{first['id']}", {"status": "ready"}, role="baker")
    response = api.post(event + "/clone", {"name": "Christmas 2027", "event_date": "2027-12-24"})
    assert response.status_code == 201, response.text
    copy = response.json()
    assert response.headers["location"] == f"/api/v1/events/{copy['id']}"
    assert (copy["name"], copy["event_date"], copy["notes"]) == ("Christmas 2027", "2027-12-24", "family")
    progress = api.ok("GET", f"/events/{copy['id']}/progress")
    assert [(p["recipe"], p["target_batches"], p["produced_batches"]) for p in progress["production"]] == [
        (RECIPE, 10, 0)
    ]
    assert [
        (a["recipient"], a["quantity"], a["status"])
        for a in api.ok("GET", f"/events/{copy['id']}/assignments")["items"]
    ] == [
        ("ann", 2, "pending"),
        ("bob", 1, "pending"),
    ]
    bare = api.ok(
        "POST",
        event + "/clone",
        {"name": "Christmas 2028", "event_date": "2028-12-24", "include_targets": False},
        status=201,
    )
    assert api.ok("GET", f"/events/{bare['id']}/progress")["production"] == []


def test_event_errors_are_typed(api: Api, ledger: Ledger, season: Season) -> None:
    body = assert_problem(
        api.post("/events", {"name": "Eve", "event_date": "24/12/2026"}), 422, "ValidationError"
    )
    assert body["field"] == "event_date"
    assert_problem(
        api.post("/events", {"name": "Eve", "event_date": "2026-12-24", "guests": 4}), 422, "ValidationError"
    )
    assert_problem(api.patch("/events/999", {"name": "Eve"}), 404, "EventNotFound")
    assert_problem(
        api.post("/events/999/clone", {"name": "Eve", "event_date": "2026-12-24"}), 404, "EventNotFound"
    )
    assert_problem(api.delete("/events/999"), 404, "EventNotFound")
    for path in ("/progress", "/summary", "/costs", "/shopping-list", "/assignments"):
        assert_problem(api.get(f"/events/999{path}"), 404, "EventNotFound")
    assert_problem(api.post("/events/999/plan", role="viewer"), 404, "EventNotFound")
    with ledger.uow(read_only=True) as uow:
        assert [e.name for e in events.list_events(uow)] == ["Christmas"]


# --- targets and assignments -------------------------------------------------------------------
def test_targets_are_set_changed_and_removed(api: Api, ledger: Ledger, season: Season) -> None:
    event = f"/events/{season.event_id}"
    target = api.ok("PUT", event + TARGETS, {"batches": 4})
    assert target == {"id": 1, "event_id": season.event_id, "recipe": RECIPE, "batches": 4, "notes": None}
    again = api.ok("PUT", event + TARGETS, {"batches": 6, "notes": "double"})
    assert again == {**target, "batches": 6, "notes": "double"}
    bundle = api.ok("PUT", event + BUNDLES, {"quantity": 3})
    assert bundle == {
        "id": 1,
        "event_id": season.event_id,
        "finished_good": GIFT_BAG,
        "quantity": 3,
        "notes": None,
    }

    assert api.ok("DELETE", event + TARGETS) == again
    assert api.ok("DELETE", event + BUNDLES) == bundle
    body = assert_problem(api.delete(event + TARGETS), 404, "TargetNotFound")
    assert body["key"] == f"{season.event_id}/{RECIPE}"
    assert_problem(api.delete(event + BUNDLES), 404, "TargetNotFound")
    with ledger.uow(read_only=True) as uow:
        assert events.get_production_progress(uow, event=season.event_id) == []
        assert events.get_assembly_progress(uow, event=season.event_id) == []


def test_bad_targets_are_refused_and_nothing_is_written(api: Api, ledger: Ledger, season: Season) -> None:
    event = f"/events/{season.event_id}"
    before = digest(ledger)
    assert (
        assert_problem(api.put(event + TARGETS, {"batches": 0}), 422, "ValidationError")["field"] == "batches"
    )
    assert_problem(api.call("PUT", event + TARGETS, content=b'{"batches": 2.5}'), 422, "ValidationError")
    assert_problem(api.put(event + TARGETS, {"batches": 2, "when": "now"}), 422, "ValidationError")
    assert_problem(api.put(event + "/production-targets/rye-bread", {"batches": 2}), 404, "RecipeNotFound")
    assert_problem(api.put(event + "/assembly-targets/hamper", {"quantity": 2}), 404, "FinishedGoodNotFound")
    assert_problem(api.put("/events/999" + TARGETS, {"batches": 2}), 404, "EventNotFound")
    assert digest(ledger) == before


def test_assignments_are_made_listed_and_advanced_one_step_at_a_time(
    api: Api, ledger: Ledger, season: Season
) -> None:
    event = f"/events/{season.event_id}"
    response = api.post(event + "/assignments", {"recipient": "ann", "package": "small-gift", "quantity": 2})
    assert response.status_code == 201, response.text
    given = response.json()
    assert response.headers["location"] == f"/api/v1{event}/assignments/{given['id']}"
    assert {k: given[k] for k in ("event_id", "recipient", "package", "quantity", "status", "notes")} == {
        "event_id": season.event_id,
        "recipient": "ann",
        "package": "small-gift",
        "quantity": 2,
        "status": "pending",
        "notes": None,
    }
    path = f"{event}/assignments/{given['id']}"
    body = assert_problem(api.patch(path, {"status": "delivered"}, role="baker"), 409, "InvalidTransition")
    assert body["allowed"] == ["ready"]
    assert api.ok("PATCH", path, {"status": "ready"}, role="baker") == {**given, "status": "ready"}
    assert api.ok("GET", event + "/assignments", params={"status": "ready"})["items"] == [
        {**given, "status": "ready"}
    ]
    assert api.ok("GET", event + "/assignments", params={"status": "pending"})["items"] == []
    assert api.ok("PATCH", path, {"status": "delivered"}, role="baker")["status"] == "delivered"
    body = assert_problem(api.patch(path, {"status": "ready"}, role="baker"), 409, "InvalidTransition")
    assert body["allowed"] == []
    assert_problem(
        api.patch(f"{event}/assignments/999", {"status": "ready"}, role="baker"), 404, "AssignmentNotFound"
    )
    assert_problem(api.patch(path, {"status": None}, role="baker"), 422, "ValidationError")
    assert_problem(api.patch(path, {"status": "lost"}, role="baker"), 409, "InvalidTransition")
    assert_problem(
        api.post(event + "/assignments", {"recipient": "zoe", "package": "small-gift"}),
        404,
        "RecipientNotFound",
    )
    assert_problem(api.get(event + "/assignments", params={"status": "lost"}), 422, "ValidationError")
    with ledger.uow(read_only=True) as uow:
        assert [a.status for a in events.list_assignments(uow, event=season.event_id)] == ["delivered"]


def test_an_assignment_is_reached_only_through_its_own_event(
    api: Api, ledger: Ledger, season: Season
) -> None:
    given = api.ok(
        "POST",
        f"/events/{season.event_id}/assignments",
        {"recipient": "ann", "package": "small-gift"},
        status=201,
    )
    other = api.ok("POST", "/events", {"name": "New Year", "event_date": "2026-12-31"}, status=201)
    body = assert_problem(
        api.patch(f"/events/{other['id']}/assignments/{given['id']}", {"status": "ready"}, role="baker"),
        404,
        "AssignmentNotFound",
    )
    assert body["key"] == given["id"]
    with ledger.uow(read_only=True) as uow:
        assert [a.status for a in events.list_assignments(uow, event=season.event_id)] == ["pending"]


# --- progress, costs, shopping, plan ---------------------------------------------------------------
def test_progress_is_production_assembly_and_overall_in_one(api: Api, ledger: Ledger, season: Season) -> None:
    event = under_way(api, ledger, season)
    progress = api.ok("GET", event + "/progress")
    assert progress["event_id"] == season.event_id
    assert progress["production"] == [
        {
            "recipe": RECIPE,
            "target_batches": 10,
            "produced_batches": 1,
            "produced_yield": 48,
            "remaining_batches": 9,
            "overage_batches": 0,
            "percent": "10.00",
            "complete": False,
        }
    ]
    assert [(a["assembled_quantity"], a["remaining"], a["percent"]) for a in progress["assembly"]] == [
        (2, 4, "33.33")
    ]
    overall = progress["overall"]
    assert (overall["production_percent"], overall["assembly_percent"], overall["overall_percent"]) == (
        "10.00",
        "33.33",
        "21.67",
    )
    assert (overall["status"], overall["packages_pending"], overall["packages_total"]) == (
        "in_progress",
        2,
        2,
    )
    assert progress["production"] == service(ledger, events.get_production_progress, event=season.event_id)
    assert progress["assembly"] == service(ledger, events.get_assembly_progress, event=season.event_id)
    assert overall == service(ledger, events.get_overall_progress, event=season.event_id)


def test_events_with_progress_are_listed_by_date_and_filtered(
    api: Api, ledger: Ledger, season: Season
) -> None:
    under_way(api, ledger, season)
    api.ok("POST", "/events", {"name": "Old Fair", "event_date": "2020-12-05"}, status=201)
    listed = api.ok("GET", "/events", params={"with_progress": "true", "filter": "all"})
    assert [(e["name"], e["event_date"]) for e in listed["items"]] == [
        ("Old Fair", "2020-12-05"),
        ("Christmas", "2026-12-24"),
    ]
    christmas = listed["items"][1]
    assert christmas["overall"]["overall_percent"] == "21.67"
    assert christmas["production"][0]["percent"] == "10.00"
    assert listed["items"] == service(ledger, events.get_events_with_progress, filter="all")
    past = api.ok("GET", "/events", params={"with_progress": "true", "filter": "past"})
    assert [e["name"] for e in past["items"]][:1] == ["Old Fair"]
    window = api.ok(
        "GET",
        "/events",
        params={"with_progress": "true", "filter": "all", "date_from": "2026-01-01", "date_to": "2026-12-31"},
    )
    assert [e["name"] for e in window["items"]] == ["Christmas"]
    paged = api.ok("GET", "/events", params={"with_progress": "true", "filter": "all", "limit": 1})
    assert [e["name"] for e in paged["items"]] == ["Old Fair"] and "offset=1" in paged["next"]
    body = assert_problem(
        api.get("/events", params={"with_progress": "true", "filter": "soon"}), 422, "ValidationError"
    )
    assert body["field"] == "filter"
    assert_problem(api.get("/events", params={"filter": "all"}), 422, "ValidationError")
    assert_problem(api.get("/events", params={"with_progress": "true", "year": 2026}), 422, "ValidationError")


def test_summary_and_costs_carry_the_services_figures(api: Api, ledger: Ledger, season: Season) -> None:
    event = under_way(api, ledger, season)
    summary = api.ok("GET", event + "/summary")
    assert (summary["recipient_count"], summary["assignment_count"], summary["package_count"]) == (2, 2, 3)
    assert [(p["package"], p["quantity"], p["unit_cost"], p["cost"]) for p in summary["packages"]] == [
        ("small-gift", 2, "0.50", "1.00"),
        ("big-gift", 1, "1.00", "1.00"),
    ]
    assert (summary["total_cost"], summary["cost_per_recipient"]) == ("2.00", "1.00")
    assert summary == service(ledger, events.get_event_summary, event=season.event_id)

    costs = api.ok("GET", event + "/costs")
    (line,) = costs["production"]
    assert (line["actual_cost"], line["remaining_batches"], line["remaining_cost"]) == ("1.60", 9, "14.40")
    (bundle,) = costs["assembly"]
    assert (bundle["actual_cost"], bundle["packaging_cost"], bundle["remaining_cost"]) == (
        "1.00",
        "0.20",
        "0.40",
    )
    assert (costs["actual_cost"], costs["bundled_cost"], costs["remaining_cost"]) == ("1.80", "0.80", "14.80")
    assert costs == service(ledger, events.get_event_cost_analysis, event=season.event_id)


def test_the_shopping_list_as_json_and_as_csv(api: Api, ledger: Ledger, season: Season) -> None:
    event = under_way(api, ledger, season)
    shopping = api.ok("GET", event + "/shopping-list")
    assert [
        (i["ingredient"], i["needed"], i["on_hand"], i["to_buy"], i["packages"], i["estimated_cost"])
        for i in shopping["items"]
    ] == [
        ("flour", "18", "8", "10", 10, "5.00"),
        ("sugar", "9", "4", "5", 5, "3.00"),
        ("cellophane-bag", "4", "48", "0", 0, "0.00"),
    ]
    assert shopping["total_estimated_cost"] == "8.00" and shopping["unpriced"] == []

    response = api.get(event + "/shopping-list", headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    with ledger.uow(read_only=True) as uow:
        assert response.text == events.shopping_list_csv(uow, event=season.event_id)
    preferred = api.get(event + "/shopping-list", headers={"Accept": "application/json, text/csv;q=0.5"})
    assert preferred.json() == shopping
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["ingredient"], r["to_buy"], r["packages"], r["estimated_cost"]) for r in rows] == [
        ("flour", "10", "10", "5.00"),
        ("sugar", "5", "5", "3.00"),
        ("cellophane-bag", "0", "0", "0.00"),
    ]


def test_the_plan_is_a_dry_run_a_viewer_may_ask_for(api: Api, ledger: Ledger, season: Season) -> None:
    event = under_way(api, ledger, season)
    before = digest(ledger)
    plan = api.ok("POST", event + "/plan", role="viewer")
    assert plan["feasible"] is False
    production_plan, assembly_plan = plan["targets"]
    assert (production_plan["quantity"], production_plan["cost"], production_plan["shortfall_cost"]) == (
        9,
        "14.40",
        "8.00",
    )
    assert [(m["slug"], m["needed"], m["available"]) for m in production_plan["missing"]] == [
        ("flour", "18", "8"),
        ("sugar", "9", "4"),
    ]
    assert (assembly_plan["quantity"], assembly_plan["feasible"], assembly_plan["cost"]) == (4, True, "2.00")
    # each cent once: the bags' 24 cookies (0.80) are in the bake's cost, not again in the bags'
    totals = (plan["total_cost"], plan["on_hand_cost"], plan["shortfall_cost"], plan["bundled_cost"])
    assert totals == ("15.60", "7.60", "8.00", "0.80")
    assert [(i["ingredient"], i["estimated_cost"]) for i in plan["shopping_list"]] == [
        ("flour", "5.00"),
        ("sugar", "3.00"),
    ]
    assert plan == service(ledger, events.plan_event, event=season.event_id)
    assert digest(ledger) == before


# --- who may ------------------------------------------------------------------------------------------
E = "/events/1"
ROUTES: list[tuple[str, str, Any, str, int]] = [
    ("GET", "/events", None, "viewer", 200),
    ("GET", "/events?with_progress=true&filter=all", None, "viewer", 200),
    ("POST", "/events", {"name": "Boxing Day", "event_date": "2026-12-26"}, "owner", 201),
    ("GET", E, None, "viewer", 200),
    ("PATCH", E, {"notes": "quiet"}, "owner", 200),
    ("DELETE", "/events/2", None, "owner", 200),
    ("POST", E + "/clone", {"name": "Christmas 2027", "event_date": "2027-12-24"}, "owner", 201),
    ("PUT", E + TARGETS, {"batches": 5}, "owner", 200),
    ("DELETE", E + TARGETS, None, "owner", 200),
    ("PUT", E + BUNDLES, {"quantity": 5}, "owner", 200),
    ("DELETE", E + BUNDLES, None, "owner", 200),
    ("GET", E + "/assignments", None, "viewer", 200),
    ("POST", E + "/assignments", {"recipient": "bob", "package": "big-gift"}, "owner", 201),
    ("PATCH", E + "/assignments/1", {"status": "ready"}, "baker", 200),
    ("GET", E + "/progress", None, "viewer", 200),
    ("GET", E + "/summary", None, "viewer", 200),
    ("GET", E + "/costs", None, "viewer", 200),
    ("GET", E + "/shopping-list", None, "viewer", 200),
    ("POST", E + "/plan", None, "viewer", 200),
]


@pytest.mark.parametrize(("method", "path", "body", "needed", "status"), ROUTES)
def test_each_route_refuses_no_token_and_a_weaker_role_and_lets_its_role_through(
    api: Api, ledger: Ledger, season: Season, method: str, path: str, body: Any, needed: str, status: int
) -> None:
    under_way(api, ledger, season)
    api.ok("POST", "/events", {"name": "New Year", "event_date": "2026-12-31"}, status=201)
    kwargs = {} if body is None else {"json": body}
    before = digest(ledger)
    assert_problem(api.call(method, path, role=None, **kwargs), 401, "NotAuthenticated")
    roles = ("viewer", "baker", "owner")
    for role in roles[: roles.index(needed)]:
        refused = assert_problem(api.call(method, path, role=role, **kwargs), 403, "NotAllowed")
        assert (refused["role"], refused["needed"]) == (role, needed)
    assert digest(ledger) == before
    response = api.call(method, path, role=needed, **kwargs)
    assert response.status_code == status, response.text
