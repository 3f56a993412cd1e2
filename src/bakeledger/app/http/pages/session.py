"""Logging in with a token (from the link `bakeledger serve` prints, or pasted) and out again.

The session cookie holds the token itself, HttpOnly and SameSite=Strict (Secure over HTTPS): the
token's role, and its revocation, apply to the browser exactly as to an API client.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.params import FromQuery
from litestar.response import Redirect

from bakeledger.app.http.auth import PUBLIC, SESSION_COOKIE, Throttle
from bakeledger.app.http.pages.common import Form, page
from bakeledger.app.http.units import read
from bakeledger.domain.errors import NotAuthenticated
from bakeledger.services import access


def _login(request: Request[Any, Any, Any], token: str) -> Response[Any]:
    throttle: Throttle = request.app.state.throttle
    address = request.client.host if request.client else "unknown"
    throttle.check(address)
    try:
        read(request, access.authenticate, secret=token.strip())
    except NotAuthenticated:
        throttle.failed(address)
        return page(request, "login.html", status=401, error="That token is not valid (or was revoked).")
    cookie = Cookie(
        key=SESSION_COOKIE,
        value=token.strip(),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return Redirect(path="/", status_code=303, cookies=[cookie])


# async, handing the work to a thread itself: Litestar 2.25 fails a sync GET handler answering a
# Response on a path that another handler (POST /login) shares
@get("/login", opt=PUBLIC, include_in_schema=False)
async def login_page(request: Request[Any, Any, Any], token: FromQuery[str | None] = None) -> Response[Any]:
    if token:
        return await anyio.to_thread.run_sync(_login, request, token)
    return page(request, "login.html")


@post("/login", opt=PUBLIC, sync_to_thread=True, include_in_schema=False)
def login_form(request: Request[Any, Any, Any], data: Form) -> Response[Any]:
    return _login(request, data.get("token", ""))


@post("/logout", opt=PUBLIC, sync_to_thread=False, include_in_schema=False)
def logout(request: Request[Any, Any, Any]) -> Redirect:
    redirect = Redirect(path="/login", status_code=303)
    redirect.delete_cookie(SESSION_COOKIE, path="/")
    return redirect


ROUTES = [login_page, login_form, logout]
