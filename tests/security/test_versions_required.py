"""Every state-changing API call on an existing record sends the version it read: without it
the call is refused with 422 naming `version`, with a stale one 409. The routes are found by
walking the app (POST/PUT/PATCH/DELETE with an id in the path), so a new route that takes a
change without a version fails here until it requires one or is listed below with a reason."""

from typing import Any

import pytest
from fastapi.routing import APIRoute

from tests.security.routes import api_routes, path_params

CHANGES = {"POST", "PUT", "PATCH", "DELETE"}
C = "/api/v1/complaints/{complaint_id}"
# Changes that carry no version, and why no change can be lost without one.
WITHOUT_VERSION = {
    ("POST", C + "/steps"): "appends a checklist row; the same step again answers that row",
    ("POST", C + "/tasks"): "appends a task; changes no field of the complaint",
    ("POST", C + "/contacts"): "appends a contact record; changes no field of the complaint",
    ("POST", C + "/attachments"): "appends a file; changes no field of the complaint",
    ("POST", C + "/staff-fault"): "appends a discipline record for the verified fault",
    ("POST", C + "/outside-process"): "appends a management-points entry for the counter",
    ("POST", C + "/confirmation-code"): "sends a new one-time code; overwrites nothing read",
    ("POST", "/api/v1/discipline-records/{record_id}/reverse"): (
        "one-way reversal of an append-only record, refused the second time"
    ),
    ("POST", "/api/v1/management-points/{entry_id}/reverse"): (
        "one-way reversal of a ledger entry, refused the second time"
    ),
    ("POST", "/api/v1/returned-stock/{stock_id}/confirm"): (
        "one-way step (pending to received) under the row lock, refused the second time"
    ),
    ("POST", "/api/v1/customer-merges/{merge_id}/undo"): (
        "one-way: a merge is undone once, refused the second time"
    ),
    ("POST", "/api/v1/vouchers/{code}/redeem"): (
        "a voucher is used once under its row lock; the second use is refused"
    ),
    ("POST", "/api/v1/members/{member_no}/redeem"): (
        "contract door (members.md): a ledger entry with an Idempotency-Key, the balance "
        "checked under the member's row lock"
    ),
    ("POST", "/api/v1/members/{member_no}/adjust"): (
        "a ledger entry (a delta, not a value): two adjustments both count; the member's "
        "read (members.md) carries no version"
    ),
    ("POST", "/api/v1/corrective-actions/{action_id}/verify"): (
        "contract door (feedback.md) with no version in its body; one-way (done to "
        "verified or reopened) under the action's row lock"
    ),
    ("POST", "/api/v1/public/surveys/{token}"): (
        "public door: the customer's one-time token is the key, nothing was read"
    ),
    ("PUT", "/api/v1/inspection-templates/{code}"): (
        "saves a new version of the template beside the old ones"
    ),
    ("PUT", "/api/v1/calendar-days/{day}"): (
        "the day is the key and the whole value: the row holds what the last admin entered "
        "for that day, every entry audited"
    ),
    ("DELETE", "/api/v1/calendar-days/{day}"): "removes the day's entry by its key, audited",
    ("POST", "/api/v1/policy-versions/{version_id}/replays"): (
        "starts a replay run beside the version; changes no field of it"
    ),
    ("POST", "/api/v1/parts/{part_id}/receive"): "a delta added to the stock row in one UPDATE",
    ("POST", "/api/v1/parts/{part_id}/count"): (
        "a stocktake: the count is the whole value, as found on the shelf, audited"
    ),
    ("POST", "/api/v1/part-stock/{stock_id}/reorder"): "appends a reorder for the warehouse",
    ("POST", "/api/v1/work-orders/{work_order_id}/part-reservations"): (
        "appends a reservation; the stock is taken by a conditional UPDATE, never below zero"
    ),
    (
        "POST",
        "/api/v1/part-reservations/{reservation_id}/consume",
    ): "a delta within what is reserved, conditional UPDATE",
    (
        "POST",
        "/api/v1/part-reservations/{reservation_id}/release",
    ): "one-way: a reservation is released once",
    (
        "POST",
        "/api/v1/part-reservations/{reservation_id}/return",
    ): "a delta within what was used, conditional UPDATE",
    (
        "POST",
        "/api/v1/work-orders/{work_order_id}/parts-waits",
    ): "appends a parts wait; changes no field of the order",
    ("POST", "/api/v1/parts-waits/{wait_id}/end"): "one-way: a wait ends once",
    (
        "POST",
        "/api/v1/work-orders/{work_order_id}/loaner",
    ): "appends the loaner step; given once, refused the second time",
    ("POST", "/api/v1/work-orders/{work_order_id}/compensation"): (
        "one compensation per delivery (a unique key), refused the second time"
    ),
    ("POST", "/api/v1/reports/monthly/{month}/archive"): (
        "writes the month's archived copy from the data, overwrites nothing an editor read"
    ),
}
# Values that pass each path parameter's own validation (the call must fail on the body).
SAMPLE = {"step": "diagnose", "day": "2026-12-25", "month": "2026-11", "code": "ABCD1234"}


