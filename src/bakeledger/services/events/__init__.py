"""Events: the events themselves, their targets and assignments, progress, costs, shopping and plans.

Modules by concept: crud, targets (targets and assignments), progress, costing (with
standard_costs and pricing), shopping, planning (the whole-plan dry run).
"""

from bakeledger.services.events.costing import get_event_cost_analysis, get_event_summary
from bakeledger.services.events.crud import (
    clone_event,
    create_event,
    delete_event,
    event_dto,
    get_event,
    list_events,
    update_event,
)
from bakeledger.services.events.planning import plan_event
from bakeledger.services.events.progress import (
    get_assembly_progress,
    get_events_with_progress,
    get_overall_progress,
    get_production_progress,
)
from bakeledger.services.events.shopping import get_shopping_list, shopping_list_csv
from bakeledger.services.events.targets import (
    advance_fulfillment,
    assign_package,
    delete_assembly_target,
    delete_production_target,
    list_assignments,
    remove_assembly_target,
    remove_production_target,
    set_assembly_target,
    set_production_target,
)

__all__ = [
    "advance_fulfillment",
    "assign_package",
    "clone_event",
    "create_event",
    "delete_assembly_target",
    "delete_event",
    "delete_production_target",
    "event_dto",
    "get_assembly_progress",
    "get_event",
    "get_event_cost_analysis",
    "get_event_summary",
    "get_events_with_progress",
    "get_overall_progress",
    "get_production_progress",
    "get_shopping_list",
    "list_assignments",
    "list_events",
    "plan_event",
    "remove_assembly_target",
    "remove_production_target",
    "set_assembly_target",
    "set_production_target",
    "shopping_list_csv",
    "update_event",
]
