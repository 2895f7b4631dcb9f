"""POST /api/v1/complaints at concurrency 1, 8 and 32, on SQLite and PostgreSQL.

    python bench/complaints_post.py [--seconds 20] [--db sqlite|postgresql|both]

Each request registers a complaint exactly as the contract's example does: the deadlines are
computed on the working calendar, and the audit event and the outbox row (the tracking-code
SMS) are written in the same transaction.
"""

import argparse

from harness import fresh_sqlite, post_load, postgres_database, prepare_database, server, show

BODY = {
    "channel": "phone",
    "type": "service",
    "store": "S1",
    "counter": "S1-F2-C07",
    "customer": {"name": "李四", "phone": "13900001111"},
    "title": "导购态度差 {{n}}",
    "description": "顾客反映专柜导购态度冷淡，不愿意介绍商品。",
    "wants": "apology",
    "receipt_no": None,
    "occurred_at": "2026-11-20T10:00:00+08:00",
}


def run(db: str, url: str, seconds: int) -> None:
    prepare_database(url)
    with server(url, workers=2) as (base, pid):
        for concurrency in (1, 8, 32):
            figures = post_load(
                base, pid, "/api/v1/complaints", BODY, concurrency=concurrency, seconds=seconds
            )
            show(f"POST /api/v1/complaints [{db}]", figures)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--db", default="both")
    args = parser.parse_args()
    if args.db in ("sqlite", "both"):
        run("sqlite", fresh_sqlite("complaints_post"), args.seconds)
    if args.db in ("postgresql", "both"):
        with postgres_database("bench_complaints") as url:
            run("postgresql", url, args.seconds)


if __name__ == "__main__":
    main()
