"""Enrolment by import: the plan names each bad line; --execute enrols the rest once."""

from datetime import UTC, datetime

from sqlalchemy import select

from aftersales.customers import importer
from aftersales.customers.models import Customer
from tests.customers.factories import new_member_no, new_phone


def test_a_csv_is_planned_line_by_line_and_enrolled(session):
    a, b, phone_a, phone_b = new_member_no(), new_member_no(), new_phone(), new_phone()
    text = (
        f"member_no,name,phone,birthday\n{a},孔丽,{phone_a},1988-03-09\n"
        f"{b},严明,{phone_b},\n{b},重复,{new_phone()},\nX 1,坏号,123,\n"
    )
    plan = importer.plan_import(session, text.encode("gbk"))
    assert [r.member_no for r in plan.enrol] == [a, b]
    assert [line for line, _ in plan.errors] == [4, 5]
    assert importer.run_import(session, plan, today=datetime.now(UTC).date()) == 2
    customer = session.scalars(select(Customer).where(Customer.phone == phone_a)).one()
    assert (customer.member_no, str(customer.birthday)) == (a, "1988-03-09")
    again = importer.plan_import(session, text.encode("utf-8"))
    assert (len(again.enrol), again.known) == (0, 2)
