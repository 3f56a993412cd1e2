"""Running the CLI in tests: in this process (through the real entry point's error handling) or as
a real `bakeledger` subprocess, always against real databases."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from typer.testing import CliRunner

from bakeledger.app.cli import app
from bakeledger.app.cli_errors import run_guarded
from bakeledger.app.cli_support import CliState

BIN = Path(sys.executable).parent


@attrs.frozen
class Outcome:
    code: int
    out: str
    err: str

    @property
    def clean(self) -> bool:
        """No traceback and at most one line on stderr."""
        return "Traceback" not in self.err + self.out and len(self.err.strip().splitlines()) <= 1


def invoke(capsys: pytest.CaptureFixture[str], *argv: str) -> Outcome:
    """The CLI in this process, with the entry point's error handling; returns its exit code."""
    capsys.readouterr()
    code = run_guarded(app, list(argv), CliState())
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)


def run(*argv: str, cwd: Path | None = None, env: dict[str, str] | None = None, stdin: str = "") -> Outcome:
    """The installed `bakeledger` command as a subprocess."""
    done = subprocess.run(
        [str(BIN / "bakeledger"), *argv],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=cwd,
        input=stdin,
        env={**os.environ, "COLUMNS": "100", **(env or {})},
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def demo_database(url: str) -> str:
    """Load the demo season into `url` (through Typer's runner) and return the URL."""
    session = CliState()
    try:
        result = CliRunner().invoke(app, ["--db", url, "demo", "--yes"], obj=session)
    finally:
        session.close()  # its connections go back: PostgreSQL allows only so many
    assert result.exit_code == 0, result.output
    return url
