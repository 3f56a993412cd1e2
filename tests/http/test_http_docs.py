"""docs/http-api.md runs as written: each `curl` example, in order, against a real server, prints
what the block after it shows (JSON compared as data; "…" stands for any value)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from tests.http.server import Served, create_token, fresh_database, serving

DOC = Path(__file__).resolve().parents[2] / "docs" / "http-api.md"
BLOCK = re.compile(r"```(\w*)\n(.*?)```", re.S)
ANY = "…"


@attrs.frozen
class Example:
    command: str
    kind: str  # json, http or text: what the command prints
    expected: str


def examples() -> list[Example]:
    """Every shell block that is a `curl` command, with the output block right after it."""
    text = DOC.read_text()
    found = []
    blocks = list(BLOCK.finditer(text))
    for block, following in zip(blocks, [*blocks[1:], None], strict=True):
        language, body = block.group(1), block.group(2)
        if language != "sh" or not body.lstrip().startswith("curl"):
            continue
        assert following is not None and not text[block.end() : following.start()].strip(), body
        assert following.group(1) in ("json", "http", "text"), body
        found.append(Example(body.strip(), following.group(1), following.group(2)))
    return found


def matches(actual: Any, expected: Any) -> bool:
    if expected == ANY:
        return True
    if isinstance(expected, dict):
        return (
            isinstance(actual, dict)
            and set(actual) == set(expected)
            and all(matches(actual[k], v) for k, v in expected.items())
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(matches(a, e) for a, e in zip(actual, expected, strict=True))
        )
    return bool(actual == expected and type(actual) is type(expected))


def check(example: Example, out: str) -> None:
    if example.kind == "text":
        assert out.strip() == example.expected.strip()
        return
    body, expected_body = out, example.expected
    if example.kind == "http":
        head, _, body = out.replace("\r\n", "\n").partition("\n\n")
        expected_head, _, expected_body = example.expected.partition("\n\n")
        status, *header_lines = head.splitlines()
        expected_status, *expected_headers = expected_head.splitlines()
        assert status == expected_status
        headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in header_lines)}
        for line in expected_headers:
            name, _, value = line.partition(":")
            assert headers.get(name.lower()) == value.strip(), (line, headers)
    actual, expected = json.loads(body), json.loads(expected_body)
    assert matches(actual, expected), json.dumps(actual, indent=1)


@pytest.fixture
def doc_server(tmp_path: Path) -> Iterator[tuple[Served, dict[str, str]]]:
    with fresh_database("sqlite", tmp_path) as url:
        owner = str(create_token(url, "owner")["token"])
        viewer = str(create_token(url, "viewer")["token"])
        with serving(url, tmp_path, token=owner) as served:
            yield served, {"TOKEN": owner, "VIEWER_TOKEN": viewer, "BASE": served.base}


def test_the_doc_has_examples_of_each_kind() -> None:
    found = examples()
    assert len(found) >= 10
    assert {e.kind for e in found} == {"json", "http", "text"}
    assert all("$BASE" in e.command for e in found)  # never another host


def test_every_curl_example_prints_what_the_doc_shows(doc_server: tuple[Served, dict[str, str]]) -> None:
    _served, variables = doc_server
    env = {**os.environ, **variables}
    for example in examples():
        done = subprocess.run(
            ["bash", "-c", example.command], env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0, (example.command, done.stderr)
        try:
            check(example, done.stdout)
        except AssertionError as exc:
            raise AssertionError(f"{example.command}\nprinted:\n{done.stdout}\n{exc}") from None
