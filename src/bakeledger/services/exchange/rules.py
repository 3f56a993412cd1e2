"""Whole-document validation for imports: every problem is found before anything is written.

The document reader checks each value; the rules here check what no single value shows:
duplicate keys and names, dangling references, recipe and bundle cycles, yields,
conservation of every lot (quantity = remaining + taken − restored), and plans whose state,
snapshot and times agree.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import attrs

from bakeledger.domain import planning
from bakeledger.domain.errors import ImportRejected, ValidationError
from bakeledger.domain.inventory import check_purchase_dates, lot_cost, lot_unit_cost
from bakeledger.domain.numbers import quantize_quantity
from bakeledger.domain.production import run_figures
from bakeledger.domain.recipes import MAX_DEPTH
from bakeledger.domain.slugs import name_key
from bakeledger.domain.units import check_unit_fits, parse_density, stock_unit, to_stock
from bakeledger.services.exchange.document import (
    REFERS_TO,
    RUN_SECTIONS,
    SECTION_OF_KIND,
    ExportDocument,
    HistoryDocument,
    key_of,
)
from bakeledger.services.exchange.reading import Parsed, Row, read

_UNIQUE_NAMES = ("ingredients", "recipes", "finished_goods", "packages")


def validate_export(document: Any) -> Parsed:
    """A full export, read to exact values; ImportRejected lists every problem."""
    rules = (
        _catalogue_rules,
        _unit_rules,
        _event_rules,
        _stock_rules,
        _run_rules,
        _target_rules,
        _plan_rules,
        _purchase_rules,
        _ledger_rules,
    )
    return _validated(document, ExportDocument, rules)


def validate_history(document: Any) -> Parsed:
    """A history document, read; catalogue slugs are resolved later against the ledger."""
    return _validated(document, HistoryDocument, (_event_rules, _run_rules))


def _validated(
    document: Any, shape: type[Any], rules: Iterable[Callable[[list[str], Parsed], None]]
) -> Parsed:
    parsed, problems = read(document, shape)
    if isinstance(document, dict):  # the rules need sections, even partly valid ones
        _references(problems, parsed, shape)
        for rule in rules:
            rule(problems, parsed)
    if problems:
        raise ImportRejected(problems=problems)
    return parsed


def _references(problems: list[str], parsed: Parsed, shape: type[Any]) -> None:
    """Keys are unique in their section, and every reference points at a key of its section."""
    keys = {section: _unique_keys(problems, parsed, section) for section in parsed}
    for section in (*RUN_SECTIONS, "lots"):
        _unique(problems, parsed, section, ("idempotency_key",))
    for field in attrs.fields(shape):
        if field.name in parsed:
            (row_class,) = typing.get_args(field.type)
            _check_refs(problems, keys, field.name, parsed[field.name], row_class)


def _check_refs(
    problems: list[str], keys: dict[str, set[str]], path: str, rows: list[Row], row_class: Any
) -> None:
    fields = attrs.fields(row_class)
    for i, row in enumerate(rows):
        for field in fields:
            value = row.get(field.name)
            if REFERS_TO in field.metadata and isinstance(value, str):
                section = field.metadata[REFERS_TO]
                if value not in keys.get(section, set()):
                    problems.append(f"{path}[{i}].{field.name}: unknown {section} reference {value[:120]!r}")
            elif isinstance(value, list):
                (nested,) = typing.get_args(field.type)
                _check_refs(problems, keys, f"{path}[{i}].{field.name}", value, nested)


def _unique_keys(problems: list[str], parsed: Parsed, section: str) -> set[str]:
    """A section's keys; a uuid, slug or unique name used twice is a problem."""
    key = key_of(section)
    fields = ["uuid"] + (["slug"] if key == "slug" else [])
    for field in fields:
        _unique(problems, parsed, section, (field,))
    if section in _UNIQUE_NAMES:
        _unique(problems, parsed, section, ("name",), same=name_key)
    return {row[key] for row in parsed[section] if key in row}


