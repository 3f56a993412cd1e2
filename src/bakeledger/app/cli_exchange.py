"""CLI commands `export` and `import`: one canonical document, written atomically, read back whole.

Both sides share the library's one size bound for documents: export refuses to write a document
that import would refuse to read, so every file `export` writes can be imported.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import typer

from bakeledger.app.cli_support import JSON_OPTION, err_console, plain, show, state
from bakeledger.app.files import read_regular_file, write_atomically
from bakeledger.domain.errors import ImportRejected, ValidationError
from bakeledger.services import exchange

PROGRESS_FROM_BYTES = 1024 * 1024


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
    app.command("import")(import_command)


def export_command(
    ctx: typer.Context,
    file: Path,
    pretty: bool = typer.Option(False, "--pretty", help="Indent the JSON for reading (a larger file)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write the whole ledger as one canonical JSON document (an old file survives any failure)."""
    document = state(ctx).read(exchange.export_all)  # one read-only unit of work: one snapshot
    canonical = exchange.canonical_json(document)
    text = json.dumps(document, sort_keys=True, indent=1, ensure_ascii=False) if pretty else canonical
    data = text.encode("utf-8")
    limit = exchange.MAX_DOCUMENT_BYTES
    if len(data) > limit:
        raise ValidationError(
            field="export",
            value=len(data),
            message=f"the export would be {len(data):,} bytes; import reads at most {limit:,}",
        )
    write_atomically(file, data)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()  # of the very document written
    show({"file": str(file), "bytes": len(data), "digest": digest}, as_json)


def import_command(ctx: typer.Context, file: Path, as_json: bool = JSON_OPTION) -> None:
    """Load a full export into an empty database (validated first; all or nothing).

    A database with no tables at all gets the schema first: filling it is what the command is for.
    """
    st = state(ctx)
    started = time.monotonic()
    stages = _Stages()
    try:
        data = read_regular_file(file, limit=exchange.MAX_DOCUMENT_BYTES, progress=stages.reading)
    except ValueError as exc:
        raise ImportRejected(problems=[str(exc)]) from None
    stages.say("checking the document")
    document = exchange.parse_document(data)
    ledger = st.open("create")  # only now: a file that cannot be read leaves no new database behind
    stages.say("writing it in one transaction")
    report = st.write(exchange.import_all, document=document)
    stages.say(f"done in {time.monotonic() - started:.1f} s into {ledger.shown_url}")
    show(report, as_json)


class _Stages:
    """Progress of a long import, on stderr (stdout keeps the result alone)."""

    def __init__(self) -> None:
        self.enabled = False
        self._quarter = -1

    def reading(self, read: int, total: int) -> None:
        self.enabled = total >= PROGRESS_FROM_BYTES
        if read * 4 // max(total, 1) != self._quarter:
            self._quarter = read * 4 // max(total, 1)
            self.say(f"read {read / 1e6:.1f} of {total / 1e6:.1f} MB")

    def say(self, text: str) -> None:
        if self.enabled:
            err_console.print(plain(f"import: {text}", "dim"))
