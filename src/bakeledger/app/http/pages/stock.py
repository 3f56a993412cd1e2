"""Stock on hand: each ingredient's lots in the order they will be used, buying and using up."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.response import Template

from bakeledger.app.http.auth import BAKER
from bakeledger.app.http.pages.common import Form, back, filled, page, refused
from bakeledger.app.http.units import ledger_of, write
from bakeledger.domain.errors import BakeLedgerError
from bakeledger.services import catalog, inventory
from bakeledger.uow.base import UnitOfWork

BUY_FIELDS = ("product", "packages", "price_per_package", "purchased_on")
DEPLETE_FIELDS = ("quantity", "reason", "notes")


def _stock(uow: UnitOfWork) -> dict[str, Any]:
    by_ingredient: dict[str, list[Any]] = {}
    for lot in inventory.list_lots(uow):  # oldest first per ingredient: the order FIFO uses them
        by_ingredient.setdefault(lot.ingredient, []).append(lot)
    ingredients = [
        {
            "slug": slug,
            "lots": lots,
            "unit": lots[0].unit,
            "total": inventory.stock_on_hand(uow, ingredient=slug, unit=lots[0].unit),
        }
        for slug, lots in sorted(by_ingredient.items())
    ]
    return {"ingredients": ingredients, "products": catalog.list_products(uow)}


def stock_page(request: Request[Any, Any, Any], **extra: Any) -> Template:
    with ledger_of(request).uow(read_only=True) as uow:
        context = _stock(uow)
    return page(request, "stock.html", **context, **extra)


@get("/stock", sync_to_thread=True, include_in_schema=False)
def show_stock(request: Request[Any, Any, Any]) -> Template:
    return stock_page(request)


@post("/stock/purchases", opt=BAKER, sync_to_thread=True, include_in_schema=False)
def buy(request: Request[Any, Any, Any], data: Form) -> Response[Any]:
    try:
        write(request, inventory.add_purchase, **filled(data, *BUY_FIELDS, "idempotency_key"))
    except BakeLedgerError as error:
        return refused(request, error, "buy", data, BUY_FIELDS, _again)
    return back("/stock")


@post("/stock/depletions", opt=BAKER, sync_to_thread=True, include_in_schema=False)
def deplete(request: Request[Any, Any, Any], data: Form) -> Response[Any]:
    form_id = f"deplete-{data.get('ingredient', '')}"
    try:
        write(request, inventory.deplete_lot, **filled(data, "lot_id", *DEPLETE_FIELDS))
    except BakeLedgerError as error:
        return refused(request, error, form_id, data, DEPLETE_FIELDS, _again)
    return back("/stock")


@get("/finished-stock", sync_to_thread=True, include_in_schema=False)
def finished_stock(request: Request[Any, Any, Any]) -> Template:
    with ledger_of(request).uow(read_only=True) as uow:
        items = inventory.list_finished_stock(uow)
    return page(request, "finished_stock.html", items=items)


def _again(request: Request[Any, Any, Any], *, forms: dict[str, Any], status: int) -> Template:
    return stock_page(request, forms=forms, status=status)


ROUTES = [show_stock, buy, deplete, finished_stock]
