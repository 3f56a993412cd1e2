"""Catalogue: ingredients and products, recipes, finished units and goods, packages, recipients.

Modules by concept: ingredients, recipes, bundles (finished units, goods, packages), recipients
create entries; listing reads them, editing changes them, deleting removes what nothing uses.
"""

from bakeledger.services.catalog.bundles import create_finished_good, create_finished_unit, create_package
from bakeledger.services.catalog.deleting import (
    delete_finished_good,
    delete_finished_unit,
    delete_ingredient,
    delete_package,
    delete_product,
    delete_recipe,
    delete_recipient,
)
from bakeledger.services.catalog.editing import (
    update_finished_good,
    update_finished_unit,
    update_ingredient,
    update_package,
    update_product,
    update_recipe,
    update_recipient,
)
from bakeledger.services.catalog.ingredients import create_ingredient, create_product
from bakeledger.services.catalog.listing import (
    get_finished_good,
    get_finished_unit,
    get_ingredient,
    get_package,
    get_product,
    get_recipe,
    get_recipient,
    list_finished_goods,
    list_finished_units,
    list_ingredients,
    list_packages,
    list_products,
    list_recipes,
    list_recipients,
)
from bakeledger.services.catalog.recipes import add_recipe_component, aggregated_ingredients, create_recipe
from bakeledger.services.catalog.recipients import create_recipient

__all__ = [
    "add_recipe_component",
    "aggregated_ingredients",
    "create_finished_good",
    "create_finished_unit",
    "create_ingredient",
    "create_package",
    "create_product",
    "create_recipe",
    "create_recipient",
    "delete_finished_good",
    "delete_finished_unit",
    "delete_ingredient",
    "delete_package",
    "delete_product",
    "delete_recipe",
    "delete_recipient",
    "get_finished_good",
    "get_finished_unit",
    "get_ingredient",
    "get_package",
    "get_product",
    "get_recipe",
    "get_recipient",
    "list_finished_goods",
    "list_finished_units",
    "list_ingredients",
    "list_packages",
    "list_products",
    "list_recipes",
    "list_recipients",
    "update_finished_good",
    "update_finished_unit",
    "update_ingredient",
    "update_package",
    "update_product",
    "update_recipe",
    "update_recipient",
]
