"""Every operation of the live server's OpenAPI document, fuzzed with schemathesis: no response is
a 500, and every response matches what the document says (status, content type, headers, body).

Generic on purpose: it runs over whatever routes the document lists, with an owner token (the
role that may call everything), and a bounded number of examples per operation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import Case
from schemathesis.checks import ignored_auth
from schemathesis.config import SchemathesisConfig
from schemathesis.schemas import BaseSchema

import bakeledger
from bakeledger.services import access
from tests.http.server import Served, create_token, fresh_database, serving

EXAMPLES_PER_OPERATION = 8
SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder: Path = tmp_path_factory.mktemp("fuzzed")
    with fresh_database(request.param, folder) as url:
        token = str(create_token(url, "owner", "schemathesis")["token"])
        with serving(url, folder, token=token) as served:
            yield served


# Schema-valid data may still break a rule no JSON schema states (an empty or control-character
# name, a density's grammar, a name already taken): a 422 or 409 problem is then the right answer.
# With an owner token, nothing else but success or "no such key" is.
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "404", "409", "422"]}}}
)


@pytest.fixture(scope="module")
def live_schema(live: Served) -> BaseSchema:
    return schemathesis.openapi.from_url(f"{live.api}/openapi.json", config=CONFIG)


def test_every_operation_answers_as_documented(
    live_schema: BaseSchema, live: Served, request: pytest.FixtureRequest
) -> None:
    """Each operation in turn (a plain loop: the lazy `from_fixture` loader of this schemathesis
    does not run under pytest 9), every failure collected before the test reports them all.

    Every check runs but `ignored_auth`: its probes send invalid tokens, and after five of those
    the server makes this address wait (429) — every later answer would then say nothing. What it
    checks is checked below without a token (which the throttle does not count) and, for a wrong
    token, in test_server.
    """
    failures: dict[str, str] = {}
    statuses: Counter[int] = Counter()
    ledger = bakeledger.open(live.db, schema="require_current")
    request.addfinalizer(ledger.dispose)
    for result in live_schema.get_all_operations():
        operation = result.ok()

        @SETTINGS
        @given(case=operation.as_strategy())
        def call(case: Case) -> None:
            # a token of its own for each call: an earlier call may have revoked any other
            token = ledger.run(access.create_token, role="owner", name="schemathesis").token
            response = case.call_and_validate(headers=live.headers(token), excluded_checks=[ignored_auth])
            statuses[response.status_code] += 1
            assert response.status_code < 500, response.text

        try:
            call()
        except (Exception, BaseExceptionGroup) as exc:  # reported with the others at the end
            failures[operation.label] = f"{type(exc).__name__}: {exc}"
    assert failures == {}, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())
    assert statuses[429] == 0 and sum(statuses.values()) > 0, statuses  # the run meant something
    assert any(200 <= status < 300 for status in statuses), statuses


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield method.upper(), path, item[method]


def test_every_operation_needing_a_role_refuses_a_call_without_a_token(live: Served) -> None:
    document = httpx.get(f"{live.api}/openapi.json").json()
    secured = public = 0
    for method, path, operation in _operations(document):
        url = live.base + re.sub(r"\{[^}]+\}", "1", path)  # "1" reads as a number and as a slug
        response = httpx.request(method, url, json={} if "requestBody" in operation else None)
        if operation.get("security") == []:
            public += 1
            assert response.status_code not in (401, 403), f"{method} {path}: {response.text}"
            continue
        secured += 1
        assert operation["security"] == [{"bearer": []}], f"{method} {path}"
        assert response.status_code == 401, f"{method} {path}: {response.text}"
        assert response.json()["code"] == "NotAuthenticated"
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert secured >= 5 and public >= 1
