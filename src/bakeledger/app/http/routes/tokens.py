"""API tokens: list, make (its secret shown once), revoke — the owner's alone."""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Request, Response, delete, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from bakeledger.app.http.auth import OWNER
from bakeledger.app.http.body import StrictBody
from bakeledger.app.http.units import DEFAULT_LIMIT, Page, created, page, read, write
from bakeledger.services import access
from bakeledger.services.dto import NewTokenDTO, TokenDTO

TAGS = ["tokens"]


@attrs.frozen(kw_only=True)
class NewToken:
    role: str  # viewer, baker or owner
    name: str | None = None


@get("/tokens", sync_to_thread=True, opt=OWNER, tags=TAGS)
def list_tokens(
    request: Request[Any, Any, Any], limit: FromQuery[int] = DEFAULT_LIMIT, offset: FromQuery[int] = 0
) -> Page[TokenDTO]:
    """Every token in the order they were made, revoked ones too; never a secret."""
    return page(request, read(request, access.list_tokens), limit, offset)


@post("/tokens", dto=StrictBody[NewToken], sync_to_thread=True, opt=OWNER, tags=TAGS)
def create_token(request: Request[Any, Any, Any], data: JSONBody[NewToken]) -> Response[NewTokenDTO]:
    """A new token: the only answer that shows its secret (only its digest is stored)."""
    made = write(request, access.create_token, **attrs.asdict(data))
    return created(request, made, f"/api/v1/tokens/{made.id}")


@delete("/tokens/{token_id:int}", status_code=200, sync_to_thread=True, opt=OWNER, tags=TAGS)
def revoke_token(request: Request[Any, Any, Any], token_id: FromPath[int]) -> TokenDTO:
    """Revoke a token for good: it is refused from the next request on."""
    return write(request, access.revoke_token, token_id=token_id)


ROUTES = [list_tokens, create_token, revoke_token]
