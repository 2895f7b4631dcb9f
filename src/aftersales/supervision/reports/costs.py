"""What complaint outcomes cost (gifts, compensation...): the agreed proposals' items, as a
ledger by store and counter and by kind of outcome, counted on the day the customer
confirmed the agreement."""

from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.auth.scope import scoped
from aftersales.complaints.models import Complaint, ComplaintAgreement, ComplaintOutcome
from aftersales.org.models import Counter
from aftersales.supervision.reports.labels import label_rows
from aftersales.supervision.reports.period import Period
from aftersales.supervision.reports.places import Scope

C, AG, OC = Complaint, ComplaintAgreement, ComplaintOutcome


def _items(user: Principal, period: Period, scope: Scope, key: Any) -> Any:
    stmt = (
        select(key.label("k"), func.count().label("count"), func.sum(OC.cost).label("cost"))
        .select_from(OC)
        .join(AG, and_(AG.complaint_id == OC.complaint_id, AG.proposal_no == OC.proposal_no))
        .join(C, C.id == OC.complaint_id)
        .outerjoin(Counter, Counter.id == C.counter_id)
        .where(AG.confirmed_at >= period.utc_start, AG.confirmed_at < period.utc_end)
    )
    store, counter = C.store_id + 0, C.counter_id + 0  # drive from the agreements
    for column, value in (
        (store, scope.store_id),
        (counter, scope.counter_id),
        (Counter.floor_id, scope.floor_id),
        (Counter.brand_id, scope.brand_id),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    return scoped(stmt, user, store=store, counter=counter).group_by(key)


def cost_ledger(
    session: Session, *, user: Principal, period: Period, scope: Scope, lang: str
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, by, key in (
        ("by_kind", "kind", OC.kind),
        ("by_store", "store", C.store_id),
        ("by_counter", "counter", C.counter_id),
    ):
        raw = [dict(r._mapping) for r in session.execute(_items(user, period, scope, key))]
        for r in raw:
            r["cost"] = f"{(r['cost'] or Decimal('0')):.2f}"
        out[name] = label_rows(session, raw, by=by, lang=lang, figures=("count", "cost"))
    total = sum((Decimal(r["cost"]) for r in out["by_kind"]), Decimal("0.00"))
    out["total"] = {"count": sum(r["count"] for r in out["by_kind"]), "cost": f"{total:.2f}"}
    return out
