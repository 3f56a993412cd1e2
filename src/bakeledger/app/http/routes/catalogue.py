"""The catalogue: ingredients, products, recipes, finished units, finished goods, packages and
recipients — for each, list (paged), read, create, change (only the fields sent) and delete
(refused with InUse while anything uses the entry). Reading needs the viewer role, writing the owner.

The request classes mirror the services' keyword arguments; the rows inside a body (recipe lines
and components, bundle components, package contents) are classes of their own so the OpenAPI
document describes them.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs
from litestar import Request, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from bakeledger.app.http.body import StrictBody
from bakeledger.app.http.units import DEFAULT_LIMIT, Page, created, given, page, read, write
from bakeledger.services import catalog
from bakeledger.services.dto import (
    FinishedGoodDTO,
    FinishedUnitDTO,
    IngredientDTO,
    PackageDTO,
    ProductDTO,
    QuantityStr,
    RecipeDTO,
    RecipientDTO,
)

API = "/api/v1"
TAGS = ["catalogue"]
AnyRequest = Request[Any, Any, Any]


def plain(data: Any) -> dict[str, Any]:
    """A create body as the service's keyword arguments (rows as plain dicts)."""
    return attrs.asdict(data)


def sent(request: AnyRequest, data: Any) -> dict[str, Any]:
    """A PATCH body's fields the client sent, as the service's keyword arguments (rows as dicts)."""
    keys = given(request, data).keys()
    return {name: value for name, value in attrs.asdict(data).items() if name in keys}


# --- ingredients --------------------------------------------------------------------------------
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


@get("/ingredients", sync_to_thread=True, tags=TAGS)
def list_ingredients(
    request: AnyRequest, limit: FromQuery[int] = DEFAULT_LIMIT, offset: FromQuery[int] = 0
) -> Page[IngredientDTO]:
    return page(request, read(request, catalog.list_ingredients), limit, offset)


@get("/ingredients/{slug:str}", sync_to_thread=True, tags=TAGS)
def get_ingredient(request: AnyRequest, slug: FromPath[str]) -> IngredientDTO:
    return read(request, catalog.get_ingredient, ingredient=slug)


@post("/ingredients", dto=StrictBody[NewIngredient], sync_to_thread=True, tags=TAGS)
def create_ingredient(request: AnyRequest, data: JSONBody[NewIngredient]) -> Response[IngredientDTO]:
    made = write(request, catalog.create_ingredient, **plain(data))
    return created(request, made, f"{API}/ingredients/{made.slug}")


@patch("/ingredients/{slug:str}", dto=StrictBody[IngredientChanges], sync_to_thread=True, tags=TAGS)
def update_ingredient(
    request: AnyRequest, slug: FromPath[str], data: JSONBody[IngredientChanges]
) -> IngredientDTO:
    return write(request, catalog.update_ingredient, ingredient=slug, **sent(request, data))


@delete("/ingredients/{slug:str}", status_code=200, sync_to_thread=True, tags=TAGS)
def delete_ingredient(request: AnyRequest, slug: FromPath[str]) -> IngredientDTO:
    return write(request, catalog.delete_ingredient, ingredient=slug)


# --- products -----------------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class NewProduct:
    ingredient: str  # the ingredient's slug
    brand: str
    package_unit: str  # lb, cup, each, bag…
    package_unit_quantity: QuantityStr  # how much of the unit one package holds
    name: str | None = None
    preferred: bool = False  # true demotes the ingredient's other products


@attrs.frozen(kw_only=True)
class ProductChanges:
    brand: str | None = None
    name: str | None = None  # null clears it
    preferred: bool | None = None


@get("/products", sync_to_thread=True, tags=TAGS)
def list_products(
    request: AnyRequest,
    ingredient: FromQuery[str | None] = None,
    limit: FromQuery[int] = DEFAULT_LIMIT,
    offset: FromQuery[int] = 0,
) -> Page[ProductDTO]:
    return page(request, read(request, catalog.list_products, ingredient=ingredient), limit, offset)


