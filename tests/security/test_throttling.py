"""Log-in throttling per account and per address with growing waits; forwarded addresses
believed only from trusted proxies; public tracking limits per code as well as address."""

import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from aftersales.app import create_app
from aftersales.audit.models import Event
from aftersales.auth import service
from aftersales.auth.throttle import LoginThrottled
from aftersales.client_address import parse_networks, resolve
from aftersales.complaints import service as complaints
from aftersales.errors import TooManyAttempts
from aftersales.settings import Settings
from tests.complaints.factories import cst, form, person

NOW = cst(2026, 11, 20, 15, 0)
SETTINGS = Settings(secret_key="throttle-test", env="test")


def _try(session, username, password="wrong", *, at=NOW, address="10.0.0.1"):  # noqa: ANN001, ANN202
    return service.authenticate(
        session, username=username, password=password, now=at, settings=SETTINGS, address=address
    )


def _fail(session, username, **kw) -> None:  # noqa: ANN001
    with pytest.raises(service.WrongCredentials):
        _try(session, username, **kw)


def test_an_account_strangers_name_waits_a_growing_delay_but_is_never_locked(session):
    for n in range(5):  # five free failures, each from another address
        _fail(session, "admin", address=f"10.1.0.{n}")
    with pytest.raises(LoginThrottled) as first:
        _try(session, "admin", "demo", address="10.9.9.9")
    assert first.value.headers == {"Retry-After": "1"}

    _fail(session, "admin", at=NOW + timedelta(seconds=1), address="10.1.0.6")
    with pytest.raises(LoginThrottled) as second:
        _try(session, "admin", "demo", at=NOW + timedelta(seconds=2), address="10.9.9.9")
    assert second.value.headers == {"Retry-After": "1"}  # 2 s after the sixth, 1 s left

    user = _try(session, "admin", "demo", at=NOW + timedelta(seconds=3), address="10.9.9.9")
    assert user.username == "admin"  # seconds, not the 15-minute lock of old
    _fail(session, "admin", at=NOW + timedelta(seconds=4), address="10.1.0.7")  # count reset


def test_the_wait_doubles_up_to_its_ceiling():
    from aftersales.auth.throttle import limits, wait_for

    account, address = limits("admin", "10.0.0.1", SETTINGS)
    assert [wait_for(n, account) for n in range(4, 13)] == [0, 1, 2, 4, 8, 16, 32, 60, 60]
    assert [wait_for(n, address) for n in (19, 20, 21, 30)] == [0, 1, 2, 900]


def test_one_client_trying_many_names_is_throttled_by_its_address(session):
    for n in range(20):
        _fail(session, f"nobody{n}", address="10.2.0.1")
    with pytest.raises(LoginThrottled):  # even a right password, from that address
        _try(session, "staff", "demo", address="10.2.0.1")
    assert _try(session, "staff", "demo", address="10.2.0.2").username == "staff"


def test_every_failure_is_in_the_audit_log(session):
    before = _failures(session)
    _fail(session, "staff", address="10.3.0.1")
    _fail(session, "ghost-user", address="10.3.0.1")

    assert _failures(session) == before + 2
    last = session.scalars(
        select(Event).where(Event.action == "login_failed").order_by(Event.id.desc())
    ).first()
    assert (last.entity, last.entity_id, last.actor) == ("login", 0, "system")
    assert last.after == {"username": "ghost-user", "address": "10.3.0.1", "wait_seconds": 0}


def _failures(session) -> int:  # noqa: ANN001
    return session.scalar(
        select(func.count()).select_from(Event).where(Event.action == "login_failed")
    )


def _client(engine, peer: str, trusted: str = "") -> TestClient:  # noqa: ANN001
    settings = Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        secret_key="throttle-test",
        env="test",
        trusted_proxies=trusted,
    )
    return TestClient(create_app(settings), client=(peer, 40000))


def _rotating_logins(client: TestClient, n: int) -> list[int]:
    return [
        client.post(
            "/api/v1/auth/token",
            json={"username": f"x{uuid.uuid4().hex[:8]}", "password": "x"},
            headers={"X-Forwarded-For": f"203.0.113.{i}"},
        ).status_code
        for i in range(n)
    ]


