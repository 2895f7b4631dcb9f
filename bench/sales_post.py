"""POST /api/v1/sales with one line at concurrency 1, 8 and 32, on SQLite and PostgreSQL.

    python bench/sales_post.py [--seconds 20] [--db sqlite|postgresql|both]
"""

import argparse

from harness import fresh_sqlite, post_load, postgres_database, prepare_database, server, show

BODY = {
    "receipt_no": "B-{{n}}", "store": "S1", "counter": "S1-F2-C07",
    "sold_at": "2026-01-31T15:20:00+08:00", "staff": "staff",
    "customer": {"name": "张三", "phone": "13812345678"},
    "lines": [{"sku": "JK-1001", "name": "男士棉袄", "category": "apparel", "qty": 1,
               "tag_price": "1437.00", "paid": "1006.00"}],
}


def run(db: str, url: str, seconds: int) -> None:
    prepare_database(url)
    with server(url, workers=2) as (base, pid):
        for concurrency in (1, 8, 32):
            figures = post_load(base, pid, "/api/v1/sales", BODY, concurrency=concurrency,
                                seconds=seconds)
            show(f"POST /api/v1/sales [{db}]", figures)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--db", default="both")
    args = parser.parse_args()
    if args.db in ("sqlite", "both"):
        run("sqlite", fresh_sqlite("sales_post"), args.seconds)
    if args.db in ("postgresql", "both"):
        with postgres_database("bench_sales") as url:
            run("postgresql", url, args.seconds)


if __name__ == "__main__":
    main()
