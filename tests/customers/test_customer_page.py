"""The customer page: profile and timeline, the edit form (audited, versioned), consent
recorded with its channel, enrolment and points on the page, through the real app."""

import re

import pytest
from sqlalchemy import select

from aftersales.audit.models import Event
from aftersales.customers.models import Customer, CustomerConsent, CustomerMerge, Member
from aftersales.db import make_session_factory, transaction
from tests.customers.factories import line, member_sale, new_member_no, new_phone
from tests.customers.test_directory_scope import login, web  # noqa: F401


@pytest.fixture
def customer(sqlite_engine) -> tuple[int, str]:
    phone = new_phone()
    with transaction(make_session_factory(sqlite_engine)) as db:
        member_sale(db, member_no=None, phone=phone, lines=[line("399.00")], name="孙丽")
    with transaction(make_session_factory(sqlite_engine)) as db:
        return db.scalars(select(Customer.id).where(Customer.phone == phone)).one(), phone


def _read(sqlite_engine, model, *where):  # noqa: ANN001, ANN202
    with transaction(make_session_factory(sqlite_engine)) as db:
        return list(db.scalars(select(model).where(*where)))


def test_the_page_shows_the_profile_and_the_purchase_in_the_timeline(web, customer):  # noqa: F811
    login(web, "staff")
    page = web.get(f"/customers/{customer[0]}")
    assert page.status_code == 200
    assert "孙丽" in page.text and customer[1] in page.text
    assert 'class="tl-purchase"' in page.text and "¥399.00" in page.text


def test_editing_the_profile_is_audited_with_before_and_after(web, customer, sqlite_engine):  # noqa: F811
    csrf = login(web, "staff")
    answer = web.post(
        f"/customers/{customer[0]}/edit",
        data={
            "csrf_token": csrf,
            "name": "孙丽",
            "phone": customer[1],
            "birthday": "1990-05-12",
            "gender": "female",
            "address": "",
            "tags": "38码，喜欢深色",
            "notes": "",
            "version": "1",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    saved = _read(sqlite_engine, Customer, Customer.id == customer[0])[0]
    assert (saved.birthday.isoformat(), saved.tags, saved.version) == (
        "1990-05-12",
        ["38码", "喜欢深色"],
        2,
    )
    events = _read(
        sqlite_engine,
        Event,
        Event.entity == "customer",
        Event.entity_id == customer[0],
        Event.action == "profile_changed",
    )
    assert len(events) == 1
    assert events[0].before == {"birthday": None, "gender": None, "tags": None}
    assert events[0].after["tags"] == ["38码", "喜欢深色"]
    stale = web.post(
        f"/customers/{customer[0]}/edit",
        data={"csrf_token": csrf, "name": "孙丽丽", "phone": customer[1], "version": "1"},
    )
    assert stale.status_code == 409
    assert _read(sqlite_engine, Customer, Customer.id == customer[0])[0].name == "孙丽"


def test_consent_needs_a_channel_and_records_when_how_and_by_whom(
    web,  # noqa: F811
    customer,  # noqa: F811
    sqlite_engine,
):
    csrf = login(web, "staff")
    refused = web.post(
        f"/customers/{customer[0]}/consent",
        data={"csrf_token": csrf, "granted": "yes", "channel": ""},
    )
    assert refused.status_code == 422 and 'data-field="channel"' in refused.text
    assert _read(sqlite_engine, CustomerConsent, CustomerConsent.customer_id == customer[0]) == []
    done = web.post(
        f"/customers/{customer[0]}/consent",
        data={"csrf_token": csrf, "granted": "yes", "channel": "paper_form", "note": "会员登记表"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    row = _read(sqlite_engine, CustomerConsent, CustomerConsent.customer_id == customer[0])[0]
    assert (row.granted, row.channel, row.note) == (True, "paper_form", "会员登记表")
    assert row.recorded_by_id is not None and row.at is not None
    assert _read(sqlite_engine, Customer, Customer.id == customer[0])[0].marketing_consent


def test_enrolment_at_the_counter_then_redeeming_once_per_form(web, customer, sqlite_engine):  # noqa: F811
    csrf = login(web, "staff")
    no = new_member_no()
    answer = web.post(
        f"/customers/{customer[0]}/enrol",
        data={"csrf_token": csrf, "member_no": no},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    member = _read(sqlite_engine, Member, Member.member_no == no)[0]
    assert (member.customer_id, member.tier, member.points) == (customer[0], "standard", 0)
    with transaction(make_session_factory(sqlite_engine)) as db:
        member_sale(db, member_no=no, phone=customer[1], lines=[line("250.00")])
    page = web.get(f"/customers/{customer[0]}")
    assert re.search(r'id="points-balance"[^>]*>250<', page.text)
    key = re.search(r'name="key" value="([^"]+)"', page.text).group(1)
    form = {"csrf_token": csrf, "key": key, "points": "100", "receipt_no": "", "note": ""}
    for _ in range(2):  # a resubmitted form redeems once
        assert (
            web.post(
                f"/customers/{customer[0]}/redeem", data=form, follow_redirects=False
            ).status_code
            == 303
        )
    assert _read(sqlite_engine, Member, Member.member_no == no)[0].points == 150
    too_many = web.post(
        f"/customers/{customer[0]}/redeem", data=form | {"key": "another", "points": "151"}
    )
    assert too_many.status_code == 422 and 'data-field="points"' in too_many.text


def test_the_merge_form_posts_the_version_it_was_drawn_at(web, customer, sqlite_engine):  # noqa: F811
    """Merging from the page works at the version shown, and a stale page is refused."""
    phone = new_phone()
    with transaction(make_session_factory(sqlite_engine)) as db:
        member_sale(db, member_no=None, phone=phone, lines=[line("99.00")], name="孙丽")
    target = _read(sqlite_engine, Customer, Customer.phone == phone)[0].id
    csrf = login(web, "admin")
    page = web.get(f"/customers/{customer[0]}").text
    drawn_at = re.search(r'/merge" class="grid">.*?name="version" value="(\d+)"', page).group(1)
    stale = web.post(
        f"/customers/{customer[0]}/merge",
        data={"csrf_token": csrf, "target_id": str(target), "version": str(int(drawn_at) + 1)},
        follow_redirects=False,
    )
    assert stale.status_code == 409
    merged = web.post(
        f"/customers/{customer[0]}/merge",
        data={"csrf_token": csrf, "target_id": str(target), "version": drawn_at},
        follow_redirects=False,
    )
    assert (merged.status_code, merged.headers["location"]) == (303, f"/customers/{target}")
    moves = _read(sqlite_engine, CustomerMerge, CustomerMerge.source_id == customer[0])
    assert [m.target_id for m in moves] == [target]
