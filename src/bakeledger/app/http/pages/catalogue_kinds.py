"""Each kind of catalogue entry as its pages show it: the list columns, the form's fields and rows
(recipe lines, bundle components, package contents), and how a form becomes a service's arguments.

A form is read the same way whether it was typed or filled from the stored entry, so an edit can
send only the fields that differ (a bundle that has been assembled keeps its components when only
its name changes).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import attrs

from bakeledger.domain.errors import BakeLedgerError, DuplicateName, NotFound

ROWS_SHOWN = 6  # rows a form offers at least, blank ones ignored
ROWS_SPARE = 3  # blank rows offered after the rows a form already holds
Row = dict[str, str]


@attrs.frozen
class Field:
    """One input: `options` names the choices of a select (see `catalogue.OPTIONS`)."""

    name: str
    label: str
    type: str = "text"  # text | select | checkbox
    options: str | None = None
    required: bool = False
    create_only: bool = False  # fixed once made (an edit does not offer it)
    optional: bool = False  # left blank on an edit: cleared (None)
    link: str | None = None  # the kind (URL segment) a value names, linked on the show page
    placeholder: str = ""  # what a blank input means


@attrs.frozen
class Section:
    """A list of rows sent as one argument (`name`); blank rows are ignored."""

    name: str
    label: str
    cols: tuple[Field, ...]
    errors: tuple[str, ...] = ()  # the services' field names that point into these rows
    hint: str = ""
    to_row: Callable[[Row], dict[str, Any]] = dict
    from_row: Callable[[dict[str, Any]], Row] = lambda row: {k: str(v) for k, v in row.items()}
    link: Callable[[Row], str | None] = lambda _row: None  # where a stored row links to


@attrs.frozen
class Kind:
    """One kind of entry: `segment` in URLs, `service` in the catalogue services' names."""

    segment: str
    service: str
    noun: str
    plural: str
    fields: tuple[Field, ...]
    columns: tuple[str, ...]
    sections: tuple[Section, ...] = ()
    about: str = ""
    aliases: dict[str, str] = attrs.field(factory=dict)  # a service's field name → the form's

    @property
    def keyword(self) -> str:
        return self.service

    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields) + tuple(s.name for s in self.sections)

    def error_field(self, error: BakeLedgerError) -> str | None:
        """Where a service's error shows: beside its field (a taken name beside the name, an
        unknown entry beside the field naming it), or above the rows it points into."""
        field = getattr(error, "field", None)
        if isinstance(error, DuplicateName):
            field = "name"
        elif isinstance(error, NotFound):
            field = error.kind.replace(" ", "_")
        field = self.aliases.get(field or "", field)
        for section in self.sections:
            if field in section.errors or field == section.name:
                return section.name
        return field

    def create_args(self, form: Row) -> dict[str, Any]:
        """The create service's arguments: blank optional fields left out (the service's default
        applies)."""
        args: dict[str, Any] = {}
        for f in self.fields:
            if f.type == "checkbox":
                args[f.name] = bool(form.get(f.name))
            elif f.required or form.get(f.name, "").strip():  # a blank required one: refused
                args[f.name] = form.get(f.name, "").strip()
        for s in self.sections:
            args[s.name] = rows_of(form, s)
        return args

    def update_args(self, form: Row) -> dict[str, Any]:
        """Every editable field as the update service takes it (a blank optional one is None)."""
        args: dict[str, Any] = {}
        for f in self.fields:
            if f.create_only:
                continue
            text = form.get(f.name, "").strip()
            if f.type == "checkbox":
                args[f.name] = bool(text)
            else:
                args[f.name] = None if f.optional and not text else text
        for s in self.sections:
            args[s.name] = rows_of(form, s)
        return args

    def values_of(self, entry: Any) -> Row:
        """A stored entry as the form's values (what an edit form starts from)."""
        values: Row = {}
        for f in self.fields:
            value = getattr(entry, f.name)
            if f.type == "checkbox":
                if value:
                    values[f.name] = "on"
            else:
                values[f.name] = "" if value is None else str(value)
        for s in self.sections:
            for i, row in enumerate(getattr(entry, s.name)):
                for name, text in s.from_row(attrs.asdict(row)).items():
                    values[f"{s.name}-{i}-{name}"] = text
        return values


def rows_of(form: Row, section: Section) -> list[dict[str, Any]]:
    """The section's non-blank rows in order; a blank cell is left out (the service's default)."""
    pattern = re.compile(rf"^{re.escape(section.name)}-(\d+)-(\w+)$")
    cells: dict[int, Row] = {}
    for key, value in form.items():
        match = pattern.match(key)
        if match and value.strip():
            cells.setdefault(int(match[1]), {})[match[2]] = value.strip()
    names = {c.name for c in section.cols}
    return [section.to_row({k: v for k, v in row.items() if k in names}) for _, row in sorted(cells.items())]


def row_count(values: Row, section: Section) -> int:
    """How many rows the form shows: the ones it holds plus a few blank ones."""
    pattern = re.compile(rf"^{re.escape(section.name)}-(\d+)-")
    used = [int(m[1]) + 1 for key in values if (m := pattern.match(key))]
    return max(max(used, default=0) + ROWS_SPARE, ROWS_SHOWN)


