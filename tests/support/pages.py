"""Console page tests: a client of the real app, logged in through the real /login form."""

import itertools
import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aftersales.app import create_app
from aftersales.settings import Settings

_ip = itertools.count(1)


def page_client(engine: Engine, tmp_path: Path) -> TestClient:
    # Each client its own address: the public pages throttle misses per address, and the
    # database is shared by the whole session.
    settings = Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        secret_key="test-secret",
        env="test",
        attachments_dir=tmp_path,
    )
    n = next(_ip)
    return TestClient(create_app(settings), client=(f"10.8.{n // 250}.{n % 250 + 1}", 50000))


def csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "no form on the page"
    return match.group(1)


def login(web: TestClient, username: str, *, then: str = "/home") -> str:
    """Log in as a demo user; the CSRF token of the page `then` for the forms to post."""
    answer = web.post(
        "/login",
        data={"username": username, "password": "demo", "csrf_token": csrf(web.get("/login").text)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return csrf(web.get(then).text)
