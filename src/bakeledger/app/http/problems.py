"""Every error as an RFC 9457 problem document (`application/problem+json`).

The status comes from the error's place in the one error tree; the body carries the error's own
fields (numbers as strings) and never a stack trace, SQL or a path. Anything unexpected is a 500
whose body carries only a correlation id, which the log line carries too.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.exceptions import ValidationException as LitestarValidation
from litestar.response import Redirect, Template
from loguru import logger

from bakeledger.domain.errors import (
    AccessDenied,
    BakeLedgerError,
    ConcurrencyError,
    Conflict,
    DatabaseProblem,
    IdempotencyConflict,
    ImportRejected,
    InsufficientFinishedStock,
    InsufficientStock,
    InvalidTransition,
    NotAllowed,
    NotAuthenticated,
    NotFound,
    TooManyAttempts,
    ValidationError,
)

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_S = 1

# most specific first: IdempotencyConflict is a Conflict, but a client must change its request
STATUSES: tuple[tuple[type[BakeLedgerError], int], ...] = (
    (IdempotencyConflict, 422),
    (ValidationError, 422),
    (ImportRejected, 422),
    (NotFound, 404),
    (NotAuthenticated, 401),
    (NotAllowed, 403),
    (TooManyAttempts, 429),
    (InsufficientStock, 409),
    (InsufficientFinishedStock, 409),
    (Conflict, 409),
    (InvalidTransition, 409),
    (ConcurrencyError, 503),
    (DatabaseProblem, 503),
    (AccessDenied, 403),
)
TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Request body too large",
}
# fields an error may hold that a client must not see (a database URL names a file or a host)
_PRIVATE_FIELDS = {"url", "reason"}


def status_of(error: BakeLedgerError) -> int:
    for kind, status in STATUSES:
        if isinstance(error, kind):
            return status
    return 500


def kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def problem(status: int, code: str, detail: str, **fields: Any) -> Response[dict[str, Any]]:
    body = {
        "type": f"/problems/{kebab(code)}",
        "title": " ".join(kebab(code).split("-")).capitalize(),
        "status": status,
        "detail": detail,
        "code": code,
        **fields,
    }
    headers = {}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="bakeledger"'
    if "retry_after" in fields or status == 503:
        headers["Retry-After"] = str(fields.get("retry_after", RETRY_AFTER_S))
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def error_problem(request: Request[Any, Any, Any], error: BakeLedgerError) -> Response[Any]:
    status = status_of(error)
    if status == 500:
        return unexpected_problem(request, error)
    if not is_api(request):
        return error_page(request, status, type(error).__name__, error.message)
    fields = {
        k: v for k, v in error.to_dict().items() if k not in ("type", "message") and k not in _PRIVATE_FIELDS
    }
    detail = error.message
    if isinstance(error, DatabaseProblem):
        detail = "the database cannot be used right now"
    return problem(status, type(error).__name__, detail, **fields)


def http_problem(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    """The framework's own refusals (no such route, wrong method, body too large, bad parameter)."""
    if not is_api(request) and error.status_code < 500:
        return error_page(request, error.status_code, "", error.detail or TITLES.get(error.status_code, ""))
    if isinstance(error, LitestarValidation):
        # a query or path parameter the framework could not read: the request's own fault
        extra = error.extra if isinstance(error.extra, list) else []
        field = next((str(e.get("key")) for e in extra if isinstance(e, dict) and e.get("key")), None)
        message = next((str(e.get("message")) for e in extra if isinstance(e, dict)), error.detail)
        return problem(422, "ValidationError", f"{field}: {message}" if field else message, field=field)
    status = error.status_code
    if status >= 500:
        return unexpected_problem(request, error)
    code = TITLES.get(status, "Bad request").title().replace(" ", "")
    return problem(status, code, error.detail or TITLES.get(status, "Bad request"))


def unexpected_problem(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    correlation_id = uuid.uuid4().hex
    logger.opt(exception=error).error(
        "unexpected error", correlation_id=correlation_id, method=request.method, path=request.url.path
    )
    if not is_api(request):
        return error_page(
            request, 500, "", "Something went wrong on the server.", correlation_id=correlation_id
        )
    return problem(
        500,
        "UnexpectedError",
        "something went wrong on the server; the log has the details under this correlation id",
        correlation_id=correlation_id,
    )


def is_api(request: Request[Any, Any, Any]) -> bool:
    return request.url.path.startswith("/api/")


def error_page(
    request: Request[Any, Any, Any], status: int, code: str, detail: str, *, correlation_id: str | None = None
) -> Response[Any]:
    """A page's refusal as a page: not logged in → the login page; anything else explained."""
    if status == 401:
        return Redirect(path="/login", status_code=303)
    title = " ".join(kebab(code).split("-")).capitalize() if code else TITLES.get(status, "Error")
    return Template(
        template_name="error.html",
        context={"title": title, "detail": detail, "correlation_id": correlation_id, "caller": None},
        status_code=status,
    )


EXCEPTION_HANDLERS: dict[Any, Any] = {
    BakeLedgerError: error_problem,
    HTTPException: http_problem,
    Exception: unexpected_problem,
}
