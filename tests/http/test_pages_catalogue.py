"""The catalogue pages: forms that add, edit and delete entries of every kind, read back through the
services; refusals shown beside the field; only the owner may change the catalogue."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from litestar.testing import TestClient

from bakeledger.app import demo
from bakeledger.app.http import create_app
from bakeledger.app.ledger import Ledger
from bakeledger.services import access, catalog

CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


class Browser:
    """A logged-in browser: reads pages and posts their forms with the page's CSRF token."""

    def __init__(self, client: TestClient[Any]) -> None:
        self.client = client

    def get(self, path: str) -> Any:
        return self.client.get(path, follow_redirects=False)

    def post(self, path: str, form: dict[str, str], *, page: str | None = None, csrf: bool = True) -> Any:
        data = dict(form)
        if csrf:
            shown = self.get(page or "/catalogue")
            match = CSRF.search(shown.text)
            assert match, shown.text
            data["_csrf_token"] = match[1]
        return self.client.post(path, data=data, follow_redirects=False)


@pytest.fixture
def browser(ledger: Ledger) -> Iterator[Callable[[str], Browser]]:
    """Log in as a role (one browser: logging in again switches the role)."""
    tokens = {role: ledger.run(access.create_token, role=role).token for role in ("viewer", "baker", "owner")}
    with TestClient(create_app(ledger)) as client:

        def login(role: str) -> Browser:
            assert client.get(f"/login?token={tokens[role]}", follow_redirects=False).status_code == 303
            return Browser(client)

        yield login


class FormValues(HTMLParser):
    """What a browser would send for the page's catalogue form as it stands (the values shown)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._in_form = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._in_form = a.get("class") == "entry"
        elif self._in_form and tag == "input" and a.get("type") == "text":
            self.values[a["name"]] = a.get("value", "")
        elif self._in_form and tag == "input" and a.get("type") == "checkbox" and "checked" in a:
            self.values[a["name"]] = "on"
        elif self._in_form and tag == "select":
            self._select = a["name"]
            self.values[a["name"]] = ""
        elif self._select and tag == "option" and "selected" in a:
            self.values[self._select] = a["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def read(ledger: Ledger, fn: Callable[..., Any], **kwargs: Any) -> Any:
    with ledger.uow(read_only=True) as uow:
        return fn(uow, **kwargs)


def made(response: Any, path: str) -> None:
    """The form was accepted: 303 to the new entry's page."""
    assert response.status_code == 303, response.text
    assert response.headers["location"] == path


def add_basics(owner: Browser) -> None:
    made(
        owner.post("/catalogue/ingredients", {"name": "Flour", "density": "1 cup = 120 g"}),
        "/catalogue/ingredients/flour",
    )
    made(
        owner.post("/catalogue/ingredients", {"name": "Sugar", "category": "baking"}),
        "/catalogue/ingredients/sugar",
    )
    made(
        owner.post("/catalogue/ingredients", {"name": "Cello Bag", "category": "packaging"}),
        "/catalogue/ingredients/cello-bag",
    )


