"""The inspection doors of contracts/feedback.md, through the real app on both databases."""

from tests.inspections.factories import finding, sheet


def test_templates_list_the_shipped_ones_with_items(client, as_user):
    answer = client.get("/api/v1/inspection-templates", headers=as_user("inspector"))
    assert answer.status_code == 200
    codes = {t["code"]: t for t in answer.json()["items"]}
    assert {"store_inspection", "mystery_shopper"} <= set(codes)
    assert codes["mystery_shopper"]["items"][0]["text_zh"].startswith("第一步 亲切迎宾")


def test_post_an_inspection_answers_total_percent_and_one_open_action_per_finding(client, as_user):
    body = sheet(
        scores={"greeting": 6, "labels": 3},
        findings=[finding(), finding(owner="staff", text="迎宾不主动")],
    )
    answer = client.post("/api/v1/inspections", json=body, headers=as_user("inspector"))
    assert answer.status_code == 201, answer.text
    got = answer.json()
    assert (got["total"], got["max"], got["percent"]) == (89, 100, 89.0)
    assert [(a["owner"], a["status"], a["due"]) for a in got["corrective_actions"]] == [
        ("counter_manager", "open", "2026-11-23"),
        ("staff", "open", "2026-11-23"),
    ]
    assert got["on_duty"] == ["staff"] and got["template_version"] >= 1
    again = client.get(f"/api/v1/inspections/{got['id']}", headers=as_user("counter_manager"))
    assert again.status_code == 200 and again.json()["total"] == 89
    other_store = client.get(f"/api/v1/inspections/{got['id']}", headers=as_user("staff2"))
    assert other_store.status_code == 404


def test_the_same_idempotency_key_never_records_twice(client, as_user):
    headers = as_user("inspector") | {"Idempotency-Key": "insp-retry-1-" + client.base_url.host}
    first = client.post("/api/v1/inspections", json=sheet(), headers=headers)
    second = client.post("/api/v1/inspections", json=sheet(), headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]


def test_bad_input_is_a_clear_error_naming_the_field(client, as_user):
    h = as_user("inspector")
    over = client.post("/api/v1/inspections", json=sheet(scores={"labels": 12}), headers=h)
    assert over.status_code == 422
    assert (over.json()["code"], over.json()["field"]) == ("score_above_maximum", "scores[7].score")
    no_owner = sheet(findings=[{"text": "x", "due": "2026-11-23"}])
    missing = client.post("/api/v1/inspections", json=no_owner, headers=h)
    assert missing.status_code == 422
    assert "findings[0].owner" in [e["field"] for e in missing.json()["errors"]]
    no_due = sheet(findings=[{"text": "x", "owner": "staff"}])
    assert "findings[0].due" in [
        e["field"]
        for e in client.post("/api/v1/inspections", json=no_due, headers=h).json()["errors"]
    ]


def test_permissions_inspector_records_but_does_not_discipline_clerk_cannot_record(client, as_user):
    assert (
        client.post("/api/v1/inspections", json=sheet(), headers=as_user("staff")).status_code
        == 403
    )
    assert client.post("/api/v1/inspections", json=sheet()).status_code == 401
    refused = client.post(
        "/api/v1/discipline-records/1/reverse", json={"reason": "x"}, headers=as_user("inspector")
    )
    assert refused.status_code == 403


def test_done_then_verify_by_someone_else(client, as_user):
    made = client.post(
        "/api/v1/inspections", json=sheet(findings=[finding()]), headers=as_user("inspector")
    ).json()
    aid = made["corrective_actions"][0]["id"]
    owner = as_user("counter_manager")
    done = client.post(
        f"/api/v1/corrective-actions/{aid}/done",
        json={"note": "价签已更换", "version": 1},
        headers=owner,
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    self_check = client.post(
        f"/api/v1/corrective-actions/{aid}/verify", json={"note": "ok", "version": 2}, headers=owner
    )
    assert (self_check.status_code, self_check.json()["code"]) == (403, "owner_cannot_verify")
    ok = client.post(
        f"/api/v1/corrective-actions/{aid}/verify",
        json={"note": "复查合格", "version": 2},
        headers=as_user("inspector"),
    )
    assert ok.status_code == 200
    assert (ok.json()["status"], ok.json()["verified_by"]) == ("verified", "inspector")
    listed = client.get(
        "/api/v1/corrective-actions?status=verified", headers=as_user("inspector")
    ).json()
    assert aid in [a["id"] for a in listed["items"]] and "next" in listed
