"""The installed packages are exactly the locked ones, so what the suite proves (usage errors caught
with this Typer and this click, among the rest) is what a fresh `make install` gets."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker

from tests.integration.cli_fixture import run

LOCK = Path(__file__).resolve().parents[2] / "requirements.lock"


def _locked() -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;]+)(?:\s*;\s*(.*))?$", LOCK.read_text(), re.M)
    return {
        name.lower(): version for name, version, marker in pins if not marker or Marker(marker).evaluate()
    }


def test_every_locked_package_is_installed_at_its_locked_version() -> None:
    locked = _locked()
    assert {"typer", "click", "sqlalchemy", "rich"} <= locked.keys()
    installed = {name: metadata.version(name) for name in locked}
    assert installed == locked


@pytest.mark.parametrize("argv", [["frobnicate"], ["produce", "a", "b", "--batches", "1.5"], []])
def test_usage_errors_are_caught_with_the_installed_typer_and_click(tmp_path: Path, argv: list[str]) -> None:
    outcome = run("--db", f"sqlite:///{tmp_path}/x.db", *argv)
    assert (outcome.code, outcome.clean) == (2, True), outcome
    assert metadata.version("typer") == _locked()["typer"]