def test_every_kind_is_added_through_its_form(browser: Callable[[str], Browser], ledger: Ledger) -> None:
    owner = browser("owner")
    add_basics(owner)
    form = owner.get("/catalogue/products/+new").text
    assert '<option value="flour">Flour (flour)</option>' in form
    made(
        owner.post(
            "/catalogue/products",
            {
                "ingredient": "flour",
                "brand": "King Arthur",
                "package_unit": "lb",
                "package_unit_quantity": "5",
                "preferred": "on",
            },
        ),
        "/catalogue/products/flour-king-arthur",
    )
    made(
        owner.post(
            "/catalogue/products",
            {
                "ingredient": "cello-bag",
                "brand": "Wilton",
                "package_unit": "each",
                "package_unit_quantity": "50",
            },
        ),
        "/catalogue/products/cello-bag-wilton",
    )
    made(
        owner.post(
            "/catalogue/recipes",
            {
                "name": "Sugar Glaze",
                "ingredients-0-ingredient": "sugar",
                "ingredients-0-quantity": "1",
                "ingredients-0-unit": "cup",
            },
        ),
        "/catalogue/recipes/sugar-glaze",
    )
    recipe_form = {
        "name": "Glazed Cookies",
        "category": "cookies",
        "ingredients-0-ingredient": "flour",
        "ingredients-0-quantity": "2.5",
        "ingredients-0-unit": "cup",
        "ingredients-1-ingredient": "",
        "ingredients-1-quantity": "",
        "ingredients-1-unit": "",  # blank: ignored
        "ingredients-2-ingredient": "sugar",
        "ingredients-2-quantity": "0.75",
        "ingredients-2-unit": "cup",
        "components-0-recipe": "sugar-glaze",
        "components-0-multiplier": "0.5",
        "components-1-recipe": "",
        "components-1-multiplier": "",
    }
    made(owner.post("/catalogue/recipes", recipe_form), "/catalogue/recipes/glazed-cookies")
    made(
        owner.post(
            "/catalogue/finished-units",
            {"recipe": "glazed-cookies", "name": "Glazed Cookie", "items_per_batch": "24"},
        ),
        "/catalogue/finished-units/glazed-cookie",
    )
    bundle_form = {
        "name": "Cookie Bag",
        "components-0-item": "finished_unit:glazed-cookie",
        "components-0-quantity": "6",
        "components-1-item": "packaging:cello-bag-wilton",
        "components-1-quantity": "",  # 1 if blank
    }
    made(owner.post("/catalogue/bundles", bundle_form), "/catalogue/bundles/cookie-bag")
    made(
        owner.post(
            "/catalogue/packages",
            {"name": "Neighbour Box", "contents-0-finished_good": "cookie-bag", "contents-0-quantity": "2"},
        ),
        "/catalogue/packages/neighbour-box",
    )
    made(
        owner.post("/catalogue/recipients", {"name": "The Smiths", "household": "Next door"}),
        "/catalogue/recipients/the-smiths",
    )

    assert read(ledger, catalog.get_ingredient, ingredient="flour").density == "1 cup = 120 g"
    assert read(ledger, catalog.get_ingredient, ingredient="sugar").category == "baking"
    product = read(ledger, catalog.get_product, product="flour-king-arthur")
    assert (product.package_unit, product.package_unit_quantity, product.preferred) == ("lb", "5", True)
    assert read(ledger, catalog.get_product, product="cello-bag-wilton").preferred is False
    recipe = read(ledger, catalog.get_recipe, recipe="glazed-cookies")
    assert recipe.category == "cookies"
    assert [(ln.ingredient, ln.quantity, ln.unit) for ln in recipe.ingredients] == [
        ("flour", "2.5", "cup"),
        ("sugar", "0.75", "cup"),
    ]
    assert [(c.recipe, c.multiplier) for c in recipe.components] == [("sugar-glaze", "0.5")]
    assert read(ledger, catalog.get_finished_unit, finished_unit="glazed-cookie").items_per_batch == 24
    good = read(ledger, catalog.get_finished_good, finished_good="cookie-bag")
    assert [(c.kind, c.slug, c.quantity) for c in good.components] == [
        ("finished_unit", "glazed-cookie", "6"),
        ("packaging", "cello-bag-wilton", "1"),
    ]
    package = read(ledger, catalog.get_package, package="neighbour-box")
    assert [(c.finished_good, c.quantity) for c in package.contents] == [("cookie-bag", 2)]
    assert read(ledger, catalog.get_recipient, recipient="the-smiths").household == "Next door"

    # the pages show what the services hold, exactly
    shown = owner.get("/catalogue/recipes/glazed-cookies").text
    assert '<a href="/catalogue/ingredients/flour">flour</a>' in shown and "2.5" in shown
    assert '<a href="/catalogue/recipes/sugar-glaze">sugar-glaze</a>' in shown and "0.5" in shown
    assert '<a href="/catalogue/finished-units/glazed-cookie">glazed-cookie</a>' in shown
    assert (
        '<a href="/catalogue/products/cello-bag-wilton">cello-bag-wilton</a>'
        in owner.get("/catalogue/bundles/cookie-bag").text
    )
    listing = owner.get("/catalogue/products").text
    assert "King Arthur" in listing and "yes" in listing
    index = owner.get("/catalogue").text
    assert 'href="/catalogue/recipes"' in index and "(2)" in index


