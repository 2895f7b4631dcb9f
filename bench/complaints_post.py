"""POST /api/v1/complaints at concurrency 1, 8 and 32, on SQLite and PostgreSQL.

    python bench/complaints_post.py [--seconds 20] [--db sqlite|postgresql|both]

Each request registers a complaint exactly as the contract's example does: the deadlines are
computed on the working calendar, and the audit event and the outbox row (the tracking-code
SMS) are written in the same transaction.
"""

from harness import post_bench

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


if __name__ == "__main__":
    post_bench("complaints", "/api/v1/complaints", BODY)
