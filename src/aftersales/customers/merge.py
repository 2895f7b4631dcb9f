"""Merge two records of one person (two phones, or a member card and a walk-in record):
every receipt, case, suggestion, care task, consent and point moves to the record kept; the
ledger stays consistent (the balance moves by a pair of `merge` entries, never by rewriting
entries); the merge is audited and an administrator can undo it.

This use case is the one place that re-points other domains' rows at a customer: the rows
stay theirs, only their customer reference follows the person."""

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.claims.models import Claim
from aftersales.complaints.models import Complaint
from aftersales.customers import directory, members, points
from aftersales.customers.care_models import CareTask
from aftersales.customers.errors import AlreadyErased, MergeRefused
from aftersales.customers.models import Customer, CustomerConsent, CustomerMerge, Member
from aftersales.customers.schemas import MergeIn
from aftersales.errors import Forbidden, InvalidInput, check_version
from aftersales.feedback.models import Suggestion
from aftersales.sales.models import Receipt

MOVED = {
    "receipt": Receipt,
    "claim": Claim,
    "complaint": Complaint,
    "suggestion": Suggestion,
    "care_task": CareTask,
    "customer_consent": CustomerConsent,
}


def _check(
    session: Session, actor: Principal, source_id: int, target_id: int
) -> tuple[Customer, Customer]:
    if actor.role != Role.admin:
        raise Forbidden()
    if source_id == target_id:
        raise InvalidInput(
            "A record cannot be merged into itself",
            field="target_id",
        )
    source = directory.get_customer(session, user=actor, customer_id=source_id, for_update=True)
    target = directory.get_customer(session, user=actor, customer_id=target_id, for_update=True)
    if source.erased_at or target.erased_at:
        raise AlreadyErased(field="source_id" if source.erased_at else "target_id")
    if session.scalar(
        select(CustomerMerge.id).where(
            CustomerMerge.source_id == source.id, CustomerMerge.undone_at.is_(None)
        )
    ):
        raise MergeRefused(field="source_id")
    return source, target


def _move(session: Session, ids: dict[str, list[int]], to: int) -> None:
    for name, row_ids in ids.items():
        if row_ids and name in MOVED:
            model = MOVED[name]
            session.execute(update(model).where(model.id.in_(row_ids)).values(customer_id=to))


def merge_customers(
    session: Session,
    *,
    source_id: int,
    data: MergeIn,
    actor: Principal,
    now: datetime,
) -> CustomerMerge:
    source, target = _check(session, actor, source_id, data.target_id)
    check_version(source.version, data.version)
    moved = {
        name: list(session.scalars(select(m.id).where(m.customer_id == source.id)))
        for name, m in MOVED.items()
    }
    _move(session, moved, target.id)
    transferred, card = _merge_members(session, source, target, now=now, actor=actor)
    if card is not None:
        moved["member"] = [card]
    row = CustomerMerge(
        source_id=source.id,
        target_id=target.id,
        moved=moved,
        points_moved=transferred,
        at=now,
        actor_id=actor.id,
    )
    session.add(row)
    session.flush()
    after = {
        "source_id": source.id,
        "points": transferred,
        **{k: len(v) for k, v in moved.items()},
    }
    audit.record_on(session, target, "merged", actor=actor, after=after)
    return row


def _merge_members(
    session: Session, source: Customer, target: Customer, *, now: datetime, actor: Principal
) -> tuple[int, int | None]:
    """The source's membership moves whole when the target has none (answers its id);
    otherwise its balance moves by a pair of entries and it is marked merged into the
    target's (answers the points moved)."""
    old, kept = members.member_of(session, source.id), members.member_of(session, target.id)
    if old is None:
        return 0, None
    if kept is None:
        number, source.member_no = source.member_no, None
        session.flush()  # the unique member number leaves the source before the target has it
        target.member_no = number
        session.execute(update(Member).where(Member.id == old.id).values(customer_id=target.id))
        return 0, old.id
    balance = old.points
    if balance:
        note = {
            "reason": "merge",
            "note": f"合并 #{source.id} → #{target.id}",
            "actor_id": actor.id,
        }
        points._append(session, old.id, [{"delta": -balance, **note}], at=now)
        points._append(session, kept.id, [{"delta": balance, **note}], at=now)
    session.execute(update(Member).where(Member.id == old.id).values(merged_into_id=kept.id))
    return balance, None


def undo_merge(
    session: Session, *, merge_id: int, actor: Principal, now: datetime
) -> CustomerMerge:
    if actor.role != Role.admin:
        raise Forbidden()
    row = session.get(CustomerMerge, merge_id, with_for_update=True)
    if row is None or row.undone_at is not None:
        raise MergeRefused(field="id")
    _move(session, row.moved, row.source_id)
    _unmerge_members(session, row, now=now, actor=actor)
    row.undone_at, row.undone_by_id = now, actor.id
    session.flush()
    after = {"source_id": row.source_id}
    audit.record(session, "customer", row.target_id, "merge_undone", actor=actor, after=after)
    return row


def _unmerge_members(
    session: Session, row: CustomerMerge, *, now: datetime, actor: Principal
) -> None:
    old = session.scalars(
        select(Member).where(
            Member.merged_into_id.is_not(None), Member.customer_id == row.source_id
        )
    ).first()
    if old is not None:  # a pair of entries gave the balance to the target: give it back
        if row.points_moved:
            note: dict[str, Any] = {
                "reason": "merge",
                "note": f"撤销合并 #{row.id}",
                "actor_id": actor.id,
            }
            points._append(
                session, old.merged_into_id, [{"delta": -row.points_moved, **note}], at=now
            )
            points._append(session, old.id, [{"delta": row.points_moved, **note}], at=now)
        session.execute(update(Member).where(Member.id == old.id).values(merged_into_id=None))
        return
    for member_id in row.moved.get("member", []):  # the card moved whole: move it back
        source = session.get_one(Customer, row.source_id)
        target = session.get_one(Customer, row.target_id)
        number, target.member_no = target.member_no, None
        session.flush()
        source.member_no = number
        session.execute(update(Member).where(Member.id == member_id).values(customer_id=source.id))
