"""Tests for bakeledger.domain.units: names, dimensions, densities, exact conversions."""

from __future__ import annotations

import ast
import decimal
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakeledger.domain import units
from bakeledger.domain.errors import UnitConversionError, ValidationError
from bakeledger.domain.units import (
    Density,
    can_convert,
    conversion_factor,
    convert,
    dimension,
    is_known_unit,
    normalize_unit,
    parse_density,
)

D = Decimal
WEIGHT = ["g", "kg", "oz", "lb"]
VOLUME = ["ml", "l", "tsp", "tbsp", "cup", "fl oz", "pt", "qt", "gal"]
COUNT = ["each", "piece", "dozen"]
KNOWN = WEIGHT + VOLUME + COUNT
FLOUR = parse_density("1 cup = 120 g")


def _div(a: Decimal, b: Decimal) -> Decimal:
    with decimal.localcontext(decimal.Context(prec=50)):
        return a / b


def same(actual: Decimal, expected: Decimal) -> None:
    """Exact equality, and the result is a Decimal (never a float)."""
    assert type(actual) is Decimal
    assert actual == expected, f"{actual} != {expected}"


# --- names and dimensions ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [("CUP", "cup"), ("Fl  Oz", "fl oz"), ("  fl\toz \n", "fl oz"), ("Bag", "bag"), ("g", "g")],
)
def test_normalize_unit(raw: str, expected: str) -> None:
    assert normalize_unit(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "g1", "1e3", "fl-oz", "kg.", "x" * 33, "½ cup"])
def test_normalize_unit_rejects_bad_names(raw: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_unit(raw)
    assert info.value.field == "unit"


def test_normalize_unit_rejects_non_text() -> None:
    with pytest.raises(ValidationError):
        normalize_unit(5)  # type: ignore[arg-type]


def test_unit_name_of_32_letters_is_a_package_word() -> None:
    assert dimension("x" * 32) == "package"


@pytest.mark.parametrize(
    ("unit", "expected"),
    [(u, "weight") for u in WEIGHT]
    + [(u, "volume") for u in VOLUME]
    + [(u, "count") for u in COUNT]
    + [("bag", "package"), ("Box", "package"), ("sheet", "package"), ("JAR", "package")],
)
def test_dimension(unit: str, expected: str) -> None:
    assert dimension(unit) == expected
    assert dimension(unit.upper()) == expected


def test_is_known_unit() -> None:
    assert all(is_known_unit(u) for u in KNOWN)
    assert len(KNOWN) == 16
    assert is_known_unit("FL OZ") and is_known_unit(" Cup ")
    assert not is_known_unit("bag")
    assert not is_known_unit("cups")
    assert not is_known_unit("1e3")


# --- exact factors -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("from_unit", "to_unit", "factor"),
    [
        ("kg", "g", D(1000)),
        ("lb", "g", D("453.59237")),
        ("oz", "g", D("28.349523125")),
        ("lb", "oz", D(16)),
        ("oz", "lb", D("0.0625")),
        ("l", "ml", D(1000)),
        ("cup", "ml", D("236.5882365")),
        ("tbsp", "ml", D("14.78676478125")),
        ("tsp", "ml", D("4.92892159375")),
        ("fl oz", "ml", D("29.5735295625")),
        ("pt", "cup", D(2)),
        ("qt", "cup", D(4)),
        ("gal", "cup", D(16)),
        ("gal", "qt", D(4)),
        ("gal", "fl oz", D(128)),
        ("cup", "tbsp", D(16)),
        ("tbsp", "tsp", D(3)),
        ("cup", "fl oz", D(8)),
        ("dozen", "each", D(12)),
        ("piece", "each", D(1)),
        ("dozen", "piece", D(12)),
    ],
)
def test_exact_factors(from_unit: str, to_unit: str, factor: Decimal) -> None:
    same(conversion_factor(from_unit, to_unit), factor)


def test_non_terminating_factor_has_fifty_significant_digits() -> None:
    same(conversion_factor("each", "dozen"), _div(D(1), D(12)))
    same(conversion_factor("tsp", "cup"), _div(D(1), D(48)))
    assert len(conversion_factor("each", "dozen").as_tuple().digits) == 50


@pytest.mark.parametrize("unit", KNOWN + ["bag", "box"])
def test_same_unit_factor_is_one(unit: str) -> None:
    same(conversion_factor(unit, unit), D(1))
    same(conversion_factor(unit.upper(), f"  {unit} "), D(1))


