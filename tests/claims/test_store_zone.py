"""A claim's times show in its store's zone, in the API and on its pages."""

from datetime import UTC, date, datetime, timedelta

import pytest

from aftersales.claims.models import Claim, ClaimStatus
from aftersales.claims.open import open_claim
from aftersales.claims.present import claim_json
from aftersales.claims.slip import slip_text
from aftersales.web.render import ENV
from tests.claims.factories import claim_in, person, sale
from tests.support.zones import AT, STORE_ID, ZONES, move_store, refs_in

DECISION = {"policy": "footwear", "policy_version": "v1", "allowed": [], "refused": []}


def _claim() -> Claim:
    return Claim(
        id=7,
        store_id=STORE_ID,
        counter_id=1,
        sku="FW-2001",
        item_name="女士短靴",
        category="footwear",
        problem="glue_open",
        requested_on=date(2026, 3, 1),
        decision={"zh": DECISION, "en": DECISION},
        policy_version="v1",
        outcome="allowed",
        status=ClaimStatus.open,
        overridden=False,
        opened_at=AT,
        due_at=AT + timedelta(days=7),
        closed_at=AT,
        version=1,
    )


@pytest.mark.parametrize(("zone", "shown", "day"), ZONES)
def test_claim_times_are_the_stores(zone: str, shown: str, day: str) -> None:
    body = claim_json(_claim(), refs_in(zone), "zh")
    assert body["opened_at"] == shown
    assert body["closed_at"] == shown
    assert body["due_at"].startswith(str(date.fromisoformat(day) + timedelta(days=7)))


@pytest.mark.parametrize(("zone", "shown", "day"), ZONES)
def test_claim_slip_and_page_show_the_stores_time(zone: str, shown: str, day: str) -> None:
    local = shown[:10] + " " + shown[11:16]
    assert f"受理时间: {local}" in slip_text(_claim(), "zh", zone)
    page = ENV.from_string(
        "{{ claim.opened_at|localtime }}|{{ claim.opened_at|localtime(fmt='%Y-%m-%d') }}"
    )
    assert page.render(claim=_claim(), zone=zone) == f"{local}|{day}"


@pytest.mark.parametrize(("zone", "shown", "day"), ZONES)
def test_a_claim_is_asked_on_its_stores_day(session, zone: str, shown: str, day: str) -> None:
    move_store(session, "S1", zone)
    receipt_no = sale(session, days_ago=(datetime.now(UTC) - AT).days + 3)
    claim = open_claim(session, data=claim_in(receipt_no), actor=person(session, "staff"), now=AT)
    assert claim.requested_on.isoformat() == day
