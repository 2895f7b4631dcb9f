"""A message to the complaints mailbox, sent with smtplib to a real aiosmtpd server."""

import smtplib
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from aftersales.complaints import service
from aftersales.complaints.mailin import serve
from aftersales.complaints.models import Complaint
from aftersales.settings import Settings
from tests.complaints.factories import person
from tests.support.postgres import free_port


@pytest.fixture
def mailbox(factory, tmp_path):
    settings = Settings(complaints_mailbox="complaints@example.com", attachments_dir=tmp_path)
    port = free_port()
    controller = serve(factory, settings, host="127.0.0.1", port=port)
    yield port
    controller.stop()


def _mail(message_id: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = "赵六 <zhao6@example.net>"
    mail["To"] = "complaints@example.com"
    mail["Subject"] = f"冰箱不制冷 {message_id}"
    mail["Message-ID"] = message_id
    mail.set_content("上周买的冰箱不制冷，电话 13911112222，请尽快处理。")
    mail.add_attachment(
        b"%PDF-1.4 invoice", maintype="application", subtype="pdf", filename="invoice.pdf"
    )
    return mail


def test_a_mail_to_the_mailbox_becomes_an_email_complaint_once(factory, mailbox):
    import uuid

    message_id = f"<{uuid.uuid4().hex}@example.net>"
    with smtplib.SMTP("127.0.0.1", mailbox, timeout=10) as smtp:
        smtp.send_message(_mail(message_id))
        smtp.send_message(_mail(message_id))  # a retry of the same message
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            smtp.sendmail("a@example.net", ["someone@example.com"], b"Subject: x\r\n\r\nx")
    with factory() as s:
        found = s.scalars(
            select(Complaint).where(Complaint.title == f"冰箱不制冷 {message_id}")
        ).all()
        assert len(found) == 1
        c = found[0]
        assert (c.channel, c.level, c.contact_email) == ("email", 6, "zhao6@example.net")
        assert c.customer_id is not None
        detail = service.get_complaint(s, user=person(s, "admin"), complaint_id=c.id)
        assert [a.filename for a in detail.attachments] == ["invoice.pdf"]
