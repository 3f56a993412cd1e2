"""One public service with valid arguments, and the bad values to try for each argument."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs


@attrs.frozen
class Case:
    name: str
    function: Callable[..., Any]
    base: dict[str, Any]
    params: dict[str, list[Any]]
