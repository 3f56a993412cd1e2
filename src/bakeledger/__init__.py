"""bakeledger: the transactional core of a holiday-baking planner.

`bakeledger.open(url)` returns a Ledger; `with ledger.uow() as uow:` is one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loguru import logger

logger.disable("bakeledger")

__version__ = "0.1.0"
__all__ = ["__version__", "open"]

if TYPE_CHECKING:
    from bakeledger.app.ledger import Ledger


def open(url: str | None = None, **kwargs: Any) -> Ledger:  # noqa: A001 - the public name
    """Open (and migrate) the ledger at `url`, `BAKELEDGER_DATABASE_URL`, or the embedded default."""
    from bakeledger.app.ledger import open_ledger

    return open_ledger(url, **kwargs)
