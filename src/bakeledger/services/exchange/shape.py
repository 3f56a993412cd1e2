"""Between portable rows (the repository's form) and exchange documents (pure JSON values).

Catalogue children are nested in their parent (recipe lines and components, bundle components,
package contents); every other section is a flat list in creation order. A plan's snapshot and an
amendment's values, kept as canonical JSON text, are JSON objects in the document.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from bakeledger.services.exchange.document import EXPORT_SECTIONS
from bakeledger.services.exchange.values import EXPORT_FORMAT, EXPORT_VERSION
from bakeledger.services.planning.view import to_json as plan_text

Rows = dict[str, list[dict[str, Any]]]
# Sections whose rows are not flat: their children are nested in them, or their slug is by kind.
_SHAPED = ("recipes", "finished_goods", "packages", "finished_lots", "event_plans", "plan_amendments")
FLAT = tuple(s for s in EXPORT_SECTIONS if s not in _SHAPED)
# The columns of these sections that hold JSON text, an object in the document.
_JSON_COLUMNS = {"event_plans": ("snapshot",), "plan_amendments": ("before", "after")}
# The column of finished_good_components that holds a component of each kind.
_COMPONENT_COLUMN = {
    "finished_unit": "finished_unit",
    "finished_good": "component_good",
    "packaging": "product",
}


def exact(number: Decimal) -> str:
    """The exact value as plain text, trailing zeros stripped ("1.5", "0", "120")."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def to_json(value: Any) -> Any:
    """Decimals as exact strings, dates and naive UTC timestamps as ISO strings."""
    if isinstance(value, Decimal):
        return exact(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def json_row(row: dict[str, Any], *, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: to_json(v) for k, v in row.items() if k not in drop}


def _by(rows: list[dict[str, Any]], parent: str) -> defaultdict[str, list[dict[str, Any]]]:
    grouped: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row[parent]].append(row)
    return grouped


def to_document(rows: Rows) -> dict[str, Any]:
    """The canonical export document of these portable rows."""
    doc: dict[str, Any] = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION}
    for name in FLAT:
        doc[name] = [json_row(r) for r in rows[name]]
    lines, parts = _by(rows["recipe_ingredients"], "recipe"), _by(rows["recipe_components"], "recipe")
    doc["recipes"] = [
        {
            **json_row(r),
            "ingredients": [json_row(line, drop=("recipe",)) for line in lines[r["slug"]]],
            "components": [
                {"recipe": c["component_recipe"], "multiplier": exact(c["multiplier"])}
                for c in parts[r["slug"]]
            ],
        }
        for r in rows["recipes"]
    ]
    components = _by(rows["finished_good_components"], "finished_good")
    doc["finished_goods"] = [
        {
            **json_row(g),
            "components": [
                {"kind": c["kind"], "slug": c[_COMPONENT_COLUMN[c["kind"]]], "quantity": exact(c["quantity"])}
                for c in components[g["slug"]]
            ],
        }
        for g in rows["finished_goods"]
    ]
    contents = _by(rows["package_contents"], "package")
    doc["packages"] = [
        {
            **json_row(p),
            "contents": [
                {"finished_good": c["finished_good"], "quantity": c["quantity"]} for c in contents[p["slug"]]
            ],
        }
        for p in rows["packages"]
    ]
    doc["finished_lots"] = [
        {**json_row(lot, drop=("finished_unit", "finished_good")), "slug": lot[lot["kind"]]}
        for lot in rows["finished_lots"]
    ]
    for name, columns in _JSON_COLUMNS.items():
        doc[name] = [
            {**json_row(row), **{c: None if row[c] is None else json.loads(row[c]) for c in columns}}
            for row in rows[name]
        ]
    return doc


def to_rows(parsed: Rows) -> Rows:
    """Portable rows (flat, one list per table) from a validated export document."""
    rows: Rows = {name: parsed[name] for name in FLAT}
    rows["recipes"] = [_without(r, "ingredients", "components") for r in parsed["recipes"]]
    rows["recipe_ingredients"] = [
        {"recipe": r["slug"], **line} for r in parsed["recipes"] for line in r["ingredients"]
    ]
    rows["recipe_components"] = [
        {"recipe": r["slug"], "component_recipe": c["recipe"], "multiplier": c["multiplier"]}
        for r in parsed["recipes"]
        for c in r["components"]
    ]
    rows["finished_goods"] = [_without(g, "components") for g in parsed["finished_goods"]]
    rows["finished_good_components"] = [
        {
            "finished_good": g["slug"],
            "kind": c["kind"],
            "quantity": c["quantity"],
            **{column: None for column in _COMPONENT_COLUMN.values()},
            _COMPONENT_COLUMN[c["kind"]]: c["slug"],
        }
        for g in parsed["finished_goods"]
        for c in g["components"]
    ]
    rows["packages"] = [_without(p, "contents") for p in parsed["packages"]]
    rows["package_contents"] = [
        {"package": p["slug"], **c} for p in parsed["packages"] for c in p["contents"]
    ]
    rows["finished_lots"] = [
        {
            **_without(lot, "slug"),
            "finished_unit": lot["slug"] if lot["kind"] == "finished_unit" else None,
            "finished_good": lot["slug"] if lot["kind"] == "finished_good" else None,
        }
        for lot in parsed["finished_lots"]
    ]
    for name, columns in _JSON_COLUMNS.items():  # the text the planning services keep
        rows[name] = [
            {**row, **{c: None if row[c] is None else plan_text(row[c]) for c in columns}}
            for row in parsed[name]
        ]
    return rows


def _without(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in keys}
