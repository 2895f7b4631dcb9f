"""Enrolment by import: a CSV of members (member_no, name, phone[, birthday]) from a
previous system, UTF-8 or GBK. Every row is checked first; the plan says what would be
enrolled and what is wrong by line, and nothing is written unless asked."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.customers import members
from aftersales.customers import service as customers
from aftersales.customers.models import Customer, Member
from aftersales.customers.schemas import MemberImportRow

COLUMNS = ("member_no", "name", "phone", "birthday")


@dataclass
class Plan:
    enrol: list[MemberImportRow] = field(default_factory=list)
    known: int = 0  # already members with the same number
    errors: list[tuple[int, str]] = field(default_factory=list)


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gbk")


def _check(session: Session, row: MemberImportRow, line: int, plan: Plan, seen: set) -> None:
    holder = session.execute(
        select(Member.customer_id, Customer.phone)
        .join(Customer, Customer.id == Member.customer_id)
        .where(Member.member_no == row.member_no)
    ).first()
    if holder is not None:
        if holder.phone == row.phone:
            plan.known += 1
        else:
            plan.errors.append((line, "member_no belongs to another customer"))
        return
    if row.member_no in seen or row.phone in seen:
        plan.errors.append((line, "member_no or phone repeated in the file"))
        return
    seen.update((row.member_no, row.phone))
    plan.enrol.append(row)


def plan_import(session: Session, raw: bytes) -> Plan:
    plan, seen = Plan(), set()
    reader = csv.DictReader(io.StringIO(_text(raw)))
    for line, values in enumerate(reader, start=2):
        try:
            row = MemberImportRow.model_validate(
                {k: (values.get(k) or "").strip() or None for k in COLUMNS}
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            plan.errors.append((line, f"{'.'.join(map(str, first['loc']))}: {first['msg']}"))
            continue
        _check(session, row, line, plan, seen)
    return plan


def run_import(session: Session, plan: Plan, *, today: date) -> int:
    for row in plan.enrol:
        customer_id = customers.find_or_create_customer(session, name=row.name, phone=row.phone)
        current = session.scalar(select(Customer.member_no).where(Customer.id == customer_id))
        if members.member_of(session, customer_id) is not None or current not in (
            None,
            row.member_no,
        ):
            plan.errors.append((0, f"{row.phone}: already a member under another number"))
            continue
        members.member_for_sale(
            session,
            customer_id=customer_id,
            customer_member_no=current,
            member_no=row.member_no,
            since=today,
            actor=None,
        )
        if row.birthday:
            session.get_one(Customer, customer_id).birthday = row.birthday
    session.flush()
    return len(plan.enrol)
