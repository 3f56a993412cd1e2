"""Building the app: routes, the deny-by-default guard, problem documents, OpenAPI."""

from __future__ import annotations

from litestar import Litestar, Router
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin

from bakeledger import __version__
from bakeledger.app.http import openapi
from bakeledger.app.http.auth import PUBLIC, Throttle, guard
from bakeledger.app.http.problems import EXCEPTION_HANDLERS
from bakeledger.app.http.routes import assembly, ingredients, inventory, production, system
from bakeledger.app.ledger import Ledger

API_PREFIX = "/api/v1"
MAX_BODY_BYTES = 1024 * 1024
API_ROUTES = [
    *system.ROUTES,
    *ingredients.ROUTES,
    *inventory.ROUTES,
    *production.ROUTES,
    *assembly.ROUTES,
]


def create_app(ledger: Ledger, *, throttle: Throttle | None = None) -> Litestar:
    """The app over `ledger` (which the caller opened and disposes of)."""
    api = Router(path=API_PREFIX, route_handlers=API_ROUTES)
    app = Litestar(
        route_handlers=[api],
        guards=[guard],
        exception_handlers=EXCEPTION_HANDLERS,
        request_max_body_size=MAX_BODY_BYTES,
        openapi_config=OpenAPIConfig(
            title="bakeledger",
            version=__version__,
            description="The JSON API of bakeledger. Numbers are strings in responses; in requests, "
            "strings or integers (a JSON number with a fraction is refused: write it as a string).",
            # the framework's own schema routes sit aside; the document is served as /api/v1/openapi.json
            path="/api/schema",
            render_plugins=[JsonRenderPlugin(path="/openapi.json")],
            openapi_router=Router(path="/api/schema", route_handlers=[], opt=PUBLIC, include_in_schema=False),
        ),
        debug=False,
    )
    app.state.ledger = ledger
    app.state.throttle = throttle or Throttle()
    openapi.refine(app)
    app.state.openapi_document = app.openapi_schema.to_schema()
    return app
