"""Exchange: the whole ledger as one canonical JSON document — export it, import it, digest it."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, ClassVar

import attrs
from litestar import Request, Response, get, post
from litestar.dto import AbstractDTO, DTOConfig, DTOFieldDefinition
from litestar.params import JSONBody
from litestar.typing import FieldDefinition

from bakeledger.app.http.auth import OWNER
from bakeledger.app.http.body import parse_json
from bakeledger.app.http.units import read, write
from bakeledger.services import exchange
from bakeledger.services.dto import ImportReportDTO

TAGS = ["exchange"]
Document = dict[str, Any]


@attrs.frozen
class DigestDTO:
    digest: str  # SHA-256 (hex) of the canonical export: equal digests mean equal ledgers


class DocumentBody(AbstractDTO[Document]):
    """A whole export document as the body: read by the strict JSON parser (broken JSON, NaN and
    Infinity are a 400); what is inside is the import's to judge (a float, say, is a 422 naming it)."""

    config: ClassVar[DTOConfig] = DTOConfig()

    @classmethod
    def generate_field_definitions(cls, model_type: type[Any]) -> Generator[DTOFieldDefinition, None, None]:
        yield from ()

    @classmethod
    def detect_nested_field(cls, field_definition: FieldDefinition) -> bool:
        return False

    @classmethod
    def create_for_field_definition(
        cls, field_definition: FieldDefinition, handler_id: str, backend_cls: Any = None
    ) -> None:
        return None

    @classmethod
    def create_openapi_schema(
        cls, field_definition: FieldDefinition, handler_id: str, schema_creator: Any
    ) -> Any:
        return schema_creator.for_field_definition(FieldDefinition.from_annotation(Document))

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
