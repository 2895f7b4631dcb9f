"""Survey invitations with one-time links, and the customer's answer.

The link carries a random token; only its SHA-256 is stored, so the database alone cannot
answer for a customer and a guessed or altered link matches nothing. One answer per
invitation (a unique index backs the check), expiring 30 days after it was sent."""

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.feedback.surveys.errors import (
    SurveyAlreadyAnswered,
    SurveyExpired,
    SurveyLinkInvalid,
)
from aftersales.feedback.surveys.models import SurveyAnswer, SurveyInvitation, SurveySource
from aftersales.feedback.surveys.schemas import SurveyAnswerIn
from aftersales.notify import service as notify

VALID_FOR = timedelta(days=30)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(session: Session, **kwargs: Any) -> SurveyInvitation | None:
    """Queue the invitation by SMS (or e-mail when there is no phone); None without either."""
    made = invite_with_token(session, **kwargs)
    return made[0] if made else None


def invite_with_token(
    session: Session,
    *,
    source: SurveySource,
    source_id: int | None,
    store_id: int | None,
    counter_id: int | None,
    customer_id: int | None,
    phone: str | None,
    email: str | None,
    base_url: str,
    now: datetime,
    campaign_id: int | None = None,
) -> tuple[SurveyInvitation, str] | None:
    """The invitation and its link's token, which is stored nowhere but in the message."""
    if not phone and not email:
        return None
    token = secrets.token_urlsafe(24)
    row = SurveyInvitation(
        token_hash=token_hash(token),
        source=source,
        source_id=source_id,
        campaign_id=campaign_id,
        customer_id=customer_id,
        store_id=store_id,
        counter_id=counter_id,
        channel="sms" if phone else "email",
        created_at=now,
        expires_at=now + VALID_FOR,
    )
    session.add(row)
    session.flush()
    link = f"{base_url.rstrip('/')}/survey/{token}"
    notify.enqueue(
        session,
        channel=row.channel,
        recipient=phone or email or "",
        subject="服务满意度调查",
        body=f"感谢您的反馈！请花一分钟为我们的服务打分：{link} （30天内有效）",
        meta={"survey_invitation_id": row.id, "event": "survey_invited"},
    )
    invited = {"source": source, "source_id": source_id, "channel": row.channel}
    audit.record_on(session, row, "invited", actor=None, after=invited)
    return row, token


def open_invitation(
    session: Session, *, token: str, now: datetime, lock: bool = False
) -> SurveyInvitation:
    stmt = select(SurveyInvitation).where(SurveyInvitation.token_hash == token_hash(token))
    row = session.scalars(stmt.with_for_update() if lock else stmt).first()
    if row is None:
        raise SurveyLinkInvalid(field="token")
    if row.answered_at is not None:
        raise SurveyAlreadyAnswered(field="token")
    if row.expires_at <= now:
        raise SurveyExpired(field="token")
    return row


def answer(session: Session, *, token: str, data: SurveyAnswerIn, now: datetime) -> SurveyAnswer:
    invitation = open_invitation(session, token=token, now=now, lock=True)
    invitation.answered_at = now
    row = SurveyAnswer(
        **data.model_dump(),  # score, polite, fast, come_back, comment: the answer's columns
        invitation_id=invitation.id,
        store_id=invitation.store_id,
        counter_id=invitation.counter_id,
        answered_at=now,
    )
    session.add(row)
    session.flush()
    audit.record_on(session, invitation, "answered", actor=None, after={"score": data.score})
    return row
