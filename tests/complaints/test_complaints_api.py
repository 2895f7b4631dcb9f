"""The complaint routes through the app, on both databases."""

import uuid

import pytest

from tests.complaints.factories import complaint_body


def _create(client, as_user, user="staff", **change):
    answer = client.post("/api/v1/complaints", json=complaint_body(**change), headers=as_user(user))
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_post_answers_the_contract_and_a_retry_with_the_key_is_the_same(client, as_user):
    body = complaint_body(counter="S1-F2-C07")
    headers = as_user("admin") | {"Idempotency-Key": f"c-{uuid.uuid4().hex}"}
    first = client.post("/api/v1/complaints", json=body, headers=headers)
    assert first.status_code == 201, first.text
    data = first.json()
    assert {"id", "tracking_code", "level", "status", "respond_by", "resolve_by"} <= set(data)
    assert (data["level"], data["status"], data["counter"]) == (1, "registered", "S1-F2-C07")
    again = client.post("/api/v1/complaints", json=body, headers=headers)
    assert (again.status_code, again.json()) == (201, data)


def test_get_shows_the_complaint_with_its_history(client, as_user):
    created = _create(client, as_user)
    got = client.get(f"/api/v1/complaints/{created['id']}", headers=as_user("staff"))
    assert got.status_code == 200
    assert [h["action"] for h in got.json()["history"]] == ["registered"]
    assert got.json()["customer"]["phone"].startswith("139")


def test_the_list_filters_and_pages_by_keyset(client, as_user):
    for _ in range(3):
        _create(client, as_user, user="admin", counter="S1-F3-C08")
    page = client.get(
        "/api/v1/complaints",
        params={
            "store": "S1",
            "level": 1,
            "status": "registered",
            "counter": "S1-F3-C08",
            "limit": 2,
        },
        headers=as_user("floor_supervisor"),
    ).json()
    assert len(page["items"]) == 2 and page["next"]
    rest = client.get(
        "/api/v1/complaints",
        params={
            "store": "S1",
            "level": 1,
            "counter": "S1-F3-C08",
            "limit": 2,
            "cursor": page["next"],
        },
        headers=as_user("floor_supervisor"),
    ).json()
    seen = [c["id"] for c in page["items"] + rest["items"]]
    assert len(seen) == len(set(seen)) >= 3


