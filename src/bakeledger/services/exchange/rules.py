"""Whole-document validation for imports: every problem is found before anything is written.

Beyond each field's own check: duplicate keys and names, dangling references, recipe and
bundle cycles, yields, and conservation of every lot (quantity = remaining + taken − restored).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from bakeledger.domain.recipes import MAX_DEPTH
from bakeledger.services.exchange.document import (
    EXPORT_FORMAT,
    EXPORT_SCHEMA,
    HISTORY_FORMAT,
    HISTORY_SCHEMA,
    KEY_OF,
    SECTION_OF_KIND,
    VERSION,
)
from bakeledger.services.exchange.fields import Checker

Parsed = dict[str, list[dict[str, Any]]]
_UNIQUE_NAMES = ("ingredients", "recipes", "finished_goods", "packages")


def validate_export(document: Any) -> Parsed:
    """A full export, parsed to exact values; ImportRejected lists every problem."""
    checker = Checker()
    if not checker.header(document, EXPORT_FORMAT, VERSION, EXPORT_SCHEMA):
        checker.raise_if_any()
    parsed = {name: checker.rows(name, document.get(name), schema) for name, schema in EXPORT_SCHEMA.items()}
    checker.check_refs(_unique_keys(checker, parsed))
    _catalogue_rules(checker, parsed)
    _event_rules(checker, parsed)
    _stock_rules(checker, parsed)
    _run_rules(checker, parsed)
    _unique(checker, parsed, "production_targets", ("event", "recipe"))
    _unique(checker, parsed, "assembly_targets", ("event", "finished_good"))
    checker.raise_if_any()
    return parsed


def validate_history(document: Any) -> Parsed:
    """A history document, parsed; catalogue slugs are resolved later against the ledger."""
    checker = Checker()
    if not checker.header(document, HISTORY_FORMAT, VERSION, HISTORY_SCHEMA):
        checker.raise_if_any()
    parsed = {name: checker.rows(name, document.get(name), schema) for name, schema in HISTORY_SCHEMA.items()}
    checker.check_refs(_unique_keys(checker, parsed))
    _event_rules(checker, parsed)
    _run_rules(checker, parsed)
    checker.raise_if_any()
    return parsed


def _unique_keys(checker: Checker, parsed: Parsed) -> dict[str, set[str]]:
    """Each section's keys; a uuid, slug or unique name used twice is a problem."""
    keys: dict[str, set[str]] = {}
    for section, rows in parsed.items():
        fields = (
            ["uuid"]
            + (["slug"] if section in KEY_OF else [])
            + (["name"] if section in _UNIQUE_NAMES else [])
        )
        for field in fields:
            _unique(checker, parsed, section, (field,))
        key = KEY_OF.get(section, "uuid")
        keys[section] = {row[key] for row in rows if key in row}
    for section in ("production_runs", "assembly_runs"):
        _unique(checker, parsed, section, ("idempotency_key",))
    return keys


def _unique(checker: Checker, parsed: Parsed, section: str, fields: tuple[str, ...]) -> None:
    seen: dict[tuple[Any, ...], int] = {}
    for i, row in enumerate(parsed.get(section, [])):
        value = tuple(row.get(f) for f in fields)
        if None in value:
            continue
        if value in seen:
            shown = "/".join(str(v) for v in value)
            checker.problem(
                f"{section}[{i}]", f"duplicate {'/'.join(fields)} {shown!r} (as {section}[{seen[value]}])"
            )
        else:
            seen[value] = i


def _catalogue_rules(checker: Checker, parsed: Parsed) -> None:
    preferred: dict[str, int] = {}
    for i, product in enumerate(parsed["products"]):
        if product.get("preferred") and product.get("ingredient") in preferred:
            checker.problem(f"products[{i}]", "a second preferred product for its ingredient")
        elif product.get("preferred"):
            preferred[product["ingredient"]] = i
    edges = {
        r["slug"]: [c.get("recipe") for c in r.get("components", [])]
        for r in parsed["recipes"]
        if "slug" in r
    }
    _acyclic(checker, "recipes", edges, MAX_DEPTH)
    keys = {s: {row.get(KEY_OF[s]) for row in parsed[s]} for s in SECTION_OF_KIND.values()}
    goods: dict[str, list[Any]] = {}
    for i, good in enumerate(parsed["finished_goods"]):
        for j, part in enumerate(good.get("components", [])):
            kind, slug = part.get("kind"), part.get("slug")
            if kind in SECTION_OF_KIND and slug is not None and slug not in keys[SECTION_OF_KIND[kind]]:
                checker.problem(f"finished_goods[{i}].components[{j}].slug", f"unknown {kind} {slug!r}")
        if "slug" in good:
            goods[good["slug"]] = [
                p.get("slug") for p in good.get("components", []) if p.get("kind") == "finished_good"
            ]
    _acyclic(checker, "finished_goods", goods, None)


