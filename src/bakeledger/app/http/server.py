"""Building the app: API routes and web pages, the deny-by-default guard, problem documents,
CSRF for the pages' forms, and the OpenAPI document."""

from __future__ import annotations

import secrets
from pathlib import Path

from litestar import Litestar, Router
from litestar.config.csrf import CSRFConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.static_files import create_static_files_router

from bakeledger import __version__
from bakeledger.app.http import docs, openapi
from bakeledger.app.http.auth import PUBLIC, Throttle, guard
from bakeledger.app.http.pages import PAGE_ROUTES
from bakeledger.app.http.pages.common import TEMPLATE_CONFIG
from bakeledger.app.http.problems import EXCEPTION_HANDLERS
from bakeledger.app.http.routes import (
    assembly,
    catalogue,
    events,
    exchange,
    inventory,
    planning,
    production,
    system,
    tokens,
)
from bakeledger.app.ledger import Ledger

API_PREFIX = "/api/v1"
MAX_BODY_BYTES = 1024 * 1024
STATIC = Path(__file__).resolve().parent / "static"
API_ROUTES = [
    *system.ROUTES,
    *catalogue.ROUTES,
    *inventory.ROUTES,
    *production.ROUTES,
    *assembly.ROUTES,
    *events.ROUTES,
    *planning.ROUTES,
    *exchange.ROUTES,
    *tokens.ROUTES,
]


def create_app(ledger: Ledger, *, throttle: Throttle | None = None, secret: str | None = None) -> Litestar:
    """The app over `ledger` (which the caller opened and disposes of).

    `secret` signs the pages' CSRF tokens; every worker serving one ledger must share it.
    """
    api = Router(path=API_PREFIX, route_handlers=API_ROUTES)
    static = create_static_files_router(path="/static", directories=[STATIC], opt=PUBLIC)
    app = Litestar(
        route_handlers=[api, static, *PAGE_ROUTES, *docs.ROUTES],
        guards=[guard],
        exception_handlers=EXCEPTION_HANDLERS,
        request_max_body_size=MAX_BODY_BYTES,
        template_config=TEMPLATE_CONFIG,
        # API clients send a bearer token, which a browser never adds by itself: only the pages'
        # forms (cookie sessions) need a CSRF token
        csrf_config=CSRFConfig(
            secret=secret or secrets.token_hex(32),
            cookie_httponly=True,
            cookie_samesite="strict",
            exclude=["^/api/"],
        ),
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
