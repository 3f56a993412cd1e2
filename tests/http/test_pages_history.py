"""The history page: runs newest first with their lot lines and exact costs; reversing a run after a
confirmation page (the stock comes back; a refused reversal shows the service's error)."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import pytest

from bakeledger.app.http.pages import history
from bakeledger.app.ledger import Ledger
from bakeledger.services import assembly, inventory, production
from tests.http.pages_support import Browser, browser_for, section, statements_of, text_of
from tests.integration.cookie_pantry import COOKIE, RECIPE, setup_cookie_pantry
from tests.integration.events_fixture import GIFT_BAG, setup_season


@pytest.fixture
def browser(ledger: Ledger) -> Iterator[Browser]:
    yield from browser_for(ledger)


def _bake(ledger: Ledger, batches: int = 6, **kwargs: Any) -> Any:
    with ledger.uow() as uow:
        run = production.record_production(
            uow, recipe=RECIPE, finished_unit=COOKIE, batches=batches, **kwargs
        )
        uow.commit()
    return run


@pytest.fixture
def baked(ledger: Ledger) -> Any:
    """The cookie pantry with a second lot of flour and of sugar; 6 batches take from both lots."""
    pantry = setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        inventory.add_purchase(
            uow, product=pantry.flour_product, packages=3, price_per_package="0.70", purchased_on="2025-11-02"
        )
        inventory.add_purchase(
            uow, product=pantry.sugar_product, packages=2, price_per_package="0.65", purchased_on="2025-11-02"
        )
        uow.commit()
    return _bake(ledger, actual_yield=280, loss_category="burnt")


def _remaining(ledger: Ledger, ingredient: str) -> list[str]:
    with ledger.uow(read_only=True) as uow:
        return [lot.remaining for lot in inventory.list_lots(uow, ingredient=ingredient, include_empty=True)]


def test_history_shows_each_run_with_its_lot_lines_and_exact_costs(
    ledger: Ledger, browser: Browser, baked: Any
) -> None:
    page = browser.as_role("viewer").get("/history")
    assert page.status_code == 200
    card = section(page.text, f"run-{baked.id}")
    with ledger.uow(read_only=True) as uow:
        run = production.get_production_run(uow, run_id=baked.id)
    assert run.total_ingredient_cost == "10.05"  # flour 10 @ 0.50 + 2 @ 0.70, sugar 5 @ 0.60 + 1 @ 0.65
    lines = [(used.ingredient, line) for used in run.consumptions for line in used.lots]
    assert len(lines) == 4
    for ingredient, line in lines:
        row = (
            f'<td>{ingredient}</td><td>#{line.lot_id}</td><td class="num">{line.quantity} {line.unit}</td>'
            f'<td class="num">{line.unit_cost}</td><td class="num">{line.cost}</td>'
        )
        assert row in card
    words = text_of(card)
    for figure in (
        run.total_ingredient_cost,
        run.per_unit_cost,
        f"{run.actual_yield} of {run.expected_yield}",
    ):
        assert figure in words
    loss = run.losses[0]
    assert f"{loss.quantity} {loss.category} (cost {loss.cost})" in words
    assert "Reverse" not in page.text  # a viewer is shown no reversal


def test_reversing_through_the_confirmation_restores_the_stock_and_a_second_one_is_refused(
    ledger: Ledger, browser: Browser, baked: Any
) -> None:
    browser.as_role("baker")
    assert _remaining(ledger, "flour") == ["0", "1"]
    listing = browser.get("/history")
    assert f'href="/history/production/{baked.id}/reverse"' in listing.text
    confirm = browser.get(f"/history/production/{baked.id}/reverse")
    assert confirm.status_code == 200
    assert 'name="reason"' in confirm.text and "10.05" in confirm.text
    path = f"/history/production/{baked.id}/reversal"
    done = browser.post(
        path, {"reason": "counted twice"}, csrf_from=f"/history/production/{baked.id}/reverse"
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/history?kind=production#run-{baked.id}"
    assert _remaining(ledger, "flour") == ["10", "3"]
    assert _remaining(ledger, "sugar") == ["5", "2"]
    with ledger.uow(read_only=True) as uow:
        run = production.get_production_run(uow, run_id=baked.id)
        assert run.reversed and run.reversal_reason == "counted twice"
        assert inventory.finished_stock(uow, kind="finished_unit", slug=COOKIE).count == 0
    card = section(browser.get("/history").text, f"run-{baked.id}")
    assert "counted twice" in card and "/reverse" not in card

    again = browser.post(path, {"reason": "once more"}, csrf_from="/history")
    assert again.status_code == 409
    assert f"production run {baked.id} is already reversed" in html.unescape(again.text)
    assert 'value="once more"' in again.text  # what was typed is kept
    assert _remaining(ledger, "flour") == ["10", "3"]


def test_a_blank_reason_is_refused_beside_the_field_and_nothing_changes(
    ledger: Ledger, browser: Browser, baked: Any
) -> None:
    browser.as_role("baker")
    response = browser.post(
        f"/history/production/{baked.id}/reversal", {"reason": "  "}, csrf_from="/history"
    )
    assert response.status_code == 422
    assert 'id="reason-reverse-error"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert _remaining(ledger, "flour") == ["0", "1"]
    with ledger.uow(read_only=True) as uow:
        assert not production.get_production_run(uow, run_id=baked.id).reversed


def test_a_bake_whose_cookies_were_bundled_cannot_be_reversed_but_its_assembly_can(
    ledger: Ledger, browser: Browser
) -> None:
    setup_season(ledger)
    baked = _bake(ledger, batches=1)
    with ledger.uow() as uow:
        bundled = assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=2)
        uow.commit()
    browser.as_role("baker")
    refused = browser.post(
        f"/history/production/{baked.id}/reversal", {"reason": "mistake"}, csrf_from="/history"
    )
    assert refused.status_code == 409
    assert f"assembly run {bundled.id}" in html.unescape(refused.text)
    with ledger.uow(read_only=True) as uow:
        assert not production.get_production_run(uow, run_id=baked.id).reversed

    assembled = browser.get("/history?kind=assembly")
    card = section(assembled.text, f"run-{bundled.id}")
    with ledger.uow(read_only=True) as uow:
        run = assembly.get_assembly_run(uow, run_id=bundled.id)
    for used in run.consumptions:
        assert (
            f'<td>{used.slug}</td><td>{used.kind}</td><td class="num">{used.quantity} {used.unit}</td>'
            in card
        )
        assert f'<td class="num">{used.cost}</td>' in card
    assert run.total_component_cost in card

    done = browser.post(
        f"/history/assembly/{bundled.id}/reversal",
        {"reason": "wrong bag"},
        csrf_from=f"/history/assembly/{bundled.id}/reverse",
    )
    assert done.status_code == 303
    with ledger.uow(read_only=True) as uow:
        assert inventory.finished_stock(uow, kind="finished_unit", slug=COOKIE).count == 48
        assert assembly.get_assembly_run(uow, run_id=bundled.id).reversed
    assert (
        browser.post(
            f"/history/production/{baked.id}/reversal", {"reason": "now it can"}, csrf_from="/history"
        ).status_code
        == 303
    )


def test_runs_come_newest_first_a_page_at_a_time(
    ledger: Ledger, browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup_cookie_pantry(ledger)
    runs = [_bake(ledger, batches=1, produced_at=f"2025-11-0{day}T12:00:00") for day in (3, 4, 5)]
    monkeypatch.setattr(history, "PAGE_SIZE", 2)
    first = browser.as_role("viewer").get("/history").text
    assert first.index(f'id="run-{runs[2].id}"') < first.index(f'id="run-{runs[1].id}"')
    assert f'id="run-{runs[0].id}"' not in first
    assert 'href="/history?kind=production&amp;offset=2" rel="next"' in first
    second = browser.get("/history?kind=production&offset=2").text
    assert f'id="run-{runs[0].id}"' in second and 'rel="next"' not in second
    assert 'offset=0" rel="prev"' in second
    assert browser.get("/history?kind=nothing").status_code == 404


def test_a_viewer_gets_no_reversal_and_a_post_without_csrf_is_refused(
    ledger: Ledger, browser: Browser, baked: Any
) -> None:
    browser.as_role("viewer")
    assert browser.get(f"/history/production/{baked.id}/reverse").status_code == 403
    refused = browser.post(f"/history/production/{baked.id}/reversal", {"reason": "x"}, csrf_from="/history")
    assert refused.status_code == 403
    browser.as_role("baker")
    no_token = browser.post(f"/history/production/{baked.id}/reversal", {"reason": "x"}, csrf_from=None)
    assert no_token.status_code == 403
    assert _remaining(ledger, "flour") == ["0", "1"]
    with ledger.uow(read_only=True) as uow:
        assert not production.get_production_run(uow, run_id=baked.id).reversed


def test_a_page_of_history_reads_a_fixed_number_of_statements(ledger: Ledger, browser: Browser) -> None:
    setup_season(ledger)
    browser.as_role("viewer")

    def grow(runs: int) -> None:
        for _ in range(runs):
            _bake(ledger, batches=1)
        with ledger.uow() as uow:
            assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=runs)
            uow.commit()

    grow(1)
    small = {
        kind: statements_of(ledger, browser, f"/history?kind={kind}") for kind in ("production", "assembly")
    }
    grow(3)
    large = {
        kind: statements_of(ledger, browser, f"/history?kind={kind}") for kind in ("production", "assembly")
    }
    assert large == small
