"""Replay a draft over stored claims (both databases): a draft that lengthens one period
changes exactly the claims that fall in the added time, with the money they move."""

from datetime import timedelta
from decimal import Decimal

import pytest

from aftersales.errors import Forbidden, InvalidInput
from aftersales.policy import load_policy_texts
from aftersales.policysets import service
from aftersales.policysets.compare import same_answers
from tests.claims.factories import person
from tests.policysets.helpers import FUTURE, rubber_draft, shoe, stored_claim


def _claims(session):
    """Rubber and leather shoes at 40, 70 and 100 days, asking return, exchange or nothing."""
    made = {}
    for material in ("rubber", "leather"):
        for days in (40, 70, 100):
            for remedy in ("return", "exchange", None):
                made[material, days, remedy] = stored_claim(
                    session, shoe(material, days, remedy, paid="399.00")
                ).id
    # Older than the window: never read.
    stored_claim(session, shoe("rubber", 70, "return"), opened_at=FUTURE - timedelta(days=400))
    # Apparel and a phone: another policy, decided alike.
    stored_claim(
        session,
        {
            "category": "apparel",
            "problem": "seam_open",
            "sold_on": (FUTURE.date() - timedelta(days=70)).isoformat(),
            "requested_on": FUTURE.date().isoformat(),
            "paid": "259.00",
            "evidence": ["receipt"],
            "remedy": "return",
        },
    )
    return made


def test_lengthening_the_rubber_period_changes_exactly_the_claims_in_the_added_month(session):
    admin = person(session, "admin")
    made = _claims(session)
    draft = rubber_draft(session, admin)
    replay = service.run_replay(
        session, draft_id=draft, months=1, actor=admin, now=FUTURE + timedelta(days=1)
    )
    expected = {made["rubber", 70, r] for r in ("return", "exchange", None)}
    assert {c["claim_id"] for c in replay.changes} == expected
    assert replay.claims_changed == 3
    assert replay.claims_read == len(made) + 1  # the apparel claim is in the window too
    assert replay.claims_decided == len(made)  # apparel is decided alike: not decided again
    # Before: a paid repair only; after: exchange, return of what was paid, free repair.
    by_id = {c["claim_id"]: c for c in replay.changes}
    asked_return = by_id[made["rubber", 70, "return"]]
    assert asked_return["before"]["outcome"] == "refused"
    assert asked_return["after"]["outcome"] == "granted"
    assert {"remedy": "return", "amount": "399.00"} in [
        {k: a[k] for k in ("remedy", "amount")} for a in asked_return["after"]["allowed"]
    ]
    # Money: the return asked for (399) and the request with no remedy named (the larger
    # refund on offer: 399); the exchange moves none.
    assert by_id[made["rubber", 70, "exchange"]]["money_after"] == "0.00"
    assert replay.money_before == Decimal("0.00")
    assert replay.money_after == Decimal("798.00")
    assert replay.changes[0]["opened_at"].startswith("2035-06-15")


def test_skipping_what_both_sets_decide_alike_gives_the_same_answer(session):
    admin = person(session, "admin")
    _claims(session)
    draft = rubber_draft(session, admin)
    quick = service.run_replay(session, draft_id=draft, months=1, actor=admin, now=FUTURE)
    full = service.run_replay(
        session, draft_id=draft, months=1, actor=admin, now=FUTURE, prune=False
    )
    assert full.claims_decided > quick.claims_decided
    assert (full.claims_changed, full.money_before, full.money_after, full.changes) == (
        quick.claims_changed,
        quick.money_before,
        quick.money_after,
        quick.changes,
    )


def test_a_change_of_wording_only_changes_nothing():
    files = service.shipped_files()
    reworded = files | {
        "footwear.toml": files["footwear.toml"].replace(
            'label_zh = "鞋类三包期"', 'label_zh = "鞋类三包有效期"'
        )
    }
    assert reworded != files
    same = same_answers(load_policy_texts(files), load_policy_texts(reworded))
    assert "footwear" in same and same["footwear"] == load_policy_texts(files).problems


def test_a_set_wide_rule_sends_every_claim_to_the_engine():
    files = service.shipped_files()
    wide = files | {
        "policyset.toml": files["policyset.toml"].replace('price_unit = "1"', 'price_unit = "0.1"')
    }
    assert same_answers(load_policy_texts(files), load_policy_texts(wide)) == {}


def test_replays_are_the_admins_and_months_are_checked(session):
    admin = person(session, "admin")
    draft = rubber_draft(session, admin)
    with pytest.raises(Forbidden):
        service.run_replay(
            session, draft_id=draft, months=3, actor=person(session, "staff"), now=FUTURE
        )
    with pytest.raises(InvalidInput) as refused:
        service.run_replay(session, draft_id=draft, months=0, actor=admin, now=FUTURE)
    assert refused.value.field == "months"


def test_months_before_keeps_the_day_or_takes_the_last_of_the_month():
    end_of_may = FUTURE.replace(month=5, day=31)
    assert service.months_before(end_of_may, 3).date().isoformat() == "2035-02-28"
    assert service.months_before(FUTURE, 18).date().isoformat() == "2033-12-15"
