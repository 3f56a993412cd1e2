"""Assembly: check bundles, record an assembly (all or nothing), read runs back, reverse a run.

Modules by concept: request (arguments), plan (FIFO planning), record, history, reversal.
"""

from bakeledger.services.assembly.history import get_assembly_history, get_assembly_run
from bakeledger.services.assembly.plan import AssemblyPlan, PlannedComponent, plan_assembly
from bakeledger.services.assembly.record import (
    check_can_assemble,
    record_assembly,
    record_assembly_outcome,
)
from bakeledger.services.assembly.reversal import reverse_assembly

__all__ = [
    "AssemblyPlan",
    "PlannedComponent",
    "check_can_assemble",
    "get_assembly_history",
    "get_assembly_run",
    "plan_assembly",
    "record_assembly",
    "record_assembly_outcome",
    "reverse_assembly",
]
