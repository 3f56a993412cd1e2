"""Planning over HTTP: demand and batch options, decisions that become targets, the plan's states
with its snapshot, amendments with reasons, the season, and who may call each route."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bakeledger.app.ledger import Ledger
from bakeledger.services import production
from tests.helpers import dump
from tests.http.conftest import Api, assert_problem
from tests.integration.cookie_pantry import COOKIE, RECIPE
from tests.integration.planning_kitchen import BROWNIE, bread_kitchen, fifty_gift_bags, kitchen_event

BROWNIES = "brownies"
SEVEN_AND_SEVEN = {
    "decisions": [{"finished_unit": COOKIE, "batches": 7}, {"finished_unit": BROWNIE, "batches": 7}]
}


@pytest.fixture
def event(ledger: Ledger) -> str:
    """Christmas, where Ann gets 50 gift bags of 6 cookies (48 a batch) and 3 brownies (24 a batch):
    the event's path."""
    return f"/events/{kitchen_event(ledger, fifty_gift_bags)}"


def _targets(plan: dict[str, Any]) -> dict[str, int]:
    return {t["recipe"]: t["batches"] for t in plan["targets"]}


def _bake(ledger: Ledger, event: str, recipe: str, unit: str, batches: int) -> None:
    with ledger.uow() as uow:
        production.record_production(
            uow, recipe=recipe, finished_unit=unit, batches=batches, event=int(event.rsplit("/", 1)[1])
        )
        uow.commit()


def _options(unit: dict[str, Any]) -> list[tuple[Any, ...]]:
    keys = ("kind", "batches", "items", "shortfall", "extra", "waste_percent")
    return [tuple(option[k] for k in keys) for option in unit["options"]]


# --- demand and options -------------------------------------------------------------------------
def test_fifty_gift_bags_need_300_cookies_with_options_of_6_or_7_batches(api: Api, event: str) -> None:
    demand = api.ok("GET", event + "/plan/demand")
    assert demand["bundles"] == [{"finished_good": "gift-bag", "needed": 50}]
    assert [(u["finished_unit"], u["needed"], u["items_per_batch"]) for u in demand["units"]] == [
        (BROWNIE, 150, 24),
        (COOKIE, 300, 48),
    ]
    assert demand["packaging"] == [
        {"product": "ribbon-wrap-co", "ingredient": "ribbon", "quantity": "25", "unit": "m"}
    ]
    options = api.ok("GET", event + "/plan/options")
    assert options["waste_threshold"] == "15.00"
    cookie = {u["finished_unit"]: u for u in options["units"]}[COOKIE]
    assert _options(cookie) == [("floor", 6, 288, 12, 0, "0.00"), ("ceil", 7, 336, 0, 36, "12.00")]
    assert (cookie["recommended"], cookie["flagged"], cookie["decided_batches"]) == ("ceil", False, None)
    # a threshold below the ceil's 12.00 % of waste: the floor is recommended, and flagged
    strict = api.ok("GET", event + "/plan/options", params={"waste_threshold": "10"})
    cookie = {u["finished_unit"]: u for u in strict["units"]}[COOKIE]
    assert (strict["waste_threshold"], cookie["recommended"], cookie["flagged"]) == ("10.00", "floor", True)
    body = assert_problem(
        api.get(event + "/plan/options", params={"waste_threshold": "a lot"}), 422, "ValidationError"
    )
    assert body["field"] == "waste_threshold"


# --- decisions ----------------------------------------------------------------------------------
def test_six_cookie_batches_are_refused_without_accepting_the_shortfall_and_nothing_is_written(
    api: Api, event: str, fresh: Engine
) -> None:
    before = dump(fresh)
    refused = api.post(event + "/plan/decisions", {"decisions": [{"finished_unit": COOKIE, "batches": 6}]})
    body = assert_problem(refused, 422, "ShortfallNotAccepted")
    assert (body["finished_unit"], body["needed"], body["yields"]) == (COOKIE, 300, 288)
    assert dump(fresh) == before
    accepted = api.ok(
        "POST",
        event + "/plan/decisions",
        {"decisions": [{"finished_unit": COOKIE, "batches": 6, "accept_shortfall": True}]},
    )
    cookie = {u["finished_unit"]: u for u in accepted["units"]}[COOKIE]
    assert (cookie["batches"], cookie["accept_shortfall"], cookie["yields"], cookie["shortfall"]) == (
        6,
        True,
        288,
        12,
    )
    assert _targets(accepted) == {RECIPE: 6}


