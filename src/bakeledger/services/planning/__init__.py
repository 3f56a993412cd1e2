"""Event planning: from what an event's recipients get to the batches to bake, kept as a plan.

Modules by concept: demand (assignments and targets through bundles to finished units and
packaging), batches (floor and ceil options per finished unit, a waste threshold's pick), decisions
(the chosen batches, which are the event's production targets), states (draft → locked →
in_production → complete, with the snapshot taken at locking), amendments (how a locked plan
changes, with reasons), view (the plan as it stands against its snapshot) and season (every
scheduled plan simulated together against one stock).
"""

from bakeledger.services.planning.amendments import amend_plan
from bakeledger.services.planning.batches import batch_options
from bakeledger.services.planning.decisions import decide_batches
from bakeledger.services.planning.demand import derive_demand
from bakeledger.services.planning.season import plan_season
from bakeledger.services.planning.states import complete_plan, lock_plan, start_production
from bakeledger.services.planning.view import get_plan

__all__ = [
    "amend_plan",
    "batch_options",
    "complete_plan",
    "decide_batches",
    "derive_demand",
    "get_plan",
    "lock_plan",
    "plan_season",
    "start_production",
]