def test_an_edit_changes_what_was_changed_and_keeps_the_slug(
    browser: Callable[[str], Browser], ledger: Ledger
) -> None:
    owner = browser("owner")
    add_basics(owner)
    edit = owner.get("/catalogue/ingredients/flour/edit")
    assert edit.status_code == 200 and 'value="1 cup = 120 g"' in edit.text
    made(
        owner.post(
            "/catalogue/ingredients/flour/edit", {"name": "Bread Flour", "category": "baking", "density": ""}
        ),
        "/catalogue/ingredients/flour",
    )
    flour = read(ledger, catalog.get_ingredient, ingredient="flour")
    assert (flour.name, flour.category, flour.density) == ("Bread Flour", "baking", None)

    made(
        owner.post(
            "/catalogue/recipes",
            {
                "name": "Dough",
                "ingredients-0-ingredient": "flour",
                "ingredients-0-quantity": "2",
                "ingredients-0-unit": "cup",
            },
        ),
        "/catalogue/recipes/dough",
    )
    edit = owner.get("/catalogue/recipes/dough/edit").text
    assert 'name="ingredients-0-quantity" type="text" value="2"' in edit
    changed = {
        "name": "Dough",
        "category": "general",
        "ingredients-0-ingredient": "sugar",
        "ingredients-0-quantity": "3",
        "ingredients-0-unit": "cup",
    }
    made(owner.post("/catalogue/recipes/dough/edit", changed), "/catalogue/recipes/dough")
    dough = read(ledger, catalog.get_recipe, recipe="dough")
    assert [(ln.ingredient, ln.quantity, ln.unit) for ln in dough.ingredients] == [("sugar", "3", "cup")]

    made(
        owner.post("/catalogue/recipients", {"name": "Gran", "household": "Hill House"}),
        "/catalogue/recipients/gran",
    )
    made(
        owner.post("/catalogue/recipients/gran/edit", {"name": "Granny", "household": ""}),
        "/catalogue/recipients/gran",
    )
    gran = read(ledger, catalog.get_recipient, recipient="gran")
    assert (gran.name, gran.household) == ("Granny", None)

    product = {"ingredient": "flour", "brand": "Mill", "package_unit": "lb", "package_unit_quantity": "5"}
    made(owner.post("/catalogue/products", {**product, "preferred": "on"}), "/catalogue/products/flour-mill")
    form = FormValues(owner.get("/catalogue/products/flour-mill/edit").text).values
    assert form == {"brand": "Mill", "name": "", "preferred": "on"}  # the ingredient and size are fixed
    del form["preferred"]
    made(
        owner.post("/catalogue/products/flour-mill/edit", {**form, "name": "Bread"}),
        "/catalogue/products/flour-mill",
    )
    changed = read(ledger, catalog.get_product, product="flour-mill")
    assert (changed.name, changed.preferred, changed.package_unit_quantity) == ("Bread", False, "5")


