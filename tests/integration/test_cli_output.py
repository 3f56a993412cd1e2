"""What the CLI prints is safe and readable: stored text is shown exactly as typed (never read as
Rich markup, never passing control characters to the terminal), tables never cut a slug, booleans
read yes/no and empty results say so in words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.integration.cli_fixture import demo_database, invoke, run

SLUGS = (
    "cellophane-bag-wrap-50-pack",
    "chocolate-chips-cocoa",
    "ribbon-satin-10-pack",
    "gift-box-kraft-6-pack",
)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return demo_database(f"sqlite:///{tmp_path_factory.mktemp('output')}/demo.db")


@pytest.fixture
def fresh_demo(tmp_path: Path) -> str:
    return demo_database(f"sqlite:///{tmp_path}/demo.db")


def test_markup_in_a_name_is_saved_and_shown_as_typed(
    capsys: pytest.CaptureFixture[str], fresh_demo: str
) -> None:
    created = invoke(capsys, "--db", fresh_demo, "event", "create", "Cookies [/] Cocoa", "2099-12-20")
    assert created.code == 0 and "Cookies [/] Cocoa" in created.out
    for argv in (["status"], ["event", "list"], ["status", "--all"]):
        shown = invoke(capsys, "--db", fresh_demo, *argv)
        assert (shown.code, shown.clean) == (0, True), shown
        assert "Cookies [/] Cocoa" in shown.out


def test_markup_in_an_error_message_is_printed_literally(
    capsys: pytest.CaptureFixture[str], demo_url: str
) -> None:
    refused = invoke(capsys, "--db", demo_url, "buy", "[bold red]HACKED", "--packages", "1", "--price", "1")
    assert refused.code == 1
    assert "product '[bold red]HACKED' not found" in refused.err


@pytest.mark.parametrize("name", ["\x1b[2J\x1b[31mRed\x1b[0m Party", "Bell\x07 Party", "Evil\u202e Party"])
def test_control_characters_never_reach_the_terminal(
    capsys: pytest.CaptureFixture[str], fresh_demo: str, name: str
) -> None:
    """Such a name is refused at the door (and the refusal prints none of it raw); a ledger that
    holds one anyway — written by hand, or before names were checked — still prints clean text."""
    refused = invoke(capsys, "--db", fresh_demo, "event", "create", name, "2099-12-20")
    assert refused.code == 1 and refused.clean
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202e]", refused.err), repr(refused.err)
    assert invoke(capsys, "--db", fresh_demo, "event", "create", "Party", "2099-12-20").code == 0
    engine = create_engine(fresh_demo)
    with engine.begin() as conn:
        conn.execute(text("UPDATE events SET name = :name WHERE id = 4"), {"name": name})
    engine.dispose()
    for argv in (["status"], ["event", "list"], ["event", "show", "4"]):
        shown = invoke(capsys, "--db", fresh_demo, *argv)
        assert shown.code == 0
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202e]", shown.out), repr(shown.out)
        assert "Party" in shown.out


@pytest.mark.parametrize("argv", [["stock"], ["shopping-list", "1"], ["history"], ["plan", "dry-run", "1"]])
def test_tables_at_80_columns_never_cut_a_slug(demo_url: str, argv: list[str]) -> None:
    shown = run("--db", demo_url, *argv, env={"COLUMNS": "80"})
    assert shown.code == 0, shown
    assert "…" not in shown.out
    assert max(len(line) for line in shown.out.splitlines()) <= 80
    if argv == ["stock"]:
        assert all(slug in shown.out for slug in SLUGS)


def test_booleans_read_yes_or_no(capsys: pytest.CaptureFixture[str], demo_url: str) -> None:
    history = invoke(capsys, "--db", demo_url, "history").out
    plan = invoke(capsys, "--db", demo_url, "plan", "dry-run", "1").out
    assert "True" not in history + plan and "False" not in history + plan
    assert re.search(r"\byes\b", history) and re.search(r"\bno\b", history)
    assert "feasible: " in plan


def test_the_demo_ends_with_a_sentence(tmp_path: Path) -> None:
    shown = run("--db", f"sqlite:///{tmp_path}/demo.db", "demo")
    last = shown.out.strip().splitlines()[-1]
    assert shown.out.strip().endswith("4 production runs, 2 assembly runs."), last
    assert "{" not in shown.out


def test_empty_results_say_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/empty.db"
    assert invoke(capsys, "--db", url, "init").code == 0
    expected = {
        ("stock",): "No stock on hand.",
        ("history",): "No production runs yet.",
        ("history", "--kind", "assembly"): "No assembly runs yet.",
        ("event", "list"): "No events.",
    }
    for argv, words in expected.items():
        assert invoke(capsys, "--db", url, *argv).out.strip() == words
