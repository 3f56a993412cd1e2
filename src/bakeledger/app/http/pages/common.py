"""What every page shares: rendering with the caller, forms read as plain strings, form errors."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.template.config import TemplateConfig

from bakeledger.app.http.auth import CALLER
from bakeledger.app.http.problems import status_of
from bakeledger.domain.access import role_allows
from bakeledger.domain.errors import BakeLedgerError

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


def _configure(engine: JinjaTemplateEngine) -> None:
    engine.engine.globals["new_key"] = lambda: uuid.uuid4().hex


TEMPLATE_CONFIG = TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine, engine_callback=_configure)


def page(request: Request[Any, Any, Any], template: str, *, status: int = 200, **context: Any) -> Template:
    caller = request.state.get(CALLER)
    role = caller.role if caller else "viewer"
    context.setdefault("forms", {})
    return Template(
        template_name=template,
        context={
            "caller": caller,
            "can_bake": role_allows(role, "baker"),
            "can_own": role_allows(role, "owner"),
            **context,
        },
        status_code=status,
    )


def back(path: str) -> Redirect:
    """After a successful form: see the result (303, so a reload does not post again)."""
    return Redirect(path=path, status_code=303)


def filled(form: dict[str, str], *names: str) -> dict[str, Any]:
    """The named form fields, blank ones left out (the service then uses its default)."""
    return {name: form[name].strip() for name in names if form.get(name, "").strip()}


def refused(
    request: Request[Any, Any, Any],
    error: BakeLedgerError,
    form_id: str,
    form: dict[str, str],
    fields: tuple[str, ...],
    render: Callable[..., Template],
    *,
    field: str | None = None,
) -> Template:
    """The page again, with the error beside the field it names (or `field`, when the page knows
    better where it belongs) and the typed values kept."""
    field = field or getattr(error, "field", None)
    errors = {field if field in fields else "_": error.message}
    state = {"values": {**form, "_form": form_id}, "errors": errors, "key": form.get("idempotency_key")}
    return render(request, forms={form_id: state}, status=status_of(error))