def test_a_delete_is_refused_while_in_use_and_done_when_unused(
    browser: Callable[[str], Browser], ledger: Ledger
) -> None:
    owner = browser("owner")
    add_basics(owner)
    made(
        owner.post(
            "/catalogue/recipes",
            {
                "name": "Dough",
                "ingredients-0-ingredient": "flour",
                "ingredients-0-quantity": "2",
                "ingredients-0-unit": "cup",
            },
        ),
        "/catalogue/recipes/dough",
    )
    ask = owner.get("/catalogue/ingredients/flour/delete")
    assert ask.status_code == 200 and 'action="/catalogue/ingredients/flour/delete"' in ask.text

    refused = owner.post(
        "/catalogue/ingredients/flour/delete", {}, page="/catalogue/ingredients/flour/delete"
    )
    assert refused.status_code == 409
    assert "in use by" in refused.text and "<li>recipe dough</li>" in refused.text
    assert read(ledger, catalog.get_ingredient, ingredient="flour").name == "Flour"

    gone = owner.post("/catalogue/ingredients/sugar/delete", {}, page="/catalogue/ingredients/sugar/delete")
    made(gone, "/catalogue/ingredients?deleted=sugar")
    assert [i.slug for i in read(ledger, catalog.list_ingredients)] == ["cello-bag", "flour"]
    assert "Deleted ingredient sugar." in owner.get("/catalogue/ingredients?deleted=sugar").text
    assert owner.get("/catalogue/ingredients/sugar").status_code == 404


def test_a_duplicate_name_is_shown_beside_the_name_with_the_typed_values_kept(
    browser: Callable[[str], Browser], ledger: Ledger
) -> None:
    owner = browser("owner")
    add_basics(owner)
    again = owner.post(
        "/catalogue/ingredients", {"name": "flour", "category": "dairy", "density": "1 cup = 240 g"}
    )
    assert again.status_code == 409
    assert re.search(r'<span class="error" id="name-new-error">[^<]*already exists</span>', again.text)
    assert (
        'value="flour"' in again.text
        and 'value="dairy"' in again.text
        and 'value="1 cup = 240 g"' in again.text
    )
    assert [i.slug for i in read(ledger, catalog.list_ingredients)] == ["cello-bag", "flour", "sugar"]

    # a refused recipe keeps its rows, the error above them, and writes nothing
    bad = {
        "name": "Dough",
        "ingredients-0-ingredient": "flour",
        "ingredients-0-quantity": "-2",
        "ingredients-0-unit": "cup",
    }
    refused = owner.post("/catalogue/recipes", bad)
    assert refused.status_code == 422
    assert re.search(r'<fieldset id="ingredients">\s*<legend>[^<]*</legend>\s*<p class="error"', refused.text)
    assert 'name="ingredients-0-quantity" type="text" value="-2"' in refused.text
    assert read(ledger, catalog.list_recipes) == []


def test_a_viewer_sees_no_write_forms_and_may_not_post(
    browser: Callable[[str], Browser], ledger: Ledger
) -> None:
    add_basics(browser("owner"))
    for role in ("viewer", "baker"):
        reader = browser(role)
        for path in ("/catalogue", "/catalogue/ingredients", "/catalogue/ingredients/flour"):
            shown = reader.get(path)
            assert shown.status_code == 200
            assert "/new" not in shown.text and "/edit" not in shown.text and "/delete" not in shown.text
            assert shown.text.count("<form") == 1  # logging out only
        assert reader.get("/catalogue/ingredients/+new").status_code == 403
        assert reader.get("/catalogue/ingredients/flour/edit").status_code == 403
        assert reader.post("/catalogue/ingredients", {"name": "Salt"}).status_code == 403
        assert reader.post("/catalogue/ingredients/flour/delete", {}).status_code == 403
        assert reader.post("/catalogue/ingredients/flour/edit", {"name": "Salt"}).status_code == 403
    assert [i.name for i in read(ledger, catalog.list_ingredients)] == ["Cello Bag", "Flour", "Sugar"]


def test_a_form_without_its_csrf_token_is_refused(browser: Callable[[str], Browser], ledger: Ledger) -> None:
    owner = browser("owner")
    assert owner.post("/catalogue/ingredients", {"name": "Salt"}, csrf=False).status_code == 403
    assert read(ledger, catalog.list_ingredients) == []


