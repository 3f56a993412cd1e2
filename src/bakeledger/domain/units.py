"""Units of measure: names, dimensions, densities and exact Decimal-only conversions."""

from __future__ import annotations

import decimal
import re
from collections.abc import Iterable
from decimal import Decimal, DecimalException, DivisionByZero, InvalidOperation, Overflow
from typing import Literal

import attrs

from bakeledger.domain.errors import UnitConversionError, ValidationError

Dimension = Literal["weight", "volume", "count", "package"]

PRECISION = 50
MAX_UNIT_LENGTH = 32

# Size of one unit in its dimension's base unit: grams, millilitres, each.
_BASE: dict[str, tuple[Dimension, Decimal]] = {
    "g": ("weight", Decimal("1")),
    "kg": ("weight", Decimal("1000")),
    "oz": ("weight", Decimal("28.349523125")),
    "lb": ("weight", Decimal("453.59237")),
    "ml": ("volume", Decimal("1")),
    "l": ("volume", Decimal("1000")),
    "tsp": ("volume", Decimal("4.92892159375")),
    "tbsp": ("volume", Decimal("14.78676478125")),
    "fl oz": ("volume", Decimal("29.5735295625")),
    "cup": ("volume", Decimal("236.5882365")),
    "pt": ("volume", Decimal("473.176473")),
    "qt": ("volume", Decimal("946.352946")),
    "gal": ("volume", Decimal("3785.411784")),
    "each": ("count", Decimal("1")),
    "piece": ("count", Decimal("1")),
    "dozen": ("count", Decimal("12")),
}

_NUMBER, _UNIT = r"\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)", r"\s*([^\s0-9.=][^=]*?)\s*"
_DENSITY = re.compile(f"{_NUMBER}{_UNIT}={_NUMBER}{_UNIT}")


def _context(precision: int, *extra_traps: type[DecimalException]) -> decimal.Context:
    """A fresh context, independent of whatever the caller's context is."""
    traps: list[type[DecimalException]] = [InvalidOperation, DivisionByZero, Overflow]
    rounding, emax, emin = decimal.ROUND_HALF_EVEN, decimal.MAX_EMAX, decimal.MIN_EMIN
    return decimal.Context(
        prec=precision, rounding=rounding, Emax=emax, Emin=emin, traps=traps + list(extra_traps)
    )


def _quotient(numerator: list[Decimal], denominator: list[Decimal]) -> Decimal:
    """Exact products of each side, then one division rounded to PRECISION digits."""
    sides = []
    for terms in (numerator, denominator):
        size = sum(len(term.as_tuple().digits) for term in terms) + 1
        with decimal.localcontext(_context(max(PRECISION, size), decimal.Inexact)):
            product = Decimal(1)
            for term in terms:
                product *= term
        sides.append(product)
    with decimal.localcontext(_context(PRECISION)):
        sign, digits, exponent = (sides[0] / sides[1]).as_tuple()
    assert isinstance(exponent, int)
    while exponent < 0 and len(digits) > 1 and digits[-1] == 0:  # drop trailing zeros
        digits, exponent = digits[:-1], exponent + 1
    return Decimal((sign, digits, exponent))


_NORMALIZED: dict[str, str] = {}  # unit names already seen -> normalized (a hot path in FIFO)


def normalize_unit(unit: str) -> str:
    """Lower-case a unit name and collapse its whitespace; reject anything not letters/spaces."""
    known = _NORMALIZED.get(unit) if isinstance(unit, str) else None
    if known is not None:
        return known
    if not isinstance(unit, str):
        raise ValidationError(message=f"unit must be text, not {unit!r}", field="unit", value=unit)
    name = " ".join(unit.lower().split())
    if not name or len(name) > MAX_UNIT_LENGTH or not name.replace(" ", "").isalpha():
        raise ValidationError(
            message=f"invalid unit {unit!r}: use 1-{MAX_UNIT_LENGTH} letters and spaces",
            field="unit",
            value=unit,
        )
    if len(_NORMALIZED) < 1024:
        _NORMALIZED[unit] = name
    return name


def dimension(unit: str) -> Dimension:
    """Return the unit's dimension; any unrecognised word is a "package" word."""
    entry = _BASE.get(normalize_unit(unit))
    return entry[0] if entry else "package"


