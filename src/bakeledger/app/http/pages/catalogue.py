"""The catalogue: an index of its kinds, and for each kind a list, a page per entry, a form to add
one, a form to edit it, and a delete that asks first (and says what still uses the entry when the
service refuses).

Every kind has the same pages, made here from its description in `catalogue_kinds`. Anyone may
read them; only the owner sees the forms and links that change the catalogue, and only the owner
may post them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio.to_thread
import attrs
from litestar import Request, Response, get, post
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from bakeledger.app.http.auth import OWNER
from bakeledger.app.http.pages.catalogue_kinds import BY_SEGMENT, KINDS, Kind, Row, row_count
from bakeledger.app.http.pages.common import Form, back, page, refused
from bakeledger.app.http.problems import status_of
from bakeledger.app.http.units import ledger_of, write
from bakeledger.domain.errors import BakeLedgerError, InUse
from bakeledger.services import catalog
from bakeledger.uow.base import UnitOfWork

Options = list[tuple[str | None, list[tuple[str, str]]]]  # (group label or None, [(value, label)])


def _service(kind: Kind, verb: str) -> Callable[..., Any]:
    plural = "s" if verb == "list" else ""
    fn: Callable[..., Any] = getattr(catalog, f"{verb}_{kind.service}{plural}")
    return fn


def _plain(entries: list[Any], value: Callable[[Any], str] = lambda e: e.slug) -> Options:
    return [(None, [(value(e), f"{e.name} ({e.slug})") for e in entries])]


def _items(uow: UnitOfWork) -> Options:
    """A bundle's possible components: finished units, other bundles, packaging products."""
    products = catalog.list_products(uow)
    return [
        ("Finished units", [(f"finished_unit:{u.slug}", u.name) for u in catalog.list_finished_units(uow)]),
        ("Bundles", [(f"finished_good:{g.slug}", g.name) for g in catalog.list_finished_goods(uow)]),
        ("Packaging (products)", [(f"packaging:{p.slug}", f"{p.slug} ({p.package_unit})") for p in products]),
    ]


OPTIONS: dict[str, Callable[[UnitOfWork], Options]] = {
    "ingredients": lambda uow: _plain(catalog.list_ingredients(uow)),
    "recipes": lambda uow: _plain(catalog.list_recipes(uow)),
    "bundles": lambda uow: _plain(catalog.list_finished_goods(uow)),
    "items": _items,
}


def _options(uow: UnitOfWork, kind: Kind) -> dict[str, Options]:
    names = {f.options for f in kind.fields} | {c.options for s in kind.sections for c in s.cols}
    return {name: OPTIONS[name](uow) for name in names if name}


def _related(uow: UnitOfWork, kind: Kind, slug: str) -> list[tuple[str, str, list[Any]]]:
    """Entries that name this one, as (title, their kind's segment, entries)."""
    if kind.segment == "ingredients":
        return [("Products", "products", catalog.list_products(uow, ingredient=slug))]
    if kind.segment == "recipes":
        units = [u for u in catalog.list_finished_units(uow) if u.recipe == slug]
        return [("Finished units", "finished-units", units)]
    return []


