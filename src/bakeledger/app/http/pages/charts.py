"""Charts: a recipe's cost per batch over time, an ingredient's stock over time, an event's
spending against its estimate. Each is an SVG drawn in exact decimals, with its figures in a table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from litestar import Request, get
from litestar.params import FromQuery
from litestar.response import Template

from bakeledger.app.http.pages import svg
from bakeledger.app.http.pages.common import page
from bakeledger.app.http.units import ledger_of
from bakeledger.domain.numbers import fmt_money
from bakeledger.services import catalog, events, inventory, production
from bakeledger.uow.base import UnitOfWork

RUNS_DRAWN = 500  # the newest runs of a recipe the cost chart draws
SECONDS_A_DAY = Decimal(86400)


def _days_from(start: dt.datetime, when: dt.datetime) -> Decimal:
    """Days between two moments, exactly (no float)."""
    delta = when - start
    return Decimal(delta.days) + Decimal(delta.seconds) / SECONDS_A_DAY


def _cost_per_batch(uow: UnitOfWork, recipe: str) -> dict[str, Any]:
    runs = production.get_production_history(uow, recipe=recipe, limit=RUNS_DRAWN)
    rows: list[dict[str, Any]] = []
    for run in reversed(runs):  # oldest first
        if run.reversed:
            continue
        per_batch = Decimal(run.total_ingredient_cost) / Decimal(run.batches)
        rows.append({"run": run, "per_batch": fmt_money(per_batch), "value": per_batch})
    points = []
    if rows:
        start = dt.datetime.fromisoformat(rows[0]["run"].produced_at)
        points = [
            svg.Point(
                x=_days_from(start, dt.datetime.fromisoformat(r["run"].produced_at)),
                y=r["value"],
                label=r["run"].produced_at[:10],
            )
            for r in rows
        ]
    chart = svg.line_chart(
        title=f"Cost per batch of {recipe} over time",
        description=f"Ingredient cost of each run of {recipe} divided by its batches, oldest first.",
        points=points,
        label=fmt_money,
    )
    return {"rows": rows, "chart": chart}


def _stock(uow: UnitOfWork, ingredient: str) -> dict[str, Any]:
    timeline = inventory.stock_timeline(uow, ingredient=ingredient)
    charts = []
    for unit in timeline.units:
        days = [d for d in timeline.days if d.unit == unit]
        start = dt.date.fromisoformat(days[0].day)
        points = [
            svg.Point(
                x=Decimal((dt.date.fromisoformat(d.day) - start).days), y=Decimal(d.on_hand), label=d.day
            )
            for d in days
        ]
        charts.append(
            (
                unit,
                svg.line_chart(
                    title=f"Stock of {ingredient} in {unit} over time",
                    description=f"{ingredient} on hand ({unit}) at the end of each day it changed.",
                    points=points,
                    step=True,
                ),
            )
        )
    return {"timeline": timeline, "charts": charts}


def _event_costs(uow: UnitOfWork, event: int) -> dict[str, Any]:
    found = events.get_event(uow, event_id=event)
    costs = events.get_event_cost_analysis(uow, event=event)
    rows: list[dict[str, Any]] = [{"kind": "bake", "target": c.recipe, "cost": c} for c in costs.production]
    rows += [{"kind": "assemble", "target": c.finished_good, "cost": c} for c in costs.assembly]
    groups = [
        svg.Group(
            label=f"{r['kind']} {r['target']}",
            values=(Decimal(r["cost"].actual_cost), Decimal(r["cost"].estimated_cost)),
        )
        for r in rows
    ]
    chart = svg.bar_chart(
        title=f"Spending of {found.name} against its estimate",
        description="For each target, what was spent so far and what the standard costs estimate.",
        series=("Actual", "Estimated"),
        groups=groups,
        label=fmt_money,
    )
    return {"event": found, "costs": costs, "rows": rows, "chart": chart}


@get("/charts", sync_to_thread=True, include_in_schema=False)
def show_charts(
    request: Request[Any, Any, Any],
    recipe: FromQuery[str | None] = None,
    ingredient: FromQuery[str | None] = None,
    event: FromQuery[int | None] = None,
) -> Template:
    with ledger_of(request).uow(read_only=True) as uow:
        recipes = catalog.list_recipes(uow)
        ingredients = catalog.list_ingredients(uow)
        season = events.list_events(uow)
        recipe = recipe or (recipes[0].slug if recipes else None)
        ingredient = ingredient or (ingredients[0].slug if ingredients else None)
        event = event if event is not None else (season[0].id if season else None)
        context: dict[str, Any] = {
            "recipes": recipes,
            "ingredients": ingredients,
            "events": season,
            "chosen": {"recipe": recipe, "ingredient": ingredient, "event": event},
            "cost": _cost_per_batch(uow, recipe) if recipe else None,
            "stock": _stock(uow, ingredient) if ingredient else None,
            "spending": _event_costs(uow, event) if event is not None else None,
        }
    return page(request, "charts.html", **context)


ROUTES = [show_charts]
