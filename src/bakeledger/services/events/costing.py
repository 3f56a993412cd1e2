"""What an event cost and will cost (get_event_cost_analysis), and who gets what (get_event_summary).

Actual costs are the event's non-reversed runs. Estimates are standard costs at replacement
prices (services/standard_costs.py); variance = estimated − actual, positive = under budget.
See docs/decisions for why the totals subtract `bundled_cost`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bakeledger.domain.events import EventScope, RunTotals
from bakeledger.domain.progress import TargetTally
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.services.events.crud import event_dto
from bakeledger.services.standard_costs import StandardCosts
from bakeledger.uow.base import UnitOfWork

ZERO = Decimal(0)


def _lines(tallies: list[TargetTally], runs: list[RunTotals]) -> list[tuple[int, str, int, RunTotals | None]]:
    """(item id, slug, target, runs) for every target in creation order, then untargeted run items."""
    by_item = {r.item_id: r for r in runs}
    targeted = [(t.item_id, t.slug, t.target, by_item.get(t.item_id)) for t in tallies]
    seen = {t.item_id for t in tallies}
    return targeted + [(r.item_id, r.slug, 0, r) for r in runs if r.item_id not in seen]


def get_event_cost_analysis(uow: UnitOfWork, *, event: Any) -> dto.EventCostAnalysisDTO:
    """Actual cost per recipe and finished good, its standard estimate and variance, and what remains."""
    event_id = arguments.parse_id(event, "event")
    uow.ensure_active()
    uow.events.get(event_id)
    scope = EventScope.one(event_id)
    standard = StandardCosts(uow)
    production, assembly = [], []
    totals = dict(production=ZERO, assembly=ZERO, estimated=ZERO, remaining=ZERO)
    baking = _lines(uow.events.production_tallies(scope), uow.events.production_totals(event_id))
    standard.load_batches(line[0] for line in baking)  # every recipe read together
    for recipe_id, slug, target, runs in baking:
        batch = standard.batch(recipe_id)
        done, actual = (runs.quantity, runs.cost) if runs else (0, ZERO)
        estimated = batch * (runs.work if runs else ZERO)
        remaining = max(0, target - done)
        totals["production"] += actual
        totals["estimated"] += estimated
        totals["remaining"] += remaining * batch
        production.append(
            build(
                dto.RecipeCostDTO,
                recipe=slug,
                target_batches=target,
                produced_batches=done,
                remaining_batches=remaining,
                runs=runs.runs if runs else 0,
                actual_cost=actual,
                estimated_cost=estimated,
                variance=estimated - actual,
                remaining_cost=remaining * batch,
            )
        )
    packaging_paid = uow.events.packaging_costs(event_id)
    bundling = _lines(uow.events.assembly_tallies(scope), uow.events.assembly_totals(event_id))
    standard.load_packaging(line[0] for line in bundling)
    for good_id, slug, target, runs in bundling:
        wrap = standard.packaging(good_id)
        done, actual = (runs.quantity, runs.cost) if runs else (0, ZERO)
        paid = packaging_paid.get(good_id, ZERO)
        # finished items enter the estimate at what they really cost; only packaging is re-priced
        estimated = actual - paid + done * wrap
        remaining = max(0, target - done)
        totals["assembly"] += actual
        totals["estimated"] += estimated
        totals["remaining"] += remaining * wrap
        assembly.append(
            build(
                dto.FinishedGoodCostDTO,
                finished_good=slug,
                target_quantity=target,
                assembled_quantity=done,
                remaining=remaining,
                runs=runs.runs if runs else 0,
                actual_cost=actual,
                packaging_cost=paid,
                estimated_cost=estimated,
                variance=estimated - actual,
                remaining_cost=remaining * wrap,
            )
        )
    bundled = uow.events.bundled_cost(event_id)
    actual_total = totals["production"] + totals["assembly"] - bundled
    estimated_total = totals["estimated"] - bundled
    return build(
        dto.EventCostAnalysisDTO,
        event_id=event_id,
        production=production,
        assembly=assembly,
        production_cost=totals["production"],
        assembly_cost=totals["assembly"],
        bundled_cost=bundled,
        actual_cost=actual_total,
        estimated_cost=estimated_total,
        variance=estimated_total - actual_total,
        remaining_cost=totals["remaining"],
        unpriced=sorted(standard.prices.unpriced),
    )


def get_event_summary(uow: UnitOfWork, *, event: Any) -> dto.EventSummaryDTO:
    """Recipients, assignments and packages of the event, with the cost of what each recipient gets.

    A bundle costs what the event's own assemblies of it cost on average, else its standard cost.
    """
    event_id = arguments.parse_id(event, "event")
    uow.ensure_active()
    found = uow.events.get(event_id)
    assignments = uow.events.list_assignments(event_id)
    standard = StandardCosts(uow)
    # what the event's own assemblies of a bundle cost on average
    assembled = {r.item_id: r.cost / r.quantity for r in uow.events.assembly_totals(event_id) if r.quantity}

    def bundle_cost(good_id: int) -> Decimal:
        return assembled[good_id] if good_id in assembled else standard.bundle(good_id)

    # every package and recipient of the event read at once, not one by one
    their_packages = uow.packages.get_many({a.package_slug for a in assignments})
    their_recipients = uow.recipients.get_many({a.recipient_slug for a in assignments})
    contents = {c.finished_good_id for p in their_packages.values() for c in p.contents}
    standard.load_bundles(contents - assembled.keys())  # the rest at standard cost, read together
    packages: dict[str, dict[str, Any]] = {}
    recipients: dict[str, dict[str, Any]] = {}
    statuses = {"pending": 0, "ready": 0, "delivered": 0}
    for a in assignments:
        if a.package_slug not in packages:
            package = their_packages[a.package_slug]
            unit_cost = sum((c.quantity * bundle_cost(c.finished_good_id) for c in package.contents), ZERO)
            packages[a.package_slug] = dict(name=package.name, assignments=0, quantity=0, unit_cost=unit_cost)
        line = packages[a.package_slug]
        line["assignments"] += 1
        line["quantity"] += a.quantity
        if a.recipient_slug not in recipients:
            recipients[a.recipient_slug] = dict(
                name=their_recipients[a.recipient_slug].name, assignments=0, packages=0, cost=ZERO
            )
        who = recipients[a.recipient_slug]
        who["assignments"] += 1
        who["packages"] += a.quantity
        who["cost"] += a.quantity * line["unit_cost"]
        statuses[a.status] = statuses.get(a.status, 0) + 1
    total = sum((r["cost"] for r in recipients.values()), ZERO)
    return build(
        dto.EventSummaryDTO,
        event=event_dto(found),
        recipient_count=len(recipients),
        assignment_count=len(assignments),
        package_count=sum(a.quantity for a in assignments),
        packages_pending=statuses["pending"],
        packages_ready=statuses["ready"],
        packages_delivered=statuses["delivered"],
        recipients=[build(dto.RecipientSummaryDTO, recipient=slug, **r) for slug, r in recipients.items()],
        packages=[
            build(dto.PackageSummaryDTO, package=slug, cost=p["quantity"] * p["unit_cost"], **p)
            for slug, p in packages.items()
        ],
        total_cost=total,
        cost_per_recipient=total / len(recipients) if recipients else ZERO,
        unpriced=sorted(standard.prices.unpriced),
    )
