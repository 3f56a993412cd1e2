"""Inventory: purchases and lots, FIFO consumption, stock on hand, finished stock.

Modules by concept: lots (purchases, listing, depletion), fifo, finished_stock, timeline.
"""

from bakeledger.services.inventory.fifo import consume_fifo, fifo_result_dto, ingredient_stock, stock_on_hand
from bakeledger.services.inventory.finished_stock import (
    adjust_finished_stock,
    finished_stock,
    list_finished_stock,
)
from bakeledger.services.inventory.lots import (
    add_purchase,
    add_purchase_outcome,
    deplete_lot,
    get_lot,
    list_lots,
)
from bakeledger.services.inventory.timeline import stock_timeline

__all__ = [
    "add_purchase",
    "add_purchase_outcome",
    "adjust_finished_stock",
    "consume_fifo",
    "deplete_lot",
    "fifo_result_dto",
    "finished_stock",
    "get_lot",
    "ingredient_stock",
    "list_finished_stock",
    "list_lots",
    "stock_on_hand",
    "stock_timeline",
]
