"""A member's sale (points accrued in the same transaction) against the same sale without a
member, POST /api/v1/sales at concurrency 1 and 8; then the member page and the member door
for a member with 5 years of history (2,000 ledger entries).

    python bench/members_sale.py [--seconds 8] [--db sqlite|postgresql|both]
"""

import argparse
import statistics
import time

import httpx
from harness import (
    fresh_sqlite,
    post_load,
    postgres_database,
    prepare_database,
    server,
    show,
    token,
)
from sqlalchemy import insert, select

import aftersales.models  # noqa: F401 - every table, for the foreign keys
from aftersales.db import make_engine, make_session_factory, transaction, utcnow

LINE = {
    "sku": "JK-1001",
    "name": "男士棉袄",
    "category": "apparel",
    "qty": 1,
    "tag_price": "1437.00",
    "paid": "1006.00",
}
PLAIN = {
    "receipt_no": "B-{{n}}",
    "store": "S1",
    "counter": "S1-F2-C07",
    "sold_at": "2026-01-31T15:20:00+08:00",
    "staff": "staff",
    "customer": {"name": "张三", "phone": "13812345678"},
    "lines": [LINE],
}
MEMBER = PLAIN | {
    "receipt_no": "M-{{n}}",
    "customer": {"name": "张三", "phone": "13812345678", "member_no": "M000001"},
}


def _history(url: str) -> int:
    """2,000 ledger entries over 5 years for 张三 (M000001); answers the customer id."""
    from datetime import timedelta

    from aftersales.customers.models import Member, PointEntry

    with transaction(make_session_factory(make_engine(url))) as db:
        member = db.scalars(select(Member).where(Member.member_no == "M000001")).one()
        start, balance, rows = utcnow() - timedelta(days=5 * 365), member.points, []
        for i in range(2000):
            balance += 10
            rows.append(
                {
                    "member_id": member.id,
                    "at": start + timedelta(hours=21 * i),
                    "delta": 10,
                    "balance": balance,
                    "reason": "adjust",
                    "note": "bench",
                }
            )
        db.execute(insert(PointEntry), rows)
        member.points = balance
        return member.customer_id


def _timed(client: httpx.Client, path: str, n: int = 30) -> float:
    times = []
    for _ in range(n):
        began = time.perf_counter()
        assert client.get(path).status_code == 200
        times.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(times), 1)


def _pages(base: str, customer_id: int) -> None:
    headers = {"Authorization": f"Bearer {token(base, 'floor_supervisor')}"}
    with httpx.Client(base_url=base, headers=headers) as client:
        api = _timed(client, "/api/v1/members/M000001")
        ledger = _timed(client, "/api/v1/members/M000001/points?limit=50")
    with httpx.Client(base_url=base) as page:
        login = page.get("/login").text
        csrf = login.split('name="csrf_token" value="')[1].split('"')[0]
        page.post(
            "/login", data={"username": "floor_supervisor", "password": "demo", "csrf_token": csrf}
        )
        html = _timed(page, f"/customers/{customer_id}")
    print(
        f"member door p50 {api} ms, ledger page p50 {ledger} ms, "
        f"customer page p50 {html} ms (2,000 entries)",
        flush=True,
    )


def run(db: str, url: str, seconds: int) -> None:
    prepare_database(url)
    customer_id = _history(url)
    with server(url, workers=2) as (base, pid):
        for concurrency in (1, 8):
            for name, body in (("without member", PLAIN), ("with member", MEMBER)):
                figures = post_load(
                    base, pid, "/api/v1/sales", body, concurrency=concurrency, seconds=seconds
                )
                show(f"POST /api/v1/sales {name} [{db}]", figures)
        _pages(base, customer_id)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--db", default="both")
    args = parser.parse_args()
    if args.db in ("sqlite", "both"):
        run("sqlite", fresh_sqlite("members"), args.seconds)
    if args.db in ("postgresql", "both"):
        with postgres_database("bench_members") as url:
            run("postgresql", url, args.seconds)
