"""Benefits: the birthday voucher (issued once in the birthday month, with an expiry, the
member told when they agreed to care messages) and redeeming a voucher once, audited."""

import calendar
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import extract, insert, select, update
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.customers import access
from aftersales.customers.errors import VoucherNotUsable
from aftersales.customers.messages import Purpose, tell_customer
from aftersales.customers.models import Customer, Member, Voucher
from aftersales.deadlines import DEFAULT_TZ
from aftersales.random_codes import random_code

BIRTHDAY_VALUE = Decimal("50.00")


def _code() -> str:
    return "V" + random_code(9)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def issue_birthday_vouchers(
    session: Session, *, now: datetime, tz: str = DEFAULT_TZ, batch: int = 1000
) -> int:
    """One batch: members born this (local) month without this year's voucher get one,
    valid to the month's end. Answers how many were issued (0 when all are done)."""
    today = now.astimezone(ZoneInfo(tz)).date()
    has = (
        select(Voucher.id)
        .where(
            Voucher.member_id == Member.id, Voucher.kind == "birthday", Voucher.year == today.year
        )
        .exists()
    )
    due = list(
        session.execute(
            select(Member.id, Customer)
            .join(Customer, Customer.id == Member.customer_id)
            .where(extract("month", Customer.birthday) == today.month, ~has)
            .order_by(Member.id)
            .limit(batch)
        ).all()
    )
    if not due:
        return 0
    expires = _month_end(today)
    session.execute(
        insert(Voucher),
        [
            {
                "code": _code(),
                "member_id": member_id,
                "kind": "birthday",
                "year": today.year,
                "value": BIRTHDAY_VALUE,
                "issued_at": now,
                "expires_on": expires,
            }
            for member_id, _ in due
        ],
    )
    for _, customer in due:
        tell_customer(
            session,
            customer=customer,
            purpose=Purpose.care,
            subject="生日快乐",
            body=f"祝您生日快乐！{BIRTHDAY_VALUE:.0f} 元生日礼券已存入您的会员账户，"
            f"{expires:%m月%d日}前有效。",
        )
    return len(due)


def redeem_voucher(
    session: Session,
    *,
    code: str,
    receipt_no: str | None,
    actor: Principal,
    now: datetime,
    tz: str = DEFAULT_TZ,
) -> Voucher:
    """Once only: the conditional UPDATE refuses a used or expired voucher."""
    access.require(actor, "redeem")
    today = now.astimezone(ZoneInfo(tz)).date()
    done = session.execute(
        update(Voucher)
        .where(Voucher.code == code, Voucher.redeemed_at.is_(None), Voucher.expires_on >= today)
        .values(redeemed_at=now, redeemed_by_id=actor.id, receipt_no=receipt_no)
    )
    if done.rowcount != 1:
        raise VoucherNotUsable(field="code")
    voucher = session.scalars(
        select(Voucher).where(Voucher.code == code).execution_options(populate_existing=True)
    ).one()
    after = {"code": code, "value": voucher.value, "receipt_no": receipt_no}
    audit.record(session, "member", voucher.member_id, "voucher_redeemed", actor=actor, after=after)
    return voucher
