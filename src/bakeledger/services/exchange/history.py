"""History exchange: production and assembly runs, portable by slug and uuid (docs/decisions/0019).

An imported run is a historical record — its yields, costs and dates — and never touches stock:
no lot is drawn from, no finished lot is made. Its consumptions travel in the document as data.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from loguru import logger

from bakeledger.domain.errors import ImportRejected
from bakeledger.domain.numbers import quantize_quantity
from bakeledger.domain.units import in_lot_unit
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.services.exchange.document import RUN_SECTIONS
from bakeledger.services.exchange.rules import validate_history
from bakeledger.services.exchange.shape import exact, json_row
from bakeledger.services.exchange.values import HISTORY_FORMAT, VERSION
from bakeledger.uow.base import UnitOfWork

_NOT_HISTORY = ("idempotency_key", "request_fingerprint")


def export_history(uow: UnitOfWork) -> dict[str, Any]:
    """Every run with its consumptions, plus the events they belong to (creation order)."""
    uow.ensure_active()
    rows = uow.exchange.read_all()
    lots = {lot["uuid"]: lot for lot in rows["lots"]}
    finished = {lot["uuid"]: lot for lot in rows["finished_lots"]}
    used: dict[str, defaultdict[str, list[dict[str, Any]]]] = {s: defaultdict(list) for s in RUN_SECTIONS}
    for m in rows["finished_movements"]:
        if m["assembly_run"] is not None:
            item = finished[m["finished_lot"]]
            used["assembly_runs"][m["assembly_run"]].append(
                _line(m, kind=item["kind"], slug=item[item["kind"]], unit="each")
            )
    for m in rows["lot_movements"]:
        lot = lots[m["lot"]]
        if m["production_run"] is not None:
            line = _line(m, ingredient=lot["ingredient"], product=lot["product"], unit=lot["unit"])
            used["production_runs"][m["production_run"]].append(line)
        elif m["assembly_run"] is not None:
            line = _line(m, kind="packaging", slug=lot["product"], unit=lot["unit"])
            used["assembly_runs"][m["assembly_run"]].append(line)
    document: dict[str, Any] = {"format": HISTORY_FORMAT, "version": VERSION}
    for section in RUN_SECTIONS:
        document[section] = [
            {**json_row(run, drop=_NOT_HISTORY), "consumptions": used[section][run["uuid"]]}
            for run in rows[section]
        ]
    events = {run["event"] for s in RUN_SECTIONS for run in rows[s]}
    document["events"] = [json_row(e) for e in rows["events"] if e["uuid"] in events]
    return document


def _line(movement: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        **fields,
        "movement": movement["kind"],
        "quantity": exact(quantize_quantity(in_lot_unit(Decimal(movement["quantity"]), fields["unit"]))),
        "unit_cost": exact(movement["unit_cost"]),
        "cost": exact(movement["cost"]),
    }


def import_history(uow: UnitOfWork, *, document: Any, skip_duplicates: bool = True) -> dto.ImportReportDTO:
    """Add the runs of a history document that the ledger lacks (by uuid) as historical records.

    A malformed document raises ImportRejected and writes nothing. A run already in the ledger is
    skipped (or, with skip_duplicates=False, reported in `errors`); a run whose recipe, finished
    unit or finished good is not in the catalogue is reported in `errors`; the others are added.
    """
    arguments.flag(skip_duplicates, "skip_duplicates")
    try:
        parsed = validate_history(document)
    except ImportRejected:
        logger.info("history import rejected", op="import_history", outcome="rejected:ImportRejected")
        raise
    uow.ensure_active()
    chosen, skipped, errors = _choose(uow, parsed, skip_duplicates)
    wanted = {run["event"] for s in RUN_SECTIONS for run in chosen[s]} - {None}
    known = uow.exchange.existing_keys("events", sorted(wanted))
    new_events = [e for e in parsed["events"] if e["uuid"] in wanted - known]
    uow.exchange.insert(
        {
            "events": new_events,
            **{
                s: [{**_stored(run), **dict.fromkeys(_NOT_HISTORY)} for run in chosen[s]]
                for s in RUN_SECTIONS
            },
        }
    )
    imported = sum(len(runs) for runs in chosen.values())
    logger.info(
        "history import",
        op="import_history",
        outcome="success",
        imported=imported,
        skipped=skipped,
        errors=len(errors),
        events_added=len(new_events),
    )
    return build(dto.ImportReportDTO, imported=imported, skipped=skipped, errors=errors)


def _stored(run: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in run.items() if k != "consumptions"}


def _choose(
    uow: UnitOfWork, parsed: dict[str, list[dict[str, Any]]], skip_duplicates: bool
) -> tuple[dict[str, list[dict[str, Any]]], int, list[str]]:
    """Split the document's runs into new ones to add, duplicates skipped, and errors."""
    exchange = uow.exchange
    stored = {s: exchange.existing_keys(s, [run["uuid"] for run in parsed[s]]) for s in RUN_SECTIONS}
    recipes = exchange.existing_keys("recipes", [run["recipe"] for run in parsed["production_runs"]])
    goods = exchange.existing_keys(
        "finished_goods", [run["finished_good"] for run in parsed["assembly_runs"]]
    )
    unit_recipe: dict[str, str | None] = {}
    for slug in sorted({run["finished_unit"] for run in parsed["production_runs"]}):
        unit = uow.finished_units.find(slug)
        unit_recipe[slug] = unit.recipe_slug if unit is not None else None
    chosen: dict[str, list[dict[str, Any]]] = {s: [] for s in RUN_SECTIONS}
    skipped, errors = 0, []
    for section in RUN_SECTIONS:
        for i, run in enumerate(parsed[section]):
            where = f"{section}[{i}]"
            if run["uuid"] in stored[section]:
                if skip_duplicates:
                    skipped += 1
                else:
                    errors.append(f"{where}: run {run['uuid']} is already in the ledger")
                continue
            problem = (
                _production_problem(run, recipes, unit_recipe)
                if section == "production_runs"
                else (
                    None
                    if run["finished_good"] in goods
                    else f"unknown finished good {run['finished_good']!r}"
                )
            )
            if problem:
                errors.append(f"{where}: {problem}")
            else:
                chosen[section].append(run)
    return chosen, skipped, errors


def _production_problem(
    run: dict[str, Any], recipes: set[str], unit_recipe: dict[str, str | None]
) -> str | None:
    if run["recipe"] not in recipes:
        return f"unknown recipe {run['recipe']!r}"
    owner = unit_recipe.get(run["finished_unit"])
    if owner is None:
        return f"unknown finished unit {run['finished_unit']!r}"
    if owner != run["recipe"]:
        return f"finished unit {run['finished_unit']!r} is made by {owner!r}, not {run['recipe']!r}"
    return None
