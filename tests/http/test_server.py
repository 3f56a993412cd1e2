"""`bakeledger serve` as a user runs it: a real process on 127.0.0.1, spoken to over real HTTP."""

from __future__ import annotations

import json
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from alembic import command
from sqlalchemy import create_engine, text

from bakeledger.uow.migrate import alembic_config, head_revision
from tests.http.server import Served, cli, create_token, fresh_database, serving, start
from tests.integration.cli_fixture import run


@pytest.fixture(params=["sqlite", "postgresql"])
def served_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database at the latest schema (SQLite, and PostgreSQL when offered)."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server per backend for this module's tests (each test uses names of its own)."""
    folder = tmp_path_factory.mktemp("served")
    with fresh_database(request.param, folder) as url:
        token = str(create_token(url, "owner", "tests")["token"])
        with serving(url, folder, token=token) as served:
            yield served


def _problem(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, object] = response.json()
    assert (body["status"], body["code"]) == (status, code)
    return body


def test_health_answers_without_a_token(server: Served) -> None:
    response = httpx.get(f"{server.api}/health")
    backend = "sqlite" if server.db.startswith("sqlite") else "postgresql"
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "backend": backend, "schema": head_revision()}
    for _ in range(50):  # the access log goes to stderr, so stdout holds only what serve says
        if '"GET /api/v1/health HTTP/1.1" 200' in server.stderr:
            break
        time.sleep(0.05)
    assert '"GET /api/v1/health HTTP/1.1" 200' in server.stderr and "GET /" not in server.stdout


def test_no_token_is_a_401_problem_and_a_wrong_one_too(server: Served) -> None:
    response = httpx.get(f"{server.api}/ingredients")
    _problem(response, 401, "NotAuthenticated")
    assert response.headers["www-authenticate"].startswith("Bearer")
    wrong = httpx.get(f"{server.api}/ingredients", headers={"Authorization": "Bearer bkl_not-a-token"})
    _problem(wrong, 401, "NotAuthenticated")


def test_an_owner_creates_an_ingredient_and_reads_it_back(server: Served) -> None:
    with server.client() as client:
        made = client.post("/api/v1/ingredients", json={"name": "Cardamom", "category": "spices"})
        assert made.status_code == 201, made.text
        assert made.headers["location"] == "/api/v1/ingredients/cardamom"
        read = client.get(made.headers["location"])
        assert read.status_code == 200
        assert read.json() == made.json()
        assert (read.json()["name"], read.json()["category"], read.json()["density"]) == (
            "Cardamom",
            "spices",
            None,
        )
        listed = client.get("/api/v1/ingredients").json()
        assert "cardamom" in [i["slug"] for i in listed["items"]] and listed["next"] is None


def test_a_viewer_token_reads_but_may_not_write(server: Served) -> None:
    viewer = str(create_token(server.db, "viewer")["token"])  # made while the server runs
    with server.client(viewer) as client:
        assert client.get("/api/v1/ingredients").status_code == 200
        _problem(client.post("/api/v1/ingredients", json={"name": "Mace"}), 403, "NotAllowed")
    with server.client() as owner:  # nothing was written
        _problem(owner.get("/api/v1/ingredients/mace"), 404, "IngredientNotFound")


def test_a_revoked_token_is_refused_at_once(server: Served) -> None:
    made = create_token(server.db, "baker", "old phone")
    with server.client(str(made["token"])) as client:
        assert client.get("/api/v1/ingredients").status_code == 200
        assert cli("--db", server.db, "token", "revoke", str(made["id"]))[0] == 0
        _problem(client.get("/api/v1/ingredients"), 401, "NotAuthenticated")


