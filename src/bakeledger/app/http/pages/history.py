"""Run history: production and assembly runs, newest first, with what each took from which lot,
its costs, losses and reversal; reversing a run after a confirmation page that asks for a reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from bakeledger.app.http.auth import BAKER
from bakeledger.app.http.pages.common import Form, back, page, refused
from bakeledger.app.http.units import ledger_of, write
from bakeledger.domain.errors import BakeLedgerError
from bakeledger.services import assembly, production
from bakeledger.uow.base import UnitOfWork

PAGE_SIZE = 50
REVERSE_FIELDS = ("reason",)
KINDS: dict[str, dict[str, Callable[..., Any]]] = {
    "production": {
        "history": lambda uow, **page: production.get_production_history(
            uow, **page, include_consumptions=True, include_losses=True
        ),
        "run": production.get_production_run,
        "reverse": production.reverse_production,
    },
    "assembly": {
        "history": lambda uow, **page: assembly.get_assembly_history(uow, **page, include_consumptions=True),
        "run": assembly.get_assembly_run,
        "reverse": assembly.reverse_assembly,
    },
}


def _kind(kind: str) -> dict[str, Callable[..., Any]]:
    if kind not in KINDS:
        raise NotFoundException(detail=f"there are no {kind} runs: production or assembly")
    return KINDS[kind]


def _history(uow: UnitOfWork, kind: str, offset: int) -> dict[str, Any]:
    # one run more than a page tells whether there is a next page
    runs = _kind(kind)["history"](uow, limit=PAGE_SIZE + 1, offset=offset)
    return {
        "kind": kind,
        "runs": runs[:PAGE_SIZE],
        "offset": offset,
        "next_offset": offset + PAGE_SIZE if len(runs) > PAGE_SIZE else None,
        "previous_offset": max(offset - PAGE_SIZE, 0) if offset > 0 else None,
    }


@get("/history", sync_to_thread=True, include_in_schema=False)
def show_history(
    request: Request[Any, Any, Any], kind: FromQuery[str] = "production", offset: FromQuery[int] = 0
) -> Template:
    offset = max(offset, 0)
    with ledger_of(request).uow(read_only=True) as uow:
        context = _history(uow, kind, offset)
    return page(request, "history.html", **context)


def reverse_page(request: Request[Any, Any, Any], kind: str, run_id: int, **extra: Any) -> Template:
    with ledger_of(request).uow(read_only=True) as uow:
        run = _kind(kind)["run"](uow, run_id=run_id)
    return page(request, "reverse.html", kind=kind, run=run, **extra)


@get("/history/{kind:str}/{run_id:int}/reverse", opt=BAKER, sync_to_thread=True, include_in_schema=False)
def confirm_reversal(request: Request[Any, Any, Any], kind: FromPath[str], run_id: FromPath[int]) -> Template:
    return reverse_page(request, kind, run_id)


@post("/history/{kind:str}/{run_id:int}/reversal", opt=BAKER, sync_to_thread=True, include_in_schema=False)
def reverse(
    request: Request[Any, Any, Any], kind: FromPath[str], run_id: FromPath[int], data: Form
) -> Response[Any]:
    fn = _kind(kind)["reverse"]
    try:
        write(request, fn, run_id=run_id, reason=data.get("reason", ""))
    except BakeLedgerError as error:
        return refused(request, error, "reverse", data, REVERSE_FIELDS, _again(kind, run_id))
    return back(f"/history?kind={kind}#run-{run_id}")


def _again(kind: str, run_id: int) -> Callable[..., Template]:
    def render(request: Request[Any, Any, Any], *, forms: dict[str, Any], status: int) -> Template:
        return reverse_page(request, kind, run_id, forms=forms, status=status)

    return render


ROUTES = [show_history, confirm_reversal, reverse]
