"""Event planning: what an event's bundles need (demand) and whole-batch options for each need.

Modules by concept: demand (assignments and targets through bundles to finished units and
packaging), batches (floor and ceil batch options per finished unit, a waste threshold's pick).
"""

from bakeledger.services.planning.batches import batch_options
from bakeledger.services.planning.demand import derive_demand

__all__ = ["batch_options", "derive_demand"]
