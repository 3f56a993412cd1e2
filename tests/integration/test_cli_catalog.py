"""The catalogue and season commands on the demo season, on both backends: reading, editing and
deleting catalogue entries, finished stock, depletion, and the event commands beyond targets."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.integration.cli_fixture import demo_database, invoke


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], db_url: str) -> Any:
    url = demo_database(db_url)

    def call(*argv: str, code: int = 0) -> Any:
        outcome = invoke(capsys, "--db", url, *argv, "--json")
        assert outcome.code == code and outcome.clean, (argv, outcome)
        return json.loads(outcome.out if code == 0 else outcome.err)

    return call


def test_entries_are_edited_in_place_and_keep_their_slugs(cli: Any) -> None:
    assert cli("ingredient", "edit", "flour", "--name", "Plain Flour")["slug"] == "flour"
    assert cli("ingredient", "show", "flour")["name"] == "Plain Flour"
    # flour is bought by the pound and measured by the cup: without its density they would not convert
    refused = cli("ingredient", "edit", "flour", "--no-density", code=1)
    assert refused["error"] == "ValidationError" and refused["field"] == "density"
    products = {p["slug"]: p for p in cli("product", "list")}
    other = next(slug for slug, p in products.items() if p["ingredient"] == "flour" and not p["preferred"])
    cli("product", "edit", other, "--preferred")
    preferred = [p["slug"] for p in cli("product", "list") if p["ingredient"] == "flour" and p["preferred"]]
    assert preferred == [other]
    assert cli("finished-unit", "edit", "sugar-cookie", "--per-batch", "40")["items_per_batch"] == 40
    assert cli("recipient", "edit", "ann", "--household", "Parker", code=1)["error"] == "RecipientNotFound"
    recipient = cli("recipient", "list")[0]["slug"]
    assert cli("recipient", "edit", recipient, "--household", "Parker")["household"] == "Parker"
    assert cli("package", "edit", "neighbor-bag", "--name", "Neighbour Bag")["slug"] == "neighbor-bag"


def test_a_recipe_edit_leaves_recorded_runs_as_they_were(cli: Any) -> None:
    before = cli("history", "--kind", "production")
    edited = cli("recipe", "edit", "gingerbread", "--line", "flour:3:cup", "--line", "butter:1:cup")
    assert [(line["ingredient"], line["quantity"]) for line in edited["ingredients"]] == [
        ("flour", "3"),
        ("butter", "1"),
    ]
    assert cli("history", "--kind", "production") == before


def test_what_is_in_use_cannot_be_deleted_and_the_rest_can(cli: Any) -> None:
    refused = cli("bundle", "delete", "cookie-gift-bag", code=1)
    assert refused["error"] == "InUse" and refused["used_by"]
    cli("ingredient", "add", "Cardamom")
    assert cli("ingredient", "delete", "cardamom")["slug"] == "cardamom"
    assert cli("ingredient", "show", "cardamom", code=1)["error"] == "IngredientNotFound"


def test_finished_stock_and_a_depleted_lot(cli: Any) -> None:
    stock = {row["slug"]: row for row in cli("finished-stock")}
    assert stock["sugar-cookie"] == cli("finished-stock", "sugar-cookie")
    assert cli("finished-stock", "holiday-box", "--kind", "bundle")["kind"] == "finished_good"
    lot = next(lot for lot in cli("stock") if lot["ingredient"] == "cellophane-bag")
    depleted = cli("deplete", str(lot["id"]), "4", "--reason", "spoilage")
    assert int(depleted["remaining"]) == int(lot["remaining"]) - 4


def test_event_commands_for_a_whole_season(cli: Any) -> None:
    christmas = next(e["id"] for e in cli("event", "list") if e["name"] == "Christmas 2026")
    assignments = cli("event", "assignments", str(christmas))
    summary = cli("event", "summary", str(christmas))
    assert summary["assignment_count"] == len(assignments)
    costs = cli("event", "costs", str(christmas))
    assert {line["recipe"] for line in costs["production"]} >= {"sugar-cookies"}
    copy = cli("event", "clone", str(christmas), "Christmas 2027", "2027-12-24")
    assert len(cli("event", "assignments", str(copy["id"]), "--status", "pending")) == len(assignments)
    assert cli("event", "edit", str(copy["id"]), "--notes", "next year")["notes"] == "next year"
    assert cli("event", "untarget", str(copy["id"]), "sugar-cookies")["removed"] is True
    assert cli("event", "unassemble-target", str(copy["id"]), "cookie-gift-bag")["removed"] is True
    assert [p["recipe"] for p in cli("event", "progress", str(copy["id"]))["production"]].count(
        "sugar-cookies"
    ) == 0


def test_an_option_and_its_no_twin_together_are_a_usage_error(cli: Any) -> None:
    refused = cli("ingredient", "edit", "flour", "--density", "1 cup = 120 g", "--no-density", code=2)
    assert "either --density or --no-density" in refused["message"]
    assert cli("ingredient", "show", "flour")["density"] is not None  # nothing was written