def is_known_unit(unit: str) -> bool:
    """True for the named weight, volume and count units; False for anything else."""
    try:
        return normalize_unit(unit) in _BASE
    except ValidationError:
        return False


def _format(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@attrs.frozen
class Density:
    """How much a given volume of an ingredient weighs, e.g. 1 cup = 120 g."""

    volume_quantity: Decimal
    volume_unit: str = attrs.field(converter=normalize_unit)
    weight_quantity: Decimal
    weight_unit: str = attrs.field(converter=normalize_unit)

    def __attrs_post_init__(self) -> None:
        quantities = (self.volume_quantity, self.weight_quantity)
        problem = ""
        if not all(isinstance(q, Decimal) and q.is_finite() and q > 0 for q in quantities):
            problem = "quantities must be positive, finite Decimals"
        elif dimension(self.volume_unit) != "volume":
            problem = f"{self.volume_unit!r} is not a volume unit"
        elif dimension(self.weight_unit) != "weight":
            problem = f"{self.weight_unit!r} is not a weight unit"
        if problem:
            value = (self.volume_quantity, self.volume_unit, self.weight_quantity, self.weight_unit)
            raise ValidationError(message=f"invalid density: {problem}", field="density", value=value)

    def grams_per_ml(self) -> Decimal:
        """Grams per millilitre, to 50 significant digits."""
        return _quotient(
            [self.weight_quantity, _BASE[self.weight_unit][1]],
            [self.volume_quantity, _BASE[self.volume_unit][1]],
        )

    def text(self) -> str:
        """Canonical text form, e.g. "1 cup = 120 g"."""
        return (
            f"{_format(self.volume_quantity)} {self.volume_unit} = "
            f"{_format(self.weight_quantity)} {self.weight_unit}"
        )


_DENSITIES: dict[str, Density] = {}  # parsed texts (Density is immutable)


def parse_density(text: str) -> Density:
    """Parse "<n> <volume unit> = <m> <weight unit>" into a Density."""
    known = _DENSITIES.get(text) if isinstance(text, str) else None
    if known is not None:
        return known
    density = _parse_density(text)
    if len(_DENSITIES) < 1024:
        _DENSITIES[text] = density
    return density


def _parse_density(text: str) -> Density:
    match = _DENSITY.fullmatch(text) if isinstance(text, str) else None
    try:
        if match is None:
            raise ValueError("expected '<n> <volume unit> = <m> <weight unit>'")
        volume_quantity, volume_unit, weight_quantity, weight_unit = match.groups()
        return Density(Decimal(volume_quantity), volume_unit, Decimal(weight_quantity), weight_unit)
    except (ValueError, ValidationError) as exc:
        message = f"invalid density {text!r}: " + str(exc).removeprefix("invalid density: ")
        raise ValidationError(message=message, field="density", value=text) from None


_SAME: tuple[list[Decimal], list[Decimal]] = ([Decimal(1)], [Decimal(1)])


def _trimmed(value: Decimal) -> Decimal:
    """`value` without trailing fractional zeros (what `_quotient(value, 1)` returns)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if exponent >= 0 or digits[-1] != 0:
        return value
    while exponent < 0 and len(digits) > 1 and digits[-1] == 0:
        digits, exponent = digits[:-1], exponent + 1
    return Decimal((sign, digits, exponent))


def _terms(from_unit: str, to_unit: str, density: Density | None) -> tuple[list[Decimal], list[Decimal]]:
    """Exact numerator and denominator terms of the from->to factor."""
    try:
        source, target = normalize_unit(from_unit), normalize_unit(to_unit)
    except ValidationError as exc:
        raise UnitConversionError(
            message=exc.message, field="unit", value=exc.value, from_unit=from_unit, to_unit=to_unit
        ) from None
    if source == target:
        return _SAME
    source_dim, source_base = _BASE.get(source, ("package", Decimal(1)))
    target_dim, target_base = _BASE.get(target, ("package", Decimal(1)))
    if source_dim == target_dim != "package":
        return [source_base], [target_base]
    if {source_dim, target_dim} == {"weight", "volume"}:
        if density is None:
            message = f"converting {source!r} to {target!r} needs the ingredient's density"
            raise UnitConversionError(message=message, from_unit=source, to_unit=target)
        weight = [density.weight_quantity, _BASE[density.weight_unit][1]]
        volume = [density.volume_quantity, _BASE[density.volume_unit][1]]
        if source_dim == "volume":
            return [source_base, *weight], [*volume, target_base]
        return [source_base, *volume], [*weight, target_base]
    raise UnitConversionError(from_unit=source, to_unit=target)


def conversion_factor(from_unit: str, to_unit: str, density: Density | None = None) -> Decimal:
    """Multiplier taking a quantity in from_unit to to_unit, exact to 50 significant digits."""
    numerator, denominator = _terms(from_unit, to_unit, density)
    return _quotient(numerator, denominator)


def convert(quantity: Decimal, from_unit: str, to_unit: str, density: Density | None = None) -> Decimal:
    """Convert a Decimal quantity between units, exact to 50 significant digits (not quantized)."""
    if not isinstance(quantity, Decimal) or not quantity.is_finite():
        message = f"quantity must be a finite Decimal, not {quantity!r}"
        raise ValidationError(message=message, field="quantity", value=quantity)
    terms = _terms(from_unit, to_unit, density)
    if terms is _SAME and len(quantity.as_tuple().digits) <= PRECISION:
        return _trimmed(quantity)  # same unit: exact already, no division needed
    numerator, denominator = terms
    return _quotient([quantity, *numerator], denominator)


def can_convert(from_unit: str, to_unit: str, density: Density | None = None) -> bool:
    """True when convert() would succeed for these units (and density)."""
    try:
        _terms(from_unit, to_unit, density)
    except ValidationError:
        return False
    return True


# --- which units an ingredient may use --------------------------------------------------------
# Spelled-out names and plurals of the known units: as package words they would be typos that
# only fail later, when a lot has to be converted, so they are refused with a suggestion.
_ALIASES: dict[str, str] = {
    **{f"{u}s": u for u in ("g", "kg", "oz", "lb", "ml", "l", "tsp", "tbsp", "cup", "pt", "qt", "gal")},
    **{f"{u}es": u for u in ("each",)},
    "pieces": "piece",
    "dozens": "dozen",
    **{word: "g" for word in ("gr", "gram", "grams", "gramme", "grammes")},
    **{word: "kg" for word in ("kilo", "kilos", "kilogram", "kilograms")},
    **{word: "oz" for word in ("ounce", "ounces")},
    **{word: "lb" for word in ("pound", "pounds")},
    **{word: "ml" for word in ("millilitre", "millilitres", "milliliter", "milliliters")},
    **{word: "l" for word in ("litre", "litres", "liter", "liters")},
    **{word: "tsp" for word in ("teaspoon", "teaspoons")},
    **{word: "tbsp" for word in ("tablespoon", "tablespoons")},
    **{word: "pt" for word in ("pint", "pints")},
    **{word: "qt" for word in ("quart", "quarts")},
    **{word: "gal" for word in ("gallon", "gallons")},
    **{word: "fl oz" for word in ("floz", "fluid ounce", "fluid ounces")},
}


def _one_edit_apart(a: str, b: str) -> bool:
    """True when one letter inserted, removed or replaced turns `a` into `b`."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def misspelled_unit(unit: str) -> str | None:
    """The known unit a package word most likely means ("cupz" -> "cup", "grams" -> "g"), if any.

    Only words of three letters or more are compared letter by letter with the known units of
    three letters or more: short packaging words ("m", "pc") stay usable."""
    name = normalize_unit(unit)
    if name in _BASE:
        return None
    if name in _ALIASES:
        return _ALIASES[name]
    if len(name) >= 3:
        for known in _BASE:
            if len(known) >= 3 and _one_edit_apart(name, known):
                return known
    return None


def units_that_fit(used: Iterable[str], density: Density | None) -> list[str]:
    """The units an ingredient accepts given the units it already uses (and its density):
    every known unit when it uses none, its one package word, or the known units that convert to
    all of its units."""
    names = {normalize_unit(u) for u in used}
    packaging = sorted(n for n in names if n not in _BASE)
    if packaging:
        return packaging
    return [k for k in _BASE if all(can_convert(k, n, density) for n in names)]


def check_unit_fits(
    unit: str, used: Iterable[str], density: Density | None, *, field: str, ingredient: str
) -> str:
    """`unit`, normalised, when the ingredient may use it next to the units it already `used`.

    A known unit must convert to every unit the ingredient uses (weight and volume through its
    density). Any other word is a package word ("bag", "box", "sheet"): allowed only while every
    unit of the ingredient is that same word, since it converts to nothing else. Anything else is
    a ValidationError listing the units the ingredient accepts."""
    name = normalize_unit(unit)
    used = [normalize_unit(u) for u in used]
    meant = misspelled_unit(name)
    if meant is not None:
        message = f"{field} {name!r} is not a unit; did you mean {meant!r}?"
        raise ValidationError(field=field, value=name, message=message)
    fits = units_that_fit(used, density)
    if name in fits or (not used and name not in _BASE):
        return name
    uses = ", ".join(sorted(set(used)))
    if name in _BASE and {dimension(name), *map(dimension, used)} == {"weight", "volume"} and not density:
        hint = f"; {ingredient!r} has no density, so weight and volume do not convert"
    else:
        hint = ""
    message = (
        f"{field} {name!r} does not convert to the units {ingredient!r} already uses ({uses}){hint}; "
        f"use one of: {', '.join(fits) or 'none'}"
    )
    raise ValidationError(field=field, value=name, message=message)


# --- exact stock: each lot is kept in the base unit of its dimension ---------------------------
# A lot's quantities are kept in the base unit of its dimension (g, ml, each; a package word is
# its own base) on a grid of 1/256,000,000 of that unit. Every kitchen unit is a whole number of
# grid steps (oz = 7,257,477,920, tsp = 1,261,803,928, dozen = 3,072,000,000), and so is every
# quantity with at most 6 decimal places in g, kg, ml, l or a count, and every eighth of a tsp or
# sixteenth of an oz: those draws are exact. A draw that falls between grid steps (through a
# density, or a US-unit quantity with many decimals) is rounded half up to the nearest step,
# 1/256,000,000 of a gram or millilitre.
STOCK_GRID = 256_000_000
# Stored as 64-bit integers of grid steps: a lot holds at most 10^10 base units (10 tonnes of
# grams would be 10^7; 10^10 g is 10,000 tonnes), which leaves room for SQL to add several up.
MAX_STOCK = Decimal(10) ** 10
_BASE_OF: dict[Dimension, str] = {"weight": "g", "volume": "ml", "count": "each"}
_STEP = Decimal(1) / Decimal(STOCK_GRID)  # 0.00000000390625: exact, the grid's denominator is 2^14·5^6


def stock_unit(unit: str) -> str:
    """The unit a lot in `unit` is kept in: g, ml or each, or a package word itself."""
    name = normalize_unit(unit)
    return _BASE_OF.get(dimension(name), name)


def on_grid(amount: Decimal) -> bool:
    """True when `amount` (in a stock unit) is a whole number of grid steps."""
    scaled = amount * STOCK_GRID
    return scaled == scaled.to_integral_value()


def to_grid(amount: Decimal) -> Decimal:
    """`amount` rounded half up to the stock grid (exact when it is on the grid already)."""
    with decimal.localcontext(_context(PRECISION)):
        steps = (amount * STOCK_GRID).to_integral_value(rounding=decimal.ROUND_HALF_UP)
        return _trimmed(steps / STOCK_GRID)


def to_stock(quantity: Decimal, unit: str, lot_unit: str, density: Density | None = None) -> Decimal:
    """`quantity` `unit` in the stock unit of a lot in `lot_unit`, on the grid (rounded half up
    only when the exact amount falls between two steps: a density, or many decimals of a US unit)."""
    return to_grid(convert(quantity, unit, stock_unit(lot_unit), density))


def in_lot_unit(amount: Decimal, lot_unit: str) -> Decimal:
    """A stock amount (in the lot's stock unit) in the lot's own unit, exact to 50 digits."""
    return convert(amount, stock_unit(lot_unit), lot_unit)
