"""An event's plan through its page alone: batch options, decisions, lock, start, amendments with
reasons and the snapshot compared with the live plan; refused forms, roles and CSRF."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from bakeledger.app.ledger import Ledger
from bakeledger.services import catalog, events, planning
from tests.http.pages_support import Browser, browser_for, section, statements_of, text_of
from tests.integration.cookie_pantry import COOKIE, RECIPE
from tests.integration.planning_kitchen import (
    BROWNIE,
    bundle,
    fifty_gift_bags,
    kitchen_event,
    planning_kitchen,
)

BROWNIES = "brownies"


@pytest.fixture
def browser(ledger: Ledger) -> Iterator[Browser]:
    yield from browser_for(ledger)


def _targets(ledger: Ledger, event_id: int) -> dict[str, int]:
    with ledger.uow(read_only=True) as uow:
        return {p.recipe: p.target_batches for p in events.get_production_progress(uow, event=event_id)}


def _state(ledger: Ledger, event_id: int) -> Any:
    with ledger.uow(read_only=True) as uow:
        return planning.get_plan(uow, event=event_id)


def _label(page: str, input_id: str) -> str:
    """The text of the label around one input (where its error is shown)."""
    found = re.search(rf'<label for="{re.escape(input_id)}"[^>]*>(.*?)</label>', page, re.S)
    assert found, f"no label for {input_id}"
    return text_of(found.group(1))


def _value(page: str, input_id: str) -> str:
    found = re.search(rf'id="{re.escape(input_id)}"[^>]*value="([^"]*)"', page)
    assert found, f"no input {input_id}"
    return found.group(1)


def _decide(baker: Browser, event_id: int, **batches: str) -> Any:
    """Post the decide form: `cookie="7"`, `brownie="5"`, `accept_brownie="on"`."""
    units = {"cookie": COOKIE, "brownie": BROWNIE}
    form = {}
    for name, value in batches.items():
        if name.startswith("accept_"):
            form[f"accept-{units[name.removeprefix('accept_')]}"] = value
        else:
            form[f"batches-{units[name]}"] = value
    plan = f"/events/{event_id}/plan"
    return baker.post(f"{plan}/decisions", form, csrf_from=plan)


def test_the_gift_bag_plan_is_decided_locked_started_and_amended_through_its_page(
    browser: Browser, ledger: Ledger
) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    baker = browser.as_role("baker")
    plan = f"/events/{event_id}/plan"
    assert plan in baker.get(f"/events/{event_id}").text  # the event page links its plan
    shown = baker.get(plan).text
    cookies = text_of(section(shown, f"unit-{COOKIE}"))
    assert "Needed 300." in cookies
    assert "6 batches → 288 12 short" in cookies
    assert "7 batches → 336 36 extra, 12.00 % waste recommended" in cookies
    assert "No decision yet." in cookies

    refused = _decide(baker, event_id, cookie="6", brownie="7")
    assert refused.status_code == 422
    beside = _label(refused.text, f"batches-{COOKIE}-decide")
    assert "6 batches of 'chocolate-chip-cookie' yield 288 items but 300 are needed" in beside
    assert _value(refused.text, f"batches-{COOKIE}-decide") == "6"  # what was typed is kept
    assert _targets(ledger, event_id) == {}  # all or nothing: the brownies were not decided either

    assert _decide(baker, event_id, cookie="7", brownie="7").status_code == 303
    assert _targets(ledger, event_id) == {RECIPE: 7, BROWNIES: 7}
    shown = baker.get(plan).text
    assert "Decided: 7 batches → 336, 36 extra." in text_of(section(shown, f"unit-{COOKIE}"))
    assert _decide(baker, event_id, brownie="5", accept_brownie="on").status_code == 303
    assert _targets(ledger, event_id) == {RECIPE: 7, BROWNIES: 5}
    assert "Decided: 5 batches → 120, 30 short (accepted)" in text_of(baker.get(plan).text)

    assert baker.post(f"{plan}/lock", {}, csrf_from=plan).status_code == 303
    text = text_of(baker.get(plan).text)
    assert "State locked" in text and "Nothing has changed since the plan was locked." in text
    assert baker.post(f"{plan}/start", {}, csrf_from=plan).status_code == 303
    assert "State in production" in text_of(baker.get(plan).text)

    amend = {"kind": "set_batches", "finished_unit": BROWNIE, "batches": "7", "reason": " "}
    refused = baker.post(f"{plan}/amendments", amend, csrf_from=plan)
    assert refused.status_code == 422
    assert "an amendment needs a reason" in _label(refused.text, "reason-amend-set_batches")
    assert _value(refused.text, "batches-amend-set_batches") == "7"
    assert _state(ledger, event_id).amendments == []

    amend["reason"] = "the neighbours asked for brownies"
    assert baker.post(f"{plan}/amendments", amend, csrf_from=plan).status_code == 303
    assert _targets(ledger, event_id) == {RECIPE: 7, BROWNIES: 7}
    shown = baker.get(plan).text
    (amendment,) = _state(ledger, event_id).amendments
    kept = text_of(section(shown, f"amendment-{amendment.id}"))
    assert "set batches" in kept and "while in production" in kept
    assert "Reason: the neighbours asked for brownies" in kept
    assert f"decision {BROWNIE} 5 batches (short accepted) 7 batches" in kept
    assert f"target {BROWNIES} 5 batches 7 batches" in kept
    comparison = text_of(
        shown[shown.index('id="comparison"') : shown.index("</table>", shown.index('id="comparison"'))]
    )
    assert f"decision {BROWNIE} 5 7 changed" in comparison
    assert f"target {BROWNIES} 5 7 changed" in comparison
    assert COOKIE not in comparison  # unchanged rows are left out


def test_locking_too_early_names_what_is_missing_beside_the_lock_button(
    browser: Browser, ledger: Ledger
) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    baker = browser.as_role("baker")
    plan = f"/events/{event_id}/plan"
    assert _decide(baker, event_id, cookie="7").status_code == 303
    refused = baker.post(f"{plan}/lock", {}, csrf_from=plan)
    assert refused.status_code == 409
    lock_form = refused.text[
        refused.text.index('id="lock"') : refused.text.index("</form>", refused.text.index('id="lock"'))
    ]
    assert f"no decision for: {BROWNIE}" in text_of(lock_form)
    assert _state(ledger, event_id).state == "draft"


def test_a_plan_with_unmet_targets_completes_only_with_a_reason(browser: Browser, ledger: Ledger) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    baker = browser.as_role("baker")
    plan = f"/events/{event_id}/plan"
    _decide(baker, event_id, cookie="7", brownie="7")
    for step in ("lock", "start"):
        assert baker.post(f"{plan}/{step}", {}, csrf_from=plan).status_code == 303
    refused = baker.post(f"{plan}/complete", {"reason": ""}, csrf_from=plan)
    assert refused.status_code == 409
    assert f"targets not met: {RECIPE} (0 of 7)" in text_of(refused.text)
    done = baker.post(f"{plan}/complete", {"reason": "the party was called off"}, csrf_from=plan)
    assert done.status_code == 303
    text = text_of(baker.get(plan).text)
    assert "State complete" in text and "the party was called off" in text
    assert (_state(ledger, event_id).state, _state(ledger, event_id).completion_reason) == (
        "complete",
        "the party was called off",
    )


def test_an_added_assignment_brings_new_batches_through_the_amendment_form(
    browser: Browser, ledger: Ledger
) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    baker = browser.as_role("baker")
    plan = f"/events/{event_id}/plan"
    _decide(baker, event_id, cookie="7", brownie="7")
    baker.post(f"{plan}/lock", {}, csrf_from=plan)
    more = {
        "kind": "add_assignment",
        "recipient": "ann",
        "package": "gift-bag-gift",
        "quantity": "10",
        f"batches-{COOKIE}": "",
        f"batches-{BROWNIE}": "",
        "reason": "ten more bags",
    }
    refused = baker.post(f"{plan}/amendments", more, csrf_from=plan)
    assert refused.status_code == 422  # 360 cookies need more than 7 batches
    assert "yield 336 items but 360 are needed" in _label(
        refused.text, f"batches-{COOKIE}-amend-add_assignment"
    )
    assert len(_assignments(ledger, event_id)) == 1
    more |= {f"batches-{COOKIE}": "8", f"batches-{BROWNIE}": "8"}
    assert baker.post(f"{plan}/amendments", more, csrf_from=plan).status_code == 303
    assert _targets(ledger, event_id) == {RECIPE: 8, BROWNIES: 8}
    added = _assignments(ledger, event_id)[1]
    assert (added.recipient, added.quantity) == ("ann", 10)
    fewer = {
        "kind": "set_assignment_quantity",
        "assignment_id": str(added.id),
        "quantity": "4",
        "reason": "six said no",
    }
    assert baker.post(f"{plan}/amendments", fewer, csrf_from=plan).status_code == 303
    gone = {"kind": "remove_assignment", "assignment_id": str(added.id), "reason": "they moved away"}
    assert baker.post(f"{plan}/amendments", gone, csrf_from=plan).status_code == 303
    assert [a.quantity for a in _assignments(ledger, event_id)] == [50]
    reasons = [a.reason for a in _state(ledger, event_id).amendments]
    assert sorted(reasons) == ["six said no", "ten more bags", "they moved away"]
    assert all(r in text_of(baker.get(plan).text) for r in reasons)


def test_a_viewer_sees_the_plan_but_no_form_to_change_it(browser: Browser, ledger: Ledger) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    plan = f"/events/{event_id}/plan"
    viewer = browser.as_role("viewer")
    for state in ("draft", "locked"):
        shown = viewer.get(plan)
        assert shown.status_code == 200
        assert "7 batches → 336" in text_of(shown.text)
        assert 'method="post" action="/events/' not in shown.text, state
        if state == "draft":
            with ledger.uow() as uow:
                decisions = [{"finished_unit": u, "batches": 7} for u in (COOKIE, BROWNIE)]
                planning.decide_batches(uow, event=event_id, decisions=decisions)
                planning.lock_plan(uow, event=event_id)
                uow.commit()
    refused = viewer.post(f"{plan}/start", {}, csrf_from=plan)
    assert refused.status_code == 403
    assert _state(ledger, event_id).state == "locked"


def test_plan_forms_need_a_csrf_token(browser: Browser, ledger: Ledger) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    baker = browser.as_role("baker")
    plan = f"/events/{event_id}/plan"
    form = {f"batches-{COOKIE}": "7", f"batches-{BROWNIE}": "7"}
    assert baker.post(f"{plan}/decisions", form, csrf_from=None).status_code == 403
    assert baker.post(f"{plan}/lock", {}, csrf_from=None).status_code == 403
    assert _targets(ledger, event_id) == {}
    assert _state(ledger, event_id).state == "draft"


def test_the_plan_page_reads_as_many_statements_however_many_amendments_it_shows(
    browser: Browser, ledger: Ledger
) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    baker = browser.as_role("baker")
    plan = f"/events/{event_id}/plan"
    with ledger.uow() as uow:
        decisions = [{"finished_unit": u, "batches": 7} for u in (COOKIE, BROWNIE)]
        planning.decide_batches(uow, event=event_id, decisions=decisions)
        planning.lock_plan(uow, event=event_id)
        uow.commit()

    def amend(times: int) -> None:
        with ledger.uow() as uow:
            for n in range(times):
                change = {"kind": "set_batches", "finished_unit": BROWNIE, "batches": 7 + n % 2}
                planning.amend_plan(uow, event=event_id, change=change, reason=f"change {n}")
            uow.commit()

    amend(1)
    few = statements_of(ledger, baker, plan)
    amend(6)
    assert statements_of(ledger, baker, plan) == few > 0


def _assignments(ledger: Ledger, event_id: int) -> list[Any]:
    with ledger.uow(read_only=True) as uow:
        return list(events.list_assignments(uow, event=event_id))


def _two_cookie_events(ledger: Ledger) -> tuple[int, int]:
    """10 cups of flour and 5 of sugar; the school fair, then Christmas Eve, each give 3 bags of 48
    cookies (3 batches: 6 cups of flour, 3 of sugar), decided and locked; a draft party besides."""
    with ledger.uow() as uow:
        planning_kitchen(uow)
        bag = bundle(uow, "Cookie Bag", chocolate_chip_cookie=48)
        package = catalog.create_package(uow, name="Cookie Gift", contents=[{"finished_good": bag}]).slug
        made = []
        for name, day in (
            ("Christmas Eve", "2026-12-24"),
            ("School Fair", "2026-12-12"),
            ("Party", "2026-12-20"),
        ):
            event_id = events.create_event(uow, name=name, event_date=day).id
            events.assign_package(uow, event=event_id, recipient="ann", package=package, quantity=3)
            made.append(event_id)
        for event_id in made[:2]:
            planning.decide_batches(uow, event=event_id, decisions=[{"finished_unit": COOKIE, "batches": 3}])
            planning.lock_plan(uow, event=event_id)
        uow.commit()
    return made[1], made[0]


def test_the_season_page_shows_each_scheduled_event_against_what_the_earlier_ones_leave(
    browser: Browser, ledger: Ledger
) -> None:
    fair, eve = _two_cookie_events(ledger)
    viewer = browser.as_role("viewer")
    assert 'href="/season"' in viewer.get("/").text  # the main navigation links the season
    shown = viewer.get("/season").text
    text = text_of(shown)
    assert "Party" not in text  # a draft plan is not scheduled
    assert text.index("School Fair") < text.index("Christmas Eve")
    assert "Feasible" in text_of(section(shown, f"season-event-{fair}"))
    short = text_of(section(shown, f"season-event-{eve}"))
    assert "Short" in short
    assert "flour needs 6 cup, has 4" in short and "sugar needs 3 cup, has 2" in short
    with ledger.uow(read_only=True) as uow:
        season = planning.plan_season(uow)
    assert f"cost {season.events[1].total_cost}" in short
    listed = shown[shown.index("<h2>Shopping list</h2>") :]
    for item in season.shopping_list:
        assert f"{item.to_buy} {item.unit}" in text_of(listed)
    assert {(i.ingredient, i.to_buy) for i in season.shopping_list} == {("flour", "2"), ("sugar", "1")}
    assert "Not everything can be made from what is on hand." in text


def test_the_season_window_narrows_the_events_and_a_bad_one_is_shown_beside_its_field(
    browser: Browser, ledger: Ledger
) -> None:
    fair, eve = _two_cookie_events(ledger)
    viewer = browser.as_role("viewer")
    text = text_of(viewer.get("/season?from=2026-12-13&to=2026-12-31").text)
    assert "Christmas Eve" in text and "School Fair" not in text
    assert "Everything can be made from what is on hand." in text
    refused = viewer.get("/season?from=2026-12-31&to=2026-12-01")
    assert refused.status_code == 422
    assert "date_to is before date_from" in _label(refused.text, "to-season")
    assert _value(refused.text, "from-season") == "2026-12-31"


def test_a_batch_count_that_is_not_a_number_is_shown_beside_its_finished_unit(
    browser: Browser, ledger: Ledger
) -> None:
    event_id = kitchen_event(ledger, fifty_gift_bags)
    baker = browser.as_role("baker")
    refused = _decide(baker, event_id, cookie="7", brownie="seven")
    assert refused.status_code == 422
    assert "must be a plain decimal number, got 'seven'" in _label(refused.text, f"batches-{BROWNIE}-decide")
    assert _value(refused.text, f"batches-{BROWNIE}-decide") == "seven"
    assert _value(refused.text, f"batches-{COOKIE}-decide") == "7"
    assert _targets(ledger, event_id) == {}
