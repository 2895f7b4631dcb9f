"""The claim state machine: the ALLOWED table and the one transition() that changes a status.

    from              to                                       when
    open              refund_pending                           return chosen
    open              payment_pending                          refund_difference / compensation
    open              exchange_pending                         exchange chosen
    open              repairing                                free or paid repair chosen
    open              closed                                   nothing owed, or the customer
                                                               declines what was offered
    refund_pending    fulfilled                                refund paid, item into stock
    payment_pending   fulfilled                                difference / compensation paid
    exchange_pending  fulfilled                                replacement handed over
    repairing         fulfilled                                work order handed back repaired
    repairing         closed                                   paid quote declined
    fulfilled         closed                                   the clerk closes the case
    closed            (none)

`transition()` locks the row (and checks the caller's version), checks the table, sets
the timestamps, bumps the version and writes the audit event in the same transaction.
"""

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.claims.access import lock_claim
from aftersales.claims.errors import TransitionNotAllowed
from aftersales.claims.models import Claim, ClaimStatus
from aftersales.i18n import Word
from aftersales.policy.words import labeller

S = ClaimStatus
# The catalog's context for the state names (a claim is "closed" where a step closes it).
STATUS_CONTEXT = "claim status"
ALLOWED: dict[ClaimStatus, frozenset[ClaimStatus]] = {
    S.open: frozenset(
        {S.refund_pending, S.payment_pending, S.exchange_pending, S.repairing, S.closed}
    ),
    S.refund_pending: frozenset({S.fulfilled}),
    S.payment_pending: frozenset({S.fulfilled}),
    S.exchange_pending: frozenset({S.fulfilled}),
    S.repairing: frozenset({S.fulfilled, S.closed}),
    S.fulfilled: frozenset({S.closed}),
    S.closed: frozenset(),
}
OPEN = frozenset(set(S) - {S.closed})
STAMPS = {
    S.refund_pending: "chosen_at",
    S.payment_pending: "chosen_at",
    S.exchange_pending: "chosen_at",
    S.repairing: "chosen_at",
    S.fulfilled: "fulfilled_at",
    S.closed: "closed_at",
}


def status_word(status: str) -> Word:
    """A state's name as the claim pages show it, for a message in the caller's language."""
    return Word(STATUS_CONTEXT, labeller("en")(status))


def check_allowed(claim: Claim, to: ClaimStatus) -> None:
    allowed = ALLOWED[ClaimStatus(claim.status)]
    if to not in allowed:
        raise TransitionNotAllowed(
            "This claim cannot go from %(status)s to %(to)s",
            params={"status": status_word(claim.status), "to": status_word(to)},
            field="status",
            extra={"status": str(claim.status), "allowed": sorted(allowed)},
        )


def apply(
    session: Session,
    claim: Claim,
    to: ClaimStatus,
    *,
    actor: Principal | None,
    now: datetime,
    changes: dict[str, Any] | None = None,
    action: str | None = None,
) -> Claim:
    """Move an already locked claim (callers that locked it themselves use this)."""
    check_allowed(claim, to)
    changes = changes or {}
    before = {"status": claim.status, "version": claim.version}
    claim.status = to
    setattr(claim, STAMPS[to], now)
    for name, value in changes.items():
        setattr(claim, name, value)
    session.flush()
    after = {"status": to, "version": claim.version, **changes}
    audit.record_on(
        session, claim, action or f"claim_{to}", actor=actor, before=before, after=after
    )
    return claim


def transition(
    session: Session,
    *,
    claim_id: int,
    to: ClaimStatus,
    actor: Principal,
    now: datetime,
    version: int | None = None,
    changes: dict[str, Any] | None = None,
    action: str | None = None,
) -> Claim:
    """Lock the row, check ALLOWED, set the timestamps, write the audit event."""
    claim = lock_claim(session, user=actor, claim_id=claim_id, version=version)
    return apply(session, claim, to, actor=actor, now=now, changes=changes, action=action)
