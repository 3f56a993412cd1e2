"""The HTTP adapter: one Litestar app for the JSON API (`/api/v1`).

A handler parses the request, opens one unit of work, calls services and returns their DTOs; it
holds no business rule and no SQL. Handlers are synchronous and run in worker threads.
"""

from bakeledger.app.http.server import create_app

__all__ = ["create_app"]
