"""POST /api/v1/sales and GET /api/v1/receipts through the app, on both databases."""

import pytest

from tests.sales.factories import sale_body


def test_a_sale_is_created_and_a_retry_with_the_same_key_answers_the_same(client, as_user):
    body = sale_body()
    headers = as_user("admin") | {"Idempotency-Key": f"k-{body['receipt_no']}"}
    first = client.post("/api/v1/sales", json=body, headers=headers)
    assert first.status_code == 201, first.text
    again = client.post("/api/v1/sales", json=body, headers=headers)
    assert again.status_code == 201
    assert again.json() == first.json()
    found = client.get(
        "/api/v1/receipts", params={"receipt_no": body["receipt_no"]}, headers=as_user("admin")
    ).json()
    assert [r["id"] for r in found["items"]] == [first.json()["id"]]
    assert first.json()["lines"][0]["paid"] == "1006.00"
    assert first.json()["customer"]["phone"] == "138****5678"  # admin needs no personal data


def test_the_same_receipt_number_with_another_key_is_a_conflict(client, as_user):
    body = sale_body()
    assert (
        client.post(
            "/api/v1/sales",
            json=body,
            headers=as_user("admin") | {"Idempotency-Key": "a-" + body["receipt_no"]},
        ).status_code
        == 201
    )
    clash = client.post(
        "/api/v1/sales",
        json=body,
        headers=as_user("admin") | {"Idempotency-Key": "b-" + body["receipt_no"]},
    )
    assert clash.status_code == 409
    assert clash.json()["code"] == "receipt_no_taken"
    assert clash.json()["field"] == "receipt_no"


def test_a_reused_key_with_another_body_is_refused(client, as_user):
    body = sale_body()
    key = {"Idempotency-Key": "reuse-" + body["receipt_no"]}
    assert (
        client.post("/api/v1/sales", json=body, headers=as_user("admin") | key).status_code == 201
    )
    other = client.post("/api/v1/sales", json=sale_body(), headers=as_user("admin") | key)
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"store": "S9"}, "store"),
        ({"counter": "S9-F1-C01"}, "counter"),
        ({"sold_at": "2099-01-01T00:00:00+08:00"}, "sold_at"),
        ({"sold_at": "yesterday"}, "sold_at"),
        ({"sold_at": "2026-01-01T10:00:00"}, "sold_at"),
        ({"lines": []}, "lines"),
        ({"customer": {"name": "张三", "phone": "12345"}}, "customer.phone"),
    ],
)
def test_bad_sales_get_422_naming_the_field(client, as_user, change, field):
    answer = client.post("/api/v1/sales", json=sale_body(**change), headers=as_user("admin"))
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == field


@pytest.mark.parametrize(
    ("line_change", "field"),
    [
        ({"paid": "-1.00"}, "lines[0].paid"),
        ({"paid": "abc"}, "lines[0].paid"),
        ({"tag_price": "1.005"}, "lines[0].tag_price"),
        ({"qty": 0}, "lines[0].qty"),
        ({"qty": "two"}, "lines[0].qty"),
        ({"category": "rockets"}, "lines[0].category"),
    ],
)
def test_bad_lines_get_422_naming_the_line_and_field(client, as_user, line_change, field):
    body = sale_body()
    body["lines"][0].update(line_change)
    answer = client.post("/api/v1/sales", json=body, headers=as_user("admin"))
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == field


def test_malformed_json_and_oversize_bodies_are_refused(client, as_user):
    headers = as_user("admin") | {"content-type": "application/json"}
    bad = client.post("/api/v1/sales", content=b'{"receipt_no": ', headers=headers)
    assert bad.status_code == 422
    big = client.post("/api/v1/sales", content=b"[" + b"1," * 600_000 + b"1]", headers=headers)
    assert big.status_code == 413
    assert big.json()["code"] == "body_too_large"


def test_anonymous_callers_are_refused(client):
    assert client.post("/api/v1/sales", json=sale_body()).status_code == 401
    assert client.get("/api/v1/receipts").status_code == 401
    assert client.get("/api/v1/receipts/1").status_code == 401


def test_roles_without_sales_work_cannot_push_sales(client, as_user):
    for who in ("warehouse", "inspector", "technician"):
        assert (
            client.post("/api/v1/sales", json=sale_body(), headers=as_user(who)).status_code == 403
        )


def test_a_clerk_records_only_for_their_own_counter(client, as_user):
    ok = client.post("/api/v1/sales", json=sale_body(), headers=as_user("staff"))
    assert ok.status_code == 201
    other = client.post(
        "/api/v1/sales", json=sale_body(counter="S1-F1-C02"), headers=as_user("staff")
    )
    assert other.status_code == 403


def test_scope_each_role_sees_only_its_part(client, as_user):
    s2 = client.post(
        "/api/v1/sales",
        json=sale_body(
            store="S2", counter="S2-F1-C01", customer={"name": "钱七", "phone": "13500005555"}
        ),
        headers=as_user("admin"),
    ).json()
    s1_other_counter = client.post(
        "/api/v1/sales",
        json=sale_body(counter="S1-F2-C03", customer={"name": "钱七", "phone": "13500005555"}),
        headers=as_user("admin"),
    ).json()

    def visible(who: str) -> set[int]:
        page = client.get(
            "/api/v1/receipts", params={"phone": "13500005555"}, headers=as_user(who)
        ).json()
        return {r["id"] for r in page["items"]}

    assert visible("staff") == set()
    assert visible("staff2") == {s2["id"]}
    assert visible("floor_supervisor") == {s1_other_counter["id"]}
    assert visible("dept_manager") == {s2["id"], s1_other_counter["id"]}
    assert client.get(f"/api/v1/receipts/{s2['id']}", headers=as_user("staff")).status_code == 404
    assert client.get(f"/api/v1/receipts/{s2['id']}", headers=as_user("staff2")).status_code == 200


def test_personal_data_is_masked_for_roles_that_do_not_need_it(client, as_user):
    made = client.post(
        "/api/v1/sales",
        json=sale_body(customer={"name": "孙八", "phone": "13400004444"}),
        headers=as_user("admin"),
    ).json()
    seen = client.get(f"/api/v1/receipts/{made['id']}", headers=as_user("inspector")).json()
    assert seen["customer"]["phone"] == "134****4444"
    assert seen["customer"]["name"] == "孙*"
    clerk = client.get(f"/api/v1/receipts/{made['id']}", headers=as_user("staff")).json()
    assert clerk["customer"]["phone"] == "13400004444"


def test_a_bad_phone_filter_or_cursor_is_a_422(client, as_user):
    assert (
        client.get("/api/v1/receipts", params={"phone": "abc"}, headers=as_user("admin")).json()[
            "field"
        ]
        == "phone"
    )
    assert (
        client.get("/api/v1/receipts", params={"cursor": "!!"}, headers=as_user("admin")).json()[
            "field"
        ]
        == "cursor"
    )