def _event_rules(checker: Checker, parsed: Parsed) -> None:
    for i, event in enumerate(parsed["events"]):
        if "event_date" in event and "year" in event and event["event_date"].year != event["year"]:
            checker.problem(f"events[{i}].year", f"{event['year']} is not the year of {event['event_date']}")


def _acyclic(checker: Checker, section: str, edges: dict[str, list[Any]], max_depth: int | None) -> None:
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
        checker.problem(section, f"{node!r} is part of a cycle of components")
    for node in sorted(k for k, d in depth.items() if max_depth is not None and d > max_depth):
        checker.problem(section, f"{node!r} nests components {depth[node]} levels deep (at most {max_depth})")


def _stock_rules(checker: Checker, parsed: Parsed) -> None:
    ingredient_of = {p["slug"]: p.get("ingredient") for p in parsed["products"] if "slug" in p}
    balance: dict[str, Decimal] = defaultdict(Decimal)
    for m in parsed["lot_movements"]:
        if {"lot", "kind", "quantity"} <= m.keys():
            balance[m["lot"]] += m["quantity"] if m["kind"] == "restore" else -m["quantity"]
    for i, lot in enumerate(parsed["lots"]):
        if lot.get("product") in ingredient_of and ingredient_of[lot["product"]] != lot.get("ingredient"):
            checker.problem(f"lots[{i}].ingredient", f"product {lot['product']!r} is not of this ingredient")
        if {"quantity", "remaining"} <= lot.keys():
            _conserved(checker, f"lots[{i}]", lot["quantity"], lot["remaining"], balance[lot.get("uuid", "")])
    slugs = {kind: {row.get("slug") for row in parsed[s]} for kind, s in SECTION_OF_KIND.items()}
    for i, lot in enumerate(parsed["finished_lots"]):
        if lot.get("kind") in slugs and lot.get("slug") not in slugs[lot["kind"]]:
            checker.problem(f"finished_lots[{i}].slug", f"unknown {lot['kind']} {lot.get('slug')!r}")
        if {"quantity", "remaining"} <= lot.keys() and lot["remaining"] > lot["quantity"]:
            checker.problem(f"finished_lots[{i}].remaining", "is more than the lot's quantity")


def _conserved(checker: Checker, path: str, quantity: Decimal, remaining: Decimal, moved: Decimal) -> None:
    if remaining > quantity:
        checker.problem(f"{path}.remaining", f"{remaining} is more than the lot's quantity {quantity}")
    elif quantity + moved != remaining:
        checker.problem(
            path,
            f"ledger does not balance: quantity {quantity} with ledger lines of net {moved} "
            f"should leave {quantity + moved}, not {remaining}",
        )


def _run_rules(checker: Checker, parsed: Parsed) -> None:
    recipe_of = {u["slug"]: u.get("recipe") for u in parsed.get("finished_units", []) if "slug" in u}
    for i, run in enumerate(parsed["production_runs"]):
        where = f"production_runs[{i}]"
        expected, actual, loss = (run.get(k, -1) for k in ("expected_yield", "actual_yield", "loss_quantity"))
        if min(expected, actual, loss) >= 0 and (actual > expected or loss != expected - actual):
            checker.problem(where, f"yields do not add up: expected {expected}, actual {actual}, loss {loss}")
        unit = run.get("finished_unit")
        if unit in recipe_of and run.get("recipe") is not None and recipe_of[unit] != run["recipe"]:
            checker.problem(f"{where}.finished_unit", f"{unit!r} is not made by recipe {run['recipe']!r}")
    _reversal_dates(checker, "production_runs", parsed["production_runs"])
    _reversal_dates(checker, "assembly_runs", parsed["assembly_runs"])


def _reversal_dates(checker: Checker, section: str, runs: Iterable[dict[str, Any]]) -> None:
    for i, run in enumerate(runs):
        if "reversed" in run and "reversed_at" in run and run["reversed"] != (run["reversed_at"] is not None):
            checker.problem(f"{section}[{i}].reversed_at", "must be set exactly when the run is reversed")
