"""Two app processes on one database: a change made through one is seen by the next
request on the other, although each keeps its own copy of the calendar, codes and users."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from aftersales import migrate
from aftersales.db import make_engine, make_session_factory, transaction, utcnow
from aftersales.demo import load_demo

FAULT = {
    "category": "appliance",
    "sold_on": "2031-03-03",
    "requested_on": "2031-03-11",
    "paid": "500.00",
    "evidence": ["receipt"],
    "problem": "performance_fault",
}
SECRET = "a-test-secret-that-is-long-enough-to-pass-every-check"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(url: str, port: int) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "AFTERSALES_DATABASE_URL": url,
        "AFTERSALES_SECRET_KEY": SECRET,
        "AFTERSALES_ENV": "test",
    }
    cmd = [str(Path(sys.executable).parent / "aftersales"), "serve", "--port", str(port)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait(base: str) -> None:
    for _ in range(200):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{base} did not start")


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('two')) / 'two.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as session:
        load_demo(
            session, password="demo", now=utcnow(), receipts=20, customers=10, with_complaints=False
        )
    engine.dispose()
    ports = _free_port(), _free_port()
    procs = [_serve(url, port) for port in ports]
    bases = tuple(f"http://127.0.0.1:{port}" for port in ports)
    try:
        for base in bases:
            _wait(base)
        yield bases  # type: ignore[misc]
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)


def _token(base: str, username: str) -> dict[str, str]:
    answer = httpx.post(
        f"{base}/api/v1/auth/token", json={"username": username, "password": "demo"}
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _returns_allowed(base: str, headers: dict[str, str]) -> bool:
    answer = httpx.post(f"{base}/api/v1/policy/decide", json=FAULT, headers=headers)
    assert answer.status_code == 200, answer.text
    return "return" in [a["remedy"] for a in answer.json()["allowed"]]


def test_a_holiday_entered_through_one_process_counts_at_once_in_the_other(two_processes):
    first, second = two_processes
    staff = _token(second, "staff")
    assert not _returns_allowed(second, staff)  # the second process now holds its copy
    day = f"{first}/api/v1/calendar-days/2031-03-10"
    admin = _token(first, "admin")
    assert httpx.put(day, json={"kind": "holiday", "note": "t"}, headers=admin).status_code == 200
    assert _returns_allowed(second, staff)
    assert httpx.delete(day, headers=admin).status_code == 204
    assert not _returns_allowed(second, staff)
