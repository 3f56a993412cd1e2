"""The reliability suite's figures (examples run, faults injected, crashes survived, races run).

Tests add to them as they go; tests/reliability/conftest.py writes them to build/reliability.json
at the end of the session, so docs/reliability.md can quote the numbers of a real run.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

_FIGURES: defaultdict[str, Counter[str]] = defaultdict(Counter)


def add(section: str, backend: str, **counts: int) -> None:
    """Add `counts` to a section, per backend (e.g. add("crash", "sqlite", kills=1))."""
    for name, value in counts.items():
        _FIGURES[f"{section}/{backend}"][name] += value


def collected() -> dict[str, dict[str, int]]:
    return {key: dict(sorted(counter.items())) for key, counter in sorted(_FIGURES.items())}


def write(path: Path, *, seconds: float) -> dict[str, Any] | None:
    """Write the figures of this session to `path` (nothing when no reliability test ran)."""
    if not _FIGURES:
        return None
    report = {
        "written_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "session_seconds": round(seconds, 1),
        "figures": collected(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report
