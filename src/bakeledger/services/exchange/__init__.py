"""Exchange: the whole ledger as one canonical JSON document, and runs as portable history."""

from bakeledger.services.exchange.full import (
    MAX_DOCUMENT_BYTES,
    canonical_json,
    export_all,
    import_all,
    parse_document,
    state_digest,
)
from bakeledger.services.exchange.history import export_history, import_history

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "canonical_json",
    "export_all",
    "export_history",
    "import_all",
    "import_history",
    "parse_document",
    "state_digest",
]
