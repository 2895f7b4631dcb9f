"""Service-order pages and routes: who may book, a refusal names its field on the page and
in the API, the demo technicians' day plans and the printable route sheet."""

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from tests.conftest import token_for
from tests.support.pages import login, page_client

CST = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def web(sqlite_engine, tmp_path) -> Iterator[TestClient]:
    with page_client(sqlite_engine, tmp_path) as client:
        yield client


def _sale(client: TestClient, headers: dict[str, str]) -> str:
    receipt_no = f"SV-{random.randrange(10**9)}"
    body = {
        "receipt_no": receipt_no,
        "store": "S1",
        "counter": "S1-F1-C01",
        "sold_at": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
        "customer": {"name": "钱先生", "phone": f"139{random.randrange(10**8):08d}"},
        "lines": [
            {
                "sku": "AP-7301",
                "name": "海尔电冰箱",
                "category": "appliance",
                "qty": 1,
                "tag_price": "4599.00",
                "paid": "4599.00",
            }
        ],
    }
    answer = client.post("/api/v1/sales", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return receipt_no


def _slot(days: int, start: str, end: str) -> dict[str, str]:
    day = (datetime.now(CST) + timedelta(days=days)).date().isoformat()
    return {"slot_start": f"{day}T{start}:00+08:00", "slot_end": f"{day}T{end}:00+08:00"}


def test_the_api_books_refuses_naming_the_field_and_plans_the_day(sqlite_client):
    staff = token_for(sqlite_client, "staff")
    receipt_no = _sale(sqlite_client, token_for(sqlite_client, "admin"))
    body = {
        "service": "delivery",
        "receipt_no": receipt_no,
        "line_no": 1,
        "address": "威海路 88 号 602 室",
        "technician": "driver",
        **_slot(9, "09:00", "10:00"),
    }
    booked = sqlite_client.post("/api/v1/service-orders", json=body, headers=staff)
    assert booked.status_code == 201, booked.text
    order = booked.json()
    assert (order["service"], order["status"], order["technician"]) == (
        "delivery",
        "scheduled",
        "driver",
    )
    assert order["promised_on"] == body["slot_start"][:10]
    clash = sqlite_client.post(
        "/api/v1/service-orders", json=body | _slot(9, "09:30", "10:30"), headers=staff
    )
    assert clash.status_code == 422 and clash.json()["field"] == "technician"
    past = sqlite_client.post(
        "/api/v1/service-orders", json=body | _slot(-1, "09:00", "10:00"), headers=staff
    )
    assert (past.status_code, past.json()["code"], past.json()["field"]) == (
        422,
        "slot_in_past",
        "slot_start",
    )
    driver = token_for(sqlite_client, "driver")
    not_there = sqlite_client.post(
        f"/api/v1/work-orders/{order['id']}/complete",
        json={
            "work_done": "送达",
            "signature": "data:image/png;base64,AAAA",
            "version": order["version"],
        },
        headers=driver,
    )
    assert (not_there.status_code, not_there.json()["field"]) == (422, "signature")
    not_late = sqlite_client.post(f"/api/v1/work-orders/{order['id']}/compensation", headers=staff)
    assert (not_late.status_code, not_late.json()["code"]) == (422, "delivery_not_late")
    plan = sqlite_client.get(
        "/api/v1/day-plan",
        params={"technician": "driver", "day": body["slot_start"][:10]},
        headers=staff,
    )
    assert [o["id"] for o in plan.json()["items"]] == [order["id"]]
    inspector = token_for(sqlite_client, "inspector")
    refused = sqlite_client.post("/api/v1/service-orders", json=body, headers=inspector)
    assert refused.status_code == 403
    assert sqlite_client.post("/api/v1/service-orders", json=body).status_code == 401


def test_the_demo_technician_sees_a_day_plan_and_a_route_sheet(web):
    login(web, "technician")
    tomorrow = (datetime.now(CST) + timedelta(days=1)).date().isoformat()
    plan = web.get(f"/day-plan?day={tomorrow}")
    assert plan.status_code == 200
    assert plan.text.count('/visit"') >= 3 and "南京西路" in plan.text
    sheet = web.get(f"/day-plan/route-sheet?technician=technician&day={tomorrow}")
    assert sheet.status_code == 200 and "顾客签字" in sheet.text
    assert "我的日程" in web.get("/home").text
    # Opened without a day and nothing booked today: the next day that has work.
    opened = web.get("/day-plan").text
    assert tomorrow in opened and "南京西路" in opened


def test_a_booking_in_the_past_shows_the_message_beside_the_field(web):
    token = login(web, "staff", then="/service-orders/new?service=installation")
    yesterday = (datetime.now(CST) - timedelta(days=1)).date().isoformat()
    answer = web.post(
        "/service-orders/new",
        data={
            "csrf_token": token,
            "service": "installation",
            "counter": "S1-F1-C01",
            "item_name": "格力空调",
            "contact_name": "钱先生",
            "contact_phone": "13912345678",
            "address": "南京西路 1266 弄",
            "technician": "technician",
            "day": yesterday,
            "start": "09:00",
            "end": "11:00",
        },
    )
    assert answer.status_code == 422
    assert 'data-field="slot_start"' in answer.text and "预约时间不能早于现在" in answer.text


def test_the_list_is_for_staff_and_anonymous_callers_log_in(web):
    assert web.get("/service-orders", follow_redirects=False).status_code in (302, 303, 401)
    login(web, "counter_manager")
    assert web.get("/service-orders").status_code == 200
