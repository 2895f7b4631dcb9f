"""What the customer page shows, loaded in full before the template renders."""

import secrets
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.customers import access, directory, members, profile
from aftersales.customers.models import PointEntry, TierChange, Voucher
from aftersales.customers.present import customer_json
from aftersales.customers.timeline import LIMIT as TIMELINE_LIMIT
from aftersales.customers.timeline import timeline
from aftersales.web.render import render

HIDDEN_EVENTS = {"personal_data_viewed"}  # the administrator's access log, not the history


R = TypeVar("R", Voucher, TierChange)
LEDGER_ROWS = 20  # the ledger card; the timeline shows up to its own LIMIT of the same rows


def _ledger(db: Session, member_id: int) -> list[PointEntry]:
    return list(
        db.scalars(
            select(PointEntry)
            .where(PointEntry.member_id == member_id)
            .order_by(PointEntry.at.desc(), PointEntry.id.desc())
            .limit(TIMELINE_LIMIT)
        )
    )


def _newest(db: Session, table: type[R], member_id: int, limit: int) -> list[R]:
    """The member's newest rows of `table`, the newest first."""
    rows = select(table).where(table.member_id == member_id)
    return list(db.scalars(rows.order_by(table.id.desc()).limit(limit)))


def detail_context(db: Session, user: Principal, customer_id: int) -> dict[str, Any]:
    customer = directory.get_customer(db, user=user, customer_id=customer_id)
    member = members.member_of(db, customer.id)
    # The history carries old names and phones: only roles that see personal data read it.
    # The administrator reads the access log there too.
    events = (
        [
            e
            for e in audit.history(db, entity="customer", entity_id=customer.id)
            if e.action not in HIDDEN_EVENTS or user.role == "admin"
        ]
        if access.shows_pii(user)
        else []
    )
    ledger = _ledger(db, member.id) if member else []
    consents = profile.consents(db, customer_id=customer.id)
    return {
        "customer": customer,
        "shown": customer_json(customer, user),
        "member": member,
        "ledger": ledger[:LEDGER_ROWS],
        "vouchers": _newest(db, Voucher, member.id, 10) if member else [],
        "tier_changes": _newest(db, TierChange, member.id, 5) if member else [],
        "consents": consents,
        "timeline": timeline(
            db, user=user, customer_id=customer.id, ledger=ledger, consents=consents
        ),
        "events": events,
        "redeem_key": secrets.token_hex(16),
        "can": {
            a: access.can(user, a)
            for a in ("edit", "consent", "enrol", "redeem", "adjust", "export")
        },
    }


def render_detail(
    request: Request,
    db: Session,
    user: Principal,
    customer_id: int,
    *,
    errors: dict[str, str] | None = None,
    form: str = "",
    status: int = 200,
) -> Response:
    context = detail_context(db, user, customer_id)
    return render(
        request, "customers/detail.html", status=status, errors=errors or {}, failed=form, **context
    )