def test_the_api_docs_are_served_from_the_package(server: Served) -> None:
    page = httpx.get(f"{server.base}/api/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assets = re.findall(r'(?:href|src)="(/static/swagger-ui/[^"]+)"', page.text)
    assert len(assets) == 3
    for asset in assets:
        response = httpx.get(f"{server.base}{asset}")
        assert response.status_code == 200 and len(response.content) > 100, asset
    assert "/api/v1/openapi.json" in httpx.get(f"{server.base}/static/swagger-ui/bakeledger-docs.js").text
    document = httpx.get(f"{server.api}/openapi.json").json()
    assert document["openapi"].startswith("3.1") and "/api/v1/ingredients" in document["paths"]


def test_first_serve_prints_a_login_url_whose_token_works(served_db: str, tmp_path: Path) -> None:
    served = start(served_db, tmp_path)
    try:
        printed = served.stdout
        login = re.search(r"(http://\S+)/login\?token=(\S+)", printed)
        bearer = re.search(r"Authorization: Bearer (\S+)", printed)
        assert login and bearer, printed
        assert login.group(1) == served.base and login.group(2) == bearer.group(1)
        secret = login.group(2)
        logged_in = httpx.get(login.group(0), follow_redirects=False)  # the browser's way in
        assert logged_in.status_code == 303 and logged_in.cookies.get("bakeledger_session") == secret
        with served.client(secret) as owner:
            made = owner.post("/api/v1/ingredients", json={"name": "Nutmeg"})
            assert made.status_code == 201, made.text
        code, listed = cli("--db", served_db, "token", "list", "--json")
        assert code == 0 and '"first login"' in listed and '"owner"' in listed and secret not in listed
    finally:
        code = served.stop(signal.SIGINT)  # Ctrl-C
    assert code == 0 and "Traceback" not in served.stdout + served.stderr
    again = start(served_db, tmp_path, token=secret, args=("--json",))  # an owner token exists: no new one
    try:
        started = json.loads(again.stdout.splitlines()[0])
        assert started == {"url": again.base, "api": again.api, "database": started["database"]}
        assert "login?token=" not in again.stdout and "Bearer" not in again.stdout
    finally:
        assert again.stop() == 0


def test_an_older_schema_is_refused_and_left_as_it_was(served_db: str) -> None:
    engine = create_engine(served_db)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0002")
    refused = run("--db", served_db, "serve", "--port", "1")  # refused before it ever listens
    assert refused.code == 1 and refused.clean, refused.err
    assert "SchemaMismatch" in refused.err and "run `bakeledger migrate`" in refused.err
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0002"
    engine.dispose()


def test_a_second_server_on_the_same_port_fails_with_one_line(server: Served) -> None:
    second = run("--db", server.db, "serve", "--host", "127.0.0.1", "--port", str(server.port))
    assert second.code == 1 and second.clean, second.err
    assert second.err.strip() == (
        f"error: 127.0.0.1:{server.port}: cannot listen: address already in use "
        "(is another server running there? choose another --port)"
    )
    assert httpx.get(f"{server.api}/health").status_code == 200  # the first one is untouched
    anywhere = run("--db", server.db, "serve", "--host", "0.0.0.0", "--port", str(server.port))
    warning, error = anywhere.err.strip().splitlines()  # refused too: it never listened anywhere
    assert anywhere.code == 1 and "Traceback" not in anywhere.err
    assert warning.startswith("warning: listening on 0.0.0.0: other machines can reach this ledger")
    assert error.startswith(f"error: 0.0.0.0:{server.port}: cannot listen: address already in use")


def test_workers_are_for_postgresql(served_db: str, tmp_path: Path) -> None:
    if served_db.startswith("sqlite"):
        refused = run("--db", served_db, "serve", "--workers", "2", "--port", "1")
        assert refused.code == 1 and refused.clean
        assert "SQLite is served by one process; --workers needs PostgreSQL" in refused.err
        return
    token = str(create_token(served_db, "owner")["token"])
    with serving(served_db, tmp_path, token=token, args=("--workers", "2")) as served:
        with served.client() as client:
            made = client.post("/api/v1/ingredients", json={"name": "Clove"})
            assert made.status_code == 201, made.text
            answers = [client.get("/api/v1/ingredients/clove").status_code for _ in range(10)]
        assert answers == [200] * 10
        assert "Started parent process" in served.stderr
