"""Bad input: every public service, every argument, a corpus of bad values.

Each bad value must raise a BakeLedgerError subclass — never a raw TypeError, KeyError or
database error — before anything is written: the values of one argument are tried in one unit of
work that is then committed, its writes are counted (zero), and the database dump through a
separate engine is unchanged after each service.
"""

from __future__ import annotations

import reprlib
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from bakeledger.app.ledger import Ledger
from bakeledger.domain.errors import BakeLedgerError, NoActiveTransactionError
from bakeledger.services import assembly, catalog, events, exchange, inventory, planning, production
from tests.faults import fail_on_write
from tests.helpers import dump
from tests.reliability import corpus, figures
from tests.reliability.bad_calls import PUBLIC_SERVICES, Case, cases, special_cases
from tests.reliability.databases import DatabaseFactory
from tests.reliability.stage import Stage, setup_stage

_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxstring, _SHORT.maxother = 2, 40, 40
MODULES = {
    "catalog": catalog,
    "inventory": inventory,
    "production": production,
    "assembly": assembly,
    "events": events,
    "planning": planning,
    "exchange": exchange,
}


def _stage_and_documents(ledger: Ledger) -> tuple[Stage, tuple[dict[str, Any], dict[str, Any]]]:
    """The stage, the export of the empty ledger it was built in, and the stage's history."""
    with ledger.uow(read_only=True) as uow:
        empty = exchange.export_all(uow)
    stage = setup_stage(ledger)
    with ledger.uow(read_only=True) as uow:
        history = exchange.export_history(uow)
    return stage, (empty, history)


def _outcome(call: Callable[[Any], Any], uow: Any) -> str | None:
    """The error type's name if the call was refused properly; None if it was accepted."""
    try:
        call(uow)
    except BakeLedgerError as exc:
        return type(exc).__name__
    except Exception as exc:  # what this test exists to find
        return f"raw {type(exc).__module__}.{type(exc).__name__}: {str(exc)[:120]}"
    return None


def _refuse_all(
    ledger: Ledger, calls: list[tuple[str, Callable[[Any], Any]]], seen: Counter[str]
) -> list[str]:
    """Try every call in a committed unit of work; returns what went wrong (empty when all refused)."""
    problems: list[str] = []
    pending = list(calls)
    while pending:
        with fail_on_write(ledger.engine, None) as writes, ledger.uow() as uow:
            while pending:
                label, call = pending.pop(0)
                outcome = _outcome(call, uow)
                if outcome is not None and not outcome.startswith("raw "):
                    seen[outcome] += 1
                    continue
                problems.append(f"{label}: {outcome or 'accepted'}")
                uow.rollback()  # it may have written or broken the transaction: go on in a new one
                break
            else:
                uow.commit()
        if not problems and writes.writes:
            problems.append(f"{writes.writes} write(s) before a refusal")
    return problems


def _calls_of(case: Case, param: str, values: list[Any]) -> list[tuple[str, Callable[[Any], Any]]]:
    def bind(value: Any) -> Callable[[Any], Any]:
        return lambda uow: case.function(uow, **{**case.base, param: value})

    return [(f"{case.name}({param}={_SHORT.repr(value)})", bind(value)) for value in values]


def test_every_argument_of_every_service_refuses_bad_values(
    database_factory: DatabaseFactory, subtests: Any
) -> None:
    db = database_factory.fresh()
    try:
        stage, documents = _stage_and_documents(db.ledger)
        before = dump(db.engine)
        seen: Counter[str] = Counter()
        tried = 0
        for case in cases(stage, *documents):
            for param, values in case.params.items():
                with subtests.test(call=f"{case.name}({param}=…)"):
                    tried += len(values)
                    problems = _refuse_all(db.ledger, _calls_of(case, param, values), seen)
                    assert not problems, "\n".join(problems)
            with subtests.test(call=f"{case.name}: database unchanged"):
                assert dump(db.engine) == before
        with subtests.test(call="rule-breaking combinations"):
            special = special_cases(stage)
            tried += len(special)
            problems = _refuse_all(db.ledger, special, seen)
            assert not problems, "\n".join(problems)
            assert dump(db.engine) == before
        figures.add("bad_input", db.backend, calls=tried, **{f"refused_{k}": v for k, v in seen.items()})
    finally:
        db.close()


def test_the_corpus_covers_every_public_service() -> None:
    """Every public service named exists in its module and has bad values for each of its arguments."""
    covered = {case.name for case in cases(Stage(1, 2, 3, 4, 5, 6, 7), {}, {})}
    for module, names in PUBLIC_SERVICES.items():
        for name in names.split():
            assert callable(getattr(MODULES[module], name)), f"{module}.{name} is missing"
            assert f"{module}.{name}" in covered, f"no bad values for {module}.{name}"


def test_a_unit_of_work_outside_its_block_is_refused_before_anything(
    database_factory: DatabaseFactory,
) -> None:
    """With valid arguments, a service given a UoW that was never entered (or already left) refuses."""
    db = database_factory.fresh()
    try:
        stage, documents = _stage_and_documents(db.ledger)
        before = dump(db.engine)
        closed = db.ledger.uow()
        with closed:
            pass
        for case in cases(stage, *documents):
            for uow in (db.ledger.uow(), closed):
                with pytest.raises(NoActiveTransactionError):
                    case.function(uow, **case.base)
        assert dump(db.engine) == before
    finally:
        db.close()


def test_the_corpus_is_bad_for_numbers_even_in_isolation() -> None:
    """Guard for the corpus itself: no 'bad' quantity is a plain, in-range decimal."""
    from bakeledger.domain.errors import ValidationError
    from bakeledger.domain.numbers import parse_quantity

    for value in corpus.quantities():
        with pytest.raises(ValidationError):
            parse_quantity(value, "quantity")
