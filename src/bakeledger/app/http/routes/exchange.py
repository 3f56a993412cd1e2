"""Exchange: the whole ledger as one canonical JSON document — export it, import it, digest it."""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Request, Response, get, post
from litestar.params import JSONBody

from bakeledger.app.http.auth import OWNER
from bakeledger.app.http.body import StrictBody, parse_json
from bakeledger.app.http.units import read, write
from bakeledger.services import exchange
from bakeledger.services.dto import ImportReportDTO

TAGS = ["exchange"]
Document = dict[str, Any]


@attrs.frozen
class DigestDTO:
    digest: str  # SHA-256 (hex) of the canonical export: equal digests mean equal ledgers


class DocumentBody(StrictBody[Document]):
    """A whole export document as the body: read by the strict JSON parser (broken JSON, NaN and
    Infinity are a 400); what is inside is the import's to judge (a float, say, is a 422 naming it)."""

    def decode_bytes(self, value: bytes) -> Any:
        return parse_json(value)

    def decode_builtins(self, value: Any) -> Any:
        return value


@get("/export", sync_to_thread=True, opt=OWNER, tags=TAGS, media_type="application/json")
def export_ledger(request: Request[Any, Any, Any]) -> Response[Document]:
    """Everything in the ledger as one canonical document (the same bytes as the CLI's export file)."""
    document = read(request, exchange.export_all)  # one read-only unit of work: one snapshot
    text = exchange.canonical_json(document).encode("utf-8")
    return Response(text, media_type="application/json")  # type: ignore[arg-type]


@post(
    "/import",
    dto=DocumentBody,
    request_max_body_size=exchange.MAX_DOCUMENT_BYTES,
    status_code=200,
    sync_to_thread=True,
    tags=TAGS,
)
def import_ledger(request: Request[Any, Any, Any], data: JSONBody[Document]) -> ImportReportDTO:
    """Load a full export into an EMPTY ledger, exactly (409 when it holds data; 422 listing every
    problem of a bad document); all or nothing."""
    return write(request, exchange.import_all, document=data)


@get("/digest", sync_to_thread=True, tags=TAGS)
def digest(request: Request[Any, Any, Any]) -> DigestDTO:
    return DigestDTO(digest=read(request, exchange.state_digest))


ROUTES = [export_ledger, import_ledger, digest]
