"""What outcomes cost (gifts, compensation...), as a ledger by store and counter and by kind
of outcome: the agreed proposals' items of complaints, counted on the day the customer
confirmed the agreement, and the compensation for late deliveries (the store's delivery
promise, rows naming a work order), counted on the day it was recorded. One set-based query
over both, grouped once."""

from decimal import Decimal
from typing import Any

from sqlalchemy import String, and_, func, literal, select, union_all
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.complaints.models import Complaint, ComplaintAgreement, ComplaintOutcome
from aftersales.org.models import Counter
from aftersales.repairs.models import WorkOrder
from aftersales.supervision.reports.labels import label_rows
from aftersales.supervision.reports.period import Period
from aftersales.supervision.reports.places import Scope

C, AG, OC, WO = Complaint, ComplaintAgreement, ComplaintOutcome, WorkOrder
# The ledger's kind for a late delivery's compensation, apart from a complaint's.
LATE_DELIVERY = "late_delivery"


def _placed(stmt: Any, user: Principal, scope: Scope, store: Any, counter: Any) -> Any:
    return scope.narrow(stmt, user, store=store, counter=counter)


def _agreed(user: Principal, period: Period, scope: Scope) -> Any:
    store, counter = C.store_id + 0, C.counter_id + 0  # drive from the agreements
    stmt = (
        select(
            OC.kind.label("kind"),
            C.store_id.label("store"),
            C.counter_id.label("counter"),
            OC.cost.label("cost"),
        )
        .select_from(OC)
        .join(AG, and_(AG.complaint_id == OC.complaint_id, AG.proposal_no == OC.proposal_no))
        .join(C, C.id == OC.complaint_id)
        .outerjoin(Counter, Counter.id == C.counter_id)
        .where(AG.confirmed_at >= period.utc_start, AG.confirmed_at < period.utc_end)
    )
    return _placed(stmt, user, scope, store, counter)


def _late_deliveries(user: Principal, period: Period, scope: Scope) -> Any:
    stmt = (
        select(
            literal(LATE_DELIVERY, String(20)).label("kind"),
            WO.store_id.label("store"),
            WO.counter_id.label("counter"),
            OC.cost.label("cost"),
        )
        .select_from(OC)
        .join(WO, WO.id == OC.work_order_id)
        .outerjoin(Counter, Counter.id == WO.counter_id)
        .where(
            OC.work_order_id.is_not(None),
            OC.proposed_at >= period.utc_start,
            OC.proposed_at < period.utc_end,
        )
    )
    return _placed(stmt, user, scope, WO.store_id, WO.counter_id)


def _items(user: Principal, period: Period, scope: Scope, by: str) -> Any:
    rows = union_all(_agreed(user, period, scope), _late_deliveries(user, period, scope)).subquery()
    key = rows.c[by]
    return select(
        key.label("k"), func.count().label("count"), func.sum(rows.c.cost).label("cost")
    ).group_by(key)


def cost_ledger(
    session: Session, *, user: Principal, period: Period, scope: Scope, lang: str
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, by in (("by_kind", "kind"), ("by_store", "store"), ("by_counter", "counter")):
        raw = [dict(r._mapping) for r in session.execute(_items(user, period, scope, by))]
        for r in raw:
            r["cost"] = f"{(r['cost'] or Decimal('0')):.2f}"
        out[name] = label_rows(session, raw, by=by, lang=lang, figures=("count", "cost"))
    total = sum((Decimal(r["cost"]) for r in out["by_kind"]), Decimal("0.00"))
    out["total"] = {"count": sum(r["count"] for r in out["by_kind"]), "cost": f"{total:.2f}"}
    return out