def test_renaming_an_assembled_bundle_keeps_its_components(
    browser: Callable[[str], Browser], ledger: Ledger
) -> None:
    demo.run(ledger, reset=False)
    owner = browser("owner")
    before = read(ledger, catalog.get_finished_good, finished_good="cookie-gift-bag")
    form = FormValues(owner.get("/catalogue/bundles/cookie-gift-bag/edit").text).values
    assert form["components-0-item"] == "finished_unit:sugar-cookie" and form["components-0-quantity"] == "6"
    made(
        owner.post("/catalogue/bundles/cookie-gift-bag/edit", {**form, "name": "Cookie Bag"}),
        "/catalogue/bundles/cookie-gift-bag",
    )
    after = read(ledger, catalog.get_finished_good, finished_good="cookie-gift-bag")
    assert after.name == "Cookie Bag" and after.components == before.components

    # its components, though, are frozen once it has been assembled: the reason is shown
    refused = owner.post("/catalogue/bundles/cookie-gift-bag/edit", {**form, "components-0-quantity": "7"})
    assert refused.status_code == 409 and "has assembly runs" in refused.text
    assert 'name="components-0-quantity" type="text" value="7"' in refused.text
    assert read(ledger, catalog.get_finished_good, finished_good="cookie-gift-bag") == after

    # a recipe page shows the service's exact figures
    recipe = read(ledger, catalog.get_recipe, recipe="chocolate-chip-cookies")
    shown = owner.get("/catalogue/recipes/chocolate-chip-cookies").text
    for line in recipe.ingredients:
        assert f'<td class="num">{line.quantity}</td><td>{line.unit}</td>' in shown


@pytest.mark.parametrize(
    ("segment", "form", "field"),
    [
        ("ingredients", {}, "name"),
        (
            "products",
            {"ingredient": "flour", "brand": "Mill", "package_unit": "5lb", "package_unit_quantity": "1"},
            "package_unit",
        ),
        ("products", {"brand": "Mill", "package_unit": "lb", "package_unit_quantity": "1"}, "ingredient"),
        ("recipes", {"name": "Dough", "components-0-recipe": "nope"}, "components"),
        ("finished-units", {"name": "Cookie", "items_per_batch": "12"}, "recipe"),
        ("bundles", {"name": "Bag"}, "components"),
        ("packages", {"name": "Box", "contents-0-finished_good": "nope"}, "contents"),
        ("recipients", {"name": " "}, "name"),
    ],
)
def test_a_blank_or_wrong_form_is_refused_beside_its_field(
    browser: Callable[[str], Browser], ledger: Ledger, segment: str, form: dict[str, str], field: str
) -> None:
    owner = browser("owner")
    made(owner.post("/catalogue/ingredients", {"name": "Flour"}), "/catalogue/ingredients/flour")
    refused = owner.post(f"/catalogue/{segment}", form)
    assert refused.status_code in (404, 422), refused.text
    assert re.search(
        rf'id="{field}-new-error"|<fieldset id="{field}">\s*<legend>[^<]*</legend>\s*<p class="error"',
        refused.text,
    )
    with ledger.uow(read_only=True) as uow:
        everything = [
            catalog.list_products,
            catalog.list_recipes,
            catalog.list_finished_units,
            catalog.list_finished_goods,
            catalog.list_packages,
            catalog.list_recipients,
        ]
        assert [fn(uow) for fn in everything] == [[]] * 6
        assert [i.slug for i in catalog.list_ingredients(uow)] == ["flour"]


def test_an_entry_named_new_has_its_own_page(browser: Callable[[str], Browser], ledger: Ledger) -> None:
    owner = browser("owner")
    made(owner.post("/catalogue/ingredients", {"name": "New"}), "/catalogue/ingredients/new")
    shown = owner.get("/catalogue/ingredients/new")
    assert shown.status_code == 200 and "<h1>" in shown.text and "Add ingredient" not in shown.text
    assert owner.get("/catalogue/ingredients/+new").status_code == 200  # the form is elsewhere
