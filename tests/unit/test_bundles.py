"""A finished good never holds itself: through its own components or the goods inside them."""

from __future__ import annotations

import pytest

from bakeledger.domain.bundles import check_bundle_nesting
from bakeledger.domain.errors import CycleError

# a hamper holds gift bags; a crate holds hampers
INSIDE = {"hamper": ["gift-bag"], "crate": ["hamper"], "gift-bag": []}


def test_a_good_may_hold_goods_that_do_not_hold_it() -> None:
    check_bundle_nesting("crate", ["hamper", "gift-bag"], INSIDE)


def test_a_good_cannot_hold_itself() -> None:
    with pytest.raises(CycleError) as info:
        check_bundle_nesting("hamper", ["hamper"], INSIDE)
    assert info.value.path == ["hamper", "hamper"]


def test_a_good_cannot_hold_what_holds_it_two_levels_up() -> None:
    with pytest.raises(CycleError) as info:
        check_bundle_nesting("gift-bag", ["crate"], INSIDE)
    assert info.value.path == ["gift-bag", "crate", "hamper", "gift-bag"]