@pytest.mark.parametrize(
    ("quantity", "from_unit", "to_unit", "expected"),
    [
        (D(1), "lb", "g", D("453.59237")),
        (D(16), "oz", "lb", D(1)),
        (D(3), "tsp", "tbsp", D(1)),
        (D(1), "gal", "fl oz", D(128)),
        (D("2.5"), "kg", "g", D(2500)),
        (D(1500), "ml", "l", D("1.5")),
        (D(2), "dozen", "piece", D(24)),
        (D(-2), "lb", "oz", D(-32)),
        (D(0), "cup", "ml", D(0)),
    ],
)
def test_convert_exact(quantity: Decimal, from_unit: str, to_unit: str, expected: Decimal) -> None:
    same(convert(quantity, from_unit, to_unit), expected)


def test_inexact_result_has_fifty_significant_digits_and_is_not_quantized() -> None:
    result = convert(D(1), "g", "lb")
    assert len(result.as_tuple().digits) == 50
    assert result == D("0.0022046226218487758072297380134502703385420702733602")


def test_exact_results_carry_no_trailing_zeros() -> None:
    assert str(convert(D(16), "oz", "lb")) == "1"
    assert str(convert(D("1.50"), "kg", "g")) == "1500"


def test_callers_decimal_context_is_ignored_and_untouched() -> None:
    with decimal.localcontext() as ctx:
        ctx.prec = 5
        ctx.rounding = decimal.ROUND_DOWN
        result = convert(D(1), "g", "lb")
        assert ctx.prec == 5 and ctx.rounding == decimal.ROUND_DOWN
    assert result == D("0.0022046226218487758072297380134502703385420702733602")


# --- case-insensitivity ------------------------------------------------------------------------
def test_case_and_whitespace_insensitive_conversion() -> None:
    same(convert(D(1), "CUP", "Fl Oz"), D(8))
    same(convert(D(2), " Tbsp ", "TSP"), D(6))
    same(conversion_factor("Fl  Oz", "ml"), D("29.5735295625"))
    same(convert(D(1), "CUP", "G", parse_density("1 CUP = 120 G")), D(120))


# --- density -----------------------------------------------------------------------------------
def test_cup_to_grams_and_back() -> None:
    same(convert(D(2), "cup", "g", FLOUR), D(240))
    same(convert(D(240), "g", "cup", FLOUR), D(2))
    same(convert(D(60), "g", "tbsp", FLOUR), D(8))


def test_cup_to_pounds_with_density_in_ounces() -> None:
    density = parse_density("1 cup = 4 oz")
    same(convert(D(48), "cup", "lb", density), D(12))
    same(convert(D(12), "lb", "cup", density), D(48))
    same(convert(D(1), "gal", "lb", density), D(4))


def test_density_with_metric_units() -> None:
    water = parse_density("1 l = 1 kg")
    same(convert(D(250), "ml", "g", water), D(250))
    same(convert(D(1), "cup", "g", water), D("236.5882365"))
    same(water.grams_per_ml(), D(1))


def test_grams_per_ml() -> None:
    same(FLOUR.grams_per_ml(), _div(D(120), D("236.5882365")))
    assert len(FLOUR.grams_per_ml().as_tuple().digits) == 50
    same(parse_density("2 tbsp = 15.5 g").grams_per_ml(), _div(D("15.5"), D("29.5735295625")))


def test_weight_volume_needs_density() -> None:
    with pytest.raises(UnitConversionError) as info:
        convert(D(1), "cup", "g")
    assert (info.value.from_unit, info.value.to_unit) == ("cup", "g")
    with pytest.raises(UnitConversionError):
        conversion_factor("lb", "tsp")
    assert not can_convert("cup", "g")
    assert can_convert("cup", "g", FLOUR) and can_convert("g", "cup", FLOUR)


def test_density_is_ignored_within_one_dimension() -> None:
    same(convert(D(1), "cup", "ml", FLOUR), D("236.5882365"))


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("1 cup = 120 g", "1 cup = 120 g"),
        ("1 cup = 4 oz", "1 cup = 4 oz"),
        ("2 tbsp = 15.5 g", "2 tbsp = 15.5 g"),
        ("  2   TBSP=15.50 G ", "2 tbsp = 15.5 g"),
        ("1 Fl  Oz = 28.0 g", "1 fl oz = 28 g"),
        ("0.5 cup = 100 g", "0.5 cup = 100 g"),
        (".5 cup = 100 g", "0.5 cup = 100 g"),
        ("1cup=120g", "1 cup = 120 g"),
    ],
)
def test_parse_density(text: str, canonical: str) -> None:
    density = parse_density(text)
    assert density.text() == canonical
    assert parse_density(canonical) == density


