"""Recipe rules without a database (domain/recipes.py): nesting checks and aggregated ingredients."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bakeledger.domain.catalog import Recipe, RecipeComponent, RecipeLine
from bakeledger.domain.errors import CycleError
from bakeledger.domain.recipes import AggregatedLine, aggregate, check_nesting
from bakeledger.domain.units import Density, convert, parse_density


# --- nesting --------------------------------------------------------------------------------------
def _check(edges: dict[str, list[str]], recipe: str, component: str) -> None:
    """check_nesting over a plain graph: edges[parent] = its components."""

    def parents(slug: str) -> list[str]:
        return [p for p, kids in edges.items() if slug in kids]

    check_nesting(recipe, component, lambda s: edges.get(s, []), parents)


def test_a_recipe_cannot_contain_itself() -> None:
    with pytest.raises(CycleError) as info:
        _check({}, "shortbread", "shortbread")
    assert info.value.path == ["shortbread", "shortbread"]


@pytest.mark.parametrize(
    ("edges", "recipe", "component"),
    [
        ({"cookies": ["dough"]}, "dough", "cookies"),  # A -> B -> A
        ({"a": ["b"], "b": ["c"]}, "c", "a"),  # A -> B -> C -> A
        ({"a": ["b", "c"], "c": ["d"]}, "d", "a"),  # back to the top through a side branch
    ],
)
def test_closing_a_loop_is_a_cycle(edges: dict[str, list[str]], recipe: str, component: str) -> None:
    with pytest.raises(CycleError) as info:
        _check(edges, recipe, component)
    assert recipe in info.value.path and component in info.value.path


def test_three_levels_are_allowed_four_are_not() -> None:
    chain = {"a": ["b"], "b": ["c"]}
    _check(chain, "c", "d")  # a > b > c > d: three levels of nesting
    with pytest.raises(CycleError, match="deeper than 3"):
        _check(chain | {"c": ["d"]}, "d", "e")


def test_depth_counts_what_is_above_and_below_the_new_link() -> None:
    edges = {"tray": ["box"], "box": [], "icing": ["glaze"]}  # tray > box, icing > glaze
    _check(edges, "box", "icing")  # tray > box > icing > glaze: 3
    with pytest.raises(CycleError):
        _check(edges | {"glaze": ["sugar-work"]}, "box", "icing")  # 4


def test_shared_components_are_not_cycles() -> None:
    _check({"a": ["b", "c"], "b": ["d"]}, "c", "d")  # a diamond: d reached twice, never looping


# --- aggregation ----------------------------------------------------------------------------------
FLOUR, SUGAR, EGGS, BUTTER = 1, 2, 3, 4
DENSITIES: dict[int, Density | None] = {
    FLOUR: parse_density("1 cup = 120 g"),
    SUGAR: None,
    EGGS: None,
    BUTTER: None,
}
SLUGS = {FLOUR: "flour", SUGAR: "sugar", EGGS: "eggs", BUTTER: "butter"}


def _recipe(
    recipe_id: int, lines: list[tuple[int, str, str]], parts: list[tuple[int, str]] | None = None
) -> Recipe:
    return Recipe(
        recipe_id,
        f"uuid-{recipe_id}",
        f"Recipe {recipe_id}",
        f"recipe-{recipe_id}",
        "general",
        tuple(RecipeLine(i, SLUGS[i], Decimal(q), u) for i, q, u in lines),
        tuple(RecipeComponent(r, f"recipe-{r}", Decimal(m)) for r, m in parts or []),
    )


def _aggregate(top: Recipe, *others: Recipe, factor: str = "1") -> list[tuple[str, str, str]]:
    tree = {r.id: r for r in (top, *others)}
    lines = aggregate(top, tree, DENSITIES, convert, Decimal(factor))
    assert all(isinstance(line, AggregatedLine) for line in lines)
    return [(ln.ingredient_slug, format(ln.quantity.normalize(), "f"), ln.unit) for ln in lines]


DOUGH = _recipe(10, [(FLOUR, "240", "g"), (SUGAR, "100", "g"), (EGGS, "1", "each")])
COOKIES = _recipe(11, [(FLOUR, "0.5", "cup"), (SUGAR, "50", "g")], [(10, "1.5")])


def test_lines_of_a_plain_recipe_come_back_as_they_are() -> None:
    assert _aggregate(DOUGH) == [("flour", "240", "g"), ("sugar", "100", "g"), ("eggs", "1", "each")]


def test_components_are_multiplied_and_merged_into_the_first_lines_unit() -> None:
    # flour: 0.5 cup + 1.5 × 240 g (3 cup at 120 g a cup); sugar: 50 g + 150 g; eggs 1.5
    assert _aggregate(COOKIES, DOUGH) == [
        ("flour", "3.5", "cup"),
        ("sugar", "200", "g"),
        ("eggs", "1.5", "each"),
    ]


def test_the_factor_scales_everything() -> None:
    assert _aggregate(COOKIES, DOUGH, factor="4") == [
        ("flour", "14", "cup"),
        ("sugar", "800", "g"),
        ("eggs", "6", "each"),
    ]


def test_multipliers_compound_down_the_tree() -> None:
    tray = _recipe(12, [], [(11, "2")])  # 2 × cookies, each with 1.5 × dough
    assert _aggregate(tray, COOKIES, DOUGH) == [
        ("flour", "7", "cup"),
        ("sugar", "400", "g"),
        ("eggs", "3", "each"),
    ]


def test_units_that_do_not_convert_stay_as_separate_lines() -> None:
    base = _recipe(20, [(BUTTER, "2", "stick")])
    tart = _recipe(21, [(BUTTER, "50", "g")], [(20, "3")])
    assert _aggregate(tart, base) == [("butter", "50", "g"), ("butter", "6", "stick")]


def test_merged_quantities_are_rounded_once_to_six_places() -> None:
    glaze = _recipe(30, [(SUGAR, "1", "oz")])
    cake = _recipe(31, [(SUGAR, "1", "g")], [(30, "1")])  # 1 g + 28.349523125 g
    assert _aggregate(cake, glaze) == [("sugar", "29.349523", "g")]


def test_a_stored_tree_deeper_than_three_levels_is_refused() -> None:
    chain = [_recipe(40 + n, [(EGGS, "1", "each")], [(41 + n, "1")] if n < 4 else []) for n in range(5)]
    with pytest.raises(CycleError):
        aggregate(chain[0], {r.id: r for r in chain}, DENSITIES, convert)
    assert len(aggregate(chain[1], {r.id: r for r in chain}, DENSITIES, convert)) == 1