def test_seven_and_seven_batches_become_the_events_production_targets(api: Api, event: str) -> None:
    plan = api.ok("POST", event + "/plan/decisions", SEVEN_AND_SEVEN)
    assert (plan["state"], plan["ready"]) == ("draft", True)
    assert _targets(plan) == {RECIPE: 7, BROWNIES: 7}
    assert {
        u["finished_unit"]: (u["needed"], u["yields"], u["extra"], u["stale"]) for u in plan["units"]
    } == {
        COOKIE: (300, 336, 36, False),
        BROWNIE: (150, 168, 18, False),
    }
    assert api.ok("GET", event + "/plan") == plan
    progress = api.ok("GET", event + "/progress")  # the same targets the rest of the event reads
    assert [(p["recipe"], p["target_batches"]) for p in progress["production"]] == [
        (RECIPE, 7),
        (BROWNIES, 7),
    ]


def test_decision_bodies_are_read_strictly(api: Api, event: str, fresh: Engine) -> None:
    before = dump(fresh)
    path = event + "/plan/decisions"
    floating = api.call(
        "POST", path, content=b'{"decisions": [{"finished_unit": "brownie", "batches": 7.0}]}'
    )
    assert_problem(floating, 422, "ValidationError")
    extra = {"decisions": [{"finished_unit": BROWNIE, "batches": 7, "rounding": "up"}]}
    assert_problem(api.post(path, extra), 422, "ValidationError")
    assert_problem(api.post(path, {"decisions": [], "note": "x"}), 422, "ValidationError")
    none = assert_problem(api.post(path, {"decisions": []}), 422, "ValidationError")
    assert none["field"] == "decisions"
    unneeded = {"decisions": [{"finished_unit": "truffle", "batches": 7}]}
    assert assert_problem(api.post(path, unneeded), 422, "ValidationError")["field"] == "finished_unit"
    assert_problem(api.call("POST", path, content=b"{"), 400, "BadRequest")
    assert dump(fresh) == before


# --- states -------------------------------------------------------------------------------------
def test_locking_keeps_a_snapshot_and_then_only_amendments_change_the_plan(api: Api, event: str) -> None:
    api.ok("POST", event + "/plan/decisions", {"decisions": [{"finished_unit": COOKIE, "batches": 7}]})
    body = assert_problem(api.post(event + "/plan/lock"), 409, "PlanNotReady")
    assert (body["missing"], body["stale"], body["unmet"]) == ([BROWNIE], [], [])
    api.ok("POST", event + "/plan/decisions", {"decisions": [{"finished_unit": BROWNIE, "batches": 7}]})
    plan = api.ok("POST", event + "/plan/lock")
    assert plan["state"] == "locked" and plan["locked_at"] is not None
    snapshot = plan["snapshot"]
    assert {t["recipe"]: t["batches"] for t in snapshot["targets"]} == {RECIPE: 7, BROWNIES: 7}
    assert snapshot["estimate"]["feasible"] is False  # 10 cups of flour for 14
    assert {c["change"] for c in plan["comparison"]} == {"unchanged"}
    locked = assert_problem(
        api.post(event + "/plan/decisions", {"decisions": [{"finished_unit": COOKIE, "batches": 8}]}),
        409,
        "PlanLocked",
    )
    assert locked["state"] == "locked"
    assert_problem(api.put(f"{event}/production-targets/{RECIPE}", {"batches": 9}), 409, "PlanLocked")
    assert_problem(api.post(event + "/plan/lock"), 409, "InvalidTransition")
    assert api.ok("GET", event + "/plan") == plan


def test_the_states_go_one_step_at_a_time_and_completing_short_needs_a_reason(api: Api, event: str) -> None:
    for step in ("/plan/start", "/plan/complete"):
        body = assert_problem(api.post(event + step), 409, "InvalidTransition")
        assert (body["current"], body["allowed"]) == ("draft", ["locked"])
    api.ok("POST", event + "/plan/decisions", SEVEN_AND_SEVEN)
    api.ok("POST", event + "/plan/lock")
    assert api.ok("POST", event + "/plan/start")["state"] == "in_production"
    unmet = assert_problem(api.post(event + "/plan/complete"), 409, "PlanNotReady")
    assert unmet["unmet"] == [f"{RECIPE} (0 of 7)", f"{BROWNIES} (0 of 7)", "gift-bag (0 of 50)"]
    assert_problem(api.post(event + "/plan/complete", {"reason": "x", "when": "now"}), 422, "ValidationError")
    done = api.ok("POST", event + "/plan/complete", {"reason": "the party was called off"})
    assert (done["state"], done["completion_reason"]) == ("complete", "the party was called off")
    assert done["completed_at"] is not None


