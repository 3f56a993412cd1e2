"""`python -m bench.run [--quick]`: bakeledger against hand-written raw SQL, side by side.

Writes are measured in two modes: durable (every repetition commits, as a user's call does; the
stock it drew is restored between repetitions, untimed) and rollback (every repetition rolls
back). Reads are measured once, committed like a user's call: a read-only transaction writes
nothing to commit, so rolling it back instead would measure the same work.

SQLite always; PostgreSQL too when BAKELEDGER_BENCH_PG_URL or BAKELEDGER_TEST_PG_URL names a
server (a fresh database is created there and dropped afterwards). Writes bench/results.json,
bench/results.png, bench/results.md (the table with median and CPU ratios too), bench/plans.md
(query plans) and bench/overhead.md (per-layer cost of one statement), and prints the table.

Then the HTTP part (bench/http.py, rows with mode "http", in a fresh database per backend): the
API served by uvicorn against the same calls through the library, and the pages against their
JSON; it writes bench/http.md. `--http-only` runs that part alone and replaces just the "http"
rows of an existing results.json; `--no-http` leaves it out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import sqlalchemy

from bench import assembly, fifo, history, overhead, production, progress
from bench import http as http_part
from bench.database import BenchDatabase, durability, pg_base_url, pg_database, sqlite_database
from bench.harness import DURABLE, MODES, ROLLBACK, Budget, Result, Spread, compare, same_work
from bench.plans import plans_markdown
from bench.restore import Restorer
from bench.scenario import Scenario
from bench.seed import Catalogue, grow_lots, seed_catalogue
from bench.seed_runs import grow_events, grow_runs

HERE = Path(__file__).resolve().parent
SCENARIOS: list[Scenario] = [s.SCENARIO for s in (production, assembly, fifo, history, progress)]
GROW: dict[str, Callable[[BenchDatabase, Catalogue, int], None]] = {
    "lots": grow_lots,
    "runs": grow_runs,
    "events": grow_events,
}

# The goals each mode is reported against: bakeledger ÷ raw SQL, best of the repetitions.
GOALS: dict[tuple[str, str], float] = {
    ("sqlite", DURABLE): 1.3,
    ("postgresql", DURABLE): 1.3,
    ("sqlite", ROLLBACK): 5.0,
    ("postgresql", ROLLBACK): 2.0,
}


def modes(scenario: Scenario) -> tuple[str, ...]:
    """Writes in both modes; reads once, committed (see the module docstring)."""
    return MODES if scenario.writes else (DURABLE,)


@dataclass(frozen=True)
class Plan:
    """Sizes along each axis (in this order: lots, then runs, then events) and the time budget."""

    sizes: dict[str, tuple[int, ...]]
    budget: Budget


FULL = Plan(
    {"lots": (10, 1_000, 100_000), "runs": (100, 10_000), "events": (1, 10, 1_000)},
    Budget(seconds=2.5, min_reps=15, max_reps=2_000),
)
QUICK = Plan(
    {"lots": (10, 100), "runs": (10, 50), "events": (1, 10)},
    Budget(seconds=0.0, min_reps=3, max_reps=3, warmup=1),
)


def run_backend(
    db: BenchDatabase, plan: Plan, *, log: Callable[[str], None] = lambda _m: None
) -> tuple[list[tuple[Result, Spread]], Catalogue]:
    """Seed step by step and measure every scenario at every size in each of its modes; both
    sides must agree first (in that mode)."""
    catalogue = seed_catalogue(db)
    settings = durability(db)
    if any(ours != theirs for ours, theirs in settings.values()):
        raise AssertionError(f"{db.backend}: the baseline commits with other settings: {settings}")
    log(f"{db.backend}: both sides commit with " + ", ".join(f"{q} = {v[0]}" for q, v in settings.items()))
    restorer = Restorer(db)
    results: list[tuple[Result, Spread]] = []
    for axis, sizes in plan.sizes.items():
        for size in sizes:
            begun = time.perf_counter()
            GROW[axis](db, catalogue, size)
            log(f"{db.backend}: {size:,} {axis} seeded in {time.perf_counter() - begun:.1f}s")
            for scenario in (s for s in SCENARIOS if s.axis == axis):
                for mode in modes(scenario):
                    mine, base = same_work(db, scenario, mode, restorer)
                    if mine != base:
                        raise AssertionError(f"{scenario.name} ({mode}): baseline differs\n{mine}\n{base}")
                    results.append(
                        compare(db, scenario, size, plan.budget, mode=mode, restorer=restorer, log=log)
                    )
    return results, catalogue


def databases(backends: list[str]) -> Iterator[AbstractContextManager[BenchDatabase]]:
    for backend in backends:
        if backend == "sqlite":
            yield sqlite_database()
        else:
            url = pg_base_url()
            assert url is not None
            yield pg_database(url)


def machine(pg_version: str | None) -> dict[str, object]:
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": pg_version,
        "sqlalchemy": sqlalchemy.__version__,
        "psycopg": psycopg.__version__,
    }


def goal_text(backend: str, mode: str) -> str:
    goal = GOALS.get((backend, mode))
    return f"≤ {goal:g}×" if goal is not None else "none"


def within(r: Result) -> bool | None:
    goal = GOALS.get((r.backend, r.mode))
    return None if goal is None else r.ratio <= goal


def median_ratio(s: Spread) -> float:
    return s.median_seconds / s.baseline_median_seconds


def goals(measured: list[tuple[Result, Spread]]) -> str:
    """Each (backend, mode) against its goal: how many rows meet it (by the best-of ratio, and by
    the median ratio), and the worst row."""
    lines = [
        "| backend | mode | goal | rows within the goal | worst ratio | rows within (median ratio) |",
        "|---|---|---:|---:|---|---:|",
    ]
    for backend in dict.fromkeys(r.backend for r, _s in measured):
        for mode in MODES:
            rows = [(r, s) for r, s in measured if r.backend == backend and r.mode == mode]
            if not rows:
                continue
            goal = GOALS.get((backend, mode), float("inf"))
            worst = max((r for r, _s in rows), key=lambda r: r.ratio)
            met = sum(r.ratio <= goal for r, _s in rows)
            met_median = sum(median_ratio(s) <= goal for _r, s in rows)
            lines.append(
                f"| {backend} | {mode} | {goal_text(backend, mode)} | {met} of {len(rows)} | "
                f"{worst.ratio:.2f} ({worst.name}, {worst.size:,}) | {met_median} of {len(rows)} |"
            )
    return "\n".join(lines)


def ratios(measured: list[tuple[Result, Spread]]) -> str:
    """Bakeledger ÷ raw SQL per mode, side by side, with the median ratio in brackets (a mark:
    the best-of ratio is within that mode's goal)."""
    lines = [
        "| backend | operation | size | durable ratio (median) | rollback ratio (median) |",
        "|---|---|---:|---:|---:|",
    ]
    keyed = {(r.backend, r.name, r.size, r.mode): (r, s) for r, s in measured}
    for backend, name, size in dict.fromkeys((r.backend, r.name, r.size) for r, _s in measured):
        cells = []
        for mode in MODES:
            found = keyed.get((backend, name, size, mode))
            if found is None:
                cells.append("—")
                continue
            r, s = found
            cells.append(f"{r.ratio:.2f}{' ✓' if within(r) else ' ✗'} ({median_ratio(s):.2f})")
        lines.append(f"| {backend} | {name} | {size:,} | {' | '.join(cells)} |")
    return "\n".join(lines)


def table(measured: list[tuple[Result, Spread]]) -> str:
    """The results as a markdown table: best times and their ratio, the median ratio, the CPU ratio."""
    lines = [
        "| backend | mode | operation | size | bakeledger ms/op | raw SQL ms/op | ratio | median ratio "
        "| CPU ratio | statements (ours / raw) |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r, s in measured:
        lines.append(
            f"| {r.backend} | {r.mode} | {r.name} | {r.size:,} | {r.seconds_per_op * 1e3:.3f} | "
            f"{r.baseline_seconds_per_op * 1e3:.3f} | {r.ratio:.1f} | "
            f"{median_ratio(s):.1f} | "
            f"{s.cpu_seconds / max(s.baseline_cpu_seconds, 1e-9):.1f} | "
            f"{r.statements_per_op} / {r.baseline_statements_per_op} |"
        )
    return "\n".join(lines)


def plot(results: list[Result], path: Path) -> None:
    """Seconds per operation against size (log-log), bakeledger solid, baseline dashed; one panel
    per operation and mode."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [(s, mode) for s in SCENARIOS for mode in modes(s)]
    fig, grid = plt.subplots(3, 3, figsize=(13, 11))
    axes = list(grid.flat)
    colours = {"sqlite": "tab:blue", "postgresql": "tab:orange"}
    for ax, (scenario, mode) in zip(axes, panels, strict=False):
        name = scenario.name
        for backend in sorted({r.backend for r in results}):
            mine = [r for r in results if r.name == name and r.backend == backend and r.mode == mode]
            sizes = [r.size for r in mine]
            colour = colours.get(backend, "tab:grey")
            ax.plot(
                sizes, [r.seconds_per_op for r in mine], "o-", color=colour, label=f"bakeledger, {backend}"
            )
            ax.plot(
                sizes,
                [r.baseline_seconds_per_op for r in mine],
                "s--",
                color=colour,
                label=f"raw SQL, {backend}",
            )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(f"{name} ({mode})", fontsize=10)
        ax.set_xlabel(scenario.axis)
        ax.set_ylabel("seconds per operation")
        ax.grid(True, which="both", alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    axes[-1].axis("off")
    for ax in axes[len(panels) : -1]:
        ax.axis("off")
    axes[-1].legend(handles, labels, loc="center", fontsize=10, title="best of the repetitions")
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.05, top=0.96, wspace=0.3, hspace=0.38)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def report(measured: list[tuple[Result, Spread]], title: str) -> str:
    """results.md: the goals, the ratio of each mode side by side, then every measurement."""
    return (
        f"# Benchmark results ({title})\n\n"
        "*ratio* = bakeledger ÷ raw SQL, best of the repetitions. **durable**: every repetition "
        "commits, as a user's call does (the stock a write drew is restored between repetitions, "
        "outside the timing); **rollback**: every repetition rolls back (writes only; a read is "
        "measured once, committed). In durable mode an fsync's time varies from one commit to the "
        "next by itself, so the best of the repetitions gives both sides their quickest fsync; "
        "the median ratio shows a typical commit.\n\n"
        "## Goals\n\n"
        "- durable: ≤ 1.3× raw SQL on SQLite and on PostgreSQL\n"
        "- rollback: ≤ 5× raw SQL on SQLite, ≤ 2× on PostgreSQL\n\n"
        + goals(measured)
        + "\n\n## Ratio per mode (✓ within the goal, ✗ not; the median ratio in brackets)\n\n"
        + ratios(measured)
        + "\n\n## Every measurement\n\n"
        + table(measured)
        + "\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, few repetitions (a smoke run)")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL even if a URL is set")
    parser.add_argument("--out", type=Path, default=HERE, help="folder for results.json/.png and plans.md")
    parts = parser.add_mutually_exclusive_group()
    parts.add_argument("--http-only", action="store_true", help="the HTTP part alone (updates its rows)")
    parts.add_argument("--no-http", action="store_true", help="leave the HTTP part out")
    args = parser.parse_args(argv)
    if args.http_only:
        return main_http(args)
    plan = QUICK if args.quick else FULL
    kind = "quick" if args.quick else "full"
    backends = ["sqlite"] + ([] if args.sqlite_only or not pg_base_url() else ["postgresql"])
    started = time.perf_counter()
    measured: list[tuple[Result, Spread]] = []
    plans: list[str] = []
    layers: list[str] = []
    pg_version = None
    try:
        for opened in databases(backends):
            with opened as db:
                found, _catalogue = run_backend(db, plan, log=lambda m: print(m, file=sys.stderr, flush=True))
                measured += found
                largest = {axis: sizes[-1] for axis, sizes in plan.sizes.items()}
                plans.append(plans_markdown(db, SCENARIOS, largest))
                layers.append(overhead.markdown(db, reps=20 if args.quick else 300))
                if db.backend == "postgresql":
                    db.writer.cursor.execute("SHOW server_version")
                    pg_version = str(db.writer.cursor.fetchone()[0])
                    db.writer.rollback()
    finally:
        gc.unfreeze()  # frozen by the harness before each block of repetitions
    results = [result for result, _spread in measured]
    found_http = [] if args.no_http else measure_http(backends, args.quick)
    results += [row for found in found_http for row in http_part.rows(found)]
    args.out.mkdir(parents=True, exist_ok=True)
    if found_http:
        write_http(args.out, found_http, kind)
    document = {
        "results": [r.as_dict() for r in results],
        "machine": machine(pg_version),
        "when": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    }
    (args.out / "results.json").write_text(json.dumps(document, indent=2) + "\n")
    (args.out / "plans.md").write_text(
        "# Query plans (generated by `python -m bench.run`)\n\n" + "\n".join(plans)
    )
    (args.out / "overhead.md").write_text(
        "# Cost of one small statement per layer (generated by `python -m bench.run`)\n\n" + "\n".join(layers)
    )
    plot(results, args.out / "results.png")
    (args.out / "results.md").write_text(report(measured, f"{document['when']}, {kind} run"))
    print(table(measured) + "\n\n" + ratios(measured) + "\n\n" + goals(measured))
    print(f"\n{len(results)} measurements in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return 0


def measure_http(backends: list[str], quick: bool) -> list[http_part.HttpFindings]:
    """The HTTP part on each backend, each in a fresh database of its own."""
    plan = http_part.QUICK_HTTP if quick else http_part.FULL_HTTP
    found = []
    for opened in databases(backends):
        with opened as db:
            found.append(http_part.run_http(db, plan, log=lambda m: print(m, file=sys.stderr, flush=True)))
    return found


def write_http(out: Path, found: list[http_part.HttpFindings], kind: str) -> None:
    text = http_part.markdown(found)
    (out / "http.md").write_text(
        f"# HTTP: the API against the library, pages against their JSON ({http_part.when()}, {kind} run)\n\n"
        "Generated by `python -m bench.run`; the method is in bench/http.py and docs/performance.md.\n\n"
        + text
    )
    print(text)


def main_http(args: argparse.Namespace) -> int:
    """The HTTP part alone: its rows replace the "http" rows of results.json (created if absent)."""
    backends = ["sqlite"] + ([] if args.sqlite_only or not pg_base_url() else ["postgresql"])
    found = measure_http(backends, args.quick)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "results.json"
    document = json.loads(path.read_text()) if path.exists() else {"results": [], "machine": {}}
    document["results"] = [r for r in document["results"] if r.get("mode") != http_part.MODE]
    document["results"] += [row.as_dict() for f in found for row in http_part.rows(f)]
    document["when"] = http_part.when()
    path.write_text(json.dumps(document, indent=2) + "\n")
    write_http(args.out, found, "quick" if args.quick else "full")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
