"""`python -m bench.run [--quick]`: bakeledger against hand-written raw SQL, side by side.

SQLite always; PostgreSQL too when BAKELEDGER_BENCH_PG_URL or BAKELEDGER_TEST_PG_URL names a
server (a fresh database is created there and dropped afterwards). Writes bench/results.json,
bench/results.png, bench/results.md (the table with median and CPU ratios too), bench/plans.md
(query plans) and bench/overhead.md (per-layer cost of one statement), and prints the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
from bench.database import BenchDatabase, pg_base_url, pg_database, sqlite_database
from bench.harness import Budget, Result, Spread, compare, same_work
from bench.plans import plans_markdown
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
    """Seed step by step and measure every scenario at every size; both sides must agree first."""
    catalogue = seed_catalogue(db)
    results: list[tuple[Result, Spread]] = []
    for axis, sizes in plan.sizes.items():
        for size in sizes:
            begun = time.perf_counter()
            GROW[axis](db, catalogue, size)
            log(f"{db.backend}: {size:,} {axis} seeded in {time.perf_counter() - begun:.1f}s")
            for scenario in (s for s in SCENARIOS if s.axis == axis):
                mine, base = same_work(db, scenario)
                if mine != base:
                    raise AssertionError(f"{scenario.name}: baseline differs\n{mine}\n{base}")
                results.append(compare(db, scenario, size, plan.budget, log=log))
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


def table(measured: list[tuple[Result, Spread]]) -> str:
    """The results as a markdown table: best times and their ratio, the median ratio, the CPU ratio."""
    lines = [
        "| backend | operation | size | bakeledger ms/op | raw SQL ms/op | ratio | median ratio | CPU ratio "
        "| statements (ours / raw) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r, s in measured:
        lines.append(
            f"| {r.backend} | {r.name} | {r.size:,} | {r.seconds_per_op * 1e3:.3f} | "
            f"{r.baseline_seconds_per_op * 1e3:.3f} | {r.ratio:.1f} | "
            f"{s.median_seconds / s.baseline_median_seconds:.1f} | "
            f"{s.cpu_seconds / max(s.baseline_cpu_seconds, 1e-9):.1f} | "
            f"{r.statements_per_op} / {r.baseline_statements_per_op} |"
        )
    return "\n".join(lines)


def plot(results: list[Result], path: Path) -> None:
    """Seconds per operation against size (log-log), bakeledger solid, baseline dashed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [s.name for s in SCENARIOS]
    fig, grid = plt.subplots(2, 3, figsize=(13, 7.5))
    axes = list(grid.flat)
    colours = {"sqlite": "tab:blue", "postgresql": "tab:orange"}
    for ax, name in zip(axes, names, strict=False):
        scenario = next(s for s in SCENARIOS if s.name == name)
        for backend in sorted({r.backend for r in results}):
            mine = [r for r in results if r.name == name and r.backend == backend]
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
        ax.set_title(name, fontsize=10)
        ax.set_xlabel(scenario.axis)
        ax.set_ylabel("seconds per operation")
        ax.grid(True, which="both", alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    axes[-1].axis("off")
    axes[-1].legend(handles, labels, loc="center", fontsize=10, title="best of the repetitions")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, few repetitions (a smoke run)")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL even if a URL is set")
    parser.add_argument("--out", type=Path, default=HERE, help="folder for results.json/.png and plans.md")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    backends = ["sqlite"] + ([] if args.sqlite_only or not pg_base_url() else ["postgresql"])
    started = time.perf_counter()
    measured: list[tuple[Result, Spread]] = []
    plans: list[str] = []
    layers: list[str] = []
    pg_version = None
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
    results = [result for result, _spread in measured]
    args.out.mkdir(parents=True, exist_ok=True)
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
    (args.out / "results.md").write_text(
        f"# Benchmark results ({document['when']}, {'quick' if args.quick else 'full'} run)\n\n"
        + table(measured)
        + "\n"
    )
    print(table(measured))
    print(f"\n{len(results)} measurements in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
