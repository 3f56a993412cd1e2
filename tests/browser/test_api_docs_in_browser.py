"""The interactive API docs render in a real browser from the server's own files: Swagger UI lists
every operation of the document, and the page asks nothing of any other host."""

from __future__ import annotations

from typing import Any

import httpx

from tests.browser.conftest import Season, screenshot


def test_swagger_ui_lists_every_operation_from_local_files(browser: Any, season: Season) -> None:
    document = httpx.get(f"{season.url}/api/v1/openapi.json").json()
    operations = sum(
        1
        for item in document["paths"].values()
        for method in item
        if method in ("get", "put", "post", "patch", "delete", "head", "options")
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{season.url}/api/docs")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() == operations
    assert page.locator(".info .title").inner_text().startswith("bakeledger")
    assert page.locator(".btn.authorize").count() == 1  # the bearer token can be entered
    assert requested and all(url.startswith(season.url) for url in requested), requested
    screenshot(page, "api-docs")
    context.close()