def _unique(
    problems: list[str],
    parsed: Parsed,
    section: str,
    fields: tuple[str, ...],
    same: Callable[[Any], Any] = lambda v: v,
) -> None:
    """No two rows share `fields` (compared through `same`: names by their identity)."""
    seen: dict[tuple[Any, ...], int] = {}
    for i, row in enumerate(parsed.get(section, [])):
        value = tuple(row.get(f) for f in fields)
        if None in value:
            continue
        value = tuple(same(v) for v in value)
        if value in seen:
            shown = "/".join(str(v) for v in value)
            problems.append(
                f"{section}[{i}]: duplicate {'/'.join(fields)} {shown!r} (as {section}[{seen[value]}])"
            )
        else:
            seen[value] = i


def _catalogue_rules(problems: list[str], parsed: Parsed) -> None:
    preferred: dict[str, int] = {}
    for i, product in enumerate(parsed["products"]):
        if product.get("preferred") and product.get("ingredient") in preferred:
            problems.append(f"products[{i}]: a second preferred product for its ingredient")
        elif product.get("preferred"):
            preferred[product["ingredient"]] = i
    edges = {
        r["slug"]: [c.get("recipe") for c in r.get("components", [])]
        for r in parsed["recipes"]
        if "slug" in r
    }
    _acyclic(problems, "recipes", edges, MAX_DEPTH)
    keys = {s: {row.get("slug") for row in parsed[s]} for s in SECTION_OF_KIND.values()}
    goods: dict[str, list[Any]] = {}
    for i, good in enumerate(parsed["finished_goods"]):
        for j, part in enumerate(good.get("components", [])):
            kind, slug = part.get("kind"), part.get("slug")
            if kind in SECTION_OF_KIND and slug is not None and slug not in keys[SECTION_OF_KIND[kind]]:
                problems.append(f"finished_goods[{i}].components[{j}].slug: unknown {kind} {slug!r}")
        if "slug" in good:
            goods[good["slug"]] = [
                p.get("slug") for p in good.get("components", []) if p.get("kind") == "finished_good"
            ]
    _acyclic(problems, "finished_goods", goods, None)


def _unit_rules(problems: list[str], parsed: Parsed) -> None:
    """Every ingredient's units fit together as the catalogue services require, and a lot is
    counted in its product's package unit."""
    densities: dict[str, str | None] = {
        i["slug"]: i.get("density") for i in parsed["ingredients"] if "slug" in i
    }
    used: defaultdict[str, list[str]] = defaultdict(list)
    uses: list[tuple[str, Any, Any]] = [
        (f"products[{i}].package_unit", p.get("ingredient"), p.get("package_unit"))
        for i, p in enumerate(parsed["products"])
    ]
    uses += [
        (f"recipes[{i}].ingredients[{j}].unit", line.get("ingredient"), line.get("unit"))
        for i, recipe in enumerate(parsed["recipes"])
        for j, line in enumerate(recipe.get("ingredients", []))
    ]
    for path, ingredient, unit in uses:
        if ingredient not in densities or unit is None:
            continue  # a dangling reference or a bad unit is reported already
        text = densities[ingredient]
        density = parse_density(text) if text else None
        try:
            check_unit_fits(unit, used[ingredient], density, field="unit", ingredient=ingredient)
        except ValidationError as exc:
            problems.append(f"{path}: {exc.message}")
        else:
            used[ingredient].append(unit)
    unit_of = {p["slug"]: p.get("package_unit") for p in parsed["products"] if "slug" in p}
    for i, lot in enumerate(parsed["lots"]):
        if lot.get("product") in unit_of and "unit" in lot and lot["unit"] != unit_of[lot["product"]]:
            problems.append(
                f"lots[{i}].unit: {lot.get('unit')!r} is not its product's package unit "
                f"{unit_of[lot['product']]!r}"
            )


def _target_rules(problems: list[str], parsed: Parsed) -> None:
    _unique(problems, parsed, "production_targets", ("event", "recipe"))
    _unique(problems, parsed, "assembly_targets", ("event", "finished_good"))


# What a plan in each state has been through: a snapshot and lock time once locked, a start once in
# production, a completion once complete (a plan moves one step at a time, never back).
_PLAN_STEPS = {
    "locked_at": (planning.LOCKED, planning.IN_PRODUCTION, planning.COMPLETE),
    "snapshot": (planning.LOCKED, planning.IN_PRODUCTION, planning.COMPLETE),
    "started_at": (planning.IN_PRODUCTION, planning.COMPLETE),
    "completed_at": (planning.COMPLETE,),
    "completion_reason": (planning.COMPLETE,),  # may stay empty: every target was met
}