def test_a_rotating_forwarded_header_from_an_untrusted_peer_changes_nothing(engine):
    peer = f"10.4.{uuid.uuid4().int % 250}.1"
    with _client(engine, peer) as client:
        codes = _rotating_logins(client, 21)
    assert codes == [401] * 20 + [429]


def test_a_trusted_proxy_names_the_client(engine):
    peer = f"10.5.{uuid.uuid4().int % 250}.1"
    with _client(engine, peer, trusted="10.5.0.0/16") as client:
        codes = _rotating_logins(client, 21)
        answer = client.post(
            "/api/v1/auth/token",
            json={"username": "nobody", "password": "x"},
            headers={"X-Forwarded-For": "203.0.113.200"},
        )
    assert codes == [401] * 21
    assert answer.status_code == 401


def test_429_carries_retry_after_in_the_error_shape(engine):
    with _client(engine, f"10.6.{uuid.uuid4().int % 250}.1") as client:
        name = f"v{uuid.uuid4().hex[:8]}"
        for _ in range(5):
            client.post("/api/v1/auth/token", json={"username": name, "password": "x"})
        answer = client.post("/api/v1/auth/token", json={"username": name, "password": "x"})
    assert answer.status_code == 429 and answer.headers["retry-after"] == "1"
    assert answer.json()["code"] == "too_many_attempts"
    assert answer.json()["field"] == "username" and answer.json()["retry_after"] == 1


@pytest.mark.parametrize(
    ("peer", "header", "trusted", "client"),
    [
        ("10.0.0.5", "1.2.3.4", "", "10.0.0.5"),
        ("10.0.0.5", "1.2.3.4", "10.0.0.0/8", "1.2.3.4"),
        ("10.0.0.5", "9.9.9.9, 1.2.3.4, 10.0.0.7", "10.0.0.0/8", "1.2.3.4"),
        ("10.0.0.5", "not-an-address", "10.0.0.0/8", "10.0.0.5"),
        ("192.0.2.1", "1.2.3.4", "10.0.0.0/8", "192.0.2.1"),
        ("::1", "2001:db8::1", "::1", "2001:db8::1"),
    ],
)
def test_the_client_address(peer, header, trusted, client):
    assert resolve(peer, header, parse_networks(trusted)) == client


def test_a_misspelt_trusted_proxy_is_refused_at_start():
    with pytest.raises(ValueError, match="trusted_proxies"):
        Settings(secret_key="x", trusted_proxies="10.0.0.0/33")


def _case(session):  # noqa: ANN001, ANN202
    data = form()
    c = complaints.register_complaint(session, data=data, actor=person(session, "staff"), now=NOW)
    return c.tracking_code, data.customer.phone


def test_guesses_from_an_address_do_not_lock_out_its_other_customers(session):
    guessed, _ = _case(session)
    mine, my_phone = _case(session)
    for _ in range(10):
        assert (
            complaints.track(
                session, code=guessed, phone="13000000000", client_key="ip:mall-wifi", now=NOW
            )
            is None
        )
    with pytest.raises(TooManyAttempts):
        complaints.track(
            session, code=guessed, phone="13000000000", client_key="ip:mall-wifi", now=NOW
        )

    found = complaints.track(session, code=mine, phone=my_phone, client_key="ip:mall-wifi", now=NOW)
    assert found is not None and found.tracking_code == mine


def test_guessing_one_codes_phone_from_many_addresses_locks_that_code(session):
    code, phone = _case(session)
    for n in range(20):
        complaints.track(
            session, code=code, phone="13000000000", client_key=f"ip:10.7.0.{n}", now=NOW
        )
    with pytest.raises(TooManyAttempts):
        complaints.track(session, code=code, phone=phone, client_key="ip:10.8.0.1", now=NOW)


def test_one_address_trying_many_codes_is_stopped(session):
    for n in range(100):
        complaints.track(
            session, code=f"GUESS{n:05d}", phone="13000000000", client_key="ip:10.9.0.1", now=NOW
        )
    code, phone = _case(session)
    with pytest.raises(TooManyAttempts):
        complaints.track(session, code=code, phone=phone, client_key="ip:10.9.0.1", now=NOW)
