"""The HTTP part of the benchmark (rows with mode "http"): the JSON API served by a real server
against the same operations called in-process through the library, and the web pages against the
JSON calls that return the same data.

- **API vs library throughput.** uvicorn serving `create_app(bakeledger.open(url,
  schema="require_current"))` in a subprocess on 127.0.0.1 (two worker processes on PostgreSQL,
  one on SQLite; see _LAUNCH for the socket); N client threads (1, 4, 8), each with its own
  `httpx.Client` and an owner token, send a fixed number of requests of a mix (40 % events with
  progress, 30 % stock of one ingredient, 20 % one event's progress, 10 % a committed bake with
  its own Idempotency-Key).
  Beside it, in the same run, the same calls through the library (`ledger.uow(read_only=True)` /
  `ledger.run(...)` around the same services) with the same threads and counts; before any
  timing, each read answers over HTTP what the library returns. The two sides
  alternate, twice per client count; the quicker round of each side is kept. A 503 is retried
  after its Retry-After (and counted); any other non-2xx answer or exception is an error.
- **Pages vs their JSON.** Sequential, one client: `GET /` (the dashboard, with the session
  cookie from `GET /login?token=…`) beside `GET /api/v1/events?with_progress=true`, and
  `GET /events/{id}` beside the API calls that return the same data, summed (progress, costs,
  plan, shopping list, assignments); several repetitions, best and median.

Rows keep results.json's format: `seconds_per_op` is the API's side (seconds per request, i.e.
1 ÷ requests per second, or a latency, or a page), `baseline_seconds_per_op` the library's (or the
JSON calls'), `ratio` the first ÷ the second; the statements columns are 0 (not counted here).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

import bakeledger
from bakeledger.app.ledger import Ledger
from bakeledger.services import access, events, inventory, production
from bench.database import BenchDatabase
from bench.harness import Result
from bench.seed import COOKIE, RECIPE, Catalogue, grow_lots, seed_catalogue
from bench.seed_runs import grow_events, grow_runs

MODE = "http"
ROOT = Path(__file__).resolve().parents[1]
URL_ENV, SECRET_ENV = "BAKELEDGER_BENCH_SERVE_URL", "BAKELEDGER_BENCH_SERVE_SECRET"
# the request mix, in tenths: what each client sends, in this order, round and round
MIX = (("events", 4), ("stock", 3), ("progress", 2), ("bake", 1))
SCHEDULE = [name for name, tenths in MIX for _ in range(tenths)]
# goals: at 8 clients the API gives at least half the library's requests per second (its seconds
# per request at most 2× the library's); a page costs at most 2× its JSON
THROUGHPUT_GOAL = PAGE_GOAL = 2.0
GOAL_CLIENTS = 8
RETRIES_503 = 5
# server processes: two on PostgreSQL (one app each, through the factory `served_app`), one on
# SQLite (one writer at a time anyway)
WORKERS = {"postgresql": 2, "sqlite": 1}


@dataclass(frozen=True)
class HttpPlan:
    clients: tuple[int, ...]
    requests: int  # per client count and side, split evenly between the clients
    rounds: int  # each side this many times per client count, alternating
    runs: int
    events: int
    lots: int
    page_reps: int


FULL_HTTP = HttpPlan((1, 4, 8), requests=400, rounds=2, runs=10_000, events=100, lots=1_000, page_reps=9)
QUICK_HTTP = HttpPlan((1, 4), requests=20, rounds=1, runs=50, events=40, lots=10, page_reps=2)


# --- the server ------------------------------------------------------------------------------
def served_app() -> Any:
    """uvicorn's factory (`bench.http:served_app`): the app over the ledger named in the
    environment, so that every worker process builds its own."""
    from bakeledger.app.http import create_app

    ledger = bakeledger.open(os.environ[URL_ENV], schema="require_current")
    return create_app(ledger, secret=os.environ[SECRET_ENV])


# The listening socket is made here with protocol IPPROTO_TCP: asyncio sets TCP_NODELAY on the
# connections a socket accepts only then. uvicorn binding host and port itself (one process) makes
# it so too; a socket made with protocol 0 (as uvicorn's worker mode binds one) leaves every answer
# waiting on Nagle's algorithm and the client's delayed ACK: about 40 ms a request on loopback.
_LAUNCH = """
import socket, sys, uvicorn
from uvicorn.supervisors import Multiprocess
port, workers = int(sys.argv[1]), int(sys.argv[2])
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("127.0.0.1", port))
sock.set_inheritable(True)
config = uvicorn.Config("bench.http:served_app", factory=True, workers=workers, log_level="warning",
                        access_log=False)
