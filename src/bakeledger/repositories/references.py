"""What still refers to a catalogue entry, read in one statement, so that a delete can be refused.

A kind's referrers are a `union_all` of parts built once at module level over `bindparam("id")`:
`named` parts list the catalogue entries that use it by slug ("recipe cookies"), `counted` parts
count the history and plans that use it ("3 lots").
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    FromClause,
    Integer,
    Select,
    String,
    Table,
    bindparam,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from bakeledger.repositories import tables as t

ID: BindParameter[int] = bindparam("id")


def named(part: int, kind: str, slug: ColumnElement[Any], source: FromClause, where: Any) -> Select[Any]:
    """The slug of every `kind` in `source` matching `where`."""
    return _part(part, kind, slug, literal(1, Integer)).select_from(source).where(where)


def goods_holding(part: int, column: ColumnElement[Any]) -> Select[Any]:
    """The finished goods with a component whose `column` (of finished_good_components) is the id."""
    good, component = t.finished_goods.alias("holder"), t.finished_good_components
    return named(
        part,
        "finished good",
        good.c.slug,
        component.join(good, good.c.id == component.c.finished_good_id),
        column == ID,
    )


def counted(part: int, kind: str, table: Table, where: Any) -> Select[Any]:
    """How many rows of `table` match `where` (one row, zero included)."""
    return _part(part, kind, cast(null(), String), func.count()).select_from(table).where(where)


def _part(part: int, kind: str, ref: ColumnElement[Any], n: ColumnElement[Any]) -> Select[Any]:
    return select(
        literal(part, Integer).label("part"),
        literal(kind, String).label("kind"),
        ref.label("ref"),
        n.label("n"),
    )


def referrers(*parts: Select[Any]) -> CompoundSelect:
    return union_all(*parts).order_by("part", "ref")


def used_by(session: Session, statement: CompoundSelect, entity_id: int) -> list[str]:
    """Labels of what refers to the entry: "recipe cookies", "3 lots"; empty when nothing does."""
    labels: list[str] = []
    for _part, kind, ref, n in session.execute(statement, {"id": entity_id}):
        if ref is not None:
            labels.append(f"{kind} {ref}")
        elif n:
            labels.append(f"{n} {kind}{'' if n == 1 else 's'}")
    return list(dict.fromkeys(labels))  # a recipe with two lines of one ingredient is named once
