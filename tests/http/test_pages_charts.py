"""The charts page: SVG charts drawn in exact decimals, each with a table of the services' figures."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from bakeledger.app.http.pages import svg
from bakeledger.app.ledger import Ledger
from bakeledger.domain.numbers import fmt_money
from bakeledger.services import assembly, events, inventory, production
from tests.http.pages_support import Browser, browser_for, section, statements_of
from tests.integration.cookie_pantry import COOKIE, RECIPE, setup_cookie_pantry
from tests.integration.events_fixture import GIFT_BAG, setup_season

_COORDINATES = re.compile(r'\s(?:x|y|cx|cy|r|height)="([^"]*)"|<rect [^>]*?width="([^"]*)"|\sd="([^"]*)"')


@pytest.fixture
def browser(ledger: Ledger) -> Iterator[Browser]:
    yield from browser_for(ledger)


def _bake(ledger: Ledger, batches: int, day: str, **kwargs: Any) -> Any:
    with ledger.uow() as uow:
        run = production.record_production(
            uow, recipe=RECIPE, finished_unit=COOKIE, batches=batches, produced_at=f"{day}T09:30:00", **kwargs
        )
        uow.commit()
    return run


def _svgs(markup: str) -> list[str]:
    return re.findall(r"<svg .*?</svg>", markup, flags=re.S)


def _accessible(chart: str, title: str) -> None:
    assert 'role="img"' in chart and f'aria-label="{title}"' in chart
    assert f"<title>{title}</title>" in chart
    assert 'viewBox="0 0 400 ' in chart and 'width="100%"' in chart
    for found in _COORDINATES.findall(chart):  # exact decimals, two places at most, never 1e-05
        for value in re.split(r"[MLHV ]", "".join(found)):
            assert value == "" or re.fullmatch(r"-?[0-9]+(\.[0-9]{1,2})?", value), value


@pytest.fixture
def bakes(ledger: Ledger) -> list[Any]:
    """Three bakes of cookies; the last is reversed. Flour 10 @ 0.50 then 5 @ 0.70, sugar 5 @ 0.60
    then 2 @ 0.65: 2 batches cost 3.20 (1.60 a batch), the next 4 cost 6.85 (1.7125 a batch)."""
    pantry = setup_cookie_pantry(ledger)
    with ledger.uow() as uow:
        inventory.add_purchase(
            uow, product=pantry.flour_product, packages=5, price_per_package="0.70", purchased_on="2025-11-02"
        )
        inventory.add_purchase(
            uow, product=pantry.sugar_product, packages=2, price_per_package="0.65", purchased_on="2025-11-02"
        )
        uow.commit()
    runs = [_bake(ledger, 2, "2025-11-03"), _bake(ledger, 4, "2025-11-05"), _bake(ledger, 1, "2025-11-06")]
    with ledger.uow() as uow:
        production.reverse_production(uow, run_id=runs[2].id, reason="dropped")
        uow.commit()
    return runs


def test_cost_per_batch_draws_each_run_and_tables_its_exact_figures(
    ledger: Ledger, browser: Browser, bakes: list[Any]
) -> None:
    page = browser.as_role("viewer").get(f"/charts?recipe={RECIPE}")
    assert page.status_code == 200
    part = section(page.text, "cost")
    with ledger.uow(read_only=True) as uow:
        runs = production.get_production_history(uow, recipe=RECIPE)
    assert runs[0].reversed and [r.total_ingredient_cost for r in runs[1:]] == ["6.85", "3.20"]
    drawn = [r for r in reversed(runs) if not r.reversed]
    per_batch = [fmt_money(Decimal(r.total_ingredient_cost) / r.batches) for r in drawn]
    assert per_batch == ["1.60", "1.71"]
    for run, figure in zip(drawn, per_batch, strict=True):
        row = (
            f'<td>#{run.id}</td><td>{run.produced_at}</td><td class="num">{run.batches}</td>'
            f'<td class="num">{run.total_ingredient_cost}</td><td class="num">{figure}</td>'
        )
        assert row in part
    assert f"<td>#{bakes[2].id}</td>" not in part  # a reversed run is not a cost
    (chart,) = _svgs(part)
    _accessible(chart, f"Cost per batch of {RECIPE} over time")
    assert chart.count("<circle") == 2
    assert "<title>2025-11-03: 1.60</title>" in chart and "<title>2025-11-05: 1.71</title>" in chart


def test_stock_over_time_tables_the_services_timeline(
    ledger: Ledger, browser: Browser, bakes: list[Any]
) -> None:
    page = browser.as_role("viewer").get("/charts?ingredient=flour")
    part = section(page.text, "stock")
    with ledger.uow(read_only=True) as uow:
        timeline = inventory.stock_timeline(uow, ingredient="flour")
        now = inventory.stock_on_hand(uow, ingredient="flour", unit="cup")
    assert [(d.day, d.added, d.removed, d.on_hand) for d in timeline.days][:5] == [
        ("2025-11-01", "10", "0", "10"),
        ("2025-11-02", "5", "0", "15"),
        ("2025-11-03", "0", "4", "11"),
        ("2025-11-05", "0", "8", "3"),
        ("2025-11-06", "0", "2", "1"),
    ]
    assert timeline.days[-1].on_hand == now
    for d in timeline.days:
        row = (
            f'<tr><td>{d.day}</td><td>{d.unit}</td><td class="num">{d.added}</td>'
            f'<td class="num">{d.removed}</td><td class="num">{d.on_hand}</td></tr>'
        )
        assert row in part
    (chart,) = _svgs(part)
    _accessible(chart, "Stock of flour in cup over time")
    assert chart.count("<circle") == len(timeline.days)


def test_an_events_spending_against_its_estimate_is_a_bar_per_figure(
    ledger: Ledger, browser: Browser
) -> None:
    season = setup_season(ledger)
    with ledger.uow() as uow:
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=2)
        events.set_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG, quantity=3)
        production.record_production(
            uow, recipe=RECIPE, finished_unit=COOKIE, batches=1, event=season.event_id
        )
        assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=2, event=season.event_id)
        uow.commit()
    page = browser.as_role("viewer").get(f"/charts?event={season.event_id}")
    part = section(page.text, "spending")
    with ledger.uow(read_only=True) as uow:
        costs = events.get_event_cost_analysis(uow, event=season.event_id)
    targets = [(f"bake {c.recipe}", c) for c in costs.production]
    targets += [(f"assemble {c.finished_good}", c) for c in costs.assembly]
    assert len(targets) == 2
    (chart,) = _svgs(part)
    _accessible(chart, "Spending of Christmas against its estimate")
    for name, c in targets:
        row = (
            f'<td>{name}</td><td class="num">{c.actual_cost}</td><td class="num">{c.estimated_cost}</td>'
            f'<td class="num">{c.variance}</td><td class="num">{c.remaining_cost}</td>'
        )
        assert row in part
        assert f"<title>{name}, Actual: {c.actual_cost}</title>" in chart
        assert f"<title>{name}, Estimated: {c.estimated_cost}</title>" in chart
    assert f'<td class="num">{costs.actual_cost}</td><td class="num">{costs.estimated_cost}</td>' in part


def test_an_empty_ledger_has_nothing_to_chart_and_an_unknown_recipe_is_not_found(browser: Browser) -> None:
    page = browser.as_role("viewer").get("/charts")
    assert page.status_code == 200
    assert "No recipes yet." in page.text and "No events yet." in page.text
    assert browser.get("/charts?recipe=nothing-like-it").status_code == 404


def test_the_charts_read_a_fixed_number_of_statements_as_runs_grow(ledger: Ledger, browser: Browser) -> None:
    season = setup_season(ledger)
    with ledger.uow() as uow:
        events.set_production_target(uow, event=season.event_id, recipe=RECIPE, batches=4)
        events.set_assembly_target(uow, event=season.event_id, finished_good=GIFT_BAG, quantity=3)
        uow.commit()
    browser.as_role("viewer")
    path = f"/charts?recipe={RECIPE}&ingredient=flour&event={season.event_id}"

    def grow(runs: int) -> None:
        with ledger.uow() as uow:
            for _ in range(runs):
                production.record_production(
                    uow, recipe=RECIPE, finished_unit=COOKIE, batches=1, event=season.event_id
                )
            assembly.record_assembly(uow, finished_good=GIFT_BAG, quantity=1, event=season.event_id)
            uow.commit()

    grow(1)
    small = statements_of(ledger, browser, path)
    grow(2)
    assert statements_of(ledger, browser, path) == small


# --- the drawing itself ---------------------------------------------------------------------------
def test_coordinates_are_exact_decimals_to_two_places() -> None:
    assert svg.coordinate(Decimal("12.345")) == "12.35"
    assert svg.coordinate(Decimal("7.10")) == "7.1"
    assert svg.coordinate(Decimal("-0.001")) == "0"
    assert svg.coordinate(Decimal(1) / Decimal(3)) == "0.33"
    assert svg.coordinate(Decimal("1E+2")) == "100"


def test_a_line_spans_the_plot_from_zero_to_its_highest_value() -> None:
    points = [svg.Point(Decimal(0), Decimal(0), "a"), svg.Point(Decimal(1), Decimal(10), "b")]
    line = svg.line_chart(title="t", description="d", points=points)
    assert 'd="M56 204L388 12"' in line  # left 56 .. 388, top 12 .. bottom 204
    step = svg.line_chart(title="t", description="d", points=points, step=True)
    assert 'd="M56 204H388V12"' in step
    halfway = svg.line_chart(
        title="t", description="d", points=[*points, svg.Point(Decimal(2), Decimal(5), "c")]
    )
    assert 'd="M56 204L222 12L388 108"' in halfway
    assert "nothing to draw yet" in svg.line_chart(title="t", description="d", points=[])


def test_bars_share_one_scale_from_zero_and_titles_are_escaped() -> None:
    chart = svg.bar_chart(
        title="<a & b>",
        description="d",
        series=("A", "B"),
        groups=[svg.Group("g", (Decimal(0), Decimal(412)))],
    )
    assert "<title>&lt;a &amp; b&gt;</title>" in chart
    widths = re.findall(r'<rect x="4" y="[^"]+" width="([^"]+)" height="16"', chart)
    assert widths == ["0", "316"]
