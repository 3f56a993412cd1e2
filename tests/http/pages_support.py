"""A browser for the page tests: logs in by token, reads CSRF tokens, posts forms."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from litestar.testing import TestClient
from sqlalchemy import event

from bakeledger.app.http import create_app
from bakeledger.app.ledger import Ledger
from bakeledger.services import access

_CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


class Browser:
    """One test client over the app; `as_role` logs in again with that role's token."""

    def __init__(self, client: TestClient[Any], tokens: dict[str, str]) -> None:
        self.client, self.tokens = client, tokens

    def as_role(self, role: str) -> Browser:
        response = self.client.get(f"/login?token={self.tokens[role]}", follow_redirects=False)
        assert response.status_code == 303, response.text
        return self

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, **kwargs)

    def csrf(self, path: str = "/") -> str:
        """The CSRF token of the forms of a rendered page."""
        response = self.client.get(path)
        assert response.status_code == 200, response.text
        found = _CSRF.search(response.text)
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    def post(self, path: str, data: dict[str, str], *, csrf_from: str | None = "/", **kwargs: Any) -> Any:
        form = dict(data)
        if csrf_from is not None:
            form["_csrf_token"] = self.csrf(csrf_from)
        return self.client.post(path, data=form, follow_redirects=False, **kwargs)


def browser_for(ledger: Ledger) -> Iterator[Browser]:
    """A browser over an app on `ledger`, with a token for each role (a fixture's body)."""
    tokens = {role: ledger.run(access.create_token, role=role).token for role in ("viewer", "baker", "owner")}
    with TestClient(create_app(ledger)) as client:
        yield Browser(client, tokens)


def text_of(page: str) -> str:
    """A page's text with its tags dropped and its entities read (whitespace collapsed)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def section(page: str, element_id: str) -> str:
    """The markup of the <section> with this id."""
    start = page.index(f'id="{element_id}"')
    return page[start : page.index("</section>", start)]


def statements_of(ledger: Ledger, browser: Browser, path: str) -> int:
    """How many SQL statements one GET of `path` runs (the page must answer 200)."""
    count = 0

    def counted(*_args: Any) -> None:
        nonlocal count
        count += 1

    event.listen(ledger.engine, "before_cursor_execute", counted)
    try:
        response = browser.get(path)
    finally:
        event.remove(ledger.engine, "before_cursor_execute", counted)
    assert response.status_code == 200, response.text
    return count
