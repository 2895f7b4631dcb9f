"""Delivery adapters: e-mail over SMTP, SMS through an HTTP webhook gateway."""

import smtplib
from email.message import EmailMessage

import httpx

from aftersales.notify.models import OutboxMessage
from aftersales.settings import Settings


class DeliveryFailed(Exception):
    pass


def send_email(message: OutboxMessage, settings: Settings) -> None:
    mail = EmailMessage()
    mail["From"] = settings.mail_from
    mail["To"] = message.recipient
    mail["Subject"] = message.subject
    mail["Message-ID"] = f"<outbox-{message.id}@aftersales>"  # lets a receiver drop a re-send
    mail.set_content(message.body)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryFailed(f"smtp: {type(exc).__name__}") from exc


def send_sms(message: OutboxMessage, settings: Settings) -> None:
    if not settings.sms_webhook_url:
        raise DeliveryFailed("no SMS gateway configured (AFTERSALES_SMS_WEBHOOK_URL)")
    try:
        answer = httpx.post(
            settings.sms_webhook_url,
            timeout=10,
            json={"id": message.id, "to": message.recipient, "text": message.body},
        )
    except httpx.HTTPError as exc:
        raise DeliveryFailed(f"sms: {type(exc).__name__}") from exc
    if answer.status_code >= 300:
        raise DeliveryFailed(f"sms gateway answered {answer.status_code}")


ADAPTERS = {"email": send_email, "sms": send_sms, "webhook": send_sms}
