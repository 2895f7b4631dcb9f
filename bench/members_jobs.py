"""The members' yearly and daily runs on PostgreSQL: tiers and expiry over N members, each
with a receipt in the last year and three ledger entries (earned 2024, spent 2025, earned
2025), as `aftersales worker` runs them (batches, one transaction each).

    python bench/members_jobs.py [--members 200000]
"""

import argparse
import time
from datetime import UTC, datetime

from harness import postgres_database
from sqlalchemy import text

import aftersales.models  # noqa: F401 - every table, for the foreign keys
from aftersales import migrate
from aftersales.customers import expiry, tiers
from aftersales.customers.tasks import run_batches
from aftersales.db import make_engine, make_session_factory, transaction, utcnow
from aftersales.demo import load_demo

FILL = [
    """INSERT INTO customer (name, phone, version, marketing_consent, created_at)
       SELECT 'bench' || g, '16' || lpad(g::text, 9, '0'), 1, false, now()
       FROM generate_series(1, :n) g""",
    """INSERT INTO member (customer_id, member_no, tier, since, points, version, created_at)
       SELECT id, 'B' || id, 'standard', DATE '2024-01-01', 600, 1, now()
       FROM customer WHERE name LIKE 'bench%'""",
    """INSERT INTO receipt (receipt_no, store_id, counter_id, customer_id, sold_at, total_paid,
                           created_at)
       SELECT 'BR' || m.customer_id, 1, 1, m.customer_id, now() - interval '30 days',
              (m.id % 30000)::numeric, now()
       FROM member m WHERE m.member_no LIKE 'B%'""",
    """INSERT INTO point_entry (member_id, at, delta, balance, reason)
       SELECT m.id, t.at, t.delta, t.balance, t.reason FROM member m CROSS JOIN (VALUES
         (TIMESTAMPTZ '2024-06-01 10:00+08', 500, 500, 'sale'),
         (TIMESTAMPTZ '2025-03-01 10:00+08', -200, 300, 'redeem'),
         (TIMESTAMPTZ '2025-08-01 10:00+08', 300, 600, 'sale')) AS t(at, delta, balance, reason)
       WHERE m.member_no LIKE 'B%'""",
    "ANALYZE",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200_000)
    args = parser.parse_args()
    with postgres_database("bench_member_jobs") as url:
        migrate.upgrade(url)
        engine = make_engine(url)
        with transaction(make_session_factory(engine)) as session:  # stores and counters
            load_demo(
                session,
                password="demo",
                now=utcnow(),
                receipts=100,
                customers=50,
                with_complaints=False,
            )
        with engine.begin() as conn:
            for statement in FILL:
                conn.execute(text(statement), {"n": args.members})
        factory = make_session_factory(engine)
        now = datetime(2026, 1, 2, 2, 0, tzinfo=UTC)
        for name, work in (
            ("tiers", lambda s, after: tiers.recompute_tiers(s, now=now, after_id=after)),
            (
                "expiry 2024",
                lambda s, after: expiry.expire_year(s, year=2024, now=now, after_id=after),
            ),
        ):
            began = time.perf_counter()
            done = run_batches(factory, work)
            print(
                f"{name:<12} {args.members:>9} members  {done:>9} changed  "
                f"{time.perf_counter() - began:6.1f} s",
                flush=True,
            )


if __name__ == "__main__":
    main()