# --- amendments ---------------------------------------------------------------------------------
def test_an_amendment_in_production_is_kept_with_its_reason_and_shows_as_changed(
    api: Api, ledger: Ledger, event: str, fresh: Engine
) -> None:
    decisions = [
        {"finished_unit": COOKIE, "batches": 7},
        {"finished_unit": BROWNIE, "batches": 5, "accept_shortfall": True},
    ]
    api.ok("POST", event + "/plan/decisions", {"decisions": decisions})
    api.ok("POST", event + "/plan/lock")
    api.ok("POST", event + "/plan/start")
    _bake(ledger, event, BROWNIES, BROWNIE, 3)
    before = dump(fresh)
    fewer = {"kind": "set_batches", "finished_unit": BROWNIE, "batches": 2, "accept_shortfall": True}
    refused = assert_problem(
        api.post(event + "/plan/amendments", {"change": fewer, "reason": "fewer"}), 422, "ValidationError"
    )
    assert "3 batches" in refused["detail"]
    assert_problem(
        api.post(event + "/plan/amendments", {"change": {**fewer, "batches": 7}}), 422, "ValidationError"
    )  # no reason
    assert dump(fresh) == before

    more = {"kind": "set_batches", "finished_unit": BROWNIE, "batches": 7}
    response = api.post(
        event + "/plan/amendments", {"change": more, "reason": "the neighbours asked for brownies"}
    )
    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"/api/v1{event}/plan"
    plan = response.json()
    (amendment,) = plan["amendments"]
    assert (amendment["kind"], amendment["reason"], amendment["plan_state"]) == (
        "set_batches",
        "the neighbours asked for brownies",
        "in_production",
    )
    assert amendment["before"]["decisions"] == [
        {"finished_unit": BROWNIE, "batches": 5, "accept_shortfall": True}
    ]
    assert amendment["after"]["decisions"] == [
        {"finished_unit": BROWNIE, "batches": 7, "accept_shortfall": False}
    ]
    assert amendment["after"]["targets"] == [{"recipe": BROWNIES, "batches": 7}]
    changed = {
        (c["section"], c["key"]): (c["before"], c["after"])
        for c in plan["comparison"]
        if c["change"] == "changed"
    }
    assert changed == {("decision", BROWNIE): (5, 7), ("target", BROWNIES): (5, 7)}
    assert _targets(plan) == {RECIPE: 7, BROWNIES: 7}
    assert api.ok("GET", event + "/plan", role="viewer") == plan


def test_assignment_amendments_bring_their_decisions(api: Api, event: str, fresh: Engine) -> None:
    api.ok("POST", event + "/plan/decisions", SEVEN_AND_SEVEN)
    api.ok("POST", event + "/plan/lock")
    more = {"kind": "add_assignment", "recipient": "ann", "package": "gift-bag-gift", "quantity": 10}
    before = dump(fresh)
    short = assert_problem(
        api.post(event + "/plan/amendments", {"change": more, "reason": "ten more bags"}),
        422,
        "ShortfallNotAccepted",
    )
    assert (short["finished_unit"], short["needed"], short["yields"]) == (COOKIE, 360, 336)
    assert dump(fresh) == before
    more["decisions"] = [{"finished_unit": COOKIE, "batches": 8}, {"finished_unit": BROWNIE, "batches": 8}]
    plan = api.ok("POST", event + "/plan/amendments", {"change": more, "reason": "ten more bags"}, status=201)
    assert {u["finished_unit"]: u["needed"] for u in plan["units"]} == {COOKIE: 360, BROWNIE: 180}
    assert _targets(plan) == {RECIPE: 8, BROWNIES: 8}
    added = plan["amendments"][0]["after"]["assignments"][0]
    assert (added["recipient"], added["quantity"]) == ("ann", 10)
    fewer = {"kind": "set_assignment_quantity", "assignment_id": added["id"], "quantity": 2}
    plan = api.ok("POST", event + "/plan/amendments", {"change": fewer, "reason": "only two"}, status=201)
    assert {u["finished_unit"]: (u["needed"], u["batches"]) for u in plan["units"]} == {
        COOKIE: (312, 8),
        BROWNIE: (156, 8),
    }
    gone = {"kind": "remove_assignment", "assignment_id": added["id"]}
    plan = api.ok("POST", event + "/plan/amendments", {"change": gone, "reason": "they moved"}, status=201)
    assert [a["kind"] for a in plan["amendments"]] == [
        "add_assignment",
        "set_assignment_quantity",
        "remove_assignment",
    ]
    missing = assert_problem(
        api.post(event + "/plan/amendments", {"change": gone, "reason": "again"}), 404, "AssignmentNotFound"
    )
    assert missing["key"] == added["id"]


