"""Bad input is a 422 naming the field, on both databases, never a 500 from the database."""

import re

import pytest

from aftersales.validation import MAX_ID
from tests.complaints.factories import complaint_body
from tests.sales.factories import sale_body
from tests.security.routes import api_routes, path_params

TOO_BIG = [2**31, 2**63, 10**20]


def _id_routes(app) -> list[tuple[str, str, str]]:  # noqa: ANN001
    return [
        (method, path, p.name)
        for method, path, route in api_routes(app.routes)
        for p in path_params(route)
        if p.name.endswith("_id")
    ]


def test_every_id_in_a_path_is_typed_with_the_column_bounds(sqlite_client):
    unbounded = []
    for method, path, route in api_routes(sqlite_client.app.routes):
        for param in path_params(route):
            limits = {type(m).__name__: m for m in param.field_info.metadata}
            if param.name.endswith("_id") and (
                getattr(limits.get("Le"), "le", None) != MAX_ID
                or getattr(limits.get("Ge"), "ge", None) != 1
            ):
                unbounded.append(f"{method} {path} {param.name}")
    assert len(_id_routes(sqlite_client.app)) >= 60
    assert unbounded == []


def _fill(path: str, name: str, value: int) -> str:
    path = path.replace("{" + name + "}", str(value))
    path = re.sub(r"\{\w+_id\}", "1", path)
    return path.replace("{step}", "diagnose")


def test_ids_past_the_column_answer_422_naming_the_field_on_every_api_route(client, as_user):
    headers = as_user("admin")
    wrong = []
    for method, path, name in _id_routes(client.app):
        if not path.startswith("/api/"):
            continue
        for value in TOO_BIG:
            answer = client.request(
                method, _fill(path, name, value), headers=headers, json={"version": 1}
            )
            if answer.status_code != 422 or answer.json()["field"] != name:
                wrong.append((method, path, value, answer.status_code, answer.text[:80]))
    assert wrong == []


def test_ids_past_the_column_answer_422_on_the_pages(sqlite_client):
    login = sqlite_client.post("/api/v1/auth/token", json={"username": "admin", "password": "demo"})
    assert login.status_code == 200
    page = sqlite_client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    sqlite_client.post(
        "/login", data={"username": "admin", "password": "demo", "csrf_token": token}
    )
    home = sqlite_client.get("/home")  # a logged-in session has a new form token
    token = re.search(r'name="csrf_token" value="([^"]+)"', home.text).group(1)
    wrong = []
    for method, path, name in _id_routes(sqlite_client.app):
        if path.startswith("/api/"):
            continue
        answer = sqlite_client.request(
            method, _fill(path, name, 2**63), data={"csrf_token": token}, follow_redirects=False
        )
        if answer.status_code != 422:
            wrong.append((method, path, answer.status_code))
    assert wrong == []


@pytest.mark.parametrize("where", ["title", "description", "customer.name"])
def test_a_nul_byte_in_complaint_text_is_refused_naming_the_field(client, as_user, where):
    body = complaint_body()
    if where == "customer.name":
        body["customer"]["name"] = "李\x00四"
    else:
        body[where] = "扶梯\x00停了"
    answer = client.post("/api/v1/complaints", json=body, headers=as_user("staff"))

    assert answer.status_code == 422, answer.text
    assert (answer.json()["code"], answer.json()["field"]) == ("invalid", where)
    listed = client.get(
        "/api/v1/complaints", params={"store": "S1", "limit": 200}, headers=as_user("admin")
    ).json()["items"]
    assert not any("\x00" in (c.get("title") or "") for c in listed)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f"])
def test_control_characters_in_a_sale_line_are_refused(client, as_user, char):
    body = sale_body()
    body["lines"][0]["name"] = f"男士{char}棉袄"
    answer = client.post("/api/v1/sales", json=body, headers=as_user("admin"))

    assert (answer.status_code, answer.json()["field"]) == (422, "lines[0].name")
    assert (
        client.get(
            "/api/v1/receipts", params={"receipt_no": body["receipt_no"]}, headers=as_user("admin")
        ).json()["items"]
        == []
    )


def test_tab_and_newlines_are_still_text(client, as_user):
    body = complaint_body(description="第一行\r\n第二行\t（附图）\n")
    answer = client.post("/api/v1/complaints", json=body, headers=as_user("staff"))

    assert answer.status_code == 201, answer.text


def test_a_nul_byte_in_a_query_string_is_refused(client, as_user):
    answer = client.get("/api/v1/receipts?receipt_no=S1%00", headers=as_user("admin"))

    assert (answer.status_code, answer.json()["field"]) == (422, "receipt_no")


def test_the_public_complaint_door_refuses_a_nul_byte_without_a_login(client):
    body = {"name": "王\x00五", "phone": "13700007777", "store": "S1", "title": "电梯坏了"}
    answer = client.post("/api/v1/public/complaints", json=body)

    assert (answer.status_code, answer.json()["field"]) == (422, "name")
    track = client.post(
        "/api/v1/public/complaints/track", json={"code": "AB\x00CD", "phone": "13700007777"}
    )
    assert (track.status_code, track.json()["field"]) == (422, "code")


def test_the_public_complaint_page_refuses_a_nul_byte(client):
    page = client.get("/complain")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = client.post(
        "/complain",
        data={
            "csrf_token": token,
            "name": "王五",
            "phone": "13700007777",
            "store": "S1",
            "title": "电梯\x00坏了",
        },
    )

    assert answer.status_code == 422
    assert "title" in answer.text and "控制字符" in answer.text


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"])
def test_filter_dates_outside_the_range_answer_422(client, as_user, day):
    for name in ("date_from", "date_to"):
        answer = client.get("/api/v1/receipts", params={name: day}, headers=as_user("admin"))
        assert (answer.status_code, answer.json()["field"]) == (422, name)
    put = client.put(
        f"/api/v1/calendar-days/{day}", json={"kind": "holiday"}, headers=as_user("admin")
    )
    assert (put.status_code, put.json()["field"]) == (422, "day")


def test_dates_at_the_ends_of_the_range_are_accepted(client, as_user):
    answer = client.get(
        "/api/v1/receipts",
        params={"date_from": "2000-01-01", "date_to": "2100-12-31"},
        headers=as_user("admin"),
    )
    assert answer.status_code == 200


@pytest.mark.parametrize("year", ["99999999999999999999", "0", "-1", "10000"])
def test_absurd_years_answer_422_naming_the_field(client, as_user, year):
    answer = client.get("/api/v1/calendar-days", params={"year": year}, headers=as_user("admin"))

    assert (answer.status_code, answer.json()["field"]) == (422, "year")


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-08:00", "0001-01-01T00:00:00+08:00"])
def test_times_at_the_ends_of_the_calendar_answer_422(client, as_user, moment):
    sale = client.post("/api/v1/sales", json=sale_body(sold_at=moment), headers=as_user("admin"))
    complaint = client.post(
        "/api/v1/complaints", json=complaint_body(occurred_at=moment), headers=as_user("staff")
    )

    assert (sale.status_code, sale.json()["field"]) == (422, "sold_at")
    assert (complaint.status_code, complaint.json()["field"]) == (422, "occurred_at")


def test_ids_in_bodies_past_the_column_answer_422(client, as_user):
    body = complaint_body(claim_id=2**63)
    answer = client.post("/api/v1/complaints", json=body, headers=as_user("staff"))

    assert (answer.status_code, answer.json()["field"]) == (422, "claim_id")
