"""The complaints mailbox: an SMTP server (aiosmtpd) that turns each message sent to
settings.complaints_mailbox into a complaint on the e-mail channel.

A message that names no store lands at the complaint station. A phone number in the text
links the customer; the sender's address is kept to answer by e-mail. The Message-ID is
used as an idempotency key, so a sender's retry does not register the case twice. Photos
and PDFs attached to the message are kept as attachments.
"""

import asyncio
import logging
import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from aftersales import idempotency
from aftersales.complaints import attachments, intake
from aftersales.complaints.errors import AttachmentRefused
from aftersales.complaints.models import Channel
from aftersales.complaints.schemas import ComplaintCreate
from aftersales.db import transaction, utcnow
from aftersales.sales.schemas import CustomerIn
from aftersales.settings import Settings

log = logging.getLogger("aftersales.mailin")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def _text_of(mail: EmailMessage) -> str:
    part = mail.get_body(preferencelist=("plain", "html"))
    return part.get_content().strip() if part is not None else ""


def complaint_from_mail(mail: EmailMessage) -> ComplaintCreate:
    name, address = parseaddr(str(mail.get("From", "")))
    text = _text_of(mail)
    phone = _MOBILE.search(text)
    customer = (
        CustomerIn(name=(name or address.split("@")[0] or "邮件顾客")[:60], phone=phone.group())
        if phone
        else None
    )
    return ComplaintCreate(
        channel=Channel.email,
        type="product",
        title=(str(mail.get("Subject", "")) or "邮件投诉")[:200],
        description=text[:10_000],
        customer=customer,
        contact_email=address[:120] or None,
    )


def register_mail(session: Session, raw: bytes, settings: Settings) -> int | None:
    """Register one message; None when this Message-ID was registered before."""
    mail = message_from_bytes(raw, policy=policy.default)
    key = str(mail.get("Message-ID", "")).strip()[:200]
    digest = idempotency.body_hash(key.encode())  # a resend may differ in MIME boundaries
    if key and idempotency.replay(session, key=key, route="mail-in", digest=digest):
        return None
    complaint = intake.register_complaint(
        session, data=complaint_from_mail(mail), actor=None, now=utcnow()
    )
    for part in mail.iter_attachments():
        try:
            attachments.keep_mailed(
                session,
                complaint_id=complaint.id,
                root=settings.attachments_dir,
                filename=part.get_filename() or "",
                data=part.get_content(),
                now=utcnow(),
            )
        except (AttachmentRefused, TypeError):
            continue  # a wrong attachment must not lose the complaint itself
    if key:
        idempotency.remember(
            session,
            key=key,
            route="mail-in",
            digest=digest,
            status=201,
            response={"id": complaint.id},
        )
    return complaint.id


class ComplaintMailHandler:
    """aiosmtpd handler: accepts mail for the complaints mailbox only."""

    def __init__(self, factory: sessionmaker[Session], settings: Settings) -> None:
        self.factory = factory
        self.settings = settings

    async def handle_RCPT(
        self,
        server: Any,
        session: Any,
        envelope: Any,
        address: str,  # noqa: N802
        rcpt_options: list[str],
    ) -> str:
        if address.lower() != self.settings.complaints_mailbox.lower():
            return "550 not relaying to that address"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, self._register, envelope.content)
        except Exception:  # noqa: BLE001 - the sender retries on a 4xx; nothing is lost
            log.exception("mail-in: registration failed")
            return "451 could not register the complaint, try again later"
        return "250 Message accepted"

    def _register(self, raw: bytes) -> None:
        try:
            with transaction(self.factory) as session:
                register_mail(session, raw, self.settings)
        except IntegrityError:
            pass  # the same Message-ID raced in on another connection: already registered


def serve(factory: sessionmaker[Session], settings: Settings, *, host: str, port: int) -> Any:
    """Start the SMTP server in its own thread; the caller stops it with `.stop()`."""
    from aiosmtpd.controller import Controller

    controller = Controller(ComplaintMailHandler(factory, settings), hostname=host, port=port)
    controller.start()
    return controller
