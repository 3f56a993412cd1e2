"""The CLI, through Typer's runner and as a real subprocess (exit codes, no tracebacks)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bakeledger.app.cli import app

runner = CliRunner()


def _cli(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bakeledger", "--db", db, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = f"sqlite:///{tmp_path_factory.mktemp('cli')}/demo.db"
    result = runner.invoke(app, ["--db", db, "demo", "--reset"])
    assert result.exit_code == 0, result.output
    return db


def test_demo_shows_the_dashboard(demo_db: str) -> None:
    result = runner.invoke(app, ["--db", demo_db, "status"])
    assert result.exit_code == 0
    assert "Christmas" in result.output and "overall" in result.output


def test_demo_refuses_a_database_with_data_unless_reset(demo_db: str) -> None:
    refused = _cli(demo_db, "demo")
    assert refused.returncode == 1
    assert "--reset" in refused.stderr and "Traceback" not in refused.stderr


def test_status_json_lists_events_with_progress(demo_db: str) -> None:
    result = runner.invoke(app, ["--db", demo_db, "status", "--json"])
    items = json.loads(result.output)
    assert isinstance(items, list) and items
    assert set(items[0]) == {"event_id", "name", "event_date", "production", "assembly", "overall"}
    christmas = next(i for i in items if i["name"].startswith("Christmas"))
    assert christmas["overall"]["status"] == "in_progress"
    assert christmas["production"][0]["percent"] == "25.00"  # 2 of 8 sugar-cookie batches
    everything = json.loads(runner.invoke(app, ["--db", demo_db, "status", "--all", "--json"]).output)
    assert len(everything) == len(items) + 1  # the past trial bake only shows with --all


def test_produce_and_assemble_happy_paths_print_dtos(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/x.db"
    assert runner.invoke(app, ["--db", db, "demo"]).exit_code == 0
    made = runner.invoke(
        app,
        [
            "--db",
            db,
            "produce",
            "chocolate-chip-cookies",
            "chocolate-chip-cookie",
            "--batches",
            "1",
            "--yield",
            "45",
            "--event",
            "1",
            "--json",
        ],
    )
    run = json.loads(made.output)
    assert (run["expected_yield"], run["actual_yield"], run["status"]) == (48, 45, "partial_loss")
    assembled = runner.invoke(app, ["--db", db, "assemble", "cookie-gift-bag", "--quantity", "2", "--json"])
    assert json.loads(assembled.output)["quantity"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["produce", "sugar-cookies", "sugar-cookie", "--batches", "500"], "InsufficientStock"),
        (["produce", "no-such-recipe", "sugar-cookie", "--batches", "1"], "RecipeNotFound"),
        (
            ["produce", "sugar-cookies", "sugar-cookie", "--batches", "1", "--yield", "99"],
            "YieldExceedsExpected",
        ),
        (["assemble", "cookie-gift-bag", "--quantity", "5000"], "InsufficientFinishedStock"),
        (["produce", "sugar-cookies", "sugar-cookie", "--batches", "1", "--event", "999"], "EventNotFound"),
        (["buy", "flour-mill-cups", "--packages", "NaN", "--price", "1"], "ValidationError"),
    ],
)
def test_errors_are_one_line_and_exit_non_zero(demo_db: str, args: list[str], message: str) -> None:
    before = json.loads(runner.invoke(app, ["--db", demo_db, "status", "--json"]).output)
    result = _cli(demo_db, *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert json.loads(runner.invoke(app, ["--db", demo_db, "status", "--json"]).output) == before


def test_export_then_import_into_a_fresh_database_is_identical(demo_db: str, tmp_path: Path) -> None:
    exported = tmp_path / "ledger.json"
    first = json.loads(runner.invoke(app, ["--db", demo_db, "export", str(exported), "--json"]).output)
    copy = f"sqlite:///{tmp_path}/copy.db"
    assert _cli(copy, "import", str(exported)).returncode == 0
    second = json.loads(
        runner.invoke(app, ["--db", copy, "export", str(tmp_path / "again.json"), "--json"]).output
    )
    assert first["digest"] == second["digest"]
    status = ["status", "--all", "--json"]
    assert (
        runner.invoke(app, ["--db", copy, *status]).output
        == runner.invoke(app, ["--db", demo_db, *status]).output
    )


def test_import_of_a_malformed_file_is_rejected_cleanly(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "bakeledger", "ingredients": [')
    result = _cli(f"sqlite:///{tmp_path}/empty.db", "import", str(bad))
    assert result.returncode == 1
    assert "ImportRejected" in result.stderr and "Traceback" not in result.stderr


def test_log_json_writes_one_json_record_per_production_outcome(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/logs.db"
    assert runner.invoke(app, ["--db", db, "demo"]).exit_code == 0
    ok = _cli(db, "--log-json", "produce", "gingerbread", "gingerbread-man", "--batches", "1")
    refused = _cli(db, "--log-json", "produce", "gingerbread", "gingerbread-man", "--batches", "900")
    outcomes = [
        json.loads(line)["record"]["extra"]
        for line in (ok.stderr + refused.stderr).splitlines()
        if line.startswith("{")
    ]
    production = [r for r in outcomes if r.get("op") == "record_production"]
    assert [r["outcome"] for r in production] == ["success", "rejected:InsufficientStock"]
    assert production[0]["total_ingredient_cost"].count(".") == 1  # costs are strings, not floats
