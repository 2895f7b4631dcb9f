"""The member's points statement as a PDF: the text read back with pdftotext."""

import shutil
import subprocess
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from aftersales.audit.models import Event
from aftersales.customers import points, statement
from aftersales.customers.models import Customer
from aftersales.customers.schemas import RedeemIn
from aftersales.errors import InvalidInput
from tests.claims.factories import person
from tests.customers.factories import line, member, member_sale, new_member_no, new_phone
from tests.support.pages import login, page_client

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
NOW = datetime.now(UTC)


def _text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode()


def _member(session) -> tuple[str, Customer]:
    no, phone = new_member_no(), new_phone()
    member_sale(session, member_no=no, phone=phone, name="孙丽", lines=[line("1288.00")])
    points.redeem(
        session,
        member_no=no,
        data=RedeemIn(points=500),
        actor=person(session, "staff"),
        now=NOW,
    )
    return no, session.scalars(select(Customer).where(Customer.phone == phone)).one()


def test_the_statement_lists_each_entry_with_its_balance_in_chinese(session):
    no, customer = _member(session)
    counter = person(session, "counter_manager")
    st = statement.member_statement(
        session, customer_id=customer.id, user=counter, start=date(2020, 1, 1), end=date(2030, 1, 1)
    )
    text = _text(statement.statement_pdf(st, store="示范百货", today=date(2026, 12, 2)))
    assert "示范百货 会员积分对账单" in text
    assert "孙丽" in text and customer.phone in text and no in text
    assert "等级：普通会员" in text
    assert "消费积分" in text and "+1288" in text
    assert text.index("+1288") < text.index("-500")  # in the order of entry
    assert "积分兑换" in text and "-500" in text
    assert "期初积分：0" in text and "期末积分：788" in text
    assert member(session, no).points == 788
    logged = session.scalar(
        select(func.count())
        .select_from(Event)
        .where(
            Event.entity == "customer",
            Event.entity_id == customer.id,
            Event.action == "personal_data_viewed",
        )
    )
    assert logged == 1


def test_a_role_that_does_not_see_personal_data_gets_it_masked_and_no_log(session):
    _, customer = _member(session)
    st = statement.member_statement(
        session,
        customer_id=customer.id,
        user=person(session, "admin"),
        start=date(2020, 1, 1),
        end=date(2030, 1, 1),
    )
    text = _text(statement.statement_pdf(st, store="示范百货", today=date(2026, 12, 2)))
    assert "孙丽" not in text and customer.phone not in text and "孙*" in text
    logged = session.scalar(
        select(func.count())
        .select_from(Event)
        .where(Event.entity_id == customer.id, Event.action == "personal_data_viewed")
    )
    assert logged == 0


def test_a_period_without_entries_says_so_and_carries_the_balance(session):
    _, customer = _member(session)
    st = statement.member_statement(
        session,
        customer_id=customer.id,
        user=person(session, "admin"),
        start=date(2031, 1, 1),
        end=date(2031, 12, 31),
    )
    text = _text(statement.statement_pdf(st, store="示范百货", today=date(2031, 12, 31)))
    assert "本期间没有积分变动" in text and "期初积分：788" in text


def test_a_period_that_ends_before_it_starts_is_refused(session):
    _, customer = _member(session)
    with pytest.raises(InvalidInput) as caught:
        statement.member_statement(
            session,
            customer_id=customer.id,
            user=person(session, "admin"),
            start=date(2026, 2, 1),
            end=date(2026, 1, 1),
        )
    assert caught.value.field == "end"


def test_the_console_serves_the_pdf_and_refuses_a_bad_date(engine, tmp_path):
    from aftersales.db import make_session_factory, transaction

    with transaction(make_session_factory(engine)) as db:
        _, customer = _member(db)
        customer_id = customer.id
    with page_client(engine, tmp_path) as web:
        login(web, "admin")
        answer = web.get(f"/customers/{customer_id}/statement.pdf")
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/pdf"
        assert "积分兑换" in _text(answer.content)
        bad = web.get(f"/customers/{customer_id}/statement.pdf?start=2026-13-01")
        assert bad.status_code == 422
