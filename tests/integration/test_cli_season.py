"""A whole season from an empty database with the command line alone, on both backends: the
catalogue, purchases, a recipe with a nested recipe, finished units, a bundle with packaging, a
package and recipients, an event with targets and assignments, bakes, an assembly, a reversal,
progress, costs, the shopping list, and an export imported into a second database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.integration.cli_fixture import invoke


class Season:
    def __init__(self, capsys: pytest.CaptureFixture[str], url: str) -> None:
        self.capsys, self.url = capsys, url

    def __call__(self, *argv: str) -> Any:
        """Run one command with --json; it must succeed; returns its JSON output."""
        outcome = invoke(self.capsys, "--db", self.url, *argv, "--json")
        assert outcome.code == 0, (argv, outcome)
        return json.loads(outcome.out)

    def fails(self, *argv: str) -> dict[str, Any]:
        outcome = invoke(self.capsys, "--db", self.url, *argv, "--json")
        assert outcome.code == 1 and outcome.clean, (argv, outcome)
        error: dict[str, Any] = json.loads(outcome.err)
        return error


def test_a_season_from_an_empty_database_with_the_cli_alone(
    capsys: pytest.CaptureFixture[str], db_url: str, scratch_url: str, tmp_path: Path
) -> None:
    run = Season(capsys, db_url)
    run("init")
    # the catalogue
    run("ingredient", "add", "Flour", "--density", "1 cup = 120 g", "--category", "baking")
    run("ingredient", "add", "Sugar", "--category", "baking")
    run("ingredient", "add", "Butter", "--density", "1 cup = 227 g")
    run("ingredient", "add", "Cellophane Bag", "--category", "packaging")
    flour = run(
        "product", "add", "flour", "--brand", "Mill", "--unit", "lb", "--quantity", "5", "--preferred"
    )
    sugar = run("product", "add", "sugar", "--brand", "Mill", "--unit", "cup", "--quantity", "10")
    butter = run("product", "add", "butter", "--brand", "Dairy", "--unit", "cup", "--quantity", "2")
    bags = run("product", "add", "cellophane-bag", "--brand", "Wrap", "--unit", "bag", "--quantity", "50")
    assert (flour["slug"], bags["slug"]) == ("flour-mill", "cellophane-bag-wrap")
    run("recipe", "add", "Cookie Dough", "--line", "flour:2:cup", "--line", "butter:1:cup")
    dough = run("recipe", "add", "Sugar Cookies", "--component", "cookie-dough:1", "--line", "sugar:1:cup")
    assert [c["recipe"] for c in dough["components"]] == ["cookie-dough"]
    run("finished-unit", "add", "sugar-cookies", "Sugar Cookie", "--per-batch", "24")
    run(
        "bundle",
        "add",
        "Cookie Gift Bag",
        "--item",
        "finished-unit:sugar-cookie:6",
        "--packaging",
        "cellophane-bag-wrap:1",
    )
    run("package", "add", "Neighbour Gift", "--bundle", "cookie-gift-bag:1")
    run("recipient", "add", "Ann", "--household", "Parker")
    run("recipient", "add", "Bob")
    assert [r["slug"] for r in run("recipient", "list")] == ["ann", "bob"]
    # purchases
    run("buy", flour["slug"], "--packages", "2", "--price", "4.50", "--date", "2026-11-20")
    run("buy", sugar["slug"], "--packages", "1", "--price", "3.00", "--date", "2026-11-20")
    run("buy", butter["slug"], "--packages", "3", "--price", "5.00", "--date", "2026-11-21")
    run("buy", bags["slug"], "--packages", "1", "--price", "5.00", "--expires", "2028-01-01")
    # the event, its targets and assignments
    event = run("event", "create", "Christmas", "2026-12-24")["id"]
    run("event", "target", str(event), "sugar-cookies", "3")
    run("event", "assembly-target", str(event), "cookie-gift-bag", "4")
    run("event", "assign", str(event), "ann", "neighbour-gift")
    run("event", "assign", str(event), "bob", "neighbour-gift", "--quantity", "2")
    # bakes, an assembly, a reversal
    first = run("produce", "sugar-cookies", "sugar-cookie", "--batches", "1", "--event", str(event))
    second = run(
        "produce", "sugar-cookies", "sugar-cookie", "--batches", "1", "--yield", "20", "--event", str(event)
    )
    # 2 cups of flour = 240 g = 0.529109 lb at 0.90, 1 cup of butter at 2.50, 1 cup of sugar at 0.30
    assert first["total_ingredient_cost"] == "3.28"
    assert run("finished-stock", "sugar-cookie")["count"] == 44
    gift = run("assemble", "cookie-gift-bag", "--quantity", "4", "--event", str(event))
    # the 24 cookies of the first bake (3.28 together) and 4 bags at 0.10
    assert gift["total_component_cost"] == "3.68"
    # the first bake's cookies are in the gift bags: only the second can be reversed
    assert run.fails("reverse", "production", str(first["id"]), "--reason", "x")["used_by"] == [
        "assembly run 1"
    ]
    reversed_run = run("reverse", "production", str(second["id"]), "--reason", "counted twice")
    assert reversed_run["reversed"] is True
    again = run("produce", "sugar-cookies", "sugar-cookie", "--batches", "1", "--event", str(event))
    assert again["total_ingredient_cost"] == "3.28"
    # progress, costs, the shopping list
    progress = run("event", "progress", str(event))
    assert [p["produced_batches"] for p in progress["production"]] == [2]
    assert [a["assembled_quantity"] for a in progress["assembly"]] == [4]
    assignments = run("event", "assignments", str(event))
    run("event", "advance", str(assignments[0]["id"]), "ready")
    costs = run("event", "costs", str(event))
    assert costs["production"][0]["runs"] == 2
    shopping = run("shopping-list", str(event))
    assert isinstance(shopping["items"], list)
    history = run("history", "--kind", "production")
    assert [run_["reversed"] for run_ in history] == [False, True, False]
    assert all(run_["consumptions"] for run_ in history)
    # export, then import into a second database: the same ledger
    exported = run("export", str(tmp_path / "season.json"))
    second = Season(capsys, scratch_url)
    second("import", str(tmp_path / "season.json"))
    again = second("export", str(tmp_path / "again.json"))
    assert again["digest"] == exported["digest"]
    # an entry still in use cannot be deleted
    assert run.fails("ingredient", "delete", "flour")["error"] == "InUse"
