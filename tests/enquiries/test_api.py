"""The /api/v1/enquiries doors through the real app, on both databases."""

import itertools

from tests.enquiries.factories import enquiry_body

_key = itertools.count(1)
URL = "/api/v1/enquiries"


def _fields(answer) -> list[str]:
    body = answer.json()
    return [e.get("field") for e in body.get("errors", [])] + [body.get("field")]


def _take(client, headers, **overrides):
    made = client.post(URL, json=enquiry_body(**overrides), headers=headers)
    assert made.status_code == 201, made.text
    return made.json()


def test_take_answer_and_read_a_question_with_its_history(client, as_user):
    desk = as_user("manager_assistant")
    made = _take(client, desk, topic="delivery", question="冰箱什么时候送货？")
    assert (made["status"], made["topic"], made["taken_by"], made["version"]) == (
        "open",
        "delivery",
        "manager_assistant",
        1,
    )
    assert made["reference"].startswith("HQ") and made["answer_by"] > made["asked_at"]
    answered = client.post(
        f"{URL}/{made['id']}/answer",
        json={"answer": "本周六下午送货", "version": 1},
        headers=desk,
    )
    assert answered.status_code == 200, answered.text
    assert (answered.json()["status"], answered.json()["notified"]) == ("answered", True)
    read = client.get(f"{URL}/{made['id']}", headers=desk).json()
    assert [h["action"] for h in read["history"]] == ["taken", "answered"]
    assert (read["answer"], read["answered_late"], read["phone"]) == (
        "本周六下午送货",
        False,
        made["phone"],
    )


def test_a_retried_create_with_its_idempotency_key_takes_the_question_once(client, as_user):
    desk = as_user("manager_assistant") | {"Idempotency-Key": f"hq-{next(_key)}-{id(client)}"}
    body = enquiry_body()
    first = client.post(URL, json=body, headers=desk)
    again = client.post(URL, json=body, headers=desk)
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json()["id"] == again.json()["id"]
    other = client.post(URL, json=enquiry_body(), headers=desk)
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"


def test_bad_input_is_refused_with_422_naming_the_field(client, as_user):
    desk = as_user("manager_assistant")
    for overrides, field in (
        ({"topic": "weather"}, "topic"),
        ({"question": ""}, "question"),
        ({"phone": "12"}, "phone"),
        ({"store": "S9"}, "store"),
        ({"counter": "S2-F1-C01"}, "counter"),
        ({"asked_at": "2026-10-15T10:00:00"}, "asked_at"),  # no UTC offset
        ({"asked_at": "2099-01-01T10:00:00+08:00"}, "asked_at"),  # not yet
        ({"contact_email": "not-an-address"}, "contact_email"),
    ):
        answer = client.post(URL, json=enquiry_body(**overrides), headers=desk)
        assert answer.status_code == 422, (overrides, answer.text)
        assert field in _fields(answer), (overrides, answer.text)
    made = _take(client, desk)
    for body, field in (({"answer": "好的"}, "version"), ({"answer": "", "version": 1}, "answer")):
        answer = client.post(f"{URL}/{made['id']}/answer", json=body, headers=desk)
        assert answer.status_code == 422 and field in _fields(answer), answer.text
    convert = client.post(f"{URL}/{made['id']}/convert", json={}, headers=desk)
    assert convert.status_code == 422 and "version" in _fields(convert)
    zh = client.post(
        URL, json=enquiry_body(store="S9"), headers=desk | {"Accept-Language": "zh-CN"}
    )
    assert zh.json()["message"] == "未知的门店或专柜代码"


def test_a_stale_version_is_refused_with_409_and_changes_nothing(client, as_user):
    desk = as_user("manager_assistant")
    made = _take(client, desk)
    url = f"{URL}/{made['id']}"
    stale = client.post(url + "/answer", json={"answer": "x", "version": 2}, headers=desk)
    assert stale.status_code == 409 and stale.json()["field"] == "version", stale.text
    converted = client.post(url + "/convert", json={"version": 1}, headers=desk)
    assert converted.status_code == 200, converted.text
    assert converted.json()["status"] == "converted" and converted.json()["complaint_id"]
    complaint = client.get(
        f"/api/v1/complaints/{converted.json()['complaint_id']}", headers=desk
    ).json()
    assert complaint["channel"] == "hotline"
    again = client.post(url + "/convert", json={"version": 1}, headers=desk)
    assert again.status_code == 409
    late = client.post(url + "/answer", json={"answer": "x", "version": 2}, headers=desk)
    assert late.status_code == 409 and late.json()["code"] == "enquiry_already_closed"
    after = client.get(url, headers=desk).json()
    assert (after["status"], after["version"], after["answer"]) == ("converted", 2, None)


def test_lists_mask_the_callers_phone_and_page_by_keyset(client, as_user):
    desk = as_user("manager_assistant")
    made = [_take(client, desk, phone=f"1391234{n:04d}") for n in range(3)]
    page = client.get(URL, params={"status": "open", "store": "S1", "limit": 2}, headers=desk)
    assert page.status_code == 200, page.text
    first = page.json()
    assert len(first["items"]) == 2 and first["next"]
    assert first["items"][0]["id"] == made[-1]["id"]
    assert first["items"][0]["phone"] == "139****" + made[-1]["phone"][-4:]
    assert first["items"][0]["caller_name"] == "周**"
    rest = client.get(
        URL, params={"status": "open", "limit": 2, "cursor": first["next"]}, headers=desk
    ).json()
    assert rest["items"][0]["id"] == made[0]["id"]
    s2 = client.get(URL, params={"store": "S2"}, headers=desk).json()
    assert s2["items"] == []  # the store manager sees their own store only
    assert client.get(URL, params={"status": "lost"}, headers=desk).status_code == 422


def test_another_stores_question_is_404_and_other_roles_403(client, as_user):
    made = _take(client, as_user("manager_assistant"))
    url = f"{URL}/{made['id']}"
    assert client.get(url, headers=as_user("staff2")).status_code == 404
    stale = client.post(
        url + "/answer", json={"answer": "x", "version": 1}, headers=as_user("staff2")
    )
    assert stale.status_code == 404
    assert client.get(url, headers=as_user("technician")).status_code == 403
    assert client.get(URL, headers=as_user("warehouse")).status_code == 403
    taken = client.post(URL, json=enquiry_body(), headers=as_user("technician"))
    assert taken.status_code == 403
    elsewhere = client.post(URL, json=enquiry_body(store="S1"), headers=as_user("staff2"))
    assert elsewhere.status_code == 403
    inspector = client.get(url, headers=as_user("inspector")).json()
    assert inspector["phone"] == "137****" + made["phone"][-4:]  # reads, masked
    answer = client.post(
        url + "/answer", json={"answer": "x", "version": 1}, headers=as_user("inspector")
    )
    assert answer.status_code == 403
    assert client.get(url).status_code == 401