def test_change_bodies_are_read_strictly_and_name_the_field(api: Api, event: str, fresh: Engine) -> None:
    api.ok("POST", event + "/plan/decisions", SEVEN_AND_SEVEN)
    api.ok("POST", event + "/plan/lock")
    before = dump(fresh)
    path = event + "/plan/amendments"

    def field(change: Any, **more: Any) -> Any:
        body = assert_problem(
            api.post(path, {"change": change, "reason": "r", **more}), 422, "ValidationError"
        )
        return body["field"]

    assert field({"kind": "bake_more"}) == "change.kind"
    assert field({"kind": "set_batches", "finished_unit": COOKIE, "batches": 8, "recipient": "ann"}) == (
        "change.recipient"
    )
    assert field({"kind": "remove_assignment", "assignment_id": 1, "colour": "red"}) == "change"
    assert field({"kind": "remove_assignment", "assignment_id": 1}, when="now") is None
    floating = (
        b'{"change": {"kind": "set_batches", "finished_unit": "brownie", "batches": 8.0}, "reason": "r"}'
    )
    assert_problem(api.call("POST", path, content=floating), 422, "ValidationError")
    assert dump(fresh) == before


# --- errors and roles ---------------------------------------------------------------------------
WRITES: list[tuple[str, Any]] = [
    ("/plan/decisions", SEVEN_AND_SEVEN),
    ("/plan/lock", None),
    ("/plan/start", None),
    ("/plan/complete", {"reason": "done"}),
    ("/plan/amendments", {"change": {"kind": "remove_assignment", "assignment_id": 1}, "reason": "r"}),
]
READS = ["/plan", "/plan/demand", "/plan/options"]


def test_an_unknown_event_is_404_on_every_planning_route(api: Api, event: str) -> None:
    for path in READS:
        assert assert_problem(api.get("/events/999" + path), 404, "EventNotFound")["key"] == 999
    for path, body in WRITES:
        assert_problem(api.post("/events/999" + path, body), 404, "EventNotFound")


def test_a_viewer_reads_plans_and_only_the_owner_changes_them(api: Api, event: str, fresh: Engine) -> None:
    for path in READS:
        assert api.get(event + path, role="viewer").status_code == 200
    assert api.get("/season", role="viewer").status_code == 200
    before = dump(fresh)
    for path, body in WRITES:
        assert_problem(api.post(event + path, body, role=None), 401, "NotAuthenticated")
        for role in ("viewer", "baker"):
            refused = assert_problem(api.post(event + path, body, role=role), 403, "NotAllowed")
            assert (refused["role"], refused["needed"]) == (role, "owner")
    assert dump(fresh) == before
    api.ok("POST", event + "/plan/decisions", SEVEN_AND_SEVEN)
    assert api.ok("POST", event + "/plan/lock")["state"] == "locked"


# --- the season ---------------------------------------------------------------------------------
@pytest.fixture
def two_bread_events(api: Api, ledger: Ledger) -> tuple[str, str]:
    """10 cups of flour in stock (at 0.50); a loaf is one batch of bread, 7 cups of flour. Christmas
    Eve and, earlier, the school fair each give Ann one loaf, decided and locked over HTTP."""
    with ledger.uow() as uow:
        bread_kitchen(uow)
        uow.commit()
    paths = []
    for name, day in (("Christmas Eve", "2026-12-24"), ("School Fair", "2026-12-12")):
        path = f"/events/{api.ok('POST', '/events', {'name': name, 'event_date': day}, status=201)['id']}"
        api.ok("POST", path + "/assignments", {"recipient": "ann", "package": "loaf-gift"}, status=201)
        api.ok("POST", path + "/plan/decisions", {"decisions": [{"finished_unit": "loaf", "batches": 1}]})
        api.ok("POST", path + "/plan/lock")
        paths.append(path)
    later, earlier = paths
    return earlier, later