ITEM_SEGMENTS = {"finished_unit": "finished-units", "finished_good": "bundles", "packaging": "products"}


def _bundle_row(row: Row) -> dict[str, Any]:
    """ "kind:slug" from the item select, split for the service (a bad kind is the service's to refuse)."""
    kind, _, slug = row.pop("item", "").partition(":")
    return {**({"kind": kind, "slug": slug} if kind else {}), **row}


def _bundle_values(row: dict[str, Any]) -> Row:
    return {"item": f"{row['kind']}:{row['slug']}", "quantity": str(row["quantity"])}


def _bundle_link(row: Row) -> str | None:
    kind, _, slug = row["item"].partition(":")
    return f"/catalogue/{ITEM_SEGMENTS[kind]}/{slug}" if kind in ITEM_SEGMENTS else None


NAME = Field("name", "Name", required=True)
KINDS: tuple[Kind, ...] = (
    Kind(
        "ingredients",
        "ingredient",
        "ingredient",
        "Ingredients",
        fields=(
            NAME,
            Field("category", "Category (e.g. baking, dairy, packaging)"),
            Field("density", "Density (e.g. 1 cup = 120 g)", optional=True),
        ),
        columns=("name", "category", "density"),
        about="What recipes use and what is bought (packaging such as bags and ribbon too).",
    ),
    Kind(
        "products",
        "product",
        "product",
        "Products",
        fields=(
            Field("ingredient", "Ingredient", "select", "ingredients", True, True, link="ingredients"),
            Field("brand", "Brand", required=True),
            Field("name", "Product name (optional)", optional=True),
            Field("package_unit", "Package unit (lb, cup, each…)", required=True, create_only=True),
            Field("package_unit_quantity", "Quantity in a package", required=True, create_only=True),
            Field("preferred", "Preferred (the one to buy)", "checkbox"),
        ),
        columns=("ingredient", "brand", "name", "package_unit_quantity", "package_unit", "preferred"),
        aliases={"unit": "package_unit"},
        about="The forms an ingredient is bought in: a brand and a package size.",
    ),
    Kind(
        "recipes",
        "recipe",
        "recipe",
        "Recipes",
        fields=(NAME, Field("category", "Category")),
        sections=(
            Section(
                "ingredients",
                "Ingredient lines (one batch)",
                (
                    Field("ingredient", "Ingredient", "select", "ingredients", link="ingredients"),
                    Field("quantity", "Quantity"),
                    Field("unit", "Unit"),
                ),
                errors=("ingredient", "quantity", "unit"),
                link=lambda row: f"/catalogue/ingredients/{row['ingredient']}",
            ),
            Section(
                "components",
                "Nested recipes",
                (
                    Field("recipe", "Recipe", "select", "recipes"),
                    Field("multiplier", "Multiplier", placeholder="1"),
                ),
                errors=("recipe", "component", "multiplier"),
                link=lambda row: f"/catalogue/recipes/{row['recipe']}",
            ),
        ),
        columns=("name", "category"),
        about="Ingredient lines for one batch, and recipes nested inside (up to 3 deep).",
    ),
    Kind(
        "finished-units",
        "finished_unit",
        "finished unit",
        "Finished units",
        fields=(
            Field("recipe", "Recipe", "select", "recipes", True, True, link="recipes"),
            NAME,
            Field("items_per_batch", "Items per batch", required=True),
        ),
        columns=("name", "recipe", "items_per_batch"),
        about="What a recipe yields, so many items per batch.",
    ),
    Kind(
        "bundles",
        "finished_good",
        "bundle",
        "Bundles",
        fields=(NAME,),
        sections=(
            Section(
                "components",
                "Components",
                (Field("item", "Item", "select", "items"), Field("quantity", "Quantity", placeholder="1")),
                errors=("kind", "slug", "quantity", "finished_unit", "finished_good", "product"),
                hint="Finished units and bundles count whole items; packaging counts its product's unit.",
                to_row=_bundle_row,
                from_row=_bundle_values,
                link=_bundle_link,
            ),
        ),
        columns=("name",),
        about="Finished goods: gift bags and boxes of finished units, other bundles and packaging.",
    ),
    Kind(
        "packages",
        "package",
        "package",
        "Packages",
        fields=(NAME,),
        sections=(
            Section(
                "contents",
                "Contents",
                (
                    Field("finished_good", "Bundle", "select", "bundles"),
                    Field("quantity", "Quantity", placeholder="1"),
                ),
                errors=("finished_good", "quantity"),
                link=lambda row: f"/catalogue/bundles/{row['finished_good']}",
            ),
        ),
        columns=("name",),
        about="What one recipient gets, made of bundles.",
    ),
    Kind(
        "recipients",
        "recipient",
        "recipient",
        "Recipients",
        fields=(NAME, Field("household", "Household (optional)", optional=True)),
        columns=("name", "household"),
        about="Who gets a package.",
    ),
)
BY_SEGMENT = {kind.segment: kind for kind in KINDS}
