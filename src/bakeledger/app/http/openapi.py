"""The OpenAPI document, with the string format of every number stated.

The framework documents the attrs classes themselves; this adds what it cannot know: which string
fields are numbers, and in which format. A response's money is "3.00" (2 places), a unit cost
"0.0326" (4), a percent "57.14" (2), a quantity "13.5" (no trailing zeros); a request takes any
plain decimal string, or an integer, for a number.
"""

from __future__ import annotations

import sys
import typing
from typing import Any

import attrs
from litestar import Litestar
from litestar.openapi.spec import Schema
from litestar.openapi.spec.enums import OpenAPIType

from bakeledger.services import dto

RESPONSE_PATTERNS: dict[Any, str] = {
    dto.MoneyStr: r"^-?[0-9]+\.[0-9]{2}$",
    dto.PercentStr: r"^-?[0-9]+\.[0-9]{2}$",
    dto.UnitCostStr: r"^-?[0-9]+\.[0-9]{4}$",
    dto.QuantityStr: r"^-?[0-9]+(\.[0-9]{0,5}[1-9])?$",
}
REQUEST_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"


def _kind(hint: Any) -> Any:
    """A field's number kind (MoneyStr, …), looking through `X | None`; None when not a number."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if len(args) == 1:
        hint = args[0]
    return hint if hint in RESPONSE_PATTERNS else None


def _classes(app: Litestar) -> dict[str, tuple[type, bool]]:
    """Every attrs class the handlers name, by name, and whether it is a request body."""
    found: dict[str, tuple[type, bool]] = {}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            fn = getattr(handler.fn, "func", handler.fn)  # a sync handler is wrapped to run in a thread
            module = sys.modules.get(fn.__module__)
            if module is None:
                continue
            for value in vars(module).values():
                if isinstance(value, type) and attrs.has(value):
                    found.setdefault(value.__name__, (value, value.__module__ == module.__name__))
    for value in vars(dto).values():
        if isinstance(value, type) and attrs.has(value):
            found.setdefault(value.__name__, (value, False))
    return found


def _number_schema(kind: Any, *, request: bool) -> Schema:
    if request:
        return Schema(
            one_of=[
                Schema(type=OpenAPIType.STRING, pattern=REQUEST_PATTERN),
                Schema(type=OpenAPIType.INTEGER),
            ]
        )
    return Schema(type=OpenAPIType.STRING, pattern=RESPONSE_PATTERNS[kind])


def _refine_property(prop: Any, kind: Any, *, request: bool) -> Any:
    number = _number_schema(kind, request=request)
    if isinstance(prop, Schema) and prop.one_of:  # X | None
        prop.one_of = [number if getattr(s, "type", None) == OpenAPIType.STRING else s for s in prop.one_of]
        return prop
    return number


def refine(app: Litestar) -> None:
    """State the number formats in the app's (cached) OpenAPI document."""
    schema = app.openapi_schema
    components = schema.components.schemas if schema.components else {}
    for name, (cls, is_request) in _classes(app).items():
        component = components.get(name)
        if component is None or not component.properties:
            continue
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            kind = _kind(hints.get(field.name))
            if kind is not None and field.name in component.properties:
                component.properties[field.name] = _refine_property(
                    component.properties[field.name], kind, request=is_request
                )
