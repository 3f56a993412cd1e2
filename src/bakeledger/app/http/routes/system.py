"""Health: public, and cheap enough to poll while a server starts."""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Request, get

from bakeledger.app.http.auth import PUBLIC
from bakeledger.app.http.units import ledger_of
from bakeledger.uow.migrate import head_revision


@attrs.frozen
class HealthDTO:
    status: str
    backend: str
    schema: str


@get("/health", opt=PUBLIC, sync_to_thread=False, tags=["system"])
def health(request: Request[Any, Any, Any]) -> HealthDTO:
    """The server is up; which database engine it uses and the schema revision it works with."""
    return HealthDTO(status="ok", backend=ledger_of(request).backend, schema=head_revision())


@get(
    "/openapi.json", opt=PUBLIC, sync_to_thread=False, include_in_schema=False, media_type="application/json"
)
def openapi_document(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """This API described in OpenAPI 3.1."""
    document: dict[str, Any] = request.app.state.openapi_document
    return document


ROUTES = [health, openapi_document]
