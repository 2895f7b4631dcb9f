"""The spare-parts API: bad input names the field; the roles that may act."""

import uuid

from aftersales.db import transaction
from tests.claims.factories import person
from tests.parts.factories import work_order


def _part(client, headers, code):
    made = client.post(
        "/api/v1/parts",
        json={
            "code": code,
            "brand": "百丽",
            "model": "BL-8821",
            "kind": "heel",
            "name": "鞋跟",
            "unit_cost": "35.00",
            "reorder_point": 2,
            "reorder_qty": 10,
        },
        headers=headers,
    )
    assert made.status_code == 201, made.text
    return made.json()["id"]


def test_stock_in_reserve_and_consume_through_the_api(client, as_user):
    keeper, tech = as_user("warehouse"), as_user("technician")
    part_id = _part(client, keeper, f"API-{uuid.uuid4().hex[:8]}")
    assert client.post("/api/v1/parts", json={}, headers=tech).status_code == 422
    received = client.post(
        f"/api/v1/parts/{part_id}/receive", json={"location": "S1", "qty": 3}, headers=keeper
    )
    assert received.json()["on_hand"] == 3
    negative = client.post(
        f"/api/v1/parts/{part_id}/count", json={"location": "S1", "on_hand": -2}, headers=keeper
    )
    assert (negative.status_code, negative.json()["field"]) == (422, "on_hand")
    with transaction(client.app.state.session_factory) as s:
        order_id = work_order(s).id
        assert person(s, "technician")
    held = client.post(
        f"/api/v1/work-orders/{order_id}/part-reservations",
        json={"part_id": part_id, "location": "S1", "qty": 2},
        headers=tech,
    )
    assert held.status_code == 201, held.text
    too_many = client.post(
        f"/api/v1/part-reservations/{held.json()['id']}/consume", json={"qty": 3}, headers=tech
    )
    assert (too_many.status_code, too_many.json()["field"]) == (422, "qty")
    used = client.post(
        f"/api/v1/part-reservations/{held.json()['id']}/consume", json={"qty": 2}, headers=tech
    )
    assert used.json()["consumed"] == 2
    shown = client.get(f"/api/v1/work-orders/{order_id}/parts", headers=tech).json()
    assert [r["status"] for r in shown["reservations"]] == ["consumed"]
    low = client.get("/api/v1/parts/low-stock", headers=keeper).json()["items"]
    assert part_id in [row["part_id"] for row in low]  # 1 left, reorder point 2
    staff = as_user("staff")
    assert (
        client.post(
            f"/api/v1/parts/{part_id}/receive", json={"location": "S1", "qty": 1}, headers=staff
        ).status_code
        == 403
    )
