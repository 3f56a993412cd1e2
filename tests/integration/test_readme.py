"""The README's examples run as written: the Python example prints what its comment says, and the
CLI tour's lines all succeed in order."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    block = re.search(r"```python\n(.*?)```", README.read_text(), re.S)
    assert block is not None
    code = block.group(1)
    expected = re.search(r"# (partial_loss .*)$", code, re.M)
    assert expected is not None
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue().split() == expected.group(1).split()


def _cli_tour() -> list[str]:
    section = README.read_text().split("## CLI tour", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_cli_tour_runs_line_by_line_on_a_fresh_database(tmp_path: Path) -> None:
    """Each line of the tour, in order, as a user types it into one shell."""
    env = {k: v for k, v in os.environ.items() if k != "BAKELEDGER_DATABASE_URL"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    lines = _cli_tour()
    assert lines[0].startswith("export BAKELEDGER_DATABASE_URL=")
    assert any(line.startswith("bakeledger init") for line in lines)
    assert any(line.startswith("bakeledger migrate") for line in lines)
    script = "set -eu\n" + "".join(f"{line}\necho '<<ok>>' >&2\n" for line in lines)
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    passed = done.stderr.count("<<ok>>")
    failed = lines[passed] if passed < len(lines) else None
    assert (done.returncode, failed) == (0, None), done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr
    assert (tmp_path / "build" / "shopping.csv").exists() and (tmp_path / "build" / "copy.db").exists()
