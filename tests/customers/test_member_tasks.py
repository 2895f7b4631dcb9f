"""The worker's member jobs: expiry of a year's unspent points (oldest spent first), the
December warning, birthday vouchers redeemed once, tiers by 12-month spend."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from aftersales.customers import benefits, expiry, points, tiers
from aftersales.customers.errors import VoucherNotUsable
from aftersales.customers.models import Customer, MemberNotice, TierChange, Voucher
from aftersales.customers.schemas import EnrolIn
from aftersales.customers.tasks import claim_run
from aftersales.notify.models import OutboxMessage
from tests.claims.factories import person
from tests.customers.factories import ledger, line, member, member_sale, new_member_no, new_phone


def _member(session, *, birthday: date | None = None):  # noqa: ANN202
    no, phone = new_member_no(), new_phone()
    member_sale(session, member_no=no, phone=phone, lines=[line("0.00")])
    if birthday:
        customer = session.scalars(select(Customer).where(Customer.phone == phone)).one()
        customer.birthday = birthday
        session.flush()
    return member(session, no), phone


def _at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_the_unspent_points_of_a_year_expire_at_the_end_of_the_next(session):
    m, _ = _member(session)
    points._append(session, m.id, [{"delta": 500, "reason": "sale"}], at=_at(2024, 6, 1))
    points._append(session, m.id, [{"delta": -200, "reason": "redeem"}], at=_at(2025, 3, 1))
    points._append(session, m.id, [{"delta": 300, "reason": "sale"}], at=_at(2025, 8, 1))
    now = _at(2026, 1, 2)
    assert expiry.expire_year(session, year=2024, now=now, batch=100000)[0] >= 1
    last = ledger(session, m.id)[-1]
    assert (last.delta, last.balance, last.reason, last.period) == (-300, 300, "expire", "2024")
    assert expiry.expire_year(session, year=2024, now=now, batch=100000)[0] == 0
    assert member(session, m.member_no).points == 300 == points.ledger_sum(session, m.id)


def test_members_are_warned_once_in_december(session):
    m, phone = _member(session)
    points._append(session, m.id, [{"delta": 120, "reason": "sale"}], at=_at(2025, 5, 1))
    now = _at(2026, 12, 1)
    expiry.warn_members(session, year=2025, now=now, batch=100000)
    expiry.warn_members(session, year=2025, now=now, batch=100000)
    sms = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == phone)).all()
    assert len(sms) == 1 and "120 积分" in sms[0].body
    assert session.get(MemberNotice, (m.id, "expiry", "2025")) is not None


def test_a_birthday_voucher_is_issued_once_and_redeemed_once(session):
    now = datetime.now(UTC)
    m, phone = _member(session, birthday=date(1990, now.astimezone().month, 1))
    while benefits.issue_birthday_vouchers(session, now=now):
        pass
    vouchers = session.scalars(select(Voucher).where(Voucher.member_id == m.id)).all()
    assert len(vouchers) == 1 and vouchers[0].value == benefits.BIRTHDAY_VALUE
    assert vouchers[0].expires_on >= now.date()
    # No consent to care messages: the voucher is issued, the greeting is not sent.
    assert (
        session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == phone)).all() == []
    )
    staff = person(session, "staff")
    used = benefits.redeem_voucher(
        session, code=vouchers[0].code, receipt_no="R-1", actor=staff, now=now
    )
    assert used.redeemed_at is not None and used.receipt_no == "R-1"
    with pytest.raises(VoucherNotUsable):
        benefits.redeem_voucher(
            session, code=vouchers[0].code, receipt_no=None, actor=staff, now=now
        )


def test_tiers_follow_the_last_twelve_months_spend_with_history(session):
    no, phone = new_member_no(), new_phone()
    member_sale(session, member_no=no, phone=phone, lines=[line("3000.00"), line("2500.00")])
    member_sale(session, member_no=no, phone=phone, days_ago=400, lines=[line("30000.00")])
    m = member(session, no)
    after = m.id - 1
    tiers.recompute_tiers(session, now=datetime.now(UTC), after_id=after, batch=1)
    assert member(session, no).tier == "silver"
    change = session.scalars(select(TierChange).where(TierChange.member_id == m.id)).one()
    assert (change.old_tier, change.new_tier, str(change.spend)) == (
        "standard",
        "silver",
        "5500.00",
    )


def test_a_days_run_is_claimed_by_one_worker(factory):
    period = (datetime.now(UTC) + timedelta(days=4000)).date().isoformat()
    assert claim_run(factory, "test_job", period) is True
    assert claim_run(factory, "test_job", period) is False


def test_a_referrer_earns_once_the_first_purchase_was_not_returned(session):
    from aftersales.customers import members as member_service
    from aftersales.customers import referrals

    referrer_no, new_no, phone = new_member_no(), new_member_no(), new_phone()
    member_sale(session, member_no=referrer_no, phone=new_phone(), lines=[line("10.00")])
    member_sale(session, member_no=None, phone=phone, days_ago=9, lines=[line("500.00")])
    customer = session.scalars(select(Customer).where(Customer.phone == phone)).one()
    member_service.enrol(
        session,
        customer_id=customer.id,
        data=EnrolIn(member_no=new_no, referred_by=referrer_no),
        actor=person(session, "staff"),
        today=datetime.now(UTC).date(),
    )
    now = datetime.now(UTC)
    referrals.reward_referrers(session, now=now, batch=100000)
    referrals.reward_referrers(session, now=now, batch=100000)
    entries = [
        e for e in ledger(session, member(session, referrer_no).id) if e.reason == "referral"
    ]
    assert [e.delta for e in entries] == [referrals.REFERRAL_POINTS]