if workers == 1:
    uvicorn.Server(config).run(sockets=[sock])
else:
    Multiprocess(config, sockets=[sock]).run()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(db_url: str, *, workers: int) -> Iterator[str]:
    """A server over the ledger at `db_url` on 127.0.0.1 (its health route polled a bounded number
    of times), stopped by pid however the block ends; yields its base URL."""
    port = free_port()
    env = {**os.environ, URL_ENV: db_url, SECRET_ENV: secrets.token_hex(32)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    process = subprocess.Popen([sys.executable, "-c", _LAUNCH, str(port), str(workers)], env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # at most ~30 s
            if process.poll() is not None:
                raise RuntimeError(f"the bench server exited with {process.returncode}")
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError("the bench server did not answer its health route within 30 s")
        yield url
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (uvicorn's parent stops its workers), then SIGKILL if it lingers."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


# --- the data --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Ledgered:
    """What the requests name: an event with targets, and the owner's token."""

    event_id: int
    token: str


def seed(db: BenchDatabase, plan: HttpPlan) -> Ledgered:
    """The catalogue, lots, runs and events in bulk, stock for every bake, an owner token."""
    catalogue: Catalogue = seed_catalogue(db)
    grow_lots(db, catalogue, plan.lots)
    grow_runs(db, catalogue, plan.runs)
    grow_events(db, catalogue, plan.events)
    bakes = len(plan.clients) * plan.rounds * 2 * plan.requests  # an upper bound
    for product in ("flour-cups", "sugar-cups"):
        db.ledger.run(
            inventory.add_purchase, product=product, packages=3 * bakes + 100, price_per_package="0.5"
        )
    with db.ledger.uow(read_only=True) as uow:
        upcoming = events.get_events_with_progress(uow)
    if not upcoming:
        raise AssertionError("the bench's events are all past")
    token = db.ledger.run(access.create_token, role="owner").token
    return Ledgered(upcoming[-1].event_id, token)


# --- one request of the mix, either way ------------------------------------------------------
BAKE = {"recipe": RECIPE, "finished_unit": COOKIE, "batches": 1}


def api_call(client: httpx.Client, name: str, event_id: int) -> httpx.Response:
    if name == "events":
        return client.get("/api/v1/events", params={"with_progress": "true"})
    if name == "stock":
        return client.get("/api/v1/stock/flour", params={"unit": "g"})
    if name == "progress":
        return client.get(f"/api/v1/events/{event_id}/progress")
    return client.post("/api/v1/production-runs", json=BAKE, headers={"Idempotency-Key": str(uuid.uuid4())})


def library_call(ledger: Ledger, name: str, event_id: int) -> Any:
    """What the handler of each route calls (and pages: the first 100 events)."""
    if name == "bake":
        return ledger.run(production.record_production_outcome, **BAKE, idempotency_key=str(uuid.uuid4()))
    with ledger.uow(read_only=True) as uow:
        if name == "events":
            return events.get_events_with_progress(uow)[:100]
        if name == "stock":
            return inventory.ingredient_stock(uow, ingredient="flour", unit="g")
        return (
            events.get_production_progress(uow, event=event_id),
            events.get_assembly_progress(uow, event=event_id),
            events.get_overall_progress(uow, event=event_id),
        )


def same_answers(url: str, token: str, ledger: Ledger, event_id: int) -> None:
    """Before any timing: each read of the mix answers over HTTP what the library call returns
    (the DTOs as JSON), so both sides do the same work."""
    from bakeledger.services.dto import to_dict

    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        for name in ("events", "stock", "progress"):
            served = api_call(client, name, event_id).json()
            called = library_call(ledger, name, event_id)
            if name == "events":
                served, called = served["items"], [to_dict(item) for item in called]
            elif name == "progress":
                served = [served["production"], served["assembly"], served["overall"]]
                called = [to_dict(part) for part in called]
            else:
                called = to_dict(called)
            if served != json.loads(json.dumps(called, default=str)):
                raise AssertionError(f"{name}: the API and the library answer differently")


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    retried: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(frozen=True)
class Load:
    """One side at one client count: wall time, latencies, retries and errors."""

    side: str
    clients: int
    requests: int
    seconds: float
    p50: float
    p99: float
    retried: int
    errors: tuple[str, ...]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def load(side: str, clients: int, requests: int, one: Callable[[int, int, Tally], None]) -> Load:
    """`clients` threads, each sending requests ÷ clients of the schedule (each starting at its own
    place in it), all started together; `one(client, n, tally)` sends the n-th."""
    each = requests // clients
    tally = Tally()
    start = threading.Barrier(clients + 1)

    def client(c: int) -> None:
        start.wait()
        for n in range(each):
            one(c, n, tally)

    threads = [threading.Thread(target=client, args=(c,), daemon=True) for c in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    begun = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - begun
    done = tally.latencies
    return Load(
        side, clients, each * clients, seconds, statistics.median(done), p99(done), tally.retried,
        tuple(tally.errors),
    )  # fmt: skip


def schedule_of(c: int, n: int) -> str:
    return SCHEDULE[(3 * c + n) % len(SCHEDULE)]


def api_load(url: str, token: str, event_id: int, clients: int, requests: int) -> Load:
    pool = [
        httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60)
        for _ in range(clients)
    ]

    def one(c: int, n: int, tally: Tally) -> None:
        name = schedule_of(c, n)
        begun = time.perf_counter()
        try:
            for _attempt in range(RETRIES_503 + 1):
                response = api_call(pool[c], name, event_id)
                if response.status_code != 503:
                    break
                with tally.lock:
                    tally.retried += 1
                time.sleep(float(response.headers.get("Retry-After", "1")))
            failed = None if response.is_success else f"{name}: {response.status_code} {response.text[:200]}"
        except httpx.HTTPError as error:
            failed = f"{name}: {error!r}"
        with tally.lock:
            tally.latencies.append(time.perf_counter() - begun)
            if failed:
                tally.errors.append(failed)

    try:
        return load("api", clients, requests, one)
    finally:
        for client in pool:
            client.close()


def library_load(ledger: Ledger, event_id: int, clients: int, requests: int) -> Load:
    def one(c: int, n: int, tally: Tally) -> None:
        name = schedule_of(c, n)
        begun = time.perf_counter()
        failed = None
        try:
            library_call(ledger, name, event_id)
        except Exception as error:
            failed = f"{name}: {error!r}"
        with tally.lock:
            tally.latencies.append(time.perf_counter() - begun)
            if failed:
                tally.errors.append(failed)

    return load("library", clients, requests, one)


# --- pages against their JSON ----------------------------------------------------------------
# the dashboard also plans the next few events (bakeledger.app.http.pages.season.DASHBOARD_EVENTS)
DASHBOARD_EVENTS = 10
EVENT_JSON = ("progress", "costs", "plan", "shopping-list", "assignments")


@dataclass(frozen=True)
class PageTimes:
    name: str
    page: list[float]
    json: list[float]


def timed(call: Callable[[], httpx.Response]) -> float:
    begun = time.perf_counter()
    response = call()
    seconds = time.perf_counter() - begun
    if response.status_code != 200:
        raise AssertionError(f"{response.request.method} {response.request.url}: {response.status_code}")
    return seconds


def pages_against_json(url: str, token: str, event_id: int, reps: int) -> list[PageTimes]:
    """Sequential: each repetition times both pages and their JSON, alternating which goes first."""
    bearer = {"Authorization": f"Bearer {token}"}
    with (
        httpx.Client(base_url=url, timeout=60) as browser,
        httpx.Client(base_url=url, headers=bearer, timeout=60) as api,
    ):
        login = browser.get("/login", params={"token": token})
        if login.status_code != 303 or "bakeledger_session" not in browser.cookies:
            raise AssertionError(f"login gave {login.status_code} and no session cookie")

        def dashboard() -> float:
            return timed(lambda: browser.get("/"))

        def dashboard_json() -> float:
            return timed(lambda: api.get("/api/v1/events", params={"with_progress": "true"}))

        upcoming = api.get("/api/v1/events", params={"with_progress": "true"}).json()["items"]
        planned = [item["event_id"] for item in upcoming[:DASHBOARD_EVENTS]]

        def dashboard_all_json() -> float:
            """What the dashboard shows, as JSON: the events and a plan of each of the next few."""
            total = dashboard_json()
            for planned_id in planned:
                total += timed(lambda i=planned_id: api.post(f"/api/v1/events/{i}/plan"))
            return total

        def event_page() -> float:
            return timed(lambda: browser.get(f"/events/{event_id}"))

        def event_json() -> float:
            total = 0.0
            for part in EVENT_JSON:
                path = f"/api/v1/events/{event_id}/{part}"
                total += timed(lambda p=path: api.post(p) if p.endswith("/plan") else api.get(p))
            return total

        pairs = {
            "dashboard_page": (dashboard, dashboard_json),
            "dashboard_page_all_json": (dashboard, dashboard_all_json),
            "event_page": (event_page, event_json),
        }
        for page, as_json in pairs.values():  # warm-up
            page(), as_json()
        found = {name: PageTimes(name, [], []) for name in pairs}
        for rep in range(reps):
            for name, (page, as_json) in pairs.items():
                if rep % 2:
                    found[name].json.append(as_json())
                    found[name].page.append(page())
                else:
                    found[name].page.append(page())
                    found[name].json.append(as_json())
    return list(found.values())


# --- the whole part, one backend -------------------------------------------------------------
@dataclass
class HttpFindings:
    backend: str
    events: int
    runs: int
    workers: int
    loads: list[tuple[Load, Load]]  # (api, library) per client count, the quicker round of each
    pages: list[PageTimes]
    seconds: float = 0.0


def run_http(
    db: BenchDatabase, plan: HttpPlan, *, log: Callable[[str], None] = lambda _m: None
) -> HttpFindings:
    """Seed a fresh bench database, start the server, measure both parts, stop the server."""
    started = time.perf_counter()
    named = seed(db, plan)
    log(f"{db.backend}: http data seeded ({plan.events} events, {plan.runs:,} runs) in "
        f"{time.perf_counter() - started:.1f}s")  # fmt: skip
    workers = WORKERS[db.backend]
    findings = HttpFindings(db.backend, plan.events, plan.runs, workers, [], [])
    with server(db.ledger.url, workers=workers) as url:
        same_answers(url, named.token, db.ledger, named.event_id)
        findings.pages = pages_against_json(url, named.token, named.event_id, plan.page_reps)
        for times in findings.pages:
            best, json_best = min(times.page), min(times.json)
            log(f"  {times.name:24} page {best * 1e3:8.2f} ms  json {json_best * 1e3:8.2f} ms  ×"
                f"{best / json_best:5.2f}  median ×"
                f"{statistics.median(times.page) / statistics.median(times.json):5.2f}")  # fmt: skip
        # warm both sides up (connections, caches, the server's thread pool)
        api_load(url, named.token, named.event_id, 4, 20)
        library_load(db.ledger, named.event_id, 4, 20)
        for clients in plan.clients:
            rounds: dict[str, list[Load]] = {"api": [], "library": []}
            for r in range(plan.rounds):
                sides = ("api", "library") if r % 2 == 0 else ("library", "api")
                for side in sides:
                    if side == "api":
                        found = api_load(url, named.token, named.event_id, clients, plan.requests)
                    else:
                        found = library_load(db.ledger, named.event_id, clients, plan.requests)
                    rounds[side].append(found)
            api = min(rounds["api"], key=lambda x: x.seconds)
            lib = min(rounds["library"], key=lambda x: x.seconds)
            errors = [e for side in rounds.values() for x in side for e in x.errors]
            retried = sum(x.retried for side in rounds.values() for x in side)
            api = Load(api.side, api.clients, api.requests, api.seconds, api.p50, api.p99, retried,
                       tuple(e for x in rounds["api"] for e in x.errors))  # fmt: skip
            lib = Load(lib.side, lib.clients, lib.requests, lib.seconds, lib.p50, lib.p99, 0,
                       tuple(e for x in rounds["library"] for e in x.errors))  # fmt: skip
            findings.loads.append((api, lib))
            log(f"  {clients} clients: api {api.per_second:7.1f} req/s (p50 {api.p50 * 1e3:.1f} ms, p99 "
                f"{api.p99 * 1e3:.1f} ms)  library {lib.per_second:7.1f} req/s (p50 {lib.p50 * 1e3:.1f} ms, "
                f"p99 {lib.p99 * 1e3:.1f} ms)  api ÷ library {api.per_second / lib.per_second:.2f}  "
                f"503s retried {retried}  errors {len(errors)}")  # fmt: skip
            for error in errors[:5]:
                log(f"    error: {error}")
    findings.seconds = time.perf_counter() - started
    return findings


# --- rows and reports ------------------------------------------------------------------------
def rows(found: HttpFindings) -> list[Result]:
    """The findings as results.json rows (mode "http"); see the module docstring."""
    out = []

    def row(name: str, size: int, ours: float, theirs: float) -> Result:
        return Result(name, size, found.backend, MODE, ours, 0, theirs, 0, ours / theirs)

    for api, lib in found.loads:
        out.append(row("http_mix_seconds_per_request", api.clients, 1 / api.per_second, 1 / lib.per_second))
        out.append(row("http_mix_p50", api.clients, api.p50, lib.p50))
        out.append(row("http_mix_p99", api.clients, api.p99, lib.p99))
    for times in found.pages:
        out.append(row(times.name, found.events, min(times.page), min(times.json)))
    return out


def errors_of(found: HttpFindings) -> int:
    return sum(len(api.errors) + len(lib.errors) for api, lib in found.loads)


def throughput_met(found: HttpFindings) -> bool | None:
    at_goal = [(a, b) for a, b in found.loads if a.clients == GOAL_CLIENTS]
    if not at_goal:
        return None
    api, lib = at_goal[0]
    return api.per_second * THROUGHPUT_GOAL >= lib.per_second and errors_of(found) == 0


def markdown(findings: list[HttpFindings]) -> str:
    """bench/http.md: both tables and whether the goals are met."""
    lines = [
        "## API against the library (the same calls in-process)\n",
        "Mix: 40 % `GET /api/v1/events?with_progress=true`, 30 % `GET /api/v1/stock/flour?unit=g`, "
        "20 % `GET /api/v1/events/{id}/progress`, 10 % `POST /api/v1/production-runs` (committed). "
        "Quicker of the rounds per side. Goal: at 8 clients the API's requests/s ≥ ½ the library's, "
        "no errors.\n",
        "| backend | server workers | clients | API req/s | API p50 ms | API p99 ms | library req/s "
        "| library p50 ms | library p99 ms | API ÷ library req/s | 503 retried | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for f in findings:
        for api, lib in f.loads:
            lines.append(
                f"| {f.backend} | {f.workers} | {api.clients} | {api.per_second:.1f} | {api.p50 * 1e3:.1f} | "
                f"{api.p99 * 1e3:.1f} | {lib.per_second:.1f} | {lib.p50 * 1e3:.1f} | {lib.p99 * 1e3:.1f} | "
                f"{api.per_second / lib.per_second:.2f} | {api.retried} | "
                f"{len(api.errors) + len(lib.errors)} |"
            )
    lines += [
        "\n## Pages against their JSON (sequential)\n",
        "Dashboard: `GET /` against `GET /api/v1/events?with_progress=true` (*dashboard_page*), and "
        "against that plus `POST /api/v1/events/{id}/plan` for each of the next 10 events, which the "
        "dashboard also shows (*dashboard_page_all_json*). Event page: "
        "`GET /events/{id}` against progress + costs + plan + shopping-list + assignments, summed. "
        "Goal: a page ≤ 2× its JSON.\n",
        "| backend | page | events / runs | page best ms | JSON best ms | ratio (best) | page median ms "
        "| JSON median ms | ratio (median) | repetitions |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for f in findings:
        for t in f.pages:
            pm, jm = statistics.median(t.page), statistics.median(t.json)
            lines.append(
                f"| {f.backend} | {t.name} | {f.events:,} / {f.runs:,} | {min(t.page) * 1e3:.1f} | "
                f"{min(t.json) * 1e3:.1f} | {min(t.page) / min(t.json):.2f} | {pm * 1e3:.1f} | "
                f"{jm * 1e3:.1f} | {pm / jm:.2f} | {len(t.page)} |"
            )
    lines.append("\n## Goals\n")
    for f in findings:
        met = throughput_met(f)
        pages = ", ".join(
            f"{t.name} {'met' if min(t.page) <= PAGE_GOAL * min(t.json) else 'NOT met'}" for t in f.pages
        )
        throughput = "not measured at 8 clients" if met is None else ("met" if met else "NOT met")
        lines.append(
            f"- {f.backend}: throughput goal {throughput}; page goal (best of the repetitions): {pages}; "
            f"{errors_of(f)} errors; the http part took {f.seconds:.0f} s"
        )
    return "\n".join(lines) + "\n"


def when() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