@get("/products/{slug:str}", sync_to_thread=True, tags=TAGS)
def get_product(request: AnyRequest, slug: FromPath[str]) -> ProductDTO:
    return read(request, catalog.get_product, product=slug)


@post("/products", dto=StrictBody[NewProduct], sync_to_thread=True, tags=TAGS)
def create_product(request: AnyRequest, data: JSONBody[NewProduct]) -> Response[ProductDTO]:
    made = write(request, catalog.create_product, **plain(data))
    return created(request, made, f"{API}/products/{made.slug}")


@patch("/products/{slug:str}", dto=StrictBody[ProductChanges], sync_to_thread=True, tags=TAGS)
def update_product(request: AnyRequest, slug: FromPath[str], data: JSONBody[ProductChanges]) -> ProductDTO:
    return write(request, catalog.update_product, product=slug, **sent(request, data))


@delete("/products/{slug:str}", status_code=200, sync_to_thread=True, tags=TAGS)
def delete_product(request: AnyRequest, slug: FromPath[str]) -> ProductDTO:
    return write(request, catalog.delete_product, product=slug)


# --- recipes ------------------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class RecipeLineRow:
    ingredient: str  # the ingredient's slug
    quantity: QuantityStr
    unit: str


@attrs.frozen(kw_only=True)
class RecipeComponentRow:
    recipe: str  # the nested recipe's slug
    multiplier: QuantityStr = QuantityStr("1")


@attrs.frozen(kw_only=True)
class NewRecipe:
    name: str
    category: str = "general"
    ingredients: list[RecipeLineRow] = attrs.Factory(list)
    components: list[RecipeComponentRow] = attrs.Factory(list)  # nested recipes (depth ≤ 3)


@attrs.frozen(kw_only=True)
class RecipeChanges:
    name: str | None = None
    category: str | None = None
    ingredients: list[RecipeLineRow] | None = None  # replaces every line ([] or null: none)
    components: list[RecipeComponentRow] | None = None  # replaces every nested recipe ([] or null: none)


@get("/recipes", sync_to_thread=True, tags=TAGS)
def list_recipes(
    request: AnyRequest, limit: FromQuery[int] = DEFAULT_LIMIT, offset: FromQuery[int] = 0
) -> Page[RecipeDTO]:
    return page(request, read(request, catalog.list_recipes), limit, offset)


@get("/recipes/{slug:str}", sync_to_thread=True, tags=TAGS)
def get_recipe(request: AnyRequest, slug: FromPath[str]) -> RecipeDTO:
    return read(request, catalog.get_recipe, recipe=slug)


@post("/recipes", dto=StrictBody[NewRecipe], sync_to_thread=True, tags=TAGS)
def create_recipe(request: AnyRequest, data: JSONBody[NewRecipe]) -> Response[RecipeDTO]:
    made = write(request, catalog.create_recipe, **plain(data))
    return created(request, made, f"{API}/recipes/{made.slug}")


@patch("/recipes/{slug:str}", dto=StrictBody[RecipeChanges], sync_to_thread=True, tags=TAGS)
def update_recipe(request: AnyRequest, slug: FromPath[str], data: JSONBody[RecipeChanges]) -> RecipeDTO:
    return write(request, catalog.update_recipe, recipe=slug, **sent(request, data))


@delete("/recipes/{slug:str}", status_code=200, sync_to_thread=True, tags=TAGS)
def delete_recipe(request: AnyRequest, slug: FromPath[str]) -> RecipeDTO:
    return write(request, catalog.delete_recipe, recipe=slug)


# --- finished units -----------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class NewFinishedUnit:
    recipe: str  # the recipe's slug
    name: str
    items_per_batch: int


@attrs.frozen(kw_only=True)
class FinishedUnitChanges:
    name: str | None = None
    items_per_batch: int | None = None


@get("/finished-units", sync_to_thread=True, tags=TAGS)
def list_finished_units(
    request: AnyRequest, limit: FromQuery[int] = DEFAULT_LIMIT, offset: FromQuery[int] = 0
) -> Page[FinishedUnitDTO]:
    return page(request, read(request, catalog.list_finished_units), limit, offset)


