"""PIPL requests: an export of everything held about one customer, and erasure that
anonymises the person while receipts, cases, points and statistics stay as they were."""

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.claims.models import Claim
from aftersales.complaints.models import Complaint
from aftersales.customers import access, directory
from aftersales.customers.care_models import CareTask
from aftersales.customers.errors import AlreadyErased
from aftersales.customers.models import Customer, CustomerConsent, Member, PointEntry, Voucher
from aftersales.errors import check_version
from aftersales.feedback.models import Suggestion
from aftersales.sales.models import Receipt

PROFILE = [
    "id",
    "name",
    "phone",
    "member_no",
    "birthday",
    "gender",
    "address",
    "tags",
    "notes",
    "marketing_consent",
    "created_at",
    "erased_at",
]


# What is exported of each table that holds a customer's rows, in the export's order.
_CUSTOMER_ROWS: dict[str, tuple[Any, list[str]]] = {
    "consents": (CustomerConsent, ["at", "granted", "channel", "note", "recorded_by_id"]),
    "receipts": (Receipt, ["receipt_no", "sold_at", "total_paid", "store_id", "counter_id"]),
    "claims": (
        Claim,
        ["id", "receipt_no", "item_name", "problem", "status", "opened_at", "refund_amount"],
    ),
    "complaints": (Complaint, ["tracking_code", "title", "status", "created_at"]),
    "suggestions": (Suggestion, ["reference", "text", "status", "reply", "created_at"]),
    "care_tasks": (CareTask, ["channel", "text", "due_on", "outcome", "done_at"]),
}
_MEMBER_ROWS: dict[str, tuple[Any, list[str]]] = {
    "ledger": (PointEntry, ["at", "delta", "balance", "reason", "receipt_no", "claim_id"]),
    "vouchers": (Voucher, ["code", "kind", "value", "expires_on", "redeemed_at"]),
}


def _rows(session: Session, model: Any, where: Any, fields: list[str]) -> list[dict]:
    return [
        audit.snapshot(r, fields)
        for r in session.scalars(select(model).where(where).order_by(model.id))
    ]


def _owned(
    session: Session, tables: dict[str, tuple[Any, list[str]]], *, owner: str, owner_id: int
) -> dict[str, list[dict]]:
    return {
        name: _rows(session, model, getattr(model, owner) == owner_id, fields)
        for name, (model, fields) in tables.items()
    }


def export_customer(session: Session, *, customer_id: int, actor: Principal) -> dict[str, Any]:
    access.require(actor, "export")
    c = directory.get_customer(session, user=actor, customer_id=customer_id)
    member = session.scalars(select(Member).where(Member.customer_id == c.id)).one_or_none()
    data: dict[str, Any] = {
        "customer": audit.snapshot(c, PROFILE),
        **_owned(session, _CUSTOMER_ROWS, owner="customer_id", owner_id=c.id),
        "member": None,
    }
    if member is not None:
        data["member"] = audit.snapshot(member, ["member_no", "tier", "since", "points"]) | _owned(
            session, _MEMBER_ROWS, owner="member_id", owner_id=member.id
        )
    audit.record_on(session, c, "exported", actor=actor)
    return data


def customer_to_erase(
    session: Session, *, customer_id: int, actor: Principal, version: int | None = None
) -> Customer:
    """The customer row, locked, once the actor may erase it and it is not erased yet."""
    access.require(actor, "export")
    c = directory.get_customer(session, user=actor, customer_id=customer_id, for_update=True)
    check_version(c.version, version)
    if c.erased_at is not None:
        raise AlreadyErased(field="id")
    return c


def erase_customer(session: Session, c: Customer, *, actor: Principal, now: datetime) -> None:
    """Replace the person's name, phone and profile; keep the record and every row that
    points at it, so sales, cases and point totals count the same as before. The copies
    other domains hold are cleared by their own services (aftersales/erasure.py)."""
    c.name, c.phone, c.member_no = "已删除", f"ERASED-{c.id}", None
    c.birthday = c.gender = c.address = c.notes = None
    c.tags, c.marketing_consent, c.erased_at = None, False, now
    session.execute(
        update(Member).where(Member.customer_id == c.id).values(member_no=f"ERASED-{c.id}")
    )
    session.flush()
    audit.record_on(session, c, "erased", actor=actor)
