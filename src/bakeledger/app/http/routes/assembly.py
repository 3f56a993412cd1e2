"""Assembly: check bundles, record an assembly (all or nothing), read runs back, reverse a run."""

from __future__ import annotations

from typing import Annotated, Any

import attrs
from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from bakeledger.app.http.auth import BAKER, VIEWER
from bakeledger.app.http.body import StrictBody
from bakeledger.app.http.idempotency import CREATED_HEADERS, IdempotencyKey, created_once
from bakeledger.app.http.units import DEFAULT_LIMIT, Page, paged, read, write
from bakeledger.services import assembly
from bakeledger.services.dto import AssemblyCheckDTO, AssemblyRunDTO

# history bounds, inclusive: an ISO date (the whole day) or date-time
From = Annotated[str | None, QueryParameter(name="from", required=False)]
To = Annotated[str | None, QueryParameter(name="to", required=False)]


@attrs.frozen(kw_only=True)
class AssemblyCheck:
    finished_good: str
    quantity: int


@attrs.frozen(kw_only=True)
class NewAssemblyRun:
    finished_good: str
    quantity: int
    event: int | None = None  # the event id these bundles count towards
    packaging_bypassed: bool = False
    bypass_notes: str | None = None  # why, when packaging is bypassed
    notes: str | None = None
    assembled_at: str | None = None  # ISO date-time; now when left out


@attrs.frozen(kw_only=True)
class Reversal:
    reason: str


@post(
    "/assembly-checks",
    dto=StrictBody[AssemblyCheck],
    opt=VIEWER,
    status_code=200,
    sync_to_thread=True,
    tags=["assembly"],
)
def check_can_assemble(request: Request[Any, Any, Any], data: JSONBody[AssemblyCheck]) -> AssemblyCheckDTO:
    """Could these bundles be assembled now? What is short, how many stock allows. Writes nothing."""
    return read(request, assembly.check_can_assemble, **attrs.asdict(data))


@post(
    "/assembly-runs",
    dto=StrictBody[NewAssemblyRun],
    opt=BAKER,
    response_headers=CREATED_HEADERS,
    sync_to_thread=True,
    tags=["assembly"],
)
def record_assembly(
    request: Request[Any, Any, Any],
    data: JSONBody[NewAssemblyRun],
    idempotency_key: IdempotencyKey = None,
) -> Response[AssemblyRunDTO]:
    """Assemble: finished items and packaging are taken oldest lot first and the bundles added,
    all or nothing."""
    outcome = write(
        request, assembly.record_assembly_outcome, **attrs.asdict(data), idempotency_key=idempotency_key
    )
    return created_once(request, outcome, f"/api/v1/assembly-runs/{outcome.value.id}")


@get("/assembly-runs", sync_to_thread=True, tags=["assembly"])
def assembly_history(
    request: Request[Any, Any, Any],
    finished_good: FromQuery[str | None] = None,
    event: FromQuery[int | None] = None,
    start: From = None,
    end: To = None,
    limit: FromQuery[int] = DEFAULT_LIMIT,
    offset: FromQuery[int] = 0,
) -> Page[AssemblyRunDTO]:
    """Runs newest first, reversed ones too; `from` and `to` are inclusive (a date is the whole day)."""
    return paged(
        request,
        lambda size, skip: read(
            request,
            assembly.get_assembly_history,
            finished_good=finished_good,
            event=event,
            start=start,
            end=end,
            limit=size,
            offset=skip,
        ),
        limit,
        offset,
    )


@get("/assembly-runs/{run_id:int}", sync_to_thread=True, tags=["assembly"])
def get_assembly_run(request: Request[Any, Any, Any], run_id: FromPath[int]) -> AssemblyRunDTO:
    """One run, with what it took."""
    return read(request, assembly.get_assembly_run, run_id=run_id)


@post(
    "/assembly-runs/{run_id:int}/reversal",
    dto=StrictBody[Reversal],
    opt=BAKER,
    status_code=200,
    sync_to_thread=True,
    tags=["assembly"],
)
def reverse_assembly(
    request: Request[Any, Any, Any], run_id: FromPath[int], data: JSONBody[Reversal]
) -> AssemblyRunDTO:
    """Undo a run: finished items and packaging go back to their lots, the bundles go; the run
    stays, reversed."""
    return write(request, assembly.reverse_assembly, run_id=run_id, reason=data.reason)


ROUTES = [check_can_assemble, record_assembly, assembly_history, get_assembly_run, reverse_assembly]
