"""The two intake doors (POST /api/v1/sales and /api/v1/complaints) are served by their own
handler (aftersales/intake_route.py); these are the answers a caller meets, the same as any
route's: the fast path for a valid request, FastAPI's own handler for everything else."""

import json

import pytest

from tests.complaints.factories import complaint_body
from tests.conftest import token_for
from tests.sales.factories import sale_body

DOORS = {"/api/v1/sales": sale_body, "/api/v1/complaints": complaint_body}
JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize("path", DOORS)
@pytest.mark.parametrize(
    ("case", "content_type", "status", "field", "error_type"),
    [
        ("valid", "application/json", 201, None, None),
        ("valid", "application/json; charset=utf-8", 201, None, None),
        ("not json", "application/json", 422, "body", "json_invalid"),
        ("empty", "application/json", 422, "body", "missing"),
        ("valid", "text/plain", 422, "body", "model_attributes_type"),
        ("valid", None, 422, "body", "model_attributes_type"),
        ("a list", "application/json", 422, "body", "model_attributes_type"),
        ("no title or receipt number", "application/json", 422, "*", "missing"),
    ],
)
def test_each_request_gets_the_answer_of_any_route(
    sqlite_client, path, case, content_type, status, field, error_type
):
    body = DOORS[path]()
    content = {
        "valid": json.dumps(body),
        "not json": "{nope",
        "empty": "",
        "a list": "[]",
        "no title or receipt number": json.dumps(
            {k: v for k, v in body.items() if k not in ("title", "receipt_no")}
        ),
    }[case]
    headers = token_for(sqlite_client, "admin") | (
        {"Content-Type": content_type} if content_type else {}
    )
    answer = sqlite_client.post(path, content=content, headers=headers)
    assert answer.status_code == status, answer.text
    if status == 201:
        assert answer.json()["id"] > 0
        return
    first = answer.json()["errors"][0]
    assert first["type"] == error_type
    expected = {"title", "receipt_no"} if field == "*" else {field}
    assert first["field"] in expected


@pytest.mark.parametrize("path", DOORS)
def test_a_caller_without_a_token_is_refused_before_the_body_is_read(sqlite_client, path):
    for content in (json.dumps(DOORS[path]()), "{}"):
        answer = sqlite_client.post(path, content=content, headers=JSON)
        assert answer.status_code == 401
        assert answer.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("path", DOORS)
def test_an_idempotency_key_too_long_is_refused_and_a_retry_answers_the_same(sqlite_client, path):
    body = json.dumps(DOORS[path]())
    headers = token_for(sqlite_client, "admin") | JSON
    long = sqlite_client.post(path, content=body, headers=headers | {"Idempotency-Key": "k" * 201})
    assert long.status_code == 422
    assert long.json()["field"] == "idempotency-key"
    first = sqlite_client.post(path, content=body, headers=headers | {"Idempotency-Key": "k" * 200})
    again = sqlite_client.post(path, content=body, headers=headers | {"Idempotency-Key": "k" * 200})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()


@pytest.mark.parametrize(
    ("path", "model"), [("/api/v1/sales", "SaleCreate"), ("/api/v1/complaints", "ComplaintCreate")]
)
def test_the_openapi_document_describes_the_doors_as_before(sqlite_client, path, model):
    operation = sqlite_client.get("/openapi.json").json()["paths"][path]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/" + model)
    assert "Idempotency-Key" in {p["name"].title() for p in operation["parameters"]}
    assert "201" in operation["responses"]
