"""Five hand-counted claims opened in the week of 3-9 March 2025: a return, the 3x
compensation of seed case 2 (overridden by a supervisor), a price difference, a return in
S2, and one still open. Opened through the service, then pinned to the week with the money
each one paid."""

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from aftersales.claims import open as claims
from aftersales.claims.models import Claim
from aftersales.db import utcnow
from aftersales.sales import service as sales
from aftersales.sales.schemas import SaleCreate
from tests.claims.factories import BOOTS, claim_in, person
from tests.complaints.factories import cst
from tests.sales.factories import sale_body


def _claim(session: Session, counter: str, **cols: Any) -> Claim:
    # A new SKU each time: the sales domain caches product ids across (rolled back) tests.
    sku = f"FW-R{uuid.uuid4().hex[:8]}"
    body = sale_body(lines=[BOOTS | {"sku": sku}], counter=counter, store=counter[:2], staff=None)
    sales.record_sale(session, data=SaleCreate.model_validate(body), actor=person(session, "admin"))
    claim = claims.open_claim(
        session,
        data=claim_in(body["receipt_no"], sku=sku),
        actor=person(session, "admin"),
        now=utcnow(),
    )
    session.execute(
        update(Claim).where(Claim.id == claim.id).values(opened_at=cst(2025, 3, 5, 15, 0), **cols)
    )
    session.flush()
    return claim


def build_claims(session: Session) -> None:
    _claim(
        session, "S1-F1-C01", remedy="return", refund_amount=Decimal("813.59"), status="fulfilled"
    )
    _claim(
        session,
        "S1-F1-C01",
        remedy="compensation",
        refund_amount=Decimal("3000.00"),
        overridden=True,
        status="fulfilled",
    )
    _claim(
        session,
        "S1-F2-C01",
        remedy="refund_difference",
        refund_amount=Decimal("328.00"),
        status="fulfilled",
    )
    _claim(
        session, "S2-F1-C01", remedy="return", refund_amount=Decimal("100.00"), status="fulfilled"
    )
    _claim(session, "S1-F1-C01")  # still open: no remedy, no money
