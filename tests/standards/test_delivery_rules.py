"""The stores' delivery compensation rules beside the service standards: read (the default
for a store without its own), refused input named by field, a stale save refused, every save
audited, and the late deliveries a change would move shown with their old and new amount."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from aftersales.audit.models import Event
from aftersales.errors import Forbidden, StaleVersion
from aftersales.org.models import Store
from aftersales.repairs import scheduling, visits
from aftersales.repairs.delivery import Rule
from aftersales.repairs.delivery_rules import store_rule
from aftersales.repairs.models import DeliveryRule
from aftersales.repairs.schemas import ServiceOrderCreate
from aftersales.supervision.standards import delivery_rules
from tests.claims.factories import person, sale
from tests.support.pages import login, page_client

CST = ZoneInfo("Asia/Shanghai")
AIRCON = {
    "sku": "AP-7101",
    "name": "格力空调",
    "category": "appliance",
    "qty": 1,
    "tag_price": "3999.00",
    "paid": "3599.00",
}
S2_RULE = {"per_day": "30.00", "cap": "300.00", "clock": "calendar"}  # the demo's


def _events(session, store_id):
    return session.scalar(
        select(func.count())
        .select_from(Event)
        .where(Event.entity == "delivery_rule", Event.entity_id == store_id)
    )


def test_a_store_without_its_own_rule_reads_the_default_and_the_admin_sets_one(session):
    admin = person(session, "admin")
    s1 = delivery_rules.store_of(session, user=admin, store_code="S1")
    found = store_rule(session, s1.id)
    assert (found.own, found.version, found.rule) == (
        False,
        0,
        Rule(Decimal("50.00"), Decimal("500.00"), "working"),
    )
    rule = Rule(Decimal("80.00"), None, "calendar")
    saved = delivery_rules.save_delivery_rule(session, store=s1, rule=rule, version=0, actor=admin)
    assert (saved.own, saved.version, saved.rule) == (True, 1, rule)
    event = session.scalars(
        select(Event).where(Event.entity == "delivery_rule", Event.entity_id == s1.id)
    ).one()
    assert (event.action, event.actor) == ("delivery_rule_set", "admin")
    assert event.before["per_day"] == "50.00" and event.before["own"] is False
    assert event.after == {"per_day": "80.00", "cap": None, "clock": "calendar"}
    with pytest.raises(StaleVersion):  # read as the default, saved meanwhile
        delivery_rules.save_delivery_rule(session, store=s1, rule=rule, version=0, actor=admin)
    assert _events(session, s1.id) == 1


def test_who_may_edit_is_who_may_edit_the_standards(session):
    s1 = session.scalars(select(Store).where(Store.code == "S1")).one()
    for username in ("floor_supervisor", "inspector"):
        with pytest.raises(Forbidden):
            delivery_rules.save_delivery_rule(
                session,
                store=s1,
                rule=Rule(Decimal("1.00"), None, "working"),
                version=0,
                actor=person(session, username),
            )
    with pytest.raises(Forbidden):
        delivery_rules.store_of(session, user=person(session, "staff"), store_code="S1")
    assert session.get(DeliveryRule, s1.id) is None


def _late(session, *, arrive: datetime):
    receipt_no = sale(session, days_ago=1, lines=[AIRCON])
    booked = datetime(2026, 9, 20, 10, 0, tzinfo=CST)
    data = ServiceOrderCreate.model_validate(
        {
            "service": "delivery",
            "receipt_no": receipt_no,
            "line_no": 1,
            "address": "南京西路 1266 弄 5 号 1201 室",
            "technician": "driver",
            "slot_start": datetime(2026, 9, 30, 9, 0, tzinfo=CST),
            "slot_end": datetime(2026, 9, 30, 10, 0, tzinfo=CST),
        }
    )
    order = scheduling.book_service(session, data=data, actor=person(session, "staff"), now=booked)
    driver = person(session, "driver")
    visits.dispatch(session, work_order_id=order.id, actor=driver, now=booked, version=None)
    visits.arrive(session, work_order_id=order.id, actor=driver, now=arrive, version=None)
    return order


def test_the_preview_names_the_late_deliveries_whose_compensation_moves(session):
    # Agreed for 30 September 2026, came on 12 October: 4 working days late across National
    # Day (1-7 October off, Saturday 10 October a make-up workday), 12 calendar days.
    order = _late(session, arrive=datetime(2026, 10, 12, 15, 0, tzinfo=CST))
    s1 = session.scalars(select(Store).where(Store.code == "S1")).one()
    now = datetime(2026, 10, 13, 9, 0, tzinfo=CST)
    calendar_days = Rule(Decimal("30.00"), Decimal("300.00"), "calendar")
    moved = delivery_rules.preview_rule(session, store=s1, proposed=calendar_days, now=now)
    mine = next(m for m in moved if m.id == order.id)
    assert (mine.days_now, mine.amount_now, mine.days_then, mine.amount_then) == (
        4,
        "200.00",
        12,
        "300.00",  # 12 x 30 = 360, capped at 300
    )
    assert mine.delivered_on.isoformat() == "2026-10-12"
    same = Rule(Decimal("50.00"), Decimal("200.00"), "working")  # the cap is just reached
    assert order.id not in [
        m.id for m in delivery_rules.preview_rule(session, store=s1, proposed=same, now=now)
    ]
    assert session.get(DeliveryRule, s1.id) is None  # a preview changes nothing


def test_the_api_reads_validates_and_refuses_a_stale_save(client, as_user):
    admin = as_user("admin")
    s1 = client.get("/api/v1/delivery-rules/S1", headers=admin)
    assert s1.status_code == 200
    assert s1.json() == {
        "store": "S1",
        "per_day": "50.00",
        "cap": "500.00",
        "clock": "working",
        "default": True,
        "version": 0,
    }
    read = client.get("/api/v1/delivery-rules/S2", headers=admin).json()
    assert read | {"version": 0} == {"store": "S2", "default": False, "version": 0} | S2_RULE
    url = "/api/v1/delivery-rules/S2"
    for body, field in (
        ({"per_day": "0"}, "per_day"),
        ({"per_day": "12.345"}, "per_day"),
        ({"cap": "10.00"}, "cap"),
        ({"clock": "weekly"}, "clock"),
        ({"per_day": "abc"}, "per_day"),
    ):
        bad = client.put(url, json=S2_RULE | body | {"version": read["version"]}, headers=admin)
        assert bad.status_code == 422, bad.text
        answer = bad.json()
        assert field in [answer["field"]] + [e["field"] for e in answer["errors"]], answer
    english = client.put(
        url,
        json=S2_RULE | {"cap": "10.00", "version": read["version"]},
        headers=admin | {"Accept-Language": "en"},
    )
    assert "at least the amount per day" in english.json()["message"]
    assert client.put(url, json=S2_RULE, headers=admin).status_code == 422  # no version
    saved = client.put(
        url, json=S2_RULE | {"per_day": "40.00", "version": read["version"]}, headers=admin
    )
    assert saved.status_code == 200, saved.text
    assert (saved.json()["per_day"], saved.json()["version"]) == ("40.00", read["version"] + 1)
    stale = client.put(
        url, json=S2_RULE | {"per_day": "45.00", "version": read["version"]}, headers=admin
    )
    assert (stale.status_code, stale.json()["field"]) == (409, "version")
    assert client.get(url, headers=admin).json()["per_day"] == "40.00"  # nothing written
    refused = client.put(
        url, json=S2_RULE | {"version": saved.json()["version"]}, headers=as_user("inspector")
    )
    assert refused.status_code == 403
    assert client.get(url, headers=as_user("staff")).status_code == 403
    assert (
        client.get("/api/v1/delivery-rules/S2", headers=as_user("floor_supervisor")).status_code
        == 404
    )  # another store
    assert client.get("/api/v1/delivery-rules/NOPE", headers=admin).status_code == 404
    back = client.put(url, json=S2_RULE | {"version": saved.json()["version"]}, headers=admin)
    assert back.status_code == 200


def test_the_page_shows_the_rules_and_the_preview_before_saving(sqlite_engine, tmp_path):
    with page_client(sqlite_engine, tmp_path) as web:
        token = login(web, "admin", then="/delivery-rules")
        page = web.get("/delivery-rules").text
        assert "送货延误补偿规则" in page and 'action="/delivery-rules/S1/preview"' in page
        assert 'href="/delivery-rules"' in web.get("/service-standards").text
        form = {"csrf_token": token, "per_day": "60.00", "cap": "", "clock": "working"}
        shown = web.post("/delivery-rules/S1/preview", data=form | {"version_read": "0"})
        assert shown.status_code == 200 and 'id="preview"' in shown.text
        bad = web.post("/delivery-rules/S1/preview", data=form | {"cap": "5"})
        assert bad.status_code == 422 and "封顶金额须留空" in bad.text
        refused = web.post("/delivery-rules/S1/save", data=form | {"per_day": "0"})
        assert refused.status_code == 422  # and nothing saved: S1 keeps the default
        assert "(默认)" in web.get("/delivery-rules").text.split("S2")[0]
        login(web, "inspector")
        seen = web.get("/delivery-rules")
        assert seen.status_code == 200 and "/delivery-rules/S1/preview" not in seen.text
        assert 'href="/delivery-rules"' in seen.text  # in the navigation
        login(web, "floor_supervisor")
        own = web.get("/delivery-rules").text
        assert "S1" in own and "S2" not in own  # a store role sees its own store
        login(web, "staff")
        assert web.get("/delivery-rules").status_code == 403
        assert 'href="/delivery-rules"' not in web.get("/home").text


def test_two_editors_saving_a_stores_first_rule_the_second_gets_409(factory):
    """Both read the default (version 0); the one whose insert comes second, after the
    other's commit, gets 409 and its session stays usable."""
    from aftersales.repairs.delivery_rules import _first_rule

    rule = Rule(Decimal("20.00"), None, "calendar")
    with factory() as first, factory() as second:
        admin = person(first, "admin")
        s1 = delivery_rules.store_of(first, user=admin, store_code="S1")
        delivery_rules.save_delivery_rule(first, store=s1, rule=rule, version=0, actor=admin)
        first.commit()
        with pytest.raises(StaleVersion):
            _first_rule(second, s1.id, rule)
        assert store_rule(second, s1.id).version == 1
