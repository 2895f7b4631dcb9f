"""Several app hosts on one PostgreSQL, deployed as an operator would: one network namespace
per host (tests/support/netns.py), PostgreSQL on one, three `aftersales serve` hosts and two
`aftersales worker` hosts on others, a real SMTP server in the root namespace, all driven from
the root namespace. Skipped where network namespaces cannot be made (not root, no `ip netns`).
"""

import os
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path

import httpx
import psycopg
import pytest
from aiosmtpd.controller import Controller

from aftersales import migrate
from aftersales.db import make_engine, make_session_factory, transaction, utcnow
from aftersales.demo import load_demo
from tests.complaints.factories import complaint_body
from tests.sales.factories import sale_body
from tests.support import netns
from tests.support.pages import csrf
from tests.support.postgres import PostgresServer

pytestmark = [pytest.mark.pg, pytest.mark.netns]
SECRET = "a-test-secret-for-several-hosts-long-enough-to-pass"
BIN = str(Path(sys.executable).parent / "aftersales")
PORT = 8000
APPS, WORKERS = ("a", "b", "c"), ("w1", "w2")
FAULT = {
    "category": "appliance",
    "sold_on": "2031-03-03",
    "requested_on": "2031-03-11",
    "paid": "500.00",
    "evidence": ["receipt"],
    "problem": "performance_fault",
}


