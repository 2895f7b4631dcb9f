"""Deliver a claim's remedy: choose it, pay the refund, hand over the exchange, finish the
repair, close. Every status change goes through state.transition()/apply()."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.claims import state
from aftersales.claims.access import STOCK_KEEPERS, lock_claim, require, writer_step
from aftersales.claims.errors import (
    RefundAboveAllowed,
    RemedyNotGranted,
    StockAlreadyConfirmed,
    StockNotFound,
)
from aftersales.claims.grants import allowed_amount, basis_of, resolve_remedy
from aftersales.claims.models import Claim, ClaimStatus, ReturnedStock
from aftersales.customers import points
from aftersales.errors import InvalidInput
from aftersales.repairs import service as repairs
from aftersales.repairs.models import WorkKind, WorkOrder
from aftersales.repairs.schemas import StepIn

S = ClaimStatus
NEXT_STATUS = {
    "return": S.refund_pending,
    "refund_difference": S.payment_pending,
    "compensation": S.payment_pending,
    "exchange": S.exchange_pending,
    "free_repair": S.repairing,
    "paid_repair": S.repairing,
}


@writer_step({S.open})
def choose_remedy(
    session: Session, claim: Claim, *, remedy: str, actor: Principal, now: datetime
) -> Claim:
    chosen = resolve_remedy(claim, remedy)
    if chosen is None:
        raise RemedyNotGranted(field="remedy")
    state.apply(
        session,
        claim,
        NEXT_STATUS[chosen],
        actor=actor,
        now=now,
        changes={"remedy": chosen},
        action="remedy_chosen",
    )
    if chosen in ("free_repair", "paid_repair"):
        kind = WorkKind.free if chosen == "free_repair" else WorkKind.paid
        repairs.open_work_order(session, item=_repair_item(claim), kind=kind, actor=actor, now=now)
    return claim


def _repair_item(claim: Claim) -> repairs.RepairItem:
    return repairs.RepairItem(
        claim.id,
        claim.receipt_line_id,
        claim.store_id,
        claim.counter_id,
        claim.sku,
        claim.item_name,
        claim.problem,
        claim.part,
    )


@writer_step({S.refund_pending, S.payment_pending})
def record_refund(
    session: Session,
    claim: Claim,
    *,
    amount: Decimal,
    method: str,
    actor: Principal,
    now: datetime,
    legal_basis: str | None = None,
) -> Claim:
    """Pay a return's refund (and take the item into returned stock), a price difference,
    or compensation with its legal basis. Never more than the decision allowed."""
    _check_amount(claim, amount)
    basis = legal_basis or (
        basis_of(claim, claim.remedy or "") if claim.remedy == "compensation" else None
    )
    state.apply(
        session,
        claim,
        S.fulfilled,
        actor=actor,
        now=now,
        action="refund_paid",
        changes={"refund_amount": amount, "refund_method": method, "legal_basis": basis},
    )
    if claim.remedy == "return":
        session.add(
            ReturnedStock(
                claim_id=claim.id,
                store_id=claim.store_id,
                counter_id=claim.counter_id,
                sku=claim.sku,
                qty=1,
                received_at=now,
            )
        )
        session.flush()
    if claim.remedy in ("return", "refund_difference"):  # the line's points go back
        points.take_back(
            session,
            claim_id=claim.id,
            receipt_line_id=claim.receipt_line_id,
            amount=amount,
            actor=actor,
            now=now,
        )
    return claim


def _check_amount(claim: Claim, amount: Decimal) -> None:
    if amount <= 0:
        raise InvalidInput("The amount must be more than zero", field="amount")
    limit = allowed_amount(claim, claim.remedy or "")
    if limit is None or amount > limit:
        raise RefundAboveAllowed(
            field="amount", extra={"allowed": None if limit is None else f"{limit:.2f}"}
        )


@writer_step({S.exchange_pending})
def record_exchange(
    session: Session, claim: Claim, *, sku: str, actor: Principal, now: datetime
) -> Claim:
    return state.apply(
        session,
        claim,
        S.fulfilled,
        actor=actor,
        now=now,
        action="exchange_given",
        changes={"exchange_sku": sku},
    )


# Any state but repairing: only a work order's hand-back ends a repair.
@writer_step(set(S) - {S.repairing})
def close_claim(
    session: Session, claim: Claim, *, note: str, actor: Principal, now: datetime
) -> Claim:
    return state.apply(
        session, claim, S.closed, actor=actor, now=now, changes={"close_note": note or None}
    )


def finish_repair(
    session: Session,
    *,
    work_order_id: int,
    fixed: bool,
    actor: Principal,
    now: datetime,
    version: int | None = None,
) -> WorkOrder:
    """Hand the item back; its claim is fulfilled (or closed when the quote was declined).
    Work order first, then claim: the fixed lock order of this use case."""
    order = repairs.hand_back(
        session,
        work_order_id=work_order_id,
        fixed=fixed,
        actor=actor,
        now=now,
        version=version,
    )
    if order.claim_id is not None:
        declined = order.fixed is None
        claim = lock_claim(session, user=actor, claim_id=order.claim_id)
        state.apply(
            session,
            claim,
            S.closed if declined else S.fulfilled,
            actor=actor,
            now=now,
            action="repair_handed_back",
            changes={"close_note": "quote declined"} if declined else {},
        )
    return order


def hand_back(
    session: Session, *, work_order_id: int, body: StepIn, actor: Principal, now: datetime
) -> WorkOrder:
    """The hand-back step as both doors take it (the work-order step body)."""
    fixed, version = body.fixed, body.version
    return finish_repair(
        session, work_order_id=work_order_id, fixed=fixed, actor=actor, now=now, version=version
    )


def confirm_returned_stock(
    session: Session, *, stock_id: int, actor: Principal, now: datetime
) -> ReturnedStock:
    """The warehouse confirms a returned item is in stock (its own store's only)."""
    require(actor, STOCK_KEEPERS)
    stmt = select(ReturnedStock).where(ReturnedStock.id == stock_id)
    if actor.store_id is not None and actor.role != "admin":
        stmt = stmt.where(ReturnedStock.store_id == actor.store_id)
    row = session.scalars(stmt.with_for_update()).one_or_none()
    if row is None:
        raise StockNotFound(field="id")
    if row.confirmed_at is not None:
        raise StockAlreadyConfirmed(field="id")
    row.confirmed_at, row.confirmed_by_id = now, actor.id
    session.flush()
    after = {"sku": row.sku, "qty": row.qty}
    audit.record(
        session, "claim", row.claim_id, "returned_stock_confirmed", actor=actor, after=after
    )
    return row


def link_complaint(
    session: Session, *, claim_id: int, complaint_id: int, actor: Principal | None
) -> Claim:
    """The claim turned into a complaint points back to it (the complaint holds claim_id)."""
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise InvalidInput("No such claim", field="claim_id")
    before = claim.complaint_id
    claim.complaint_id = complaint_id
    after = {"complaint_id": complaint_id}
    audit.record_on(
        session,
        claim,
        "complaint_linked",
        actor=actor,
        before={"complaint_id": before},
        after=after,
    )
    return claim
