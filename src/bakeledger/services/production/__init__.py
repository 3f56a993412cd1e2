"""Production: check a bake, record it (all or nothing), read runs back, reverse a run.

Modules by concept: request (arguments), plan (FIFO planning), record, history, reversal.
"""

from bakeledger.services.production.history import get_production_history, get_production_run
from bakeledger.services.production.plan import PlannedIngredient, ProductionPlan, plan_production
from bakeledger.services.production.record import (
    check_can_produce,
    record_production,
    record_production_outcome,
)
from bakeledger.services.production.reversal import reverse_production

__all__ = [
    "PlannedIngredient",
    "ProductionPlan",
    "check_can_produce",
    "get_production_history",
    "get_production_run",
    "plan_production",
    "record_production",
    "record_production_outcome",
    "reverse_production",
]
