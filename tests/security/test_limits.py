"""Bodies over the limit answer 413, whether they declare their length or come chunked."""

import orjson
from fastapi import FastAPI, Request

from aftersales.limits import UPLOAD_MAX_BYTES, BodySizeLimit


def _chunks(total: int, size: int = 64 * 1024):
    sent = 0
    while sent < total:
        piece = min(size, total - sent)
        sent += piece
        yield b" " * piece


def _too_big_json(limit: int):
    yield b'{"title": "'
    yield from _chunks(limit + 1)
    yield b'"}'


def test_a_chunked_json_body_over_the_limit_answers_413(sqlite_client, as_user):
    limit = sqlite_client.app.state.settings.max_body_bytes
    answer = sqlite_client.post(
        "/api/v1/complaints",
        content=_too_big_json(limit),
        headers=as_user("staff") | {"Content-Type": "application/json"},
    )

    assert answer.status_code == 413
    assert answer.json()["code"] == "body_too_large"


def test_a_declared_length_over_the_limit_answers_413(sqlite_client, as_user):
    limit = sqlite_client.app.state.settings.max_body_bytes
    answer = sqlite_client.post(
        "/api/v1/complaints",
        content=b"x" * (limit + 1),
        headers=as_user("staff") | {"Content-Type": "application/json"},
    )

    assert (answer.status_code, answer.json()["code"]) == (413, "body_too_large")


def test_a_chunked_upload_over_the_upload_limit_answers_413(sqlite_client, as_user):
    boundary = "b0undary"

    def body():
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            'filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
        ).encode()
        yield from _chunks(UPLOAD_MAX_BYTES + 1, 1024 * 1024)
        yield f"\r\n--{boundary}--\r\n".encode()

    answer = sqlite_client.post(
        "/api/v1/complaints/1/attachments",
        content=body(),
        headers=as_user("staff") | {"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )

    assert (answer.status_code, answer.json()["code"]) == (413, "body_too_large")


def test_a_route_reading_its_own_body_gets_413_not_400():
    """Without the guard in front: FastAPI's body parsing must pass the 413 on."""
    from fastapi.testclient import TestClient

    from aftersales import errors_http

    app = FastAPI()
    errors_http.install(app)

    @app.post("/api/v1/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"n": len(orjson.loads(await request.body()))}

    @app.post("/api/v1/typed")
    def typed(body: dict) -> dict[str, int]:
        return {"n": len(body)}

    app.add_middleware(BodySizeLimit, max_bytes=100)
    with TestClient(app) as client:
        for path in ("/api/v1/echo", "/api/v1/typed"):
            answer = client.post(
                path, content=_too_big_json(100), headers={"Content-Type": "application/json"}
            )
            assert (answer.status_code, answer.json()["code"]) == (413, "body_too_large")
