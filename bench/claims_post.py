"""POST /api/v1/claims at concurrency 32 (and 1 and 8), on SQLite and PostgreSQL.

    python bench/claims_post.py [--seconds 20] [--db sqlite|postgresql|both]

The receipts are recorded up front; every request then opens a claim on one of their lines,
so each one reads the receipt and its repair records, asks the policy engine, and writes
the claim, its audit event and its Idempotency-Key. Opening a claim takes no lock on the
receipt, so many claims on the same few receipts do not queue behind each other.
"""

import argparse
from datetime import UTC, datetime, timedelta

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

BOOTS = {
    "sku": "FW-2001",
    "name": "女士短靴",
    "category": "footwear",
    "qty": 1,
    "tag_price": "1299.00",
    "paid": "813.59",
}


def record_receipt(base: str, receipt_no: str) -> None:
    sold_at = (datetime.now(UTC) - timedelta(days=10)).isoformat()
    body = {
        "receipt_no": receipt_no,
        "store": "S1",
        "counter": "S1-F1-C01",
        "staff": "staff",
        "sold_at": sold_at,
        "customer": {"name": "张三", "phone": "13812345678"},
        "lines": [BOOTS],
    }
    answer = httpx.post(
        f"{base}/api/v1/sales", json=body, headers={"Authorization": f"Bearer {token(base)}"}
    )
    answer.raise_for_status()


def claim_body(receipt_no: str) -> dict:
    # A broken sole within the 三包 period: granted, so the whole decision path runs.
    return {
        "receipt_no": receipt_no,
        "sku": BOOTS["sku"],
        "remedy": None,
        "problem": "sole_broken",
        "part": "sole",
        "condition": [],
        "evidence": ["receipt"],
        "requested_on": None,
    }


def run(db: str, url: str, seconds: int, levels: tuple[int, ...]) -> None:
    prepare_database(url)
    with server(url, workers=2) as (base, pid):
        receipt_no = f"BC-{datetime.now(UTC):%Y%m%d%H%M%S}"
        record_receipt(base, receipt_no)
        for concurrency in levels:
            figures = post_load(
                base,
                pid,
                "/api/v1/claims",
                claim_body(receipt_no),
                concurrency=concurrency,
                seconds=seconds,
            )
            show(f"POST /api/v1/claims [{db}]", figures)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--db", default="both")
    parser.add_argument("--levels", default="1,8,32", help="concurrency levels, e.g. 32")
    args = parser.parse_args()
    levels = tuple(int(x) for x in args.levels.split(","))
    if args.db in ("sqlite", "both"):
        run("sqlite", fresh_sqlite("claims_post"), args.seconds, levels)
    if args.db in ("postgresql", "both"):
        with postgres_database("bench_claims") as url:
            run("postgresql", url, args.seconds, levels)


if __name__ == "__main__":
    main()
