"""Idempotent creates: the `Idempotency-Key` request header, and answering a replay.

The header's value goes to the service's `idempotency_key`. A replay (the same key with the same
body) answers as the first call did (201, Location, the same resource) with the header
`Idempotent-Replayed: true`; the same key with another body is the service's IdempotencyConflict
(a 422 problem). The service says which it was (`Recorded.replayed`): the handler decides nothing.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from litestar import Request, Response
from litestar.datastructures import ResponseHeader
from litestar.params import HeaderParameter

from bakeledger.app.http.units import created
from bakeledger.services.outcome import Recorded

T = TypeVar("T")
REPLAYED_HEADER = "Idempotent-Replayed"

IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        required=False,
        description="Send the same key again (with the same body) to get the first result back, "
        "recorded once; the same key with another body is refused (422, IdempotencyConflict).",
    ),
]

# what a keyed create may answer besides its body, for the OpenAPI document only (the handler sets
# them; the values are examples, which give the headers their string schema)
CREATED_HEADERS = [
    ResponseHeader(
        name="Location", documentation_only=True, value="/api/v1/…/1", description="The URL of what was made."
    ),
    ResponseHeader(
        name=REPLAYED_HEADER,
        documentation_only=True,
        value="true",
        description="`true` when the Idempotency-Key was used before with this body: the answer is "
        "what that first call made, and nothing was recorded again.",
    ),
]


def created_once(request: Request[Any, Any, Any], outcome: Recorded[T], location: str) -> Response[T]:
    """201 + Location for what a keyed create made, marked when it was made by an earlier call."""
    response = created(request, outcome.value, location)
    if outcome.replayed:
        response.headers[REPLAYED_HEADER] = "true"
    return response