def _edits(app: Any) -> list[tuple[str, str, APIRoute]]:  # noqa: ANN401
    return [
        (method, path, route)
        for method, path, route in api_routes(app.routes)
        if method in CHANGES and path.startswith("/api/") and path_params(route)
    ]


def _requires_version(route: APIRoute) -> bool:
    body = route.body_field
    if body is not None:
        fields = getattr(body.field_info.annotation, "model_fields", {})
        return "version" in fields and fields["version"].is_required()
    todo, queries = [route.dependant], []
    while todo:
        dependant = todo.pop()
        queries += dependant.query_params
        todo += dependant.dependencies
    return any(q.name == "version" and q.field_info.is_required() for q in queries)


def test_every_edit_of_an_existing_record_requires_the_version_it_read(sqlite_client):
    edits = _edits(sqlite_client.app)
    assert len(edits) > 40  # the walk found the routes
    missing = [
        f"{method} {path}"
        for method, path, route in edits
        if (method, path) not in WITHOUT_VERSION and not _requires_version(route)
    ]
    assert missing == [], "these accept a change without the version read: " + ", ".join(missing)
    known = {(method, path) for method, path, _ in edits}
    assert set(WITHOUT_VERSION) <= known, set(WITHOUT_VERSION) - known  # no stale entries


def _url(path: str, route: APIRoute) -> str:
    for param in path_params(route):
        path = path.replace("{" + param.name + "}", SAMPLE.get(param.name, "1"))
    return path


def test_a_change_without_its_version_is_refused_with_422_naming_version(client, as_user):
    admin = as_user("admin")
    for method, path, route in _edits(client.app):
        if (method, path) in WITHOUT_VERSION:
            continue
        answer = client.request(method, _url(path, route), json={}, headers=admin)
        assert answer.status_code == 422, (method, path, answer.text)
        fields = [e["field"] for e in answer.json()["errors"]] + [answer.json()["field"]]
        assert "version" in fields, (method, path, answer.text)


def _complaint(client, as_user) -> dict[str, Any]:  # noqa: ANN001
    from tests.complaints.factories import complaint_body

    answer = client.post("/api/v1/complaints", json=complaint_body(), headers=as_user("staff"))
    assert answer.status_code == 201, answer.text
    return answer.json()


@pytest.mark.parametrize(
    "action,body",
    [
        ("acknowledge", {}),
        ("escalate", {"reason": "顾客要求"}),
        ("classify", {"severity": "urgent"}),
        ("pause", {"reason": "等顾客回电"}),
    ],
)
def test_a_stale_version_is_refused_with_409_and_changes_nothing(client, as_user, action, body):
    staff = as_user("staff")
    c = _complaint(client, as_user)
    url = f"/api/v1/complaints/{c['id']}"
    assert client.post(url + "/acknowledge", json={"version": c["version"]}, headers=staff)
    now = client.get(url, headers=staff).json()
    stale = client.post(f"{url}/{action}", json=body | {"version": c["version"]}, headers=staff)
    assert stale.status_code == 409, stale.text
    assert stale.json()["field"] == "version"
    after = client.get(url, headers=staff).json()
    assert (after["version"], after["level"], after["severity"]) == (
        now["version"],
        now["level"],
        now["severity"],
    )


def test_a_stale_task_is_refused(session):
    from aftersales.complaints import service
    from aftersales.complaints.models import ComplaintTask
    from aftersales.db import utcnow
    from aftersales.errors import StaleVersion
    from tests.complaints.factories import form, person

    staff = person(session, "staff")
    c = service.register_complaint(session, data=form(), actor=staff, now=utcnow())
    task = ComplaintTask(
        complaint_id=c.id,
        role="warehouse",
        store_id=c.store_id,
        title="寄送新鞋",
        created_at=utcnow(),
    )
    session.add(task)
    session.flush()
    read = task.version
    service.set_task_done(
        session, task_id=task.id, done=True, actor=staff, now=utcnow(), version=read
    )
    with pytest.raises(StaleVersion):
        service.set_task_done(
            session, task_id=task.id, done=False, actor=staff, now=utcnow(), version=read
        )
    assert task.done_at is not None


def test_a_stale_customer_erasure_is_refused(client, as_user):
    admin = as_user("admin")
    c = _complaint(client, as_user)
    url = f"/api/v1/complaints/{c['id']}"
    customer = client.get(url, headers=admin).json()["customer"]
    stale = client.post(
        f"/api/v1/customers/{customer['id']}/erase",
        json={"version": customer["version"] + 1},
        headers=admin,
    )
    assert stale.status_code == 409, stale.text
    assert client.get(url, headers=admin).json()["customer"]["name"] == customer["name"]