def _plan_rules(problems: list[str], parsed: Parsed) -> None:
    """One plan per event, one decision per event and finished unit, each plan's snapshot and times
    set exactly as far as its state has come, and amendments with a reason, never of a complete plan."""
    _unique(problems, parsed, "event_plans", ("event",))
    _unique(problems, parsed, "plan_decisions", ("event", "finished_unit"))
    for i, plan in enumerate(parsed["event_plans"]):
        state = plan.get("state")
        if state is None:
            continue  # reported already
        for field, states in _PLAN_STEPS.items():
            if field not in plan:
                continue
            if plan[field] is None and state in states and field != "completion_reason":
                problems.append(f"event_plans[{i}].{field}: a {state} plan must have one")
            elif plan[field] is not None and state not in states:
                problems.append(f"event_plans[{i}].{field}: a {state} plan has none")
    for i, amendment in enumerate(parsed["plan_amendments"]):
        if "reason" in amendment and not amendment["reason"].strip():
            problems.append(f"plan_amendments[{i}].reason: an amendment needs a reason")
        if amendment.get("plan_state") == planning.COMPLETE:
            problems.append(f"plan_amendments[{i}].plan_state: a complete plan is never amended")


def _event_rules(problems: list[str], parsed: Parsed) -> None:
    for i, event in enumerate(parsed["events"]):
        if "event_date" in event and "year" in event and event["event_date"].year != event["year"]:
            problems.append(f"events[{i}].year: {event['year']} is not the year of {event['event_date']}")


def _acyclic(problems: list[str], section: str, edges: dict[str, list[Any]], max_depth: int | None) -> None:
    """No cycles (and at most `max_depth` levels of nesting), found without recursion."""
    children = {k: [c for c in v if c in edges] for k, v in edges.items()}
    pending = {k: len(v) for k, v in children.items()}
    parents: dict[str, list[str]] = defaultdict(list)
    for parent, kids in children.items():
        for kid in kids:
            parents[kid].append(parent)
    depth = dict.fromkeys(children, 0)
    ready = [k for k, n in pending.items() if n == 0]
    while ready:
        node = ready.pop()
        for parent in parents[node]:
            depth[parent] = max(depth[parent], depth[node] + 1)
            pending[parent] -= 1
            if pending[parent] == 0:
                ready.append(parent)
    for node in sorted(k for k, n in pending.items() if n > 0):
        problems.append(f"{section}: {node!r} is part of a cycle of components")
    for node in sorted(k for k, d in depth.items() if max_depth is not None and d > max_depth):
        problems.append(
            f"{section}: {node!r} nests components {depth[node]} levels deep (at most {max_depth})"
        )


def _stock_rules(problems: list[str], parsed: Parsed) -> None:
    ingredient_of = {p["slug"]: p.get("ingredient") for p in parsed["products"] if "slug" in p}
    balance: dict[str, Decimal] = defaultdict(Decimal)
    for m in parsed["lot_movements"]:
        if {"lot", "kind", "quantity"} <= m.keys():
            balance[m["lot"]] += m["quantity"] if m["kind"] == "restore" else -m["quantity"]
    today = dt.date.today()
    for i, lot in enumerate(parsed["lots"]):
        if "purchased_on" in lot:
            try:
                check_purchase_dates(lot["purchased_on"], lot.get("expires_on"), today)
            except ValidationError as exc:
                problems.append(f"lots[{i}].{exc.field}: {exc.message}")
        if lot.get("product") in ingredient_of and ingredient_of[lot["product"]] != lot.get("ingredient"):
            problems.append(f"lots[{i}].ingredient: product {lot['product']!r} is not of this ingredient")
        if {"quantity", "remaining"} <= lot.keys():
            _conserved(
                problems, f"lots[{i}]", lot["quantity"], lot["remaining"], balance[lot.get("uuid", "")]
            )
    slugs = {kind: {row.get("slug") for row in parsed[s]} for kind, s in SECTION_OF_KIND.items()}
    for i, lot in enumerate(parsed["finished_lots"]):
        if lot.get("kind") in slugs and lot.get("slug") not in slugs[lot["kind"]]:
            problems.append(f"finished_lots[{i}].slug: unknown {lot['kind']} {lot.get('slug')!r}")
        if {"quantity", "remaining"} <= lot.keys() and lot["remaining"] > lot["quantity"]:
            problems.append(f"finished_lots[{i}].remaining: is more than the lot's quantity")


