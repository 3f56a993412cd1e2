"""CLI commands for stock and runs: buy, stock, produce, assemble, reverse, history, checks."""

from __future__ import annotations

import enum
from typing import Any

import typer

from bakeledger.app.cli_support import JSON_OPTION, cell, console, plain, show, show_rows, state
from bakeledger.services import assembly, inventory, production
from bakeledger.services.dto import converter


class RunKind(enum.StrEnum):
    """The two kinds of run (production and assembly), as the CLI accepts them."""

    production = "production"
    assembly = "assembly"


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    for command in (
        buy,
        stock,
        finished_stock,
        deplete,
        can_produce,
        produce,
        can_assemble,
        assemble,
        reverse,
        history,
    ):
        app.command(command.__name__.replace("_", "-"))(command)


def buy(
    ctx: typer.Context,
    product: str = typer.Argument(..., help="Product slug."),
    packages: str = typer.Option(..., "--packages", "-n", help="How many packages."),
    price: str = typer.Option(..., "--price", help="Price per package."),
    purchased_on: str | None = typer.Option(None, "--date", help="Purchase date (ISO), default today."),
    supplier: str | None = typer.Option(None, "--supplier"),
    expires: str | None = typer.Option(None, "--expires", help="Best-before date (ISO)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Record a purchase: a new lot at its own unit cost."""
    lot = state(ctx).write(
        inventory.add_purchase,
        product=product,
        packages=packages,
        price_per_package=price,
        purchased_on=purchased_on,
        supplier=supplier,
        expires_on=expires,
    )
    show(lot, as_json)


def stock(
    ctx: typer.Context,
    ingredient: str | None = typer.Argument(None, help="Ingredient slug (all lots when omitted)."),
    unit: str | None = typer.Option(None, "--unit", help="Total on hand in this unit."),
    include_empty: bool = typer.Option(False, "--include-empty"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Lots on hand (oldest first), or one ingredient's total in a unit."""
    st = state(ctx)
    if ingredient is not None and unit is not None:
        total = st.read(inventory.stock_on_hand, ingredient=ingredient, unit=unit)
        show({"ingredient": ingredient, "quantity": total, "unit": unit}, as_json)
        return
    lots = st.read(inventory.list_lots, ingredient=ingredient, include_empty=include_empty)
    show_rows(
        lots,
        ["id", "ingredient", "product", "remaining", "quantity", "unit", "unit_cost", "purchased_on"],
        title="Lots (FIFO order)",
        empty="No stock on hand." if not include_empty else "No lots.",
        as_json=as_json,
    )


class FinishedKind(enum.StrEnum):
    """What finished stock can be counted of, as the CLI names it."""

    finished_unit = "finished-unit"
    bundle = "bundle"


_FINISHED_KINDS = {FinishedKind.finished_unit: "finished_unit", FinishedKind.bundle: "finished_good"}


def finished_stock(
    ctx: typer.Context,
    slug: str | None = typer.Argument(None, help="One finished unit or bundle (all when omitted)."),
    kind: FinishedKind = typer.Option(FinishedKind.finished_unit, "--kind", help="finished-unit or bundle"),
    as_json: bool = JSON_OPTION,
) -> None:
    """How many cookies (and bundles) are on hand, and what they cost."""
    st = state(ctx)
    if slug is not None:
        show(st.read(inventory.finished_stock, kind=_FINISHED_KINDS[kind], slug=slug), as_json)
        return
    rows = st.read(inventory.list_finished_stock)
    columns = ["kind", "slug", "count", "value"]
    show_rows(rows, columns, title="Finished stock", empty="Nothing baked yet.", as_json=as_json)


def deplete(
    ctx: typer.Context,
    lot_id: int = typer.Argument(..., help="Lot id (see `bakeledger stock`)."),
    quantity: str = typer.Argument(..., help="How much, in the lot's own unit."),
    reason: str = typer.Option(..., "--reason", help="spoilage, gift, correction or other."),
    notes: str | None = typer.Option(None, "--notes", help="Needed for `other`."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Take part of a lot out of stock by hand (spoiled, given away, a counting correction)."""
    show(
        state(ctx).write(inventory.deplete_lot, lot_id=lot_id, quantity=quantity, reason=reason, notes=notes),
        as_json,
    )


def can_produce(
    ctx: typer.Context,
    recipe: str,
    batches: int = typer.Option(1, "--batches", "-b"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Can this recipe be baked now? What is missing, what would it cost?"""
    result = state(ctx).read(production.check_can_produce, recipe=recipe, batches=batches)
    show(result, as_json, _render_check)


def produce(
    ctx: typer.Context,
    recipe: str,
    finished_unit: str,
    batches: int = typer.Option(..., "--batches", "-b"),
    actual_yield: int | None = typer.Option(None, "--yield", help="Items actually obtained."),
    event: int | None = typer.Option(None, "--event", help="Event id to count this run towards."),
    loss_category: str | None = typer.Option(None, "--loss-category"),
    notes: str | None = typer.Option(None, "--notes"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Record a bake: consumes ingredients FIFO and adds the finished items at their real cost."""
    run = state(ctx).write(
        production.record_production,
        recipe=recipe,
        finished_unit=finished_unit,
        batches=batches,
        actual_yield=actual_yield,
        event=event,
        loss_category=loss_category,
        notes=notes,
    )
    show(run, as_json)


def can_assemble(
    ctx: typer.Context,
    finished_good: str,
    quantity: int = typer.Option(1, "--quantity", "-q"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Can this bundle be assembled now? What is missing, how many could be made?"""
    result = state(ctx).read(assembly.check_can_assemble, finished_good=finished_good, quantity=quantity)
    show(result, as_json, _render_check)


def assemble(
    ctx: typer.Context,
    finished_good: str,
    quantity: int = typer.Option(..., "--quantity", "-q"),
    event: int | None = typer.Option(None, "--event"),
    bypass_packaging: str | None = typer.Option(None, "--bypass-packaging", help="Notes: why no packaging."),
    notes: str | None = typer.Option(None, "--notes"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Record an assembly: consumes finished items and packaging FIFO, adds the bundles."""
    run = state(ctx).write(
        assembly.record_assembly,
        finished_good=finished_good,
        quantity=quantity,
        event=event,
        packaging_bypassed=bypass_packaging is not None,
        bypass_notes=bypass_packaging,
        notes=notes,
    )
    show(run, as_json)


def reverse(
    ctx: typer.Context,
    kind: RunKind = typer.Argument(..., help="production or assembly"),
    run_id: int = typer.Argument(...),
    reason: str = typer.Option(..., "--reason"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Undo a run: every lot gets back exactly what the run took."""
    fn: Any = production.reverse_production if kind is RunKind.production else assembly.reverse_assembly
    show(state(ctx).write(fn, run_id=run_id, reason=reason), as_json)


def history(
    ctx: typer.Context,
    kind: RunKind = typer.Option(RunKind.production, "--kind", help="production or assembly"),
    limit: int = typer.Option(20, "--limit"),
    offset: int = typer.Option(0, "--offset"),
    event: int | None = typer.Option(None, "--event"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Runs, newest first, with what each took from which lot, its losses and any reversal."""
    st = state(ctx)
    page = {"event": event, "limit": limit, "offset": offset, "include_consumptions": True}
    runs: list[Any]
    if kind is RunKind.assembly:
        runs = st.read(assembly.get_assembly_history, **page)
        rows = [_assembly_row(run) for run in runs]
        columns = [
            "id",
            "assembled_at",
            "finished_good",
            "quantity",
            "total_component_cost",
            "took",
            "reversed",
        ]
    else:
        runs = st.read(production.get_production_history, **page, include_losses=True)
        rows = [_production_row(run) for run in runs]
        columns = [
            "id",
            "produced_at",
            "recipe",
            "batches",
            "actual_yield",
            "loss",
            "total_ingredient_cost",
            "took",
            "reversed",
        ]
    if as_json:
        show(runs, True)
    else:
        show_rows(
            rows, columns, title=f"{kind.value.capitalize()} history", empty=f"No {kind.value} runs yet."
        )


def _reversal(run: Any) -> str:
    return f"yes: {run.reversal_reason}" if run.reversed else "no"


def _production_row(run: Any) -> dict[str, Any]:
    took = [
        f"{line.quantity} {line.unit} {consumed.ingredient} (lot {line.lot_id})"
        for consumed in run.consumptions
        for line in consumed.lots
    ]
    losses = [f"{loss.quantity} {loss.category}" for loss in run.losses]
    return {
        **converter.unstructure(run),
        "loss": "; ".join(losses) or "none",
        "took": "; ".join(took),
        "reversed": _reversal(run),
    }


def _assembly_row(run: Any) -> dict[str, Any]:
    took = [f"{c.quantity} {c.unit} {c.slug}" for c in run.consumptions]
    return {**converter.unstructure(run), "took": "; ".join(took), "reversed": _reversal(run)}


def _render_check(result: Any) -> None:
    data = converter.unstructure(result)
    ok = data.get("can_produce", data.get("can_assemble"))
    details = "".join(
        f"  {k.replace('_', ' ')}: {cell(v)}"
        for k, v in data.items()
        if k not in ("missing", "can_produce", "can_assemble")
    )
    console.print(plain("yes" if ok else "no", "green" if ok else "red") + plain(details))
    for item in data.get("missing", []):
        name = item.get("ingredient") or item.get("slug")
        unit = item.get("unit") or ""
        console.print(plain(f"  missing {name}: need {item['needed']} {unit}, have {item['available']}"))
