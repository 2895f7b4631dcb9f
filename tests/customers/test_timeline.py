"""The customer's timeline in one statement: every kind of event, newest first, in scope."""

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select

from aftersales.claims.open import open_claim
from aftersales.complaints import service as complaints
from aftersales.customers import care, pages, profile
from aftersales.customers.models import Customer
from aftersales.customers.schemas import ConsentIn
from aftersales.feedback.intake import record_suggestion
from aftersales.feedback.schemas import SuggestionCreate
from tests.claims.factories import claim_in, person
from tests.complaints.factories import form
from tests.customers.factories import line, member_sale, new_member_no, new_phone

NOW = datetime.now(UTC)


def test_the_timeline_holds_every_kind_newest_first(session):
    phone, staff = new_phone(), person(session, "staff")
    receipt_no = member_sale(
        session,
        member_no=new_member_no(),
        phone=phone,
        name="郑洁",
        lines=[line("3999.00", sku="AP-1003", category="appliance")],
        days_ago=1,
    )
    customer = session.scalars(select(Customer).where(Customer.phone == phone)).one()
    open_claim(
        session,
        data=claim_in(
            receipt_no,
            sku="AP-1003",
            problem="sole_broken",
            part="sole",
            condition=[],
            material="leather",
        ),
        actor=staff,
        now=NOW,
    )
    complaints.register_complaint(
        session, data=form(customer={"name": "郑洁", "phone": phone}), actor=staff, now=NOW
    )
    record_suggestion(
        session,
        data=SuggestionCreate(
            channel="phone",
            store="S1",
            counter="S1-F1-C01",
            text="希望增加送货上门时段",
            customer={"name": "郑洁", "phone": phone},
        ),
        actor=staff,
        now=NOW,
    )
    profile.record_consent(
        session,
        customer_id=customer.id,
        data=ConsentIn(granted=True, channel="paper_form"),
        actor=staff,
        now=NOW,
    )
    care.create_due_tasks(session, now=NOW)
    context = pages.detail_context(session, person(session, "admin"), customer.id)
    items = context["timeline"]
    kinds = {i.kind for i in items}
    assert kinds == {"purchase", "claim", "complaint", "suggestion", "points", "consent", "care"}
    [purchase] = [i for i in items if i.kind == "purchase"]
    assert (purchase.title, purchase.detail) == (receipt_no, "¥3,999.00")
    assert purchase.href.startswith("/receipts/")
    assert [i.at for i in items] == sorted((i.at for i in items), reverse=True)
    [points] = [i for i in items if i.kind == "points"]
    assert (points.title, points.detail) == ("+3999", "sale")
    [idea] = [i for i in items if i.kind == "suggestion"]
    assert idea.title == "希望增加送货上门时段"
    assert len(context["ledger"]) == 1 and context["ledger"][0].delta == 3999
    assert Decimal("3999.00") == Decimal(purchase.detail.strip("¥").replace(",", ""))