def _conserved(problems: list[str], path: str, quantity: Decimal, remaining: Decimal, moved: Decimal) -> None:
    if remaining > quantity:
        problems.append(f"{path}.remaining: {remaining} is more than the lot's quantity {quantity}")
    elif quantity + moved != remaining:
        problems.append(
            f"{path}: ledger does not balance: quantity {quantity} with ledger lines of net {moved} "
            f"should leave {quantity + moved}, not {remaining}"
        )


def _run_rules(problems: list[str], parsed: Parsed) -> None:
    recipe_of = {u["slug"]: u.get("recipe") for u in parsed.get("finished_units", []) if "slug" in u}
    for i, run in enumerate(parsed["production_runs"]):
        where = f"production_runs[{i}]"
        expected, actual, loss = (run.get(k, -1) for k in ("expected_yield", "actual_yield", "loss_quantity"))
        if min(expected, actual, loss) >= 0 and (actual > expected or loss != expected - actual):
            problems.append(
                f"{where}: yields do not add up: expected {expected}, actual {actual}, loss {loss}"
            )
        unit = run.get("finished_unit")
        if unit in recipe_of and run.get("recipe") is not None and recipe_of[unit] != run["recipe"]:
            problems.append(f"{where}.finished_unit: {unit!r} is not made by recipe {run['recipe']!r}")
    for section in RUN_SECTIONS:
        _reversal_dates(problems, section, parsed[section])


def _held(amount: Decimal, unit: Any) -> Decimal | None:
    """What a lot of `amount` (6 places kept) `unit` holds in its stock unit; None for a bad unit
    (reported by the unit rules)."""
    try:
        return to_stock(quantize_quantity(amount), unit, unit)
    except ValidationError:
        return None


def _purchase_rules(problems: list[str], parsed: Parsed) -> None:
    """A lot holds what its packages hold, at the unit cost its price and package size give."""
    size = {
        p["slug"]: p["package_unit_quantity"]
        for p in parsed["products"]
        if {"slug", "package_unit_quantity"} <= p.keys()
    }
    for i, lot in enumerate(parsed["lots"]):
        if (
            lot.get("product") not in size
            or not {"packages", "price_per_package", "quantity", "unit_cost"} <= lot.keys()
        ):
            continue
        package = size[lot["product"]]
        unit, expected = lot.get("unit"), _held(lot["packages"] * package, lot.get("unit"))
        if expected is not None and lot["quantity"] != expected:
            problems.append(
                f"lots[{i}].quantity: {lot['quantity']} {stock_unit(str(unit))} is not {lot['packages']} "
                f"packages of {package} {unit}"
            )
        if {"cost", "remaining_cost"} <= lot.keys():
            if lot["cost"] != lot_cost(lot["packages"], lot["price_per_package"]):
                problems.append(
                    f"lots[{i}].cost: {lot['cost']} is not {lot['packages']} packages at "
                    f"{lot['price_per_package']}"
                )
            if lot["remaining_cost"] > lot["cost"]:
                problems.append(f"lots[{i}].remaining_cost: {lot['remaining_cost']} is more than its cost")
            elif lot.get("remaining") == 0 and lot["remaining_cost"] != 0:
                problems.append(f"lots[{i}].remaining_cost: an empty lot has no money left")
        if lot["unit_cost"] != lot_unit_cost(lot["price_per_package"], package):
            problems.append(
                f"lots[{i}].unit_cost: {lot['unit_cost']} is not the price per package "
                f"{lot['price_per_package']} over the package size {package}"
            )


