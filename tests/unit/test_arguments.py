"""Argument parsing shared by every service: one rule per kind of argument."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakeledger.domain.errors import ValidationError
from bakeledger.domain.slugs import name_key
from bakeledger.services import arguments


def test_notes_are_stripped_and_blank_notes_are_none() -> None:
    assert arguments.notes("  bring ribbon ") == "bring ribbon"
    assert arguments.notes("   ") is None
    assert arguments.notes("") is None
    assert arguments.notes(None) is None


def test_notes_keep_newlines_and_tabs_inside() -> None:
    assert arguments.notes("\n line one\n\tline two \n") == "line one\n\tline two"


def test_notes_hold_at_most_2000_characters_once_stripped() -> None:
    assert arguments.notes(" " + "x" * 2000 + " ") == "x" * 2000
    with pytest.raises(ValidationError) as info:
        arguments.notes("x" * 2001, "loss_notes")
    assert info.value.field == "loss_notes"


@pytest.mark.parametrize("bad", ["a\x00b", "bell\x07", "a\rb", "esc\x1b[0m", "del\x7f", "c1\x85c1", "\ud800"])
def test_notes_with_control_characters_are_refused_naming_the_field(bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        arguments.notes(bad, "bypass_notes")
    assert info.value.field == "bypass_notes"
    assert "control characters" in info.value.message


@pytest.mark.parametrize("bad", [5, 2.5, True, b"notes", ["notes"]])
def test_notes_must_be_text(bad: object) -> None:
    with pytest.raises(ValidationError) as info:
        arguments.notes(bad)
    assert info.value.field == "notes"


@given(st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs")), max_size=50))
def test_any_printable_notes_come_back_stripped_or_none(text: str) -> None:
    assert arguments.notes(text) == (text.strip() or None)


HIDDEN = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2066", "\u200e", "\u200f"]


@pytest.mark.parametrize("hidden", HIDDEN)
def test_notes_names_and_slugs_refuse_zero_width_and_direction_characters(hidden: str) -> None:
    for parse, field in ((arguments.notes, "notes"), (arguments.name, "name"), (arguments.slug, "recipe")):
        with pytest.raises(ValidationError) as info:
            parse(f"Flour{hidden}", field)
        assert info.value.field == field
        assert f"U+{ord(hidden):04X}" in info.value.message


def test_a_slug_is_non_blank_text_without_surrounding_spaces() -> None:
    assert arguments.slug(" flour ", "ingredient") == "flour"
    for bad in ("", "   ", 7, None):
        with pytest.raises(ValidationError) as info:
            arguments.slug(bad, "ingredient")
        assert info.value.field == "ingredient"


def test_an_idempotency_key_is_kept_exactly() -> None:
    assert arguments.key(" k-1 ") == " k-1 "
    for bad in ("", "  ", "k" * 201, "k\x00", 5):
        with pytest.raises(ValidationError):
            arguments.key(bad)


def test_history_bounds_include_the_whole_end_day() -> None:
    since, until = arguments.history_bounds(dt.date(2026, 12, 1), "2026-12-24")
    assert (since, until) == (dt.datetime(2026, 12, 1), dt.datetime(2026, 12, 25))


def test_history_bounds_end_at_a_moment_includes_that_second() -> None:
    assert arguments.history_bounds(None, "2026-12-24T10:00:00") == (
        None,
        dt.datetime(2026, 12, 24, 10, 0, 1),
    )
    assert arguments.history_bounds(None, None) == (None, None)


def test_names_are_stored_composed_with_spaces_collapsed() -> None:
    assert arguments.name("  Cafe\u0301 \u00a0 au   lait ") == "Caf\u00e9 au lait"


@pytest.mark.parametrize("same", ["FLOUR", "flour", " Flour ", "\uff26\uff4c\uff4f\uff55\uff52"])
def test_one_name_however_it_is_typed(same: str) -> None:
    assert name_key(arguments.name(same)) == name_key("Flour")


def test_cafe_typed_two_unicode_ways_is_one_name() -> None:
    assert name_key(arguments.name("Cafe\u0301")) == name_key(arguments.name("Caf\u00e9")) == "café"