def _id(path: str) -> int:
    return int(path.rsplit("/", 1)[1])


def test_the_season_runs_both_events_against_one_stock_and_buys_the_difference(
    api: Api, two_bread_events: tuple[str, str], fresh: Engine
) -> None:
    earlier, later = two_bread_events
    before = dump(fresh)
    season = api.ok("GET", "/season", role="viewer")
    assert [
        (e["event_id"], e["name"], e["event_date"], e["state"], e["feasible"]) for e in season["events"]
    ] == [
        (_id(earlier), "School Fair", "2026-12-12", "locked", True),
        (_id(later), "Christmas Eve", "2026-12-24", "locked", False),
    ]
    first, second = (e["targets"][0] for e in season["events"])
    assert (first["kind"], first["slug"], first["quantity"], first["cost"]) == (
        "production",
        "bread",
        1,
        "3.50",
    )
    assert [(m["slug"], m["needed"], m["available"]) for m in second["missing"]] == [("flour", "7", "3")]
    # the 3 cups the fair leaves (1.50), and 4 to buy at the latest price (2.00)
    assert (second["on_hand_cost"], second["shortfall_cost"]) == ("1.50", "2.00")
    (flour,) = season["shopping_list"]
    assert (flour["ingredient"], flour["to_buy"], flour["packages"], flour["estimated_cost"]) == (
        "flour",
        "4",
        4,
        "2.00",
    )
    assert (season["feasible"], season["date_from"], season["date_to"]) == (False, None, None)
    assert (season["unpriced"], season["shortfall_cost"]) == ([], "2.00")
    # on its own, Christmas Eve would have counted the same flour
    assert api.ok("POST", later + "/plan", role="viewer")["feasible"] is True
    assert dump(fresh) == before


def test_the_season_window_chooses_the_events(api: Api, two_bread_events: tuple[str, str]) -> None:
    earlier, later = two_bread_events
    eve = api.ok("GET", "/season", params={"from": "2026-12-13", "to": "2026-12-31"})
    assert (eve["date_from"], eve["date_to"]) == ("2026-12-13", "2026-12-31")
    assert [(e["event_id"], e["feasible"]) for e in eve["events"]] == [(_id(later), True)]
    assert eve["shopping_list"] == [] and eve["feasible"] is True
    fair = api.ok("GET", "/season", params={"to": "2026-12-12"})
    assert [e["event_id"] for e in fair["events"]] == [_id(earlier)]
    backwards = api.get("/season", params={"from": "2026-12-31", "to": "2026-12-01"})
    assert assert_problem(backwards, 422, "ValidationError")["field"] == "date_to"
    assert_problem(api.get("/season", params={"from": "Christmas"}), 422, "ValidationError")


def test_draft_plans_are_not_in_the_season(api: Api, event: str) -> None:
    api.ok("POST", event + "/plan/decisions", SEVEN_AND_SEVEN)
    assert api.ok("GET", "/season")["events"] == []
    api.ok("POST", event + "/plan/lock")
    (christmas,) = api.ok("GET", "/season")["events"]
    assert (christmas["event_id"], christmas["state"]) == (_id(event), "locked")


def test_the_openapi_document_states_the_planning_routes(api: Api) -> None:
    document = api.ok("GET", "/openapi.json", role=None)
    paths = document["paths"]
    plan = "/api/v1/events/{event_id}/plan"
    for path in (plan, plan + "/demand", plan + "/options", "/api/v1/season"):
        assert "Needs the viewer role" in paths[path]["get"]["description"]
    for step in ("/decisions", "/lock", "/start", "/complete", "/amendments"):
        assert "Needs the owner role" in paths[plan + step]["post"]["description"]
    assert paths[plan + "/complete"]["post"]["requestBody"]["required"] is False
    assert paths[plan + "/decisions"]["post"]["requestBody"]["required"] is True
    assert list(paths[plan + "/amendments"]["post"]["responses"])[0] == "201"
    assert {p["name"] for p in paths["/api/v1/season"]["get"]["parameters"]} == {"from", "to"}
    kinds = document["components"]["schemas"]["PlanChange"]["properties"]["kind"]
    assert set(kinds["enum"]) == {
        "set_batches",
        "add_assignment",
        "remove_assignment",
        "set_assignment_quantity",
    }
