"""Services program against the real repository signatures: the type checker refuses a wrong call."""

from __future__ import annotations

from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[2]

SERVICE = """
from bakeledger.uow.base import UnitOfWork


def right(uow: UnitOfWork) -> None:
    uow.production_runs.get(7, for_update=True)


def wrong_argument(uow: UnitOfWork) -> None:
    uow.production_runs.get("seven")


def wrong_keyword(uow: UnitOfWork) -> None:
    uow.lots.consume([], kind="consume", production_run=3)
"""


def test_mypy_checks_service_calls_against_the_real_repositories(tmp_path: Path) -> None:
    module = tmp_path / "a_service.py"
    module.write_text(SERVICE)
    out, err, status = api.run(
        [
            str(module),
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--no-error-summary",
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
        ]
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert status == 1, err
    assert len(errors) == 2, out
    assert 'Argument 1 to "get" of "ProductionRunRepo" has incompatible type "str"' in errors[0]
    assert 'Unexpected keyword argument "production_run" for "consume" of "LotRepo"' in errors[1]
