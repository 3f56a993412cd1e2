"""Reading an exchange document: one cattrs converter with detailed validation structures it into
the classes of exchange/document.py, and `cattrs.transform_error` names where each problem is
(through `dto.problems_of`, shared with the DTO converter).

Problems read `path: message` (`lots[3].unit_cost: not a plain decimal: '1e3'`, `document: …`
for the top level). When the document has problems, the rows are read again field by field so
that the cross-reference and invariant rules still see every value that is valid.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.cols import is_sequence, list_structure_factory
from cattrs.gen import make_dict_structure_fn

from bakeledger.services.dto import problems_of
from bakeledger.services.exchange.values import CHECKS, Bad, Check, describe

MAX_ROWS_PER_SECTION = 50_000
Row = dict[str, Any]
Parsed = dict[str, list[Row]]
T = TypeVar("T")

converter = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)


def _hook(check: Check) -> Callable[[Any, Any], Any]:
    return lambda value, _type: check(value)


for _kind, _check in CHECKS.items():
    converter.register_structure_hook(_kind, _hook(_check))


def _object_hook(cls: type[T]) -> Callable[[Any, Any], T]:
    structure = make_dict_structure_fn(cls, converter)

    def structure_object(value: Any, _type: Any) -> T:
        if not isinstance(value, dict):
            raise Bad(f"expected an object, got {describe(value)}")
        return structure(value, cls)

    return structure_object


def _list_hook(type_: Any) -> Callable[[Any, Any], list[Any]]:
    structure = list_structure_factory(type_, converter)

    def structure_list(value: Any, _type: Any) -> list[Any]:
        if not isinstance(value, list):
            raise Bad(f"expected a list, got {describe(value)}")
        if len(value) > MAX_ROWS_PER_SECTION:
            raise Bad(f"has {len(value)} rows; at most {MAX_ROWS_PER_SECTION} are allowed")
        return structure(value, type_)

    return structure_list


converter.register_structure_hook_factory(attrs.has, _object_hook)
converter.register_structure_hook_factory(is_sequence, _list_hook)


def read(document: Any, shape: type[Any]) -> tuple[Parsed, list[str]]:
    """The document's rows (dicts of exact values) by section, and its problems.

    With problems, each row keeps only its valid fields, so later rules can still check them.
    """
    try:
        structured = converter.structure(document, shape)
    except (cattrs.BaseValidationError, Bad) as exc:
        if not isinstance(document, dict):
            return {}, problems_of(exc)
        return _salvage(document, shape), problems_of(exc)
    return {f.name: _dicts(getattr(structured, f.name)) for f in attrs.fields(shape) if _is_rows(f.type)}, []


def _dicts(rows: list[Any]) -> list[Row]:
    return [attrs.asdict(row, recurse=True) for row in rows]


def _is_rows(type_: Any) -> bool:
    return typing.get_origin(type_) is list


def _hints(cls: type[Any]) -> dict[str, Any]:
    # the field types exchange/document.py resolved once, rather than the annotations per row
    return {f.name: f.type for f in attrs.fields(cls)}


def _salvage(document: dict[str, Any], shape: type[Any]) -> Parsed:
    hints = _hints(shape)
    return {name: _salvage_rows(document.get(name), kind) for name, kind in hints.items() if _is_rows(kind)}


def _salvage_rows(value: Any, kind: Any) -> list[Row]:
    (row_class,) = typing.get_args(kind)
    if not isinstance(value, list) or len(value) > MAX_ROWS_PER_SECTION:
        return []
    return [_salvage_row(item, row_class) for item in value]


def _salvage_row(value: Any, row_class: type[Any]) -> Row:
    """The fields of one row that are valid on their own."""
    if not isinstance(value, dict):
        return {}
    row: Row = {}
    for name, kind in _hints(row_class).items():
        if name not in value:
            continue
        if _is_rows(kind):
            row[name] = _salvage_rows(value[name], kind)
            continue
        try:
            row[name] = converter.structure(value[name], kind)
        except (cattrs.BaseValidationError, Bad):
            continue
    return row
