"""Tokens, log-in throttling, console sessions and CSRF."""

import re
import uuid

from fastapi.testclient import TestClient

from tests.conftest import make_client


def test_a_token_for_right_credentials_and_the_same_401_for_unknown_or_wrong(client):
    ok = client.post("/api/v1/auth/token", json={"username": "staff", "password": "demo"})
    assert ok.status_code == 200
    assert ok.json()["token_type"] == "bearer" and ok.json()["expires_in"] > 0
    wrong = client.post("/api/v1/auth/token", json={"username": "staff", "password": "nope"})
    ghost = client.post(
        "/api/v1/auth/token", json={"username": f"g{uuid.uuid4().hex[:6]}", "password": "nope"}
    )
    assert wrong.status_code == ghost.status_code == 401
    assert wrong.json()["message"] == ghost.json()["message"]


def test_repeated_failures_lock_the_name_with_429(client):
    name = f"victim{uuid.uuid4().hex[:6]}"
    codes = [
        client.post("/api/v1/auth/token", json={"username": name, "password": "x"}).status_code
        for _ in range(6)
    ]
    assert codes == [401, 401, 401, 401, 401, 429]


def test_a_forged_token_is_refused(client):
    answer = client.get("/api/v1/receipts", headers={"Authorization": "Bearer forged.token"})
    assert answer.status_code == 401
    assert answer.json()["code"] == "not_authenticated"


def _csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    return match.group(1)


def _login(web: TestClient, username: str, password: str = "demo"):
    token = _csrf(web.get("/login").text)
    return web.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/receipts"},
        follow_redirects=False,
    )


def test_console_login_and_logout(sqlite_engine):
    with make_client(str(sqlite_engine.url)) as web:
        assert web.get("/home", follow_redirects=False).status_code == 303
        answer = _login(web, "staff")
        assert answer.status_code == 303 and answer.headers["location"] == "/receipts"
        home = web.get("/home")
        assert home.status_code == 200 and "王小明" in home.text
        web.post("/logout", data={"csrf_token": _csrf(home.text)})
        assert web.get("/home", follow_redirects=False).status_code == 303


def test_a_login_form_without_its_csrf_token_is_refused(sqlite_engine):
    with make_client(str(sqlite_engine.url)) as web:
        web.get("/login")
        answer = web.post(
            "/login", data={"username": "staff", "password": "demo"}, follow_redirects=False
        )
        assert answer.status_code == 403
        assert web.get("/home", follow_redirects=False).status_code == 303


def test_a_wrong_password_shows_the_message_on_the_page(sqlite_engine):
    with make_client(str(sqlite_engine.url)) as web:
        answer = _login(web, "staff", "wrong")
        assert answer.status_code == 401
        assert "用户名或密码错误" in answer.text


def test_the_english_switch(sqlite_engine):
    with make_client(str(sqlite_engine.url)) as web:
        assert "登录" in web.get("/login").text
        web.get("/lang/en?back=/login")
        assert "Log in" in web.get("/login").text
