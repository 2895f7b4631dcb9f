"""A refund whose points were already spent: the store's rule decides.

`negative` (the default): the reversal takes the member's balance below zero and the
member sees it. `deduct`: the points the balance no longer holds are paid for out of the
refund at the store's point value; the ledger gets the reversal and a `refund_deduction`
entry that brings the balance back to where it stood (never below zero), the deduction is
recorded beside the claim, audited, and shown to the clerk before and after paying."""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.customers import access
from aftersales.customers.member_models import PointRefundDeduction, PointsRefundSetting
from aftersales.customers.models import Member
from aftersales.errors import InvalidInput, check_version
from aftersales.org.models import Store
from aftersales.sales.models import Receipt

RULES = ("negative", "deduct")
DEFAULT = ("negative", Decimal("0.01"))
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Deduction:
    points: int  # points the balance no longer held
    value: Decimal  # yuan kept back from the refund


def setting(session: Session, store_id: int | None) -> tuple[str, Decimal]:
    """(rule, yuan per point) of a store; the defaults when nobody set one."""
    if store_id is None:
        return DEFAULT
    row = session.get(PointsRefundSetting, store_id)
    return (row.rule, row.point_value) if row else DEFAULT


def receipt_store(session: Session, receipt_id: int) -> int | None:
    return session.scalar(select(Receipt.store_id).where(Receipt.id == receipt_id))


def deduction_for(
    *, rule: str, point_value: Decimal, points: int, balance: int, amount: Decimal
) -> Deduction | None:
    """What a reversal of `points` from `balance` keeps back from a refund of `amount`."""
    spent = points - max(balance, 0)
    if rule != "deduct" or spent <= 0:
        return None
    value = min((point_value * spent).quantize(CENT, rounding=ROUND_HALF_UP), amount)
    return Deduction(spent, value)


def settle(
    session: Session,
    *,
    claim_id: int,
    member_id: int,
    deduction: Deduction,
    actor: Principal | None,
    now: datetime,
) -> dict[str, Any]:
    """The ledger entry and the claim's deduction row, in the refund's transaction."""
    session.add(
        PointRefundDeduction(
            claim_id=claim_id,
            member_id=member_id,
            points=deduction.points,
            value=deduction.value,
            at=now,
        )
    )
    session.flush()
    after = {"points": deduction.points, "value": deduction.value, "member_id": member_id}
    audit.record(session, "claim", claim_id, "points_value_deducted", actor=actor, after=after)
    return {
        "delta": deduction.points,
        "reason": "refund_deduction",
        "claim_id": claim_id,
        "note": f"¥{deduction.value:.2f}",
        "actor_id": actor.id if actor else None,
    }


def recorded(session: Session, claim_id: int) -> PointRefundDeduction | None:
    return session.get(PointRefundDeduction, claim_id)


def settings_rows(session: Session, *, user: Principal) -> list[dict[str, Any]]:
    """Every store with its rule (the defaults where none was set)."""
    access.require(user, "rules")
    rows = session.execute(
        select(Store.id, Store.code, Store.name, PointsRefundSetting)
        .outerjoin(PointsRefundSetting, PointsRefundSetting.store_id == Store.id)
        .order_by(Store.code)
    ).all()
    return [
        {
            "store_id": sid,
            "store": f"{code} {name}",
            "rule": s.rule if s else DEFAULT[0],
            "point_value": s.point_value if s else DEFAULT[1],
            "version": s.version if s else None,
        }
        for sid, code, name, s in rows
    ]


def set_rule(
    session: Session,
    *,
    store_id: int,
    rule: str,
    point_value: Decimal,
    actor: Principal,
    now: datetime,
    version: int | None = None,
) -> PointsRefundSetting:
    """The administrator's choice for one store, audited; a stale form gets 409."""
    access.require(actor, "rules")
    if rule not in RULES:
        raise InvalidInput("Unknown rule", field="rule")
    if not CENT <= point_value <= Decimal("100"):
        raise InvalidInput(
            "The point value must be between 0.01 and 100 yuan",
            field="point_value",
        )
    if session.get(Store, store_id) is None:
        raise InvalidInput("Unknown store", field="store_id")
    row = session.get(PointsRefundSetting, store_id, with_for_update=True)
    if row is None:
        row = PointsRefundSetting(store_id=store_id)
        session.add(row)
    else:
        check_version(row.version, version)
    before = {"rule": row.rule, "point_value": row.point_value}
    row.rule, row.point_value, row.updated_at = rule, point_value, now
    session.flush()
    after = {"rule": rule, "point_value": point_value}
    audit.record(
        session,
        "store",
        store_id,
        "points_refund_rule_set",
        actor=actor,
        before=before,
        after=after,
    )
    return row


def member_balance(session: Session, member_id: int) -> int:
    return session.scalar(select(Member.points).where(Member.id == member_id)) or 0
