"""Charts as inline SVG, drawn in exact decimals: no float anywhere, coordinates included.

Each chart is an `<svg role="img">` with a `<title>`, a `<desc>` and an aria-label; it scales to the
width of its container (a viewBox and width 100%). The page shows the same figures in a table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal

import attrs
from markupsafe import Markup, escape

WIDTH = Decimal(400)  # drawn at 375 px wide or so, text stays readable
LINE_HEIGHT = Decimal(240)
LEFT, RIGHT, TOP, BOTTOM = Decimal(56), Decimal(12), Decimal(12), Decimal(36)
BAR, GAP, ROW_LABEL = Decimal(16), Decimal(4), Decimal(22)
VALUE_ROOM = Decimal(80)  # right of the longest bar: its figure
COLOURS = ("#8a4b08", "#7a9cc6", "#2e7d32", "#b00020")
_HUNDREDTH = Decimal("0.01")


def coordinate(value: Decimal) -> str:
    """A coordinate to two places, trailing zeros dropped ("12.5", "0")."""
    text = format(value.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP) + 0, "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text


def plain(value: Decimal) -> str:
    """A value as a short label: two places at most, trailing zeros dropped."""
    return coordinate(value)


@attrs.frozen
class Point:
    """One point of a line: `x` its place on the axis (e.g. days from the first), `label` what it is."""

    x: Decimal
    y: Decimal
    label: str


@attrs.frozen
class Group:
    """One row of a bar chart: a label and one bar per series (in the order of the series)."""

    label: str
    values: tuple[Decimal, ...]


def _span(low: Decimal, high: Decimal) -> tuple[Decimal, Decimal]:
    low, high = min(low, Decimal(0)), max(high, Decimal(0))
    return (low, high) if high > low else (low, low + 1)


def _open(title: str, description: str, height: Decimal) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {coordinate(WIDTH)} '
        f'{coordinate(height)}" width="100%" role="img" aria-label="{escape(title)}" '
        f'preserveAspectRatio="xMinYMin meet">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(description)}</desc>",
    ]


def _text(x: Decimal, y: Decimal, text: str, *, anchor: str = "start", size: int = 14) -> str:
    return (
        f'<text x="{coordinate(x)}" y="{coordinate(y)}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="#444">{escape(text)}</text>'
    )


def line_chart(
    *,
    title: str,
    description: str,
    points: Sequence[Point],
    step: bool = False,
    label: Callable[[Decimal], str] = plain,
) -> Markup:
    """A line through `points` (x ascending); `step` holds each value until the next point."""
    parts = _open(title, description, LINE_HEIGHT)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, LINE_HEIGHT - TOP - BOTTOM
    if not points:
        parts.append(_text(WIDTH / 2, LINE_HEIGHT / 2, "nothing to draw yet", anchor="middle"))
        return Markup("".join([*parts, "</svg>"]))
    x_low, x_high = min(p.x for p in points), max(p.x for p in points)
    y_low, y_high = _span(min(p.y for p in points), max(p.y for p in points))

    def sx(x: Decimal) -> Decimal:
        if x_high == x_low:
            return LEFT + inner_w / 2
        return LEFT + (x - x_low) * inner_w / (x_high - x_low)

    def sy(y: Decimal) -> Decimal:
        return TOP + (y_high - y) * inner_h / (y_high - y_low)

    base = sy(Decimal(0))
    parts.append(
        f'<path d="M{coordinate(LEFT)} {coordinate(TOP)}V{coordinate(TOP + inner_h)}'
        f'M{coordinate(LEFT)} {coordinate(base)}H{coordinate(LEFT + inner_w)}" stroke="#999" fill="none"/>'
    )
    for tick in sorted({y_low, Decimal(0), y_high}):
        parts.append(_text(LEFT - 6, sy(tick) + 4, label(tick), anchor="end"))
    first, last = points[0], points[-1]
    if x_high == x_low:
        parts.append(_text(sx(first.x), LINE_HEIGHT - 12, first.label, anchor="middle"))
    else:
        parts.append(_text(sx(first.x), LINE_HEIGHT - 12, first.label, anchor="start"))
        parts.append(_text(sx(last.x), LINE_HEIGHT - 12, last.label, anchor="end"))
    path = []
    for i, point in enumerate(points):
        x, y = coordinate(sx(point.x)), coordinate(sy(point.y))
        if i == 0:
            path.append(f"M{x} {y}")
        elif step:
            path.append(f"H{x}V{y}")
        else:
            path.append(f"L{x} {y}")
    parts.append(f'<path d="{"".join(path)}" stroke="{COLOURS[0]}" stroke-width="2" fill="none"/>')
    for point in points:
        parts.append(
            f'<circle cx="{coordinate(sx(point.x))}" cy="{coordinate(sy(point.y))}" r="3" '
            f'fill="{COLOURS[0]}"><title>{escape(point.label)}: {escape(label(point.y))}</title></circle>'
        )
    return Markup("".join([*parts, "</svg>"]))


def bar_chart(
    *,
    title: str,
    description: str,
    series: Sequence[str],
    groups: Sequence[Group],
    label: Callable[[Decimal], str] = plain,
) -> Markup:
    """Horizontal bars, one row per group with one bar per series, all on one scale from zero."""
    row = ROW_LABEL + len(series) * (BAR + GAP) + GAP
    legend = Decimal(28)
    height = legend + max(len(groups), 1) * row + GAP
    parts = _open(title, description, height)
    for i, name in enumerate(series):
        x = Decimal(4) + Decimal(i) * Decimal(120)
        parts.append(
            f'<rect x="{coordinate(x)}" y="6" width="14" height="14" fill="{COLOURS[i % len(COLOURS)]}"/>'
        )
        parts.append(_text(x + 18, Decimal(18), name))
    if not groups:
        parts.append(_text(WIDTH / 2, legend + row / 2, "nothing to draw yet", anchor="middle"))
        return Markup("".join([*parts, "</svg>"]))
    values = [v for group in groups for v in group.values]
    low, high = _span(min(values), max(values))
    left, inner = Decimal(4), WIDTH - Decimal(4) - VALUE_ROOM

    def sx(v: Decimal) -> Decimal:
        return left + (v - low) * inner / (high - low)

    for g, group in enumerate(groups):
        top = legend + Decimal(g) * row
        parts.append(_text(left, top + ROW_LABEL - 5, group.label))
        for i, value in enumerate(group.values):
            y = top + ROW_LABEL + Decimal(i) * (BAR + GAP)
            start, end = sorted((sx(Decimal(0)), sx(value)))
            parts.append(
                f'<rect x="{coordinate(start)}" y="{coordinate(y)}" width="{coordinate(end - start)}" '
                f'height="{coordinate(BAR)}" fill="{COLOURS[i % len(COLOURS)]}">'
                f"<title>{escape(group.label)}, {escape(series[i])}: {escape(label(value))}</title></rect>"
            )
            parts.append(_text(end + 4, y + BAR - 3, label(value), size=13))
    return Markup("".join([*parts, "</svg>"]))