@get("/finished-units/{slug:str}", sync_to_thread=True, tags=TAGS)
def get_finished_unit(request: AnyRequest, slug: FromPath[str]) -> FinishedUnitDTO:
    return read(request, catalog.get_finished_unit, finished_unit=slug)


@post("/finished-units", dto=StrictBody[NewFinishedUnit], sync_to_thread=True, tags=TAGS)
def create_finished_unit(request: AnyRequest, data: JSONBody[NewFinishedUnit]) -> Response[FinishedUnitDTO]:
    made = write(request, catalog.create_finished_unit, **plain(data))
    return created(request, made, f"{API}/finished-units/{made.slug}")


@patch("/finished-units/{slug:str}", dto=StrictBody[FinishedUnitChanges], sync_to_thread=True, tags=TAGS)
def update_finished_unit(
    request: AnyRequest, slug: FromPath[str], data: JSONBody[FinishedUnitChanges]
) -> FinishedUnitDTO:
    return write(request, catalog.update_finished_unit, finished_unit=slug, **sent(request, data))


@delete("/finished-units/{slug:str}", status_code=200, sync_to_thread=True, tags=TAGS)
def delete_finished_unit(request: AnyRequest, slug: FromPath[str]) -> FinishedUnitDTO:
    return write(request, catalog.delete_finished_unit, finished_unit=slug)


# --- finished goods (bundles) -------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class BundleComponentRow:
    kind: Literal["finished_unit", "finished_good", "packaging"]
    slug: str  # the finished unit's, finished good's or (packaging) product's slug
    quantity: QuantityStr = QuantityStr("1")  # a whole count, or for packaging the product's unit


@attrs.frozen(kw_only=True)
class NewFinishedGood:
    name: str
    components: list[BundleComponentRow] = attrs.Factory(list)  # at least one


@attrs.frozen(kw_only=True)
class FinishedGoodChanges:
    name: str | None = None
    components: list[BundleComponentRow] | None = None  # replaces every component


@get("/finished-goods", sync_to_thread=True, tags=TAGS)
def list_finished_goods(
    request: AnyRequest, limit: FromQuery[int] = DEFAULT_LIMIT, offset: FromQuery[int] = 0
) -> Page[FinishedGoodDTO]:
    return page(request, read(request, catalog.list_finished_goods), limit, offset)


@get("/finished-goods/{slug:str}", sync_to_thread=True, tags=TAGS)
def get_finished_good(request: AnyRequest, slug: FromPath[str]) -> FinishedGoodDTO:
    return read(request, catalog.get_finished_good, finished_good=slug)


@post("/finished-goods", dto=StrictBody[NewFinishedGood], sync_to_thread=True, tags=TAGS)
def create_finished_good(request: AnyRequest, data: JSONBody[NewFinishedGood]) -> Response[FinishedGoodDTO]:
    made = write(request, catalog.create_finished_good, **plain(data))
    return created(request, made, f"{API}/finished-goods/{made.slug}")


@patch("/finished-goods/{slug:str}", dto=StrictBody[FinishedGoodChanges], sync_to_thread=True, tags=TAGS)
def update_finished_good(
    request: AnyRequest, slug: FromPath[str], data: JSONBody[FinishedGoodChanges]
) -> FinishedGoodDTO:
    return write(request, catalog.update_finished_good, finished_good=slug, **sent(request, data))


@delete("/finished-goods/{slug:str}", status_code=200, sync_to_thread=True, tags=TAGS)
def delete_finished_good(request: AnyRequest, slug: FromPath[str]) -> FinishedGoodDTO:
    return write(request, catalog.delete_finished_good, finished_good=slug)


# --- packages -----------------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class PackageContentRow:
    finished_good: str  # the finished good's slug
    quantity: int = 1


@attrs.frozen(kw_only=True)
class NewPackage:
    name: str
    contents: list[PackageContentRow] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class PackageChanges:
    name: str | None = None
    contents: list[PackageContentRow] | None = None  # replaces every content row ([] or null: none)