def test_parse_density_fields() -> None:
    density = parse_density("2 tbsp = 15.5 g")
    assert density == Density(D(2), "tbsp", D("15.5"), "g")
    assert isinstance(density.volume_quantity, Decimal)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        density.volume_unit = "cup"  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1 cup 120 g",
        "1 cup = 120 g = 2 oz",
        "cup = 120 g",
        "1 cup = g",
        "1 = 120 g",
        "0 cup = 120 g",
        "1 cup = 0 g",
        "0.000 cup = 1 g",
        "-1 cup = 120 g",
        "+1 cup = 120 g",
        "1 cup = -120 g",
        "abc cup = 120 g",
        "1e3 ml = 1 kg",
        "1 cup = 1E2 g",
        "NaN cup = 120 g",
        "1 cup = nan g",
        "inf cup = 1 g",
        "1 cup = Infinity g",
        "1,5 cup = 120 g",
        "1 g = 1 cup",
        "1 cup = 1 l",
        "1 g = 1 g",
        "1 bag = 120 g",
        "1 cup = 120 bags",
        "1 each = 120 g",
        "1 cup = 2 dozen",
        "1 cup = 120 g2",
        "1 cup = 120 g.",
        "1 ½ cup = 120 g",
    ],
)
def test_parse_density_rejects(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_density(text)
    assert info.value.field == "density"
    assert info.value.value == text


def test_parse_density_rejects_non_text() -> None:
    with pytest.raises(ValidationError):
        parse_density(None)  # type: ignore[arg-type]


def test_density_constructor_validates() -> None:
    assert Density(D(1), "CUP", D(120), "G").text() == "1 cup = 120 g"
    for args in [
        (D(0), "cup", D(1), "g"),
        (D(1), "cup", D("NaN"), "g"),
        (D(1), "cup", D("Infinity"), "g"),
        (1.0, "cup", D(1), "g"),
        (D(1), "g", D(1), "g"),
        (D(1), "cup", D(1), "ml"),
    ]:
        with pytest.raises(ValidationError) as info:
            Density(*args)  # type: ignore[arg-type]
        assert info.value.field == "density"


def test_density_text_strips_trailing_zeros() -> None:
    assert Density(D("1.500"), "cup", D("1E+2"), "g").text() == "1.5 cup = 100 g"


# --- count and package words -------------------------------------------------------------------
@pytest.mark.parametrize("count_unit", COUNT)
@pytest.mark.parametrize("other", WEIGHT + VOLUME)
def test_count_never_converts(count_unit: str, other: str) -> None:
    for a, b in [(count_unit, other), (other, count_unit)]:
        with pytest.raises(UnitConversionError):
            convert(D(1), a, b, FLOUR)
        with pytest.raises(UnitConversionError):
            conversion_factor(a, b)
        assert not can_convert(a, b, FLOUR)


@pytest.mark.parametrize("word", ["bag", "box", "sheet", "jar", "roll", "tin of beans"])
def test_package_words_convert_only_to_themselves(word: str) -> None:
    same(convert(D(3), word, word.upper()), D(3))
    assert can_convert(word, f" {word.title()} ")
    for other in KNOWN + ["case", "bags"]:
        for a, b in [(word, other), (other, word)]:
            with pytest.raises(UnitConversionError):
                convert(D(1), a, b, FLOUR)
            assert not can_convert(a, b, FLOUR)


@pytest.mark.parametrize(("a", "b"), [("g1", "g"), ("g", ""), ("1e3", "kg"), ("cup", "c.u.p")])
def test_invalid_unit_names_in_conversion(a: str, b: str) -> None:
    with pytest.raises(UnitConversionError) as info:
        convert(D(1), a, b)
    assert info.value.field == "unit"
    assert not can_convert(a, b)


def test_unit_conversion_error_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        convert(D(1), "bag", "box")


@pytest.mark.parametrize("quantity", [1.5, 2, "1", D("NaN"), D("Infinity"), D("-Infinity")])
def test_convert_rejects_non_decimal_or_non_finite_quantity(quantity: object) -> None:
    with pytest.raises(ValidationError) as info:
        convert(quantity, "g", "kg")  # type: ignore[arg-type]
    assert info.value.field == "quantity"


# --- the module itself -------------------------------------------------------------------------
def test_module_imports_only_stdlib_attrs_and_errors() -> None:
    tree = ast.parse(Path(units.__file__).read_text(encoding="utf-8"))
    allowed = set(sys.stdlib_module_names) | {"attrs", "bakeledger.domain.errors"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            assert name in allowed or name.split(".")[0] in sys.stdlib_module_names, name
    floats = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and type(n.value) is float]
    assert not floats
    assert "float(" not in Path(units.__file__).read_text(encoding="utf-8")


# --- properties --------------------------------------------------------------------------------
positive = st.decimals(min_value=D("1e-12"), max_value=D("1e15"), allow_nan=False, allow_infinity=False)
same_dimension_pair = st.sampled_from([WEIGHT, VOLUME, COUNT]).flatmap(
    lambda group: st.tuples(st.sampled_from(group), st.sampled_from(group))
)


def relative_error(actual: Decimal, expected: Decimal) -> Decimal:
    with decimal.localcontext(decimal.Context(prec=60)):
        return abs(actual - expected) / abs(expected)


@given(quantity=positive, pair=same_dimension_pair)
def test_round_trip_same_dimension(quantity: Decimal, pair: tuple[str, str]) -> None:
    a, b = pair
    there = convert(quantity, a, b)
    back = convert(there, b, a)
    assert relative_error(back, quantity) <= D("1e-30")
    assert there > 0


@given(
    quantity=positive,
    volume_unit=st.sampled_from(VOLUME),
    weight_unit=st.sampled_from(WEIGHT),
    density_volume=positive,
    density_weight=positive,
    density_volume_unit=st.sampled_from(VOLUME),
    density_weight_unit=st.sampled_from(WEIGHT),
)
def test_round_trip_through_density(
    quantity: Decimal,
    volume_unit: str,
    weight_unit: str,
    density_volume: Decimal,
    density_weight: Decimal,
    density_volume_unit: str,
    density_weight_unit: str,
) -> None:
    density = Density(density_volume, density_volume_unit, density_weight, density_weight_unit)
    weight = convert(quantity, volume_unit, weight_unit, density)
    assert relative_error(convert(weight, weight_unit, volume_unit, density), quantity) <= D("1e-30")
    volume = convert(quantity, weight_unit, volume_unit, density)
    assert relative_error(convert(volume, volume_unit, weight_unit, density), quantity) <= D("1e-30")
    assert parse_density(density.text()) == density


@given(quantity=positive, pair=same_dimension_pair)
def test_convert_equals_quantity_times_factor(quantity: Decimal, pair: tuple[str, str]) -> None:
    a, b = pair
    factor = conversion_factor(a, b)
    with decimal.localcontext(decimal.Context(prec=120)):
        product = quantity * factor
    assert relative_error(convert(quantity, a, b), product) <= D("1e-45")


# --- which units an ingredient may use ----------------------------------------------------------
@pytest.mark.parametrize(
    ("unit", "meant"),
    [
        ("cupz", "cup"),
        ("lbs", "lb"),
        ("Grams", "g"),
        ("tbs", "tbsp"),
        ("teaspoons", "tsp"),
        ("dozn", "dozen"),
    ],
)
def test_misspellings_of_known_units_are_caught(unit: str, meant: str) -> None:
    assert units.misspelled_unit(unit) == meant


@pytest.mark.parametrize("word", ["bag", "box", "sheet", "ribbon", "m", "pc", "jar", "tray", "stick", "cup"])
def test_packaging_words_and_known_units_are_not_misspellings(word: str) -> None:
    assert units.misspelled_unit(word) is None


@pytest.mark.parametrize(
    ("unit", "used", "density"),
    [
        ("kg", ["g"], None),
        ("cup", ["g"], FLOUR),
        ("dozen", ["each", "piece"], None),
        ("Bag", ["bag"], None),
        ("bag", [], None),
        ("cup", [], None),
    ],
)
def test_a_unit_that_fits_is_returned_normalised(unit: str, used: list[str], density: Density | None) -> None:
    fitted = units.check_unit_fits(unit, used, density, field="unit", ingredient="flour")
    assert fitted == normalize_unit(unit)


@pytest.mark.parametrize(
    ("unit", "used", "accepts"),
    [
        ("each", ["g"], "g, kg, oz, lb"),
        ("cup", ["g"], "g, kg, oz, lb"),
        ("g", ["bag"], "bag"),
        ("box", ["bag"], "bag"),
        ("bag", ["g", "kg"], "g, kg, oz, lb"),
    ],
)
def test_a_unit_that_does_not_fit_lists_what_would(unit: str, used: list[str], accepts: str) -> None:
    with pytest.raises(ValidationError) as info:
        units.check_unit_fits(unit, used, None, field="unit", ingredient="flour")
    assert info.value.message.endswith(f"use one of: {accepts}")