class Mailbox:
    """The SMTP server the workers deliver to: every Message-ID it was handed, in order."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            self.ids.append(str(message_from_bytes(envelope.content)["Message-ID"]))
        return "250 OK"


@dataclass
class Site:
    net: netns.TestNetwork
    db_url: str
    dsn: str
    mailbox: Mailbox
    apps: dict[str, str]  # host name -> base URL
    procs: dict[str, object] = field(default_factory=dict)

    def sql(self, query: str, *params: object) -> list[tuple]:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            cur = conn.execute(query, params or None)
            return cur.fetchall() if cur.description else []


def _wait_ready(base: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{base} did not start")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    why = netns.available()
    if why:
        pytest.skip(f"network namespaces not available: {why}")
    logs = tmp_path_factory.mktemp("hosts")
    net = netns.TestNetwork()
    pg: PostgresServer | None = None
    smtp: Controller | None = None
    try:
        db_host = net.host("db")
        for name in (*APPS, *WORKERS):
            net.host(name)
        pg = PostgresServer(listen=db_host, netns=net.namespace("db"), allow=net.subnet).start()
        url = pg.create_database("hosts")
        migrate.upgrade(url)
        engine = make_engine(url)
        with transaction(make_session_factory(engine)) as session:
            load_demo(
                session,
                password="demo",
                now=utcnow(),
                receipts=20,
                customers=10,
                with_complaints=False,
            )
        engine.dispose()
        mailbox = Mailbox()
        smtp_port = netns_free_port(net.gateway)
        smtp = Controller(mailbox, hostname=net.gateway, port=smtp_port)
        smtp.start()
        env = os.environ | {
            "AFTERSALES_DATABASE_URL": url,
            "AFTERSALES_SECRET_KEY": SECRET,
            "AFTERSALES_ENV": "test",
            "AFTERSALES_SMTP_HOST": net.gateway,
            "AFTERSALES_SMTP_PORT": str(smtp_port),
        }
        apps = {}
        procs: dict[str, object] = {}
        for name in APPS:
            address = net.hosts[name]
            procs[name] = net.start(
                name,
                [BIN, "serve", "--host", address, "--port", str(PORT)],
                env,
                logs / f"{name}.log",
            )
            apps[name] = f"http://{address}:{PORT}"
        for name in WORKERS:
            procs[name] = net.start(
                name, [BIN, "worker", "--interval", "0.5"], env, logs / f"{name}.log"
            )
        for base in apps.values():
            _wait_ready(base)
        dsn = f"host={db_host} port={pg.port} user=postgres dbname=hosts"
        yield Site(net, url, dsn, mailbox, apps, procs)
    finally:
        net.stop_programs()  # the app and worker hosts first, while the database is up
        if smtp is not None:
            smtp.stop()
        if pg is not None:
            pg.stop()
        net.close()


def netns_free_port(address: str) -> int:
    import socket

    with socket.socket() as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def _token(base: str, username: str = "admin") -> dict[str, str]:
    answer = httpx.post(
        f"{base}/api/v1/auth/token", json={"username": username, "password": "demo"}
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def test_a_console_session_from_one_host_continues_on_the_others(site: Site):
    a, b, c = (site.apps[n] for n in APPS)
    with httpx.Client(base_url=a) as web:
        page = web.get("/login")
        answer = web.post(
            "/login",
            data={"username": "staff", "password": "demo", "csrf_token": csrf(page.text)},
        )
        assert answer.status_code == 303, answer.text
        cookies = dict(web.cookies)  # a browser would carry them to B and C behind one name
    for base in (b, c):
        with httpx.Client(base_url=base, cookies=cookies) as other:
            home = other.get("/home")
            assert home.status_code == 200
            assert 'name="csrf_token"' in home.text  # a signed-in page, not the log-in form
            assert "/login" not in str(home.url)


def test_an_api_token_from_one_host_works_on_another(site: Site):
    headers = _token(site.apps["a"], "staff")
    answer = httpx.get(f"{site.apps['c']}/api/v1/complaints", headers=headers)
    assert answer.status_code == 200, answer.text
    assert "items" in answer.json()
    assert httpx.get(f"{site.apps['c']}/api/v1/complaints").status_code == 401


def _returns_allowed(base: str, headers: dict[str, str]) -> bool:
    answer = httpx.post(f"{base}/api/v1/policy/decide", json=FAULT, headers=headers)
    assert answer.status_code == 200, answer.text
    return "return" in [a["remedy"] for a in answer.json()["allowed"]]


def test_a_holiday_and_a_counter_made_through_one_host_are_used_at_once_by_the_others(
    site: Site,
):
    a, b, c = (site.apps[n] for n in APPS)
    staff_b, staff_c = _token(b, "staff"), _token(c, "staff")
    admin_b, admin_c = _token(b), _token(c)
    assert not _returns_allowed(b, staff_b) and not _returns_allowed(c, staff_c)  # cached now
    admin = _token(a)
    day = f"{a}/api/v1/calendar-days/2031-03-10"
    assert httpx.put(day, json={"kind": "holiday", "note": "t"}, headers=admin).status_code == 200
    try:
        assert _returns_allowed(b, staff_b) and _returns_allowed(c, staff_c)
    finally:
        assert httpx.delete(day, headers=admin).status_code == 204
    assert not _returns_allowed(b, staff_b) and not _returns_allowed(c, staff_c)

    code = f"S1-F1-N{uuid.uuid4().hex[:4].upper()}"
    sale = sale_body(counter=code)
    refused = httpx.post(f"{b}/api/v1/sales", json=sale, headers=admin_b)
    assert refused.status_code == 422  # B knows its counters, and this one is not among them
    with _admin_console(a) as web:
        token = csrf(web.get("/admin/stores").text)
        made = web.post(
            "/admin/counters",
            data={
                "code": code,
                "name": "新专柜",
                "store": "S1",
                "floor": "F1",
                "csrf_token": token,
            },
        )
        assert made.status_code == 303, made.text
    for base, headers in ((b, admin_b), (c, admin_c)):
        answer = httpx.post(f"{base}/api/v1/sales", json=sale_body(counter=code), headers=headers)
        assert answer.status_code == 201, answer.text


@contextmanager
def _admin_console(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base) as web:
        page = web.get("/login")
        answer = web.post(
            "/login",
            data={"username": "admin", "password": "demo", "csrf_token": csrf(page.text)},
        )
        assert answer.status_code == 303, answer.text
        yield web


def test_a_user_made_and_then_switched_off_through_one_host_is_known_at_once_to_the_others(
    site: Site,
):
    a, b, c = (site.apps[n] for n in APPS)
    name = f"temp_{uuid.uuid4().hex[:6]}"
    fields = {
        "username": name,
        "display_name": "临时导购",
        "role": "staff",
        "store": "S1",
        "counter": "S1-F1-C01",
    }
    password = "Long-enough-password-2031"
    with _admin_console(a) as web:
        token = csrf(web.get("/admin/users").text)
        made = web.post(
            "/admin/users",
            data=fields | {"password": password, "active": "on", "csrf_token": token},
        )
        assert made.status_code == 303, made.text
        tokens = {}
        for base in (b, c):
            answer = httpx.post(
                f"{base}/api/v1/auth/token", json={"username": name, "password": password}
            )
            assert answer.status_code == 200, answer.text
            tokens[base] = {"Authorization": f"Bearer {answer.json()['access_token']}"}
            assert httpx.get(f"{base}/api/v1/complaints", headers=tokens[base]).status_code == 200
        user_id, version = site.sql("SELECT id, version FROM app_user WHERE username = %s", name)[0]
        off = web.post(
            "/admin/users",
            data=fields | {"user_id": str(user_id), "version": str(version), "csrf_token": token},
        )
        assert off.status_code == 303, off.text
    assert site.sql("SELECT active FROM app_user WHERE id = %s", user_id) == [(False,)]
    for base in (b, c):
        assert httpx.get(f"{base}/api/v1/complaints", headers=tokens[base]).status_code == 401


def _wait_for(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"not within {seconds} s: {what}")


def test_complaints_past_their_deadline_escalate_once_and_each_message_goes_out_once(
    site: Site,
):
    headers = _token(site.apps["a"])
    ids = []
    for i in range(12):
        base = site.apps[APPS[i % 3]]
        answer = httpx.post(f"{base}/api/v1/complaints", json=complaint_body(), headers=headers)
        assert answer.status_code == 201, answer.text
        ids.append(answer.json()["id"])
    site.sql(
        "UPDATE complaint SET respond_by = now() - interval '1 minute', "
        "warn_at = now() - interval '2 minutes', next_check_at = now() - interval '1 minute' "
        "WHERE id = ANY(%s)",
        ids,
    )

    def escalated() -> bool:
        rows = site.sql("SELECT count(*) FROM complaint WHERE id = ANY(%s) AND level >= 2", ids)
        return rows[0][0] == len(ids)

    _wait_for(escalated, 40, "every complaint escalated")

    def all_sent() -> bool:
        rows = site.sql(
            "SELECT count(*) FROM outbox WHERE channel = 'email' AND status = 'pending'"
        )
        return rows[0][0] == 0

    _wait_for(all_sent, 40, "every e-mail delivered")
    time.sleep(2)  # a few more passes of both workers: nothing more may happen
    events = site.sql(
        "SELECT entity_id, count(*) FROM audit_event WHERE entity = 'complaint' "
        "AND action = 'escalated' AND entity_id = ANY(%s) GROUP BY entity_id",
        ids,
    )
    assert sorted(events) == [(i, 1) for i in sorted(ids)]
    sent = {
        f"<outbox-{row[0]}@aftersales>"
        for row in site.sql("SELECT id FROM outbox WHERE channel = 'email' AND status = 'sent'")
    }
    escalation_mail = site.sql(
        "SELECT count(*) FROM outbox WHERE channel = 'email' AND meta->>'event' = 'escalated' "
        "AND (meta->>'complaint_id')::int = ANY(%s)",
        ids,
    )[0][0]
    assert escalation_mail >= len(ids)
    with site.mailbox.lock:
        received = Counter(site.mailbox.ids)
    assert set(received) == sent
    assert set(received.values()) == {1}


def test_killing_one_app_host_under_load_loses_no_acknowledged_write(site: Site):
    headers = _token(site.apps["a"])
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + 12

    def post_loop(hosts: list[str]) -> None:
        with httpx.Client(timeout=10) as client:
            while time.monotonic() < stop:
                body = sale_body()
                for name in hosts:  # the same receipt, retried on the next host
                    try:
                        answer = client.post(
                            f"{site.apps[name]}/api/v1/sales",
                            json=body,
                            headers=headers | {"Idempotency-Key": body["receipt_no"]},
                        )
                    except httpx.HTTPError:
                        continue
                    if answer.status_code == 201:
                        with lock:
                            acknowledged.append(body["receipt_no"])
                        break

    loops = [
        threading.Thread(target=post_loop, args=(order,))
        for order in (["b", "a", "c"], ["b", "c", "a"], ["a", "b", "c"], ["c", "b", "a"])
    ]
    for loop in loops:
        loop.start()
    time.sleep(4)
    with lock:
        before = len(acknowledged)
    victim = site.procs["b"]
    victim.kill()  # type: ignore[attr-defined]
    victim.wait()  # type: ignore[attr-defined]
    for loop in loops:
        loop.join()
    assert before > 0
    assert len(acknowledged) > before  # the others kept answering after B went down
    stored = {
        row[0]
        for row in site.sql(
            "SELECT receipt_no FROM receipt WHERE receipt_no = ANY(%s)", acknowledged
        )
    }
    assert stored == set(acknowledged)
    for name in ("a", "c"):
        assert httpx.get(f"{site.apps[name]}/healthz", timeout=5).status_code == 200