@get("/packages", sync_to_thread=True, tags=TAGS)
def list_packages(
    request: AnyRequest, limit: FromQuery[int] = DEFAULT_LIMIT, offset: FromQuery[int] = 0
) -> Page[PackageDTO]:
    return page(request, read(request, catalog.list_packages), limit, offset)


@get("/packages/{slug:str}", sync_to_thread=True, tags=TAGS)
def get_package(request: AnyRequest, slug: FromPath[str]) -> PackageDTO:
    return read(request, catalog.get_package, package=slug)


@post("/packages", dto=StrictBody[NewPackage], sync_to_thread=True, tags=TAGS)
def create_package(request: AnyRequest, data: JSONBody[NewPackage]) -> Response[PackageDTO]:
    made = write(request, catalog.create_package, **plain(data))
    return created(request, made, f"{API}/packages/{made.slug}")


@patch("/packages/{slug:str}", dto=StrictBody[PackageChanges], sync_to_thread=True, tags=TAGS)
def update_package(request: AnyRequest, slug: FromPath[str], data: JSONBody[PackageChanges]) -> PackageDTO:
    return write(request, catalog.update_package, package=slug, **sent(request, data))


@delete("/packages/{slug:str}", status_code=200, sync_to_thread=True, tags=TAGS)
def delete_package(request: AnyRequest, slug: FromPath[str]) -> PackageDTO:
    return write(request, catalog.delete_package, package=slug)


# --- recipients ---------------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class NewRecipient:
    name: str
    household: str | None = None


@attrs.frozen(kw_only=True)
class RecipientChanges:
    name: str | None = None
    household: str | None = None  # null clears it


@get("/recipients", sync_to_thread=True, tags=TAGS)
def list_recipients(
    request: AnyRequest, limit: FromQuery[int] = DEFAULT_LIMIT, offset: FromQuery[int] = 0
) -> Page[RecipientDTO]:
    return page(request, read(request, catalog.list_recipients), limit, offset)


@get("/recipients/{slug:str}", sync_to_thread=True, tags=TAGS)
def get_recipient(request: AnyRequest, slug: FromPath[str]) -> RecipientDTO:
    return read(request, catalog.get_recipient, recipient=slug)


@post("/recipients", dto=StrictBody[NewRecipient], sync_to_thread=True, tags=TAGS)
def create_recipient(request: AnyRequest, data: JSONBody[NewRecipient]) -> Response[RecipientDTO]:
    made = write(request, catalog.create_recipient, **plain(data))
    return created(request, made, f"{API}/recipients/{made.slug}")


@patch("/recipients/{slug:str}", dto=StrictBody[RecipientChanges], sync_to_thread=True, tags=TAGS)
def update_recipient(
    request: AnyRequest, slug: FromPath[str], data: JSONBody[RecipientChanges]
) -> RecipientDTO:
    return write(request, catalog.update_recipient, recipient=slug, **sent(request, data))


@delete("/recipients/{slug:str}", status_code=200, sync_to_thread=True, tags=TAGS)
def delete_recipient(request: AnyRequest, slug: FromPath[str]) -> RecipientDTO:
    return write(request, catalog.delete_recipient, recipient=slug)


ROUTES = [
    *(list_ingredients, get_ingredient, create_ingredient, update_ingredient, delete_ingredient),
    *(list_products, get_product, create_product, update_product, delete_product),
    *(list_recipes, get_recipe, create_recipe, update_recipe, delete_recipe),
    *(
        list_finished_units,
        get_finished_unit,
        create_finished_unit,
        update_finished_unit,
        delete_finished_unit,
    ),
    *(
        list_finished_goods,
        get_finished_good,
        create_finished_good,
        update_finished_good,
        delete_finished_good,
    ),
    *(list_packages, get_package, create_package, update_package, delete_package),
    *(list_recipients, get_recipient, create_recipient, update_recipient, delete_recipient),
]
