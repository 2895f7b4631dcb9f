"""The /care queue page: an outcome recorded, and "complaint raised" opens the complaint
form pre-filled with the customer."""

from urllib.parse import parse_qs, urlparse

from sqlalchemy import select

from aftersales.customers import care
from aftersales.customers.care_models import CareTask
from aftersales.customers.models import Customer
from aftersales.db import make_session_factory, transaction, utcnow
from tests.customers.factories import line, member_sale, new_phone
from tests.customers.test_directory_scope import login, web  # noqa: F401


def _task(sqlite_engine, phone: str) -> int:
    with transaction(make_session_factory(sqlite_engine)) as db:
        member_sale(
            db,
            member_no=None,
            phone=phone,
            name="冯强",
            lines=[line("4599.00", sku="AP-1003", category="appliance")],
        )
    with transaction(make_session_factory(sqlite_engine)) as db:
        care.create_due_tasks(db, now=utcnow())
    with transaction(make_session_factory(sqlite_engine)) as db:
        customer = db.scalars(select(Customer).where(Customer.phone == phone)).one()
        return db.scalars(select(CareTask.id).where(CareTask.customer_id == customer.id)).one()


def test_complaint_raised_opens_the_complaint_form_pre_filled(web, sqlite_engine):  # noqa: F811
    phone = new_phone()
    task_id = _task(sqlite_engine, phone)
    csrf = login(web, "staff")
    page = web.get("/care")
    assert page.status_code == 200 and f'action="/care/{task_id}"' in page.text
    answer = web.post(
        f"/care/{task_id}",
        data={"csrf_token": csrf, "outcome": "complaint", "note": "冰箱噪音大", "version": "1"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    target = urlparse(answer.headers["location"])
    assert target.path == "/complaints/new"
    assert parse_qs(target.query)["customer_phone"] == [phone]
    assert f'action="/care/{task_id}"' not in web.get("/care").text
    refused = web.post(f"/care/{task_id}", data={"csrf_token": csrf, "outcome": "reached"})
    assert refused.status_code == 404


def test_the_thank_you_letters_print_as_one_pdf_page_each(web, sqlite_engine):  # noqa: F811
    import io

    from pypdf import PdfReader

    from aftersales.customers import profile
    from aftersales.customers.schemas import ConsentIn
    from tests.complaints.factories import person

    phones = [new_phone(), new_phone()]
    with transaction(make_session_factory(sqlite_engine)) as db:
        for phone in phones:
            member_sale(db, member_no=None, phone=phone, name="蒋丽", lines=[line("8800.00")])
    with transaction(make_session_factory(sqlite_engine)) as db:
        for phone in phones:
            customer = db.scalars(select(Customer).where(Customer.phone == phone)).one()
            profile.record_consent(
                db,
                customer_id=customer.id,
                actor=person(db, "staff"),
                data=ConsentIn(granted=True, channel="in_person"),
                now=utcnow(),
            )
    with transaction(make_session_factory(sqlite_engine)) as db:
        care.create_due_tasks(db, now=utcnow())
        ids = [
            t
            for (t,) in db.execute(
                select(CareTask.id)
                .join(Customer, Customer.id == CareTask.customer_id)
                .where(Customer.phone.in_(phones), CareTask.channel == "letter")
            )
        ]
    login(web, "staff")
    answer = web.get("/care/letters.pdf", params={"ids": ",".join(map(str, ids))})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.content))
    assert len(reader.pages) == 2 == len(ids)
