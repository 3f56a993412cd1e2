"""Event planning from the command line, on both backends: the gift-bag plan from its batch options
to its completion, amendments given as options, clean errors for refused steps and typos, output
that fits 80 columns, and the season dry run of two events drawing on the same flour."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bakeledger.app.ledger import Ledger
from bakeledger.services import events
from bakeledger.uow.base import UnitOfWork
from tests.integration.cli_fixture import Outcome, invoke, run
from tests.integration.cookie_pantry import COOKIE, RECIPE
from tests.integration.planning_kitchen import BROWNIE, bundle, fifty_gift_bags, give, kitchen_event


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], url: str) -> None:
        self.capsys, self.url = capsys, url

    def __call__(self, *argv: str) -> Any:
        """Run one command with --json; it must succeed; returns its JSON output."""
        outcome = self.text(*argv, "--json")
        assert outcome.code == 0, (argv, outcome)
        return json.loads(outcome.out)

    def text(self, *argv: str) -> Outcome:
        return invoke(self.capsys, "--db", self.url, *argv)

    def fits(self, *argv: str) -> str:
        """The human output of a real `bakeledger` at 80 columns: it must succeed and fit."""
        shown = run("--db", self.url, *argv, env={"COLUMNS": "80"})
        assert (shown.code, shown.clean) == (0, True), shown
        assert "…" not in shown.out
        assert max(len(line) for line in shown.out.splitlines()) <= 80, shown.out
        return shown.out


def _kitchen(ledger: Ledger, build: Any) -> str:
    """The planning kitchen with an event built by `build`; the test's own connections are then
    closed, so that only the commands use the database (a SQLite file's locks belong to a process,
    and opening the file again in it would drop those of a connection kept open here)."""
    event_id = kitchen_event(ledger, build)
    ledger.dispose()
    return str(event_id)


def _refused(outcome: Outcome, error: str) -> str:
    assert (outcome.code, outcome.clean, outcome.out) == (1, True, ""), outcome
    assert outcome.err.startswith(f"error: {error}: "), outcome.err
    return outcome.err


def _changed(plan: dict[str, Any]) -> dict[tuple[str, str], tuple[Any, Any]]:
    return {
        (c["section"], c["key"]): (c["before"], c["after"])
        for c in plan["comparison"]
        if c["change"] != "unchanged"
    }


def test_the_gift_bag_plan_from_its_options_to_its_completion(
    capsys: pytest.CaptureFixture[str], ledger: Ledger, db_url: str
) -> None:
    event = _kitchen(ledger, fifty_gift_bags)
    cli = Cli(capsys, db_url)
    demand = cli("plan", "demand", event)
    assert {u["finished_unit"]: u["needed"] for u in demand["units"]} == {COOKIE: 300, BROWNIE: 150}
    # 300 cookies at 48 a batch: 6 batches are 12 short, 7 are 36 extra (12.00 % of 300)
    options = {
        u["finished_unit"]: u for u in cli("plan", "options", event, "--waste-threshold", "15")["units"]
    }
    cookie = [
        (o["kind"], o["batches"], o["items"], o["shortfall"], o["extra"]) for o in options[COOKIE]["options"]
    ]
    assert cookie == [("floor", 6, 288, 12, 0), ("ceil", 7, 336, 0, 36)]
    assert [o["waste_percent"] for o in options[COOKIE]["options"]] == ["0.00", "12.00"]
    assert options[COOKIE]["recommended"] == "ceil"
    shown = cli.fits("plan", "options", event)
    assert "need 300" in shown and "12.00 %" in shown
    # 6 batches of cookies without accepting the shortfall: refused, one line, nothing written
    err = _refused(cli.text("plan", "decide", event, "--batches", f"{COOKIE}:6"), "ShortfallNotAccepted")
    assert "288" in err and "300" in err
    engine = create_engine(db_url)
    with engine.connect() as fresh:
        assert fresh.execute(text("SELECT count(*) FROM production_targets")).scalar_one() == 0
    engine.dispose()
    assert cli("plan", "show", event)["targets"] == []
    # 7 + 7 batches: the targets
    plan = cli("plan", "decide", event, "--batches", f"{COOKIE}:7", "--batches", f"{BROWNIE}:7")
    assert {t["recipe"]: t["batches"] for t in plan["targets"]} == {RECIPE: 7, "brownies": 7}
    assert {u["finished_unit"]: (u["yields"], u["extra"]) for u in plan["units"]} == {
        COOKIE: (336, 36),
        BROWNIE: (168, 18),
    }
    assert cli("plan", "lock", event)["state"] == "locked"
    assert cli("plan", "start", event)["state"] == "in_production"
    plan = cli("plan", "amend", event, "--set-batches", f"{BROWNIE}:8", "--reason", "the neighbours asked")
    assert _changed(plan) == {("decision", BROWNIE): (7, 8), ("target", "brownies"): (7, 8)}
    (amendment,) = cli("plan", "show", event)["amendments"]
    assert (amendment["kind"], amendment["reason"], amendment["plan_state"]) == (
        "set_batches",
        "the neighbours asked",
        "in_production",
    )
    shown = cli.fits("plan", "show", event)
    assert "the neighbours asked" in shown and "changed" in shown and "in_production" in shown
    # nothing baked: completing needs a reason
    _refused(cli.text("plan", "complete", event), "PlanNotReady")
    done = cli("plan", "complete", event, "--reason", "the party was called off")
    assert (done["state"], done["completion_reason"]) == ("complete", "the party was called off")
    assert "the party was called off" in cli.fits("plan", "show", event)


def test_assignments_are_amended_with_their_decisions(
    capsys: pytest.CaptureFixture[str], ledger: Ledger, db_url: str
) -> None:
    event = _kitchen(ledger, fifty_gift_bags)
    cli = Cli(capsys, db_url)
    cli("plan", "decide", event, "--batches", f"{COOKIE}:7", "--batches", f"{BROWNIE}:7")
    cli("plan", "lock", event)
    more = ("plan", "amend", event, "--add-assignment", "ann:gift-bag-gift:10", "--reason", "ten more bags")
    _refused(cli.text(*more), "ShortfallNotAccepted")  # 360 cookies > 336
    plan = cli(*more, "--batches", f"{COOKIE}:8", "--batches", f"{BROWNIE}:8")
    assert {u["finished_unit"]: u["needed"] for u in plan["units"]} == {COOKIE: 360, BROWNIE: 180}
    added = str(plan["amendments"][0]["after"]["assignments"][0]["id"])
    # 5 bags instead of 10: 330 cookies and 165 brownies, 6 batches of these (144) accepted short
    plan = cli(
        "plan", "amend", event, "--assignment-quantity", f"{added}:5", "--reason", "only five",
        "--batches", f"{COOKIE}:7", "--batches", f"{BROWNIE}:6", "--accept-shortfall", BROWNIE,
    )  # fmt: skip
    units = {u["finished_unit"]: (u["needed"], u["batches"], u["shortfall"]) for u in plan["units"]}
    assert units == {COOKIE: (330, 7, 0), BROWNIE: (165, 6, 21)}
    plan = cli("plan", "amend", event, "--remove-assignment", added, "--reason", "they moved away")
    assert [a["kind"] for a in plan["amendments"]] == [
        "add_assignment",
        "set_assignment_quantity",
        "remove_assignment",
    ]
    assert {u["finished_unit"]: u["needed"] for u in plan["units"]} == {COOKIE: 300, BROWNIE: 150}


@pytest.mark.parametrize(
    "argv",
    [
        ["plan"],
        ["plan", "1"],
        ["plan", "decide", "1", "--batches", "cookie"],
        ["plan", "decide", "1", "--batches", f"{COOKIE}:7", "--accept-shortfall", BROWNIE],
        ["plan", "amend", "1", "--reason", "nothing"],
        ["plan", "amend", "1", "--reason", "two", "--set-batches", f"{COOKIE}:7", "--remove-assignment", "1"],
        ["plan", "amend", "1", "--set-batches", f"{COOKIE}:7"],
        ["plan", "show", "one"],
    ],
)
def test_a_malformed_plan_command_is_a_usage_error_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], ledger: Ledger, db_url: str, argv: list[str]
) -> None:
    _kitchen(ledger, fifty_gift_bags)
    outcome = invoke(capsys, "--db", db_url, *argv)
    assert (outcome.code, outcome.clean) == (2, True), outcome
    assert outcome.err.startswith("error: ")


def test_a_mistyped_event_is_one_clean_line_for_every_plan_command(
    capsys: pytest.CaptureFixture[str], ledger: Ledger, db_url: str
) -> None:
    _kitchen(ledger, fifty_gift_bags)
    cli = Cli(capsys, db_url)
    for argv in (
        ["demand"],
        ["options"],
        ["decide", "--batches", f"{COOKIE}:7"],
        ["lock"],
        ["start"],
        ["complete"],
        ["amend", "--set-batches", f"{COOKIE}:7", "--reason", "typo"],
        ["show"],
        ["dry-run"],
    ):
        err = _refused(cli.text("plan", argv[0], "99", *argv[1:]), "EventNotFound")
        assert "99" in err
    refused = cli.text("plan", "show", "99", "--json")
    assert refused.code == 1 and json.loads(refused.err)["error"] == "EventNotFound"


def test_every_plan_read_prints_json_and_fits_80_columns(
    capsys: pytest.CaptureFixture[str], ledger: Ledger, db_url: str
) -> None:
    event = _kitchen(ledger, fifty_gift_bags)
    cli = Cli(capsys, db_url)
    assert [b["finished_good"] for b in cli("plan", "demand", event)["bundles"]] == ["gift-bag"]
    assert cli("plan", "show", event)["state"] == "draft"
    assert cli("plan", "dry-run", event)["targets"] == []
    for argv in (["demand"], ["show"], ["dry-run"]):
        assert cli.fits("plan", argv[0], event)


def _two_events(uow: UnitOfWork, event_id: int) -> None:
    """Christmas's 50 gift bags, and before it a cookie swap of 4 boxes of 12 cookies (one batch)."""
    fifty_gift_bags(uow, event_id)
    swap = events.create_event(uow, name="Cookie Swap", event_date="2026-12-12").id
    give(uow, swap, bundle(uow, "Cookie Box", chocolate_chip_cookie=12), 4)


