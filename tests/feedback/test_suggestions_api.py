"""The suggestion doors of contracts/feedback.md through the real app, on both databases."""

import itertools

from sqlalchemy import select

from aftersales.notify.models import OutboxMessage
from tests.customers.factories import new_phone

_n = itertools.count(1)


def _body(**overrides) -> dict:
    body = {
        "channel": "opinion_box",
        "store": "S1",
        "counter": None,
        "text": f"希望三楼增加休息座椅 {next(_n)}",
        "customer": None,
        "contact_email": None,
    }
    return body | overrides


def _outbox(engine, suggestion_id: int) -> list[OutboxMessage]:
    from aftersales.db import make_session_factory, transaction

    with transaction(make_session_factory(engine)) as db:
        return [
            m
            for m in db.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(50))
            if (m.meta or {}).get("suggestion_id") == suggestion_id
        ]


def test_staff_record_a_suggestion_and_a_supervisor_adopts_it_with_a_reply(
    client, as_user, request
):
    phone = new_phone()
    made = client.post(
        "/api/v1/suggestions",
        headers=as_user("staff"),
        json=_body(counter="S1-F1-C01", customer={"name": "陈静", "phone": phone}),
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["status"] == "received" and body["reference"].startswith("SG")
    sid = body["id"]
    assert (
        client.post(
            f"/api/v1/suggestions/{sid}/decide",
            headers=as_user("counter_manager"),
            json={"decision": "adopted", "reply": "x", "version": 1},
        ).status_code
        == 403
    )
    decided = client.post(
        f"/api/v1/suggestions/{sid}/decide",
        headers=as_user("floor_supervisor"),
        json={"decision": "adopted", "reply": "下月起增加座椅", "version": 1},
    )
    assert decided.status_code == 200, decided.text
    assert (decided.json()["status"], decided.json()["notified"]) == ("adopted", True)
    engine = request.getfixturevalue(
        "pg_engine"
        if "postgresql" in str(client.app.state.settings.database_url)
        else "sqlite_engine"
    )
    [sms] = _outbox(engine, sid)
    assert (sms.channel, sms.recipient) == ("sms", phone) and "下月起增加座椅" in sms.body
    read = client.get(f"/api/v1/suggestions/{sid}", headers=as_user("floor_supervisor")).json()
    assert [h["action"] for h in read["history"]] == ["received", "decided"]
    assert (read["decision"], read["reply"], read["notified"]) == (
        "adopted",
        "下月起增加座椅",
        True,
    )
    done = client.post(
        f"/api/v1/suggestions/{sid}/implemented",
        headers=as_user("floor_supervisor"),
        json={"note": "已添置 12 把座椅", "version": read["version"]},
    )
    assert done.status_code == 200 and done.json()["status"] == "implemented"


def test_implemented_only_after_adopted_and_a_stale_version_is_refused(client, as_user):
    sid = client.post(
        "/api/v1/suggestions", headers=as_user("floor_supervisor"), json=_body()
    ).json()["id"]
    boss = as_user("floor_supervisor")
    unversioned = client.post(
        f"/api/v1/suggestions/{sid}/decide",
        headers=boss,
        json={"decision": "declined", "reply": "x"},
    )
    assert unversioned.status_code == 422 and unversioned.json()["field"] == "version"
    early = client.post(
        f"/api/v1/suggestions/{sid}/implemented", headers=boss, json={"note": "x", "version": 1}
    )
    assert early.status_code == 409
    assert (
        client.post(
            f"/api/v1/suggestions/{sid}/decide",
            headers=boss,
            json={"decision": "declined", "reply": "暂无条件", "version": 7},
        ).status_code
        == 409
    )
    declined = client.post(
        f"/api/v1/suggestions/{sid}/decide",
        headers=boss,
        json={"decision": "declined", "reply": "暂无条件", "version": 1},
    )
    assert declined.status_code == 200 and declined.json()["notified"] is False
    again = client.post(
        f"/api/v1/suggestions/{sid}/decide",
        headers=boss,
        json={"decision": "adopted", "reply": "改主意", "version": 2},
    )
    assert again.status_code == 409
    assert (
        client.post(
            f"/api/v1/suggestions/{sid}/implemented", headers=boss, json={"note": "x", "version": 2}
        ).status_code
        == 409
    )


def test_the_public_door_needs_no_login_and_refuses_a_flood(client):
    # The only test of the session posting through this door from the client "testclient".
    headers: dict[str, str] = {}
    answers = [
        client.post(
            "/api/v1/public/suggestions",
            headers=headers,
            json={"store": "S2", "text": f"停车场指示牌不清楚 {i}", "phone": None},
        )
        for i in range(7)
    ]
    codes = [a.status_code for a in answers]
    assert codes[0] == 201 and answers[0].json()["reference"].startswith("SG")
    assert 429 in codes
    assert client.post(
        "/api/v1/public/suggestions", json={"store": "S9", "text": "x"}
    ).status_code in (422, 429)


def test_scope_lists_and_reads_only_the_users_place(client, as_user):
    s2 = client.post(
        "/api/v1/suggestions",
        headers=as_user("staff2"),
        json=_body(store="S2", counter="S2-F1-C01"),
    ).json()["id"]
    assert (
        client.post(
            "/api/v1/suggestions",
            headers=as_user("staff2"),
            json=_body(store="S1", counter="S1-F1-C01"),
        ).status_code
        == 403
    )
    assert (
        client.get(f"/api/v1/suggestions/{s2}", headers=as_user("floor_supervisor")).status_code
        == 404
    )
    mine = client.get(
        "/api/v1/suggestions",
        params={"status": "received", "limit": 200},
        headers=as_user("staff2"),
    ).json()
    assert s2 in [s["id"] for s in mine["items"]]
    assert {s["store"] for s in mine["items"]} == {"S2"}
    assert client.get("/api/v1/suggestions").status_code == 401
    assert (
        client.post(
            "/api/v1/suggestions", headers=as_user("staff"), json=_body(channel="pigeon")
        ).status_code
        == 422
    )
