"""The backup page (owner only): the export download and its digest; restoring an export into an
empty ledger gives the same ledger, and a ledger that holds data is refused and left unchanged."""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterator

import pytest

import bakeledger
from bakeledger.app.ledger import Ledger
from bakeledger.domain.numbers import utcnow
from bakeledger.services import exchange, production
from tests.http.pages_support import Browser, browser_for
from tests.integration.cookie_pantry import COOKIE, RECIPE
from tests.integration.events_fixture import setup_season


@pytest.fixture
def browser(ledger: Ledger) -> Iterator[Browser]:
    yield from browser_for(ledger)


@pytest.fixture
def season(ledger: Ledger) -> Ledger:
    season = setup_season(ledger)
    with ledger.uow() as uow:
        production.record_production(
            uow, recipe=RECIPE, finished_unit=COOKIE, batches=1, event=season.event_id
        )
        uow.commit()
    return ledger


def _digest(ledger: Ledger) -> str:
    with ledger.uow(read_only=True) as uow:
        return exchange.state_digest(uow)


def _restore(browser: Browser, data: bytes, name: str = "backup.json", *, csrf: bool = True) -> object:
    form = {"_csrf_token": browser.csrf("/backup")} if csrf else {}
    return browser.client.post(
        "/backup/restore",
        data=form,
        files={"document": (name, data, "application/json")},
        follow_redirects=False,
    )


def test_the_download_is_the_canonical_export_and_its_digest_is_the_ledgers(
    season: Ledger, browser: Browser
) -> None:
    browser.as_role("owner")
    page = browser.get("/backup")
    assert page.status_code == 200
    expected = _digest(season)
    assert f'<code class="digest">{expected}</code>' in page.text
    download = browser.get("/backup/export.json")
    assert download.status_code == 200
    day = utcnow().date().isoformat()
    assert download.headers["content-disposition"] == f'attachment; filename="bakeledger-export-{day}.json"'
    assert hashlib.sha256(download.content).hexdigest() == expected
    assert download.headers["x-bakeledger-digest"] == expected
    with season.uow(read_only=True) as uow:
        assert download.content.decode("utf-8") == exchange.canonical_json(exchange.export_all(uow))


def test_restoring_the_download_into_an_empty_ledger_gives_the_same_digest(
    season: Ledger, browser: Browser, scratch_url: str
) -> None:
    data = browser.as_role("owner").get("/backup/export.json").content
    second = bakeledger.open(scratch_url)
    try:
        for other in browser_for(second):
            other.as_role("owner")
            assert "Restore" in other.get("/backup").text
            response = _restore(other, data)
            assert response.status_code == 200, response.text
            assert "rows written" in response.text
        assert _digest(second) == _digest(season)
    finally:
        second.dispose()


def test_a_ledger_that_holds_data_is_refused_and_left_unchanged(season: Ledger, browser: Browser) -> None:
    browser.as_role("owner")
    data = browser.get("/backup/export.json").content
    before = _digest(season)
    response = _restore(browser, data)
    assert response.status_code == 409
    assert "import_all needs an empty ledger; this one already holds data" in html.unescape(response.text)
    assert 'id="document-restore-error"' in response.text
    assert _digest(season) == before


def test_a_document_that_is_not_an_export_is_rejected_with_its_problems(
    browser: Browser, ledger: Ledger
) -> None:
    browser.as_role("owner")
    before = _digest(ledger)
    response = _restore(browser, b'{"format": "something else"', "notes.json")
    assert response.status_code == 422
    text = html.unescape(response.text)
    assert "notes.json: import rejected with 1 problem(s): document: not valid JSON" in text
    assert _digest(ledger) == before


def test_only_the_owner_sees_backup_and_a_restore_needs_the_owner_and_a_csrf_token(
    season: Ledger, browser: Browser
) -> None:
    owner_page = browser.as_role("owner").get("/").text
    assert 'href="/backup"' in owner_page
    data = browser.get("/backup/export.json").content
    for role in ("viewer", "baker"):
        browser.as_role(role)
        assert 'href="/backup"' not in browser.get("/").text
        assert browser.get("/backup").status_code == 403
        assert browser.get("/backup/export.json").status_code == 403
        form = {"_csrf_token": browser.csrf("/")}
        refused = browser.client.post(
            "/backup/restore", data=form, files={"document": ("b.json", data, "application/json")}
        )
        assert refused.status_code == 403
    browser.as_role("owner")
    assert _restore(browser, data, csrf=False).status_code == 403  # type: ignore[attr-defined]


def test_a_restore_may_be_larger_than_other_forms_and_needs_a_file(browser: Browser, ledger: Ledger) -> None:
    browser.as_role("owner")
    big = b'{"padding": "' + b"x" * (2 * 1024 * 1024) + b'"}'  # over the app's 1 MiB body limit
    response = _restore(browser, big)
    assert response.status_code == 422  # read and checked, not refused for its size
    assert "document: missing key &#39;format&#39;" in response.text
    token = browser.csrf("/backup")
    too_big_elsewhere = browser.client.post(
        "/stock/purchases", data={"_csrf_token": token, "notes": "x" * len(big)}
    )
    assert too_big_elsewhere.status_code == 413
    no_file = browser.client.post(
        "/backup/restore", data={"_csrf_token": token}, files={"other": ("a", b"", "text/plain")}
    )
    assert no_file.status_code == 422
    assert "choose an export file to restore" in no_file.text
