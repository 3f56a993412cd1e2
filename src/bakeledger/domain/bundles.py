"""Bundle rules: a finished good never holds itself, directly or through the goods inside it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bakeledger.domain.errors import CycleError


def check_bundle_nesting(
    good: str, components: Iterable[str], goods_inside: Mapping[str, Iterable[str]]
) -> None:
    """Refuse giving `good` these finished-good `components` if one of them holds `good` already.

    `goods_inside` maps a good's slug to the slugs of the finished goods it holds now.
    """
    for component in components:
        pending = [[good, component]]
        while pending:
            path = pending.pop()
            if path[-1] == good:
                raise CycleError(path=path, message=f"finished good {good!r} would hold itself")
            pending += [[*path, inner] for inner in goods_inside.get(path[-1], ())]
