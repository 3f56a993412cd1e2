"""Ingredients: list, read, create, change, delete."""

from __future__ import annotations

from typing import Any

import attrs
from litestar import Request, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from bakeledger.app.http.body import StrictBody
from bakeledger.app.http.units import DEFAULT_LIMIT, Page, created, given, page, read, write
from bakeledger.services import catalog
from bakeledger.services.dto import IngredientDTO


@attrs.frozen(kw_only=True)
class NewIngredient:
    name: str
    category: str = "general"
    density: str | None = None  # e.g. "1 cup = 120 g"


@attrs.frozen(kw_only=True)
class IngredientChanges:
    name: str | None = None
    category: str | None = None
    density: str | None = None  # null clears it


@get("/ingredients", sync_to_thread=True, tags=["catalogue"])
def list_ingredients(
    request: Request[Any, Any, Any], limit: FromQuery[int] = DEFAULT_LIMIT, offset: FromQuery[int] = 0
) -> Page[IngredientDTO]:
    return page(request, read(request, catalog.list_ingredients), limit, offset)


@get("/ingredients/{slug:str}", sync_to_thread=True, tags=["catalogue"])
def get_ingredient(request: Request[Any, Any, Any], slug: FromPath[str]) -> IngredientDTO:
    return read(request, catalog.get_ingredient, ingredient=slug)


@post("/ingredients", dto=StrictBody[NewIngredient], sync_to_thread=True, tags=["catalogue"])
def create_ingredient(
    request: Request[Any, Any, Any], data: JSONBody[NewIngredient]
) -> Response[IngredientDTO]:
    made = write(request, catalog.create_ingredient, **attrs.asdict(data))
    return created(request, made, f"/api/v1/ingredients/{made.slug}")


@patch("/ingredients/{slug:str}", dto=StrictBody[IngredientChanges], sync_to_thread=True, tags=["catalogue"])
def update_ingredient(
    request: Request[Any, Any, Any], slug: FromPath[str], data: JSONBody[IngredientChanges]
) -> IngredientDTO:
    return write(request, catalog.update_ingredient, ingredient=slug, **given(request, data))


@delete("/ingredients/{slug:str}", status_code=200, sync_to_thread=True, tags=["catalogue"])
def delete_ingredient(request: Request[Any, Any, Any], slug: FromPath[str]) -> IngredientDTO:
    return write(request, catalog.delete_ingredient, ingredient=slug)


ROUTES = [list_ingredients, get_ingredient, create_ingredient, update_ingredient, delete_ingredient]
