"""The complaint state machine: the ALLOWED table and the one transition() that changes a
status. Every other module asks this one to move a case."""

from datetime import datetime

from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.complaints import access, history
from aftersales.complaints.clock import next_check
from aftersales.complaints.errors import TransitionNotAllowed
from aftersales.complaints.models import Complaint, Status
from aftersales.i18n import Word

S = Status
ALLOWED: dict[Status, frozenset[Status]] = {
    S.registered: frozenset({S.in_progress, S.referred, S.withdrawn}),
    S.in_progress: frozenset({S.proposed, S.referred, S.withdrawn}),
    # The customer turns a proposal down: back to work on another one.
    S.proposed: frozenset({S.agreed, S.in_progress, S.referred, S.withdrawn}),
    # Nothing to carry out (an apology given on the spot) goes straight to follow-up.
    S.agreed: frozenset({S.carrying_out, S.follow_up}),
    S.carrying_out: frozenset({S.follow_up}),
    # Not satisfied at the follow-up call: the case is reopened.
    S.follow_up: frozenset({S.closed, S.in_progress}),
    # Consumer-association arbitration (消协仲裁) ends the case or sends it back.
    S.referred: frozenset({S.closed, S.in_progress}),
    S.closed: frozenset(),
    S.withdrawn: frozenset(),
}
ENDED = {S.closed, S.withdrawn}
# The states' names as the complaint pages show them (web/labels.py words every code under
# this context); a message names a state in the caller's language through them.
CODE_CONTEXT = "complaint code"
STATUS_NAMES: dict[str, str] = {
    S.registered: "registered",
    S.in_progress: "in progress",
    S.proposed: "proposal made",
    S.agreed: "agreed",
    S.carrying_out: "carrying out",
    S.follow_up: "follow-up",
    S.closed: "closed",
    S.referred: "referred to arbitration",
    S.withdrawn: "withdrawn",
}


def status_word(status: str) -> Word:
    return Word(CODE_CONTEXT, STATUS_NAMES[status])


def check_allowed(complaint: Complaint, to: Status) -> None:
    if to not in ALLOWED[complaint.status]:
        raise TransitionNotAllowed(
            "Cannot go from %(status)s to %(to)s",
            params={"status": status_word(complaint.status), "to": status_word(to)},
            field="to",
            extra={"status": str(complaint.status), "allowed": sorted(ALLOWED[complaint.status])},
        )


def mark_responded(complaint: Complaint, now: datetime) -> None:
    """The holding level gave its first feedback: the respond clock stops."""
    if complaint.first_response_at is None:
        complaint.first_response_at = now
        complaint.warn_at = None


def mark_replied(complaint: Complaint, now: datetime) -> bool:
    """The customer got the store's answer: the reply clock stops. True the first time."""
    if complaint.replied_at is not None:
        return False
    complaint.replied_at, complaint.reply_warn_at = now, None
    return True


def apply(
    session: Session,
    complaint: Complaint,
    to: Status,
    *,
    actor: Principal | None,
    now: datetime,
    reason: str = "",
) -> Complaint:
    """Move an already locked complaint; callers that lock themselves use this."""
    check_allowed(complaint, to)
    before = {"status": complaint.status, "version": complaint.version}
    if complaint.status == S.registered:
        mark_responded(complaint, now)
    complaint.status = to
    if to in ENDED:
        complaint.closed_at = now
    elif to == S.in_progress:
        complaint.closed_at = None
    complaint.next_check_at = next_check(complaint)
    after = {"status": to, "reason": reason}
    history.record_change(
        session, complaint, "status_changed", actor=actor, before=before, after=after
    )
    return complaint


@access.handling_step
def transition(
    session: Session,
    complaint: Complaint,
    *,
    to: Status,
    actor: Principal,
    now: datetime,
    reason: str = "",
) -> Complaint:
    """Check ALLOWED, set the timestamps, write the audit event (on the locked row)."""
    return apply(session, complaint, to, actor=actor, now=now, reason=reason)
