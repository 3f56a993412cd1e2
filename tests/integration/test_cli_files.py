"""Files the CLI writes and reads: exports replace the old file atomically and print the digest of
the very document written; every export can be imported; `demo --reset` asks before it wipes."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

import bakeledger
from bakeledger.app import files
from bakeledger.services import exchange, inventory, production
from tests.helpers import dump
from tests.integration.cli_fixture import demo_database, invoke, run


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return demo_database(f"sqlite:///{tmp_path_factory.mktemp('files')}/demo.db")


def _export(capsys: pytest.CaptureFixture[str], url: str, path: Path, *extra: str) -> dict[str, Any]:
    outcome = invoke(capsys, "--db", url, "export", str(path), "--json", *extra)
    assert outcome.code == 0, outcome
    result: dict[str, Any] = json.loads(outcome.out)
    return result


def test_the_digest_printed_is_the_digest_of_the_file_written(
    capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: Path
) -> None:
    result = _export(capsys, demo_url, tmp_path / "ledger.json")
    data = (tmp_path / "ledger.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == result["digest"] and len(data) == result["bytes"]
    ledger = bakeledger.open(demo_url)
    with ledger.uow(read_only=True) as uow:
        assert exchange.state_digest(uow) == result["digest"]
    ledger.dispose()


def test_exports_are_compact_unless_pretty(
    capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: Path
) -> None:
    compact = _export(capsys, demo_url, tmp_path / "compact.json")
    pretty = _export(capsys, demo_url, tmp_path / "pretty.json", "--pretty")
    assert b"\n" not in (tmp_path / "compact.json").read_bytes()
    assert (tmp_path / "pretty.json").read_text().startswith('{\n "')
    assert compact["digest"] == pretty["digest"] and pretty["bytes"] > compact["bytes"]
    copy = f"sqlite:///{tmp_path}/copy.db"
    assert invoke(capsys, "--db", copy, "import", str(tmp_path / "pretty.json")).code == 0
    assert _export(capsys, copy, tmp_path / "again.json")["digest"] == compact["digest"]


def test_an_export_imports_into_either_backend(
    capsys: pytest.CaptureFixture[str], db_url: str, scratch_url: str, tmp_path: Path
) -> None:
    exported = _export(capsys, demo_database(db_url), tmp_path / "ledger.json")
    imported = invoke(capsys, "--db", scratch_url, "import", str(tmp_path / "ledger.json"))
    assert imported.code == 0, imported
    assert _export(capsys, scratch_url, tmp_path / "again.json")["digest"] == exported["digest"]


class _FailingFile:
    """A file whose second write fails as a full disk would."""

    def __init__(self, real: Any) -> None:
        self.real, self.writes = real, 0

    def write(self, data: bytes) -> int:
        self.writes += 1
        if self.writes == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return int(self.real.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()


def test_a_failure_mid_write_leaves_the_old_export_whole(
    capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "ledger.json"
    target.write_text("the old backup")
    real_fdopen = os.fdopen
    monkeypatch.setattr(files, "CHUNK", 1000)
    monkeypatch.setattr(files.os, "fdopen", lambda *a, **k: _FailingFile(real_fdopen(*a, **k)))
    outcome = invoke(capsys, "--db", demo_url, "export", str(target))
    assert (outcome.code, outcome.clean) == (1, True) and "No space left on device" in outcome.err
    assert target.read_text() == "the old backup"
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.json"]  # no temporary file left behind


def test_import_refuses_what_is_not_a_regular_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "pipe")
    for path in ("/dev/zero", str(tmp_path), str(tmp_path / "pipe")):
        outcome = invoke(capsys, "--db", f"sqlite:///{tmp_path}/x.db", "import", path)
        assert (outcome.code, outcome.clean) == (1, True) and "not a regular file" in outcome.err


def test_demo_reset_asks_first(demo_url: str, tmp_path: Path) -> None:
    url = demo_database(f"sqlite:///{tmp_path}/mine.db")
    assert run("--db", url, "event", "create", "My own party", "2099-01-01").code == 0
    before = dump(create_engine(url))
    declined = run("--db", url, "demo", "--reset", stdin="n\n")
    assert declined.code == 1 and "Replace everything" in declined.err and "aborted" in declined.err
    assert dump(create_engine(url)) == before
    accepted = run("--db", url, "demo", "--reset", stdin="y\n")
    assert accepted.code == 0
    assert "My own party" not in run("--db", url, "event", "list").out


def _big_ledger(url: str, runs: int) -> None:
    """The demo plus `runs` production runs with long notes, written fast through the library."""
    demo_database(url)
    ledger = bakeledger.open(url)

    def bake(uow: Any) -> None:
        for product in (
            "flour-mill-cups",
            "butter-dairy-co",
            "sugar-sweet",
            "eggs-farm",
            "chocolate-chips-cocoa",
        ):
            inventory.add_purchase(uow, product=product, packages=100_000, price_per_package="1.00")
        for number in range(runs):
            production.record_production(
                uow,
                recipe="chocolate-chip-cookies",
                finished_unit="chocolate-chip-cookie",
                batches=1,
                notes=f"run {number} " + "n" * 1900,
            )

    ledger.run(bake)
    ledger.dispose()


def test_a_large_ledger_round_trips_through_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = f"sqlite:///{tmp_path}/big.db"
    _big_ledger(source, runs=4_400)
    exported = _export(capsys, source, tmp_path / "big.json", "--pretty")
    assert exported["bytes"] > 20 * 1024 * 1024  # a 20 MB document, pretty-printed
    copy = f"sqlite:///{tmp_path}/copy.db"
    imported = invoke(capsys, "--db", copy, "import", str(tmp_path / "big.json"))
    assert imported.code == 0, imported
    assert "import: read" in imported.err and "import: done" in imported.err  # progress on stderr
    assert _export(capsys, copy, tmp_path / "again.json")["digest"] == exported["digest"]


def test_export_refuses_a_document_import_could_not_read(
    capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exchange, "MAX_DOCUMENT_BYTES", 1000)
    outcome = invoke(capsys, "--db", demo_url, "export", str(tmp_path / "x.json"))
    assert outcome.code == 1 and "import reads at most 1,000" in outcome.err
    assert not (tmp_path / "x.json").exists()


def test_an_import_that_cannot_read_its_file_leaves_no_database_behind(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outcome = invoke(
        capsys, "--db", f"sqlite:///{tmp_path}/typo.db", "import", str(tmp_path / "missing.json")
    )
    assert outcome.code == 1 and outcome.clean
    assert not (tmp_path / "typo.db").exists()


def test_an_export_into_a_missing_folder_names_the_file_asked_for(
    capsys: pytest.CaptureFixture[str], demo_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / "ledger.json"
    outcome = invoke(capsys, "--db", demo_url, "export", str(target))
    assert outcome.code == 1 and outcome.err.strip() == f"error: {target}: No such file or directory"
