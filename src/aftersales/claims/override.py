"""A supervisor's override of a decision: level 3 and up, with a written reason, audited
and counted (the `overridden` column is indexed for the reports)."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.claims.access import lock_claim, require_override
from aftersales.claims.errors import ReasonRequired, TransitionNotAllowed
from aftersales.claims.grants import MONEY_REMEDIES
from aftersales.claims.models import Claim, ClaimStatus
from aftersales.errors import InvalidInput

MIN_REASON = 4  # "同意" is not a reason a reviewer can judge later


def override_decision(
    session: Session,
    *,
    claim_id: int,
    remedy: str,
    reason: str,
    actor: Principal,
    now: datetime,
    amount: Decimal | None = None,
    version: int | None = None,
) -> Claim:
    require_override(actor)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ReasonRequired(field="reason")
    claim = lock_claim(session, user=actor, claim_id=claim_id, version=version)
    if claim.status != ClaimStatus.open:
        raise TransitionNotAllowed(field="status", extra={"status": str(claim.status)})
    remedy = "free_repair" if remedy == "repair" else remedy
    if remedy in MONEY_REMEDIES and amount is None:
        # A goodwill return refunds what was paid unless the supervisor says otherwise.
        amount = Decimal(claim.policy_request["paid"]) if remedy == "return" else None
        if amount is None:
            raise InvalidInput("An amount is required", field="amount")
    before = {"outcome": claim.outcome, "version": claim.version}
    claim.overridden, claim.override_remedy, claim.override_amount = True, remedy, amount
    claim.override_reason, claim.overridden_by_id, claim.overridden_at = reason, actor.id, now
    session.flush()
    after = {"remedy": remedy, "amount": amount, "reason": reason, "version": claim.version}
    audit.record_on(session, claim, "decision_overridden", actor=actor, before=before, after=after)
    return claim


def count_overrides(
    session: Session,
    *,
    store_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """How many decisions were overridden: a set-based count a monthly report can use."""
    stmt = select(func.count()).select_from(Claim).where(Claim.overridden.is_(True))
    if store_id is not None:
        stmt = stmt.where(Claim.store_id == store_id)
    if since is not None:
        stmt = stmt.where(Claim.overridden_at >= since)
    if until is not None:
        stmt = stmt.where(Claim.overridden_at < until)
    return int(session.scalar(stmt) or 0)
