"""The command line writes the month's files; the worker prepares last month's report on
the first working day once, telling the managers by e-mail (through a real SMTP server)."""

import io
from datetime import timedelta
from email import message_from_bytes
from email import policy as email_policy
from email.message import Message

from aiosmtpd.controller import Controller
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select
from typer.testing import CliRunner

from aftersales.cli import app
from aftersales.complaints import service
from aftersales.db import make_session_factory, transaction
from aftersales.notify.models import OutboxMessage
from aftersales.notify.tasks import deliver_due
from aftersales.settings import get_settings
from aftersales.supervision.reports import tasks
from tests.complaints.factories import cst, form
from tests.support.postgres import free_port


def test_the_cli_writes_the_workbook_and_the_pdf(sqlite_engine, tmp_path, monkeypatch):
    with transaction(make_session_factory(sqlite_engine)) as db:
        service.register_complaint(db, data=form(), actor=None, now=cst(2025, 9, 10, 9, 0))
    monkeypatch.setenv("AFTERSALES_DATABASE_URL", str(sqlite_engine.url))
    get_settings.cache_clear()
    book, doc = tmp_path / "m.xlsx", tmp_path / "m.pdf"
    result = CliRunner().invoke(
        app, ["report", "monthly", "2025-09", "--xlsx", str(book), "--pdf", str(doc)]
    )
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "2025-09 (live)" in result.output
    sheet = load_workbook(io.BytesIO(book.read_bytes()))["汇总"]
    assert sheet["B3"].value >= 1
    assert "售后服务月报 2025-09" in PdfReader(io.BytesIO(doc.read_bytes())).pages[0].extract_text()
    bad = CliRunner().invoke(app, ["report", "monthly", "2099-01"])
    assert bad.exit_code == 2


def test_last_months_report_is_prepared_once_on_the_first_working_day(session):
    # 2025-10-01..08 are the National Day holidays: the 9th is October's first working day.
    holiday, workday = cst(2025, 10, 8, 9, 0), cst(2025, 10, 9, 9, 0)
    outbox = (
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.subject.like("%月报 2025-09%"))
    )
    assert tasks.prepare_last_month(session, now=holiday, tz="Asia/Shanghai") == 0
    told = tasks.prepare_last_month(session, now=workday, tz="Asia/Shanghai")
    assert told == 2  # dept_manager and complaint_station
    assert session.execute(outbox).scalar_one() == 2
    later = workday + timedelta(hours=1)
    assert tasks.prepare_last_month(session, now=later, tz="Asia/Shanghai") == 0
    assert session.execute(outbox).scalar_one() == 2


class _Mailbox:
    """An SMTP server's handler that keeps what it was handed."""

    def __init__(self) -> None:
        self.mails: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        self.mails.append(message_from_bytes(envelope.content, policy=email_policy.default))
        return "250 OK"


def test_the_managers_get_the_prepared_report_by_e_mail(sqlite_engine):
    factory = make_session_factory(sqlite_engine)
    with transaction(factory) as db:
        told = tasks.prepare_last_month(db, now=cst(2025, 10, 9, 9, 0), tz="Asia/Shanghai")
    mailbox, port = _Mailbox(), free_port()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        settings = get_settings().model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port})
        while deliver_due(factory, settings):  # messages already waiting go first
            pass
    finally:
        smtp.stop()
    reports = [mail for mail in mailbox.mails if "月报 2025-09" in str(mail["Subject"])]
    assert len(reports) == told == 2
    assert {mail["To"] for mail in reports} == set(_recipients(factory))
    with factory() as db:
        sent = db.scalars(select(OutboxMessage.status).where(OutboxMessage.subject.like("%月报%")))
        assert set(sent) == {"sent"}


def _recipients(factory) -> list[str]:
    with factory() as db:
        mails = select(OutboxMessage.recipient).where(OutboxMessage.subject.like("%月报 2025-09%"))
        return list(db.scalars(mails))