def test_anonymous_wrong_role_and_other_store(client, as_user):
    created = _create(client, as_user)
    assert client.get("/api/v1/complaints").status_code == 401
    assert client.post("/api/v1/complaints", json=complaint_body()).status_code == 401
    assert (
        client.post(
            "/api/v1/complaints", json=complaint_body(), headers=as_user("warehouse")
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/api/v1/complaints", json=complaint_body(), headers=as_user("staff2")
        ).status_code
        == 403
    )
    other = client.get(f"/api/v1/complaints/{created['id']}", headers=as_user("staff2"))
    assert (other.status_code, other.json()["code"]) == (404, "complaint_not_found")
    assert (
        client.post(
            f"/api/v1/complaints/{created['id']}/acknowledge",
            json={"version": 1},
            headers=as_user("staff2"),
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channel": "pigeon"}, "channel"),
        ({"occurred_at": "2026-11-20T10:00:00"}, "occurred_at"),
        ({"customer": {"name": "李四", "phone": "123"}}, "customer.phone"),
        ({"title": ""}, "title"),
        ({"counter": "S9-F1-C01"}, "counter"),
        ({"receipt_no": "NO-SUCH-RECEIPT"}, "receipt_no"),
        ({"cause": "nonsense"}, "cause"),
    ],
)
def test_bad_input_is_422_naming_the_field(client, as_user, change, field):
    answer = client.post(
        "/api/v1/complaints", json=complaint_body(**change), headers=as_user("admin")
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == field


def _queue_ids(client, headers) -> list[int]:
    """Every page of a level's queue: other tests leave open cases in the shared database."""
    ids, cursor = [], None
    while True:
        page = client.get(
            "/api/v1/complaints/queue",
            headers=headers,
            params={"limit": 200} | ({"cursor": cursor} if cursor else {}),
        ).json()
        ids += [c["id"] for c in page["items"]]
        if not (cursor := page["next"]):
            return ids


def test_handling_through_the_api_with_a_stale_version(client, as_user):
    created = _create(client, as_user)
    url = f"/api/v1/complaints/{created['id']}"
    ok = client.post(url + "/acknowledge", json={"version": 1}, headers=as_user("staff"))
    assert (ok.status_code, ok.json()["status"], ok.json()["version"]) == (200, "in_progress", 2)
    stale = client.post(
        url + "/escalate", json={"version": 1, "reason": "x"}, headers=as_user("staff")
    )
    assert (stale.status_code, stale.json()["code"], stale.json()["current_version"]) == (
        409,
        "stale_version",
        2,
    )
    refused = client.post(
        url + "/status", json={"to": "closed", "version": 2}, headers=as_user("staff")
    )
    assert (refused.status_code, refused.json()["code"]) == (409, "transition_not_allowed")
    up = client.post(
        url + "/escalate", json={"version": 2, "reason": "顾客要求"}, headers=as_user("staff")
    )
    assert up.json()["level"] == 2
    assert created["id"] in _queue_ids(client, as_user("counter_manager"))
    assert (
        client.post(url + "/steps", json={"step": "listen"}, headers=as_user("staff")).status_code
        == 403
    )
    assert (
        client.post(
            url + "/steps", json={"step": "listen"}, headers=as_user("counter_manager")
        ).status_code
        == 200
    )
    proposal = client.post(
        url + "/proposals",
        headers=as_user("counter_manager"),
        json={
            "outcomes": [{"kind": "gift", "cost": "50.00"}, {"kind": "teleport", "cost": "1"}],
            "version": 3,
        },
    )
    assert (proposal.status_code, proposal.json()["field"]) == (422, "outcomes[1].kind")


def test_a_refused_move_names_the_states_in_the_callers_language(client, as_user):
    created = _create(client, as_user)
    url, staff = f"/api/v1/complaints/{created['id']}/status", as_user("staff")
    body = {"to": "closed", "version": created["version"]}
    zh = client.post(url, json=body, headers=staff)
    en = client.post(url, json=body, headers=staff | {"Accept-Language": "en"})
    assert (zh.status_code, zh.json()["code"]) == (409, "transition_not_allowed")
    assert zh.json()["message"] == "不能从“已登记”变为“已结案”"
    assert en.json()["message"] == "Cannot go from registered to closed"


def test_attachments_upload_download_and_refusal(client, as_user):
    created = _create(client, as_user)
    url = f"/api/v1/complaints/{created['id']}/attachments"
    jpeg = b"\xff\xd8\xff\xe0" + b"1" * 200
    up = client.post(
        url,
        files={"file": ("p.jpg", jpeg, "image/jpeg")},
        data={"kind": "photo"},
        headers=as_user("staff"),
    )
    assert up.status_code == 201, up.text
    down = client.get(f"{url}/{up.json()['id']}", headers=as_user("staff"))
    assert (down.status_code, down.content) == (200, jpeg)
    assert client.get(f"{url}/{up.json()['id']}", headers=as_user("staff2")).status_code == 404
    bad = client.post(url, files={"file": ("x.exe", b"MZ" + b"0" * 50)}, headers=as_user("staff"))
    assert (bad.status_code, bad.json()["field"]) == (422, "file")


def test_public_tracking_and_its_lockout(client, as_user):
    made = client.post(
        "/api/v1/public/complaints",
        json={"name": "王五", "phone": "13700007777", "store": "S1", "title": "洗手间太脏"},
    )
    assert made.status_code == 201, made.text
    code = made.json()["tracking_code"]
    found = client.post(
        "/api/v1/public/complaints/track", json={"code": code, "phone": "13700007777"}
    )
    assert (found.status_code, found.json()["level"]) == (200, 3)
    wrong = client.post(
        "/api/v1/public/complaints/track", json={"code": code, "phone": "13700000000"}
    )
    assert wrong.status_code == 404
    answers = {
        client.post(
            "/api/v1/public/complaints/track", json={"code": "FORGED", "phone": "1"}
        ).status_code
        for _ in range(12)
    }
    assert 429 in answers


def test_admin_routes_check_the_role(client, as_user):
    day = {"kind": "holiday", "note": "test"}
    assert (
        client.put(
            "/api/v1/calendar-days/2031-01-02", json=day, headers=as_user("staff")
        ).status_code
        == 403
    )
    assert (
        client.put(
            "/api/v1/calendar-days/2031-01-02", json=day, headers=as_user("admin")
        ).status_code
        == 200
    )
    assert (
        client.delete("/api/v1/calendar-days/2031-01-02", headers=as_user("admin")).status_code
        == 204
    )
    hint = client.get(
        "/api/v1/complaints/suggest", params={"text": "态度很差还骂人"}, headers=as_user("staff")
    ).json()
    assert hint["type"] == "service"
