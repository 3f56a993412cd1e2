"""Browser tests: a real `bakeledger serve` on 127.0.0.1 and Debian's Chromium driven by Playwright.

Each test gets its own server (the real-server fixture of the HTTP tests) over its own new
database, SQLite and PostgreSQL when offered.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

import bakeledger
from bakeledger.services import access, catalog, events
from tests.http.server import fresh_database, serving
from tests.integration.cookie_pantry import build_cookie_pantry

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
WIDTHS = {"phone": 375, "desktop": 1280}


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail(
            "browser tests need Debian's chromium (apt-get install -y chromium); `make test` installs it"
        )
    return path


@attrs.frozen
class Season:
    """A running `bakeledger serve` over a small season: its base URL, its database, a token per role."""

    url: str
    db_url: str
    tokens: dict[str, str]

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens['owner']}"}
        response = httpx.request(method, f"{self.url}/api/v1{path}", headers=headers, timeout=10, **kwargs)
        response.raise_for_status()
        return response.json()


def build_season(uow: Any) -> int:
    """Cookies for a cookie swap: flour and sugar for 3 batches on hand, a target of 4 batches."""
    build_cookie_pantry(uow)
    event = events.create_event(uow, name="Cookie Swap", event_date=dt.date.today() + dt.timedelta(days=10))
    events.set_production_target(uow, event=event.id, recipe="chocolate-chip-cookies", batches=4)
    catalog.create_recipient(uow, name="Grandma")
    return event.id


@contextmanager
def serve(backend: str, tmp_path: Path, build: Callable[[Any], object]) -> Iterator[Season]:
    """A server over a new database of this backend, filled by `build(uow)` in one unit of work."""
    with fresh_database(backend, tmp_path) as url:
        ledger = bakeledger.open(url)
        try:
            with ledger.uow() as uow:
                build(uow)
                uow.commit()
            tokens = {role: ledger.run(access.create_token, role=role).token for role in ("viewer", "owner")}
        finally:
            ledger.dispose()
        with serving(url, tmp_path, token=tokens["owner"]) as served:
            yield Season(url=served.base, db_url=url, tokens=tokens)


@pytest.fixture(params=["sqlite", "postgresql"])
def season(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Season]:
    """A server over a small season: one event, one recipe, stock for three of its four batches."""
    with serve(request.param, tmp_path, build_season) as served:
        yield served


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), headless=True)
        yield launched
        launched.close()


def open_page(browser: Any, served: Season, *, role: str = "owner", width: int = 1280) -> Any:
    """A logged-in page (the login link sets the session cookie) at this width."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{served.url}/login?token={served.tokens[role]}")
    return page


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
