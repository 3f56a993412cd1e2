"""The OpenAPI document, with the string format of every number stated.

The framework documents the attrs classes themselves; this adds what it cannot know: which string
fields are numbers, and in which format. A response's money is "3.00" (2 places), a unit cost
"0.0326" (4), a percent "57.14" (2), a quantity "13.5" (no trailing zeros); a request takes any
plain decimal string, or an integer, for a number.

It also states what every route shares: the bearer token and the role a route needs (public
routes need none), the problem documents errors are answered with (in place of the framework's
own error body, which this API never sends), the bounds `page()` puts on `limit` and `offset`, and
which bodies may be left out.
"""

from __future__ import annotations

import inspect
import sys
import typing
from typing import Any

import attrs
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.spec import (
    Components,
    OpenAPIMediaType,
    OpenAPIResponse,
    Operation,
    Parameter,
    Reference,
    RequestBody,
    Schema,
)
from litestar.openapi.spec import SecurityScheme as OpenAPISecurityScheme
from litestar.openapi.spec.enums import OpenAPIType
from litestar.routes import HTTPRoute

from bakeledger.app.http.auth import needed_role
from bakeledger.app.http.problems import PROBLEM_JSON
from bakeledger.app.http.units import MAX_LIMIT
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
    """State the number formats, access and errors in the app's (cached) OpenAPI document."""
    schema = app.openapi_schema
    if schema.components is None:
        schema.components = Components()
    components = schema.components.schemas
    _state_numbers(app, components)
    components["Problem"] = PROBLEM_SCHEMA
    schema.components.security_schemes = {
        BEARER: OpenAPISecurityScheme(
            type="http",
            scheme="bearer",
            description="An API token (`bakeledger token create --role ROLE`) as `Authorization: Bearer …`",
        )
    }
    for operation, handler, has_path_params in _operations(app):
        role = needed_role(handler)
        _state_access(operation, role)
        _state_optional_body(operation, handler)
        _state_problems(operation, role, has_path_params)
        _state_page_bounds(operation)
        _state_alternatives(operation)


def _state_numbers(app: Litestar, components: dict[str, Any]) -> None:
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


BEARER = "bearer"
PROBLEM_SCHEMA = Schema(
    type=OpenAPIType.OBJECT,
    title="Problem",
    description="An RFC 9457 problem document; the error's own fields (numbers as strings) follow.",
    required=["type", "title", "status", "detail", "code"],
    properties={
        "type": Schema(type=OpenAPIType.STRING, description="/problems/<code in kebab case>"),
        "title": Schema(type=OpenAPIType.STRING),
        "status": Schema(type=OpenAPIType.INTEGER),
        "detail": Schema(type=OpenAPIType.STRING, description="What went wrong, in words."),
        "code": Schema(type=OpenAPIType.STRING, description="The error's name, e.g. IngredientNotFound."),
    },
)
PROBLEMS = {
    "400": "The body is not JSON",
    "401": "No token, or one that is unknown or revoked",
    "403": "The token's role may not call this",
    "404": "Nothing has that key",
    "422": "The request is not valid (a field, a parameter, a rule), or an idempotency key was reused",
    "default": "Another problem: 409 conflict (stock, names, state), 429 too many failed logins, "
    "503 busy (retry after Retry-After), 500 unexpected (with a correlation id)",
}


def _operations(app: Litestar) -> list[tuple[Operation, HTTPRouteHandler, bool]]:
    """Each documented operation, its handler and whether its path has parameters."""
    paths = app.openapi_schema.paths or {}
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or route.path_format not in paths:
            continue
        item = paths[route.path_format]
        for handler in route.route_handlers:
            for method in handler.http_methods:
                operation = getattr(item, method.lower(), None)
                if isinstance(operation, Operation):
                    found.append((operation, handler, bool(route.path_parameters)))
    return found


def _state_access(operation: Operation, role: str | None) -> None:
    if role is None:
        operation.security = []
        return
    operation.security = [{BEARER: []}]
    needs = f"Needs the {role} role (or a stronger one)."
    operation.description = f"{operation.description}\n\n{needs}" if operation.description else needs


def _state_optional_body(operation: Operation, handler: HTTPRouteHandler) -> None:
    """The framework states every body as required; one the handler has a default for
    (`data: X | None = None`) may be left out."""
    fn = getattr(handler.fn, "func", handler.fn)  # a sync handler is wrapped to run in a thread
    data = inspect.signature(fn).parameters.get("data")
    body = operation.request_body
    if isinstance(body, RequestBody) and data is not None and data.default is not data.empty:
        body.required = False


def _problem_response(description: str) -> OpenAPIResponse:
    return OpenAPIResponse(
        description=description,
        content={PROBLEM_JSON: OpenAPIMediaType(schema=Reference(ref="#/components/schemas/Problem"))},
    )


def _state_problems(operation: Operation, role: str | None, has_path_params: bool) -> None:
    """The framework documents its own 400 body; this API answers every error with a problem."""
    responses = {k: v for k, v in (operation.responses or {}).items() if not k.startswith(("4", "5"))}
    wanted = ["422", "default"]
    if operation.request_body is not None:
        wanted.append("400")
    if role is not None:
        wanted += ["401", "403"]
    if has_path_params:
        wanted.append("404")
    for code in sorted(wanted, key=lambda c: (c == "default", c)):
        responses[code] = _problem_response(PROBLEMS[code])
    operation.responses = responses


def _state_page_bounds(operation: Operation) -> None:
    """`limit` and `offset` are read by `page()`, which takes 1 to MAX_LIMIT and 0 or more."""
    for parameter in operation.parameters or []:
        if not isinstance(parameter, Parameter) or parameter.param_in != "query":
            continue
        schema = parameter.schema
        if not isinstance(schema, Schema):
            continue
        if parameter.name == "limit":
            schema.minimum, schema.maximum = 1, MAX_LIMIT
        elif parameter.name == "offset":
            schema.minimum = 0


def _state_alternatives(operation: Operation) -> None:
    """A response of one of several shapes (`Page[EventDTO] | Page[EventProgressDTO]`) is documented
    with anyOf: the framework's oneOf would make a body valid for both (an empty page) invalid."""
    for response in (operation.responses or {}).values():
        for media in (getattr(response, "content", None) or {}).values():
            schema = media.schema
            if isinstance(schema, Schema) and schema.one_of and schema.any_of is None:
                schema.any_of, schema.one_of = schema.one_of, None
