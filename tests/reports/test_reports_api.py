"""The statistics doors through the app: shape, language, refusals, scope."""

from aftersales.db import transaction
from tests.complaints.factories import cst, form

Q = "/api/v1/reports/complaints?from=2025-05-01&to=2025-05-31"


def _register(client, counter: str) -> None:
    from aftersales.complaints import service

    with transaction(client.app.state.session_factory) as session:
        service.register_complaint(
            session,
            data=form(store=counter[:2], counter=counter),
            actor=None,
            now=cst(2025, 5, 12, 9, 0),
        )


def test_the_contract_shape_and_labels_in_the_callers_language(client, as_user):
    _register(client, "S1-F1-C01")
    answer = client.get(f"{Q}&by=type", headers=as_user("dept_manager"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["from"] == "2025-05-01" and body["to"] == "2025-05-31" and body["by"] == "type"
    assert set(body["total"]) == {
        "count",
        "responded_on_time",
        "responded_late",
        "resolved_on_time",
        "resolved_late",
        "open",
        "escalated",
    }
    assert body["total"]["count"] >= 1
    service = next(r for r in body["rows"] if r["key"] == "service")
    assert service["label"] == "服务性投诉"
    english = client.get(
        f"{Q}&by=type", headers=as_user("dept_manager") | {"Accept-Language": "en"}
    ).json()
    assert next(r for r in english["rows"] if r["key"] == "service")["label"] == "service"


def test_s1_never_sees_s2_through_the_api(client, as_user):
    _register(client, "S2-F1-C01")
    body = client.get(f"{Q}&by=store", headers=as_user("floor_supervisor")).json()
    assert {r["key"] for r in body["rows"]} <= {"S1"}
    refused = client.get(f"{Q}&by=store&store=S2", headers=as_user("floor_supervisor"))
    assert refused.status_code == 403 and refused.json()["field"] == "store"


def test_bad_input_answers_422_or_403_naming_the_field(client, as_user):
    h = as_user("dept_manager")
    cases = [
        (f"{Q}&by=colour", 422, "by"),
        ("/api/v1/reports/complaints?from=2025-05-31&to=2025-05-01&by=type", 422, "to"),
        ("/api/v1/reports/complaints?from=2024-01-01&to=2025-05-01&by=type", 422, "to"),
        (f"{Q}&by=type&store=S9", 422, "store"),
        (f"{Q}&by=type&counter=S9-F1-C01", 422, "counter"),
        ("/api/v1/reports/claims?from=2025-05-01&to=2025-05-31&by=type", 422, "by"),
    ]
    for url, status, field in cases:
        answer = client.get(url, headers=h)
        assert answer.status_code == status, (url, answer.text)
        assert answer.json()["field"] == field, url
    assert client.get(f"{Q}&by=type", headers=as_user("counter_manager")).status_code == 403
    assert client.get(f"{Q}&by=type", headers=as_user("technician")).status_code == 403
    assert client.get(f"{Q}&by=type").status_code == 401


def test_claims_door_answers_money_as_strings(client, as_user):
    body = client.get(
        "/api/v1/reports/claims?from=2025-05-01&to=2025-05-31&by=remedy",
        headers=as_user("inspector"),
    ).json()
    assert body["total"] == {"count": 0, "refunded": "0.00", "compensated": "0.00", "overridden": 0}


def test_the_monthly_doors_files_and_archive(client, as_user):
    _register(client, "S1-F1-C01")  # May 2025
    h = as_user("dept_manager")
    body = client.get("/api/v1/reports/monthly/2025-05", headers=h).json()
    assert body["month"] == "2025-05" and body["archived"] is None
    assert {"by_type", "by_cause", "by_store", "by_counter", "by_brand", "by_staff"} <= set(
        body["complaints"]
    )
    book = client.get("/api/v1/reports/monthly/2025-05.xlsx", headers=h)
    assert book.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert client.get("/api/v1/reports/monthly/2025-05.pdf", headers=h).content[:4] == b"%PDF"
    assert (
        client.post(
            "/api/v1/reports/monthly/2025-05/archive", headers=as_user("floor_supervisor")
        ).status_code
        == 403
    )
    done = client.post("/api/v1/reports/monthly/2025-05/archive", headers=h)
    assert done.status_code == 200 and done.json()["archived"]["by"] == "dept_manager"
    again = client.post("/api/v1/reports/monthly/2025-05/archive", headers=h)
    assert again.status_code == 409 and again.json()["code"] == "already_archived"
    current = client.get("/api/v1/reports/monthly/2099-01", headers=h)
    assert current.status_code == 422 and current.json()["field"] == "month"
    from aftersales.db import utcnow

    this_month = utcnow().strftime("%Y-%m")
    not_over = client.post(f"/api/v1/reports/monthly/{this_month}/archive", headers=h)
    assert not_over.status_code == 422 and not_over.json()["code"] == "month_not_over"
