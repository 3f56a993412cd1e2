"""Browser tests: a real server on 127.0.0.1 and Debian's Chromium driven by Playwright.

Each test gets its own server over its own ledger (SQLite file, or the PostgreSQL test database),
started as a subprocess, polled on its health route a bounded number of times, and stopped by pid.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import bakeledger
from bakeledger.services import access, catalog, events
from tests.integration.cookie_pantry import build_cookie_pantry

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
WIDTHS = {"phone": 375, "desktop": 1280}
# the server under test: uvicorn serving create_app over the ledger at argv[1], on port argv[2]
_LAUNCH = (
    "import sys, uvicorn, bakeledger;"
    "from bakeledger.app.http import create_app;"
    "uvicorn.run(create_app(bakeledger.open(sys.argv[1], schema='require_current')),"
    " host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')"
)


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail(
            "browser tests need Debian's chromium (apt-get install -y chromium); `make test` installs it"
        )
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Served:
    """A running server: its base URL, an owner and a viewer token, and the ledger's URL."""

    def __init__(
        self, url: str, db_url: str, tokens: dict[str, str], process: subprocess.Popen[bytes]
    ) -> None:
        self.url, self.db_url, self.tokens, self.process = url, db_url, tokens, process

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens['owner']}"}
        response = httpx.request(method, f"{self.url}/api/v1{path}", headers=headers, timeout=10, **kwargs)
        response.raise_for_status()
        return response.json()


def start_server(db_url: str, tokens: dict[str, str]) -> Served:
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-c", _LAUNCH, db_url, str(port)], env={**os.environ})
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):  # at most ~15 s
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                return Served(url, db_url, tokens, process)
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    stop_server(process)
    raise RuntimeError("the server did not answer its health route within 15 s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def build_season(uow: Any) -> int:
    """Cookies for a cookie swap: flour and sugar for 3 batches on hand, a target of 4 batches."""
    build_cookie_pantry(uow)
    event = events.create_event(uow, name="Cookie Swap", event_date=dt.date.today() + dt.timedelta(days=10))
    events.set_production_target(uow, event=event.id, recipe="chocolate-chip-cookies", batches=4)
    catalog.create_recipient(uow, name="Grandma")
    return event.id


@pytest.fixture
def season(db_url: str) -> Iterator[Served]:
    """A server over a small season: one event, one recipe, stock for three of its four batches."""
    ledger = bakeledger.open(db_url)
    try:
        with ledger.uow() as uow:
            build_season(uow)
            uow.commit()
        tokens = {role: ledger.run(access.create_token, role=role).token for role in ("viewer", "owner")}
    finally:
        ledger.dispose()
    served = start_server(db_url, tokens)
    try:
        yield served
    finally:
        stop_server(served.process)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), headless=True)
        yield launched
        launched.close()


def open_page(browser: Any, served: Served, *, role: str = "owner", width: int = 1280) -> Any:
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
