"""get_events_with_progress: every event from TODAY on, with per-target and overall progress."""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from typing import Any

from bakeledger.services import events
from bakeledger.uow.base import UnitOfWork
from bench.raw import Raw, div_half_up
from bench.scenario import Scenario
from bench.seed import TODAY

_EVENTS = "SELECT id, name, event_date FROM events WHERE event_date >= ? ORDER BY event_date, name, id"
_PRODUCTION = """
SELECT pt.event_id, r.slug, pt.batches, COALESCE(SUM(pr.batches), 0), COALESCE(SUM(pr.actual_yield), 0)
FROM production_targets pt
JOIN events e ON e.id = pt.event_id
JOIN recipes r ON r.id = pt.recipe_id
LEFT JOIN production_runs pr
  ON pr.event_id = pt.event_id AND pr.recipe_id = pt.recipe_id AND pr.reversed = FALSE
WHERE e.event_date >= ?
GROUP BY pt.id, pt.event_id, r.slug, pt.batches
ORDER BY pt.id
"""
_ASSEMBLY = """
SELECT at.event_id, g.slug, at.quantity, COALESCE(SUM(ar.quantity), 0), 0
FROM assembly_targets at
JOIN events e ON e.id = at.event_id
JOIN finished_goods g ON g.id = at.finished_good_id
LEFT JOIN assembly_runs ar
  ON ar.event_id = at.event_id AND ar.finished_good_id = at.finished_good_id AND ar.reversed = FALSE
WHERE e.event_date >= ?
GROUP BY at.id, at.event_id, g.slug, at.quantity
ORDER BY at.id
"""
_ASSIGNMENTS = """
SELECT a.event_id, a.status, COUNT(*) FROM assignments a JOIN events e ON e.id = a.event_id
WHERE e.event_date >= ? GROUP BY a.event_id, a.status
"""
HUNDRED = Fraction(100)


def ours(uow: UnitOfWork) -> Any:
    return events.get_events_with_progress(uow, today=TODAY)


def percent_text(value: Fraction) -> str:
    hundredths = div_half_up(value.numerator * 100, value.denominator)
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def _targets(raw: Raw, sql: str, today: Any) -> defaultdict[int, list[tuple[Any, ...]]]:
    found: defaultdict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for event_id, slug, target, done, made in raw.rows(sql, (today,)):
        found[event_id].append((slug, int(target), int(done), int(made)))
    return found


def _overall(production: list[Any], assembly: list[Any], statuses: dict[str, int]) -> dict[str, Any]:
    def kind(targets: list[Any]) -> Fraction:
        if not targets:
            return Fraction(0)
        return sum(
            (min(Fraction(done * 100, target), HUNDRED) for _s, target, done, _m in targets), Fraction(0)
        ) / len(targets)

    made, wrapped = kind(production), kind(assembly)
    kinds = [pct for pct, targets in ((made, production), (wrapped, assembly)) if targets]
    overall = sum(kinds, Fraction(0)) / len(kinds) if kinds else Fraction(0)
    everything = [*production, *assembly]
    if everything and all(done >= target for _s, target, done, _m in everything):
        status = "complete"
    elif made == 0 and wrapped == 0:
        status = "not_started"
    else:
        status = "in_progress"
    return {
        "production_percent": percent_text(made),
        "assembly_percent": percent_text(wrapped),
        "overall_percent": percent_text(overall),
        "status": status,
        "production_targets": len(production),
        "production_complete": sum(done >= target for _s, target, done, _m in production),
        "assembly_targets": len(assembly),
        "assembly_complete": sum(done >= target for _s, target, done, _m in assembly),
        "packages_pending": statuses.get("pending", 0),
        "packages_ready": statuses.get("ready", 0),
        "packages_delivered": statuses.get("delivered", 0),
        "packages_total": sum(statuses.values()),
    }


def _progress(slug: str, target: int, done: int) -> dict[str, Any]:
    return {
        "target": target,
        "done": done,
        "remaining": max(0, target - done),
        "overage": max(0, done - target),
        "percent": percent_text(Fraction(done * 100, target)),
        "complete": done >= target,
    }


def theirs(raw: Raw) -> list[dict[str, Any]]:
    today = raw.date_in(TODAY)
    listed = raw.rows(_EVENTS, (today,))
    production = _targets(raw, _PRODUCTION, today)
    assembly = _targets(raw, _ASSEMBLY, today)
    statuses: defaultdict[int, dict[str, int]] = defaultdict(dict)
    for event_id, status, n in raw.rows(_ASSIGNMENTS, (today,)):
        statuses[event_id][status] = int(n)
    result = []
    for event_id, name, day in listed:
        baked, wrapped = production[event_id], assembly[event_id]
        result.append(
            {
                "event_id": event_id,
                "name": name,
                "event_date": raw.date_out(day),
                "production": [
                    {
                        "recipe": slug,
                        "target_batches": p["target"],
                        "produced_batches": p["done"],
                        "produced_yield": made,
                        "remaining_batches": p["remaining"],
                        "overage_batches": p["overage"],
                        "percent": p["percent"],
                        "complete": p["complete"],
                    }
                    for slug, target, done, made in baked
                    for p in (_progress(slug, target, done),)
                ],
                "assembly": [
                    {
                        "finished_good": slug,
                        "target_quantity": p["target"],
                        "assembled_quantity": p["done"],
                        "remaining": p["remaining"],
                        "overage": p["overage"],
                        "percent": p["percent"],
                        "complete": p["complete"],
                    }
                    for slug, target, done, _made in wrapped
                    for p in (_progress(slug, target, done),)
                ],
                "overall": _overall(baked, wrapped, statuses[event_id]),
            }
        )
    return result


SCENARIO = Scenario("get_events_with_progress", "events", False, ours, theirs)
