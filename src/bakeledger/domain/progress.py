"""Progress math for events: per target, per kind, overall — exact fractions throughout.

Percents are kept as exact Fractions and rounded once, half up, to 2 places by `round_percent`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

HUNDRED = Fraction(100)


@attrs.frozen
class TargetTally:
    """A target as stored, with what the event's non-reversed runs did towards it."""

    target_id: int
    event_id: int
    item_id: int
    slug: str
    target: int
    done: int
    done_yield: int = 0


@attrs.frozen
class TargetProgress:
    target: int
    done: int
    remaining: int
    overage: int
    percent: Fraction
    complete: bool


@attrs.frozen
class OverallProgress:
    production_percent: Fraction
    assembly_percent: Fraction
    overall_percent: Fraction
    status: str  # not_started | in_progress | complete
    production_targets: int
    production_complete: int
    assembly_targets: int
    assembly_complete: int


def target_progress(target: int, done: int) -> TargetProgress:
    """How far `done` is towards `target` (> 0): remaining, overage, uncapped percent, complete."""
    if target <= 0:
        raise ValueError("a target must be greater than 0")
    return TargetProgress(
        target=target,
        done=done,
        remaining=max(0, target - done),
        overage=max(0, done - target),
        percent=Fraction(done * 100, target),
        complete=done >= target,
    )


def kind_percent(progress: Sequence[TargetProgress]) -> Fraction:
    """Mean of the per-target percents, each capped at 100 (0 without targets)."""
    if not progress:
        return Fraction(0)
    # a complete target is exactly the one whose percent is >= 100
    return sum((HUNDRED if p.complete else p.percent for p in progress), Fraction(0)) / len(progress)


def overall_progress(
    production: Sequence[TargetProgress], assembly: Sequence[TargetProgress]
) -> OverallProgress:
    """Both kinds combined: overall = mean of the kinds that have targets; a status word."""
    production_percent, assembly_percent = kind_percent(production), kind_percent(assembly)
    kinds = [
        pct for pct, targets in ((production_percent, production), (assembly_percent, assembly)) if targets
    ]
    overall = sum(kinds, Fraction(0)) / len(kinds) if kinds else Fraction(0)
    targets = [*production, *assembly]
    if targets and all(p.complete for p in targets):
        status = "complete"
    elif production_percent == 0 and assembly_percent == 0:
        status = "not_started"
    else:
        status = "in_progress"
    return OverallProgress(
        production_percent=production_percent,
        assembly_percent=assembly_percent,
        overall_percent=overall,
        status=status,
        production_targets=len(production),
        production_complete=sum(p.complete for p in production),
        assembly_targets=len(assembly),
        assembly_complete=sum(p.complete for p in assembly),
    )


def round_percent(value: Fraction) -> Decimal:
    """An exact fraction rounded once, half up, to 2 decimal places."""
    denominator = value.denominator
    whole, rest = divmod(value.numerator * 100, denominator)
    if 2 * rest >= denominator:  # half up (percents are never negative)
        whole += 1
    return Decimal(whole).scaleb(-2)
