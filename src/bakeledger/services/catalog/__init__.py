"""Catalogue: ingredients and products, recipes, finished units and goods, packages, recipients.

Modules by concept: ingredients, recipes, bundles (finished units, goods, packages), recipients.
"""

from bakeledger.services.catalog.bundles import create_finished_good, create_finished_unit, create_package
from bakeledger.services.catalog.ingredients import create_ingredient, create_product
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
]