# --- rendering -------------------------------------------------------------------------------
def _form_page(
    request: Request[Any, Any, Any],
    kind: Kind,
    slug: str | None,
    *,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> Template:
    """The create form (slug None) or the edit form of `slug`, filled from the stored entry."""
    with ledger_of(request).uow(read_only=True) as uow:
        entry = _service(kind, "get")(uow, **{kind.keyword: slug}) if slug else None
        options = _options(uow, kind)
    form_id = "edit" if slug else "new"
    state = (forms or {}).get(form_id) or {
        "values": {**(kind.values_of(entry) if entry else {}), "_form": form_id},
        "errors": {},
    }
    counts = {s.name: row_count(state["values"], s) for s in kind.sections}
    return page(
        request,
        "catalogue_form.html",
        status=status,
        kind=kind,
        entry=entry,
        form=state,
        options=options,
        counts=counts,
    )


def _again(kind: Kind, slug: str | None) -> Callable[..., Template]:
    def render(request: Request[Any, Any, Any], *, forms: dict[str, Any], status: int) -> Template:
        return _form_page(request, kind, slug, forms=forms, status=status)

    return render


def _refused(
    request: Request[Any, Any, Any], kind: Kind, slug: str | None, error: BakeLedgerError, data: Row
) -> Template:
    form_id = "edit" if slug else "new"
    field = kind.error_field(error)
    return refused(request, error, form_id, data, kind.field_names(), _again(kind, slug), field=field)


def _list_page(request: Request[Any, Any, Any], kind: Kind, deleted: str | None) -> Template:
    with ledger_of(request).uow(read_only=True) as uow:
        entries = _service(kind, "list")(uow)
    gone = deleted and all(e.slug != deleted for e in entries)  # said only while it is so
    flash = f"Deleted {kind.noun} {deleted}." if gone else None
    return page(request, "catalogue_list.html", kind=kind, entries=entries, flash=flash)


def _delete_page(
    request: Request[Any, Any, Any], kind: Kind, slug: str, *, error: InUse | None = None
) -> Template:
    with ledger_of(request).uow(read_only=True) as uow:
        entry = _service(kind, "get")(uow, **{kind.keyword: slug})
    status = status_of(error) if error else 200
    return page(request, "catalogue_delete.html", status=status, kind=kind, entry=entry, in_use=error)


def _edit(uow: UnitOfWork, kind: Kind, slug: str, form: Row) -> Any:
    """Send the update only the fields the form changed (one unit of work reads and writes)."""
    current = _service(kind, "get")(uow, **{kind.keyword: slug})
    stored = kind.update_args(kind.values_of(current))
    changes = {k: v for k, v in kind.update_args(form).items() if stored.get(k) != v}
    if not changes:
        return current
    return _service(kind, "update")(uow, **{kind.keyword: slug}, **changes)


# --- the routes of one kind ------------------------------------------------------------------
def _routes(kind: Kind) -> list[HTTPRouteHandler]:
    base = f"/catalogue/{kind.segment}"

    # the GETs that share a path with a POST are async, handing the work to a thread themselves:
    # Litestar 2.25 fails a sync GET handler on a path another handler shares
    @get(base, include_in_schema=False)
    async def list_page(
        request: Request[Any, Any, Any], deleted: FromQuery[str | None] = None
    ) -> Response[Any]:
        return await anyio.to_thread.run_sync(lambda: _list_page(request, kind, deleted))

    @get(f"{base}/+new", opt=OWNER, sync_to_thread=True, include_in_schema=False)
    def new_page(request: Request[Any, Any, Any]) -> Template:
        return _form_page(request, kind, None)

    @post(base, opt=OWNER, sync_to_thread=True, include_in_schema=False)
    def create(request: Request[Any, Any, Any], data: Form) -> Response[Any]:
        try:
            made = write(request, _service(kind, "create"), **kind.create_args(data))
        except BakeLedgerError as error:
            return _refused(request, kind, None, error, data)
        return back(f"{base}/{made.slug}")

    @get(f"{base}/{{slug:str}}", sync_to_thread=True, include_in_schema=False)
    def show_page(request: Request[Any, Any, Any], slug: FromPath[str]) -> Template:
        with ledger_of(request).uow(read_only=True) as uow:
            entry = _service(kind, "get")(uow, **{kind.keyword: slug})
            related = _related(uow, kind, slug)
        rows = {s.name: [attrs.asdict(r) for r in getattr(entry, s.name)] for s in kind.sections}
        return page(request, "catalogue_show.html", kind=kind, entry=entry, rows=rows, related=related)

    @get(f"{base}/{{slug:str}}/edit", opt=OWNER, include_in_schema=False)
    async def edit_page(request: Request[Any, Any, Any], slug: FromPath[str]) -> Response[Any]:
        return await anyio.to_thread.run_sync(lambda: _form_page(request, kind, slug))

    @post(f"{base}/{{slug:str}}/edit", opt=OWNER, sync_to_thread=True, include_in_schema=False)
    def update(request: Request[Any, Any, Any], slug: FromPath[str], data: Form) -> Response[Any]:
        try:
            write(request, _edit, kind, slug, data)
        except BakeLedgerError as error:
            return _refused(request, kind, slug, error, data)
        return back(f"{base}/{slug}")

    @get(f"{base}/{{slug:str}}/delete", opt=OWNER, include_in_schema=False)
    async def delete_page(request: Request[Any, Any, Any], slug: FromPath[str]) -> Response[Any]:
        return await anyio.to_thread.run_sync(lambda: _delete_page(request, kind, slug))

    @post(f"{base}/{{slug:str}}/delete", opt=OWNER, sync_to_thread=True, include_in_schema=False)
    def delete(request: Request[Any, Any, Any], slug: FromPath[str]) -> Response[Any]:
        try:
            write(request, _service(kind, "delete"), **{kind.keyword: slug})
        except InUse as error:
            return _delete_page(request, kind, slug, error=error)
        return back(f"{base}?deleted={slug}")

    return [list_page, new_page, create, show_page, edit_page, update, delete_page, delete]


@get("/catalogue", sync_to_thread=True, include_in_schema=False)
def catalogue_index(request: Request[Any, Any, Any]) -> Template:
    with ledger_of(request).uow(read_only=True) as uow:
        counts = {kind.segment: len(_service(kind, "list")(uow)) for kind in KINDS}
    return page(request, "catalogue_index.html", kinds=KINDS, counts=counts)


ROUTES = [catalogue_index, *(handler for kind in BY_SEGMENT.values() for handler in _routes(kind))]
