"""Every way a CLI call can fail ends in one line on stderr and a known exit code, never a traceback:
2 for usage errors, 1 for refused operations, 130 for Ctrl-C (and then nothing was written)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import create_engine

from bakeledger.app import demo
from bakeledger.app.cli import app
from bakeledger.services import exchange
from tests.helpers import dump
from tests.integration.cli_fixture import demo_database, invoke, run


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            paths += _commands(command, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


COMMANDS = _commands(typer.main.get_command(app))


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return demo_database(f"sqlite:///{tmp_path_factory.mktemp('errors')}/demo.db")


def test_the_command_list_is_complete() -> None:
    assert {"init", "migrate", "demo", "status", "export", "import", "produce"} <= {p[0] for p in COMMANDS}
    assert ("event", "target") in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_refuses_an_unknown_option_in_one_line(
    capsys: pytest.CaptureFixture[str], demo_url: str, path: tuple[str, ...]
) -> None:
    outcome = invoke(capsys, "--db", demo_url, *path, "--no-such-option")
    assert (outcome.code, outcome.clean) == (2, True), outcome
    assert "No such option" in outcome.err and f"bakeledger {' '.join(path)} --help" in outcome.err


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_reports_usage_errors_as_json_with_json(
    capsys: pytest.CaptureFixture[str], demo_url: str, path: tuple[str, ...]
) -> None:
    outcome = invoke(capsys, "--db", demo_url, *path, "--json", "--no-such-option")
    assert outcome.code == 2
    error = json.loads(outcome.err)
    assert error["error"] == "UsageError" and "--no-such-option" in error["message"]


@pytest.mark.parametrize(
    ("argv", "code", "needle"),
    [
        ([], 2, "missing command"),
        (["event"], 2, "missing event command"),
        (["frobnicate"], 2, "No such command"),
        (["produce"], 2, "Missing argument"),
        (["produce", "sugar-cookies", "sugar-cookie", "--batches", "1.5"], 2, "--batches"),
        (["event", "target", "1", "sugar-cookies", "-1"], 2, "No such option: -1"),
        (["event", "target", "1", "sugar-cookies", "--", "-1"], 1, "ValidationError"),
        (["history", "--kind", "foo"], 2, "'foo' is not one of"),
        (["reverse", "baking", "1", "--reason", "x"], 2, "'baking' is not one of"),
        (["produce", "sugar-cookies", "sugar-cookie", "--batches", "500"], 1, "InsufficientStock"),
        (["reverse", "production", "3", "--reason", "again"], 1, "InvalidTransition"),
        (["event", "show", "999"], 1, "EventNotFound"),
        (["import", "/dev/zero"], 1, "not a regular file"),
        (["export", "/no/such/folder/x.json"], 1, "No such file or directory"),
    ],
)
def test_failures_have_one_line_and_their_exit_code(
    capsys: pytest.CaptureFixture[str], demo_url: str, argv: list[str], code: int, needle: str
) -> None:
    before = dump(create_engine(demo_url))
    outcome = invoke(capsys, "--db", demo_url, *argv)
    assert (outcome.code, outcome.clean) == (code, True), outcome
    assert needle in outcome.err
    assert dump(create_engine(demo_url)) == before


def test_a_refused_operation_with_json_is_one_json_object_with_its_fields(
    capsys: pytest.CaptureFixture[str], demo_url: str
) -> None:
    outcome = invoke(
        capsys, "--db", demo_url, "produce", "sugar-cookies", "sugar-cookie", "-b", "500", "--json"
    )
    error = json.loads(outcome.err)
    assert outcome.code == 1
    assert error["error"] == "InsufficientStock"
    assert {"message", "ingredient", "needed", "available", "unit"} <= set(error)


def test_the_installed_command_catches_usage_errors(tmp_path: Path) -> None:
    """With the Typer and click versions actually installed, as a user runs it."""
    for argv in ([], ["frobnicate"], ["produce", "a", "b", "--batches", "1.5"]):
        outcome = run("--db", f"sqlite:///{tmp_path}/x.db", *argv)
        assert (outcome.code, outcome.clean) == (2, True), outcome


def test_ctrl_c_during_the_demo_writes_nothing(
    capsys: pytest.CaptureFixture[str], db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = demo_database(db_url)
    before = dump(create_engine(url))
    real_season = demo._season

    def season_then_ctrl_c(uow: Any, **kwargs: Any) -> Any:
        real_season(uow, **kwargs)  # every row of the new season written, not yet committed
        raise KeyboardInterrupt

    monkeypatch.setattr(demo, "_season", season_then_ctrl_c)
    outcome = invoke(capsys, "--db", url, "demo", "--reset", "--yes")
    assert (outcome.code, outcome.err.strip()) == (130, "error: interrupted — nothing was written")
    assert dump(create_engine(url)) == before


def test_ctrl_c_during_an_import_writes_nothing(
    capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = tmp_path / "ledger.json"
    assert invoke(capsys, "--db", demo_url, "export", str(exported)).code == 0
    target = f"sqlite:///{tmp_path}/copy.db"
    assert invoke(capsys, "--db", target, "init").code == 0
    real_import = exchange.import_all

    def import_then_ctrl_c(uow: Any, **kwargs: Any) -> Any:
        real_import(uow, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(exchange, "import_all", import_then_ctrl_c)
    outcome = invoke(capsys, "--db", target, "import", str(exported), "--json")
    assert outcome.code == 130
    assert json.loads(outcome.err) == {"error": "Interrupted", "message": "interrupted — nothing was written"}
    assert not any(dump(create_engine(target)).values())


def test_even_a_bug_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr(demo, "describe", broken)
    outcome = invoke(capsys, "--db", f"sqlite:///{tmp_path}/demo.db", "demo")
    assert (outcome.code, outcome.clean) == (1, True)
    assert outcome.err.strip() == "error: unexpected error: RuntimeError: something nobody expected"
