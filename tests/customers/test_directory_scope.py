"""The customer directory is scoped like receipts (issue 9, fault 2): a role sees a customer
only where its counter or store sold to them or holds a case of theirs; search escapes
LIKE wildcards and needs 3 characters. Tried as each role and from another store."""

import itertools
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from aftersales.app import create_app
from aftersales.complaints import service as complaints
from aftersales.customers.models import Customer
from aftersales.db import make_session_factory, transaction, utcnow
from aftersales.settings import Settings
from tests.complaints.factories import form, person
from tests.customers.factories import line, member_sale, new_phone

_ip = itertools.count(1)


@pytest.fixture
def sqlite_engine(shared_sqlite_engine):  # noqa: ANN001, ANN201
    """This module's tests read what its module fixture wrote: they share one database."""
    return shared_sqlite_engine


@pytest.fixture(scope="module")
def people(shared_sqlite_engine) -> dict[str, tuple[int, str]]:
    """Four customers: bought at S2 only, at S1-F1-C02 only, at S1-F1-C01, and one with
    only a complaint at S1-F1-C01. Committed, so the app's own sessions see them."""
    found = {}
    with transaction(make_session_factory(shared_sqlite_engine)) as db:
        for key, counter in (("s2", "S2-F1-C01"), ("s1_other", "S1-F1-C02"), ("mine", "S1-F1-C01")):
            phone = new_phone()
            member_sale(
                db,
                member_no=None,
                phone=phone,
                counter=counter,
                store=counter[:2],
                lines=[line("99.00")],
                name="范围测试",
            )
            found[key] = phone
        phone = new_phone()
        complaints.register_complaint(
            db,
            data=form(customer={"name": "范围投诉", "phone": phone}),
            actor=person(db, "staff"),
            now=utcnow(),
        )
        found["complaint"] = phone
    with transaction(make_session_factory(shared_sqlite_engine)) as db:
        return {
            k: (db.scalars(select(Customer.id).where(Customer.phone == p)).one(), p)
            for k, p in found.items()
        }


@pytest.fixture
def web(sqlite_engine) -> Iterator[TestClient]:
    settings = Settings(database_url=str(sqlite_engine.url), secret_key="test-secret", env="test")
    with TestClient(create_app(settings), client=(f"10.8.0.{next(_ip)}", 5000)) as client:
        yield client


def login(web: TestClient, username: str) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', web.get("/login").text).group(1)
    answer = web.post(
        "/login",
        data={"username": username, "password": "demo", "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    return re.search(r'name="csrf_token" value="([^"]+)"', web.get("/customers").text).group(1)


SEES = {
    "staff": {"mine", "complaint"},
    "counter_manager": {"mine", "complaint"},
    "floor_supervisor": {"mine", "complaint", "s1_other"},
    "technician": {"mine", "complaint", "s1_other"},
    "staff2": {"s2"},
    "dept_manager": {"mine", "complaint", "s1_other", "s2"},
}


@pytest.mark.parametrize("username", sorted(SEES))
def test_each_role_finds_and_opens_only_the_customers_of_its_scope(web, people, username):
    login(web, username)
    for key, (customer_id, phone) in people.items():
        listed = web.get("/customers", params={"q": phone})
        page = web.get(f"/customers/{customer_id}")
        if key in SEES[username]:
            assert f'/customers/{customer_id}"' in listed.text, (username, key)
            assert page.status_code == 200, (username, key)
        else:
            assert f'/customers/{customer_id}"' not in listed.text, (username, key)
            assert page.status_code == 404, (username, key)


@pytest.mark.parametrize("q", ["%", "_", "%%", "  _ "])
def test_a_search_shorter_than_three_characters_is_refused(web, q):
    login(web, "dept_manager")
    answer = web.get("/customers", params={"q": q})
    assert answer.status_code == 422 and 'data-field="q"' in answer.text
    assert "/customers/" not in answer.text.split("<main>")[1]


@pytest.mark.parametrize("q", ["%%%", "___", "1%%", "13_", "\\%_"])
def test_wildcards_are_literal_characters_and_list_nobody(web, people, q):
    login(web, "dept_manager")
    answer = web.get("/customers", params={"q": q})
    assert answer.status_code == 200
    assert re.search(r'href="/customers/\d+"', answer.text) is None


def test_a_role_that_does_not_need_personal_data_sees_it_masked(web, people):
    login(web, "inspector")
    customer_id, phone = people["s2"]
    page = web.get(f"/customers/{customer_id}")
    assert page.status_code == 200
    assert phone not in page.text and f"{phone[:3]}****{phone[-4:]}" in page.text
    assert "范围测试" not in page.text


def test_anonymous_visitors_are_sent_to_log_in(web, people):
    answer = web.get(f"/customers/{people['mine'][0]}", follow_redirects=False)
    assert answer.status_code in (303, 401)
