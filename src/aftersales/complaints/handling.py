"""Handling a case (处理投诉程序): the checklist, classification, proposals, the agreement
(处理协议) confirmed by the customer, carrying it out, follow-up until satisfied."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales import files
from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.complaints import access, attachments, clock, history, notices
from aftersales.complaints.errors import NothingToConfirm, WrongConfirmationCode
from aftersales.complaints.intake import _check_cause, _code, check_claim, resolve_place
from aftersales.complaints.models import (
    Complaint,
    ComplaintAgreement,
    ComplaintOutcome,
    ComplaintStep,
    ComplaintTask,
    Status,
    Step,
)
from aftersales.complaints.schemas import ClassifyIn, OutcomeIn
from aftersales.complaints.state import S, apply, check_allowed, mark_replied
from aftersales.errors import Forbidden, InvalidInput, NotFound, check_version

CODE_TTL = timedelta(minutes=30)
MAX_CODE_ATTEMPTS = 5
CLASS_FIELDS = [
    "type",
    "cause",
    "seeks",
    "severity",
    "staff_id",
    "counter_id",
    "store_id",
    "receipt_id",
    "claim_id",
]


@access.handling_step
def tick_step(
    session: Session,
    c: Complaint,
    *,
    step: Step,
    actor: Principal,
    now: datetime,
    note: str = "",
) -> ComplaintStep:
    """Tick a checklist step with who and when; ticking it again keeps the first tick."""
    found = session.scalars(
        select(ComplaintStep).where(ComplaintStep.complaint_id == c.id, ComplaintStep.step == step)
    ).first()
    if found is not None:
        return found
    row = ComplaintStep(complaint_id=c.id, step=step, done_by_id=actor.id, done_at=now, note=note)
    session.add(row)
    session.flush()
    history.record(
        session, c.id, actor=actor, action="step_done", after={"step": step, "note": note}
    )
    return row


def classify(
    session: Session, *, complaint_id: int, data: ClassifyIn, actor: Principal, now: datetime
) -> Complaint:
    """The clerk confirms or corrects type, cause, seeks, severity and the links."""
    c = access.lock_for_handling(
        session, user=actor, complaint_id=complaint_id, version=data.version
    )
    _check_cause(session, data.cause)
    check_claim(session, actor, data.claim_id)
    before = audit.snapshot(c, CLASS_FIELDS)
    for name in ("type", "cause", "seeks", "severity", "claim_id"):
        if getattr(data, name) is not None:
            setattr(c, name, getattr(data, name))
    if data.staff:
        c.staff_id = _code(session, lambda r: r.staff, data.staff, "staff")
    if data.counter or data.receipt_no:
        place = resolve_place(session, store=None, counter=data.counter, receipt_no=data.receipt_no)
        c.counter_id = place.counter_id or c.counter_id
        c.store_id = place.store_id or c.store_id
        c.receipt_id = place.receipt.id if place.receipt else c.receipt_id
    if data.severity is not None:  # an urgent case runs on a shorter clock
        clock.reset_deadlines(session, c, now)
    after = audit.snapshot(c, CLASS_FIELDS)
    history.record_change(session, c, "classified", actor=actor, before=before, after=after)
    return c


def _proposal_no(session: Session, complaint_id: int) -> int:
    return session.execute(
        select(func.coalesce(func.max(ComplaintOutcome.proposal_no), 0)).where(
            ComplaintOutcome.complaint_id == complaint_id
        )
    ).scalar_one()


@access.handling_step
def propose(
    session: Session, c: Complaint, *, outcomes: list[OutcomeIn], actor: Principal, now: datetime
) -> list[ComplaintOutcome]:
    check_allowed(c, S.proposed)
    # The reply to the customer (答复顾客, the `reply` standard) is the first proposal: it is
    # the store's answer put to the customer, who agrees to it or not. The `propose` tick of
    # the checklist is the clerk's own note and may be ticked without any answer; messages
    # to the customer are tracking and confirmation codes; closing comes weeks later, under
    # the resolve standard. A later proposal (the customer said no) is no new reply.
    replied = mark_replied(c, now)
    apply(session, c, S.proposed, actor=actor, now=now, reason="proposal")
    number = _proposal_no(session, c.id) + 1
    rows = [
        ComplaintOutcome(
            complaint_id=c.id,
            proposal_no=number,
            kind=o.kind,
            cost=o.cost,
            note=o.note,
            proposed_by_id=actor.id,
            proposed_at=now,
        )
        for o in outcomes
    ]
    session.add_all(rows)
    session.flush()
    after = {
        "proposal_no": number,
        "outcomes": [{"kind": o.kind, "cost": f"{o.cost:.2f}"} for o in outcomes],
    } | ({"replied_at": now} if replied else {})
    history.record(session, c.id, actor=actor, action="proposed", after=after)
    return rows


def _agreement(session: Session, c: Complaint) -> ComplaintAgreement:
    if c.status != Status.proposed:
        raise NothingToConfirm(field="status")
    number = _proposal_no(session, c.id)
    row = session.scalars(
        select(ComplaintAgreement).where(
            ComplaintAgreement.complaint_id == c.id, ComplaintAgreement.proposal_no == number
        )
    ).first()
    if row is None:
        total = session.execute(
            select(func.coalesce(func.sum(ComplaintOutcome.cost), 0)).where(
                ComplaintOutcome.complaint_id == c.id, ComplaintOutcome.proposal_no == number
            )
        ).scalar_one()
        row = ComplaintAgreement(
            complaint_id=c.id, proposal_no=number, total_cost=Decimal(total), code_attempts=0
        )
        session.add(row)
        session.flush()
    return row


def _hash(complaint_id: int, code: str) -> str:
    return hashlib.sha256(f"{complaint_id}:{code}".encode()).hexdigest()


@access.handling_step
def send_confirmation_code(
    session: Session, c: Complaint, *, actor: Principal, now: datetime, via: str = "sms"
) -> ComplaintAgreement:
    """A one-time code to the customer (SMS or e-mail through the outbox) to confirm the
    proposal with; a new code replaces the last one."""
    agreement = _agreement(session, c)
    code = f"{secrets.randbelow(10**6):06d}"
    sent_to = notices.tell_customer(
        session,
        c,
        event="confirmation_code",
        via=via,
        subject="投诉处理方案确认码",
        body=f"您的投诉处理方案确认码为 {code}，30分钟内有效。",
    )
    if sent_to is None:
        raise InvalidInput(
            "The customer has no phone or e-mail for a code",
            field="via",
        )
    agreement.code_hash, agreement.code_sent_to = _hash(c.id, code), sent_to
    agreement.code_expires_at, agreement.code_attempts = now + CODE_TTL, 0
    history.record(session, c.id, actor=actor, action="code_sent", after={"via": via})
    return agreement


@access.handling_step
def confirm_by_code(
    session: Session, c: Complaint, *, code: str, actor: Principal, now: datetime
) -> Complaint:
    """Wrong codes count even though the call fails: the caller commits on this refusal."""
    agreement = _agreement(session, c)
    usable = (
        agreement.code_hash is not None
        and agreement.code_expires_at is not None
        and agreement.code_expires_at > now
        and agreement.code_attempts < MAX_CODE_ATTEMPTS
    )
    if not usable or not hmac.compare_digest(agreement.code_hash or "", _hash(c.id, code)):
        agreement.code_attempts += 1
        raise WrongConfirmationCode(field="code")
    return _confirm(session, c, agreement, how="code", actor=actor, now=now)


@access.handling_step
def confirm_by_signature(
    session: Session,
    c: Complaint,
    *,
    data_url: str,
    actor: Principal,
    now: datetime,
    root: Path,
) -> Complaint:
    """The customer signs on the tablet: a PNG data URL kept as an attachment."""
    agreement = _agreement(session, c)
    png = files.png_from_data_url(data_url, field="signature")
    row = attachments.add_attachment(
        session,
        complaint_id=c.id,
        actor=actor,
        root=root,
        filename="signature.png",
        data=png,
        kind="signature",
        now=now,
    )
    agreement.signature_attachment_id = row.id
    return _confirm(session, c, agreement, how="signature", actor=actor, now=now)


def _confirm(
    session: Session,
    c: Complaint,
    agreement: ComplaintAgreement,
    *,
    how: str,
    actor: Principal,
    now: datetime,
) -> Complaint:
    agreement.confirmed_at, agreement.confirmed_by, agreement.code_hash = now, how, None
    if (
        session.scalars(
            select(ComplaintStep).where(
                ComplaintStep.complaint_id == c.id, ComplaintStep.step == Step.agree
            )
        ).first()
        is None
    ):
        session.add(
            ComplaintStep(
                complaint_id=c.id, step=Step.agree, done_by_id=actor.id, done_at=now, note=how
            )
        )
    apply(session, c, S.agreed, actor=actor, now=now, reason=f"confirmed by {how}")
    after = {"proposal_no": agreement.proposal_no, "by": how, "total_cost": agreement.total_cost}
    history.record(session, c.id, actor=actor, action="agreed", after=after)
    return c


@access.handling_step
def add_task(
    session: Session, c: Complaint, *, title: str, role: str, actor: Principal, now: datetime
) -> ComplaintTask:
    """Carry out the agreement, e.g. the warehouse ships a replacement."""
    if c.status == Status.agreed:
        apply(session, c, S.carrying_out, actor=actor, now=now, reason="task")
    elif c.status != Status.carrying_out:
        apply(session, c, S.carrying_out, actor=actor, now=now)  # refuses with the table
    task = ComplaintTask(
        complaint_id=c.id,
        role=role,
        store_id=c.store_id,
        title=title,
        created_at=now,
        created_by_id=actor.id,
    )
    session.add(task)
    session.flush()
    after = {"task_id": task.id, "role": role, "title": title}
    history.record(session, c.id, actor=actor, action="task_added", after=after)
    return task


def set_task_done(
    session: Session,
    *,
    task_id: int,
    done: bool,
    actor: Principal,
    now: datetime,
    version: int | None = None,
) -> ComplaintTask:
    task = session.get(ComplaintTask, task_id, with_for_update=True)
    if task is None or (actor.store_id is not None and task.store_id not in (None, actor.store_id)):
        raise NotFound(field="task_id")
    if actor.role != task.role and actor.role not in access.WRITERS:
        raise Forbidden()
    check_version(task.version, version)
    task.done_at, task.done_by_id = (now, actor.id) if done else (None, None)
    after = {"task_id": task.id}
    history.record(
        session,
        task.complaint_id,
        actor=actor,
        action="task_done" if done else "task_undone",
        after=after,
    )
    return task