def test_the_season_draws_both_events_from_the_same_flour(
    capsys: pytest.CaptureFixture[str], ledger: Ledger, db_url: str
) -> None:
    christmas = _kitchen(ledger, _two_events)
    swap = str(int(christmas) + 1)
    cli = Cli(capsys, db_url)
    cli("plan", "decide", swap, "--batches", f"{COOKIE}:1")
    cli("plan", "lock", swap)
    cli("plan", "decide", christmas, "--batches", f"{COOKIE}:7", "--batches", f"{BROWNIE}:7")
    cli("plan", "lock", christmas)
    season = cli("season")
    assert [(e["name"], e["feasible"]) for e in season["events"]] == [
        ("Cookie Swap", True),
        ("Christmas", False),
    ]
    # the swap's batch takes 2 of the 10 cups of flour: Christmas's 7 batches need 14 and find 8
    (cookies,) = [t for t in season["events"][1]["targets"] if t["slug"] == RECIPE]
    assert [(m["slug"], m["needed"], m["available"]) for m in cookies["missing"] if m["slug"] == "flour"] == [
        ("flour", "14", "8")
    ]
    assert season["feasible"] is False and "flour" in [i["ingredient"] for i in season["shopping_list"]]
    alone = cli("season", "--from", "2026-12-20")
    assert [e["name"] for e in alone["events"]] == ["Christmas"]
    assert [e["feasible"] for e in cli("season", "--to", "2026-12-15")["events"]] == [True]
    shown = cli.fits("season")
    assert "Cookie Swap" in shown and "Christmas" in shown and "flour" in shown
    _refused(cli.text("season", "--from", "not a date"), "ValidationError")
