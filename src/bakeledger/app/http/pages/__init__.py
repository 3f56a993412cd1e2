"""The web pages: server-rendered views of the same services the API serves (Jinja2 + HTMX).

Every form works without JavaScript (HTMX only boosts links and forms); every form carries a CSRF
token, and the forms that record something carry an idempotency key made when the page was
rendered, so a double click records one run. A refused form is shown again with the service's
error beside the field it names and what the user typed kept.
"""

from __future__ import annotations

from bakeledger.app.http.pages import backup, catalogue, charts, history, planning, season, session, stock

PAGE_ROUTES = [
    *session.ROUTES,
    *season.ROUTES,
    *planning.ROUTES,
    *stock.ROUTES,
    *history.ROUTES,
    *charts.ROUTES,
    *backup.ROUTES,
    *catalogue.ROUTES,
]
