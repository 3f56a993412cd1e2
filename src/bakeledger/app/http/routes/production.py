"""Production: check a bake, record it (all or nothing), read runs back, reverse a run."""

from __future__ import annotations

from typing import Annotated, Any

import attrs
from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from bakeledger.app.http.auth import BAKER, VIEWER
from bakeledger.app.http.body import StrictBody
from bakeledger.app.http.idempotency import CREATED_HEADERS, IdempotencyKey, created_once
from bakeledger.app.http.units import DEFAULT_LIMIT, Page, paged, read, write
from bakeledger.services import production
from bakeledger.services.dto import ProductionCheckDTO, ProductionRunDTO, QuantityStr

# history bounds, inclusive: an ISO date (the whole day) or date-time
From = Annotated[str | None, QueryParameter(name="from", required=False)]
To = Annotated[str | None, QueryParameter(name="to", required=False)]


@attrs.frozen(kw_only=True)
class ProductionCheck:
    recipe: str
    batches: int
    scale: QuantityStr = QuantityStr("1")


@attrs.frozen(kw_only=True)
class NewProductionRun:
    recipe: str
    finished_unit: str
    batches: int
    actual_yield: int | None = None  # the expected yield when left out
    event: int | None = None  # the event id this bake counts towards
    loss_category: str | None = None
    loss_notes: str | None = None
    notes: str | None = None
    produced_at: str | None = None  # ISO date-time; now when left out
    scale: QuantityStr = QuantityStr("1")


@attrs.frozen(kw_only=True)
class Reversal:
    reason: str


@post(
    "/production-checks",
    dto=StrictBody[ProductionCheck],
    opt=VIEWER,
    status_code=200,
    sync_to_thread=True,
    tags=["production"],
)
def check_can_produce(request: Request[Any, Any, Any], data: JSONBody[ProductionCheck]) -> ProductionCheckDTO:
    """Could this bake be done now? What is short, and what it would cost. Writes nothing."""
    return read(request, production.check_can_produce, **attrs.asdict(data))


@post(
    "/production-runs",
    dto=StrictBody[NewProductionRun],
    opt=BAKER,
    response_headers=CREATED_HEADERS,
    sync_to_thread=True,
    tags=["production"],
)
def record_production(
    request: Request[Any, Any, Any],
    data: JSONBody[NewProductionRun],
    idempotency_key: IdempotencyKey = None,
) -> Response[ProductionRunDTO]:
    """Bake: every ingredient is taken oldest lot first and the finished items added, all or nothing."""
    outcome = write(
        request, production.record_production_outcome, **attrs.asdict(data), idempotency_key=idempotency_key
    )
    return created_once(request, outcome, f"/api/v1/production-runs/{outcome.value.id}")


@get("/production-runs", sync_to_thread=True, tags=["production"])
def production_history(
    request: Request[Any, Any, Any],
    recipe: FromQuery[str | None] = None,
    event: FromQuery[int | None] = None,
    start: From = None,
    end: To = None,
    limit: FromQuery[int] = DEFAULT_LIMIT,
    offset: FromQuery[int] = 0,
) -> Page[ProductionRunDTO]:
    """Runs newest first, reversed ones too; `from` and `to` are inclusive (a date is the whole day)."""
    return paged(
        request,
        lambda size, skip: read(
            request,
            production.get_production_history,
            recipe=recipe,
            event=event,
            start=start,
            end=end,
            limit=size,
            offset=skip,
        ),
        limit,
        offset,
    )


@get("/production-runs/{run_id:int}", sync_to_thread=True, tags=["production"])
def get_production_run(request: Request[Any, Any, Any], run_id: FromPath[int]) -> ProductionRunDTO:
    """One run, with what it took from each lot and its losses."""
    return read(request, production.get_production_run, run_id=run_id)


@post(
    "/production-runs/{run_id:int}/reversal",
    dto=StrictBody[Reversal],
    opt=BAKER,
    status_code=200,
    sync_to_thread=True,
    tags=["production"],
)
def reverse_production(
    request: Request[Any, Any, Any], run_id: FromPath[int], data: JSONBody[Reversal]
) -> ProductionRunDTO:
    """Undo a run: every lot gets back what it gave, the finished items go; the run stays, reversed."""
    return write(request, production.reverse_production, run_id=run_id, reason=data.reason)


ROUTES = [check_can_produce, record_production, production_history, get_production_run, reverse_production]