@attrs.frozen
class _RunLedger:
    """The ledger lines of every run, summed: costs per (run kind, run, line kind), net quantity
    taken per (run kind, run, lot), and each run's finished lot."""

    costs: dict[tuple[str, str, str], Decimal]
    net_taken: dict[tuple[str, str, str], Decimal]
    output: dict[tuple[str, str], Row]

    @classmethod
    def read(cls, parsed: Parsed) -> _RunLedger:
        costs: defaultdict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
        net: defaultdict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
        signs = {"consume": 1, "restore": -1}
        for section, lot_key in (("lot_movements", "lot"), ("finished_movements", "finished_lot")):
            for line in parsed[section]:
                if not {"kind", "cost", "quantity"} <= line.keys():
                    continue
                for run_kind in ("production_run", "assembly_run"):
                    if (run := line.get(run_kind)) is not None:
                        costs[(run_kind, run, line["kind"])] += line["cost"]
                        lot = f"{section}:{line.get(lot_key)}"
                        net[(run_kind, run, lot)] += signs.get(line["kind"], 0) * line["quantity"]
        output = {
            (kind, lot[kind]): lot
            for lot in parsed["finished_lots"]
            for kind in ("production_run", "assembly_run")
            if lot.get(kind) is not None
        }
        return cls(costs, net, output)


def _ledger_rules(problems: list[str], parsed: Parsed) -> None:
    """Each run costs what its ledger lines cost, its figures and status follow from its yields,
    its finished lot carries its output at its per-unit cost, and only a reversed run has
    restored lines — each putting back exactly what it took."""
    ledger = _RunLedger.read(parsed)
    for run_kind, section, total_field, made_field in (
        ("production_run", "production_runs", "total_ingredient_cost", "actual_yield"),
        ("assembly_run", "assembly_runs", "total_component_cost", "quantity"),
    ):
        for i, run in enumerate(parsed[section]):
            if {"uuid", total_field, made_field, "per_unit_cost", "reversed"} <= run.keys():
                where = f"{section}[{i}]"
                _run_costs(
                    problems, where, run, ledger.costs.get((run_kind, run["uuid"], "consume")), total_field
                )
                _run_output(problems, where, run, ledger.output.get((run_kind, run["uuid"])), made_field)
                _run_reversal(problems, where, run, ledger, run_kind)


def _run_costs(problems: list[str], where: str, run: Row, taken: Decimal | None, total_field: str) -> None:
    total = run[total_field]
    if (taken or Decimal(0)) != total:
        problems.append(f"{where}.{total_field}: {total} is not the sum of its ledger lines {taken or 0}")


def _run_output(problems: list[str], where: str, run: Row, lot: Row | None, made_field: str) -> None:
    made, total = run[made_field], run.get("total_ingredient_cost", run.get("total_component_cost"))
    expected = run.get("expected_yield", made)
    if total is None or not isinstance(expected, int) or not 0 <= made <= expected:
        return  # the yields are reported already
    figures = run_figures(expected, made, total)
    for field in ("per_unit_cost", "loss_cost", "status"):
        if field in run and run[field] != getattr(figures, field):
            problems.append(f"{where}.{field}: {run[field]} does not follow from its cost and yields")
    if lot is not None and not run["reversed"] and lot.get("quantity") != made:  # a reversal empties it
        problems.append(f"{where}: its finished lot holds {lot.get('quantity')}, not the {made} it made")
    if lot is not None and lot.get("unit_cost", run["per_unit_cost"]) != run["per_unit_cost"]:
        problems.append(f"{where}: its finished lot costs {lot['unit_cost']}, not its per-unit cost")


def _run_reversal(problems: list[str], where: str, run: Row, ledger: _RunLedger, run_kind: str) -> None:
    if not run["reversed"] and (run_kind, run["uuid"], "restore") in ledger.costs:
        problems.append(f"{where}.reversed: the run is not reversed but has restored ledger lines")
    unbalanced = any(
        balance != 0
        for (kind, owner, _lot), balance in ledger.net_taken.items()
        if (kind, owner) == (run_kind, run["uuid"])
    )
    if run["reversed"] and unbalanced:
        problems.append(f"{where}.reversed: its reversal does not put back exactly what it took")


def _reversal_dates(problems: list[str], section: str, runs: Iterable[Row]) -> None:
    for i, run in enumerate(runs):
        if "reversed" in run and "reversed_at" in run and run["reversed"] != (run["reversed_at"] is not None):
            problems.append(f"{section}[{i}].reversed_at: must be set exactly when the run is reversed")
