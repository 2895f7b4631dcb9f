"""Money penalties for poor reception (seed 004 §7): set on a standing discipline record by
a superior of level 3 and above, in yuan with at most two decimals; audited."""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.db import to_money
from aftersales.errors import Conflict, InvalidInput
from aftersales.staff import access
from aftersales.staff.models import DisciplineRecord

MAX_FINE = Decimal("5000.00")


class FineNotMoney(InvalidInput):
    code = "fine_not_money"
    message_en = "The fine is an amount above 0 in yuan, at most two decimals"


def parse_fine(raw: object) -> Decimal:
    try:
        amount = Decimal(str(raw).strip())
    except InvalidOperation:
        raise FineNotMoney(field="fine") from None
    if not amount.is_finite() or amount <= 0 or amount > MAX_FINE or amount != to_money(amount):
        raise FineNotMoney(field="fine")
    return amount


def set_fine(
    session: Session,
    *,
    record_id: int,
    amount: object,
    actor: Principal,
    now: datetime,
    version: int | None = None,
) -> DisciplineRecord:
    row = access.lock_record(session, DisciplineRecord, record_id, actor=actor, version=version)
    if row.reversed_at is not None:
        raise Conflict("The record was reversed", field="id")
    fine = parse_fine(amount)
    before = {"fine": row.fine}
    row.fine, row.fined_at = fine, now
    audit.record_on(session, row, "fined", actor=actor, before=before, after={"fine": fine})
    return row
