"""Exchange: every table read in creation order with portable references, and bulk inserts back.

A *portable row* is a table row without its integer id, whose foreign keys (`recipe_id`) are
replaced by the referred row's portable key (`recipe`: a slug for catalogue rows, else a uuid).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, delete, insert, or_, select

from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository

IN_CHUNK = 1000

# section -> (table, portable key column or None, foreign key column -> referred section).
# Parents come before children: reading and inserting both walk this order.
_SECTIONS: dict[str, tuple[Table, str | None, dict[str, str]]] = {
    "ingredients": (t.ingredients, "slug", {}),
    "products": (t.products, "slug", {"ingredient_id": "ingredients"}),
    "recipes": (t.recipes, "slug", {}),
    "recipe_ingredients": (
        t.recipe_ingredients,
        None,
        {"recipe_id": "recipes", "ingredient_id": "ingredients"},
    ),
    "recipe_components": (
        t.recipe_components,
        None,
        {"recipe_id": "recipes", "component_recipe_id": "recipes"},
    ),
    "finished_units": (t.finished_units, "slug", {"recipe_id": "recipes"}),
    "finished_goods": (t.finished_goods, "slug", {}),
    "finished_good_components": (
        t.finished_good_components,
        None,
        {
            "finished_good_id": "finished_goods",
            "finished_unit_id": "finished_units",
            "component_good_id": "finished_goods",
            "product_id": "products",
        },
    ),
    "packages": (t.packages, "slug", {}),
    "package_contents": (
        t.package_contents,
        None,
        {"package_id": "packages", "finished_good_id": "finished_goods"},
    ),
    "recipients": (t.recipients, "slug", {}),
    "events": (t.events, "uuid", {}),
    "lots": (t.lots, "uuid", {"product_id": "products", "ingredient_id": "ingredients"}),
    "production_runs": (
        t.production_runs,
        "uuid",
        {"recipe_id": "recipes", "finished_unit_id": "finished_units", "event_id": "events"},
    ),
    "assembly_runs": (
        t.assembly_runs,
        "uuid",
        {"finished_good_id": "finished_goods", "event_id": "events"},
    ),
    "finished_lots": (
        t.finished_lots,
        "uuid",
        {
            "finished_unit_id": "finished_units",
            "finished_good_id": "finished_goods",
            "production_run_id": "production_runs",
            "assembly_run_id": "assembly_runs",
        },
    ),
    "lot_movements": (
        t.lot_movements,
        None,
        {"lot_id": "lots", "production_run_id": "production_runs", "assembly_run_id": "assembly_runs"},
    ),
    "finished_movements": (
        t.finished_movements,
        None,
        {"finished_lot_id": "finished_lots", "assembly_run_id": "assembly_runs"},
    ),
    "production_targets": (t.production_targets, "uuid", {"event_id": "events", "recipe_id": "recipes"}),
    "assembly_targets": (
        t.assembly_targets,
        "uuid",
        {"event_id": "events", "finished_good_id": "finished_goods"},
    ),
    "assignments": (
        t.assignments,
        "uuid",
        {"event_id": "events", "recipient_id": "recipients", "package_id": "packages"},
    ),
    "event_plans": (t.event_plans, "uuid", {"event_id": "events"}),
    "plan_decisions": (
        t.plan_decisions,
        "uuid",
        {"event_id": "events", "finished_unit_id": "finished_units"},
    ),
    "plan_amendments": (t.plan_amendments, "uuid", {"event_id": "events"}),
}


def _portable_name(column: str) -> str:
    return column.removesuffix("_id")


class ExchangeRepo(SqlRepository):
    """Whole-ledger reads and bulk writes in portable form (for export and import)."""

    def is_empty(self) -> bool:
        """True when no table holds a single row (one statement)."""
        clauses = [select(table.c.id).exists() for table, _, _ in _SECTIONS.values()]
        return not self._session.execute(select(or_(*clauses))).scalar()

    def delete_all(self) -> None:
        """Delete every row of every table, children first; the schema stays."""
        for table in reversed(t.metadata.sorted_tables):
            self._session.execute(delete(table))

    def read_all(self) -> dict[str, list[dict[str, Any]]]:
        """Every row of every section as portable rows, each section in creation (id) order."""
        keys: dict[str, dict[int, str]] = {}
        result: dict[str, list[dict[str, Any]]] = {}
        for name, (table, key, refs) in _SECTIONS.items():
            rows = self._session.execute(select(table).order_by(table.c.id)).mappings().all()
            if key is not None:
                keys[name] = {row["id"]: row[key] for row in rows}
            result[name] = [_portable(table, row, refs, keys) for row in rows]
        return result

    def insert(self, sections: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, int]:
        """Insert portable rows, section by section in dependency order (one executemany each).

        References are resolved by key against everything stored so far, including rows inserted
        earlier in this call. Returns the number of rows inserted per section.
        """
        ids: dict[str, dict[str, int]] = {}
        counts: dict[str, int] = {}
        for name, (table, _key, refs) in _SECTIONS.items():
            rows = sections.get(name) or ()
            if not rows:
                continue
            for target in set(refs.values()) - ids.keys():
                ids[target] = self._ids(target)
            self._session.execute(insert(table), [_stored(table, row, refs, ids) for row in rows])
            ids.pop(name, None)  # its keys changed: reload when a later section refers to it
            counts[name] = len(rows)
        return counts

    def existing_keys(self, section: str, keys: Collection[str]) -> set[str]:
        """Which of `keys` (slugs or uuids, by section) are already stored."""
        table, key, _ = _SECTIONS[section]
        assert key is not None, f"section {section} has no portable key"
        wanted, found = sorted(set(keys)), set[str]()
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            found.update(self._session.execute(select(table.c[key]).where(table.c[key].in_(chunk))).scalars())
        return found

    def _ids(self, section: str) -> dict[str, int]:
        table, key, _ = _SECTIONS[section]
        assert key is not None
        return {k: i for k, i in self._session.execute(select(table.c[key], table.c.id))}


def _portable(
    table: Table, row: Any, refs: dict[str, str], keys: dict[str, dict[int, str]]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column, value in row.items():
        if column == "id" or table.c[column].info.get("derived"):
            continue
        if column in refs:
            out[_portable_name(column)] = None if value is None else keys[refs[column]][value]
        else:
            out[column] = value
    return out


def _stored(
    table: Table, row: Mapping[str, Any], refs: dict[str, str], ids: dict[str, dict[str, int]]
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in table.columns:
        if column.name == "id" or column.info.get("derived"):  # derived: the column default fills it
            continue
        if column.name in refs:
            ref = row[_portable_name(column.name)]
            values[column.name] = None if ref is None else ids[refs[column.name]][ref]
        else:
            values[column.name] = row[column.name]
    return values
