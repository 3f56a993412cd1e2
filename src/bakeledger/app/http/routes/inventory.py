"""Inventory: purchases (one lot each), lots, an ingredient's stock, depletions, finished stock."""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from bakeledger.app.http.auth import BAKER
from bakeledger.app.http.body import StrictBody
from bakeledger.app.http.idempotency import CREATED_HEADERS, IdempotencyKey, created_once
from bakeledger.app.http.units import DEFAULT_LIMIT, Page, page, read, write
from bakeledger.services import inventory
from bakeledger.services.dto import FinishedStockDTO, IngredientStockDTO, LotDTO, MoneyStr, QuantityStr


@attrs.frozen(kw_only=True)
class NewPurchase:
    product: str
    packages: QuantityStr
    price_per_package: MoneyStr
    purchased_on: str | None = None  # ISO date; today when left out
    supplier: str | None = None
    expires_on: str | None = None


@attrs.frozen(kw_only=True)
class Depletion:
    lot_id: int
    quantity: QuantityStr  # in the lot's own unit
    reason: str  # spoilage, gift, correction or other (other needs notes)
    notes: str | None = None


@post(
    "/purchases",
    dto=StrictBody[NewPurchase],
    opt=BAKER,
    response_headers=CREATED_HEADERS,
    sync_to_thread=True,
    tags=["inventory"],
)
def add_purchase(
    request: Request[Any, Any, Any],
    data: JSONBody[NewPurchase],
    idempotency_key: IdempotencyKey = None,
) -> Response[LotDTO]:
    """Buy packages of a product: one new lot at its own unit cost."""
    outcome = write(
        request, inventory.add_purchase_outcome, **attrs.asdict(data), idempotency_key=idempotency_key
    )
    return created_once(request, outcome, f"/api/v1/lots/{outcome.value.id}")


@get("/lots", sync_to_thread=True, tags=["inventory"])
def list_lots(
    request: Request[Any, Any, Any],
    ingredient: FromQuery[str | None] = None,
    include_empty: FromQuery[bool] = False,
    limit: FromQuery[int] = DEFAULT_LIMIT,
    offset: FromQuery[int] = 0,
) -> Page[LotDTO]:
    """Lots, oldest first per ingredient (the order FIFO takes them in); empty ones only when asked."""
    lots = read(request, inventory.list_lots, ingredient=ingredient, include_empty=include_empty)
    return page(request, lots, limit, offset)


@get("/lots/{lot_id:int}", sync_to_thread=True, tags=["inventory"])
def get_lot(request: Request[Any, Any, Any], lot_id: FromPath[int]) -> LotDTO:
    """One lot, empty or not."""
    return read(request, inventory.get_lot, lot_id=lot_id)


@get("/stock/{ingredient:str}", sync_to_thread=True, tags=["inventory"])
def ingredient_stock(
    request: Request[Any, Any, Any], ingredient: FromPath[str], unit: FromQuery[str]
) -> IngredientStockDTO:
    """Everything left of an ingredient across its lots, in `unit`."""
    return read(request, inventory.ingredient_stock, ingredient=ingredient, unit=unit)


@post(
    "/depletions",
    dto=StrictBody[Depletion],
    opt=BAKER,
    status_code=200,
    sync_to_thread=True,
    tags=["inventory"],
)
def deplete_lot(request: Request[Any, Any, Any], data: JSONBody[Depletion]) -> LotDTO:
    """Take part of one lot out of stock by hand; answers the lot as it is now."""
    return write(request, inventory.deplete_lot, **attrs.asdict(data))


@get("/finished-stock", sync_to_thread=True, tags=["inventory"])
def list_finished_stock(
    request: Request[Any, Any, Any], limit: FromQuery[int] = DEFAULT_LIMIT, offset: FromQuery[int] = 0
) -> Page[FinishedStockDTO]:
    """Every finished unit, then every bundle, with its count on hand and its value at cost."""
    return page(request, read(request, inventory.list_finished_stock), limit, offset)


ROUTES = [add_purchase, list_lots, get_lot, ingredient_stock, deplete_lot, list_finished_stock]
