"""Export and import of the whole ledger as one canonical JSON document.

The document is pure JSON (dict, list, str, int, bool, None): exact decimals as strings,
naive UTC ISO timestamps, references by slug (catalogue) or uuid (everything else), every
section in creation order. `import_all` fills an empty ledger so that it exports the same
document again.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from loguru import logger

from bakeledger.domain.errors import Conflict, ImportRejected
from bakeledger.services import dto
from bakeledger.services.dto import build
from bakeledger.services.exchange.rules import validate_export
from bakeledger.services.exchange.shape import to_document, to_rows
from bakeledger.services.exchange.upgrade import upgrade
from bakeledger.uow.base import UnitOfWork

MAX_DOCUMENT_BYTES = 256 * 1024 * 1024  # some 90,000 production runs in compact JSON


def export_all(uow: UnitOfWork) -> dict[str, Any]:
    """Everything in the ledger as one canonical, JSON-ready document."""
    uow.ensure_active()
    return to_document(uow.exchange.read_all())


def canonical_json(document: Any) -> str:
    """The one text of a document: sorted keys, compact separators, UTF-8 as is."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def state_digest(uow: UnitOfWork) -> str:
    """SHA-256 (hex) of the canonical export: equal digests mean equal ledgers."""
    return hashlib.sha256(canonical_json(export_all(uow)).encode("utf-8")).hexdigest()


def import_all(uow: UnitOfWork, *, document: Any) -> dto.ImportReportDTO:
    """Load a full export into an EMPTY ledger, exactly; any problem rejects it all, writing nothing.

    An older document is read as the current version first (version 1 as 2, version 2 as 3 with
    no plans: services/exchange/upgrade.py). A document
    with problems raises ImportRejected (every problem, with its path); a ledger that
    already holds data raises Conflict — an import never changes or deletes what is there.
    """
    try:
        parsed = validate_export(upgrade(document))
        uow.ensure_active()
        if not uow.exchange.is_empty():
            raise Conflict(message="import_all needs an empty ledger; this one already holds data")
    except (ImportRejected, Conflict) as exc:
        logger.info("import rejected", op="import_all", outcome=f"rejected:{type(exc).__name__}")
        raise
    counts = uow.exchange.insert(to_rows(parsed))
    total = sum(counts.values())
    logger.info("import", op="import_all", outcome="success", rows=total)
    return build(dto.ImportReportDTO, imported=total, skipped=0, errors=[])


def parse_document(text: str | bytes) -> Any:
    """JSON text of at most MAX_DOCUMENT_BYTES → document; malformed text raises ImportRejected."""
    size = len(text)
    if size <= MAX_DOCUMENT_BYTES and isinstance(text, str):
        size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_DOCUMENT_BYTES:
        raise ImportRejected(problems=[f"document: {size} bytes; at most {MAX_DOCUMENT_BYTES} are allowed"])
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportRejected(
                problems=[f"document: not UTF-8 text ({exc.reason} at byte {exc.start})"]
            ) from exc
    duplicates: list[str] = []

    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                duplicates.append(f"document: key {key[:60]!r} appears twice in one object")
            seen[key] = value
        return seen

    try:
        document = json.loads(text, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as exc:
        message = f"document: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise ImportRejected(problems=[message]) from exc
    except (RecursionError, ValueError) as exc:
        raise ImportRejected(problems=[f"document: cannot be read: {str(exc)[:120]}"]) from exc
    if duplicates:
        raise ImportRejected(problems=duplicates)
    return document
