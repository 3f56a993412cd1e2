"""Interactive API docs at `/api/docs`: Swagger UI, served from files inside the package (no CDN),
over the document at `/api/v1/openapi.json`. Public, like the document itself."""

from __future__ import annotations

from litestar import MediaType, get
from litestar.types import ControllerRouterHandler

from bakeledger.app.http.auth import PUBLIC

ASSETS = "/static/swagger-ui"  # files in static/swagger-ui, served with the pages' static files
PAGE = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>bakeledger API</title>
  <link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{ASSETS}/swagger-ui-bundle.js"></script>
  <script src="{ASSETS}/bakeledger-docs.js"></script>
</body>
</html>
"""


@get("/api/docs", opt=PUBLIC, media_type=MediaType.HTML, include_in_schema=False, sync_to_thread=False)
def docs_page() -> str:
    """The API described by Swagger UI."""
    return PAGE


ROUTES: list[ControllerRouterHandler] = [docs_page]
